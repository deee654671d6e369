"""The plan's declarations for targets, grades and consistency, checked with exact positions.

Each case copies the quarterly-district example workspace (tests/cases), changes one line of
one file, runs the whole check and compares the complete list of problems of that file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dvcq_cli.check import check_workspace

WORKSPACE = Path(__file__).parent / "cases" / "quarterly-district" / "workspace"
PLAN = "plans/2024/plan.yaml"
Expected = list[tuple[int, int, str, str]]


def check_with(tmp_path: Path, path: str, old: str, new: str
               ) -> tuple[list[tuple[int, int, str, str]], list[str]]:
    root = tmp_path / "workspace"
    shutil.copytree(WORKSPACE, root)
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")
    problems = [p for p in check_workspace(root, root).problems if p.path == path]
    return ([(p.line, p.column, p.severity.value, p.code) for p in problems],
            [p.message for p in problems])


# (name, old text, new text, expected problems of the plan)
PLAN_CASES: list[tuple[str, str, str, Expected]] = [
    ("grades out of order", "{id: kha, label: Khá, at_least: 70}",
     "{id: kha, label: Khá, at_least: 95}", [(156, 41, "error", "bands-invalid")]),
    ("a gap at the bottom of the scale", "{id: yeu, label: Yếu, at_least: 0}",
     "{id: yeu, label: Yếu, at_least: 10}", [(158, 41, "error", "bands-invalid")]),
    ("a grade outside the scale", "{id: tot, label: Tốt, at_least: 90}",
     "{id: tot, label: Tốt, at_least: 120}", [(155, 41, "error", "bands-invalid")]),
    ("two grades with one id", "{id: kha, label: Khá, at_least: 70}",
     "{id: tot, label: Khá, at_least: 70}", [(156, 14, "error", "id-duplicate")]),
    ("a scale that ends where it starts", "    max: 100\n    grades:",
     "    max: 0\n    grades:", [(153, 10, "error", "bands-invalid"),
                                (165, 34, "error", "indicator-invalid")]),
    ("a grade without its scale", "xep_loai: {type: grade, score: diem_dan_van, bands: thang_100,",
     "xep_loai: {type: grade, score: diem_dan_van,", [(165, 13, "error", "indicator-invalid")]),
    ("a grade of an unknown scale", "bands: thang_100, label: Xếp loại",
     "bands: thang_10, label: Xếp loại", [(165, 55, "error", "ref-unknown")]),
    ("a score without a maximum", "diem_dan_van: {type: number, min: 0, max: 100,",
     "diem_dan_van: {type: number, min: 0,", [(165, 34, "error", "indicator-invalid")]),
    ("a grade of a text", "diem_dan_van: {type: number, min: 0, max: 100, aggregate: none,",
     "diem_dan_van: {type: text,", [(165, 34, "error", "indicator-invalid")]),
    ("aggregate on a bool", "quan_triet: {type: bool, label",
     "quan_triet: {type: bool, aggregate: sum, label", [(161, 28, "error", "indicator-invalid")]),
    ("score on a number", "don_thu_vuot_cap: {type: integer, min: 0,",
     "don_thu_vuot_cap: {type: integer, score: diem_dan_van, min: 0,",
     [(172, 37, "error", "indicator-invalid")]),
    ("a ratio of numbers that do not add up", "so_cbccvc: {type: integer, min: 0, aggregate: sum,",
     "so_cbccvc: {type: integer, min: 0, aggregate: none,",
     [(35, 69, "error", "target-invalid")]),
    ("a sum of a score", "sum_of_indicator: {indicator: don_thu_vuot_cap}",
     "sum_of_indicator: {indicator: diem_dan_van}", [(87, 37, "error", "target-invalid")]),
    ("an unknown unit in a scope", "applies_to: {units: [noi_vu, tn_mt, ttvh]}",
     "applies_to: {units: [noi_vu, tn_mt, ttvhh]}", [(75, 25, "error", "ref-unknown")]),
    ("an unknown kind in a scope", "applies_to: {kinds: [xa]}", "applies_to: {kinds: [xaa]}",
     [(64, 25, "error", "ref-unknown")]),
    ("a scope without units", "applies_to: {kinds: [xa]}", "applies_to: {kinds: []}",
     [(64, 17, "error", "target-invalid")]),
    ("an unknown unit kind", "kind: trung_tam}", "kind: trung_tamm}",
     [(142, 72, "error", "ref-unknown")]),
    ("an unknown period to judge at", "periods: [12m]", "periods: [12mm]",
     [(82, 14, "error", "ref-unknown")]),
    ("a percentage by period for a count", "by_period: {12m: 2000}", "by_period: {12m: 20%}",
     [(97, 22, "error", "target-invalid")]),
    ("a threshold for a period never judged", "    periods: [12m]\n",
     "    periods: [12m]\n    by_period: {q4: 6}\n", [(83, 17, "error", "target-invalid")]),
    ("an unknown period in by_period", "by_period: {12m: 2000}", "by_period: {q5: 2000}",
     [(97, 17, "error", "ref-unknown")]),
    ("a comparison on a bool", "share_of_units: {indicator: quan_triet, equals: true}",
     "share_of_units: {indicator: quan_triet, at_least: true}",
     [(29, 47, "error", "target-invalid")]),
    ("one_of on a count of activities", "share_of_units: {activities: {tasks: [\"2\"], kinds: "
     "[doi_thoai]}, at_least: 1}", "share_of_units: {activities: {tasks: [\"2\"], kinds: "
     "[doi_thoai]}, one_of: [1, 2]}",
     [(62, 80, "error", "target-invalid")]),
    ("a comparison with an indicator the plan lacks", "at_most: so_cbccvc}",
     "at_most: so_ccvc}", [(177, 55, "error", "rule-invalid")]),
    ("a grade compared with something that is not a grade", "at_most: trung_binh}",
     "at_most: tb}", [(47, 54, "error", "target-invalid")]),
    ("once_per_item on a qualitative target", "qualitative: {tasks: [\"1\"]}",
     "qualitative: {tasks: [\"1\"], once_per_item: true}", [(102, 35, "error", "target-invalid")]),
    ("a denominator on a qualitative target", "      qualitative: {tasks: [\"1\"]}\n",
     "      qualitative: {tasks: [\"1\"]}\n    denominator: submitted_units\n",
     [(103, 5, "error", "target-invalid")]),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), PLAN_CASES,
                         ids=[case[0] for case in PLAN_CASES])
def test_plan_declarations(name: str, old: str, new: str, expected: Expected,
                           tmp_path: Path) -> None:
    found, _messages = check_with(tmp_path, PLAN, old, new)
    assert found == expected


def test_the_example_plan_is_clean(tmp_path: Path) -> None:
    assert check_with(tmp_path, PLAN, "year: 2024", "year: 2024") == ([], [])


def test_messages_say_what_to_write(tmp_path: Path) -> None:
    _found, messages = check_with(tmp_path, PLAN, "{id: yeu, label: Yếu, at_least: 0}",
                                  "{id: yeu, label: Yếu, at_least: 10}")
    assert messages == ["the lowest grade 'yeu' starts at 10, so scores from 0 up to 10 have "
                        "no grade: make it start at 0"]
    _found, messages = check_with(tmp_path / "2", PLAN,
                                  "so_cbccvc: {type: integer, min: 0, aggregate: sum,",
                                  "so_cbccvc: {type: integer, min: 0, aggregate: none,")
    assert messages == ["'so_cbccvc' is not added up across units; a ratio of sums needs it: "
                        "declare it with 'aggregate: sum' if its values can be added (people, "
                        "complaints), not if they are scores or rates"]
    _found, messages = check_with(tmp_path / "3", PLAN,
                                  "diem_dan_van: {type: number, min: 0, max: 100,",
                                  "diem_dan_van: {type: number, min: 0,")
    assert messages == ["the score 'diem_dan_van' must stay on the scale 'thang_100' (0 to "
                        "100), so that every score has a grade: give 'diem_dan_van' min: 0 "
                        "and max: 100"]


# (name, file, old, new, expected problems of that file)
ASSESSMENT_CASES: list[tuple[str, str, str, str, Expected]] = [
    ("a grade that contradicts its score", "plans/2024/q3/tt_dinh_quan.yaml",
     "xep_loai: tot", "xep_loai: kha", [(12, 13, "error", "grade-mismatch")]),
    ("a grade that is not a grade", "plans/2024/q3/tt_dinh_quan.yaml",
     "xep_loai: tot", "xep_loai: tott", [(12, 13, "error", "choice-invalid")]),
    ("a score over the scale", "plans/2024/q2/vp.yaml", "diem_dan_van: 92",
     "diem_dan_van: 101", [(11, 17, "error", "value-invalid")]),
    ("more staff briefed than staff", "plans/2024/q2/vp.yaml", "so_cbccvc_quan_triet: 20",
     "so_cbccvc_quan_triet: 21", [(10, 25, "error", "indicator-inconsistent")]),
    ("briefed, but not every staff member", "plans/2024/q2/tn_mt.yaml", "quan_triet: false",
     "quan_triet: true", [(8, 15, "error", "indicator-inconsistent")]),
    ("a complaint and no dialogue", "plans/2024/q2/xa_phu_tan.yaml", "    kind: doi_thoai\n",
     "    kind: hoi_nghi\n", [(13, 21, "warning", "indicator-inconsistent")]),
    ("a model without its kind", "plans/2024/q3/ttvh.yaml",
     "    kind: mo_hinh_dan_van_kheo\n", "", [(15, 5, "warning", "activity-kind-missing")]),
    ("an activity without kind that no kind-filtered target wants", "plans/2024/q2/vp.yaml",
     "    kind: doi_thoai\n", "", []),
]


@pytest.mark.parametrize(("name", "path", "old", "new", "expected"), ASSESSMENT_CASES,
                         ids=[case[0] for case in ASSESSMENT_CASES])
def test_assessment_rules(name: str, path: str, old: str, new: str, expected: Expected,
                          tmp_path: Path) -> None:
    found, _messages = check_with(tmp_path, path, old, new)
    assert found == expected


def test_assessment_messages_name_the_values(tmp_path: Path) -> None:
    _found, messages = check_with(tmp_path / "a", "plans/2024/q3/tt_dinh_quan.yaml",
                                  "xep_loai: tot", "xep_loai: kha")
    assert messages == ["'kha' (Khá) does not match the score 96 of 'diem_dan_van', which is "
                        "graded 'tot' (Tốt); remove the grade (dvcq computes it) or fix the "
                        "score"]
    _found, messages = check_with(tmp_path / "b", "plans/2024/q2/tn_mt.yaml",
                                  "quan_triet: false", "quan_triet: true")
    assert messages == ["the plan's rule 'quan_triet_toan_bo' is not met: Đơn vị chỉ ghi đã "
                        "quán triệt Kế hoạch khi toàn bộ CBCCVC đã được quán triệt; here "
                        "so_cbccvc_quan_triet = 13, so_cbccvc = 15, quan_triet = true: fix the "
                        "value that is wrong"]
    _found, messages = check_with(tmp_path / "c", "plans/2024/q3/ttvh.yaml",
                                  "    kind: mo_hinh_dan_van_kheo\n", "")
    assert messages == ["this activity has no 'kind', so 'mo_hinh_moi_don_vi', 'so_mo_hinh' "
                        "does not count it; if it is one of these, add it: kind: "
                        "mo_hinh_dan_van_kheo"]
