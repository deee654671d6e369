"""The pre-commit hook and the CI recipes run real dvcq commands that catch a broken file.

Each command is read out of the shipped file (never retyped here) and run against a clean
workspace and a broken one: a clean run exits 0, a broken one exits 1 with the file and line;
an option the CLI does not accept would exit 2.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from conftest import REPO
from typer.testing import CliRunner

from dvcq_cli import reporters
from dvcq_cli.cli import app
from dvcq_cli.problems import Problem, Severity

runner = CliRunner()
BROKEN = "plans/2025/6m/tccb.yaml"
BROKEN_LOCATION = f"{BROKEN}:6:9"


def break_tccb(workspace: Path) -> Path:
    path = workspace / BROKEN
    path.write_text(path.read_text("utf-8").replace("qcdc: tot", "qcdc: tott"), "utf-8")
    return workspace


def dvcq_args(command: str) -> list[str]:
    """The arguments of a `dvcq …` shell line, up to the first redirection or operator."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words = []
    for word in lexer:
        if word and set(word) <= set("|&;<>()"):
            break
        words.append(word)
    assert words[0] == "dvcq", command
    return words[1:]


def run_in(folder: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> Any:
    monkeypatch.chdir(folder)
    return runner.invoke(app, args)


# ---------------------------------------------------------------- pre-commit
def hook() -> dict[str, Any]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [entry["id"] for entry in hooks] == ["dvcq-check"]
    return hooks[0]  # type: ignore[no-any-return]


def test_hook_declaration() -> None:
    entry = hook()
    assert (entry["language"], entry["files"], entry["pass_filenames"], entry["entry"]) == (
        "python", "^plans/", False, "dvcq check")
    assert re.search(entry["files"], "plans/2024/9m/hctc.yaml")
    assert not re.search(entry["files"], "README.md")
    assert not re.search(entry["files"], "docs/plans/x.yaml")


def test_hook_entry_catches_a_broken_file(mini_workspace: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    args = dvcq_args(hook()["entry"])
    clean = run_in(mini_workspace, monkeypatch, args)
    assert (clean.exit_code, clean.output) == (0, "3 file(s) checked: no problems\n")
    broken = run_in(break_tccb(mini_workspace), monkeypatch, args)
    assert broken.exit_code == 1
    assert broken.output.splitlines()[0].startswith(
        f"{BROKEN_LOCATION}: error: 'tott' is not one of: tot, kha, yeu")


def test_hook_entry_as_a_process(mini_workspace: Path) -> None:
    """What pre-commit runs: the entry as a command in the repository's root."""
    command = [sys.executable, "-m", "dvcq_cli", *dvcq_args(hook()["entry"])]
    env = {"DVCQ_LANG": "en", "PATH": "/usr/bin:/bin"}
    clean = subprocess.run(command, cwd=mini_workspace, capture_output=True, text=True,
                           env=env, check=False)
    assert (clean.returncode, clean.stdout) == (0, "3 file(s) checked: no problems\n")
    broken = subprocess.run(command, cwd=break_tccb(mini_workspace), capture_output=True,
                            text=True, env=env, check=False)
    assert broken.returncode == 1
    assert broken.stdout.startswith(f"{BROKEN_LOCATION}: error: ")


# ---------------------------------------------------------------- CI recipes
def github_commands() -> list[str]:
    workflow = yaml.safe_load((REPO / "ci/github-actions.yml").read_text("utf-8"))
    lines = [line.strip() for job in workflow["jobs"].values() for step in job["steps"]
             for line in step.get("run", "").splitlines()]
    return [line for line in lines if line.startswith("dvcq ")]


def gitlab_job() -> dict[str, Any]:
    pipeline = yaml.safe_load((REPO / "ci/gitlab-ci.yml").read_text("utf-8"))
    return pipeline["dvcq-check"]  # type: ignore[no-any-return]


def gitlab_commands() -> list[str]:
    job = gitlab_job()
    lines = [line.strip() for key in ("before_script", "script") for line in job.get(key, [])]
    return [line for line in lines if line.startswith("dvcq ")]


def check_commands() -> list[str]:
    """The recipes' `dvcq check` lines (the dashboard's are tested in test_dashboard_ci.py)."""
    return [c for c in github_commands() + gitlab_commands() if c.startswith("dvcq check")]


def test_recipes_contain_dvcq_commands() -> None:
    assert github_commands() == ["dvcq check --format github",
                                 "dvcq dashboard --last-good --output site || test $? -eq 1"]
    assert gitlab_commands() == ["dvcq check --format junit > dvcq-report.xml || true",
                                 "dvcq check --format text"]
    job = gitlab_job()
    assert job["artifacts"] == {"when": "always", "reports": {"junit": "dvcq-report.xml"}}


def github_install() -> tuple[str, str]:
    """The install step's script and the DVCQ_SOURCE the recipe ships with."""
    workflow = yaml.safe_load((REPO / "ci/github-actions.yml").read_text("utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]
             if step.get("name") == "Install dvcq"]
    assert len(steps) == 1
    return steps[0]["run"], workflow["env"]["DVCQ_SOURCE"]


def gitlab_install() -> tuple[str, str]:
    job = gitlab_job()
    return "\n".join(job["before_script"]), job["variables"]["DVCQ_SOURCE"]


def run_install(script: str, source: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The install script in bash, with a `python` that only records how it was called."""
    fake = tmp_path / "bin" / "python"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/python-args\n', "utf-8")
    fake.chmod(0o755)
    return subprocess.run(["bash", "-e", "-c", script], capture_output=True, text=True,
                          check=False, env={"DVCQ_SOURCE": source,
                                            "PATH": f"{fake.parent}:/usr/bin:/bin"})


@pytest.mark.parametrize("recipe", ["ci/github-actions.yml", "ci/gitlab-ci.yml"])
def test_the_readme_shows_the_recipes_as_they_are(recipe: str) -> None:
    text = (REPO / recipe).read_text("utf-8")
    assert f"```yaml\n{text}```\n" in (REPO / "README.md").read_text("utf-8")


@pytest.mark.parametrize("recipe", [github_install, gitlab_install])
def test_recipe_stops_while_the_example_source_is_left(recipe: Any, tmp_path: Path) -> None:
    script, shipped = recipe()
    assert shipped == "git+https://git.example.org/office/dvcq.git@v0.1.0"
    result = run_install(script, shipped, tmp_path)
    assert result.returncode == 1
    said = result.stdout + result.stderr
    assert "DVCQ_SOURCE still names the example server git.example.org" in said
    assert "git+https://<your git server>/<group>/dvcq.git@<tag>" in said
    assert not (tmp_path / "python-args").exists()
    if recipe is github_install:  # an annotation GitHub shows on the run's summary
        assert result.stdout.startswith("::error title=dvcq::DVCQ_SOURCE still names")


@pytest.mark.parametrize("recipe", [github_install, gitlab_install])
@pytest.mark.parametrize("source", ["git+https://git.vp.dongnai.gov.vn/hctc/dvcq.git@v0.1.0",
                                    "./tools/dvcq"])
def test_recipe_installs_from_the_source_given(recipe: Any, source: str,
                                               tmp_path: Path) -> None:
    script, _shipped = recipe()
    result = run_install(script, source, tmp_path)
    assert result.returncode == 0, result.stderr
    args = (tmp_path / "python-args").read_text("utf-8").split()
    assert args[:3] == ["-m", "pip", "install"] and args[-1] == source


@pytest.mark.parametrize("command", check_commands())
def test_recipe_commands_run(command: str, mini_workspace: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    args = dvcq_args(command)
    clean = run_in(mini_workspace, monkeypatch, args)
    assert clean.exit_code == 0, clean.output
    broken = run_in(break_tccb(mini_workspace), monkeypatch, args)
    assert broken.exit_code == 1, broken.output
    if "github" in args:
        assert broken.output.startswith(
            f"::error file={BROKEN},line=6,col=9,title=choice-invalid::'tott' is not one of")
    elif "junit" in args:
        suite = ElementTree.fromstring(broken.output).find("testsuite")
        assert suite is not None
        case = suite.find(f"testcase[@name='{BROKEN}']")
        assert case is not None
        failures = case.findall("failure")
        assert len(failures) == 1
        assert failures[0].get("message", "").startswith(f"{BROKEN_LOCATION}: error: ")
    else:
        assert broken.output.startswith(f"{BROKEN_LOCATION}: error: ")


@pytest.mark.parametrize("command", check_commands())
def test_recipe_commands_pass_on_the_example_workspace(command: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_in(REPO, monkeypatch, dvcq_args(command))
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- the JUnit reporter
def test_junit_report_exact() -> None:
    problems = [
        Problem("plans/2025/6m/vp.yaml", 0, 0, Severity.ERROR, "file-empty", "empty"),
        Problem("plans/2025/6m/vp.yaml", 6, 9, Severity.ERROR, "choice-invalid",
                "'a<b' & \x01 is not one of: tot"),
        Problem("plans/2025/6m/vp.yaml", 9, 11, Severity.WARNING, "date-outside-window",
                "outside"),
        Problem("plans/2025/q3/tccb.yaml", 3, 1, Severity.WARNING, "text-not-nfc", "nfd"),
    ]
    assert reporters.junit(problems, 4) == """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="dvcq check" tests="3" failures="1" errors="0">
  <testsuite name="dvcq check" tests="3" failures="1" errors="0" skipped="0">
    <testcase classname="dvcq check" name="plans/2025/6m/vp.yaml" file="plans/2025/6m/vp.yaml">
      <failure message="plans/2025/6m/vp.yaml: error: empty (file-empty)">plans/2025/6m/vp.yaml: \
error: empty (file-empty)</failure>
      <failure message="plans/2025/6m/vp.yaml:6:9: error: 'a&lt;b' &amp; \ufffd is not one of: \
tot (choice-invalid)">plans/2025/6m/vp.yaml:6:9: error: 'a&lt;b' &amp; \ufffd is not one of: tot \
(choice-invalid)</failure>
      <system-out>plans/2025/6m/vp.yaml:9:11: warning: outside (date-outside-window)</system-out>
    </testcase>
    <testcase classname="dvcq check" name="plans/2025/q3/tccb.yaml" file="plans/2025/q3/tccb.yaml">
      <system-out>plans/2025/q3/tccb.yaml:3:1: warning: nfd (text-not-nfc)</system-out>
    </testcase>
    <testcase classname="dvcq check" name="dvcq check">
      <system-out>4 file(s) checked: 2 error(s), 2 warning(s)</system-out>
    </testcase>
  </testsuite>
</testsuites>"""


def test_junit_report_of_a_clean_workspace_has_one_passed_test() -> None:
    root = ElementTree.fromstring(reporters.junit([], 30))
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    cases = root.findall("testsuite/testcase")
    assert [(case.get("name"), case.findtext("system-out")) for case in cases] == [
        ("dvcq check", "30 file(s) checked: no problems")]
    assert not root.findall(".//failure")


def test_junit_is_a_format_of_check() -> None:
    assert "junit" in reporters.FORMATS


# ---------------------------------------------------------------- shell completion
def test_shell_completion_script_is_shown() -> None:
    # dvcq asks which shell started it: start it from bash, whatever started the tests (a
    # terminal, nohup, setsid, a CI runner with no shell above). The second command keeps
    # bash from replacing itself with dvcq, so bash stays dvcq's parent.
    command = f"{shlex.quote(sys.executable)} -m dvcq_cli --show-completion; exit $?"
    env = {key: value for key, value in os.environ.items() if key != "SHELL"}
    done = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert "_DVCQ_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _dvcq_completion dvcq" in done.stdout
