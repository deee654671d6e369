"""`dvcq check` through the CLI: every option and every exit code."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLE_PLANS, REPO, snapshot_files, write_tree
from typer.testing import CliRunner

from dvcq_cli import __version__
from dvcq_cli.cli import app

runner = CliRunner()
BAD_CHOICE = "plans/2025/6m/tccb.yaml"


def break_tccb(workspace: Path) -> None:
    path = workspace / BAD_CHOICE
    path.write_text(path.read_text(encoding="utf-8").replace("qcdc: tot", "qcdc: tott"),
                    encoding="utf-8")


def test_example_workspace_is_clean(in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(REPO)
    result = runner.invoke(app, ["check", "--strict"])
    assert result.exit_code == 0, result.output
    assert result.output == "48 file(s) checked: no problems\n"


def test_example_workspace_is_never_modified(in_folder) -> None:  # type: ignore[no-untyped-def]
    before = snapshot_files(EXAMPLE_PLANS)
    in_folder(REPO)
    runner.invoke(app, ["check"])
    assert snapshot_files(EXAMPLE_PLANS) == before


def test_clean_exit_0(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(mini_workspace)
    result = runner.invoke(app, ["check"])
    assert (result.exit_code, result.output) == (0, "3 file(s) checked: no problems\n")


def test_problems_exit_1(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    break_tccb(mini_workspace)
    in_folder(mini_workspace)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "plans/2025/6m/tccb.yaml:6:9: error: 'tott' is not one of: tot, kha, yeu; "
        "did you mean 'tot'? (choice-invalid)",
        "3 file(s) checked: 1 error(s), 0 warning(s)",
    ]


def test_found_from_a_subfolder(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    break_tccb(mini_workspace)
    in_folder(mini_workspace / "plans" / "2025" / "6m")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert result.output.startswith("tccb.yaml:6:9: error:")


def test_warnings_pass_unless_strict(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    write_tree(mini_workspace, {"plans/notes.yaml": "a: 1\n"})
    in_folder(mini_workspace)
    assert runner.invoke(app, ["check"]).exit_code == 0
    strict = runner.invoke(app, ["check", "--strict"])
    assert strict.exit_code == 1
    assert "(file-unexpected)" in strict.output


def test_paths_limit_the_output(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    break_tccb(mini_workspace)
    in_folder(mini_workspace)
    only_vp = runner.invoke(app, ["check", "plans/2025/6m/vp.yaml"])
    assert (only_vp.exit_code, only_vp.stdout) == (0, "1 file(s) checked: no problems\n")
    # The problems of other files are neither shown nor counted, but they are mentioned.
    assert only_vp.stderr == (
        "note: 1 error(s) and 0 warning(s) in other files of the workspace are not shown; run "
        "'dvcq check' on the whole workspace to see them\n")
    only_tccb = runner.invoke(app, ["check", BAD_CHOICE])
    assert only_tccb.exit_code == 1
    assert only_tccb.stdout.startswith(BAD_CHOICE + ":6:9:")
    assert only_tccb.stderr == ""
    folder = runner.invoke(app, ["check", "plans/2025/6m"])
    assert folder.exit_code == 1
    assert folder.stdout.endswith("\n2 file(s) checked: 1 error(s), 0 warning(s)\n")


def test_a_folder_counts_only_its_own_files(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    """`dvcq check plans/2025/q3` with an error in 6m: 'no problems' in q3's one file, and a
    note that the workspace has problems elsewhere; the exit code is q3's."""
    break_tccb(mini_workspace)
    write_tree(mini_workspace, {"plans/2025/q3/vp.yaml": (mini_workspace / "plans/2025/6m/vp.yaml")
                                .read_text("utf-8").replace("period: 6m", "period: q3")
                                .replace("2025-03-04", "2025-08-04")})
    in_folder(mini_workspace / "plans" / "2025" / "6m")
    result = runner.invoke(app, ["check", "../q3"])
    assert (result.exit_code, result.stdout) == (0, "1 file(s) checked: no problems\n")
    assert result.stderr.startswith("note: 1 error(s) and 0 warning(s) in other files")
    whole = runner.invoke(app, ["check", "../.."])
    assert whole.exit_code == 1
    assert whole.stdout.endswith("\n4 file(s) checked: 1 error(s), 0 warning(s)\n")
    assert whole.stderr == ""


def test_a_path_outside_any_workspace(tmp_path: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(tmp_path)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: no dvcq workspace here")


def test_a_missing_path_is_a_usage_error(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(mini_workspace)
    result = runner.invoke(app, ["check", "plans/2025/6m/nope.yaml"])
    assert result.exit_code == 2
    assert result.output == "Error: no such file or folder: plans/2025/6m/nope.yaml\n"


def test_unknown_option_is_a_usage_error(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(mini_workspace)
    result = runner.invoke(app, ["check", "--stric"])
    assert (result.exit_code, result.stderr) == (2, (
        "Error: no such option: --stric; did you mean --strict? (see 'dvcq check --help')\n"))


def test_unknown_format_is_a_usage_error(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(mini_workspace)
    result = runner.invoke(app, ["check", "--format", "xml"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: invalid value for --format / -f: 'xml' is not one of: auto, full, text, json, "
        "github, junit (see 'dvcq check --help')\n")


def test_json_format(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    break_tccb(mini_workspace)
    in_folder(mini_workspace)
    result = runner.invoke(app, ["check", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "files_checked": 3, "errors": 1, "warnings": 0,
        "problems": [{
            "path": BAD_CHOICE, "line": 6, "column": 9, "severity": "error",
            "code": "choice-invalid",
            "message": "'tott' is not one of: tot, kha, yeu; did you mean 'tot'?",
            "fixable": False,
        }],
    }


def test_github_format_and_auto(mini_workspace: Path, in_folder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    break_tccb(mini_workspace)
    in_folder(mini_workspace)
    expected = ("::error file=plans/2025/6m/tccb.yaml,line=6,col=9,title=choice-invalid::"
                "'tott' is not one of: tot, kha, yeu; did you mean 'tot'?")
    explicit = runner.invoke(app, ["check", "--format", "github"])
    assert explicit.output.splitlines()[0] == expected
    assert runner.invoke(app, ["check"]).output.splitlines()[0] != expected
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert runner.invoke(app, ["check"]).output.splitlines()[0] == expected


def test_max_file_size_option(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(mini_workspace)
    result = runner.invoke(app, ["check", "--max-file-size", "100"])
    assert result.exit_code == 1
    assert "(file-too-large)" in result.output
    assert runner.invoke(app, ["check", "--max-file-size", "0"]).exit_code == 2


def test_max_depth_option(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(mini_workspace)
    # The mini plan nests six levels: targets, a target, measure, share_of_units, a value.
    result = runner.invoke(app, ["check", "--max-depth", "5"])
    assert result.exit_code == 1
    assert ("plans/2025/plan.yaml:20:24: error: nesting is deeper than 5 levels; make the file "
            "flatter, or raise the limit with --max-depth (yaml-too-deep)") in result.output
    assert runner.invoke(app, ["check", "--max-depth", "6"]).exit_code == 0


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).output == f"dvcq {__version__}\n"
    help_text = runner.invoke(app, ["check", "--help"]).output
    for option in ("--format", "--strict", "--max-file-size", "--max-depth"):
        assert option in help_text


def test_english_and_vietnamese_language_option(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(mini_workspace)
    assert runner.invoke(app, ["--lang", "xx", "check"]).exit_code == 2
    assert runner.invoke(app, ["--lang", "en", "check"]).exit_code == 0


def test_run_defaults_to_the_settings_limit_of_files(tmp_path: Path) -> None:
    """`check_command.run` without `max_files` uses the default limit (a class's field
    read on the class is its accessor, not its default)."""
    from dvcq_cli.commands import check_command

    (tmp_path / "plans").mkdir()
    outcome = check_command.run([], tmp_path, 5 * 1024 * 1024, 64)
    assert outcome.files_checked == 0
    assert check_command.settings_for(1, 2).max_files == 100_000
