"""Shell completion offers values from the workspace, through the real completion protocol.

Each case runs dvcq as the shell runs it on TAB: a process with `_DVCQ_COMPLETE` and the
words typed so far (bash: `COMP_WORDS`/`COMP_CWORD`; zsh and fish: `_TYPER_COMPLETE_ARGS`),
in a folder of the workspace, and reads what it offers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, write_tree


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return write_tree(tmp_path, {
        "plans/2024/plan.yaml": MINI_PLAN.replace("year: 2025", "year: 2024")
        .replace("2025-", "2024-").replace("năm 2025", "năm 2024")
        .replace("{id: vp, name: Văn phòng Sở}", "{id: thanh_tra, name: Thanh tra Sở}")
        .replace("prepared_by: vp", "prepared_by: thanh_tra"),
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
    })


def bash(line: str, cwd: Path) -> list[str]:
    """What bash offers for `line` (the cursor at its end; a final space starts a word)."""
    words = line.split()
    current = len(words) if line.endswith(" ") else len(words) - 1
    result = subprocess.run(
        [sys.executable, "-m", "dvcq_cli"], cwd=cwd, capture_output=True, text=True,
        check=True, env={"_DVCQ_COMPLETE": "complete_bash", "COMP_WORDS": line,
                         "COMP_CWORD": str(current), "PATH": "/usr/bin:/bin",
                         "HOME": str(cwd), "DVCQ_LANG": "vi"})
    assert result.stderr == ""
    # bash splits the output at new lines: an empty output, or a lone new line, is nothing.
    return [word for word in result.stdout.split("\n") if word]


@pytest.mark.parametrize(("line", "offered"), [
    ("dvcq status -p ", ["6m", "q3"]),
    ("dvcq status --period q", ["q3"]),
    ("dvcq status -p 6m --compare ", ["6m", "q3"]),
    ("dvcq report --period ", ["6m", "q3"]),
    ("dvcq new assessment --period ", ["6m", "q3"]),
    ("dvcq new assessment --unit ", ["vp", "tccb", "ccvt"]),
    ("dvcq new assessment -u t", ["tccb"]),
    ("dvcq status --year ", ["2024", "2025"]),
    ("dvcq report -p 6m -y 202", ["2024", "2025"]),
    ("dvcq schema --year ", ["2024", "2025"]),
    ("dvcq new plan --year ", ["2026"]),
    ("dvcq new plan --year 2026 --from ", ["2024", "2025"]),
    ("dvcq check --format ", ["auto", "text", "json", "github", "junit"]),
    ("dvcq check -f j", ["json", "junit"]),
    ("dvcq status -f ", ["auto", "text", "json"]),
    ("dvcq --lang ", ["vi", "en"]),
    ("dvcq sta", ["status"]),
])
def test_bash_completes_values_from_the_workspace(line: str, offered: list[str],
                                                  workspace: Path) -> None:
    assert bash(line, workspace) == offered


def test_a_year_given_first_chooses_the_plan(workspace: Path) -> None:
    assert bash("dvcq new assessment --year 2024 --unit ", workspace) == [
        "thanh_tra", "tccb", "ccvt"]
    assert bash("dvcq new assessment -u ", workspace) == ["vp", "tccb", "ccvt"]


def test_found_from_a_folder_inside_the_workspace(workspace: Path) -> None:
    assert bash("dvcq status -p ", workspace / "plans" / "2025" / "6m") == ["6m", "q3"]


@pytest.mark.parametrize("line", ["dvcq check pl", "dvcq report -p 6m --output ",
                                  "dvcq report -p 6m -t re", "dvcq schema -o "])
def test_paths_are_left_to_the_shell(line: str, workspace: Path) -> None:
    """Nothing offered: bash's `complete -o default` then offers the files."""
    assert bash(line, workspace) == []


def test_outside_a_workspace_nothing_is_offered(tmp_path: Path) -> None:
    assert bash("dvcq status -p ", tmp_path) == []


def test_a_broken_plan_offers_nothing_and_prints_nothing(workspace: Path) -> None:
    (workspace / "plans/2025/plan.yaml").write_text("periods: [", "utf-8")
    assert bash("dvcq status -p ", workspace) == []


def test_zsh_and_fish_show_the_labels(workspace: Path) -> None:
    def run(shell: str) -> str:
        env = {"_DVCQ_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": "dvcq status -p ",
               "_TYPER_COMPLETE_FISH_ACTION": "get-args", "PATH": "/usr/bin:/bin"}
        return subprocess.run([sys.executable, "-m", "dvcq_cli"], cwd=workspace, env=env,
                              capture_output=True, text=True, check=True).stdout

    assert run("zsh") == ("_arguments '*: :((\"6m\":\"6 tháng đầu năm 2025\"\n"
                          "\"q3\":\"quý III năm 2025\"))'\n")
    assert run("fish") == "6m\t6 tháng đầu năm 2025\nq3\tquý III năm 2025\n"
