"""The report's wording: results of the attainment engine → ready-made Vietnamese text."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, write_tree

from dvcq_cli import attain
from dvcq_cli.attain import PeriodResult
from dvcq_cli.check import check_workspace
from dvcq_cli.report import (
    MAX_EXAMPLES,
    ReportOptions,
    build_context,
    clean,
    count_text,
    default_report_date,
    document_properties,
    earlier_periods,
    first_sentence,
    indicator_text,
    lower_first,
    plan_text,
)
from dvcq_cli.report.text import number_text
from dvcq_cli.schema import Percent


def example(period: str) -> PeriodResult:
    workspace = check_workspace(REPO, REPO)
    data = workspace.years["2024"]
    assert data.plan is not None
    return attain.evaluate(data.plan, period, data.assessments.get(period, {}))


def workspace_result(root: Path, period: str, year: str = "2025") -> PeriodResult:
    workspace = check_workspace(root, root)
    data = workspace.years[year]
    assert data.plan is not None
    rejected = {u: e.display for u, e in data.rejected.get(period, {}).items()}
    return attain.evaluate(data.plan, period, data.assessments.get(period, {}), rejected)


def example_context(period: str, day: date) -> dict[str, Any]:
    """The example report of `period` as `dvcq report` builds it: with the units' files of
    the year's earlier reports, for what those already said."""
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    earlier = [data.assessments.get(other, {})
               for other in earlier_periods(data.plan, period)]
    return build_context(example(period), ReportOptions(day), None, earlier)


@pytest.fixture(scope="module")
def nine() -> dict[str, Any]:
    return example_context("9m", date(2024, 9, 15))


@pytest.fixture(scope="module")
def six() -> dict[str, Any]:
    return build_context(example("6m"), ReportOptions(date(2024, 6, 15)))


def strings(value: Any) -> list[str]:
    """Every string the template could show."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    raise AssertionError(f"the context holds a {type(value).__name__}: {value!r}")


def shown(text: str) -> str:
    """A figure of the targets table with its non-breaking spaces shown as `~`: the words
    the table keeps on one line."""
    return text.replace("\u00a0", "~")


# ------------------------------------------------------------------------------ header
def test_header_strings(nine: dict[str, Any]) -> None:
    assert nine["parent"] == "UBND TỈNH ĐỒNG NAI"
    assert nine["issuer"] == "VĂN PHÒNG"
    assert nine["report_code"] == "BC-VP"
    assert nine["place_date"] == "Đồng Nai, ngày 15 tháng 9 năm 2024"
    assert nine["subject"] == "Kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm 2024"


def test_date_padding_follows_the_decree() -> None:
    context = build_context(example("9m"), ReportOptions(date(2025, 1, 5)))
    assert context["place_date"] == "Đồng Nai, ngày 05 tháng 01 năm 2025"
    assert context["annex_reference"] == (
        "(Kèm theo Báo cáo số       /BC-VP ngày 05/01/2025 của Văn phòng UBND tỉnh)")


def test_period_wording_comes_from_the_plan_labels(six: dict[str, Any]) -> None:
    assert six["subject"].endswith(" 6 tháng đầu năm 2024")
    year = build_context(example("12m"), ReportOptions(date(2024, 12, 15)))
    assert year["subject"] == "Kết quả thực hiện công tác Dân vận chính quyền năm 2024"


def test_opening_cites_the_plan_and_the_window(nine: dict[str, Any]) -> None:
    # The document the plan implements (its basis) first; their common title said once.
    assert nine["opening"] == (
        "Thực hiện Kế hoạch số 107/KH-UBND ngày 28/3/2024 của UBND tỉnh Đồng Nai và Kế hoạch "
        "số 294/KH-VP ngày 08/4/2024 của Văn phòng UBND tỉnh về thực hiện "
        "công tác Dân vận chính quyền năm 2024, Văn phòng UBND tỉnh báo cáo kết quả thực hiện "
        "công tác Dân vận chính quyền 9 tháng năm 2024; số liệu tính từ ngày 15/12/2023 đến "
        "ngày 14/9/2024, cụ thể như sau:")


def test_leadership_names_late_and_missing_units(nine: dict[str, Any]) -> None:
    # Direction, dissemination and follow-up: the activities of the unit that steers the
    # plan (report.prepared_by), by what they do; then who reported.
    assert nine["leadership"] == [
        # The plan of 08/4, the launch of 06/3, the briefing of 16/4 and the inspection of
        # 28/5 (in the 9-month files, year to date) were the 6-month report's: one recap
        # with their dates, first.
        "Việc ban hành Kế hoạch số 294/KH-VP ngày 08/4/2024 và các hoạt động chỉ đạo, quán triệt, "
        "kiểm tra trước ngày 15/6/2024 đã nêu tại báo cáo kết quả thực hiện công tác Dân vận "
        "chính quyền 6 tháng đầu năm 2024.",
        # New since the 6-month report (15/6/2024) in full: the follow-up of 17/7.
        "Công tác kiểm tra, đôn đốc: ngày 17/7/2024, Phòng Hành chính – Tổ chức tổng hợp kết "
        "quả tự đánh giá 6 tháng của 15 đơn vị; tham mưu báo cáo gửi Sở Nội vụ, đôn đốc các "
        "đơn vị còn thiếu số liệu minh chứng.",
        # How far the plan reached stands at the period's end: said again, with its figures.
        "Công tác quán triệt, triển khai: 14/14 đơn vị đã gửi báo cáo đều đã quán triệt Kế "
        "hoạch và đưa nhiệm vụ dân vận vào chương trình công tác năm: số công chức, viên chức "
        "(CCVC) và người lao động được quán triệt là 193/193 người.",
        "Tính đến ngày 15/9/2024, Phòng Hành chính – Tổ chức đã nhận được báo cáo tự đánh giá "
        "kết quả thực hiện 9 tháng năm 2024 của 14/15 đơn vị (hạn gửi ngày 10/9/2024); trong "
        "đó 02 đơn vị gửi trễ hạn: Ban Tiếp công dân tỉnh, Trung tâm Hội nghị và Nhà khách "
        "tỉnh; còn 01 đơn vị chưa gửi báo cáo: Phòng Thư ký – Biên tập (số liệu tại báo cáo "
        "này chưa bao gồm đơn vị này).",
    ]


# ------------------------------------------------------------------------------ targets
def test_target_rows_9m(nine: dict[str, Any]) -> None:
    rows = [(r["number"], shown(r["plan"]), shown(r["result"]), shown(r["rate"]), r["verdict"])
            for r in nine["targets"]]
    assert rows == [
        ("1", "100%", "14/15~đơn~vị", "93,3%", "Chưa đạt"),
        ("2", "Định~tính", "42~hoạt~động của~14~đơn~vị", "-", "Đạt"),
        ("3", "100%", "14/15~đơn~vị", "93,3%", "Chưa đạt"),
        ("4", "Từ~80%~trở~lên", "12/15~đơn~vị", "80%", "Đạt"),
        ("5", "Trên~80%", "12/15~đơn~vị", "80%", "Chưa đạt"),
    ]
    assert nine["targets"][3]["name"] == "Đạt tiêu chí “Dân vận khéo”"


def test_target_rows_6m(six: dict[str, Any]) -> None:
    rows = [(shown(r["result"]), shown(r["rate"]), r["verdict"]) for r in six["targets"]]
    assert rows == [
        ("12/15~đơn~vị", "80%", "Chưa đạt"),
        ("32~hoạt~động của~15~đơn~vị", "-", "Đạt"),
        ("14/15~đơn~vị", "93,3%", "Chưa đạt"),
        ("11/15~đơn~vị", "73,3%", "Chưa đạt"),
        ("13/15~đơn~vị", "86,7%", "Đạt"),
    ]


def test_target_rows_of_another_plan(tmp_path: Path) -> None:
    # The small plan of conftest: 2 of its 3 units report “Dân vận khéo” and QCDC “tốt”;
    # the third has not sent. 2/3 = 66,7%: under “at least 75%”, over “more than 50%”.
    write_tree(tmp_path, {
        "plans/2025/plan.yaml": MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
        "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
    })
    context = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    assert [{key: shown(value) for key, value in row.items()}
            for row in context["targets"]] == [
        {"number": "1", "name": "Dân vận khéo", "plan": "Từ~75%~trở~lên",
         "result": "02/03~đơn~vị", "rate": "66,7%", "verdict": "Chưa đạt"},
        {"number": "2", "name": "QCDC tốt", "plan": "Trên~50%",
         "result": "02/03~đơn~vị", "rate": "66,7%", "verdict": "Đạt"},
    ]


def test_target_rows_without_data(tmp_path: Path) -> None:
    # Nobody has sent a report: a share over the submitted units has no figure at all.
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN.replace(
        "    at_least: 75%\n", "    at_least: 75%\n    denominator: submitted_units\n")})
    context = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    assert [(r["number"], shown(r["result"]), shown(r["rate"]), r["verdict"])
            for r in context["targets"]] == [
        ("1", "Chưa có số liệu", "-", "Chưa có số liệu"),
        ("2", "0/03~đơn~vị", "0%", "Chưa đạt"),
    ]


def test_target_rows_of_every_kind_of_measure() -> None:
    from test_attain import build_assessment, build_plan, plan_yaml, target

    plan = build_plan(plan_yaml(3, (
        target("cu", "count_of_units: {indicator: muc, equals: tot}", "at_least", 2)
        + target("ca", "count_of_activities: {tasks: ['1']}", "at_least", 3)
        + target("sa", "sum_of_activities: {field: participants}", "at_least", 100)
        + target("si", "sum_of_indicator: {indicator: so_ccvc}", "at_most", 25)
        + target("rs", "ratio_of_sums: {numerator: so_qt, denominator: so_ccvc}",
                 "at_least", "90%"))))
    activities = {
        "u01": ({"task": "1", "date": "2025-01-05", "participants": 40},
                {"task": "1", "date": "2025-02-05", "participants": 25}),
        "u02": ({"task": "1", "date": "2025-03-05", "participants": 50},),
        "u03": ()}
    values = {"u01": {"muc": "tot", "so_ccvc": 10, "so_qt": 9},
              "u02": {"muc": "tot", "so_ccvc": 12, "so_qt": 12},
              "u03": {"muc": "kha", "so_ccvc": 8, "so_qt": 8}}
    result = attain.evaluate(plan, "6m", {
        unit: build_assessment(plan, unit, activities=activities[unit], **values[unit])
        for unit in values})
    rows = build_context(result, ReportOptions(date(2025, 6, 20)))["targets"]
    # By hand: 2 units rated tốt; 3 activities of task 1; 40 + 25 + 50 people; 10 + 12 + 8
    # staff, over the ceiling of 25; 29 of 30 staff = 96,7%. Rates only for shares and ratios.
    assert [(r["number"], shown(r["plan"]), shown(r["result"]), shown(r["rate"]), r["verdict"])
            for r in rows] == [
        ("1", "Từ~02~trở~lên", "02~đơn~vị", "-", "Đạt"),
        ("2", "Từ~03~trở~lên", "03~hoạt~động", "-", "Đạt"),
        ("3", "Từ~100~trở~lên", "115 người tham dự", "-", "Đạt"),
        ("4", "Không~quá~25", "30", "-", "Chưa đạt"),
        ("5", "Từ~90%~trở~lên", "29/30", "96,7%", "Đạt"),
    ]


@pytest.mark.parametrize(("amounts", "written"), [(("1.5", "1.5"), "3"),
                                                  (("1.25", "0.5"), "1,8")])
def test_a_sum_of_amounts_is_written_as_a_number_not_a_count(
        amounts: tuple[str, str], written: str) -> None:
    # An amount (million đồng) is not a count: 3, never 03; 1,75 rounds half up to 1,8.
    from test_attain import build_assessment, build_plan, plan_yaml, target

    plan = build_plan(plan_yaml(2, target(
        "kp", "sum_of_indicator: {indicator: kinh_phi}", "at_least", 2)).replace(
        "  ghi_chu:", "  kinh_phi: {type: number, label: Kinh phí, aggregate: sum}\n  ghi_chu:"))
    result = attain.evaluate(plan, "6m", {
        unit: build_assessment(plan, unit, kinh_phi=amount)
        for unit, amount in zip(("u01", "u02"), amounts, strict=True)})
    [row] = build_context(result, ReportOptions(date(2025, 6, 20)))["targets"]
    assert shown(row["result"]) == written


def test_a_small_sum_of_a_count_takes_its_zero() -> None:
    # so_ccvc counts people and adds up: 2 + 3 is written 05, as every count under ten.
    from test_attain import build_assessment, build_plan, plan_yaml, target

    plan = build_plan(plan_yaml(2, target("si", "sum_of_indicator: {indicator: so_ccvc}",
                                          "at_least", 1)))
    result = attain.evaluate(plan, "6m", {
        "u01": build_assessment(plan, "u01", so_ccvc=2, so_qt=2),
        "u02": build_assessment(plan, "u02", so_ccvc=3, so_qt=3)})
    [row] = build_context(result, ReportOptions(date(2025, 6, 20)))["targets"]
    assert shown(row["result"]) == "05"


def test_items_counted_once_are_named_by_their_kind() -> None:
    # Items mh1 (twice, counted once) and mh2 are hội nghị; with tt1, 3 items of two kinds.
    from test_attain import build_assessment, build_plan, plan_yaml, target

    plan = build_plan(plan_yaml(2, (
        target("mh", "count_of_activities: {kinds: [hoi_nghi], once_per_item: true}",
               "at_least", 2)
        + target("vi", "count_of_activities: {kinds: [hoi_nghi, tuyen_truyen], "
                       "once_per_item: true}", "at_least", 2))))
    activities = {
        "u01": ({"task": "1", "date": "2025-01-05", "kind": "hoi_nghi", "item": "mh1"},
                {"task": "1", "date": "2025-02-05", "kind": "hoi_nghi", "item": "mh1"}),
        "u02": ({"task": "1", "date": "2025-03-05", "kind": "hoi_nghi", "item": "mh2"},
                {"task": "1", "date": "2025-03-06", "kind": "tuyen_truyen", "item": "tt1"})}
    result = attain.evaluate(plan, "6m", {
        unit: build_assessment(plan, unit, activities=done) for unit, done in activities.items()})
    rows = build_context(result, ReportOptions(date(2025, 6, 20)))["targets"]
    assert [shown(row["result"]) for row in rows] == ["02~hội~nghị", "03~việc"]


def test_indicator_values_as_shown_in_the_annex() -> None:
    from test_attain import build_plan, plan_yaml, share_target

    plan = build_plan(plan_yaml(1, share_target("indicator: dat, equals: true")))
    shown = {name: indicator_text(plan.indicators[name], value, plan) for name, value in (
        ("dat", True), ("muc", "kha"), ("diem", 5), ("ty_le", 2.5), ("so_ccvc", 5),
        ("ghi_chu", "Đã họp"))}
    # A score is a number (5), not a count; a count that adds up is (05); a choice its label.
    assert shown == {"dat": "Có", "muc": "Khá", "diem": "5", "ty_le": "2,5", "so_ccvc": "05",
                     "ghi_chu": "Đã họp"}
    assert indicator_text(plan.indicators["ghi_chu"], "", plan) == "-"
    assert indicator_text(plan.indicators["diem"], None, plan) == "-"


def test_targets_notes_explain_the_denominator(nine: dict[str, Any]) -> None:
    assert nine["targets_heading"] == "4. Kết quả thực hiện các chỉ tiêu trọng tâm"
    # Which units hold each target back is said in III.2 (with their own shortcomings), the
    # missing unit in I, the staff briefed in I: the notes do not say them again.
    assert nine["targets_notes"] == [
        "Tỷ lệ đơn vị được tính trên tổng số 15 đơn vị; đơn vị chưa gửi báo cáo được tính là "
        "chưa đạt.",
        # Target 2 counts the activities of contents 1 and 3 only (42, against the 80 of
        # section II): the note says so, so the two figures are not read as one.
        "Kết quả chỉ tiêu số 2 tính các hoạt động thuộc nội dung 1 và 3.",
        # Target 5's row gives the units of grade Tốt: the note gives the grade of the others
        # as the annex writes it (section III names them, with their shortcomings).
        "Về mức độ thực hiện quy chế dân chủ ở cơ sở, 02 đơn vị tự đánh giá mức Khá; các đơn "
        "vị còn lại đã gửi báo cáo đều tự đánh giá mức Tốt.",
    ]


def test_plan_text_for_every_comparison() -> None:
    target = example("9m").plan.targets[3]  # at_least 80%
    plain = target._replace(at_least=None)
    assert plan_text(target) == "Từ 80% trở lên"
    assert plan_text(plain._replace(more_than=Percent(target.threshold))) == (
        "Trên 80%")
    assert plan_text(plain._replace(at_most=5)) == "Không quá 05"  # a count below ten
    assert plan_text(plain._replace(at_most=12)) == "Không quá 12"
    assert plan_text(plain._replace(less_than=Percent(target.threshold / 8))) == (
        "Dưới 10%")
    assert plan_text(plain._replace(at_least=Percent(target.threshold * 5 / 4))) == (
        "100%")
    assert plan_text(plain) == "-"
    assert plan_text(plain._replace(at_most=0)) == "Không có"  # never "Không quá 0"
    assert plan_text(plain._replace(at_most=1)) == "Không quá 01"
    assert plan_text(plain._replace(at_most=Percent(Fraction(0)))) == "Không quá 0%"


def test_plan_text_of_a_period_with_its_own_threshold() -> None:
    target = example("9m").plan.targets[3]._replace(
        by_period={"9m": Percent(Fraction(7, 10))})  # at least 80%, 70% at 9 months
    assert plan_text(target, "9m") == "Từ 70% trở lên"
    assert plan_text(target, "6m") == "Từ 80% trở lên"
    assert plan_text(target) == "Từ 80% trở lên"


def test_plan_text_names_the_periods_a_target_is_judged_at() -> None:
    result = example("9m")
    target = result.plan.targets[3]._replace(periods=["9m", "12m", "q7"])
    # With the plan: the labels of its periods (one it lacks is left out); without: none.
    assert plan_text(target, "9m", result.plan) == (
        "Từ 80% trở lên (đánh giá vào kỳ 9 tháng năm 2024, năm 2024)")
    assert plan_text(target, "9m") == "Từ 80% trở lên"


# ------------------------------------------------------------------------------ results
def test_areas_follow_the_plan_tasks_and_points(nine: dict[str, Any]) -> None:
    headings = [area["heading"] for area in nine["areas"]]
    assert headings == [
        "1. Đẩy mạnh công tác tuyên truyền, phổ biến Nghị quyết của Đảng, chính sách pháp luật "
        "của Nhà nước cho đoàn viên, hội viên",
        "2. Thực hiện nề nếp quy chế công tác dân vận của hệ thống chính trị, nhất là trong "
        "các cơ quan nhà nước",
        "3. Đẩy mạnh phong trào thi đua “Dân vận khéo” gắn với các phong trào thi đua yêu nước",
    ]
    points = [p["heading"].split(")")[0] for p in nine["areas"][1]["points"]]
    assert points == ["a", "b", "c", "d", "đ"]
    # Each point by the short heading the plan gives it (its full text stays in the plan).
    assert nine["areas"][1]["points"][0]["heading"] == (
        "a) Tăng cường phối hợp; gắn công tác dân vận với thực hiện chức năng, nhiệm vụ của "
        "từng tổ chức")
    # Counted by hand in plans/2024/9m: 22 activities of task 1 by 14 units; the people at
    # its meetings add up to 240 and the Cổng's posts (its one `dang_tin` span) to 352: two
    # sums, never one.
    assert nine["areas"][0]["paragraphs"][0] == (
        "Từ đầu năm đến nay, có 14/15 đơn vị thực hiện 22 hoạt động thuộc nội dung này (240 "
        "người tham dự; 352 tin, bài); trong đó 05 hoạt động từ ngày 15/6/2024.")


def test_highlighted_activities_come_first_and_identical_ones_merge() -> None:
    # The first report of the year: its examples may date from the start of the window.
    first = build_context(example("6m"), ReportOptions(date(2024, 6, 15)))["areas"][0][
        "paragraphs"]
    assert first[1] == "Một số hoạt động tiêu biểu:"
    bullets = first[2:]
    assert len(bullets) == MAX_EXAMPLES  # the office's conference of 16/4 is in section I
    assert not any("16/4/2024, 42 người" in line for line in bullets)
    assert bullets[0].startswith("- Đăng tải 214 tin, bài tuyên truyền")
    # The same briefing by all 15 units (193 people, 16/4–06/5) is section I's "… được quán
    # triệt là 193/198 người": not an example a page later with the same figure.
    assert not any("quán triệt" in line or "193" in line for line in bullets)
    assert bullets[1] == (
        "- Tham mưu Lãnh đạo Văn phòng chỉ đạo tuyên truyền chủ đề năm 2024 “Xây dựng chính "
        "quyền thân thiện” trên Cổng thông tin điện tử tỉnh và bảng tin cơ quan (Phòng Tổng "
        "hợp, ngày 14/5/2024);")


def test_dan_van_kheo_models_are_listed(nine: dict[str, Any]) -> None:
    point = nine["areas"][2]["points"][2]["paragraphs"]
    assert point[0] == ("Từ đầu năm đến nay, có 08/15 đơn vị thực hiện 08 hoạt động thuộc nội "
                        "dung này; "
                        "trong đó 02 hoạt động từ ngày 15/6/2024.")
    # The 02 activities since the 6-month report are its examples: both highlighted by their
    # units, though of the models' kind (the list below gives only names and stages).
    assert point[1:4] == [
        "Một số hoạt động tiêu biểu từ ngày 15/6/2024:",
        "- Xây dựng và đăng ký mô hình “Dân vận khéo” “Lắng nghe ý kiến người dân trước khi "
        "tham mưu” trong các lĩnh vực nông nghiệp, xây dựng, giao thông (Phòng Kinh tế ngành, "
        "ngày 10/7/2024);",
        "- Triển khai mô hình “Dân vận khéo” “Một lần hỏi – trọn câu trả lời”: công chức trả "
        "lời, hướng dẫn người dân về thủ tục hành chính qua đường dây nóng trong ngày (Phòng "
        "Kiểm soát thủ tục hành chính, ngày 20/8/2024).",
    ]
    point = [point[0], *point[4:]]
    # Every record of plans/2024/models.yaml registered by 14/9/2024, counted by hand: 11
    # (all but mh_tra_cuu_nhanh, registered 24/9) of 10 units, as `dvcq status` counts them,
    # whether or not an activity of the period mentions them; each as it stands on 14/9.
    # Registered models at the period's end, not the activities of the sentence before.
    assert point[1] == ("Về mô hình “Dân vận khéo”: đến ngày 14/9/2024, 10 đơn vị có 11 mô "
                        "hình, điển hình đã đăng ký (kể cả từ các năm trước chuyển sang), gồm:")
    assert point[2] == ("- Điển hình “Công chức tiếp công dân tận tụy, lắng nghe người dân” (Ban "
                        "Tiếp công dân tỉnh; đang triển khai);")
    assert point[3] == ("- Mô hình “Tiếp dân bằng cả tấm lòng” (Ban Tiếp công dân tỉnh; có hiệu "
                        "quả);")
    assert point[-2] == ("- Mô hình “Tra cứu tài liệu lưu trữ một lần đến” (Phòng Văn thư – Lưu "
                         "trữ; dừng thực hiện);")
    assert len(point) == 2 + 11
    assert point[-1] == ("- Mô hình “Nụ cười thân thiện – phục vụ tận tâm” (Trung tâm Hành chính "
                         "công tỉnh; có hiệu quả).")


# ------------------------------------------------------------------------------ III–V
def test_assessment_lists(nine: dict[str, Any]) -> None:
    assert nine["strengths"][0] == (
        "- Trong 04 chỉ tiêu có định lượng, có 01 chỉ tiêu đạt kế hoạch: Đạt tiêu chí “Dân vận "
        "khéo” (đạt 80%, kế hoạch từ 80% trở lên);")
    # Grouped by the target or task each remark names, without section II's count again; a
    # single remark joins its heading; two or more go under it, one a line. What a unit wrote
    # word for word in the 6-month report is not said again (plans/2024/9m: each unit's
    # strengths say what the third quarter added); results in figures first and all of
    # them, other lines up to three a task (Ban Tiếp công dân tỉnh's Luật Đất đai line is
    # the fourth of 2.a). The unit preparing the report speaks as the office: its own
    # remark (2.đ) has no name after it. Trung tâm Hội nghị, short of targets 4 and 5, is no
    # strength: 2.đ's example tells its conference.
    assert nine["strengths"][1:] == [
        "- Về đẩy mạnh công tác tuyên truyền (nội dung 1): quý III đăng tải thêm 138 tin, bài "
        "tuyên truyền về công tác dân vận chính quyền; chuyên trang kêu gọi ủng hộ đồng bào "
        "các tỉnh phía Bắc bị thiệt hại do bão số 3 được mở kịp thời (Cổng thông tin điện tử "
        "tỉnh);",
        "- Về tăng cường phối hợp (nội dung 2.a):",
        "+ 12 kiến nghị của doanh nghiệp tại Khu công nghiệp Nhơn Trạch được ghi nhận, chuyển "
        "cơ quan chức năng xem xét ngay sau buổi làm việc (Phòng Kinh tế);",
        "+ Sau đối thoại ngày 13/8/2024, 04/06 hộ dân có khiếu nại kéo dài về đất đai rút đơn "
        "(Phòng Nội chính);",
        "+ 50/52 kiến nghị của cử tri gửi đến kỳ họp giữa năm 2024 của HĐND tỉnh được trả lời "
        "đúng hạn (Phòng Tổng hợp);",
        "- Về tiếp nhận, trả kết quả thủ tục hành chính qua dịch vụ bưu chính và cải cách hành "
        "chính (nội dung 2.b):",
        "+ Việc kiểm tra công tác kiểm soát thủ tục hành chính, cơ chế một cửa tại UBND huyện "
        "Long Thành và UBND huyện Nhơn Trạch được thực hiện đúng kế hoạch (Phòng Kiểm soát thủ "
        "tục hành chính);",
        "+ Bản sao tài liệu lưu trữ được trả qua dịch vụ bưu chính công ích cho 18 trường hợp "
        "công dân ở xa; mục lục hồ sơ giai đoạn 2015–2018 được số hóa, rút ngắn thời gian tra "
        "cứu (Phòng Văn thư – Lưu trữ);",
        "+ Việc trả kết quả thủ tục hành chính tại nhà qua dịch vụ bưu chính công ích được mở "
        "rộng, người dân không phải đi lại nhiều lần (Trung tâm Hành chính công tỉnh);",
        "- Về giám sát, đôn đốc thực hiện công tác dân vận chính quyền, quy chế dân chủ (nội "
        "dung 2.đ):",
        "+ Kết quả tự đánh giá 6 tháng của 15 đơn vị được tổng hợp, báo cáo Sở Nội vụ; các đơn "
        "vị còn thiếu số liệu, minh chứng được đôn đốc bổ sung;",
        "+ Từ tháng 7/2024, việc họp phòng định kỳ để công chức góp ý phân công nhiệm vụ được "
        "duy trì; kết quả đánh giá, xếp loại công chức 6 tháng được công khai (Phòng Kinh tế "
        "ngành);",
        "- Về tiếp tục đẩy mạnh phong trào thi đua “Dân vận khéo” trong hệ thống chính trị (nội "
        "dung 3.a): hoạt động tri ân nhân kỷ niệm 77 năm Ngày Thương binh – Liệt sĩ được phối "
        "hợp với địa phương tổ chức chu đáo, đúng đối tượng (Phòng Khoa giáo – Văn xã);",
        # The models' content opens with what the register adds up to (the figures of
        # `dvcq status`), with no unit's remark needed; "Tổng hợp nhanh – Tham mưu trúng",
        # "đang triển khai" in the register on 14/9, is no strength yet.
        "- Về đẩy mạnh công tác “Dân vận khéo” của đội ngũ CCVC (nội dung 3.c): 04 mô hình, điển "
        "hình “Dân vận khéo” được đánh giá có hiệu quả.",
    ]
    # Routine duty is no strength: publishing in the Công báo, issuing documents
    # electronically are not in the list.
    text = "\n".join(nine["strengths"])
    assert "Công báo đầy đủ" not in text and "phát hành điện tử" not in text
    assert not any("Ưu điểm khác" in line for line in nine["strengths"])
    # Every target not met, the units holding it back (the missing unit is not named again:
    # section I names it), then what those units say of it; in the targets table's order.
    assert nine["shortcomings"][:7] == [
        "- Chỉ tiêu số 1 (Quán triệt Kế hoạch, đưa nhiệm vụ dân vận vào chương trình công tác "
        "năm) và chỉ tiêu số 3 (Triển khai đầy đủ công tác dân vận chính quyền và quy chế dân "
        "chủ ở cơ sở) đạt 93,3%, chưa đạt kế hoạch (100%); các đơn vị đã gửi báo cáo đều đạt, "
        "chỉ tiêu chưa đạt do còn 01 đơn vị chưa gửi báo cáo;",
        # Met, yet listed for the units still short of it: it says so.
        "- Chỉ tiêu số 4 (Đạt tiêu chí “Dân vận khéo”) tuy đạt kế hoạch nhưng còn 03 đơn vị chưa "
        "đạt (Phòng Văn thư – Lưu trữ, Trung tâm Hội nghị và Nhà khách tỉnh và 01 đơn vị chưa gửi "
        "báo cáo):",
        # Not "chưa đăng ký mô hình": units with no model met the target; what each lacks.
        "+ Việc phục vụ người dân tra cứu tài liệu lưu trữ vẫn chưa có cách làm “Dân vận khéo” "
        "mới thay cho mô hình đã dừng từ tháng 02/2024 (Phòng Văn thư – Lưu trữ);",
        "+ Trung tâm Hội nghị và Nhà khách tỉnh chưa có hoạt động hưởng ứng phong trào thi đua "
        "“Dân vận khéo” gắn với nhiệm vụ phục vụ hội nghị, lưu trú;",
        "- Chỉ tiêu số 5 (Thực hiện tốt quy chế dân chủ ở cơ sở) đạt 80%, chưa đạt kế hoạch "
        "(trên 80%); còn 03 đơn vị chưa đạt (Phòng Kinh tế, Trung tâm Hội nghị và Nhà khách "
        "tỉnh và 01 đơn vị chưa gửi báo cáo):",
        "+ Trong quý III, Phòng Kinh tế chưa tổ chức lấy ý kiến công chức về phân công nhiệm vụ "
        "và chưa công khai kịp thời kết quả đánh giá công chức 6 tháng, nên tự đánh giá thực "
        "hiện quy chế dân chủ ở mức Khá;",
        "+ Việc thực hiện dân chủ ở một số tổ còn hình thức (Trung tâm Hội nghị và Nhà khách "
        "tỉnh);",
    ]
    assert nine["shortcomings"][8:11] == [
        "- Về tăng cường phối hợp (nội dung 2.a):",
        "+ Một số vụ việc đông người còn phức tạp, chưa giải quyết dứt điểm (Phòng Nội chính);",
        "+ Còn 02 kiến nghị cử tri trả lời chậm so với thời hạn (Phòng Tổng hợp);"]
    # The causes as an office writes them: the objective ones, then the unit's own (a cause
    # that does not say is the unit's own); in each, by the target it explains, then by task;
    # a cause tied to nothing closes its kind without a label.
    assert nine["causes"] == [
        "* Nguyên nhân khách quan:",
        "- Chỉ tiêu số 5 (Thực hiện tốt quy chế dân chủ ở cơ sở) chưa đạt do: người lao động "
        "làm việc theo ca, khó tập trung (Trung tâm Hội nghị và Nhà khách tỉnh);",
        "- Phòng Văn thư – Lưu trữ chưa đạt chỉ tiêu số 4 (Đạt tiêu chí “Dân vận khéo”) do: nhiệm "
        "vụ chủ yếu phục vụ nội bộ, ít tiếp xúc trực tiếp với người dân;",
        "- Về đẩy mạnh công tác tuyên truyền (nội dung 1): thiếu phóng viên, biên tập viên có kỹ "
        "năng sản xuất nội dung đa phương tiện (Cổng thông tin điện tử tỉnh);",
        "- Về tăng cường phối hợp (nội dung 2.a):",
        "+ Vụ việc chủ yếu về bồi thường, tái định cư, có tính chất phức tạp, kéo dài (Ban Tiếp "
        "công dân tỉnh);",
        "+ Vụ việc có nguồn gốc đất đai phức tạp, hồ sơ qua nhiều thời kỳ (Phòng Nội chính);",
        "+ Một số kiến nghị liên quan nhiều sở, ngành, cần thời gian phối hợp (Phòng Tổng hợp);",
        "- Về tiếp nhận, trả kết quả thủ tục hành chính qua dịch vụ bưu chính và cải cách "
        "hành chính (nội dung 2.b):",
        "+ Người dân chưa quen sử dụng dịch vụ bưu chính công ích và dịch vụ công trực tuyến "
        "(Phòng Kiểm soát thủ tục hành chính);",
        "+ Hệ thống phần mềm một cửa điện tử có lúc gián đoạn (Trung tâm Hành chính công tỉnh);",
        "- Về công khai, minh bạch thủ tục hành chính, phí, lệ phí và chế độ, chính sách (nội "
        "dung 2.d): Phòng Quản trị – Tài vụ có nhiều vị trí làm việc theo ca (lái xe, bảo vệ), "
        "khó bố trí họp đầy đủ;",
        "- Về tiếp tục đẩy mạnh phong trào thi đua “Dân vận khéo” trong hệ thống chính trị (nội "
        "dung 3.a): viên chức chủ yếu làm nhiệm vụ kỹ thuật, ít tiếp xúc trực tiếp với người "
        "dân; kinh phí cho hoạt động hỗ trợ người dân còn hạn chế (Trung tâm Công báo – Tin "
        "học);",
        "- Về đẩy mạnh công tác “Dân vận khéo” của đội ngũ CCVC (nội dung 3.c): Phòng Khoa giáo "
        "– Văn xã ít công chức, phụ trách nhiều lĩnh vực;",
        "- Công chức phụ trách công tác dân vận ở các đơn vị đều kiêm nhiệm, khối lượng công "
        "việc chuyên môn lớn;",
        "* Nguyên nhân chủ quan:",
        # Named in full among the khách quan causes: its number is enough here.
        "- Chỉ tiêu số 5 chưa đạt do:",
        "+ 02 công chức đi học, khối lượng công việc tăng, Phòng Kinh tế tập trung cho nhiệm vụ "
        "chuyên môn;",
        "+ Công tác tham mưu của bộ phận tổ chức còn chậm (Trung tâm Hội nghị và Nhà khách "
        "tỉnh);",
        "- Về đẩy mạnh công tác “Dân vận khéo” của đội ngũ CCVC (nội dung 3.c): mô hình đăng ký "
        "từ tháng 7/2024, chưa đủ thời gian để đánh giá; nhiều công chức thường xuyên đi công "
        "tác cơ sở (Phòng Kinh tế ngành)."]
    # Who is missing or late is said once, in section I: not among III's or IV's lines, and
    # the units' own sentences about their late report are left out.
    said = {items: [line for line in nine[items] if "Phòng Thư ký – Biên tập" in line
                    or "gửi chậm" in line or "trễ hạn" in line
                    or "chưa gửi báo cáo: Phòng" in line]
            for items in ("leadership", "strengths", "shortcomings", "causes", "next_tasks")}
    assert said == {"leadership": [nine["leadership"][-1]], "strengths": [],
                    "shortcomings": [], "causes": [], "next_tasks": []}
    # The three targets not met, each once with its plan figure and the units' tasks for it
    # or what its cause asks (targets 1 and 3: only the missing report holds them back, one
    # line, the unit counted); then the office's own tasks (Phòng Hành chính – Tổ chức
    # prepares the report).
    assert nine["next_tasks"][:5] == [
        "- Tiếp tục chỉ đạo, đôn đốc các đơn vị phấn đấu đạt kế hoạch đối với:",
        "+ Chỉ tiêu số 1 (Quán triệt Kế hoạch, đưa nhiệm vụ dân vận vào chương trình công tác "
        "năm) và chỉ tiêu số 3 (Triển khai đầy đủ công tác dân vận chính quyền và quy chế dân "
        "chủ ở cơ sở), kế hoạch 100%: đôn đốc 01 đơn vị chưa gửi báo cáo hoàn thành báo cáo tự "
        "đánh giá;",
        "+ Chỉ tiêu số 5 (Thực hiện tốt quy chế dân chủ ở cơ sở), kế hoạch trên 80%: họp phòng "
        "lấy ý kiến công chức về phân công nhiệm vụ; công khai kết quả đánh giá công chức theo "
        "quy chế dân chủ (Phòng Kinh tế); tổ chức đối thoại định kỳ giữa Giám đốc và người lao "
        "động (Trung tâm Hội nghị và Nhà khách tỉnh);",
        "- Tham mưu tổng kết, biểu dương các mô hình “Dân vận khéo” tiêu biểu năm 2024;",
        "- Tổng hợp, tham mưu báo cáo kết quả thực hiện công tác Dân vận chính quyền năm 2024;"]
    assert nine["next_heading"] == "NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"
    for items in ("strengths", "shortcomings", "causes", "next_tasks", "proposals"):
        assert all(line.endswith((";", ":")) for line in nine[items][:-1]), items
        assert nine[items][-1].endswith("."), items


def test_closing_recipients_and_signer(nine: dict[str, Any]) -> None:
    assert nine["closing"] == (
        "Trên đây là báo cáo kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm 2024 "
        "của Văn phòng UBND tỉnh, kính gửi Sở Nội vụ tổng hợp, theo dõi./.")
    assert nine["recipients"] == [
        "- Sở Nội vụ;", "- Chánh Văn phòng UBND tỉnh (để báo cáo);",
        "- Các Phó Chánh Văn phòng UBND tỉnh;",
        "- Trưởng các phòng, ban, trung tâm, cổng thông tin;", "- Lưu: VT, HCTC."]
    assert nine["signer_lines"] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    assert nine["signer_name"] == "Nguyễn Kim Long"
    other = build_context(example("9m"), ReportOptions(date(2024, 9, 15), "Trần Văn An"))
    assert other["signer_name"] == "Trần Văn An"


# ------------------------------------------------------------------------------ annex
def test_annex_lists_every_unit_in_vietnamese_order(nine: dict[str, Any]) -> None:
    names = [row["name"] for row in nine["annex_rows"]]
    assert names == [
        "Ban Tiếp công dân tỉnh", "Cổng thông tin điện tử tỉnh", "Phòng Hành chính – Tổ chức",
        "Phòng Khoa giáo – Văn xã", "Phòng Kiểm soát thủ tục hành chính", "Phòng Kinh tế",
        "Phòng Kinh tế ngành", "Phòng Nội chính", "Phòng Quản trị – Tài vụ",
        "Phòng Thư ký – Biên tập", "Phòng Tổng hợp", "Phòng Văn thư – Lưu trữ",
        "Trung tâm Công báo – Tin học", "Trung tâm Hành chính công tỉnh",
        "Trung tâm Hội nghị và Nhà khách tỉnh"]
    assert [row["number"] for row in nine["annex_rows"]] == [str(n) for n in range(1, 16)]
    # The indicator's `short:` (its label is "Mức độ thực hiện quy chế dân chủ ở cơ sở");
    # an indicator without one keeps its label.
    assert nine["annex_columns"][3] == "Thực hiện quy chế dân chủ"
    assert nine["annex_columns"][4] == "Tổng số CCVC và người lao động"
    rows = {row["name"]: row for row in nine["annex_rows"]}
    assert rows["Phòng Kinh tế"] == {
        "number": "6", "name": "Phòng Kinh tế", "status": "Đã gửi ngày 09/9/2024",
        "cells": ["Có", "Có", "Có", "Khá", "08", "08"], "activities": "05"}
    assert rows["Phòng Thư ký – Biên tập"]["status"] == "Chưa gửi"
    assert rows["Phòng Thư ký – Biên tập"]["cells"] == ["-"] * 6
    assert rows["Ban Tiếp công dân tỉnh"]["status"] == "Gửi trễ hạn ngày 12/9/2024"
    # The row says "Chưa gửi": no note under the table says it again.
    assert nine["annex_notes"] == ["Hạn gửi báo cáo tự đánh giá: ngày 10/9/2024.",
                                   "Số hoạt động được tính từ ngày 15/12/2023 đến ngày "
                                   "14/9/2024."]


# ------------------------------------------------------------------------------ hygiene
@pytest.mark.parametrize("period", ["6m", "9m", "12m"])
def test_no_ids_no_english_no_none(period: str) -> None:
    result = example(period)
    texts = strings(build_context(result, ReportOptions(date(2024, 9, 15))))
    plan = result.plan
    ids = ([u.id for u in plan.units if "_" in u.id or u.id.islower()]
           + list(plan.indicators) + list(plan.activity_kinds) + ["tot", "kha"])
    for text in texts:
        for word in ("None", "True", "False", "not_met", "no_data", "all_units"):
            assert word not in text, (word, text)
        for unit_id in ids:
            assert unit_id not in text.split(), (unit_id, text)
        assert "  " not in text.replace("số       /", "")


def test_period_without_any_assessment() -> None:
    plan = check_workspace(REPO, REPO).years["2024"].plan
    assert plan is not None
    context = build_context(attain.evaluate(plan, "12m", {}), ReportOptions(date(2024, 12, 15)))
    assert context["leadership"][1] == (
        "Tính đến ngày 15/12/2024, Phòng Hành chính – Tổ chức chưa nhận được báo cáo tự đánh "
        "giá kết quả thực hiện năm 2024 của đơn vị nào (hạn gửi ngày 10/12/2024); còn 15 đơn "
        "vị chưa gửi báo cáo: Ban Tiếp công dân tỉnh, Cổng thông tin điện tử tỉnh, Phòng Hành "
        "chính – Tổ chức, Phòng Khoa giáo – Văn xã, Phòng Kiểm soát thủ tục hành chính, Phòng "
        "Kinh tế, Phòng Kinh tế ngành, Phòng Nội chính, Phòng Quản trị – Tài vụ, Phòng Thư ký "
        "– Biên tập, Phòng Tổng hợp, Phòng Văn thư – Lưu trữ, Trung tâm Công báo – Tin học, "
        "Trung tâm Hành chính công tỉnh, Trung tâm Hội nghị và Nhà khách tỉnh.")
    assert context["areas"][0]["paragraphs"] == [
        "Trong năm, các đơn vị chưa báo cáo hoạt động cụ thể thuộc nội dung này."]
    assert context["targets"][1]["result"] == "Chưa có hoạt động"
    assert context["targets"][1]["verdict"] == "Chưa có hoạt động"
    assert context["proposals"] == ["Không có đề xuất, kiến nghị."]


def test_activities_outside_the_window_are_not_counted(tmp_path: Path) -> None:
    outside = MINI_ASSESSMENT.format(unit="vp") + """\
  - task: "1"
    date: 2025-07-01
    text: Hoạt động ghi ngày ngoài kỳ
"""
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN, "plans/2025/6m/vp.yaml": outside})
    context = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    assert context["areas"][0]["paragraphs"] == [
        "Từ đầu năm đến nay, các đơn vị chưa báo cáo hoạt động cụ thể thuộc nội dung này."]
    assert context["annex_rows"][2]["activities"] == "01"
    assert "ngoài kỳ" not in " ".join(strings(context))


def test_mini_plan_without_models_or_numbers(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN,
                          "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
                          "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb")})
    context = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    assert context["leadership"][0].startswith(
        "Sở Nội vụ ban hành Kế hoạch số 12/KH-SNV ngày 20/01/2025 về thực hiện công tác Dân "
        "vận chính quyền năm 2025, triển khai đến các đơn vị trực thuộc để tổ chức thực hiện")
    assert context["signer_lines"] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert context["recipients"] == ["- Lưu: VT."]
    assert context["areas"][1]["points"][0]["paragraphs"][2] == (
        "- Công khai dự toán ngân sách năm 2025 (Phòng Tổ chức cán bộ, ngày 04/3/2025; Văn "
        "phòng Sở, ngày 04/3/2025).")
    # Both units are of grade Tốt, which target `tot` counts: its row says it all.
    assert not any(note.startswith("Về thực hiện") for note in context["targets_notes"])


@pytest.mark.parametrize(("grades", "counted", "note"), [
    # A target counts the grade Tốt: the grades below it, and the rest.
    (["tot", "kha", "yeu"], True,
     "Về thực hiện quy chế dân chủ, 01 đơn vị tự đánh giá mức Khá, 01 đơn vị tự đánh giá "
     "mức Yếu; các đơn vị còn lại đều tự đánh giá mức Tốt."),
    # No unit of the best grade: every grade, counted.
    (["kha", "kha", "yeu"], True,
     "Về thực hiện quy chế dân chủ, các đơn vị tự đánh giá: 02 đơn vị mức Khá, 01 đơn vị mức "
     "Yếu."),
    # No target counts the grades: the note is the only place they are given.
    (["tot", "tot", "tot"], False,
     "Về thực hiện quy chế dân chủ, các đơn vị tự đánh giá: 03 đơn vị mức Tốt."),
])
def test_the_grades_note_says_what_the_targets_table_does_not(
        tmp_path: Path, grades: list[str], counted: bool, note: str) -> None:
    plan = MINI_PLAN if counted else MINI_PLAN.replace(
        "share_of_units: {indicator: qcdc, equals: tot}",
        "share_of_units: {indicator: dan_van_kheo, equals: true}")
    files = {"plans/2025/plan.yaml": plan}
    for unit, grade in zip(("vp", "tccb", "ccvt"), grades, strict=True):
        files[f"plans/2025/6m/{unit}.yaml"] = MINI_ASSESSMENT.format(unit=unit).replace(
            "qcdc: tot", f"qcdc: {grade}")
    write_tree(tmp_path, files)
    context = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    assert [n for n in context["targets_notes"] if n.startswith("Về thực hiện")] == [note]


def test_rejected_unit_is_named(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN,
                          "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
                          "plans/2025/6m/tccb.yaml": "unit: tccb\nperiod: 6m\n"})
    context = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    rows = {row["name"]: row["status"] for row in context["annex_rows"]}
    assert rows["Phòng Tổ chức cán bộ"] == "Báo cáo chưa hợp lệ"
    assert context["leadership"][1].endswith(
        "còn 02 đơn vị chưa gửi báo cáo hoặc báo cáo chưa hợp lệ: Chi cục Văn thư – Lưu trữ, "
        "Phòng Tổ chức cán bộ (số liệu tại báo cáo này chưa bao gồm các đơn vị này).")


# ------------------------------------------------------------------------------ helpers
def test_clean_keeps_text_literal_but_valid_for_xml() -> None:
    assert clean("  A\x00B\x07C\x0c\tD  ") == "ABC D"
    assert clean("Nguye\u0302\u0303n") == "Nguyễn"
    assert clean("{{ x }} & <b> {% if %}") == "{{ x }} & <b> {% if %}"
    assert clean("{_{ y }_}") == "{\u200b_{ y }\u200b_}"


def test_small_helpers() -> None:
    assert first_sentence("Đẩy mạnh cải cách. Tăng cường đối thoại.") == "Đẩy mạnh cải cách"
    assert first_sentence("Làm việc với TP. Biên Hòa về đất đai. Sau đó") == (
        "Làm việc với TP. Biên Hòa về đất đai")
    assert first_sentence("Một câu duy nhất;") == "Một câu duy nhất"
    assert lower_first("Kết quả") == "kết quả"
    assert lower_first("UBND tỉnh") == "UBND tỉnh"
    assert [count_text(n) for n in (1, 9, 10, 1250)] == ["01", "09", "10", "1.250"]
    # Only 1 to 9 take the zero: not 0; a sum that is not whole is written as a number.
    assert [count_text(n) for n in (0, Fraction(5, 2), Fraction(6, 2), Fraction(20, 2))] == [
        "0", "2,5", "03", "10"]
    assert [number_text(n) for n in (2.5, 0.1, Fraction(7, 3), 1234)] == [
        "2,5", "0,1", "2,3", "1.234"]


def test_indicator_text() -> None:
    plan = example("9m").plan
    indicators = plan.indicators
    assert indicator_text(indicators["dan_van_kheo"], True) == "Có"
    assert indicator_text(indicators["dan_van_kheo"], False) == "Không"
    assert indicator_text(indicators["qcdc"], "trung_binh") == "Trung bình"
    assert indicator_text(indicators["so_ccvc"], 1250) == "1.250"
    assert indicator_text(indicators["so_ccvc"], None) == "-"


def test_document_properties_and_default_date() -> None:
    result = example("9m")
    properties = document_properties(result, ReportOptions(date(2024, 9, 15)))
    assert properties.title == (
        "Báo cáo kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm 2024")
    assert properties.author == "Văn phòng UBND tỉnh"
    assert properties.created == datetime(2024, 9, 15, tzinfo=timezone.utc)
    assert default_report_date(result, date(2030, 1, 1)) == date(2024, 9, 15)
    no_deadline = dataclasses.replace(result, period=result.period._replace(report_by=None))
    assert default_report_date(no_deadline, date(2030, 1, 1)) == date(2030, 1, 1)


# ------------------------------------------------------------------ proposals and routing
ROUTED = MINI_ASSESSMENT + """\
proposals:
  - Đề nghị bổ sung biên chế cho phòng.
  - to: lanh_dao
    text: Đề nghị Lãnh đạo Văn phòng bố trí kinh phí.
  - to: don_vi
    text: Đề nghị Phòng Hành chính – Tổ chức hướng dẫn nghiệp vụ.
  - to: noi_nhan
    text: Đề nghị Sở Nội vụ hướng dẫn tiêu chí đánh giá năm 2026.
  - to: ubnd_tinh
    text: Đề nghị UBND tỉnh bố trí kinh phí tập huấn.
  - to: so_nganh
    text: Đề nghị các sở, ngành trả lời kiến nghị đúng hạn.
"""


def test_only_proposals_beyond_the_office_reach_section_v(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN,
                          "plans/2025/6m/vp.yaml": ROUTED.format(unit="vp")})
    context = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    # The office proposes: no unit after a proposal; the report goes to UBND tỉnh here, so a
    # request to other agencies asks UBND tỉnh to direct them.
    assert context["proposals"] == [
        "- Đề nghị Sở Nội vụ hướng dẫn tiêu chí đánh giá năm 2026;",
        "- Đề nghị UBND tỉnh bố trí kinh phí tập huấn;",
        "- Đề nghị UBND tỉnh chỉ đạo các sở, ngành trả lời kiến nghị đúng hạn."]
    internal = ("biên chế", "Lãnh đạo Văn phòng", "Phòng Hành chính")
    assert not any(word in line for line in strings(context) for word in internal)


def test_the_example_reports_send_sở_nội_vụ_only_what_it_can_act_on() -> None:
    nine = build_context(example("9m"), ReportOptions(date(2024, 9, 16)))
    # The recipient's first (named from the plan when the unit named nobody); then what
    # UBND tỉnh is asked to direct, whether a unit asked UBND tỉnh or the agencies, all
    # through Sở Nội vụ (the report goes there) and under one lead, the two requests to "các
    # sở, ngành" as one; no unit after them, and "để phòng tổng hợp" is the office's.
    assert nine["proposals"] == [
        "- Đề nghị Sở Nội vụ hướng dẫn tiêu chí “Dân vận khéo” đối với các đơn vị chủ yếu làm "
        "nhiệm vụ tham mưu, phục vụ nội bộ, ít tiếp xúc trực tiếp với người dân;",
        "- Đề nghị Sở Nội vụ tham mưu UBND tỉnh chỉ đạo:",
        "+ UBND các huyện, thành phố tăng cường đối thoại từ cơ sở, hạn chế khiếu kiện vượt "
        "cấp;",
        "+ Sở Thông tin và Truyền thông phối hợp với Bưu điện tỉnh tăng cường tuyên truyền lợi "
        "ích của dịch vụ bưu chính công ích trên các phương tiện thông tin đại chúng;",
        "+ Các sở, ngành cử đầu mối theo dõi việc trả lời kiến nghị cử tri và cung cấp hồ sơ, ý "
        "kiến đúng thời hạn để Văn phòng tổng hợp, tham mưu."]
    text = " ".join(strings(nine))
    for internal in ("Đề nghị Lãnh đạo Văn phòng", "bổ sung biên chế",
                     "Đề nghị Phòng Hành chính – Tổ chức hướng dẫn"):
        assert internal not in text


def test_a_proposal_addressed_to_no_known_body_is_an_error_at_its_place(tmp_path: Path) -> None:
    wrong = MINI_ASSESSMENT.format(unit="vp") + (
        "proposals:\n  - to: so_noi_vu\n    text: Đề nghị hướng dẫn.\n  - text:\n")
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN, "plans/2025/6m/vp.yaml": wrong})
    problems = [(p.code, f"{p.line}:{p.column}", p.message)
                for p in check_workspace(tmp_path, tmp_path).problems]
    assert problems == [
        ("choice-invalid", "12:9", "'so_noi_vu' is not one of: noi_nhan, ubnd_tinh, so_nganh, "
         "lanh_dao, don_vi"),
        ("value-missing", "14:10", "a value is missing here: write text"),
    ]


# ------------------------------------------------------------------ abbreviations
def test_abbreviations_are_written_out_at_their_first_use(nine: dict[str, Any]) -> None:
    text = "\n".join(strings(nine))
    for short, long in (("CCVC", "công chức, viên chức"), ("HĐND", "Hội đồng nhân dân")):
        assert text.count(f"{long} ({short})") == 1, short
        assert text.index(short) == text.index(f"{long} ({short})") + len(long) + 2, short
    # The plan's text of point b) says TTHC, its heading does not: nothing to write out.
    assert "TTHC" not in text
    # The first use is section I's count of the staff briefed; point c) keeps "CCVC".
    assert "số công chức, viên chức (CCVC) và người lao động" in nine["leadership"][2]
    point_c = nine["areas"][1]["points"][2]["heading"]
    assert point_c == "c) Tuyên truyền, vận động CCVC và người lao động; chống tham nhũng, lãng phí"
    # Later uses keep the short form: the targets table and its notes.
    assert nine["targets"][1]["name"] == ("Lãnh đạo chỉ đạo hoạt động dân vận thiết thực; "
                                          "tuyên truyền, vận động CCVC")


def area(context: dict[str, Any], point: str) -> list[str]:
    """The paragraphs of content `1` or point `2.d` of section II."""
    task, _dot, letter = point.partition(".")
    found = next(a for a in context["areas"] if a["heading"].startswith(f"{task}. "))
    if not letter:
        return found["paragraphs"]
    return next(p for p in found["points"] if p["heading"].startswith(f"{letter}) "))[
        "paragraphs"]


def test_a_running_total_since_before_the_last_report_is_not_cited_as_new(
        nine: dict[str, Any]) -> None:
    # The portal's 352 tin, bài run from 15/12/2023 to 30/8/2024: a year's running total,
    # counted in the sentence but not one of the examples "từ ngày 15/6/2024".
    assert area(nine, "1") == [
        "Từ đầu năm đến nay, có 14/15 đơn vị thực hiện 22 hoạt động thuộc nội dung này (240 "
        "người tham dự; 352 tin, bài); trong đó 05 hoạt động từ ngày 15/6/2024.",
        "Một số hoạt động tiêu biểu từ ngày 15/6/2024:",
        "- Sinh hoạt chuyên đề năm 2024 về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
        "Chí Minh, liên hệ trách nhiệm phục vụ Nhân dân của từng công chức (Phòng Tổng hợp, "
        "ngày 05/7/2024, 09 người tham dự);",
        "- Quán triệt bổ sung Kế hoạch số 294/KH-VP và quy tắc ứng xử cho 01 viên chức mới "
        "tuyển dụng và 01 viên chức nghỉ thai sản trở lại làm việc (Trung tâm Hành chính công "
        "tỉnh, ngày 08/7/2024, 02 người tham dự);",
        "- Tuyên truyền, giải thích các quy định mới của Luật Đất đai năm 2024 (có hiệu lực từ "
        "ngày 01/8/2024) cho công dân đến khiếu nại, kiến nghị (Ban Tiếp công dân tỉnh, ngày "
        "06/8/2024).",
    ]
    # The same for the 2.104 hồ sơ received by post since December: counted, its measure said.
    assert area(nine, "2.b")[0] == (
        "Từ đầu năm đến nay, có 05/15 đơn vị thực hiện 09 hoạt động thuộc nội dung này (2.104 hồ "
        "sơ nhận qua dịch vụ bưu chính công ích); trong đó 03 hoạt động từ ngày 15/6/2024.")
    assert area(nine, "2.b")[1:] == [
        "Một số hoạt động tiêu biểu từ ngày 15/6/2024:",
        "- Kiểm tra công tác kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa tại UBND "
        "huyện Long Thành và UBND huyện Nhơn Trạch (Phòng Kiểm soát thủ tục hành chính, ngày "
        "18/7/2024);",
        "- Trả bản sao tài liệu lưu trữ qua dịch vụ bưu chính công ích cho 18 trường hợp công "
        "dân ở xa; số hóa mục lục hồ sơ giai đoạn 2015–2018 để rút ngắn thời gian tra cứu (Phòng "
        "Văn thư – Lưu trữ, ngày 22/7/2024).",
    ]


def test_examples_are_listed_in_date_order(nine: dict[str, Any]) -> None:
    # The highlighted activity (09/7) is chosen first but listed at its date.
    assert cited_days(area(nine, "2.đ")) == [date(2024, 7, 3), date(2024, 7, 9)]
    year = build_context(example("12m"), ReportOptions(date(2024, 12, 15)))
    assert area(year, "2.d")[1:] == [
        "Một số hoạt động tiêu biểu trong năm:",
        "- Niêm yết công khai nội quy, quy chế tiếp công dân và lịch tiếp công dân của lãnh đạo "
        "UBND tỉnh tại Trụ sở tiếp công dân và trên Cổng thông tin điện tử tỉnh (Ban Tiếp công "
        "dân tỉnh, ngày 10/01/2024);",
        "- Niêm yết công khai thủ tục hành chính, phí, lệ phí và số điện thoại đường dây nóng "
        "tại các quầy; lắp đặt màn hình tra cứu hồ sơ (Trung tâm Hành chính công tỉnh, ngày "
        "15/01/2024);",
        "- Công khai dự toán ngân sách năm 2024 và quyết toán ngân sách năm 2023 của Văn phòng "
        "tại Hội nghị cán bộ, công chức, viên chức; niêm yết tại bảng tin cơ quan trong 90 ngày "
        "(Phòng Quản trị – Tài vụ, ngày 24/01/2024).",
    ]
    for point in ("2.a", "2.b", "2.c", "3.a"):
        days = cited_days(area(year, point))
        assert len(days) >= 3 and days == sorted(days), point


def cited_days(lines: list[str]) -> list[date]:
    """The first day each example cites in its closing parenthesis (a span's first day)."""
    days = []
    for line in lines:
        if line.startswith("- "):
            day, month, year = re.search(r"ngày (\d+)/(\d+)/(\d+)",
                                         line.rsplit(" (", 1)[1]).groups()
            days.append(date(int(year), int(month), int(day)))
    return days


def test_the_year_end_annex_counts_the_years_activities(nine: dict[str, Any]) -> None:
    assert nine["annex_activities_heading"] == "Số hoạt động trong kỳ"
    year = build_context(example("12m"), ReportOptions(date(2024, 12, 15)))
    assert year["annex_activities_heading"] == "Số hoạt động trong năm"


def test_the_6m_targets_4_and_5_are_explained_by_what_each_unit_lacks() -> None:
    # Target 4 is not "no model" (units with no model met it): each of its 04 units says
    # what it lacks; Kinh tế ngành's irregular meetings are target 5's, beside Trung tâm Hội
    # nghị's, so target 5 explains both its units.
    shortcomings = build_context(example("6m"), ReportOptions(date(2024, 6, 15)))["shortcomings"]
    start = next(index for index, line in enumerate(shortcomings)
                 if line.startswith("- Chỉ tiêu số 4"))
    assert shortcomings[start + 1:start + 8] == [
        "+ Phòng Kinh tế ngành chưa có cách làm “Dân vận khéo” cụ thể gắn với việc theo dõi "
        "ngành, lĩnh vực ở cơ sở;",
        "+ Hoạt động hưởng ứng phong trào thi đua “Dân vận khéo” của Phòng Thư ký – Biên tập "
        "còn ít, chưa gắn với nhiệm vụ biên tập văn bản;",
        "+ Từ khi dừng mô hình “Tra cứu tài liệu lưu trữ một lần đến” (tháng 02/2024), việc "
        "phục vụ người dân tra cứu tài liệu lưu trữ chưa có cách làm “Dân vận khéo” mới (Phòng "
        "Văn thư – Lưu trữ);",
        "+ Trung tâm Hội nghị và Nhà khách tỉnh chưa có hoạt động hưởng ứng phong trào thi đua "
        "“Dân vận khéo” gắn với nhiệm vụ phục vụ hội nghị, lưu trú;",
        "- Chỉ tiêu số 5 (Thực hiện tốt quy chế dân chủ ở cơ sở) tuy đạt kế hoạch nhưng còn 02 "
        "đơn vị chưa đạt (Phòng Kinh tế ngành và Trung tâm Hội nghị và Nhà khách tỉnh):",
        "+ Việc họp phòng để công chức bàn, góp ý công việc chưa thường xuyên (Phòng Kinh tế "
        "ngành);",
        "+ Chưa ban hành Quy chế thực hiện dân chủ của Trung tâm Hội nghị và Nhà khách tỉnh theo "
        "Luật Thực hiện dân chủ ở cơ sở năm 2022; chưa tổ chức Hội nghị người lao động năm "
        "2024;"]
    assert not any("chưa đăng ký mô hình" in line or "chưa xây dựng mô hình" in line
                   for line in shortcomings)


def test_target_1s_causes_match_its_shortfalls_and_a_failing_unit_is_no_strength() -> None:
    # 6m: Quản trị – Tài vụ missed one person off sick, Trung tâm Hội nghị three on shifts:
    # each cause is its own unit's (the shifts were said of the wrong unit).
    causes = build_context(example("6m"), ReportOptions(date(2024, 6, 15)))["causes"]
    at = causes.index("- Chỉ tiêu số 1 (Quán triệt Kế hoạch, đưa nhiệm vụ dân vận vào chương "
                      "trình công tác năm) chưa đạt do:")
    assert causes[at + 1:at + 4] == [
        "+ Người lao động nghỉ ốm dài ngày đúng thời gian Phòng Quản trị – Tài vụ tổ chức quán "
        "triệt;",
        "+ Viên chức nghỉ thai sản đúng thời gian Trung tâm Hành chính công tỉnh tổ chức quán "
        "triệt;",
        "+ Người lao động làm việc theo ca, khó bố trí quán triệt cùng một lúc (Trung tâm Hội "
        "nghị và Nhà khách tỉnh);"]
    # 9m: Trung tâm Hội nghị fails targets 4 and 5; its catch-up conference is 2.đ's example,
    # not also a strength of the office.
    nine = build_context(example("9m"), ReportOptions(date(2024, 9, 20)))
    assert not any("Trung tâm Hội nghị" in line for line in nine["strengths"])
    assert sum("Hội nghị người lao động năm 2024" in line
               for area in nine["areas"] for point in area["points"]
               for line in point["paragraphs"]) == 1


def test_iv_gives_the_targets_together_before_the_offices_own_tasks() -> None:
    # 6m: targets 1, 3, 4 are still to reach; target 5 is met but 02 units fall short of it:
    # their tasks follow them, not the office's two tasks; each of the 02 units gives one.
    tasks = build_context(example("6m"), ReportOptions(date(2024, 6, 15)))["next_tasks"]
    assert tasks[4:9] == [
        "- Chỉ tiêu số 5 (Thực hiện tốt quy chế dân chủ ở cơ sở), còn 02 đơn vị chưa đạt:",
        "+ Họp phòng định kỳ hằng tháng để công chức bàn, góp ý công việc (Phòng Kinh tế "
        "ngành);",
        "+ Ban hành Quy chế thực hiện dân chủ; tổ chức Hội nghị người lao động trong tháng "
        "7/2024 (Trung tâm Hội nghị và Nhà khách tỉnh);",
        "- Tham mưu Chánh Văn phòng ban hành hướng dẫn chấm điểm, xếp loại công tác Dân vận "
        "chính quyền đối với các đơn vị thuộc Văn phòng; hướng dẫn các đơn vị tự chấm điểm cuối "
        "năm;",
        "- Tổng hợp, tham mưu báo cáo kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm "
        "2024;"]
    assert tasks[0] == "- Tiếp tục chỉ đạo, đôn đốc các đơn vị phấn đấu đạt kế hoạch đối với:"
    assert [line[:16] for line in tasks[1:4]] == ["+ Chỉ tiêu số 1 ", "+ Chỉ tiêu số 3 ",
                                                   "+ Chỉ tiêu số 4 "]


def test_the_models_results_are_the_year_end_examples_of_their_point() -> None:
    twelve = build_context(example("12m"), ReportOptions(date(2024, 12, 15)))
    point = area(twelve, "3.c")
    # Its 38 people are the summing-up's, which §7 tells with its attendance.
    assert point[0] == "Trong năm, có 10/15 đơn vị thực hiện 13 hoạt động thuộc nội dung này."
    # The results the units give in figures (12 typical examples, 412 calls, 10 days to 05,
    # 17 documents) and the highlights: the last quarter's all, then the earlier windows'
    # in turns (10/5 and 17/5 of the first half, 10/7 of the third quarter), seven in all;
    # keeping a model running, which the models list says, is not cited; the office's
    # summing-up of 06/12 is section I's.
    assert point[1:9] == [
        "Một số hoạt động tiêu biểu trong năm:",
        "- Xây dựng chuyên mục “Gương người tốt, việc tốt – Dân vận khéo”, giới thiệu 12 điển "
        "hình trong tỉnh (Cổng thông tin điện tử tỉnh, ngày 10/5/2024);",
        "- Đăng ký và triển khai mô hình “Dân vận khéo” có tên “Tổng hợp nhanh – Tham mưu "
        "trúng” nhằm rút ngắn thời gian xử lý kiến nghị của người dân, doanh nghiệp (Phòng Tổng "
        "hợp, ngày 17/5/2024);",
        "- Xây dựng và đăng ký mô hình “Dân vận khéo” “Lắng nghe ý kiến người dân trước khi "
        "tham mưu” trong các lĩnh vực nông nghiệp, xây dựng, giao thông (Phòng Kinh tế ngành, "
        "ngày 10/7/2024);",
        "- Đăng ký mô hình “Dân vận khéo” “Tra cứu nhanh – phục vụ tận tình”: trả kết quả tra "
        "cứu, sao tài liệu lưu trữ cho người dân trong 01 ngày làm việc (Phòng Văn thư – Lưu "
        "trữ, ngày 24/9/2024);",
        "- Đánh giá mô hình “Một lần hỏi – trọn câu trả lời”: 412 cuộc gọi đến đường dây nóng "
        "về thủ tục hành chính được trả lời trong ngày (Phòng Kiểm soát thủ tục hành chính, "
        "ngày 02/12/2024);",
        "- Sơ kết mô hình “Dân vận khéo” “Tổng hợp nhanh – Tham mưu trúng”: thời gian tổng "
        "hợp, phân công trả lời kiến nghị cử tri rút từ 10 ngày xuống 05 ngày làm việc (Phòng "
        "Tổng hợp, ngày 02/12/2024);",
        "- Đánh giá mô hình “Lắng nghe ý kiến người dân trước khi tham mưu”: 17 văn bản tham "
        "mưu trong lĩnh vực nông nghiệp, giao thông có tổng hợp ý kiến người dân trước khi "
        "trình (Phòng Kinh tế ngành, ngày 03/12/2024).",
    ]
    # The list refers to §6 for the figures.
    assert point[9] == ("Về mô hình “Dân vận khéo”: các mô hình, điển hình đã đăng ký đến ngày "
                        "14/12/2024 (số liệu tại khoản 6 Mục II) gồm:")
