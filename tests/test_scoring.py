"""The year's scoring computed: band edges, caps, conditions, appraisal over self, ranks,
sets of other shapes, grades and models in targets, and `dvcq score` itself."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, write_tree
from scoring_data import APPRAISAL, CRITERIA, MODELS, PLAN, assessment, workspace
from typer.testing import CliRunner

from dvcq_cli import attain
from dvcq_cli.check import YearData, check_workspace
from dvcq_cli.cli import app
from dvcq_cli.dvk_models import count_models
from dvcq_cli.model import Plan
from dvcq_cli.scoring import ScoreResult, score_units

APPRAISAL_FILE = "plans/2025/appraisal.yaml"


def scored(tmp_path: Path, **files: str) -> ScoreResult:
    write_tree(tmp_path, workspace(**files))
    result = check_workspace(tmp_path, tmp_path)
    data = result.years["2025"]
    assert data.plan is not None
    rejected = {unit: entry.display for unit, entry in data.rejected.get("6m", {}).items()}
    return score_units(data.plan, data.assessments.get("6m", {}), rejected, data.appraisal)


def row(result: ScoreResult, unit_id: str) -> tuple[object, ...]:
    unit = result.unit(unit_id)
    assert unit is not None
    return (unit.self_score, unit.appraised_score, unit.final_score, unit.source,
            unit.grade.id if unit.grade else None, unit.rank, unit.ungraded)


def test_a_score_exactly_on_a_lower_bound_takes_that_grade(tmp_path: Path) -> None:
    result = scored(tmp_path, **{"plans__2025__6m__tccb.yaml": assessment("tccb", tc2="53.5")})
    assert row(result, "vp") == (90, None, 90, "self", "tot", 1, None)
    assert row(result, "tccb") == (Fraction(179, 2), None, Fraction(179, 2), "self", "kha", 2,
                                   None)


def test_bonus_and_deductions_count_up_to_their_caps(tmp_path: Path) -> None:
    vp = assessment("vp", extra="  bonus:\n    mo_hinh: {points: 3}\n    sang_kien: {points: 2}\n"
                                "  deductions:\n    tre_han: {points: 2}\n")
    result = scored(tmp_path, **{"plans__2025__6m__vp.yaml": vp})
    assert row(result, "vp") == (93, None, 93, "self", "tot", 1, None)
    # The council raises one bonus item: 3 + 3 is over the cap 5, so 5 counts (not 6).
    appraisal = APPRAISAL.replace("    criteria:\n      tc2:\n        points: 50\n        reason: "
                                  "Chưa tổ chức hội nghị cán bộ, công chức đúng thời hạn\n",
                                  "    bonus:\n      sang_kien: {points: 3, reason: Sáng kiến "
                                  "được Sở công nhận}\n")
    result = scored(tmp_path, **{"plans__2025__6m__vp.yaml": vp, APPRAISAL_FILE: appraisal})
    assert row(result, "vp") == (93, 93, 93, "appraised", "tot", 1, None)


def test_a_condition_lowers_the_grade_or_forbids_any(tmp_path: Path) -> None:
    result = scored(tmp_path, **{
        "plans__2025__6m__vp.yaml": assessment("vp", tc1=40, tc2=55,
                                               extra="  conditions: [ky_luat]\n"),
        "plans__2025__6m__tccb.yaml": assessment("tccb", extra="  conditions: [vi_pham]\n")})
    vp = result.unit("vp")
    assert vp is not None and vp.band is not None and vp.grade is not None
    assert (vp.final_score, vp.band.id, vp.grade.id, vp.limited) == (95, "tot", "kha", True)
    assert row(result, "tccb") == (90, None, 90, "self", None, None, "condition")
    tccb = result.unit("tccb")
    assert tccb is not None and tccb.ungraded_detail == "Vi phạm nghiêm trọng về dân chủ ở cơ sở"


def test_the_appraised_score_is_final_and_says_so(tmp_path: Path) -> None:
    result = scored(tmp_path, **{APPRAISAL_FILE: APPRAISAL})
    assert row(result, "vp") == (90, 86, 86, "appraised", "kha", 2, None)
    assert row(result, "tccb") == (90, None, 90, "self", "tot", 1, None)
    vp = result.unit("vp")
    assert vp is not None
    assert vp.appraised_by == "Tổ thẩm định công tác dân vận của Sở"
    line = next(line for line in vp.lines if line.id == "tc2")
    assert (line.self_points, line.appraised_points, line.final_points, line.reason) == (
        54, 50, 50, "Chưa tổ chức hội nghị cán bộ, công chức đúng thời hạn")
    assert [(d.id, d.total, d.units) for d in result.differences] == [
        ("tc2", 4, (("vp", -4),))]


def test_equal_scores_share_a_rank(tmp_path: Path) -> None:
    result = scored(tmp_path, **{"plans__2025__6m__ccvt.yaml": assessment("ccvt", tc2=49)})
    assert [(u.unit.id, u.rank) for u in result.units] == [
        ("tccb", 1), ("vp", 1), ("ccvt", 3)]  # ties in Vietnamese name order


def test_units_that_cannot_be_graded_say_why(tmp_path: Path) -> None:
    result = scored(tmp_path, **{"plans__2025__6m__tccb.yaml": MINI_ASSESSMENT.format(
        unit="tccb"), "plans__2025__6m__vp.yaml": assessment("vp", tc1=41)})
    assert row(result, "tccb")[-1] == "no_scores"
    assert row(result, "ccvt")[-1] == "not_submitted"
    vp = result.unit("vp")
    assert vp is not None and vp.ungraded == "not_submitted"
    assert vp.ungraded_detail == "plans/2025/6m/vp.yaml"
    assert result.grade_counts() == {"tot": 0, "kha": 0, "yeu": 0}


def test_a_score_never_goes_below_zero_and_zero_ranks_last(tmp_path: Path) -> None:
    # vp: 0 + 0 − 2 (a late report) would be −2; the score stops at 0, still graded Yếu.
    vp = assessment("vp", tc1=0, tc2=0, extra="  deductions:\n    tre_han: {points: 2}\n")
    result = scored(tmp_path, **{"plans__2025__6m__vp.yaml": vp,
                                 "plans__2025__6m__tccb.yaml": assessment("tccb", 0, "0.5")})
    assert row(result, "tccb") == (Fraction(1, 2), None, Fraction(1, 2), "self", "yeu", 1, None)
    assert row(result, "vp") == (0, None, 0, "self", "yeu", 2, None)


def test_a_condition_lowers_a_grade_but_never_raises_one(tmp_path: Path) -> None:
    # ky_luat caps the grade at Khá; a unit scored Yếu stays Yếu.
    result = scored(tmp_path, **{"plans__2025__6m__vp.yaml": assessment(
        "vp", tc1=20, tc2=30, extra="  conditions: [ky_luat]\n")})
    vp = result.unit("vp")
    assert vp is not None and vp.grade is not None and vp.band is not None
    assert (vp.final_score, vp.band.id, vp.grade.id, vp.limited) == (50, "yeu", "yeu", False)


def lines(result: ScoreResult, unit_id: str) -> list[tuple[object, ...]]:
    unit = result.unit(unit_id)
    assert unit is not None
    return [(line.id, line.part, line.max, line.self_points, line.appraised_points, line.reason)
            for line in unit.lines]


def test_each_unit_lists_every_criterion_and_the_items_it_claimed(tmp_path: Path) -> None:
    # Only the second bonus item claimed: the first is left out, the second still counts.
    vp = assessment("vp", extra="  bonus:\n    sang_kien: {points: 2}\n")
    result = scored(tmp_path, **{"plans__2025__6m__vp.yaml": vp, APPRAISAL_FILE: APPRAISAL})
    assert lines(result, "vp") == [
        ("tc1", "criteria", 40, 36, None, None),
        ("tc2", "criteria", 60, 54, 50, "Chưa tổ chức hội nghị cán bộ, công chức đúng thời hạn"),
        ("sang_kien", "bonus", 3, 2, None, None)]
    assert row(result, "vp") == (92, 88, 88, "appraised", "kha", 2, None)
    assert lines(result, "tccb") == [("tc1", "criteria", 40, 36, None, None),
                                     ("tc2", "criteria", 60, 54, None, None)]


def test_an_appraised_unit_names_the_council_and_its_date(tmp_path: Path) -> None:
    result = scored(tmp_path, **{APPRAISAL_FILE: APPRAISAL})
    vp, tccb = result.unit("vp"), result.unit("tccb")
    assert vp is not None and tccb is not None
    assert (vp.appraised_by, vp.appraised_on) == ("Tổ thẩm định công tác dân vận của Sở",
                                                  date(2025, 6, 20))
    assert (tccb.appraised_by, tccb.appraised_on) == (None, None)


def test_scores_once_computed_cannot_be_changed_by_their_readers(tmp_path: Path) -> None:
    # The report, the dashboard and the targets read one result: none may alter it.
    result = scored(tmp_path, **{APPRAISAL_FILE: APPRAISAL})
    vp = result.unit("vp")
    assert vp is not None
    for record, field in ((result, "period"), (vp, "self_score"), (vp.lines[0], "max"),
                          (result.differences[0], "total")):
        with pytest.raises(FrozenInstanceError):
            setattr(record, field, 0)


# A set of another shape: ten criteria plus bonus (as Quảng Nam's), no code change.
TEN = """\
id: muoi-tieu-chi
decision: {symbol: 1094/QĐ-UBND, date: 2024-05-07, issuer: UBND tỉnh Quảng Nam,
           title: Bộ tiêu chí đánh giá công tác dân vận (ví dụ kiểm thử)}
total: 100
groups:
  - id: A
    title: Mười tiêu chí
    criteria:
""" + "".join(f"      - {{id: k{n}, title: Tiêu chí {n}, max: 10}}\n" for n in range(1, 11)) + """\
bonus:
  cap: 10
  items:
    - {id: dvk, text: Phong trào “Dân vận khéo” tiêu biểu, max: 10}
grades:
  - {id: xuat_sac, label: Xuất sắc, at_least: 95}
  - {id: tot, label: Tốt, at_least: 80}
  - {id: dat, label: Đạt, at_least: 50}
  - {id: khong_dat, label: Không đạt, at_least: 0}
"""


def ten_scores(unit: str, each: int, bonus: int) -> str:
    lines = "".join(f"    k{n}: {{points: {each}}}\n" for n in range(1, 11))
    return MINI_ASSESSMENT.format(unit=unit) + "scores:\n  criteria:\n" + lines + (
        f"  bonus:\n    dvk: {{points: {bonus}, explanation: Mô hình được công nhận}}\n"
        f"  total: {each * 10 + bonus}\n")


def test_a_set_of_ten_criteria_with_bonus_needs_no_code(tmp_path: Path) -> None:
    result = scored(tmp_path, **{
        "plans__2025__plan.yaml": PLAN.replace("mini-12-2024", "muoi-tieu-chi"),
        "plans__criteria__muoi-tieu-chi.yaml": TEN,
        "plans__2025__6m__vp.yaml": ten_scores("vp", 9, 8),
        "plans__2025__6m__tccb.yaml": ten_scores("tccb", 8, 0)})
    assert row(result, "vp") == (98, None, 98, "self", "xuat_sac", 1, None)
    assert row(result, "tccb") == (80, None, 80, "self", "tot", 2, None)
    assert result.criteria_set.top == 110


RESERVED = CRITERIA.replace("      - id: tc2\n        title: Thực hiện dân chủ ở cơ sở\n"
                            "        max: 60\n",
                            "      - id: tc2\n        title: Thực hiện dân chủ ở cơ sở\n"
                            "        max: 50\n      - id: cap_tren\n        title: Cấp thẩm "
                            "định đánh giá\n        max: 10\n        awarded_by: reviewer\n")


def test_points_only_the_reviewing_level_awards(tmp_path: Path) -> None:
    files = {"plans__criteria__mini-12-2024.yaml": RESERVED,
             "plans__2025__6m__vp.yaml": assessment("vp", tc2=45),
             "plans__2025__6m__tccb.yaml": assessment("tccb", tc2=45)}
    result = scored(tmp_path, **files)
    assert row(result, "vp") == (81, None, 81, "self", None, None, "awaiting_review")
    # The reserved criterion is listed, without points, until the council awards them.
    assert lines(result, "vp") == [("tc1", "criteria", 40, 36, None, None),
                                   ("tc2", "criteria", 50, 45, None, None),
                                   ("cap_tren", "criteria", 10, None, None, None)]
    appraisal = ("council: Tổ thẩm định\ndate: 2025-06-20\nunits:\n  vp:\n    criteria:\n"
                 "      cap_tren: {points: 8, reason: Cấp trên đánh giá}\n")
    result = scored(tmp_path, **files, **{APPRAISAL_FILE: appraisal})
    assert row(result, "vp") == (81, 89, 89, "appraised", "kha", 1, None)
    assert row(result, "tccb")[-1] == "awaiting_review"


# ---------------------------------------------------------------- grades and models in targets
TARGETS = """\
  - id: xep_loai_tot
    text: Ít nhất 50% phòng được xếp loại Tốt
    short: Xếp loại Tốt
    measure:
      share_of_units: {scoring: grade, equals: tot}
    periods: [6m]
    at_least: 50%
  - id: mo_hinh_cong_nhan
    text: Mỗi đơn vị có ít nhất 01 mô hình được công nhận
    short: Mô hình được công nhận
    measure:
      share_of_units: {models: {status: recognised}, at_least: 1}
    at_least: 100%
  - id: mo_hinh_dang_ky
    text: Ít nhất 02 mô hình đang thực hiện
    short: Mô hình đang thực hiện
    measure:
      count_of_models: {status: registered}
    at_least: 2
tasks:"""


def with_targets(tmp_path: Path, targets: str = TARGETS, problems: tuple[str, ...] = (),
                 **files: str) -> tuple[Plan, YearData]:
    """The mini plan with `targets` and the appraisal, checked: exactly `problems` found."""
    write_tree(tmp_path, workspace(**{"plans__2025__plan.yaml": PLAN.replace(
        "tasks:", targets, 1), APPRAISAL_FILE: APPRAISAL, **files}))
    checked = check_workspace(tmp_path, tmp_path)
    assert tuple(p.code for p in checked.problems) == problems
    data = checked.years["2025"]
    assert data.plan is not None
    return data.plan, data


def test_targets_count_final_grades_and_models(tmp_path: Path) -> None:
    plan, data = with_targets(tmp_path, **{"plans__2025__models.yaml": MODELS})
    result = attain.evaluate(plan, "6m", data.assessments["6m"], {}, data.appraisal)
    graded = result.target("xep_loai_tot")
    assert graded is not None
    # vp appraised down to Khá, tccb Tốt, ccvt without a file: 1 of 3.
    assert (graded.numerator, graded.denominator, graded.status) == (1, 3, "not_met")
    assert graded.meeting == ("tccb",) and graded.not_meeting == ("vp",)
    recognised = result.target("mo_hinh_cong_nhan")
    assert recognised is not None and recognised.meeting == ("vp",)
    counted = result.target("mo_hinh_dang_ky")
    assert counted is not None
    # mh_mot_cua and dh_can_bo; mh_dung stopped before the period's end.
    assert (counted.value, counted.status) == (2, "met")
    # Each unit's value as the report's annex and the dashboard show it.
    assert dict(graded.unit_values) == {"tccb": "tot", "vp": "kha"}
    assert dict(recognised.unit_values) == {"tccb": 0, "vp": 1}
    assert dict(counted.unit_values) == {"ccvt": 0, "tccb": 1, "vp": 1}
    # Without the appraisal vp keeps its self-score, Tốt: 2 of 3.
    result = attain.evaluate(plan, "6m", data.assessments["6m"], {})
    assert result.target("xep_loai_tot").numerator == 2  # type: ignore[union-attr]


def test_model_records_count_at_every_period_grades_only_at_the_scoring_one(
        tmp_path: Path) -> None:
    vpq3 = MINI_ASSESSMENT.format(unit="vp").replace("period: 6m", "period: q3").replace(
        "2025-03-04", "2025-07-04")
    plan, data = with_targets(tmp_path, **{"plans__2025__models.yaml": MODELS,
                                           "plans__2025__q3__vp.yaml": vpq3})
    result = attain.evaluate(plan, "q3", data.assessments["q3"], {}, data.appraisal)
    counted = result.target("mo_hinh_dang_ky")
    assert counted is not None
    assert (counted.value, counted.status, dict(counted.unit_values)) == (
        2, "met", {"ccvt": 0, "tccb": 1, "vp": 1})
    # No unit has a grade outside the scoring period: vp's q3 report neither meets nor
    # fails the grade target there.
    graded = result.target("xep_loai_tot")
    assert graded is not None
    assert (graded.status, graded.meeting, graded.not_meeting, graded.not_applicable) == (
        "not_due", (), (), ("vp",))
    assert dict(graded.unit_values) == {"vp": None}


def test_a_register_with_errors_counts_no_units_models(tmp_path: Path) -> None:
    # The file's error is reported; its records are not used, and nothing else fails.
    broken = MODELS.replace("running: 2025-02-15", "running: 2025-02-01")
    plan, data = with_targets(tmp_path, problems=("model-dates",),
                              **{"plans__2025__models.yaml": broken})
    result = attain.evaluate(plan, "6m", data.assessments["6m"], {}, data.appraisal)
    recognised, counted = result.target("mo_hinh_cong_nhan"), result.target("mo_hinh_dang_ky")
    assert recognised is not None and counted is not None
    # Unknown, not zero: no unit is said to fail a target nobody can measure.
    assert (recognised.status, recognised.value, recognised.not_meeting) == ("no_data", None, ())
    assert (counted.status, counted.value, counted.not_meeting) == ("no_data", None, ())


def test_a_grade_target_names_grades_of_the_criteria_set(tmp_path: Path) -> None:
    # A misspelt grade would make every unit fail the target without a word.
    targets = SCORE_TARGETS.replace("at_least: kha}", "at_least: khaa}").replace(
        "one_of: [tot, kha]", "one_of: [tot, kah]")
    write_tree(tmp_path, workspace(**{"plans__2025__plan.yaml": PLAN.replace(
        "tasks:", targets, 1), APPRAISAL_FILE: APPRAISAL}))
    found = [(p.path, p.line, p.column, p.code, p.message)
             for p in check_workspace(tmp_path, tmp_path).problems]
    known = "tot, kha, yeu"  # the mini set's scale, best first
    assert found == [
        ("plans/2025/plan.yaml", 32, 50, "target-invalid",
         f"'khaa' is not a grade of the criteria set; write one of: {known}; did you mean "
         "'kha'?"),
        ("plans/2025/plan.yaml", 39, 48, "target-invalid",
         f"'kah' is not a grade of the criteria set; write one of: {known}; did you mean "
         "'kha'?"),
    ]

SCORE_TARGETS = """\
  - id: kha_tro_len
    text: Mọi phòng được xếp loại Khá trở lên
    short: Khá trở lên
    measure:
      share_of_units: {scoring: grade, at_least: kha}
    periods: [6m]
    at_least: 100%
  - id: tot_hoac_kha
    text: Mọi phòng được xếp loại Tốt hoặc Khá
    short: Tốt hoặc Khá
    measure:
      share_of_units: {scoring: grade, one_of: [tot, kha]}
    periods: [6m]
    at_least: 100%
  - id: tu_85_diem
    text: Mọi phòng đạt từ 85 điểm trở lên
    short: Từ 85 điểm
    measure:
      share_of_units: {scoring: points, at_least: 85}
    periods: [6m]
    at_least: 100%
  - id: dung_50_diem
    text: Không phòng nào chỉ đạt đúng 50 điểm
    short: Đúng 50 điểm
    measure:
      share_of_units: {scoring: points, equals: 50}
    periods: [6m]
    at_most: 0%
tasks:"""
SCORED_IDS = ("kha_tro_len", "tot_hoac_kha", "tu_85_diem", "dung_50_diem")


def test_grade_and_score_targets_keep_ungraded_units_in_the_denominator(
        tmp_path: Path) -> None:
    # vp: 90 appraised down to 86, Khá; tccb: 50, Yếu; ccvt: a file without scores.
    plan, data = with_targets(tmp_path, SCORE_TARGETS, ("scores-missing",), **{
        "plans__2025__6m__tccb.yaml": assessment("tccb", tc1=20, tc2=30),
        "plans__2025__6m__ccvt.yaml": assessment("ccvt").split("scores:")[0]})
    result = attain.evaluate(plan, "6m", data.assessments["6m"], {}, data.appraisal)
    found = {tr.target.id: (tr.numerator, tr.denominator, tr.meeting, tr.not_meeting,
                            tr.not_applicable)
             for tr in result.targets if tr.target.id in SCORED_IDS}
    assert found == {
        "kha_tro_len": (1, 3, ("vp",), ("ccvt", "tccb"), ()),
        "tot_hoac_kha": (1, 3, ("vp",), ("ccvt", "tccb"), ()),
        "tu_85_diem": (1, 3, ("vp",), ("ccvt", "tccb"), ()),
        # a ceiling: the units over it are those with exactly 50
        "dung_50_diem": (1, 3, ("ccvt", "vp"), ("tccb",), ()),
    }
    assert dict(result.target("tu_85_diem").unit_values) == {  # type: ignore[union-attr]
        "ccvt": None, "tccb": 50, "vp": 86}


def test_a_grade_target_must_be_judged_at_the_scoring_period(tmp_path: Path) -> None:
    plan = PLAN.replace("tasks:", TARGETS, 1).replace("    periods: [6m]\n", "")
    write_tree(tmp_path, workspace(**{"plans__2025__plan.yaml": plan}))
    found = [(p.line, p.column, p.code) for p in check_workspace(tmp_path, tmp_path).problems]
    assert found == [(28, 5, "target-invalid")]


def test_models_are_counted_once_across_activities_and_periods(tmp_path: Path) -> None:
    mentioned = "    model: mh_mot_cua\n    text: Công"
    vp6 = assessment("vp").replace("    text: Công", mentioned)
    vp6 = vp6.replace("activities:\n", "activities:\n  - task: \"1\"\n    date: 2025-04-02\n"
                      "    model: mh_mot_cua\n    text: Sơ kết mô hình\n")
    vpq3 = MINI_ASSESSMENT.format(unit="vp").replace("period: 6m", "period: q3").replace(
        "2025-03-04", "2025-07-04").replace("    text: Công", mentioned)
    write_tree(tmp_path, workspace(**{"plans__2025__models.yaml": MODELS,
                                      "plans__2025__6m__vp.yaml": vp6,
                                      "plans__2025__q3__vp.yaml": vpq3}))
    checked = check_workspace(tmp_path, tmp_path)
    assert checked.problems == []
    plan = checked.years["2025"].plan
    assert plan is not None and plan.models is not None
    counts = count_models(plan.models.models, (plan.periods["q3"].start, plan.periods["q3"].end))
    assert (counts.registered, counts.effective, counts.by_stage["recognised"]) == (3, 1, 1)
    assert counts.by_stage["stopped"] == 1
    assert (counts.new, counts.continued) == (0, 3)  # all registered before 15/6/2025
    from dvcq_cli.conditions import count_once

    activities = [*checked.years["2025"].assessments["6m"]["vp"].activities,
                  *checked.years["2025"].assessments["q3"]["vp"].activities]
    assert len(activities) == 3 and count_once(activities) == 1


# ---------------------------------------------------------------- dvcq score
def run_score(folder: Path, *args: str) -> tuple[int, str]:
    import os

    before = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, ["score", *args])
    finally:
        os.chdir(before)
    return result.exit_code, result.output


def test_score_json_is_the_documented_shape(tmp_path: Path) -> None:
    write_tree(tmp_path, workspace(**{APPRAISAL_FILE: APPRAISAL}))
    code, output = run_score(tmp_path, "--format", "json")
    assert code == 0, output
    document = json.loads(output)
    assert document["format_version"] == 1
    assert document["criteria_set"]["citation"] == (
        "Quyết định số 12/QĐ-UBND ngày 02/5/2024 của UBND tỉnh Bình Phước")
    assert document["summary"] == {"units": 3, "graded": 2, "ungraded": 1, "appraised": 1,
                                   "grades": {"tot": 1, "kha": 1, "yeu": 0}}
    vp = next(unit for unit in document["units"] if unit["id"] == "vp")
    assert {key: vp[key] for key in ("self_score", "appraised_score", "final_score", "source",
                                     "grade", "rank")} == {
        "self_score": "90", "appraised_score": "86", "final_score": "86",
        "source": "appraised", "grade": "kha", "rank": 2}
    ccvt = next(unit for unit in document["units"] if unit["id"] == "ccvt")
    assert ccvt["ungraded"] == {"reason": "not_submitted", "detail": None}
    assert document["differences"] == [{"id": "tc2", "part": "criteria",
                                         "title": "Thực hiện dân chủ ở cơ sở", "total": "4",
                                         "units": [{"unit": "vp", "change": "-4",
                                                    "effect": "-4"}]}]


def test_score_text_names_the_set_the_ranks_and_the_ungraded(tmp_path: Path) -> None:
    write_tree(tmp_path, workspace(**{APPRAISAL_FILE: APPRAISAL}))
    code, output = run_score(tmp_path, "--format", "text")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "Scoring 2025 (6m): 2/3 units graded"
    assert lines[1].startswith("Criteria: Quyết định số 12/QĐ-UBND ngày 02/5/2024")
    assert "1     Phòng Tổ chức cán bộ       90    —          90 (self-score)  Tốt" in lines
    assert "2     Văn phòng Sở               90    86         86 (appraised)   Khá" in lines
    assert "- Chi cục Văn thư – Lưu trữ: no self-assessment for the scoring period" in lines
    assert any(line.startswith("- tc2 (Thực hiện dân chủ ở cơ sở): 4 point(s) moved: "
                               "Văn phòng Sở -4") for line in lines)


@pytest.mark.parametrize(("files", "args", "expected"), [
    ({}, (), 0),
    ({"plans__2025__6m__vp.yaml": assessment("vp", tc1=41)}, (), 1),
    ({}, ("--year", "2031"), 2),
    ({"plans__2025__plan.yaml": PLAN.split("scoring:")[0]}, (), 1),
    ({"plans__criteria__mini-12-2024.yaml": CRITERIA.replace("max: 60", "max: 50")}, (), 1),
])
def test_score_exit_codes_are_those_of_status(tmp_path: Path, files: dict[str, str],
                                              args: tuple[str, ...], expected: int) -> None:
    write_tree(tmp_path, workspace(**files))
    code, output = run_score(tmp_path, "--format", "text", *args)
    assert code == expected, output


# ---------------------------------------------------------------- the dashboard
def test_the_dashboard_shows_the_scores_and_the_models(tmp_path: Path) -> None:
    from test_dashboard import parsed

    from dvcq_cli.commands import dashboard_command
    from dvcq_cli.dashboard import render, view

    write_tree(tmp_path, workspace(**{APPRAISAL_FILE: APPRAISAL,
                                      "plans__2025__models.yaml": MODELS}))
    html = render.render_site(view.build_site(dashboard_command.gather(tmp_path, None)))[
        "index.html"].decode()
    scoring = html[html.index('<section id="cham-diem"'):]
    scoring = scoring[:scoring.index("</section>")]
    assert ('<tr><td class="num">2</td><th scope="row" lang="vi">Văn phòng Sở</th>'
            '<td class="num">90</td><td class="num">86</td><td class="num">86 (appraised)</td>'
            '<td>Khá</td></tr>') in scoring
    assert ('<li><span lang="vi">Chi cục Văn thư – Lưu trữ</span>: no self-assessment for '
            'the scoring period</li>') in scoring
    _code, printed = run_score(tmp_path, "--format", "json")
    assert json.loads(parsed(html.encode()).blocks["du-lieu-cham-diem"]) == json.loads(printed)
    models = html[html.index('<section id="mo-hinh"'):]
    models = models[:models.index("</section>")]
    assert models.count('<tr><th scope="row" lang="vi">') == 3
    assert '<td lang="vi">dừng thực hiện</td>' in models


def test_a_new_file_of_the_scoring_period_asks_for_every_criterion(tmp_path: Path) -> None:
    import os

    write_tree(tmp_path, workspace())
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["new", "assessment", "--unit", "ccvt", "--period",
                                          "6m"])
    finally:
        os.chdir(before)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "plans/2025/6m/ccvt.yaml").read_text("utf-8")
    block = text[text.index("scores:"):text.index("strengths:")]
    assert block.splitlines()[:6] == ["scores:", "  criteria:",
                                      "    # Quán triệt, triển khai (tối đa 40 điểm)", "    tc1:",
                                      "      points: null", "      explanation: null"]
    assert "    tc2:" in block and "        # - Kế hoạch của đơn vị" in block
    found = [(p.path, p.code) for p in check_workspace(tmp_path, tmp_path).problems
             if p.path.endswith("ccvt.yaml")]
    assert ("plans/2025/6m/ccvt.yaml", "value-missing") in found


def test_the_example_workspace_scores_as_its_hand_count() -> None:
    """plans/2024/EXPECTED.md, "Chấm điểm, xếp loại"."""
    from conftest import REPO

    code, output = run_score(REPO, "--format", "json")
    assert code == 0, output
    document = json.loads(output)
    assert document["summary"] == {"units": 15, "graded": 14, "ungraded": 1, "appraised": 4,
                                   "grades": {"tot": 9, "kha": 5, "trung_binh": 0, "yeu": 0}}
    found = {u["id"]: (u["self_score"], u["appraised_score"], u["final_score"], u["grade"],
                       u["rank"]) for u in document["units"]}
    assert found["tiep_cong_dan"] == ("97", None, "97", "tot", 1)
    assert found["tthcc"] == ("95", "96", "96", "tot", 2)
    assert found["kinh_te"] == ("96", None, "96", "tot", 2)
    assert found["cong_bao_tin_hoc"] == ("90", None, "90", "tot", 9)
    assert found["qttv"] == ("89", None, "89", "kha", 10)
    assert found["kgvx"] == ("90", "88", "88", "kha", 11)
    assert found["thu_ky_bien_tap"] == ("85", "83", "83", "kha", 13)
    assert found["kinh_te_nganh"] == ("81", "79", "79", "kha", 14)
    assert found["nha_khach"] == (None, None, None, None, None)
    assert [d["id"] for d in document["differences"]] == ["tc5", "tc6", "bao_cao_tre_han", "tc4"]
    late = document["differences"][2]
    assert (late["part"], late["units"]) == ("deductions", [
        {"unit": "thu_ky_bien_tap", "change": "2", "effect": "-2"}])


def test_score_on_a_terminal_is_a_table_with_the_same_rows(tmp_path: Path) -> None:
    import re

    from dvcq_cli import score
    from dvcq_cli.views.score_rich import render_rich

    write_tree(tmp_path, workspace(**{APPRAISAL_FILE: APPRAISAL}))
    shown = re.sub(r"\x1b\[[0-9;]*m", "", render_rich(score.gather(tmp_path, tmp_path), 120))
    assert "Scoring 2025 (6m): 2/3 units graded" in shown
    row = next(line for line in shown.splitlines() if "Văn phòng Sở" in line)
    assert [cell.strip() for cell in row.strip("│ ").split("│")] == [
        "2", "Văn phòng Sở", "90", "86", "86 (appraised)", "Khá"]
    assert "- Chi cục Văn thư – Lưu trữ: no self-assessment for the scoring period" in shown


# ---------------------------------------------------------------- the cache
def test_what_is_cached_follows_the_set_the_records_and_the_appraisal(tmp_path: Path) -> None:
    """An assessment's remembered outcome rests on the criteria set and the model records it
    was checked against, and a remembered status on the appraisal too."""
    import time

    from dvcq_cli.check import Settings
    from dvcq_cli.status import gather

    vp = assessment("vp").replace("    text: Công", "    model: mh_mot_cua\n    text: Công")
    plan = PLAN.replace("tasks:", TARGETS, 1)
    write_tree(tmp_path, workspace(**{"plans__2025__plan.yaml": plan, APPRAISAL_FILE: APPRAISAL,
                                      "plans__2025__models.yaml": MODELS,
                                      "plans__2025__6m__vp.yaml": vp}))
    cached = Settings(cache=True)

    def codes() -> list[tuple[str, str]]:
        return [(p.path, p.code) for p in check_workspace(tmp_path, tmp_path, cached).problems]

    def graded() -> object:
        found = gather(tmp_path, tmp_path, "6m", use_cache=True).result.target("xep_loai_tot")
        return found.numerator if found else None

    assert codes() == [] and codes() == []
    assert graded() == 1 and graded() == 1
    time.sleep(0.01)
    models = tmp_path / "plans/2025/models.yaml"
    models.write_text(MODELS.replace("id: mh_mot_cua", "id: mh_mot_cua_moi"), "utf-8")
    assert codes() == [("plans/2025/6m/vp.yaml", "ref-unknown")]
    models.write_text(MODELS, "utf-8")
    criteria = tmp_path / "plans/criteria/mini-12-2024.yaml"
    criteria.write_text(CRITERIA.replace("max: 40", "max: 30").replace("total: 100",
                                                                       "total: 90"), "utf-8")
    assert ("plans/2025/6m/vp.yaml", "score-out-of-range") in codes()
    criteria.write_text(CRITERIA, "utf-8")
    assert codes() == []
    (tmp_path / APPRAISAL_FILE).unlink()
    assert graded() == 2  # without the appraisal vp keeps its Tốt
