"""Messages that fit the command and the case: no workspace, a date that does not exist, a
period compared with itself, a plan that has no number yet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, write_tree
from typer.testing import CliRunner

from dvcq_cli.cli import app
from dvcq_cli.jsonschema import assessment_schema
from dvcq_cli.model import PLAN
from dvcq_cli.scaffold import assessment_text

runner = CliRunner()


def invoke(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> object:
    monkeypatch.chdir(folder)
    return runner.invoke(app, list(args))


# ---------------------------------------------------------------- no workspace
NO_WORKSPACE = "Error: no dvcq workspace here: no 'plans' folder in {folder} or above it. Run " \
               "dvcq in the folder that holds plans/ or below it"


@pytest.mark.parametrize("args", [
    ["status"], ["report", "-p", "9m"], ["schema"], ["new", "assessment", "-p", "6m", "--all"],
    ["new", "plan", "--year", "2026"]])
def test_commands_without_paths_do_not_offer_one(args: list[str], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(tmp_path, monkeypatch, *args)
    assert (result.exit_code, result.output) == (  # type: ignore[attr-defined]
        2, NO_WORKSPACE.format(folder=tmp_path.resolve()) + "\n")


def test_check_offers_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(tmp_path, monkeypatch, "check")
    assert (result.exit_code, result.output) == (  # type: ignore[attr-defined]
        2, NO_WORKSPACE.format(folder=tmp_path.resolve())
        + ", or give the path of a workspace's file or folder\n")


def test_a_path_given_outside_any_workspace(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"notes/x.yaml": "a: 1\n"})
    result = invoke(tmp_path, monkeypatch, "check", "notes/x.yaml")
    assert (result.exit_code, result.output) == (2, (  # type: ignore[attr-defined]
        f"Error: notes/x.yaml is not in a dvcq workspace: there is no 'plans' folder in "
        f"{(tmp_path / 'notes').resolve()} or above it\n"))


# ---------------------------------------------------------------- dates and periods
@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return write_tree(tmp_path, {
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
    })


@pytest.mark.parametrize(("value", "message"), [
    ("2025-02-30", "Error: '2025-02-30' is not a real date (year-month-day)"),
    ("2025-13-01", "Error: '2025-13-01' is not a real date (year-month-day)"),
    ("2024-02-29", None),  # a leap day is a real date
    ("30/02/2025", "Error: '30/02/2025' is not a date: write it as YYYY-MM-DD, e.g. 2024-09-15"),
    ("20250215", "Error: '20250215' is not a date: write it as YYYY-MM-DD, e.g. 2024-09-15"),
])
def test_report_date(value: str, message: str | None, workspace: Path,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(workspace, monkeypatch, "report", "-p", "6m", "--date", value,
                    "-o", "out.docx")
    if message is None:
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        return
    assert (result.exit_code, result.output) == (2, message + "\n")  # type: ignore[attr-defined]
    assert not (workspace / "out.docx").exists()


@pytest.mark.parametrize("args", [["-p", "6m", "-c", "6m"], ["-c", "6m"]])
def test_a_period_is_not_compared_with_itself(args: list[str], workspace: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`-c 6m` alone too: 6m is then the period shown, the last one that has files."""
    result = invoke(workspace, monkeypatch, "status", *args)
    assert (result.exit_code, result.output) == (2, (  # type: ignore[attr-defined]
        "Error: --compare 6m names the period shown: compare it with another period of the "
        "plan (q3)\n"))


# ---------------------------------------------------------------- a plan without a number
UNNUMBERED = MINI_PLAN.replace("  number: 12\n", "  number: null\n")


def test_an_unnumbered_plan_is_written_with_an_ellipsis(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`…/KH-SNV`, as an office writes a plan not yet numbered; never `/KH-SNV`."""
    write_tree(tmp_path, {"plans/2025/plan.yaml": UNNUMBERED,
                          "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp")})
    text = invoke(tmp_path, monkeypatch, "status", "-f", "text")
    assert text.output.splitlines()[0] == (  # type: ignore[attr-defined]
        "Target attainment: 6 tháng đầu năm 2025 (plan …/KH-SNV)")
    document = json.loads(invoke(tmp_path, monkeypatch, "status", "-f", "json")
                          .output)  # type: ignore[attr-defined]
    assert document["plan"] == "…/KH-SNV"
    created = invoke(tmp_path, monkeypatch, "new", "assessment", "-p", "q3", "-u", "vp")
    assert created.exit_code == 0, created.output  # type: ignore[attr-defined]
    header = (tmp_path / "plans/2025/q3/vp.yaml").read_text("utf-8").splitlines()[1:3]
    assert header == ["# Tự đánh giá kết quả thực hiện công tác Dân vận chính quyền quý III "
                      "năm 2025 — Văn phòng Sở (vp),", "#   theo Kế hoạch số …/KH-SNV."]


def test_plan_numbers_in_the_schema_and_the_new_file() -> None:
    from dvcq_cli.check import Context
    from dvcq_cli.loader import load_text

    for text, symbol in ((MINI_PLAN, "12/KH-SNV"), (UNNUMBERED, "…/KH-SNV")):
        plan = PLAN.build(load_text(text, "plan.yaml").root, Context("plan.yaml"))
        assert assessment_schema(plan)["title"] == (
            f"dvcq: tự đánh giá của đơn vị theo Kế hoạch số {symbol} năm 2025")
        assert f"theo Kế hoạch số {symbol}." in assessment_text(plan, "vp", "6m")


# ---------------------------------------------------------------- help placeholders
@pytest.mark.parametrize("command", [["new", "assessment"], ["new", "plan"], ["schema"],
                                     ["report"], ["form"], ["import"]])
def test_vietnamese_help_names_paths_in_vietnamese(command: list[str], tmp_path: Path) -> None:
    """Paths in help pages are written with Vietnamese placeholders (`plans/<năm>/<kỳ>/…`),
    as the top-level help does; no English `<year>` in a Vietnamese session."""
    env = {**os.environ, "COLUMNS": "200", "DVCQ_LANG": "vi"}
    result = subprocess.run([sys.executable, "-m", "dvcq_cli", *command, "--help"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, check=False)
    output = result.stdout
    assert result.returncode == 0, result.stderr
    assert "<năm>" in output
    assert not {"<year>", "<period>", "<unit>"} & set(output.replace("-", " ").replace(
        "/", " ").split())
