"""`dvcq status` through the command line: every option, the outputs and the exit codes."""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, snapshot_files, write_tree
from typer.testing import CliRunner

from dvcq_cli import cli, i18n, loader
from dvcq_cli.cli import app
from dvcq_cli.commands import status_command
from dvcq_cli.views.status_rich import render_rich
from dvcq_cli.views.status_text import status_word

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*m")

Q3_ASSESSMENT = """\
unit: {unit}
period: q3
submitted: 2025-09-10
indicators:
  dan_van_kheo: {dvk}
  qcdc: {qcdc}
"""

MINI_TEXT = """\
Target attainment: 6 tháng đầu năm 2025 (plan 12/KH-SNV)
Data window 15/12/2024 – 14/6/2025

#  Target        Required  Result     Rate   Status
1  Dân vận khéo  ≥ 75%     2/3 units  66,7%  not met
2  QCDC tốt      > 50%     2/3 units  66,7%  met

2 of 3 unit(s) submitted, 0 late, 1 without a usable assessment
Unit                       Submission     Submitted on
Chi cục Văn thư – Lưu trữ  not submitted  —
Phòng Tổ chức cán bộ       on time        10/6/2025
Văn phòng Sở               on time        10/6/2025

To chase up:
- Dân vận khéo: no usable assessment: Chi cục Văn thư – Lưu trữ
- QCDC tốt: no usable assessment: Chi cục Văn thư – Lưu trữ
"""


def run(folder: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.chdir(folder)
    return runner.invoke(app, ["status", *args])


@pytest.fixture
def two_periods(tmp_path: Path) -> Path:
    """6m: vp and tccb (both Dân vận khéo, QCDC tốt). q3: all three, vp slips to khá."""
    return write_tree(tmp_path, {
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
        "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
        "plans/2025/q3/vp.yaml": Q3_ASSESSMENT.format(unit="vp", dvk="true", qcdc="kha"),
        "plans/2025/q3/tccb.yaml": Q3_ASSESSMENT.format(unit="tccb", dvk="true", qcdc="tot"),
        "plans/2025/q3/ccvt.yaml": Q3_ASSESSMENT.format(unit="ccvt", dvk="true", qcdc="tot"),
    })


# ------------------------------------------------------------------ text
def test_text_output(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(mini_workspace, "--period", "6m", "--format", "text", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stdout == MINI_TEXT


def test_auto_is_plain_text_when_not_a_terminal(mini_workspace: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(mini_workspace, "-p", "6m", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stdout == MINI_TEXT


def test_text_has_no_colour_even_on_a_terminal(mini_workspace: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(status_command, "_stdout_is_terminal", lambda: True)
    result = run(mini_workspace, "-p", "6m", "-f", "text", monkeypatch=monkeypatch)
    assert result.stdout == MINI_TEXT
    assert "\x1b" not in result.stdout


def test_auto_on_a_terminal_is_a_coloured_table(mini_workspace: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(status_command, "_stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "90")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = run(mini_workspace, "-p", "6m", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "\x1b[31mnot met" in result.stdout  # red
    assert "\x1b[32mmet" in result.stdout  # green
    assert "\x1b[31mnot submitted" in result.stdout
    plain = ANSI.sub("", result.stdout)
    assert "│ 1 │ Dân vận khéo │ ≥ 75%    │ 2/3 units │ 66,7% │ not met │" in plain
    assert "│ 2 │ QCDC tốt     │ > 50%    │ 2/3 units │ 66,7% │ met     │" in plain
    assert "│ Chi cục Văn thư – Lưu trữ │ not submitted │ —            │" in plain
    assert "- Dân vận khéo: no usable assessment: Chi cục Văn thư – Lưu trữ" in plain
    assert max(len(line) for line in plain.splitlines()) <= 90


def test_rich_wraps_to_the_width_it_is_given(two_periods: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(two_periods)
    outcome = status_command.gather(two_periods, "q3", None, "6m")
    for width in (60, 120):
        plain = ANSI.sub("", render_rich(outcome, width=width))
        assert max(len(line) for line in plain.splitlines()) <= width
        assert "Change from 6 tháng đầu năm 2025:" in plain
        assert "Units that fell back:" in plain


def test_status_words_go_through_the_catalog(mini_workspace: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    vietnamese = {"met": "đạt", "not met": "chưa đạt", "Status": "Đánh giá",
                  "not submitted": "chưa nộp"}

    class Catalog(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return vietnamese.get(message, message)

    def install(language: str) -> None:
        monkeypatch.setattr(i18n, "_translation", Catalog())

    monkeypatch.setattr(cli, "set_language", install)
    result = run(mini_workspace, "-p", "6m", "-f", "text", monkeypatch=monkeypatch)
    lines = result.stdout.splitlines()
    assert lines[3] == "#  Target        Required  Result     Rate   Đánh giá"
    assert lines[4] == "1  Dân vận khéo  ≥ 75%     2/3 units  66,7%  chưa đạt"
    assert lines[5] == "2  QCDC tốt      > 50%     2/3 units  66,7%  đạt"
    assert lines[9] == "Chi cục Văn thư – Lưu trữ  chưa nộp    —"


def test_the_status_word_for_missing_data() -> None:
    assert status_word("no_data") == "insufficient data"


# ------------------------------------------------------------------ json
def test_json_shape(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(mini_workspace, "-p", "6m", "-f", "json", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["format_version", "year", "plan", "period", "summary",
                              "targets", "units", "left_out", "warnings", "compare",
                              "models"]
    assert document["models"] is None  # the year has no models.yaml
    assert document["format_version"] == 2
    assert (document["year"], document["plan"]) == (2025, "12/KH-SNV")
    assert document["period"] == {"id": "6m", "label": "6 tháng đầu năm 2025",
                                  "from": "2024-12-15", "to": "2025-06-14",
                                  "submit_by": None, "report_by": None}
    assert document["summary"] == {"units": 3, "submitted": 2, "late": 0, "missing": 1,
                                   "rejected": 0, "targets_met": 1, "targets_not_met": 1,
                                   "targets_no_data": 0, "targets_not_due": 0}
    assert document["targets"][0] == {
        "id": "dvk", "short": "Dân vận khéo", "measure": "share_of_units",
        "applies_to": None, "periods": [], "status": "not_met", "reason": None,
        "comparison": "at_least", "threshold": "3/4",
        "threshold_percent": "75%", "numerator": "2", "denominator": "3",
        "denominator_basis": "all_units", "value": "2/3", "rate": "66,7%",
        "meeting": ["tccb", "vp"], "not_meeting": [], "missing": ["ccvt"],
        "not_applicable": [], "evidence": []}
    assert document["targets"][1]["status"] == "met"
    assert document["targets"][1]["comparison"] == "more_than"
    assert document["units"] == [
        {"id": "ccvt", "name": "Chi cục Văn thư – Lưu trữ", "state": "missing",
         "submitted": None},
        {"id": "tccb", "name": "Phòng Tổ chức cán bộ", "state": "submitted",
         "submitted": "2025-06-10"},
        {"id": "vp", "name": "Văn phòng Sở", "state": "submitted", "submitted": "2025-06-10"}]
    assert (document["left_out"], document["warnings"], document["compare"]) == ([], 0, None)


def test_json_evidence_and_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = MINI_PLAN.replace("targets:\n", """targets:
  - id: hoat_dong
    text: Ít nhất 2 hoạt động công khai
    short: Công khai
    measure:
      count_of_activities: {tasks: ["2"]}
    at_least: 2
""", 1)
    write_tree(tmp_path, {"plans/2025/plan.yaml": plan,
                          "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp")})
    result = run(tmp_path, "-p", "6m", "-f", "json", monkeypatch=monkeypatch)
    target = json.loads(result.stdout)["targets"][0]
    assert {key: target[key] for key in ("id", "status", "threshold", "threshold_percent",
                                         "numerator", "denominator", "denominator_basis",
                                         "value", "rate", "meeting", "not_meeting",
                                         "missing")} == {
        "id": "hoat_dong", "status": "not_met", "threshold": "2", "threshold_percent": None,
        "numerator": "1", "denominator": None, "denominator_basis": "all_units", "value": "1",
        "rate": None, "meeting": ["vp"], "not_meeting": [], "missing": ["ccvt", "tccb"]}
    assert target["evidence"] == [{"unit": "vp", "date": "2025-03-04", "task": "2.a",
                                   "kind": None, "item": None, "model": None,
                                   "text": "Công khai dự toán ngân sách năm 2025"}]


# ------------------------------------------------------------------ --compare
def test_compare_text(two_periods: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(two_periods, "-p", "q3", "--compare", "6m", "-f", "text",
                 monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    tail = result.stdout.split("Change from", 1)[1]
    assert tail == """ 6 tháng đầu năm 2025:
#  Target        6m                         q3                     Trend
1  Dân vận khéo  2/3 units 66,7% (not met)  3/3 units 100% (met)   better
2  QCDC tốt      2/3 units 66,7% (met)      2/3 units 66,7% (met)  unchanged
Units that improved:
- Chi cục Văn thư – Lưu trữ: Dân vận khéo (no assessment → yes); QCDC tốt (no assessment → Tốt)
Units that fell back:
- Văn phòng Sở: QCDC tốt (Tốt → Khá)
"""


def test_compare_json(two_periods: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(two_periods, "-p", "q3", "-c", "6m", "-f", "json", monkeypatch=monkeypatch)
    compared = json.loads(result.stdout)["compare"]
    assert compared["period"]["id"] == "6m"
    assert compared["targets"] == [
        {"id": "dvk", "trend": "better",
         "before": {"status": "not_met", "reason": None, "numerator": "2", "denominator": "3",
                    "value": "2/3", "rate": "66,7%"},
         "after": {"status": "met", "reason": None, "numerator": "3", "denominator": "3",
                   "value": "1", "rate": "100%"}},
        {"id": "tot", "trend": "same",
         "before": {"status": "met", "reason": None, "numerator": "2", "denominator": "3",
                    "value": "2/3", "rate": "66,7%"},
         "after": {"status": "met", "reason": None, "numerator": "2", "denominator": "3",
                   "value": "2/3", "rate": "66,7%"}}]
    assert compared["units"] == [
        {"unit": "ccvt", "target": "dvk", "change": "improved", "before": "missing",
         "after": "meeting", "before_value": None, "after_value": True},
        {"unit": "ccvt", "target": "tot", "change": "improved", "before": "missing",
         "after": "meeting", "before_value": None, "after_value": "tot"},
        {"unit": "vp", "target": "tot", "change": "fell_back", "before": "meeting",
         "after": "not_meeting", "before_value": "tot", "after_value": "kha"}]


def test_compare_with_an_unknown_period(two_periods: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(two_periods, "-p", "q3", "--compare", "9m", monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown period '9m'; the plan has: 6m, q3\n"


# ------------------------------------------------------------------ --period and --year
def test_unknown_period_lists_the_known_ones(mini_workspace: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(mini_workspace, "--period", "9m", monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: unknown period '9m'; the plan has: 6m, q3\n"


def test_default_period_is_the_last_one_with_files(two_periods: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(two_periods, "-f", "json", monkeypatch=monkeypatch)
    assert json.loads(result.stdout)["period"]["id"] == "q3"


def test_default_period_without_any_file_is_the_first(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN})
    result = run(tmp_path, "-f", "json", monkeypatch=monkeypatch)
    document = json.loads(result.stdout)
    assert document["period"]["id"] == "6m"
    assert document["summary"]["submitted"] == 0
    assert [t["status"] for t in document["targets"]] == ["not_met", "not_met"]


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    older = MINI_PLAN.replace("year: 2025", "year: 2024").replace(
        "6 tháng đầu năm 2025", "6 tháng đầu năm 2024")
    return write_tree(tmp_path, {
        "plans/2024/plan.yaml": older,
        "plans/2024/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp").replace("2025-", "2024-"),
        "plans/2025/plan.yaml": MINI_PLAN,
    })


def test_year_defaults_to_the_latest_plan(two_years: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(two_years, "-p", "6m", "-f", "json", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["year"], document["summary"]["submitted"]) == (2025, 0)


def test_year_option(two_years: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(two_years, "--year", "2024", "-p", "6m", "-f", "json", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["year"], document["summary"]["submitted"]) == (2024, 1)
    assert document["period"]["label"] == "6 tháng đầu năm 2024"


def test_unknown_year_lists_the_known_ones(two_years: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(two_years, "-y", "2023", monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert result.stderr == "Error: no plan for year 2023; the workspace has: 2024, 2025\n"


# ------------------------------------------------------------------ files with errors
def test_files_with_errors_are_left_out_and_named(mini_workspace: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(mini_workspace, {
        "plans/2025/6m/ccvt.yaml": MINI_ASSESSMENT.format(unit="ccvt").replace(
            "qcdc: tot", "qcdc: rat_tot"),
        # An error in another period's file does not concern the 6-month status.
        "plans/2025/q3/vp.yaml": "unit: vp\nperiod: q3\n",
    })
    result = run(mini_workspace, "-p", "6m", "-f", "text", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "Chi cục Văn thư – Lưu trữ  file has errors  —" in lines
    assert ("- Dân vận khéo: no usable assessment: Chi cục Văn thư – Lưu trữ (file has errors)"
            in lines)
    assert lines[-3:] == [
        "",
        "Left out (files with errors; run 'dvcq check' to see them):",
        "- plans/2025/6m/ccvt.yaml: 1 error(s), 0 warning(s)",
    ]
    document = json.loads(run(mini_workspace, "-p", "6m", "-f", "json",
                              monkeypatch=monkeypatch).stdout)
    assert document["left_out"] == [{"path": "plans/2025/6m/ccvt.yaml", "errors": 1,
                                     "warnings": 0}]
    assert document["summary"]["rejected"] == 1
    assert document["units"][0]["state"] == "rejected"
    assert document["targets"][0]["missing"] == ["ccvt"]


def test_errors_in_another_period_do_not_change_the_exit_code(
        mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(mini_workspace, {"plans/2025/q3/vp.yaml": "unit: vp\nperiod: q3\n"})
    result = run(mini_workspace, "-p", "6m", "-f", "text", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stdout == MINI_TEXT
    assert run(mini_workspace, "-p", "q3", monkeypatch=monkeypatch).exit_code == 1


def test_status_reads_only_the_plan_and_the_periods_shown(
        two_periods: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    original = loader.load_file

    def recording(file: Path, display: str, *args: object) -> loader.LoadedFile:
        read.append(display)
        return original(file, display, *args)

    monkeypatch.setattr(loader, "load_file", recording)
    # Without the cache every file used is read; with it, fewer (tests/test_cache.py).
    assert run(two_periods, "-p", "6m", "--no-cache", monkeypatch=monkeypatch).exit_code == 0
    assert sorted(read) == ["plans/2025/6m/tccb.yaml", "plans/2025/6m/vp.yaml",
                            "plans/2025/plan.yaml"]
    read.clear()
    assert run(two_periods, "-p", "q3", "--compare", "6m", "--no-cache",
               monkeypatch=monkeypatch).exit_code == 0
    assert len(read) == 6  # the plan, 2 of 6m, 3 of q3
    read.clear()
    assert run(two_periods, "-p", "12m", "--no-cache", monkeypatch=monkeypatch).exit_code == 2
    assert read == ["plans/2025/plan.yaml"]  # the unknown period is refused first


def test_default_period_counts_a_period_whose_only_file_is_broken(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN,
                          "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
                          "plans/2025/q3/vp.yaml": "unit: [vp\n"})
    result = run(tmp_path, "-f", "json", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["period"]["id"] == "q3"
    assert [item["path"] for item in document["left_out"]] == ["plans/2025/q3/vp.yaml"]


def test_warnings_are_counted_but_do_not_fail(mini_workspace: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(mini_workspace, {"plans/2025/6m/ccvt.yaml": MINI_ASSESSMENT.format(
        unit="ccvt").replace("date: 2025-03-04", "date: 2025-07-04")})
    result = run(mini_workspace, "-p", "6m", "-f", "json", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["warnings"], document["left_out"]) == (1, [])
    assert document["summary"]["submitted"] == 3


def test_a_broken_plan_is_exit_1(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(mini_workspace, {"plans/2025/plan.yaml": MINI_PLAN.replace(
        "at_least: 75%", "at_least: lots")})
    result = run(mini_workspace, "-p", "6m", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("Error: the plan plans/2025/plan.yaml has errors, so no target "
                             "can be computed; run 'dvcq check' to see them\n")


def test_no_plan_is_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plans").mkdir()
    result = run(tmp_path, monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no plan found")


def test_no_workspace_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, "-p", "6m", monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no dvcq workspace here")


def test_unknown_format_is_exit_2(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(mini_workspace, "-f", "github", monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert result.stderr == ("Error: invalid value for --format / -f: 'github' is not one of: "
                             "auto, text, json (see 'dvcq status --help')\n")


def test_status_reads_and_never_writes(two_periods: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot_files(two_periods)
    for args in (["-p", "q3", "-c", "6m"], ["-f", "json"], ["-p", "nope"]):
        run(two_periods, *args, monkeypatch=monkeypatch)
    assert snapshot_files(two_periods) == before


def test_help_lists_every_option() -> None:
    result = runner.invoke(app, ["status", "--help"])
    assert result.exit_code == 0
    for option in ("--period", "--year", "--format", "--compare"):
        assert option in result.stdout


# ------------------------------------------------------------------ the example plan 294
@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> Path:
    # The hand count is what these figures are checked against: without it they fail.
    assert (REPO / "plans" / "2024" / "EXPECTED.md").is_file(), "plans/2024/EXPECTED.md is missing"
    monkeypatch.chdir(REPO)
    return REPO


def test_example_9m_json(example: Path) -> None:
    result = runner.invoke(app, ["status", "--year", "2024", "--period", "9m", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rows = [(t["id"], t["status"], t["numerator"], t["denominator"], t["rate"])
            for t in document["targets"]]
    assert rows == [
        ("quan_triet", "not_met", "14", "15", "93,3%"),
        ("lanh_dao_chi_dao", "met", "42", None, None),
        ("trien_khai_day_du", "not_met", "14", "15", "93,3%"),
        ("dan_van_kheo", "met", "12", "15", "80%"),
        ("qcdc_tot", "not_met", "12", "15", "80%"),
    ]
    late = [u["id"] for u in document["units"] if u["state"] == "late"]
    missing = [u["id"] for u in document["units"] if u["state"] == "missing"]
    assert (late, missing) == (["tiep_cong_dan", "nha_khach"], ["thu_ky_bien_tap"])
    assert document["summary"] == {"units": 15, "submitted": 14, "late": 2, "missing": 1,
                                   "rejected": 0, "targets_met": 2, "targets_not_met": 3,
                                   "targets_no_data": 0, "targets_not_due": 0}


def test_example_9m_compared_with_6m(example: Path) -> None:
    result = runner.invoke(app, ["status", "-y", "2024", "-p", "9m", "-c", "6m", "-f", "text"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "4  Đạt tiêu chí “Dân vận khéo”" in "\n".join(lines)
    assert ("- Phòng Kinh tế ngành: Đạt tiêu chí “Dân vận khéo” (no → yes); Thực hiện tốt "
            "quy chế dân chủ ở cơ sở (Khá → Tốt)") in lines
    assert "- Phòng Kinh tế: Thực hiện tốt quy chế dân chủ ở cơ sở (Tốt → Khá)" in lines


def test_the_command_line_offers_the_formats_status_has() -> None:
    from dvcq_cli import cli
    from dvcq_cli.commands import status_command

    assert cli.STATUS_FORMATS == status_command.FORMATS
