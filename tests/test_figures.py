"""Figures that mean one thing: what an activity's number counts, activities over a span,
numbers that never add up, year-to-date figures that never fall, the year-end wording.

Every figure below is counted by hand from the files written here or from plans/2024.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_PLAN, REPO, write_tree

from dvcq_cli import attain, year_to_date
from dvcq_cli.check import check_workspace
from dvcq_cli.commands import report_command
from dvcq_cli.report import ReportOptions, build_context

KINDS = """\
activity_kinds:
  hoi_nghi: {label: Hội nghị, counts: người tham dự}
  tiep_dan: {label: Tiếp công dân, counts: lượt công dân được tiếp}
  dang_tin: {label: "Đăng tin, bài", counts: "tin, bài"}
  kiem_tra: {label: Kiểm tra, counts: false}
"""
# The mini plan with three nested periods (6m, 9m, 12m: default windows from 15/12/2024)
# and kinds that say what their numbers count.
PLAN = (MINI_PLAN
        .replace("""  6m: {label: 6 tháng đầu năm 2025}
  q3: {label: quý III năm 2025, from: 2025-06-15, to: 2025-09-14}
""", """  6m: {label: 6 tháng đầu năm 2025}
  9m: {label: 9 tháng năm 2025}
  12m: {label: năm 2025}
""")
        .replace("activity_kinds:\n  hoi_nghi: Hội nghị\n", KINDS))
HEAD = """\
unit: {unit}
period: {period}
submitted: {submitted}
indicators:
  dan_van_kheo: true
  qcdc: tot
activities:
"""
SUBMITTED = {"6m": "2025-06-10", "9m": "2025-09-10", "12m": "2025-12-10"}


def assessment(unit: str, period: str, activities: str) -> str:
    return HEAD.format(unit=unit, period=period, submitted=SUBMITTED[period]) + activities


VP_6M = """\
  - task: "1"
    date: 2025-03-04
    kind: hoi_nghi
    text: Hội nghị quán triệt kế hoạch năm 2025
    count: 40
  - task: "1"
    date: 2025-04-15
    kind: tiep_dan
    text: Tiếp công dân định kỳ tháng 4/2025, tiếp 31 lượt với 64 người
    count: 31
  - task: "1"
    from: 2024-12-15
    to: 2025-05-31
    kind: dang_tin
    text: Đăng tải 120 tin, bài tuyên truyền
    count: 120
    highlight: true
  - task: "1"
    date: 2025-05-20
    kind: kiem_tra
    text: Kiểm tra việc thực hiện quy chế dân chủ tại 03 phòng
"""
TCCB_6M = """\
  - task: "1"
    date: 2025-02-10
    kind: hoi_nghi
    text: Phổ biến Luật Thực hiện dân chủ ở cơ sở
    participants: 12
"""


def workspace(tmp_path: Path, files: dict[str, str], plan: str = PLAN) -> Path:
    return write_tree(tmp_path, {"plans/2025/plan.yaml": plan, **{
        f"plans/2025/{name}": text for name, text in files.items()}})


def context(root: Path, period: str, report_date: date = date(2025, 6, 20)) -> dict[str, Any]:
    data = check_workspace(root, root).years["2025"]
    assert data.plan is not None
    result = attain.evaluate(data.plan, period, data.assessments.get(period, {}))
    return build_context(result, ReportOptions(report_date))


def problems(root: Path) -> list[tuple[str, int, int, str, str]]:
    return [(p.path, p.line, p.column, p.severity.value, p.code)
            for p in check_workspace(root, root).problems]


# ------------------------------------------------------------------ what numbers count
def test_sums_add_like_with_like_and_say_what_they_count(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"6m/vp.yaml": assessment("vp", "6m", VP_6M),
                                "6m/tccb.yaml": assessment("tccb", "6m", TCCB_6M)})
    area = context(root, "6m")["areas"][0]["paragraphs"]
    # 5 activities of 2 units; people at meetings 40 + 12 (the older `participants:`), the
    # citizens received 31; the inspection counts nothing. The 120 posts are all one
    # activity's, whose example below says "Đăng tải 120 tin, bài": said there, once.
    assert area[0] == ("Từ đầu năm đến nay, có 02/03 đơn vị thực hiện 05 hoạt động thuộc nội "
                       "dung này (52 người tham dự; 31 lượt công dân được tiếp).")
    assert area[2] == ("- Đăng tải 120 tin, bài tuyên truyền (Văn phòng Sở, từ ngày 15/12/2024 "
                       "đến ngày 31/5/2025);")


TCCB_POSTS = """\
  - task: "1"
    date: 2025-05-06
    kind: dang_tin
    text: Đăng tải 30 tin, bài trên Trang thông tin điện tử của Phòng
    count: 30
"""


def test_a_total_an_example_states_is_said_once_unless_others_add_to_it(
        tmp_path: Path) -> None:
    root = workspace(tmp_path, {"6m/vp.yaml": assessment("vp", "6m", VP_6M)})
    area = context(root, "6m")["areas"][0]["paragraphs"]
    # The three examples cite the one meeting, reception and posting, each with its figure
    # in its words or after them: the sentence leaves every total to them.
    assert area[0] == ("Từ đầu năm đến nay, có 01/03 đơn vị thực hiện 04 hoạt động thuộc nội "
                       "dung này.")
    assert area[2:] == [
        "- Đăng tải 120 tin, bài tuyên truyền (Văn phòng Sở, từ ngày 15/12/2024 đến ngày "
        "31/5/2025);",
        "- Hội nghị quán triệt kế hoạch năm 2025 (Văn phòng Sở, ngày 04/3/2025, 40 người tham "
        "dự);",
        "- Tiếp công dân định kỳ tháng 4/2025, tiếp 31 lượt với 64 người (Văn phòng Sở, ngày "
        "15/4/2025)."]
    # Another unit's 30 posts: 150 is no example's figure, so the sentence gives it; the
    # meeting's 40 and the reception's 31 are still their examples' own.
    root = workspace(tmp_path / "two", {"6m/vp.yaml": assessment("vp", "6m", VP_6M),
                                        "6m/tccb.yaml": assessment("tccb", "6m", TCCB_POSTS)})
    assert context(root, "6m")["areas"][0]["paragraphs"][0] == (
        "Từ đầu năm đến nay, có 02/03 đơn vị thực hiện 05 hoạt động thuộc nội dung này (150 "
        "tin, bài).")


def test_a_figure_the_text_gives_is_not_repeated_and_a_span_shows_both_days(
        tmp_path: Path) -> None:
    root = workspace(tmp_path, {"6m/vp.yaml": assessment("vp", "6m", VP_6M)})
    lines = context(root, "6m")["areas"][0]["paragraphs"][2:]
    # The highlight first; the span with both its days and its figure said once.
    assert lines[0] == ("- Đăng tải 120 tin, bài tuyên truyền (Văn phòng Sở, từ ngày "
                        "15/12/2024 đến ngày 31/5/2025);")
    assert lines[1] == ("- Hội nghị quán triệt kế hoạch năm 2025 (Văn phòng Sở, ngày 04/3/2025, "
                        "40 người tham dự);")
    # "tiếp 31 lượt với 64 người": 31 is in the text already.
    assert lines[2] == ("- Tiếp công dân định kỳ tháng 4/2025, tiếp 31 lượt với 64 người "
                        "(Văn phòng Sở, ngày 15/4/2025).")


def test_a_kind_given_as_a_label_alone_counts_people_as_before(tmp_path: Path) -> None:
    old = MINI_PLAN.replace("  q3: {label: quý III năm 2025, from: 2025-06-15, to: 2025-09-14}\n",
                            "")
    root = workspace(tmp_path, {"6m/tccb.yaml": assessment("tccb", "6m", TCCB_6M)}, old)
    assert problems(root) == []
    # The one activity's 12 people: said after it, so not again in the sentence above it.
    assert context(root, "6m")["areas"][0]["paragraphs"] == [
        "Trong năm, có 01/03 đơn vị thực hiện 01 hoạt động thuộc nội dung này.",
        "Một số hoạt động tiêu biểu trong năm:",
        "- Phổ biến Luật Thực hiện dân chủ ở cơ sở (Phòng Tổ chức cán bộ, ngày 10/02/2025, 12 "
        "người tham dự)."]


@pytest.mark.parametrize(("name", "activity", "expected"), [
    ("a number on a kind that counts nothing", """\
  - task: "1"
    date: 2025-05-20
    kind: kiem_tra
    text: Kiểm tra 03 phòng
    count: 3
""", [("plans/2025/6m/vp.yaml", 12, 5, "error", "count-not-counted")]),
    ("count and participants both", """\
  - task: "1"
    date: 2025-05-20
    kind: hoi_nghi
    text: Hội nghị
    count: 3
    participants: 3
""", [("plans/2025/6m/vp.yaml", 13, 5, "error", "key-conflict")]),
    ("a span that ends before it starts", """\
  - task: "1"
    from: 2025-05-20
    to: 2025-05-01
    text: Đăng tin
""", [("plans/2025/6m/vp.yaml", 9, 11, "error", "date-order")]),
    ("a span without its last day", """\
  - task: "1"
    from: 2025-05-20
    text: Đăng tin
""", [("plans/2025/6m/vp.yaml", 9, 5, "error", "key-missing")]),
    ("a date and a span", """\
  - task: "1"
    date: 2025-05-20
    from: 2025-05-01
    to: 2025-05-20
    text: Đăng tin
""", [("plans/2025/6m/vp.yaml", 10, 5, "error", "key-conflict")]),
    ("a span starting before the year", """\
  - task: "1"
    from: 2024-11-01
    to: 2025-05-20
    text: Đăng tin
""", [("plans/2025/6m/vp.yaml", 9, 11, "error", "date-outside-year")]),
    ("neither a date nor a span", """\
  - task: "1"
    text: Đăng tin
""", [("plans/2025/6m/vp.yaml", 8, 5, "error", "key-missing")]),
    ("a span ending after the period", """\
  - task: "1"
    from: 2025-05-01
    to: 2025-07-20
    text: Đăng tin
""", [("plans/2025/6m/vp.yaml", 10, 9, "warning", "date-outside-window")]),
])
def test_numbers_and_spans_are_checked_where_they_are_written(
        tmp_path: Path, name: str, activity: str, expected: list[tuple[Any, ...]]) -> None:
    root = workspace(tmp_path, {"6m/vp.yaml": assessment("vp", "6m", activity)})
    assert problems(root) == expected, name


def test_the_messages_say_what_to_write(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"6m/vp.yaml": assessment("vp", "6m", """\
  - task: "1"
    from: 2025-05-20
    to: 2025-05-01
    kind: kiem_tra
    text: Kiểm tra
    count: 3
""")})
    assert [p.message for p in check_workspace(root, root).problems] == [
        "from 2025-05-20 is after to 2025-05-01; write the first day in from and the last in "
        "to",
        "activity kind 'kiem_tra' counts nothing, so this number would not be added to "
        "anything; remove 'count', or give the kind what it counts in the plan (counts: …)"]
    root = workspace(tmp_path, {"6m/vp.yaml": assessment("vp", "6m", """\
  - task: "1"
    from: 2025-05-01
    text: Đăng tin
  - task: "1"
    date: 2025-05-01
    to: 2025-05-20
    text: Đăng tin
""")})
    assert [p.message for p in check_workspace(root, root).problems] == [
        "'from' needs 'to': write the last day as to: YYYY-MM-DD, or write a single date: "
        "instead of from",
        "'date' and 'to' cannot both be given: write date for one day, or from and to for "
        "several days"]


def test_a_span_counts_in_the_period_that_holds_its_end(tmp_path: Path) -> None:
    """The window rule: from 15/12/2024 to 20/7/2025 is in 9m (its end), not in 6m."""
    span = """\
  - task: "1"
    from: 2024-12-15
    to: 2025-07-20
    kind: dang_tin
    text: Đăng tải 200 tin, bài
    count: 200
"""
    root = workspace(tmp_path, {"9m/vp.yaml": assessment("vp", "9m", span)})
    nine = context(root, "9m", date(2025, 9, 15))["areas"][0]["paragraphs"]
    # 6m's window ends 14/6/2025: the span's end is after it, so it is new in 9m.
    assert nine[0] == ("Từ đầu năm đến nay, có 01/03 đơn vị thực hiện 01 hoạt động thuộc nội "
                       "dung này (200 tin, bài); trong đó 01 hoạt động từ ngày 15/6/2025.")


# ------------------------------------------------------------------ numbers that add up
@pytest.mark.parametrize(("added", "expected"), [
    ("  ty_le: {type: number, aggregate: sum, label: Tỷ lệ hài lòng (%)}\n",
     [(50, 36, "error", "indicator-invalid")]),
    ("  diem: {type: number, min: 0, max: 100, aggregate: sum, label: Tổng hợp}\n"
     "  xep_loai: {type: grade, score: diem, bands: thang, label: Xếp loại}\n",
     [(50, 53, "error", "indicator-invalid")]),
    ("  so_nguoi: {type: integer, label: Số người được tuyên truyền}\n",
     [(50, 13, "warning", "indicator-aggregate-missing")]),
    ("  so_nguoi: {type: integer, aggregate: sum, label: Số người được tuyên truyền}\n"
     "  ty_le: {type: number, aggregate: none, label: Tỷ lệ hài lòng (%)}\n", []),
])
def test_a_score_a_rate_or_a_grade_is_never_summed(
        tmp_path: Path, added: str, expected: list[tuple[Any, ...]]) -> None:
    plan = MINI_PLAN.replace("indicators:\n", "indicators:\n" + added, 1)
    if "xep_loai" in added:
        plan += ("bands:\n  thang:\n    min: 0\n    max: 100\n    grades:\n"
                 "      - {id: tot, label: Tốt, at_least: 50}\n"
                 "      - {id: yeu, label: Yếu, at_least: 0}\n")
    root = write_tree(tmp_path, {"plans/2025/plan.yaml": plan})
    assert [(line, column, severity, code) for path, line, column, severity, code
            in problems(root) if path == "plans/2025/plan.yaml"] == expected


def test_the_rate_message_says_why_and_what_to_write(tmp_path: Path) -> None:
    plan = MINI_PLAN.replace("indicators:\n", "indicators:\n  ty_le: {type: number, "
                             "aggregate: sum, label: Tỷ lệ hài lòng (%)}\n", 1)
    root = write_tree(tmp_path, {"plans/2025/plan.yaml": plan})
    assert check_workspace(root, root).problems[0].message == (
        "indicator 'ty_le' cannot be added up across units: its label says it is a score, a "
        "rate or an average; write aggregate: none")


def test_a_target_summing_activities_adds_one_thing(tmp_path: Path) -> None:
    target = """\
  - id: nguoi
    text: Ít nhất 100 lượt người được tuyên truyền
    short: Người được tuyên truyền
    measure:
      sum_of_activities: {field: participants, kinds: [hoi_nghi, tiep_dan]}
    at_least: 100
tasks:
"""
    root = workspace(tmp_path, {}, PLAN.replace("tasks:\n", target, 1))
    found = check_workspace(root, root).problems
    assert [(p.line, p.column, p.code, p.message) for p in found] == [
        (32, 48, "target-invalid", "these activity kinds count different things (lượt công "
         "dân được tiếp; người tham dự): a sum adds like with like; list in 'kinds' only "
         "kinds that count one of them")]


# ------------------------------------------------------------------ year to date
def test_an_earlier_activity_left_out_is_named(tmp_path: Path) -> None:
    """The 9-month file drops the meeting of 04/3 and keeps the span with a later end."""
    nine = """\
  - task: "1"
    date: 2025-04-15
    kind: tiep_dan
    text: Tiếp công dân định kỳ tháng 4/2025,  tiếp 31 lượt với 64 người.
    count: 31
  - task: "1"
    from: 2024-12-15
    to: 2025-08-31
    kind: dang_tin
    text: Đăng tải 180 tin, bài tuyên truyền
    count: 180
  - task: "1"
    date: 2025-05-20
    kind: kiem_tra
    text: Kiểm tra việc thực hiện quy chế dân chủ tại 03 phòng
"""
    root = workspace(tmp_path, {"6m/vp.yaml": assessment("vp", "6m", VP_6M),
                                "9m/vp.yaml": assessment("vp", "9m", nine),
                                "6m/tccb.yaml": assessment("tccb", "6m", TCCB_6M)})
    data = check_workspace(root, root).years["2025"]
    assert data.plan is not None
    assert year_to_date.nested_before(data.plan, "12m") == ["6m", "9m"]
    left = year_to_date.dropped(data.plan, "9m", data.assessments)
    # tccb has no 9-month file: said elsewhere, not here.
    assert [(item.unit, item.earlier, item.activity.date) for item in left] == [
        ("vp", "6m", date(2025, 3, 4))]
    prepared = report_command.prepare(root, "9m", report_date="2025-09-15")
    assert isinstance(prepared, report_command.PreparedReport)
    assert prepared.notes == [
        "plans/2025/9m/vp.yaml leaves out 1 activities of the unit's earlier files: "
        "2025-03-04 “Hội nghị quán triệt kế hoạch năm 2025” (6m); the year's figures count "
        "only this file, so they fall below the earlier report's: copy those activities into it"]


def test_the_example_figures_never_fall_from_one_report_to_the_next() -> None:
    """Counted by hand in plans/2024 (EXPECTED.md): task 1 19 → 22 → 26, task 2
    28 → 38 → 54, task 3 13 → 20 → 26; and no file leaves out an earlier activity."""
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    counts = {}
    for period, day in (("6m", date(2024, 6, 15)), ("9m", date(2024, 9, 15)),
                        ("12m", date(2024, 12, 15))):
        result = attain.evaluate(data.plan, period, data.assessments.get(period, {}))
        areas = build_context(result, ReportOptions(day))["areas"]
        counts[period] = [area["paragraphs"][0].split(" thực hiện ")[1].split(" hoạt")[0]
                          for area in areas]
        assert year_to_date.dropped(data.plan, period, data.assessments) == []
    assert counts == {"6m": ["19", "28", "13"], "9m": ["22", "38", "20"],
                      "12m": ["26", "54", "26"]}


# ------------------------------------------------------------------ the year-end report
@pytest.fixture(scope="module")
def year_end() -> dict[str, Any]:
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    result = attain.evaluate(data.plan, "12m", data.assessments.get("12m", {}))
    return build_context(result, ReportOptions(date(2024, 12, 15)))


def test_the_year_end_report_speaks_of_the_year(year_end: dict[str, Any]) -> None:
    texts = [text for area in year_end["areas"] for text in area["paragraphs"]
             + [t for point in area["points"] for t in point["paragraphs"]]]
    assert not any("Trong kỳ" in text or "chưa có hoạt động mới" in text
                   or "từ ngày 15/9/2024" in text for text in texts)
    # Counted by hand in plans/2024/12m: task 1 has 26 activities of 14 units; 393 people
    # attended. The Cổng's 498 tin, bài (15/12/2023 to 06/12/2024) are all one activity's,
    # whose example says them (without the drafter's summary in its place, as here).
    assert year_end["areas"][0]["paragraphs"][0] == (
        "Trong năm, có 14/15 đơn vị thực hiện 26 hoạt động thuộc nội dung này (393 người tham "
        "dự).")
    assert any(line.startswith("- Đăng tải 498 tin, bài") for line in
               year_end["areas"][0]["paragraphs"])
    # The year's examples, not only the fourth quarter's: the Cổng's 498 tin, bài over the
    # year and the storm relief of 09/9 are highlights of the year (the quán triệt conference
    # of 16/4 is the office's own, reported in section I).
    first = year_end["areas"][0]["paragraphs"]
    assert first[1] == "Một số hoạt động tiêu biểu trong năm:"
    assert any("(Cổng thông tin điện tử tỉnh, từ ngày 15/12/2023 đến ngày 06/12/2024)" in line
               for line in first)
    relief = year_end["areas"][2]["points"][0]["paragraphs"]
    assert any("86.500.000 đồng" in line and "ngày 09/9/2024" in line for line in relief)
    # 2.a: citizens received are not people attending: 14 + 11 + 9 + 16 lượt at the Ban's
    # receptions; 27 + 31 helped by the archive are another kind.
    assert year_end["areas"][1]["points"][0]["paragraphs"][0] == (
        "Trong năm, có 09/15 đơn vị thực hiện 21 hoạt động thuộc nội dung này (615 người tham "
        "dự; 50 lượt công dân được tiếp; 58 lượt công dân được hỗ trợ tra cứu).")


def test_the_models_are_listed_once_and_agree_with_the_year_end_section(
        year_end: dict[str, Any]) -> None:
    lists = [text for area in year_end["areas"] for point in area["points"]
             for text in point["paragraphs"] if text.startswith("Về mô hình")]
    # §6 counts them; the list refers there and lists plans/2024/models.yaml's 12 records.
    assert lists == ["Về mô hình “Dân vận khéo”: các mô hình, điển hình đã đăng ký đến ngày "
                     "14/12/2024 (số liệu tại khoản 6 Mục II) gồm:"]
    [point] = [point for area in year_end["areas"] for point in area["points"]
               if lists[0] in point["paragraphs"]]
    listed = point["paragraphs"][point["paragraphs"].index(lists[0]) + 1:]
    assert len(listed) == 12 and all(line.startswith("- M") or line.startswith("- Đ")
                                     or line.startswith("- C") for line in listed)
    models = [text for section in year_end["year_end_sections"]
              for text in section.get("paragraphs", []) if text.startswith("Năm 2024")]
    assert models and models[0].startswith(
        "Năm 2024, các đơn vị có 12 mô hình, điển hình “Dân vận khéo”")


@pytest.mark.parametrize(("period", "day", "named"), [
    ("6m", date(2024, 6, 15), ["Tổng hợp nhanh – Tham mưu trúng",
                               "Đồng hành cùng trường học vùng khó khăn"]),
    ("9m", date(2024, 9, 15), ["Tổng hợp nhanh – Tham mưu trúng",
                               "Đồng hành cùng trường học vùng khó khăn"]),
])
def test_every_model_the_report_mentions_is_in_its_list(
        period: str, day: date, named: list[str]) -> None:
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    result = attain.evaluate(data.plan, period, data.assessments.get(period, {}))
    areas = build_context(result, ReportOptions(day))["areas"]
    listed = [text for area in areas for point in area["points"] for text in
              point["paragraphs"] if text.startswith("- ") and "(" in text
              and any(word in text for word in ("đang triển khai", "có hiệu quả",
                                                "được công nhận", "dừng thực hiện",
                                                "đăng ký)"))]
    for name in named:
        assert any(f"“{name}”" in line for line in listed), name


def test_a_summing_target_says_what_its_own_kinds_count(tmp_path: Path) -> None:
    # The plan's first kind counts people; this target sums only the citizens received.
    target = """\
  - id: cong_dan
    text: Tiếp ít nhất 20 lượt công dân
    short: Công dân được tiếp
    measure:
      sum_of_activities: {field: participants, kinds: [tiep_dan]}
    at_least: 20
tasks:
"""
    root = workspace(tmp_path, {"6m/vp.yaml": assessment("vp", "6m", VP_6M)},
                     PLAN.replace("tasks:\n", target, 1))
    row = next(row for row in context(root, "6m")["targets"]
               if row["name"] == "Công dân được tiếp")
    assert (row["result"], row["verdict"]) == ("31 lượt công dân được tiếp", "Đạt")


def test_an_areas_sum_that_one_point_holds_is_said_by_that_point(tmp_path: Path) -> None:
    # Task 2 has one activity of its own (20 people) and point 2.a two (15 people, and the
    # 12 lượt of the only reception). The area adds the people, 20 + 15 = 35; the 12 lượt
    # are all 2.a's, which says them (in its example here): said once, not twice.
    activities = """\
  - task: "2"
    date: 2025-03-04
    kind: hoi_nghi
    text: Hội nghị cán bộ, công chức năm 2025
    count: 20
  - task: "2.a"
    date: 2025-04-15
    kind: tiep_dan
    text: Tiếp công dân định kỳ tháng 4/2025, tiếp 12 lượt với 30 người
    count: 12
  - task: "2.a"
    date: 2025-05-06
    kind: hoi_nghi
    text: Công khai dự toán ngân sách năm 2025 tại hội nghị cơ quan
    count: 15
"""
    root = workspace(tmp_path, {"6m/vp.yaml": assessment("vp", "6m", activities)})
    area = context(root, "6m")["areas"][1]
    assert area["paragraphs"][0] == (
        "Từ đầu năm đến nay, có 01/03 đơn vị thực hiện 03 hoạt động thuộc nội dung này (35 "
        "người tham dự).")
    assert area["points"][0]["paragraphs"][:3] == [
        "Từ đầu năm đến nay, có 01/03 đơn vị thực hiện 02 hoạt động thuộc nội dung này.",
        "Một số hoạt động tiêu biểu:",
        "- Tiếp công dân định kỳ tháng 4/2025, tiếp 12 lượt với 30 người (Văn phòng Sở, ngày "
        "15/4/2025);"]


def test_the_citizens_received_are_counted_in_lượt_once_in_each_report() -> None:
    # plans/2024: the Ban's receptions count their lượt (14; + 11 by 9m; + 9 + 16 by 12m),
    # the archive's help to citizens is its own kind (27; + 31 by 12m); 2.a says them and
    # area 2 does not say them again.
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    lines = {}
    for period, day in (("6m", date(2024, 6, 20)), ("9m", date(2024, 9, 20)),
                        ("12m", date(2024, 12, 15))):
        result = attain.evaluate(data.plan, period, data.assessments.get(period, {}))
        area = build_context(result, ReportOptions(day))["areas"][1]
        texts = area["paragraphs"] + [t for point in area["points"] for t in point["paragraphs"]]
        assert sum("lượt công dân được tiếp" in text for text in texts) <= 1, period
        lines[period] = [area["paragraphs"][0], area["points"][0]["paragraphs"][0]]
    # 6m: both 2.a figures are one example's each, which says them ("tiếp 14 lượt").
    assert lines["6m"] == [
        "Từ đầu năm đến nay, có 15/15 đơn vị thực hiện 28 hoạt động thuộc nội dung này (454 "
        "người tham dự).",
        "Từ đầu năm đến nay, có 10/15 đơn vị thực hiện 11 hoạt động thuộc nội dung này (272 "
        "người tham dự)."]
    assert lines["9m"] == [
        "Từ đầu năm đến nay, có 14/15 đơn vị thực hiện 38 hoạt động thuộc nội dung này (554 "
        "người tham dự); trong đó 13 hoạt động từ ngày 15/6/2024.",
        "Từ đầu năm đến nay, có 09/15 đơn vị thực hiện 14 hoạt động thuộc nội dung này (329 "
        "người tham dự; 25 lượt công dân được tiếp; 27 lượt công dân được hỗ trợ tra cứu); "
        "trong đó 04 hoạt động từ ngày 15/6/2024."]
    assert lines["12m"] == [
        "Trong năm, có 14/15 đơn vị thực hiện 54 hoạt động thuộc nội dung này (833 người tham "
        "dự).",
        "Trong năm, có 09/15 đơn vị thực hiện 21 hoạt động thuộc nội dung này (615 người tham "
        "dự; 50 lượt công dân được tiếp; 58 lượt công dân được hỗ trợ tra cứu)."]
