"""Section II's examples as a drafter writes them: the same activity of many units in one
counted line, like counts added, and the year-end report's examples capped; section I's
leadership after the first report of the year: what is new first, the rest recapped."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from conftest import MINI_PLAN, REPO, write_tree
from scoring_data import MODELS
from test_figures import assessment
from test_report import workspace_result

from dvcq_cli.check import check_workspace
from dvcq_cli.report import ReportOptions, build_context, earlier_periods, strengths_left_out
from dvcq_cli.report.evaluation import TOLD_BEFORE, UNPROVEN_MODEL, LeftOut
from dvcq_cli.report.tasks import MAX_YEAR_EXAMPLES
from dvcq_cli.report.text import states_result
from dvcq_cli.synthesis import Entry, Synthesis

# Six units: four phòng, two trung tâm; kinds that count people and kinds that count posts.
PLAN = MINI_PLAN.replace(
    "  - {id: vp, name: Văn phòng Sở}\n"
    "  - {id: tccb, name: Phòng Tổ chức cán bộ}\n"
    "  - {id: ccvt, name: Chi cục Văn thư – Lưu trữ}\n",
    "  - {id: vp, name: Văn phòng Sở, kind: phong}\n"
    "  - {id: tccb, name: Phòng Tổ chức cán bộ, kind: phong}\n"
    "  - {id: kh, name: Phòng Kế hoạch – Tài chính, kind: phong}\n"
    "  - {id: pc, name: Phòng Pháp chế, kind: phong}\n"
    "  - {id: ttlt, name: Trung tâm Lưu trữ lịch sử, kind: trung_tam}\n"
    "  - {id: ttcn, name: Trung tâm Công nghệ thông tin, kind: trung_tam}\n",
).replace(
    "activity_kinds:\n  hoi_nghi: Hội nghị\n",
    "activity_kinds:\n"
    "  hoi_nghi: {label: \"Hội nghị, học tập, quán triệt\", counts: người tham dự}\n"
    "  dang_tin: {label: \"Đăng tin, bài\", counts: \"tin, bài\"}\n"
    "  kiem_tra: {label: \"Kiểm tra, giám sát\", counts: false}\n",
).replace(
    "  q3: {label: quý III năm 2025, from: 2025-06-15, to: 2025-09-14}\n",
    "  9m: {label: 9 tháng năm 2025, from: 2024-12-15, to: 2025-09-14}\n"
    "  12m: {label: năm 2025, from: 2024-12-15, to: 2025-12-14}\n",
)

def activity(task: str, day: str, kind: str, text: str, count: int | None = None,
             highlight: bool = False) -> str:
    lines = [f'  - task: "{task}"', f"    date: {day}", f"    kind: {kind}",
             f"    text: {text}"]
    if count is not None:
        lines.append(f"    participants: {count}")
    if highlight:
        lines.append("    highlight: true")
    return "\n".join(lines) + "\n"


def briefing(staff: str, word: str) -> str:
    return (f"Tổ chức quán triệt Kế hoạch số 12/KH-SNV đến toàn thể {staff} của {word}; đưa "
            f"nhiệm vụ dân vận vào chương trình công tác của {word}")


def build(tmp_path: Path, files: dict[str, dict[str, str]], period: str,
          day: date) -> dict[str, Any]:
    """The report's context for `period`, from each unit's activities (YAML lines)."""
    tree = {"plans/2025/plan.yaml": PLAN}
    for period_id, units in files.items():
        for unit, lines in units.items():
            tree[f"plans/2025/{period_id}/{unit}.yaml"] = assessment(unit, period_id, lines)
    write_tree(tmp_path, tree)
    assert [p.message for p in check_workspace(tmp_path, tmp_path).problems] == []
    return build_context(workspace_result(tmp_path, period), ReportOptions(day))


# ------------------------------------------------------------ the same activity, one line
SIX = {
    # Four phòng brief "công chức của phòng", two trung tâm "viên chức và người lao động
    # của Trung tâm", one adds "kể cả …": the same briefing, six units, 8+9+7+6+12+15 = 57.
    "vp": activity("1", "2025-02-12", "hoi_nghi", briefing("công chức", "phòng"), 8),
    "tccb": activity("1", "2025-02-10", "hoi_nghi", briefing("công chức", "phòng"), 9),
    "kh": activity("1", "2025-02-11", "hoi_nghi", briefing("công chức", "Phòng Kế hoạch – "
                                                           "Tài chính"), 7),
    "pc": activity("1", "2025-02-14", "hoi_nghi", briefing("công chức", "phòng").replace(
        "; đưa", ", kể cả người lao động hợp đồng; đưa", 1), 6)
    + activity("1", "2025-03-05", "dang_tin", "Đăng 12 tin, bài về Kế hoạch trên Trang "
               "thông tin điện tử", 12),
    "ttlt": activity("1", "2025-02-20", "hoi_nghi",
                     briefing("viên chức và người lao động", "Trung tâm"), 12),
    "ttcn": activity("1", "2025-03-03", "hoi_nghi",
                     briefing("viên chức và người lao động", "Trung tâm"), 15),
}


def test_many_units_doing_the_same_activity_are_counted_in_one_line(tmp_path: Path) -> None:
    ctx = build(tmp_path, {"6m": SIX}, "6m", date(2025, 6, 20))
    paragraphs = ctx["areas"][0]["paragraphs"]
    # The figures: every unit's count, like with like (57 people; the 12 posts are the
    # example's own words below, said there).
    assert paragraphs[0] == ("Từ đầu năm đến nay, có 06/06 đơn vị thực hiện 07 hoạt động "
                             "thuộc nội dung này (57 người tham dự).")
    # One line for the six briefings: the dates they span, how many units, their staff
    # named so as to cover each ("toàn thể", each unit's claim, not vouched for six at
    # once), the same 57; no unit named, no second briefing line.
    assert paragraphs[1:] == [
        "Một số hoạt động tiêu biểu:",
        "- Từ ngày 10/02 đến ngày 03/3/2025, 06 đơn vị tổ chức quán triệt Kế hoạch số "
        "12/KH-SNV đến công chức, viên chức và người lao động của đơn vị; đưa nhiệm vụ dân "
        "vận vào chương trình công tác của đơn vị (57 người tham dự);",
        "- Đăng 12 tin, bài về Kế hoạch trên Trang thông tin điện tử (Phòng Pháp chế, ngày "
        "05/3/2025).",
    ]


# The plan's rule "a unit has disseminated the plan only when it reached all its people".
BRIEFED = PLAN.replace("activity_kinds:\n", """\
  quan_triet: {type: bool, label: Đã quán triệt Kế hoạch}
  so_ccvc: {type: integer, min: 0, aggregate: sum, label: Tổng số CCVC và người lao động}
  so_ccvc_quan_triet:
    type: integer
    min: 0
    aggregate: sum
    label: Số CCVC và người lao động được quán triệt
consistency:
  - id: quan_triet_toan_bo
    text: Chỉ ghi đã quán triệt khi mọi người đã được quán triệt
    when: {indicator: so_ccvc_quan_triet, less_than: so_ccvc}
    check: {indicator: quan_triet, equals: false}
activity_kinds:
""", 1)


def briefed(unit: str, lines: str, staff: int, reached: int) -> str:
    """A unit's 6m file under BRIEFED: `reached` of its `staff` briefed (quan_triet true
    only when all were)."""
    return assessment(unit, "6m", lines).replace("  qcdc: tot\n", (
        f"  qcdc: tot\n  quan_triet: {'true' if reached == staff else 'false'}\n"
        f"  so_ccvc: {staff}\n  so_ccvc_quan_triet: {reached}\n"), 1)


def test_the_units_briefings_count_their_people_as_section_i_does(tmp_path: Path) -> None:
    # Each unit briefed the people it counts as reached (8+9+7+6+12+15 = 57); Trung tâm Công
    # nghệ thông tin has 17 people and reached 15: section I says 57/59, and the six units'
    # line says the same share, not "06 đơn vị … (57 người tham dự)" beside "05 đơn vị";
    # when section I says it, the line is not cited as an example as well.
    tree = {"plans/2025/plan.yaml": BRIEFED}
    for unit, lines in SIX.items():
        reached = 15 if unit == "ttcn" else int(lines.split("participants: ")[1].split()[0])
        tree[f"plans/2025/6m/{unit}.yaml"] = briefed(
            unit, lines, 17 if unit == "ttcn" else reached, reached)
    write_tree(tmp_path, tree)
    assert [p.message for p in check_workspace(tmp_path, tmp_path).problems] == []
    ctx = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    assert [line for line in ctx["leadership"] if "57/59" in line] == [
        "Công tác quán triệt, triển khai: trong 06 đơn vị đã gửi báo cáo, 05 đơn vị đã quán "
        "triệt Kế hoạch; 01 đơn vị còn 02 công chức, viên chức (CCVC) và người lao động chưa "
        "được quán triệt, nên số CCVC và người lao động được quán triệt là 57/59 người."]
    assert ctx["areas"][0]["paragraphs"][1:] == [
        "Một số hoạt động tiêu biểu:",
        "- Đăng 12 tin, bài về Kế hoạch trên Trang thông tin điện tử (Phòng Pháp chế, ngày "
        "05/3/2025)."]
    # Where section I does not say it (the drafter wrote section I), the line says the share
    # (the abbreviation written out: its first use).
    drafted = Synthesis(leadership=[Entry("Sở quán triệt Kế hoạch.")])
    ctx = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)),
                        drafted)
    assert ctx["areas"][0]["paragraphs"][2] == (
        "- Từ ngày 10/02 đến ngày 03/3/2025, 06 đơn vị tổ chức quán triệt Kế hoạch số "
        "12/KH-SNV đến công chức, viên chức và người lao động của đơn vị; đưa nhiệm vụ dân "
        "vận vào chương trình công tác của đơn vị (57/59 công chức, viên chức (CCVC) và người "
        "lao động tham dự);")


def test_every_reporting_unit_briefed_is_counted_out_of_those_that_reported(
        tmp_path: Path) -> None:
    tree = {"plans/2025/plan.yaml": BRIEFED}
    for unit, people in (("vp", 12), ("tccb", 7)):
        tree[f"plans/2025/6m/{unit}.yaml"] = briefed(unit, "", people, people)
    write_tree(tmp_path, tree)
    assert [p.message for p in check_workspace(tmp_path, tmp_path).problems] == []
    ctx = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    # Counted out of the units that reported ("02/02"), not "cả 02 đơn vị".
    assert [line for line in ctx["leadership"] if "quán triệt là" in line] == [
        "Công tác quán triệt, triển khai: 02/02 đơn vị đã gửi báo cáo đều đã quán triệt Kế "
        "hoạch: số công chức, viên chức (CCVC) và người lao động được quán triệt là 19/19 "
        "người."]


def test_one_units_example_names_it_once_in_its_parenthesis(tmp_path: Path) -> None:
    # "của phòng" would become the unit's name in the text and again after it: "đơn vị".
    ctx = build(tmp_path, {"6m": {"tccb": SIX["tccb"]}}, "6m", date(2025, 6, 20))
    assert ctx["areas"][0]["paragraphs"][2] == (
        "- Tổ chức quán triệt Kế hoạch số 12/KH-SNV đến toàn thể công chức của đơn vị; đưa "
        "nhiệm vụ dân vận vào chương trình công tác của đơn vị (Phòng Tổ chức cán bộ, ngày "
        "10/02/2025, 09 người tham dự).")


def test_a_units_own_name_in_its_example_is_đơn_vị_but_not_inside_another_name(
        tmp_path: Path) -> None:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    path = tmp_path / "plans" / "2024" / "12m" / "kinh_te.yaml"
    text = path.read_text(encoding="utf-8")
    said = "trong đó 21 kiến nghị được trả lời ngay tại hội nghị\n"
    assert text.count(said) == 1
    path.write_text(text.replace(said, said[:-1] + "; cùng Phòng Kinh tế ngành theo dõi các "
                                 "kiến nghị còn lại của Phòng Kinh tế\n"), encoding="utf-8")
    ctx = build_context(workspace_result(tmp_path, "12m", "2024"),
                        ReportOptions(date(2024, 12, 15)))
    lines = [line for area in ctx["areas"] for point in area["points"]
             for line in point["paragraphs"] if "29 kiến nghị" in line]
    assert lines == [
        "- Phối hợp tổ chức Hội nghị gặp gỡ, đối thoại giữa lãnh đạo UBND tỉnh với doanh "
        "nghiệp quý IV/2024; tổng hợp 29 kiến nghị, trong đó 21 kiến nghị được trả lời ngay "
        "tại hội nghị; cùng Phòng Kinh tế ngành theo dõi các kiến nghị còn lại của đơn vị "
        "(Phòng Kinh tế, ngày 26/11/2024, 260 người tham dự);"]


def test_a_unit_that_names_itself_is_said_as_the_others(tmp_path: Path) -> None:
    # Phòng Kế hoạch – Tài chính wrote its name; its text is the one shown for all four.
    named = {unit: SIX[unit] for unit in ("vp", "tccb", "ttlt")}
    named["kh"] = SIX["kh"] + SIX["kh"].replace("2025-02-11", "2025-02-12")
    ctx = build(tmp_path, {"6m": named}, "6m", date(2025, 6, 20))
    assert ctx["areas"][0]["paragraphs"][2] == (
        "- Từ ngày 10/02 đến ngày 20/02/2025, 04 đơn vị tổ chức quán triệt Kế hoạch số "
        "12/KH-SNV đến công chức, viên chức và người lao động của đơn vị; đưa nhiệm vụ dân "
        "vận vào chương trình công tác của đơn vị (43 người tham dự).")


def test_a_few_units_doing_the_same_activity_are_named_with_their_dates(
        tmp_path: Path) -> None:
    few = {unit: SIX[unit] for unit in ("tccb", "kh", "ttlt")}
    ctx = build(tmp_path, {"6m": few}, "6m", date(2025, 6, 20))
    assert ctx["areas"][0]["paragraphs"][1:] == [
        "Một số hoạt động tiêu biểu:",
        "- Tổ chức quán triệt Kế hoạch số 12/KH-SNV đến toàn thể công chức, viên chức và "
        "người lao động của đơn vị; đưa nhiệm vụ dân vận vào chương trình công tác của đơn vị "
        "(Phòng Tổ chức cán bộ, ngày 10/02/2025, 09 người tham dự; Phòng Kế hoạch – Tài chính, "
        "ngày 11/02/2025, 07 người tham dự; Trung tâm Lưu trữ lịch sử, ngày 20/02/2025, 12 "
        "người tham dự).",
    ]


def test_the_same_text_of_another_kind_is_another_activity(tmp_path: Path) -> None:
    text = "Kiểm tra việc thực hiện quy chế dân chủ"
    units = {unit: activity("1", f"2025-03-0{n}", kind, text)
             for n, (unit, kind) in enumerate(
                 [("vp", "kiem_tra"), ("tccb", "kiem_tra"), ("kh", "kiem_tra"),
                  ("pc", "kiem_tra"), ("ttlt", "hoi_nghi")], start=1)}
    ctx = build(tmp_path, {"6m": units}, "6m", date(2025, 6, 20))
    # vp's inspection is section I's (the unit preparing the report); three more are one
    # named line; the same words filed as a meeting are another line.
    assert ctx["areas"][0]["paragraphs"][2:] == [
        "- Kiểm tra việc thực hiện quy chế dân chủ (Phòng Tổ chức cán bộ, ngày 02/3/2025; "
        "Phòng Kế hoạch – Tài chính, ngày 03/3/2025; Phòng Pháp chế, ngày 04/3/2025);",
        "- Kiểm tra việc thực hiện quy chế dân chủ (Trung tâm Lưu trữ lịch sử, ngày "
        "05/3/2025).",
    ]


# ------------------------------------------------------------ the year-end examples
def dialogue(n: int, day: str, highlight: bool) -> str:
    """A dialogue of 10 people in 2.a (the text names a quarter by letter, not by number)."""
    return activity("2.a", day, "hoi_nghi", f"Đối thoại với người dân khu phố {chr(64 + n)}",
                    10, highlight=highlight)


def test_the_year_end_report_caps_its_examples_and_keeps_the_last_quarters_highlights(
        tmp_path: Path) -> None:
    days = ["2025-01-10", "2025-02-10", "2025-03-10", "2025-04-10", "2025-07-10",
            "2025-08-10", "2025-10-10", "2025-10-20", "2025-11-10", "2025-11-20",
            "2025-12-01", "2025-12-05"]
    lines = "".join(dialogue(n, day, highlight=True) for n, day in enumerate(days, start=1))
    ctx = build(tmp_path, {"12m": {"tccb": lines}}, "12m", date(2025, 12, 15))
    point = ctx["areas"][1]["points"][0]["paragraphs"]
    assert point[0] == ("Trong năm, có 01/06 đơn vị thực hiện 12 hoạt động thuộc nội dung "
                        "này (120 người tham dự).")
    # All 12 highlighted: the six since the 9-month report (15/9), and the earliest of the
    # first half and of the third quarter: 8, one more than MAX_YEAR_EXAMPLES, in date order.
    assert MAX_YEAR_EXAMPLES == 7
    assert [line.split("(")[1] for line in point[2:]] == [
        "Phòng Tổ chức cán bộ, ngày 10/01/2025, 10 người tham dự);",
        "Phòng Tổ chức cán bộ, ngày 10/7/2025, 10 người tham dự);",
        "Phòng Tổ chức cán bộ, ngày 10/10/2025, 10 người tham dự);",
        "Phòng Tổ chức cán bộ, ngày 20/10/2025, 10 người tham dự);",
        "Phòng Tổ chức cán bộ, ngày 10/11/2025, 10 người tham dự);",
        "Phòng Tổ chức cán bộ, ngày 20/11/2025, 10 người tham dự);",
        "Phòng Tổ chức cán bộ, ngày 01/12/2025, 10 người tham dự);",
        "Phòng Tổ chức cán bộ, ngày 05/12/2025, 10 người tham dự).",
    ]
    # With two highlights in the last quarter (none on 10/10, 20/10, 10/11, 05/12), the cap
    # is filled turn by turn: the earliest of each earlier window, then the second of each,
    # then the third: 10/4 (the first half's fourth) is left out.
    lines = "".join(dialogue(n, day, highlight=day not in days[6:9] + days[11:])
                    for n, day in enumerate(days, start=1))
    ctx = build(tmp_path, {"12m": {"tccb": lines}}, "12m", date(2025, 12, 15))
    point = ctx["areas"][1]["points"][0]["paragraphs"]
    assert [line.split("ngày ")[1].split(",")[0] for line in point[2:]] == [
        "10/01/2025", "10/02/2025", "10/3/2025", "10/7/2025", "10/8/2025", "20/11/2025",
        "01/12/2025"]


# ------------------------------------------------------------ section I after 6 months
def test_at_nine_months_the_plans_issuing_alone_is_recapped(tmp_path: Path) -> None:
    follow_up = activity("2", "2025-07-08", "kiem_tra", "Kiểm tra việc thực hiện quy tắc ứng "
                         "xử tại 03 phòng")
    ctx = build(tmp_path, {"9m": {"vp": follow_up}}, "9m", date(2025, 9, 20))
    # Nothing of the office's before 15/6 but the plan itself: its issuing is the recap.
    assert ctx["leadership"][:2] == [
        "Việc ban hành Kế hoạch số 12/KH-SNV ngày 20/01/2025 đã nêu tại báo cáo kết quả thực "
        "hiện công tác Dân vận chính quyền 6 tháng đầu năm 2025.",
        "Công tác kiểm tra, đôn đốc: ngày 08/7/2025, Văn phòng Sở kiểm tra việc thực hiện quy "
        "tắc ứng xử tại 03 phòng."]
    # The first report of the year tells the plan in full.
    six = build(tmp_path / "six", {"6m": {"vp": activity(
        "2", "2025-03-03", "kiem_tra", "Kiểm tra việc thực hiện quy chế dân chủ")}}, "6m",
        date(2025, 6, 20))
    assert six["leadership"][0].startswith("Sở Nội vụ ban hành Kế hoạch số 12/KH-SNV ngày "
                                           "20/01/2025 về ")


def test_section_i_at_nine_months_gives_whats_new_and_recaps_the_rest(tmp_path: Path) -> None:
    steering = (
        activity("1", "2025-02-10", "hoi_nghi", "Tham mưu Giám đốc tổ chức hội nghị quán "
                 "triệt Kế hoạch số 12/KH-SNV đến các phòng", 40)
        + activity("2", "2025-03-03", "kiem_tra", "Kiểm tra việc thực hiện quy chế dân chủ "
                   "tại Phòng Tổ chức cán bộ")
        + activity("2", "2025-07-08", "kiem_tra", "Kiểm tra việc thực hiện quy tắc ứng xử "
                   "tại 03 phòng")
        + activity("2", "2025-07-20", "kiem_tra", "Tổng hợp kết quả 6 tháng; đôn đốc các "
                   "đơn vị bổ sung minh chứng")
        + activity("1", "2025-08-01", "hoi_nghi", "Tham mưu phát động phong trào thi đua "
                   "“Dân vận khéo” năm 2025; hướng dẫn các đơn vị đăng ký mô hình", 30)
        + activity("1", "2025-08-05", "hoi_nghi", "Tham mưu văn bản chỉ đạo các đơn vị đăng "
                   "ký mô hình “Dân vận khéo”"))
    ctx = build(tmp_path, {"9m": {"vp": steering}}, "9m", date(2025, 9, 20))
    assert ctx["leadership"][:3] == [
        # What the 6-month report said, the plan's issuing with it: one recap, its dates.
        "Việc ban hành Kế hoạch số 12/KH-SNV ngày 20/01/2025 và các hoạt động quán triệt, kiểm "
        "tra trước ngày 15/6/2025 đã nêu tại báo cáo kết quả thực hiện công tác Dân vận chính "
        "quyền 6 tháng đầu năm 2025.",
        # New since 15/6, in full; the office launched what its Văn phòng Sở advised on; the
        # unit that did both follow-ups is named once.
        # A paper the unit drafted ("tham mưu văn bản …") stays its own work.
        "Công tác chỉ đạo, hướng dẫn: ngày 01/8/2025, Sở Nội vụ phát động phong trào thi đua "
        "“Dân vận khéo” năm 2025; hướng dẫn các đơn vị đăng ký mô hình (30 người tham dự); "
        "ngày 05/8/2025, Văn phòng Sở tham mưu văn bản chỉ đạo các đơn vị đăng ký mô hình "
        "“Dân vận khéo”.",
        "Công tác kiểm tra, đôn đốc: ngày 08/7/2025, Văn phòng Sở kiểm tra việc thực hiện "
        "quy tắc ứng xử tại 03 phòng; ngày 20/7/2025, tổng hợp kết quả 6 tháng; đôn đốc các "
        "đơn vị bổ sung minh chứng.",
    ]
    # The year-end report gives the year whole, in the roles' order.
    ctx = build(tmp_path, {"12m": {"vp": steering}}, "12m", date(2025, 12, 15))
    assert [line.split(":")[0] for line in ctx["leadership"][1:4]] == [
        "Công tác chỉ đạo, hướng dẫn", "Công tác quán triệt, triển khai",
        "Công tác kiểm tra, đôn đốc"]
    assert ctx["leadership"][2] == (
        "Công tác quán triệt, triển khai: ngày 10/02/2025, Giám đốc tổ chức hội nghị quán "
        "triệt Kế hoạch số 12/KH-SNV đến các phòng (40 người tham dự).")


# ------------------------------------------------------------ a model's result is an example
MODELS_PLAN = PLAN.replace(
    '  kiem_tra: {label: "Kiểm tra, giám sát", counts: false}\n',
    '  kiem_tra: {label: "Kiểm tra, giám sát", counts: false}\n'
    '  mo_hinh_dan_van_kheo: {label: Mô hình “Dân vận khéo”, counts: false}\n')


def test_a_models_activity_that_states_its_result_is_an_example(tmp_path: Path) -> None:
    files = {"6m": {
        "tccb": activity("2.a", "2025-03-10", "mo_hinh_dan_van_kheo",
                         "Duy trì mô hình “Một cửa thân thiện” tại bộ phận tiếp nhận"),
        "kh": activity("2.a", "2025-04-10", "mo_hinh_dan_van_kheo",
                       "'Đánh giá mô hình “Hỏi một lần”: 120 câu hỏi của người dân được trả "
                       "lời trong ngày'"),
        "pc": activity("2.a", "2025-05-12", "mo_hinh_dan_van_kheo",
                       "Đăng ký mô hình “Pháp lý gần dân” theo Kế hoạch số 12/KH-SNV ngày "
                       "20/01/2025", highlight=True),
    }}
    tree = {"plans/2025/plan.yaml": MODELS_PLAN}
    for unit, lines in files["6m"].items():
        tree[f"plans/2025/6m/{unit}.yaml"] = assessment(unit, "6m", lines)
    write_tree(tmp_path, tree)
    assert [p.message for p in check_workspace(tmp_path, tmp_path).problems] == []
    ctx = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    point = ctx["areas"][1]["points"][0]["paragraphs"]
    # The list of models names all three; the result in figures and the unit's highlight are
    # its examples; keeping a model running, which the list already says, is not.
    assert point[:3] == [
        "Từ đầu năm đến nay, có 03/06 đơn vị thực hiện 03 hoạt động thuộc nội dung này.",
        "Một số hoạt động tiêu biểu:",
        "- Đánh giá mô hình “Hỏi một lần”: 120 câu hỏi của người dân được trả lời trong ngày "
        "(Phòng Kế hoạch – Tài chính, ngày 10/4/2025);",
    ]
    assert point[3] == ("- Đăng ký mô hình “Pháp lý gần dân” theo Kế hoạch số 12/KH-SNV ngày "
                        "20/01/2025 (Phòng Pháp chế, ngày 12/5/2025).")
    assert point[4:] == [
        "Về mô hình “Dân vận khéo”: có 03 đơn vị xây dựng, duy trì 03 mô hình, gồm:",
        "- Đánh giá mô hình “Hỏi một lần”: 120 câu hỏi của người dân được trả lời trong ngày "
        "(Phòng Kế hoạch – Tài chính);",
        "- Đăng ký mô hình “Pháp lý gần dân” theo Kế hoạch số 12/KH-SNV ngày 20/01/2025 (Phòng "
        "Pháp chế);",
        "- Duy trì mô hình “Một cửa thân thiện” tại bộ phận tiếp nhận (Phòng Tổ chức cán bộ).",
    ]


def test_states_result_tells_figures_from_names_numbers_and_dates() -> None:
    assert states_result("412 cuộc gọi đến đường dây nóng được trả lời trong ngày")
    assert states_result("thời gian rút từ 10 ngày xuống 05 ngày làm việc")
    assert not states_result("Duy trì mô hình “Một lần hỏi – 01 câu trả lời”")
    assert not states_result("Quán triệt Kế hoạch số 294/KH-VP ngày 08/4/2024")
    assert not states_result("Tổng hợp báo cáo 6 tháng năm 2024 đúng hạn")
    assert not states_result("Công tác tiếp công dân được duy trì thường xuyên")


# ------------------------------------------------------------ strengths said once, when true
def strengths(lines: str) -> str:
    return "strengths:\n" + "".join(f'  - text: "{line}"\n    task: "2.a"\n'
                                    for line in lines.split("\n"))


def test_a_strength_told_before_or_of_an_unproven_model_is_left_out(tmp_path: Path) -> None:
    meeting = activity("2.a", "2025-07-10", "hoi_nghi", "Họp lấy ý kiến về quy chế làm việc", 9)
    tree = {
        "plans/2025/plan.yaml": MODELS_PLAN,
        "plans/2025/models.yaml": MODELS,
        "plans/2025/6m/tccb.yaml": assessment("tccb", "6m", meeting.replace("07-10", "03-10"))
        + strengths("Công khai tài chính đầy đủ, đúng thời hạn; công chức được lấy ý kiến về "
                    "quy chế làm việc."),
        "plans/2025/9m/tccb.yaml": assessment("tccb", "9m", meeting)
        + strengths("Công khai tài chính đầy đủ, đúng thời hạn; 12 ý kiến góp ý quy chế làm "
                    "việc được tiếp thu.\nĐiển hình “Cán bộ tận tụy” được người dân ghi nhận."),
        "plans/2025/9m/vp.yaml": assessment("vp", "9m", meeting)
        + strengths("Mô hình “Một cửa thân thiện” giảm 30% thời gian chờ của người dân."),
    }
    write_tree(tmp_path, tree)
    workspace = check_workspace(tmp_path, tmp_path)
    assert [p.message for p in workspace.problems] == []
    data = workspace.years["2025"]
    assert data.plan is not None and earlier_periods(data.plan, "9m") == ["6m"]
    earlier = [data.assessments["6m"]]
    nine = build_context(workspace_result(tmp_path, "9m"), ReportOptions(date(2025, 9, 20)),
                         None, earlier)
    # The public finances, said word for word at 6 months, are not said again; the typical
    # example (scoring_data.MODELS), running since 15/02 and no more on 14/9, is no strength
    # yet; the model found effective on 30/5 is. The office (vp) speaks without its name.
    assert nine["strengths"] == [
        "- Về công khai tài chính (nội dung 2.a):",
        "+ 12 ý kiến góp ý quy chế làm việc được tiếp thu (Phòng Tổ chức cán bộ);",
        "+ Mô hình “Một cửa thân thiện” giảm 30% thời gian chờ của người dân."]
    # What was left out, and why, for the command to tell the drafter.
    assert strengths_left_out(workspace_result(tmp_path, "9m"), ReportOptions(
        date(2025, 9, 20)), earlier) == [
        LeftOut("tccb", "Công khai tài chính đầy đủ, đúng thời hạn", TOLD_BEFORE),
        LeftOut("tccb", "Điển hình “Cán bộ tận tụy” được người dân ghi nhận", UNPROVEN_MODEL)]
    # Built alone (no earlier report given), the repeated clause is the unit's own again.
    alone = build_context(workspace_result(tmp_path, "9m"), ReportOptions(date(2025, 9, 20)))
    assert alone["strengths"][1] == (
        "+ Công khai tài chính đầy đủ, đúng thời hạn; 12 ý kiến góp ý quy chế làm việc được "
        "tiếp thu (Phòng Tổ chức cán bộ);")
