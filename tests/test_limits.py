"""The three limits (file size, nesting depth, number of files), each at and past its bound.

Defaults: 5 MiB a file (`--max-file-size`), 64 levels (`--max-depth`), 100,000 YAML files
(`--max-files`). A file past the size limit is refused from its size alone, so a 50 MB
file costs no memory; nesting is refused while the YAML events stream by, before any tree
is built; an alias bomb is refused at its first anchor.
"""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, write_tree
from test_bad_inputs import billion_laughs, write_huge
from typer.testing import CliRunner

from dvcq_cli import loader
from dvcq_cli.check import Settings, check_workspace
from dvcq_cli.cli import app
from dvcq_cli.loader import DEFAULT_LIMITS, Limits, load_file, load_text

runner = CliRunner()
MIB = 1024 * 1024


def codes(problems: list) -> list[tuple[int, int, str]]:  # type: ignore[type-arg]
    return [(p.line, p.column, p.code) for p in problems]


def check_json(workspace: Path, *options: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    before = Path.cwd()
    os.chdir(workspace)
    try:
        result = runner.invoke(app, ["check", "--format", "json", *options])
    finally:
        os.chdir(before)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, json.loads(result.stdout)


def test_defaults() -> None:
    assert DEFAULT_LIMITS == Limits(max_file_bytes=5 * MIB, max_depth=64)
    assert Settings().max_files == 100_000
    assert Settings().limits == DEFAULT_LIMITS


def test_cli_defaults_are_the_library_defaults() -> None:
    result = runner.invoke(app, ["check", "--help"], terminal_width=200)
    lines = {line.split()[0]: line for line in result.output.splitlines()
             if line.strip().startswith("--max-")}
    assert lines["--max-file-size"].endswith(
        f"Largest YAML file read, in bytes.  [default: {DEFAULT_LIMITS.max_file_bytes}; 1 or "
        "more]")
    assert lines["--max-depth"].endswith(
        f"Deepest nesting of a YAML file.  [default: {DEFAULT_LIMITS.max_depth}; from 2 to "
        "1000]")
    assert lines["--max-files"].endswith(
        f"Most YAML files read under plans/.  [default: {Settings().max_files}; 1 or more]")


# ------------------------------------------------------------------------- file size


def sized_file(folder: Path, size: int) -> Path:
    """A valid one-key YAML file of exactly `size` bytes (a comment pads it)."""
    head = b"unit: vp\n#"
    path = folder / "sized.yaml"
    path.write_bytes(head + b"x" * (size - len(head) - 1) + b"\n")
    assert path.stat().st_size == size
    return path


@pytest.mark.parametrize(("size", "limit", "refused"), [
    (1000, 1000, False),  # at the limit: read
    (1001, 1000, True),   # one byte past it: refused
])
def test_file_size_limit(tmp_path: Path, size: int, limit: int, refused: bool) -> None:
    loaded = load_file(sized_file(tmp_path, size), "sized.yaml", Limits(max_file_bytes=limit))
    if refused:
        assert codes(loaded.problems) == [(0, 0, "file-too-large")]
        assert loaded.problems[0].message == (
            f"file is {size} bytes, more than the limit of {limit} bytes; split it, or raise "
            "the limit with --max-file-size")
        assert loaded.root is None
    else:
        assert loaded.problems == []
        assert loaded.root is not None


class _GrowingFile(type(Path())):  # type: ignore[misc]
    """A file that stat() says is small but that holds more by the time it is read."""

    def stat(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        real = super().stat(*args, **kwargs)
        return os.stat_result((real.st_mode, *real[1:6], 10, *real[7:]))


def test_file_that_grows_after_stat_is_refused_past_the_limit(tmp_path: Path) -> None:
    path = sized_file(tmp_path, 2000)
    loaded = load_file(_GrowingFile(path), "sized.yaml", Limits(max_file_bytes=1000))
    assert codes(loaded.problems) == [(0, 0, "file-too-large")]
    assert "--max-file-size" in loaded.problems[0].message


def test_file_size_option_at_and_past_the_boundary(tmp_path: Path) -> None:
    assessment = MINI_ASSESSMENT.format(unit="vp").encode()
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN, "plans/2025/6m/vp.yaml": assessment})
    largest = len(MINI_PLAN.encode())  # the plan is the larger file
    exit_code, output = check_json(tmp_path, "--max-file-size", str(largest))
    assert (exit_code, output["problems"]) == (0, [])
    exit_code, output = check_json(tmp_path, "--max-file-size", str(largest - 1))
    assert exit_code == 1
    assert [(p["path"], p["code"]) for p in output["problems"]] == [
        ("plans/2025/plan.yaml", "file-too-large")]


def test_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN})
    huge = tmp_path / "plans/2025/6m/vp.yaml"
    huge.parent.mkdir()
    write_huge(huge, 50 * MIB)
    tracemalloc.start()
    try:
        result = check_workspace(tmp_path, tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert codes(result.problems) == [(0, 0, "file-too-large")]
    assert peak < MIB  # the plan and its tree; nothing of the 50 MB file


def test_5_mib_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    write_huge(path, DEFAULT_LIMITS.max_file_bytes)
    loaded = load_file(path, "big.yaml")
    assert loaded.problems == []
    assert loaded.root is not None


# ----------------------------------------------------------------------- nesting depth


def flow(depth: int) -> str:
    """A mapping (depth 1) whose value opens depth - 2 lists around a scalar: `depth` levels."""
    return "k: " + "[" * (depth - 2) + "x" + "]" * (depth - 2) + "\n"


def block(depth: int) -> str:
    """The same depth in block style: `- - - x` under `k:`."""
    return "k:\n" + "- " * (depth - 2) + "x\n" if depth > 2 else "k: x\n"


@pytest.mark.parametrize(("text", "at_0", "at_1"), [
    ("{}\n", (1, 1), None), ("[]\n", (1, 1), None), ("x\n", (1, 1), None),
    ("a: 1\n", (1, 1), (1, 1)), ("- 1\n", (1, 1), (1, 3)),
])
def test_depth_limits_under_two_through_the_library(
        text: str, at_0: tuple[int, int], at_1: tuple[int, int] | None) -> None:
    # The CLI takes 2 or more; the library any limit. The document is level 1 and each node
    # inside one level more: a limit of 0 refuses any document, 1 only an empty collection or
    # a lone value; the place is the first node past the limit.
    def too_deep(limit: int) -> list[tuple[int, int]]:
        loaded = load_text(text, "d.yaml", Limits(max_depth=limit))
        assert {p.code for p in loaded.problems} <= {"yaml-too-deep"}
        # A file too deep is not used at all: no tree for the checks after it.
        assert (loaded.root is None) == bool(loaded.problems)
        return [(p.line, p.column) for p in loaded.problems]

    assert too_deep(0) == [at_0]
    assert too_deep(1) == ([at_1] if at_1 else [])
    assert too_deep(2) == []


@pytest.mark.parametrize("style", [flow, block])
@pytest.mark.parametrize("through_events", [False, True])
@pytest.mark.parametrize("limit", [2, 5, 64, 1000])
def test_depth_limit(style, through_events: bool, limit: int) -> None:  # type: ignore[no-untyped-def]
    # A '!' in a comment makes the loader read the event stream first (it checks anchors,
    # tags and depth there); without one, the depth is checked on the composed tree. Both
    # must agree on where the limit is passed.
    extra = "# !\n" if through_events else ""
    at_limit = load_text(extra + style(limit), "d.yaml", Limits(max_depth=limit))
    assert at_limit.problems == []
    past = load_text(extra + style(limit + 1), "d.yaml", Limits(max_depth=limit))
    assert [p.code for p in past.problems] == ["yaml-too-deep"]
    assert past.problems[0].message == (
        f"nesting is deeper than {limit} levels; make the file flatter, or raise the limit "
        "with --max-depth")
    # The place is the first node past the limit: the innermost scalar of this file.
    line = (1 if style is flow else 2) + (1 if through_events else 0)
    column = len("k: ") + (limit - 1) + 1 if style is flow else 2 * (limit - 1) + 1
    assert (past.problems[0].line, past.problems[0].column) == (line, column)
    assert past.root is None


def test_depth_past_libyaml_bound_on_one_line() -> None:
    # 1,001 '[' on one line: the YAML scanner stops before any event; the place is where
    # it stopped, and the message gives dvcq's limit.
    loaded = load_text("k: " + "[" * 1001 + "]" * 1001 + "\n", "d.yaml")
    assert codes(loaded.problems) == [(1, 1003, "yaml-too-deep")]
    assert "deeper than 64 levels" in loaded.problems[0].message


def test_depth_option_at_and_past_the_boundary(tmp_path: Path) -> None:
    # The mini plan is 6 levels deep: targets, a target, measure, share_of_units, its keys.
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN})
    exit_code, output = check_json(tmp_path, "--max-depth", "6")
    assert (exit_code, output["problems"]) == (0, [])
    exit_code, output = check_json(tmp_path, "--max-depth", "5")
    assert exit_code == 1
    assert [(p["path"], p["line"], p["column"], p["code"]) for p in output["problems"]] == [
        ("plans/2025/plan.yaml", 20, 24, "yaml-too-deep")]


# ------------------------------------------------------------------------ aliases


def test_billion_laughs_is_refused_in_bounded_memory() -> None:
    tracemalloc.start()
    try:
        loaded = load_text(billion_laughs().decode(), "lol.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert codes(loaded.problems) == [(2, 7, "yaml-anchor")]
    assert loaded.root is None
    assert peak < MIB


# ---------------------------------------------------------------------- number of files


def many_files(root: Path, assessments: int) -> None:
    files: dict[str, str | bytes] = {"plans/2025/plan.yaml": MINI_PLAN}
    for number in range(assessments):
        files[f"plans/2025/6m/u{number:03d}.yaml"] = "x: 1\n"
    write_tree(root, files)


def test_files_limit_at_and_past_the_boundary(tmp_path: Path) -> None:
    many_files(tmp_path, 9)  # 10 YAML files with the plan
    at_limit = check_workspace(tmp_path, tmp_path, Settings(max_files=10))
    assert "too-many-files" not in [p.code for p in at_limit.problems]
    assert at_limit.files_checked == 10
    past = check_workspace(tmp_path, tmp_path, Settings(max_files=9))
    assert [(p.path, p.line, p.column, p.code) for p in past.problems
            if p.code == "too-many-files"] == [("plans", 0, 0, "too-many-files")]
    assert past.files_checked == 9
    message = next(p.message for p in past.problems if p.code == "too-many-files")
    assert message == ("more than 9 YAML files; only the first 9 were checked. Remove the "
                       "files that do not belong here, or raise the limit with --max-files")


def test_files_option(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
        "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
    })
    exit_code, output = check_json(tmp_path, "--max-files", "3")
    assert (exit_code, output["files_checked"], output["problems"]) == (0, 3, [])
    exit_code, output = check_json(tmp_path, "--max-files", "2")
    assert (exit_code, output["files_checked"]) == (1, 2)
    assert [(p["path"], p["code"]) for p in output["problems"]] == [("plans", "too-many-files")]


@pytest.mark.parametrize("option", ["--max-files", "--max-file-size", "--max-depth"])
def test_limit_options_refuse_values_below_their_range(tmp_path: Path, option: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN})
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", option, "0"])
    assert result.exit_code == 2


def test_limits_reach_the_loader_through_settings(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Limits] = []
    real = loader.load_bytes

    # Every file's bytes go through load_bytes, read by the loader or by the cache.
    def spy(data: bytes, display: str, limits: Limits = DEFAULT_LIMITS,
            report: object = None, defer_dialect: bool = False) -> loader.LoadedFile:
        seen.append(limits)
        return real(data, display, limits, report, defer_dialect)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_bytes", spy)
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN})
    check_json(tmp_path, "--max-file-size", "123456", "--max-depth", "9")
    assert seen == [Limits(max_file_bytes=123456, max_depth=9)]


@pytest.mark.parametrize(("length", "refused"), [(20_000, False), (20_001, True)])
def test_text_length_limit(tmp_path: Path, length: int, refused: bool) -> None:
    """One text value holds at most 20,000 characters; past that, the message gives the
    length and what to do."""
    note = "Họp giao ban. " * (length // 14) + "x" * (length % 14)
    assert len(note) == length
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN,
                          "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp")
                          + f"note: {note.strip()}{'x' if note.endswith(' ') else ''}\n"})
    problems = check_workspace(tmp_path, tmp_path, Settings(jobs=1)).problems
    expected = [(11, 7, "value-invalid", (
        "this text has 20001 characters, more than the 20000 one value may hold; shorten it, "
        "or split it over several activities or list items"))] if refused else []
    assert [(p.line, p.column, p.code, p.message) for p in problems] == expected
