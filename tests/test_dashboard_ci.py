"""The CI recipes publish the dashboard, and a failing check publishes the last good data.

The recipes' own shell lines are read out of ci/ (never retyped here) and run with bash in a
real git repository: a clean commit publishes the data; a commit that breaks a file still
publishes (the line exits 0) the data of the commit before, under a note of the errors; a
dvcq that cannot run at all fails the line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from test_dashboard import commit_all, git

WORKFLOW = REPO / "ci/github-actions.yml"
PIPELINE = REPO / "ci/gitlab-ci.yml"
ON_THE_DEFAULT_BRANCH = ("!cancelled() && github.event_name == 'push' && github.ref_name == "
                         "github.event.repository.default_branch")


def github() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))  # type: ignore[no-any-return]


def gitlab() -> dict[str, Any]:
    return yaml.safe_load(PIPELINE.read_text("utf-8"))  # type: ignore[no-any-return]


def dashboard_lines() -> list[tuple[str, str, str]]:
    """(recipe, the shell line, the folder it publishes)."""
    steps = github()["jobs"]["check"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    build = next(s for s in steps if s.get("name") == "Build the dashboard")
    pages = gitlab()["pages"]
    return [("github", build["run"].strip(), upload["with"]["path"]),
            ("gitlab", pages["script"][0], pages["artifacts"]["paths"][0])]


def test_github_publishes_on_the_default_branch_even_after_a_failed_check() -> None:
    workflow = github()
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    names = [s.get("name", s.get("uses")) for s in steps]
    assert names.index("Check the plan and the self-assessments") < names.index(
        "Build the dashboard") < names.index("Keep the dashboard for GitHub Pages")
    for step in steps[-2:]:
        assert step["if"] == "${{ " + ON_THE_DEFAULT_BRANCH + " }}"
    deploy = workflow["jobs"]["dashboard"]
    assert deploy["needs"] == "check"
    assert deploy["if"] == "${{ " + ON_THE_DEFAULT_BRANCH + " }}"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"] == "actions/deploy-pages@v4"
    assert workflow["permissions"] == {"contents": "read"}


def test_gitlab_publishes_on_the_default_branch_even_after_a_failed_check() -> None:
    pipeline = gitlab()
    pages, check = pipeline["pages"], pipeline["dvcq-check"]
    assert pages["stage"] == "deploy"
    assert pages["variables"] == {**check["variables"], "GIT_DEPTH": "0"}
    assert pages["before_script"] == check["before_script"]
    (rule,) = pages["rules"]
    assert rule["if"] == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"
    assert rule["when"] == "always"
    assert pages["artifacts"] == {"paths": ["public"]}  # GitLab Pages publishes public/


def run_line(line: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """A recipe's shell line in bash, with this dvcq first on PATH."""
    scripts = Path(sys.executable).parent
    assert (scripts / "dvcq").exists()
    environment = {**os.environ, "PATH": f"{scripts}:/usr/bin:/bin", "DVCQ_LANG": "en"}
    return subprocess.run(["bash", "-e", "-c", line], cwd=folder, capture_output=True,
                          text=True, env=environment, timeout=300, check=False)


@pytest.mark.parametrize(("recipe", "line", "folder"), dashboard_lines(),
                         ids=["github", "gitlab"])
def test_the_recipe_line_publishes_the_last_good_data(recipe: str, line: str, folder: str,
                                                      tmp_path: Path) -> None:
    assert line == f"dvcq dashboard --last-good --output {folder} || test $? -eq 1"
    workspace = tmp_path / "plans-repository"
    (workspace / "plans").mkdir(parents=True)
    subprocess.run(["cp", "-r", str(REPO / "plans/2024"), str(REPO / "plans/criteria"),
                    str(workspace / "plans")], check=True)
    git(workspace, "init", "-q", "-b", "main")
    good = commit_all(workspace, "Số liệu 9 tháng", "2024-09-13")
    clean = run_line(line, workspace)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, f"wrote {folder}\n", "")
    page = (workspace / folder / "index.html").read_text("utf-8")
    assert 'class="banner"' not in page
    broken = workspace / "plans/2024/9m/hctc.yaml"
    broken.write_text(broken.read_text("utf-8").replace("qcdc: tot", "qcdc: tott"), "utf-8")
    bad = commit_all(workspace, "Sửa 9 tháng", "2024-09-16")
    failing = run_line(line, workspace)
    assert failing.returncode == 0, failing.stderr
    assert failing.stderr == ("note: 'dvcq check' finds 1 error(s); the pages say so at the "
                              "top\n")
    page = (workspace / folder / "index.html").read_text("utf-8")
    assert f"The latest commit, {bad[:8]} of 16/9/2024 (“Sửa 9 tháng”), has 1 error(s)." in page
    assert f"This page shows the data of commit {good[:8]} of 13/9/2024" in page
    # A dvcq that cannot run fails the line: nothing is published as if all were well.
    unusable = run_line(line.replace("--last-good", "--last-goood"), workspace)
    assert unusable.returncode == 1
    assert "no such option: --last-goood" in unusable.stderr
