"""Every check rule of criteria sets, self-scores, the appraisal file and the model records,
each with its exact position, on the small scoring workspace (tests/scoring_data.py).

Each case replaces one file, runs the whole check and compares the complete list of
problems, so an extra or a missing problem fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from scoring_data import APPRAISAL, CRITERIA, MODELS, assessment, workspace

from dvcq_cli.check import check_workspace

SET = "plans/criteria/mini-12-2024.yaml"
VP = "plans/2025/6m/vp.yaml"
APPRAISAL_FILE = "plans/2025/appraisal.yaml"
MODELS_FILE = "plans/2025/models.yaml"


def problems(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, int, str, str]]:
    write_tree(tmp_path, {**workspace(), **files})
    result = check_workspace(tmp_path, tmp_path)
    return [(p.path, p.line, p.column, p.severity.value, p.code) for p in result.problems]


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_the_scoring_workspace_is_clean(tmp_path: Path) -> None:
    files = {APPRAISAL_FILE: APPRAISAL, MODELS_FILE: MODELS}
    assert problems(tmp_path, files) == []


CASES = [
    # -- the criteria set
    ("maxima do not add up to the total", SET, edit(CRITERIA, "max: 60", "max: 50"),
     [(SET, 7, 8, "error", "criteria-total-mismatch")]),
    ("sub-items do not add up to their criterion", SET,
     edit(CRITERIA, "        evidence: [Kế hoạch của đơn vị]\n",
          "        items:\n          - {id: a, text: Kế hoạch, max: 10}\n"
          "          - {id: b, text: Quán triệt, max: 20}\n"),
     [(SET, 14, 14, "error", "criteria-total-mismatch")]),
    ("bands out of order", SET, edit(CRITERIA, "at_least: 70", "at_least: 95"),
     [(SET, 30, 37, "error", "bands-invalid")]),
    ("bands leave the bottom of the scale without a grade", SET,
     edit(CRITERIA, "Yếu, at_least: 0", "Yếu, at_least: 10"),
     [(SET, 31, 37, "error", "bands-invalid")]),
    ("a band above the scale (total plus bonus cap)", SET,
     edit(CRITERIA, "Tốt, at_least: 90", "Tốt, at_least: 106"),
     [(SET, 29, 37, "error", "bands-invalid")]),
    ("two criteria with one id", SET, edit(CRITERIA, "id: tc2", "id: tc1"),
     [(SET, 16, 13, "error", "id-duplicate")]),
    ("a bonus item worth more than the cap", SET,
     edit(CRITERIA, "max: 3}\n    - {id: sang", "max: 7}\n    - {id: sang"),
     [(SET, 22, 56, "error", "criteria-invalid")]),
    ("a condition naming an unknown grade", SET,
     edit(CRITERIA, "best_grade: kha", "best_grade: kh"),
     [(SET, 33, 74, "error", "criteria-invalid")]),
    ("the set's id differs from its file's name", SET,
     edit(CRITERIA, "id: mini-12-2024", "id: mini"),
     [(SET, 1, 5, "error", "path-mismatch")]),
    ("the plan names a set that does not exist", "plans/2025/plan.yaml",
     edit(workspace()["plans/2025/plan.yaml"], "criteria: mini-12-2024", "criteria: mini-12"),
     [("plans/2025/plan.yaml", 58, 13, "error", "ref-unknown")]),
    # -- the self-scores
    ("points above the maximum", VP, assessment("vp", tc1=41),
     [(VP, 14, 15, "error", "score-out-of-range")]),
    ("points below zero", VP, assessment("vp", tc2=-1),
     [(VP, 18, 15, "error", "score-out-of-range")]),
    ("a criterion missing", VP, edit(assessment("vp"), "    tc2:\n      points: 54\n", ""),
     [(VP, 12, 3, "error", "criterion-missing")]),
    ("an unknown criterion", VP, assessment("vp", extra="    tc9:\n      points: 1\n"),
     [(VP, 19, 5, "error", "criterion-unknown")]),
    ("evidence missing where the set requires it", VP,
     edit(assessment("vp"), "      evidence: [Kế hoạch số 05/KH-VP]\n", ""),
     [(VP, 13, 5, "error", "evidence-missing")]),
    ("a bonus item over its own maximum", VP,
     assessment("vp", extra="  bonus:\n    mo_hinh: {points: 4}\n"),
     [(VP, 20, 23, "error", "score-out-of-range")]),
    ("the bonus over its cap", VP,
     assessment("vp", extra="  bonus:\n    mo_hinh: {points: 3}\n    sang_kien: {points: 3}\n"),
     [(VP, 19, 3, "error", "bonus-over-cap")]),
    ("a stated total that is not the sum", VP, assessment("vp", extra="  total: 91\n"),
     [(VP, 19, 10, "error", "total-mismatch")]),
    ("an unknown grade-limiting condition", VP,
     assessment("vp", extra="  conditions: [ky_luat, vi_pham_x]\n"),
     [(VP, 19, 25, "error", "ref-unknown")]),
    ("an unknown condition in a block list", VP,
     assessment("vp", extra="  conditions:\n    - vi_pham\n    - ky_luatt\n"),
     [(VP, 21, 7, "error", "ref-unknown")]),
    ("scores in a period that is not the scoring period", "plans/2025/q3/vp.yaml",
     edit(assessment("vp"), "period: 6m", "period: q3").replace("2025-03-04", "2025-07-04"),
     [("plans/2025/q3/vp.yaml", 11, 1, "error", "scores-misplaced")]),
    ("a file of the scoring period without scores", "plans/2025/6m/ccvt.yaml",
     assessment("ccvt").split("scores:")[0],
     [("plans/2025/6m/ccvt.yaml", 1, 1, "warning", "scores-missing")]),
    # -- the appraisal
    ("an appraisal of an unknown unit", APPRAISAL_FILE, edit(APPRAISAL, "  vp:", "  vpp:"),
     [(APPRAISAL_FILE, 4, 3, "error", "ref-unknown")]),
    ("an appraisal of an unknown criterion", APPRAISAL_FILE, edit(APPRAISAL, "tc2:", "tc7:"),
     [(APPRAISAL_FILE, 6, 7, "error", "criterion-unknown")]),
    ("an appraisal naming an unknown condition", APPRAISAL_FILE,
     APPRAISAL + "    conditions: [ky_luat, khong_co]\n",
     [(APPRAISAL_FILE, 9, 27, "error", "ref-unknown")]),
    ("appraised points above the maximum", APPRAISAL_FILE,
     edit(APPRAISAL, "points: 50", "points: 61"),
     [(APPRAISAL_FILE, 7, 17, "error", "score-out-of-range")]),
    ("a change without its reason", APPRAISAL_FILE,
     edit(APPRAISAL, "        reason: Chưa tổ chức hội nghị cán bộ, công chức đúng thời hạn\n",
          ""),
     [(APPRAISAL_FILE, 7, 9, "error", "key-missing")]),
    # -- the model records
    ("a model of an unknown unit", MODELS_FILE,
     edit(MODELS, "unit: tccb\n    field: kinh_te", "unit: tcb\n    field: kinh_te"),
     [(MODELS_FILE, 20, 11, "error", "ref-unknown")]),
    ("a stage dated before the one it follows", MODELS_FILE,
     edit(MODELS, "running: 2025-02-15", "running: 2025-02-01"),
     [(MODELS_FILE, 17, 14, "error", "model-dates")]),
    ("recognised without being assessed effective", MODELS_FILE,
     edit(MODELS, "    effective: 2025-05-30\n", ""),
     [(MODELS_FILE, 9, 5, "error", "model-dates")]),
    ("two models with one id", MODELS_FILE, edit(MODELS, "id: mh_dung", "id: mh_mot_cua"),
     [(MODELS_FILE, 18, 9, "error", "id-duplicate")]),
]


@pytest.mark.parametrize(("name", "path", "content", "expected"), CASES,
                         ids=[case[0] for case in CASES])
def test_rule(tmp_path: Path, name: str, path: str, content: str,
              expected: list[tuple[str, int, int, str, str]]) -> None:
    files = {path: content}
    if path != APPRAISAL_FILE and path != MODELS_FILE:
        files.update({APPRAISAL_FILE: APPRAISAL, MODELS_FILE: MODELS})
    assert problems(tmp_path, files) == expected


def test_an_activity_names_a_model_that_is_not_recorded(tmp_path: Path) -> None:
    vp = edit(assessment("vp"), "    text: Công", "    model: mh_mot_cu\n    text: Công")
    assert problems(tmp_path, {MODELS_FILE: MODELS, VP: vp}) == [
        (VP, 10, 12, "error", "ref-unknown")]


def test_an_activity_names_another_units_model(tmp_path: Path) -> None:
    vp = edit(assessment("vp"), "    text: Công", "    model: dh_can_bo\n    text: Công")
    assert problems(tmp_path, {MODELS_FILE: MODELS, VP: vp}) == [
        (VP, 10, 12, "warning", "model-other-unit")]


def test_a_model_named_in_a_year_without_records(tmp_path: Path) -> None:
    vp = edit(assessment("vp"), "    text: Công", "    model: mh_mot_cua\n    text: Công")
    write_tree(tmp_path, {**workspace(), VP: vp})
    result = check_workspace(tmp_path, tmp_path)
    assert [(p.line, p.column, p.code) for p in result.problems] == [(10, 12, "ref-unknown")]
    assert "plans/2025/models.yaml" in result.problems[0].message


# The messages of the criteria set's rules, word for word, and the problems a broken part
# must not cause (a total, a scale or a sum is checked only on parts that were read whole).
MESSAGES = [
    ("two groups with one id",
     edit(CRITERIA, "  - id: I\n", "  - id: I\n    title: Khác\n    criteria:\n"
                                   "      - {id: tc0, title: Khác, max: 1}\n  - id: I\n"),
     [(7, 8, "criteria-total-mismatch", "the criteria's maxima add up to 101 (1 + 40 + 60), "
       "not the total 100: fix a maximum or the total"),
      (13, 9, "id-duplicate", "group id 'I' is already used on line 9; ids must be unique")]),
    ("two criteria with one id", edit(CRITERIA, "id: tc2", "id: tc1"),
     [(16, 13, "id-duplicate",
       "criterion id 'tc1' is already used on line 12; ids must be unique")]),
    ("two conditions with one id", edit(CRITERIA, "id: vi_pham", "id: ky_luat"),
     [(34, 10, "id-duplicate",
       "condition id 'ky_luat' is already used on line 33; ids must be unique")]),
    ("two sub-items with one id",
     edit(CRITERIA, "        evidence: [Kế hoạch của đơn vị]\n",
          "        items:\n          - {id: a, text: Kế hoạch, max: 20}\n"
          "          - {id: a, text: Quán triệt, max: 20}\n"),
     [(17, 18, "id-duplicate",
       "sub-item id 'a' is already used on line 16; ids must be unique")]),
    ("a bonus item worth more than the cap",
     edit(CRITERIA, "max: 3}\n    - {id: sang", "max: 7}\n    - {id: sang"),
     [(22, 56, "criteria-invalid", "item 'mo_hinh' is worth up to 7, more than the cap 5 of its "
       "part: lower it to 5 at most")]),
    ("two bonus items with one id", edit(CRITERIA, "id: sang_kien", "id: mo_hinh"),
     [(23, 12, "id-duplicate",
       "item id 'mo_hinh' is already used on line 22; ids must be unique")]),
    ("sub-items that do not add up to their criterion",
     edit(CRITERIA, "        evidence: [Kế hoạch của đơn vị]\n",
          "        items:\n          - {id: a, text: Kế hoạch, max: 10}\n"
          "          - {id: b, text: Quán triệt, max: 20}\n"),
     [(14, 14, "criteria-total-mismatch", "the sub-items of criterion 'tc1' add up to 30, not "
       "its maximum 40: fix a sub-item's maximum or the criterion's")]),
    ("the set's id differs from its file's name", edit(CRITERIA, "id: mini-12-2024", "id: mini"),
     [(1, 5, "path-mismatch",
       "the set says id 'mini' but its file is mini-12-2024.yaml; make them the same")]),
    ("maxima do not add up to the total", edit(CRITERIA, "max: 60", "max: 50"),
     [(7, 8, "criteria-total-mismatch", "the criteria's maxima add up to 90 (40 + 50), not the "
       "total 100: fix a maximum or the total")]),
    ("a condition naming an unknown grade", edit(CRITERIA, "best_grade: kha", "best_grade: kh"),
     [(33, 74, "criteria-invalid",
       "unknown grade 'kh'; the set's grades are: tot, kha, yeu; did you mean 'kha'?")]),
    ("a total that is not a number", edit(CRITERIA, "total: 100", "total: nhiều"),
     [(7, 8, "type-mismatch", "expected a number, found 'nhiều'")]),
    ("a group without its title, and maxima short of the total",
     edit(edit(CRITERIA, "    title: Lãnh đạo, chỉ đạo\n", ""), "max: 60", "max: 50"),
     [(9, 5, "key-missing", "missing key 'title' in this mapping")]),
    ("a sub-item's maximum that is not a number",
     edit(CRITERIA, "        evidence: [Kế hoạch của đơn vị]\n",
          "        items:\n          - {id: a, text: Kế hoạch, max: 20}\n"
          "          - {id: b, text: Quán triệt, max: abc}\n"),
     [(17, 44, "type-mismatch", "expected a number, found 'abc'")]),
    ("a bonus cap that is not a number", edit(CRITERIA, "  cap: 5\n", "  cap: năm\n"),
     [(20, 8, "type-mismatch", "expected a number, found 'năm'")]),
    ("a grade's start that is not a number", edit(CRITERIA, "at_least: 70}", "at_least: bảy}"),
     [(30, 37, "type-mismatch", "expected a number, found 'bảy'")]),
]


@pytest.mark.parametrize(("name", "content", "expected"), MESSAGES,
                         ids=[case[0] for case in MESSAGES])
def test_criteria_set_message(tmp_path: Path, name: str, content: str,
                              expected: list[tuple[int, int, str, str]]) -> None:
    write_tree(tmp_path, {**workspace(), SET: content})
    found = check_workspace(tmp_path, tmp_path).problems
    assert [(p.path, p.line, p.column, p.code, p.message) for p in found] == [
        (SET, *problem) for problem in expected]


# The messages of the self-scores' rules, word for word (vp's file; tccb's is clean).
TWO_DEDUCTIONS = edit(CRITERIA, "deductions:\n  cap: 10\n  items:\n",
                      "deductions:\n  cap: 2\n  items:\n"
                      "    - {id: sai_mau, text: Báo cáo sai mẫu, max: 2}\n")
NO_DEDUCTIONS = edit(CRITERIA, "deductions:\n  cap: 10\n  items:\n"
                     "    - {id: tre_han, text: Gửi báo cáo trễ hạn, max: 2}\n", "")
RESERVED = edit(CRITERIA, "        max: 60\n", "        max: 50\n      - id: cap_tren\n"
                "        title: Cấp thẩm định đánh giá\n        max: 10\n"
                "        awarded_by: reviewer\n")
SCORE_MESSAGES = [
    ("points above the maximum", assessment("vp", tc1=41), {},
     [(14, 15, "score-out-of-range", "41 points is outside 0 to 40, the maximum here")]),
    ("a criterion missing", edit(assessment("vp"), "    tc2:\n      points: 54\n", ""), {},
     [(12, 3, "criterion-missing",
       "no score for criterion 'tc2': add tc2: with its points, explanation and evidence")]),
    ("a criterion missing, its place after another key of scores",
     edit(edit(assessment("vp"), "    tc2:\n      points: 54\n", ""), "scores:\n",
          "scores:\n  total: 36\n"), {},
     [(13, 3, "criterion-missing",
       "no score for criterion 'tc2': add tc2: with its points, explanation and evidence")]),
    ("two criteria missing", assessment("vp").split("  criteria:\n")[0] + "  criteria: {}\n", {},
     [(12, 3, "criterion-missing", "no score for criterion 'tc1', 'tc2': add tc1: with its "
       "points, explanation and evidence")]),
    ("an unknown criterion", assessment("vp", extra="    tc9:\n      points: 1\n"), {},
     [(19, 5, "criterion-unknown",
       "criterion 'tc9' is not in the set mini-12-2024; did you mean 'tc2'?")]),
    ("a criterion only the reviewing level awards",
     assessment("vp", tc2=45, extra="    cap_tren:\n      points: 5\n"),
     {SET: RESERVED, "plans/2025/6m/tccb.yaml": assessment("tccb", tc2=45)},
     [(19, 5, "criterion-reserved", "criterion 'cap_tren' is awarded by the reviewing level "
       "only: remove it from the unit's scores")]),
    # A problem with one criterion does not stop the check of the next ones.
    ("an unknown criterion, then one out of range",
     edit(assessment("vp", tc2=61), "    tc1:\n", "    tc9:\n      points: 1\n    tc1:\n"), {},
     [(13, 5, "criterion-unknown",
       "criterion 'tc9' is not in the set mini-12-2024; did you mean 'tc2'?"),
      (20, 15, "score-out-of-range", "61 points is outside 0 to 60, the maximum here")]),
    ("a reserved criterion, then one out of range",
     edit(assessment("vp", tc2=51), "    tc1:\n", "    cap_tren:\n      points: 5\n    tc1:\n"),
     {SET: RESERVED, "plans/2025/6m/tccb.yaml": assessment("tccb", tc2=45)},
     [(13, 5, "criterion-reserved", "criterion 'cap_tren' is awarded by the reviewing level "
       "only: remove it from the unit's scores"),
      (20, 15, "score-out-of-range", "51 points is outside 0 to 50, the maximum here")]),
    ("a criterion without points, then one out of range",
     edit(assessment("vp", tc2=61), "      points: 36\n", ""), {},
     [(14, 7, "key-missing", "missing key 'points' in this mapping"),
      (17, 15, "score-out-of-range", "61 points is outside 0 to 60, the maximum here")]),
    # Evidence is asked for the points claimed: none for 0 points, from 1 point on.
    ("no evidence for 0 points", edit(assessment("vp", tc1=0, extra="  total: 54\n"),
                                      "      evidence: [Kế hoạch số 05/KH-VP]\n", ""), {}, []),
    ("no evidence for 1 point", edit(assessment("vp", tc1=1),
                                     "      evidence: [Kế hoạch số 05/KH-VP]\n", ""), {},
     [(13, 5, "evidence-missing", "criterion 'tc1' needs its evidence (tài liệu kiểm "
       "chứng): add evidence: with the document symbols or file names")]),
    ("evidence missing", edit(assessment("vp"), "      evidence: [Kế hoạch số 05/KH-VP]\n", ""),
     {}, [(13, 5, "evidence-missing", "criterion 'tc1' needs its evidence (tài liệu kiểm "
           "chứng): add evidence: with the document symbols or file names")]),
    ("an unknown bonus item", assessment("vp", extra="  bonus:\n    mo_hin: {points: 1}\n"), {},
     [(20, 5, "criterion-unknown",
       "'mo_hin' is not an item of the set's bonus; did you mean 'mo_hinh'?")]),
    # An unknown item does not stop the check of the next; points out of range are left
    # out of the sum compared with the cap (4 + 2 would be over 5).
    ("an unknown bonus item, then one out of range",
     assessment("vp", extra="  bonus:\n    mo_hin: {points: 1}\n    mo_hinh: {points: 4}\n"
                            "    sang_kien: {points: 2}\n"), {},
     [(20, 5, "criterion-unknown",
       "'mo_hin' is not an item of the set's bonus; did you mean 'mo_hinh'?"),
      (21, 23, "score-out-of-range", "4 points is outside 0 to 3, the maximum here")]),
    ("deductions the set does not have",
     assessment("vp", extra="  deductions:\n    tre_han: {points: 1}\n"), {SET: NO_DEDUCTIONS},
     [(19, 3, "criterion-unknown", "the set has no 'deductions': remove it")]),
    ("the bonus over its cap",
     assessment("vp", extra="  bonus:\n    mo_hinh: {points: 3}\n    sang_kien: {points: 3}\n"),
     {}, [(19, 3, "bonus-over-cap",
           "the bonus add up to 6, over the cap 5: at most 5 counts; lower the points")]),
    ("the deductions over their cap",
     assessment("vp", extra="  deductions:\n    sai_mau: {points: 1}\n    tre_han: {points: 2}\n"),
     {SET: TWO_DEDUCTIONS}, [(19, 3, "deduction-over-cap", "the deductions add up to 3, over "
                              "the cap 2: at most 2 counts; lower the points")]),
    ("a stated total that is not the sum", assessment("vp", extra="  total: 91\n"), {},
     [(19, 10, "total-mismatch", "the total says 91 but the points add up to 90: write "
       "total: 90 (or remove it: dvcq adds the points)")]),
    ("an unknown condition", assessment("vp", extra="  conditions: [ky_luat, vi_pham_x]\n"), {},
     [(19, 25, "ref-unknown",
       "unknown condition 'vi_pham_x'; the set has: ky_luat, vi_pham; did you mean 'vi_pham'?")]),
    ("a condition in a set that has none",
     assessment("vp", extra="  conditions: [ky_luat]\n"), {SET: CRITERIA.split("conditions:")[0]},
     [(19, 16, "ref-unknown", "unknown condition 'ky_luat'; the set has: none")]),
    ("an unknown condition in a list with a broken item",
     assessment("vp", extra="  conditions: [ky_luat, [x], khong_co]\n"), {},
     # the list no longer knows its items' places: the unknown one is shown at the list
     [(19, 15, "ref-unknown", "unknown condition 'khong_co'; the set has: ky_luat, vi_pham"),
      (19, 25, "type-mismatch", "expected an id such as 'ky_luat', found a list")]),
    ("bonus that is not a mapping, and a total right without it",
     assessment("vp", extra="  bonus: abc\n  total: 90\n"), {},
     [(19, 10, "type-mismatch", "expected a mapping (key: value lines), found 'abc'")]),
    ("scores in a plan that scores no unit", assessment("vp"),
     {"plans/2025/plan.yaml": workspace()["plans/2025/plan.yaml"].split("scoring:")[0],
      "plans/2025/6m/tccb.yaml": assessment("tccb").split("scores:")[0]},
     [(11, 1, "scores-misplaced",
       "the plan scores no unit (it has no 'scoring'): remove 'scores'")]),
    ("a file of the scoring period without scores", assessment("vp").split("scores:")[0], {},
     [(1, 1, "scores-missing", "this is the scoring period (6m) but the file has no 'scores': "
       "the unit cannot be graded. Add scores: with the points of each criterion")]),
]


@pytest.mark.parametrize(("name", "content", "files", "expected"), SCORE_MESSAGES,
                         ids=[case[0] for case in SCORE_MESSAGES])
def test_self_scores_message(tmp_path: Path, name: str, content: str, files: dict[str, str],
                             expected: list[tuple[int, int, str, str]]) -> None:
    write_tree(tmp_path, {**workspace(), **files, VP: content})
    found = check_workspace(tmp_path, tmp_path).problems
    assert [(p.path, p.line, p.column, p.code, p.message) for p in found] == [
        (VP, *problem) for problem in expected]


def test_scores_outside_the_scoring_period_are_refused_with_where_they_go(
        tmp_path: Path) -> None:
    q3 = "plans/2025/q3/vp.yaml"
    write_tree(tmp_path, {**workspace(), q3: edit(assessment("vp"), "period: 6m", "period: q3")
                          .replace("2025-03-04", "2025-07-04")})
    found = check_workspace(tmp_path, tmp_path).problems
    assert [(p.path, p.line, p.column, p.code, p.message) for p in found] == [
        (q3, 11, 1, "scores-misplaced",
         "units score themselves in the 6m self-assessment only: move 'scores' there")]
