"""Sections I, III, IV and V as one office's report: remarks grouped by the task or target
they name, each fact said once, the units' first person turned into their names, proposals
addressed, the leadership's own work in section I, and the year-end directions."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from conftest import MINI_PLAN, REPO, write_tree
from test_report import example, example_context, strings, workspace_result

from dvcq_cli.check import check_workspace
from dvcq_cli.report import ReportOptions, build_context, remarks
from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.next_steps import CLOSING_YEAR_TIME
from dvcq_cli.report.proposals import addressed
from dvcq_cli.report.voice import subject_first, third_person, without_submission

# The mini plan with kinds of unit (a unit says "Phòng" of itself) and of activity.
PLAN = MINI_PLAN.replace(
    "  - {id: tccb, name: Phòng Tổ chức cán bộ}",
    "  - {id: tccb, name: Phòng Tổ chức cán bộ, kind: phong}",
).replace(
    "activity_kinds:\n  hoi_nghi: Hội nghị\n",
    "activity_kinds:\n  hoi_nghi: Hội nghị, học tập, quán triệt\n"
    "  kiem_tra: Kiểm tra, giám sát\n  thi_dua: Phong trào thi đua\n",
)

HEAD = """\
unit: {unit}
period: 6m
submitted: 2025-06-10
indicators:
  dan_van_kheo: true
  qcdc: {qcdc}
"""

VP = HEAD.format(unit="vp", qcdc="tot") + """\
activities:
  - task: "1"
    date: 2025-02-10
    kind: hoi_nghi
    text: Tham mưu Giám đốc tổ chức hội nghị quán triệt Kế hoạch số 12/KH-SNV đến các phòng
    participants: 40
  - task: "2"
    date: 2025-03-03
    kind: kiem_tra
    text: Kiểm tra việc thực hiện quy chế dân chủ tại Phòng Tổ chức cán bộ
  - task: "2.a"
    date: 2025-03-04
    text: Công khai dự toán ngân sách năm 2025
shortcomings:
  - text: Công khai tài chính chưa kịp thời.
    task: "2.a"
  - Báo cáo 6 tháng gửi chậm so với thời hạn.
causes:
  - Kinh phí còn hạn chế.
next_tasks:
  - text: Công khai quyết toán năm 2024.
    task: "2.a"
proposals:
  - to: noi_nhan
    text: Đề nghị hướng dẫn tiêu chí đánh giá năm 2026.
  - to: so_nganh
    text: Đề nghị cử đầu mối phối hợp.
  - to: lanh_dao
    text: Đề nghị bố trí kinh phí.
"""

TCCB = HEAD.format(unit="tccb", qcdc="kha") + """\
shortcomings:
  - text: Phòng chưa công khai kết quả đánh giá công chức; báo cáo quý gửi trễ.
    target: tot
  - text: Công khai tài chính chưa kịp thời.
    task: "2.a"
causes:
  - text: Phòng thiếu người, khó bố trí họp.
    target: tot
next_tasks:
  - Họp phòng định kỳ; đăng ký mô hình của phòng.
proposals:
  - to: ubnd_tinh
    text: Đề nghị UBND tỉnh bố trí kinh phí tập huấn.
"""


def context(tmp_path: Path, recipient: str = "UBND tỉnh") -> dict[str, Any]:
    plan = PLAN.replace("recipient: UBND tỉnh", f"recipient: {recipient}")
    write_tree(tmp_path, {"plans/2025/plan.yaml": plan, "plans/2025/6m/vp.yaml": VP,
                          "plans/2025/6m/tccb.yaml": TCCB})
    assert [p.message for p in check_workspace(tmp_path, tmp_path).problems] == []
    return build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))


# ---------------------------------------------------------------- what a remark concerns
def test_a_remark_naming_an_unknown_task_or_target_is_an_error_at_its_place(
        tmp_path: Path) -> None:
    wrong = HEAD.format(unit="vp", qcdc="tot") + """\
shortcomings:
  - Chưa công khai kịp thời.
  - text: Còn hình thức.
    task: "2.b"
    target: qcdc
causes:
  - {text: Thiếu người., target: tot}
next_tasks:
  - {text: Họp định kỳ., task: "3"}
"""
    write_tree(tmp_path, {"plans/2025/plan.yaml": PLAN, "plans/2025/6m/vp.yaml": wrong})
    problems = [(p.code, f"{p.line}:{p.column}", p.message)
                for p in check_workspace(tmp_path, tmp_path).problems]
    assert problems == [
        ("ref-unknown", "10:11", "unknown task '2.b'; did you mean '2.a'? (the plan's tasks: "
                                 "1, 2, 2.a)"),
        ("ref-unknown", "11:13", "unknown target 'qcdc' (the plan's targets: dvk, tot)"),
        ("ref-unknown", "15:32", "unknown task '3' (the plan's tasks: 1, 2, 2.a)"),
    ]


# ---------------------------------------------------------------- III grouped, each fact once
def test_shortcomings_by_target_then_task_with_who_holds_each_target_back(
        tmp_path: Path) -> None:
    ctx = context(tmp_path)
    assert ctx["shortcomings"] == [
        # Chi cục Văn thư – Lưu trữ has not reported: not named again (section I names it).
        "- Chỉ tiêu số 1 (Dân vận khéo) đạt 66,7%, chưa đạt kế hoạch (từ 75% trở lên); các "
        "đơn vị đã gửi báo cáo đều đạt, chỉ tiêu chưa đạt do còn 01 đơn vị chưa gửi báo cáo;",
        "- Chỉ tiêu số 2 (QCDC tốt) đạt 33,3%, chưa đạt kế hoạch (trên 50%); còn 02 đơn vị chưa "
        "đạt (Phòng Tổ chức cán bộ và 01 đơn vị chưa gửi báo cáo):",
        # "Phòng" is the unit's name; its clause on its late report is left out.
        "+ Phòng Tổ chức cán bộ chưa công khai kết quả đánh giá công chức;",
        # Two units, one sentence; the vp unit's late-report sentence is gone.
        "- Về công khai tài chính (nội dung 2.a): công khai tài chính chưa kịp thời (Phòng Tổ "
        "chức cán bộ, Văn phòng Sở).",
    ]
    # No cause says its kind: each is the unit's own, under that one heading.
    assert ctx["causes"] == [
        "* Nguyên nhân chủ quan:",
        "- Chỉ tiêu số 2 (QCDC tốt) chưa đạt do: Phòng Tổ chức cán bộ thiếu người, khó bố trí "
        "họp;",
        # The unit preparing the report (vp) speaks as the office: no name after its remark.
        "- Kinh phí còn hạn chế.",
    ]
    # The submissions are said in section I only.
    text = "\n".join(strings({key: ctx[key] for key in (
        "targets_notes", "strengths", "shortcomings", "causes", "next_tasks", "proposals")}))
    for said in ("Chi cục Văn thư – Lưu trữ", "gửi chậm", "gửi trễ"):
        assert said not in text, said
    assert "Chi cục Văn thư – Lưu trữ" in ctx["leadership"][-1]


def test_remarks_naming_nothing_are_listed_plainly(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    # Next tasks: the targets to reach, each with what its cause asks (a missing report,
    # counted: section I names the unit; a unit short of it), then the office's own (the
    # preparing unit's, vp), then the units': the ungrouped last, under "Nhiệm vụ khác".
    assert ctx["next_tasks"] == [
        "- Tiếp tục chỉ đạo, đôn đốc các đơn vị phấn đấu đạt kế hoạch đối với:",
        "+ Chỉ tiêu số 1 (Dân vận khéo), kế hoạch từ 75% trở lên: đôn đốc 01 đơn vị chưa gửi "
        "báo cáo hoàn thành báo cáo tự đánh giá;",
        "+ Chỉ tiêu số 2 (QCDC tốt), kế hoạch trên 50%: Phòng Tổ chức cán bộ tập trung khắc "
        "phục;",
        "- Công khai quyết toán năm 2024;",
        "- Nhiệm vụ khác: họp phòng định kỳ; đăng ký mô hình của Phòng Tổ chức cán bộ.",
    ]
    assert ctx["next_heading"] == "NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"


# ---------------------------------------------------------------- III, IV: what figures say
# Both targets met (02 of 03 units), Chi cục Văn thư – Lưu trữ short of both; the 12m
# period closes the year.
YEAR_PLAN = PLAN.replace("at_least: 75%", "at_least: 60%").replace(
    "  6m: {label: 6 tháng đầu năm 2025}\n",
    "  6m: {label: 6 tháng đầu năm 2025}\n  12m: {label: năm 2025}\n")
YEAR_HEAD = """\
unit: {unit}
period: 12m
submitted: 2025-12-10
indicators:
  dan_van_kheo: {dvk}
  qcdc: {qcdc}
"""
YEAR_VP = YEAR_HEAD.format(unit="vp", dvk="true", qcdc="tot") + """\
activities:
  - task: "2.a"
    date: 2025-03-04
    text: Công khai dự toán ngân sách năm 2025
  - task: "2.a"
    date: 2025-07-04
    text: Công khai quyết toán ngân sách năm 2024
strengths:
  - text: Việc theo dõi, đôn đốc các đơn vị được thực hiện thường xuyên.
    task: "2"
next_tasks:
  - text: Tham mưu Kế hoạch thực hiện công tác Dân vận chính quyền năm 2026.
    task: "2"
"""
YEAR_TCCB = YEAR_HEAD.format(unit="tccb", dvk="true", qcdc="tot") + """\
activities:
  - task: "2.a"
    date: 2025-05-20
    text: Công khai kết quả đánh giá công chức
strengths:
  - text: Công khai tài chính đầy đủ, kịp thời.
    task: "2.a"
"""
YEAR_CCVT = YEAR_HEAD.format(unit="ccvt", dvk="false", qcdc="kha") + """\
shortcomings:
  - text: Chưa đăng ký mô hình “Dân vận khéo”.
    target: dvk
causes:
  - text: Ít công chức, nhiệm vụ chủ yếu phục vụ nội bộ.
    target: dvk
next_tasks:
  - text: Đăng ký mô hình “Dân vận khéo” năm 2026.
    target: dvk
  - text: Hoàn thành số hóa hồ sơ trong quý IV/2025.
    task: "2.a"
"""


def test_a_task_dated_in_the_year_closing_is_that_years() -> None:
    closing = re.compile(CLOSING_YEAR_TIME.format(year=2025), re.IGNORECASE)
    for text in ("Hoàn thành trong quý IV/2025", "Khảo sát quý III năm 2025",
                 "Tổ chức trong tháng 12/2025", "Họp trong tháng 11 năm 2025",
                 "Sơ kết 6 tháng cuối năm 2025"):
        assert closing.search(text), text
    for text in ("Hoàn thành trong quý I/2026", "Theo dõi sau kỳ họp cuối năm 2025",
                 "Kế hoạch năm 2026", "Tổng kết năm 2025", "Tháng 12/20251"):
        assert not closing.search(text), text


def test_evaluation_and_directions_say_what_the_figures_say(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": YEAR_PLAN, "plans/2025/12m/vp.yaml": YEAR_VP,
                          "plans/2025/12m/tccb.yaml": YEAR_TCCB,
                          "plans/2025/12m/ccvt.yaml": YEAR_CCVT})
    assert [p.message for p in check_workspace(tmp_path, tmp_path).problems] == []
    ctx = build_context(workspace_result(tmp_path, "12m"), ReportOptions(date(2025, 12, 20)))
    # Each task's strengths under its heading, section II's count not said again; the unit
    # preparing the report (vp) speaks as the office, with no name after its remark.
    assert ctx["strengths"] == [
        "- Trong 02 chỉ tiêu có định lượng, có 02 chỉ tiêu đạt kế hoạch: Dân vận khéo (đạt "
        "66,7%, kế hoạch từ 60% trở lên); QCDC tốt (đạt 66,7%, kế hoạch trên 50%);",
        "- Về thực hiện quy chế dân chủ (nội dung 2): việc theo dõi, đôn đốc các đơn vị được "
        "thực hiện thường xuyên;",
        "- Về công khai tài chính (nội dung 2.a): công khai tài chính đầy đủ, kịp thời (Phòng Tổ "
        "chức cán bộ)."]
    # A target met is not a shortcoming: it says so, then who is short of it and why.
    assert ctx["shortcomings"] == [
        "- Chỉ tiêu số 1 (Dân vận khéo) tuy đạt kế hoạch nhưng còn 01 đơn vị chưa đạt (Chi cục "
        "Văn thư – Lưu trữ):",
        "+ Chưa đăng ký mô hình “Dân vận khéo” (Chi cục Văn thư – Lưu trữ)."]
    # The unit still short of a target met is named, once.
    assert ctx["causes"] == [
        "* Nguyên nhân chủ quan:",
        "- Chi cục Văn thư – Lưu trữ chưa đạt chỉ tiêu số 1 (Dân vận khéo) do: ít công chức, "
        "nhiệm vụ chủ yếu phục vụ nội bộ."]
    # Next year's directions: the office's plan first; a task dated in the year that closes
    # ("trong quý IV/2025") is left out.
    assert ctx["next_heading"] == "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026"
    assert ctx["next_tasks"] == [
        "- Tham mưu Kế hoạch thực hiện công tác Dân vận chính quyền năm 2026;",
        "- Chỉ tiêu số 1 (Dân vận khéo), còn 01 đơn vị chưa đạt:",
        "+ Đăng ký mô hình “Dân vận khéo” năm 2026 (Chi cục Văn thư – Lưu trữ)."]


# ---------------------------------------------------------------- V: addressed, in the plan's words
def test_proposals_name_their_addressee_from_the_plan(tmp_path: Path) -> None:
    assert context(tmp_path, "Ban Dân vận Tỉnh ủy")["proposals"] == [
        "- Đề nghị Ban Dân vận Tỉnh ủy hướng dẫn tiêu chí đánh giá năm 2026;",
        # The report does not reach UBND tỉnh: its request goes the way the others go.
        "- Đề nghị Ban Dân vận Tỉnh ủy tham mưu UBND tỉnh bố trí kinh phí tập huấn;",
        "- Đề nghị Ban Dân vận Tỉnh ủy tham mưu UBND tỉnh chỉ đạo các sở, ngành cử đầu mối "
        "phối hợp."]


OFFICE_PLAN = PLAN.replace("  issuer: SỞ NỘI VỤ\n  issuer_name: Sở Nội vụ\n",
                           "  issuer: VĂN PHÒNG\n  issuer_name: Văn phòng UBND tỉnh\n"
                           ).replace("recipient: UBND tỉnh", "recipient: Sở Nội vụ")

ASKING = HEAD + """\
proposals:
  - to: noi_nhan
    text: Đề nghị hướng dẫn chấm điểm công tác dân vận.
  - to: so_nganh
    text: Đề nghị các sở, ngành cung cấp hồ sơ đúng thời hạn để phòng tổng hợp, tham mưu.
  - to: so_nganh
    text: Đề nghị Sở Tài chính bố trí kinh phí tập huấn.
"""

ASKING_TOO = HEAD + """\
proposals:
  - to: noi_nhan
    text: Đề nghị Sở Nội vụ hướng dẫn chấm điểm công tác dân vận chính quyền.
  - to: so_nganh
    text: Đề nghị các sở, ngành cử đầu mối theo dõi.
  - to: so_nganh
    text: Đề nghị UBND tỉnh chỉ đạo các địa phương tăng cường đối thoại.
  - to: ubnd_tinh
    text: Đề nghị UBND tỉnh chỉ đạo các sở, ngành trả lời kiến nghị đúng hạn.
  - to: ubnd_tinh
    text: Đề nghị UBND tỉnh bố trí kinh phí tập huấn cho công chức làm công tác dân vận.
  - to: lanh_dao
    text: Đề nghị bổ sung biên chế cho phòng.
"""


def test_proposals_are_the_offices_each_once_and_routed_to_whom_the_report_can_ask(
        tmp_path: Path) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": OFFICE_PLAN,
                          "plans/2025/6m/tccb.yaml": ASKING.format(unit="tccb", qcdc="tot"),
                          "plans/2025/6m/vp.yaml": ASKING_TOO.format(unit="vp", qcdc="tot")})
    assert [p.message for p in check_workspace(tmp_path, tmp_path).problems] == []
    ctx = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    assert ctx["proposals"] == [
        # Two units' wordings of one request: the fuller one, once.
        "- Đề nghị Sở Nội vụ hướng dẫn chấm điểm công tác dân vận chính quyền;",
        # The report goes to Sở Nội vụ: what UBND tỉnh is asked, and what it is asked to direct
        # (whether the unit asked UBND tỉnh or the agencies), goes through Sở Nội vụ, those to
        # direct under one lead; the three requests to "các sở, ngành" as one, what it is for
        # last; "phòng" is the office asking.
        "- Đề nghị Sở Nội vụ tham mưu UBND tỉnh chỉ đạo:",
        "+ Các sở, ngành trả lời kiến nghị đúng hạn; cử đầu mối theo dõi; cung cấp hồ sơ đúng "
        "thời hạn để Văn phòng tổng hợp, tham mưu;",
        "+ Sở Tài chính bố trí kinh phí tập huấn;",
        "+ Các địa phương tăng cường đối thoại;",
        "- Đề nghị Sở Nội vụ tham mưu UBND tỉnh bố trí kinh phí tập huấn cho công chức làm "
        "công tác dân vận."]


def test_a_request_that_names_someone_keeps_its_words() -> None:
    for text in ("Đề nghị Sở Nội vụ hướng dẫn.", "Đề nghị các địa phương tăng cường đối thoại.",
                 "Kiến nghị UBND tỉnh chỉ đạo.", "Tăng cường tuyên truyền."):
        assert addressed(text, "Sở Nội vụ") == text
    assert addressed("Đề nghị sớm hướng dẫn.", "Sở Nội vụ") == (
        "Đề nghị Sở Nội vụ sớm hướng dẫn.")
    assert addressed("Kiến nghị bổ sung kinh phí.", "UBND tỉnh") == (
        "Kiến nghị UBND tỉnh bổ sung kinh phí.")


# ---------------------------------------------------------------- the office's voice
def test_a_units_own_task_gets_the_unit_as_its_subject() -> None:
    name = "Phòng Kinh tế ngành"
    assert subject_first("Đăng ký mô hình “Dân vận khéo” của Phòng Kinh tế ngành.", name) == (
        "Phòng Kinh tế ngành đăng ký mô hình “Dân vận khéo”.")
    unchanged = ["Phòng Kinh tế ngành rà soát quy chế của Phòng Kinh tế ngành.",
                 "Họp phòng định kỳ; đăng ký mô hình của Phòng Kinh tế ngành.",
                 "Mô hình của Phòng Kinh tế ngành chưa được nhân rộng.",
                 "UBND tỉnh giao nhiệm vụ của Phòng Kinh tế ngành."]
    for text in unchanged:
        assert subject_first(text, name) == text, text


def test_the_examples_own_tasks_read_as_a_drafter_writes_them(tmp_path: Path) -> None:
    six = build_context(example("6m"), ReportOptions(date(2024, 6, 15)))
    assert "+ Phòng Kinh tế ngành đăng ký mô hình “Dân vận khéo”;" in six["next_tasks"]
    nine = build_context(example("9m"), ReportOptions(date(2024, 9, 15)))
    assert nine["next_tasks"][-1] == (
        "+ Trung tâm Hội nghị và Nhà khách tỉnh đăng ký mô hình “Dân vận khéo”.")
    # A synthetic unit that says "Phòng" of itself writes its own task with "của phòng".
    tccb = YEAR_TCCB + """\
next_tasks:
  - text: Rà soát quy chế làm việc của phòng.
    task: "2.a"
"""
    write_tree(tmp_path, {"plans/2025/plan.yaml": YEAR_PLAN, "plans/2025/12m/vp.yaml": YEAR_VP,
                          "plans/2025/12m/tccb.yaml": tccb,
                          "plans/2025/12m/ccvt.yaml": YEAR_CCVT})
    ctx = build_context(workspace_result(tmp_path, "12m"), ReportOptions(date(2025, 12, 20)))
    assert ctx["next_tasks"][-1] == (
        "- Về công khai tài chính (nội dung 2.a): Phòng Tổ chức cán bộ rà soát quy chế làm "
        "việc.")


def test_third_person_replaces_only_the_units_word_for_itself() -> None:
    name = "Phòng Kinh tế"
    cases = {
        "Phòng chưa đăng ký mô hình.": "Phòng Kinh tế chưa đăng ký mô hình.",
        "Mô hình của phòng chưa nhân rộng": "Mô hình của Phòng Kinh tế chưa nhân rộng",
        "Từ quý IV, phòng họp lấy ý kiến": "Từ quý IV, Phòng Kinh tế họp lấy ý kiến",
        "Cung cấp hồ sơ để phòng tổng hợp": "Cung cấp hồ sơ để Phòng Kinh tế tổng hợp",
        # Said twice: the name once, then "đơn vị".
        "Phòng đăng ký mô hình của phòng": "Phòng Kinh tế đăng ký mô hình của đơn vị",
    }
    for text, expected in cases.items():
        assert third_person(text, "Phòng", name) == (expected, True), text
    unchanged = ["Công tác phòng, chống tham nhũng", "Phối hợp với Phòng Tổng hợp",
                 "Các phòng phối hợp", "Lãnh đạo Văn phòng tổ chức hội nghị",
                 "Khó bố trí họp phòng định kỳ", "Kiểm tra tại 06 phòng, trung tâm",
                 "Kiến nghị về lao động và phòng cháy, chữa cháy"]
    for text in unchanged:
        assert third_person(text, "Phòng", name) == (text, False), text
    assert third_person("Ban hành quy chế; Ban chưa có mô hình", "Ban", "Ban Tiếp công dân") \
        == ("Ban hành quy chế; Ban Tiếp công dân chưa có mô hình", True)
    assert third_person("Trung tâm chưa có mô hình; hỗ trợ tại Trung tâm Hành chính công",
                        "Trung tâm", None) == (
        "Đơn vị chưa có mô hình; hỗ trợ tại Trung tâm Hành chính công", True)


def test_clauses_restating_a_late_or_missing_report_are_left_out() -> None:
    assert without_submission("Báo cáo 9 tháng gửi chậm so với thời hạn do tập trung phục vụ "
                              "tiếp công dân") == ""
    assert without_submission("Phòng chưa gửi báo cáo 9 tháng, báo cáo năm gửi chậm; chưa có "
                              "mô hình “Dân vận khéo”") == "Chưa có mô hình “Dân vận khéo”"
    assert without_submission("Minh chứng của một số đơn vị chưa đầy đủ; một số đơn vị gửi "
                              "báo cáo chậm, 01 đơn vị chưa gửi báo cáo năm") == (
        "Minh chứng của một số đơn vị chưa đầy đủ")
    kept = "Còn 02 kiến nghị cử tri trả lời chậm so với thời hạn"
    assert without_submission(kept) == kept


EXAMPLE_VOICE = {  # the example's sentences that name their unit in the office's report
    "6m": [
        "Phòng Kinh tế ngành chưa có cách làm “Dân vận khéo” cụ thể gắn với việc theo dõi "
        "ngành, lĩnh vực ở cơ sở",
        "Hoạt động hưởng ứng phong trào thi đua “Dân vận khéo” của Phòng Thư ký – Biên tập còn "
        "ít, chưa gắn với nhiệm vụ biên tập văn bản",
        "Tin, bài phản ánh kết quả công tác dân vận của Phòng Tổng hợp còn ít",
    ],
}


def test_the_example_reports_speak_of_units_in_the_third_person() -> None:
    for period in ("6m", "9m", "12m"):
        ctx = build_context(example(period), ReportOptions(date(2024, 12, 15)))
        lines = strings({key: ctx[key] for key in (
            "strengths", "shortcomings", "causes", "next_tasks", "proposals")})
        for line in lines:
            words = line.replace("“", " ").split()
            # "phòng" alone is a unit speaking of itself, except in "họp phòng" (its meeting)
            for index, word in enumerate(words):
                if word.strip(",;.:()") in ("phòng", "Phòng") and index + 1 < len(words):
                    follows = words[index + 1]
                    before = words[index - 1].lower()  # "Họp phòng" may open a line
                    assert follows[:1].isupper() or before in ("họp", "các", "văn"), line
    six = build_context(example("6m"), ReportOptions(date(2024, 6, 15)))
    shortcomings = "\n".join(six["shortcomings"])
    for sentence in EXAMPLE_VOICE["6m"]:
        assert sentence in shortcomings, sentence


# ---------------------------------------------------------------- section I
def test_section_i_reports_the_steering_units_work(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    # The plan charges vp (report.prepared_by) with the follow-up: its briefing and its
    # inspection are the office's; its "Công khai dự toán" is not leadership work. The
    # briefing it advised on ("Tham mưu Giám đốc tổ chức …") is the Giám đốc's act.
    assert ctx["leadership"][1:3] == [
        "Công tác quán triệt, triển khai: ngày 10/02/2025, Giám đốc tổ chức hội nghị quán "
        "triệt Kế hoạch số 12/KH-SNV đến các phòng (40 người tham dự).",
        "Công tác kiểm tra, đôn đốc: ngày 03/3/2025, Văn phòng Sở kiểm tra việc thực hiện quy "
        "chế dân chủ tại Phòng Tổ chức cán bộ.",
    ]
    examples = "\n".join(strings(ctx["areas"]))
    assert "hội nghị quán triệt" not in examples and "Kiểm tra việc" not in examples
    assert "Công khai dự toán ngân sách năm 2025" in examples


def test_the_unit_and_the_people_figures_of_the_briefing_in_one_sentence() -> None:
    six = build_context(example("6m"), ReportOptions(date(2024, 6, 15)))
    assert six["leadership"][2].endswith(
        "(42 người tham dự). Trong 15 đơn vị đã gửi báo cáo, 12 đơn vị đã quán triệt Kế hoạch "
        "và đưa nhiệm vụ dân vận vào chương trình công tác năm; 03 đơn vị còn 05 công chức, "
        "viên chức (CCVC) và người lao động chưa được quán triệt, nên số CCVC và người lao động "
        "được quán triệt là 193/198 người.")
    # Which units: III.2, under the target they hold back, with what they say of it.
    assert six["shortcomings"][0] == (
        "- Chỉ tiêu số 1 (Quán triệt Kế hoạch, đưa nhiệm vụ dân vận vào chương trình công tác "
        "năm) đạt 80%, chưa đạt kế hoạch (100%); còn 03 đơn vị chưa đạt (Phòng Quản trị – Tài "
        "vụ, Trung tâm Hành chính công tỉnh và Trung tâm Hội nghị và Nhà khách tỉnh):")
    # The totals are said once: not again under the targets table.
    assert not any("198" in note for note in six["targets_notes"])
    year = build_context(example("12m"), ReportOptions(date(2024, 12, 15)))
    # The year-end files keep the year's activities: the office's guidance of 06/3 comes
    # first, and its inspections of 28/5 and 20/11 and the follow-up of 17/7 together.
    assert year["leadership"][2].endswith(
        "14/14 đơn vị đã gửi báo cáo đều đã quán triệt Kế hoạch và đưa nhiệm vụ dân vận vào "
        "chương trình công tác năm: số công chức, viên chức (CCVC) và người lao động được quán "
        "triệt là 170/170 người.")
    assert year["leadership"][3] == (
        "Công tác kiểm tra, đôn đốc: ngày 28/5/2024, Phòng Hành chính – Tổ chức kiểm tra việc "
        "thực hiện quy tắc ứng xử, văn hóa công sở tại 06 phòng, trung tâm; kết quả kiểm tra "
        "được thông báo để các đơn vị chấn chỉnh; ngày 17/7/2024, tổng hợp kết quả "
        "tự đánh giá 6 tháng của 15 đơn vị; tham mưu báo cáo gửi Sở Nội vụ, đôn đốc các đơn vị "
        "còn thiếu số liệu minh chứng; ngày 20/11/2024, kiểm tra việc thực hiện quy chế dân chủ "
        "và công tác dân vận chính quyền tại 05 đơn vị: Phòng Kinh tế, Phòng Văn thư – Lưu "
        "trữ, Phòng Thư ký – Biên tập, Trung tâm Công báo – Tin học, Trung tâm Hội nghị và "
        "Nhà khách tỉnh.")


# ---------------------------------------------------------------- the year-end report
def test_a_units_task_of_registering_a_model_is_the_models_direction_when_it_names_the_unit(
        tmp_path: Path) -> None:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    tasks = {  # a unit with no model, and one with a model running
        "qttv": "  - text: Xây dựng mô hình “Dân vận khéo” trong phục vụ hội nghị năm 2025.\n"
                "    task: \"3.c\"\n",
        "kinh_te_nganh": "  - text: Đăng ký thêm mô hình “Dân vận khéo” trong lĩnh vực giao "
                         "thông năm 2025.\n    task: \"3.c\"\n"}
    for unit, task in tasks.items():
        path = tmp_path / "plans" / "2024" / "12m" / f"{unit}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("next_tasks:\n", "next_tasks:\n" + task, 1),
                        encoding="utf-8")
    lines = build_context(workspace_result(tmp_path, "12m", "2024"),
                          ReportOptions(date(2024, 12, 15)))["next_tasks"]
    text = "\n".join(lines)
    assert "Xây dựng mô hình “Dân vận khéo” trong phục vụ hội nghị" not in text
    assert "05 đơn vị chưa có mô hình (Phòng Hành chính – Tổ chức, Phòng Quản trị – Tài vụ," in text
    assert lines[-3:] == [
        "- Về đẩy mạnh công tác “Dân vận khéo” của đội ngũ CCVC (nội dung 3.c):",
        "+ Đăng ký thêm mô hình “Dân vận khéo” trong lĩnh vực giao thông năm 2025 (Phòng Kinh "
        "tế ngành);",
        "+ Mở rộng mô hình “Lắng nghe ý kiến người dân trước khi tham mưu” sang lĩnh vực xây "
        "dựng (Phòng Kinh tế ngành)."]


def test_the_year_end_report_gives_next_years_directions_and_the_emulation_outcome() -> None:
    year = build_context(example("12m"), ReportOptions(date(2024, 12, 15)))
    assert year["next_heading"] == "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"
    # The office's own tasks first, its 2025 plan leading (Phòng Hành chính – Tổ chức
    # prepares the report: no name after them); then the 2024 targets not met carried into
    # that plan, and what the year's models ask of 2025 (the figures of `dvcq status`: 09
    # effective; the units with no model running); then the units' tasks by content.
    assert year["next_tasks"][:5] == [
        "- Tham mưu Kế hoạch thực hiện công tác Dân vận chính quyền năm 2025 của Văn phòng UBND "
        "tỉnh;",
        "- Phối hợp Công đoàn cơ sở tổ chức Hội nghị cán bộ, công chức, viên chức năm 2025 trong "
        "quý I;",
        "- Đưa chỉ tiêu số 1 và số 3 năm 2024 chưa đạt vào Kế hoạch thực hiện công tác Dân vận "
        "chính quyền năm 2025; đôn đốc các đơn vị gửi báo cáo tự đánh giá đầy đủ, đúng hạn để mọi "
        "đơn vị được đánh giá;",
        "- Tiếp tục duy trì, nhân rộng các mô hình, điển hình “Dân vận khéo” được đánh giá có "
        "hiệu quả; 05 đơn vị chưa có mô hình (Phòng Hành chính – Tổ chức, Phòng Quản trị – Tài "
        "vụ, Phòng Thư ký – Biên tập, Trung tâm Công báo – Tin học, Trung tâm Hội nghị và Nhà "
        "khách tỉnh) đăng ký mô hình “Dân vận khéo” trong năm 2025;",
        "- Về đẩy mạnh công tác tuyên truyền (nội dung 1): sản xuất thêm tin, bài dạng video, "
        "đồ họa về các điển hình “Dân vận khéo” năm 2025 (Cổng thông tin điện tử tỉnh);"]
    assert "phấn đấu đạt" not in "\n".join(year["next_tasks"])
    # Beyond the targets carried forward, every task is about 2025.
    assert "2024" not in "\n".join(
        line for line in year["next_tasks"][3:] if "cuối năm 2024" not in line)
    assert year["next_tasks"][16:] == [
        "- Về tiếp tục đẩy mạnh phong trào thi đua “Dân vận khéo” trong hệ thống chính trị (nội "
        "dung 3.a):",
        "+ Phối hợp tổ chức thăm, tặng quà Tết Ất Tỵ cho gia đình chính sách, học sinh nghèo "
        "(Phòng Khoa giáo – Văn xã);",
        "+ Tổ chức thăm, tặng quà Tết Ất Tỵ cho hộ nghèo (Phòng Quản trị – Tài vụ);",
        # Phòng Thư ký – Biên tập's own "Đăng ký mô hình … trong năm 2025" is the models
        # direction above, which names it: not said again here.
        "- Về đẩy mạnh công tác “Dân vận khéo” của đội ngũ CCVC (nội dung 3.c): mở rộng mô "
        "hình “Lắng nghe ý kiến người dân trước khi tham mưu” sang lĩnh vực xây dựng (Phòng "
        "Kinh tế ngành)."]
    emulation = year["year_end_sections"][-1]
    assert emulation == {
        "heading": "7. Kết quả phong trào thi đua “Dân vận khéo” năm 2024",
        "paragraphs": [
            # Phòng Hành chính – Tổ chức advised; the leadership held the review.
            "Ngày 06/12/2024, Lãnh đạo Văn phòng tổng kết phong trào thi đua “Dân vận khéo” năm "
            "2024; tại hội nghị, Chánh Văn phòng tặng Giấy khen cho 04 tập thể (Ban Tiếp công "
            "dân tỉnh, Phòng Kinh tế, Phòng Tổng hợp, Trung tâm Hành chính công tỉnh) và 06 cá "
            "nhân có mô hình, điển hình tiêu biểu (38 người tham dự)."]}
    examples = "\n".join(strings(year["areas"]))
    assert "tổng kết phong trào thi đua" not in examples  # said once, in the outcome
    nine = build_context(example("9m"), ReportOptions(date(2024, 9, 15)))
    assert all("thi đua “Dân vận khéo” năm" not in s["heading"]
               for s in nine["year_end_sections"])


def test_every_example_report_keeps_its_facts_once() -> None:
    for period, missing in (("9m", "Phòng Thư ký – Biên tập"),
                            ("12m", "Trung tâm Hội nghị và Nhà khách tỉnh")):
        ctx = build_context(example(period), ReportOptions(date(2024, 12, 15)))
        body = {key: ctx[key] for key in ("targets_notes", "strengths", "shortcomings",
                                          "causes", "next_tasks", "proposals")}
        assert not any(missing in line and "chưa gửi" in line for line in strings(body))
        assert [line for line in strings(body) if "gửi chậm" in line or "trễ hạn" in line] == []
    assert REPO.is_dir()


def test_with_the_drafters_section_i_its_cited_activities_are_said_there_once() -> None:
    data = check_workspace(REPO, REPO).years["2024"]
    synthesis = data.syntheses.get("12m")
    assert synthesis is not None and synthesis.leadership
    year = build_context(example("12m"), ReportOptions(date(2024, 12, 15)), synthesis)
    # The drafter's two paragraphs, then who reported; not the draft's role paragraphs.
    assert len(year["leadership"]) == 3
    assert year["leadership"][0].startswith("Ngày 06/3/2024, Văn phòng phát động phong trào")
    assert not any(line.startswith("Công tác ") for line in year["leadership"])
    # Section II does not cite what the drafter's section I cites (the launch of 06/3, the
    # conference of 16/4, the inspections of 28/5 and 20/11, the follow-up of 17/7); the
    # review of 06/12, not cited there, is the emulation outcome.
    headings = ["5. Kết quả chấm điểm, xếp loại công tác Dân vận chính quyền",
                "6. Mô hình, điển hình “Dân vận khéo”"]
    assert [s["heading"] for s in year["year_end_sections"]] == headings + [
        "7. Kết quả phong trào thi đua “Dân vận khéo” năm 2024"]
    examples = "\n".join(strings(year["areas"]))
    for said in ("tổng kết phong trào thi đua", "42 người tham dự", "tại 05 đơn vị",
                 "phát động phong trào thi đua năm 2024", "tại 06 phòng, trung tâm",
                 "tự đánh giá 6 tháng"):
        assert said not in examples, said
    # Once the drafter's section I cites the review too, no emulation section repeats it.
    review = synthesis.leadership[-1]._replace(
        text="Ngày 06/12/2024 tổng kết phong trào thi đua “Dân vận khéo” năm 2024.",
        activities=["hctc@2024-12-06"])
    cited = synthesis._replace(leadership=[*synthesis.leadership, review])
    year = build_context(example("12m"), ReportOptions(date(2024, 12, 15)), cited)
    assert [s["heading"] for s in year["year_end_sections"]] == headings
    # The staff figures are not in the drafter's text: they stay under the targets table,
    # the people reached out of all, as section I would say them.
    assert year["targets_notes"][-1] == (
        "Theo số liệu của 14 đơn vị đã gửi báo cáo, số CCVC và người lao động được quán triệt "
        "là 170/170 người.")


# ---------------------------------------------------------------- III as a synthesis
# Three units, every one reporting; vp prepares the report (speaks as the office).
SYNTH_HEAD = """\
unit: {unit}
period: 6m
submitted: 2025-06-10
indicators:
  dan_van_kheo: {dvk}
  qcdc: tot
"""
SYNTH_VP = SYNTH_HEAD.format(unit="vp", dvk="true") + """\
strengths:
  - text: >-
      Công tác tiếp công dân được duy trì thường xuyên; nhiều vụ việc được giải quyết qua đối
      thoại.
    task: "2.a"
causes:
  - text: Công chức phụ trách công tác dân vận đều kiêm nhiệm.
    kind: khach_quan
"""
SYNTH_TCCB = SYNTH_HEAD.format(unit="tccb", dvk="true") + """\
strengths:
  - text: Nhiều vụ việc khiếu nại kéo dài được giải quyết dứt điểm thông qua đối thoại.
    task: "2.a"
  - text: Công khai tài chính được thực hiện đầy đủ, đúng thời hạn trong 06 tháng.
    task: "2.a"
shortcomings:
  - text: Chưa có mô hình “Dân vận khéo”.
    target: dvk
causes:
  - text: Phòng thiếu người, khó bố trí họp.
    task: "2.a"
    kind: khach_quan
"""
SYNTH_CCVT = SYNTH_HEAD.format(unit="ccvt", dvk="false") + """\
strengths:
  - text: Nhiều vụ việc chưa được giải quyết qua đối thoại trực tiếp với người dân.
    task: "2.a"
  - text: Công khai tài chính được thực hiện đầy đủ, đúng thời hạn trong 03 tháng.
    task: "2.a"
shortcomings:
  - text: Chưa có mô hình “Dân vận khéo”.
    target: dvk
  - text: Chưa đăng ký thi đua “Dân vận khéo”.
    target: dvk
causes:
  - text: Ít công chức, nhiệm vụ chủ yếu phục vụ nội bộ.
    target: dvk
    kind: khach_quan
  - text: Chưa quan tâm đúng mức việc xây dựng mô hình.
    target: dvk
"""


def synthesis_context(tmp_path: Path, files: dict[str, str] | None = None) -> dict[str, Any]:
    write_tree(tmp_path, {"plans/2025/plan.yaml": PLAN, "plans/2025/6m/vp.yaml": SYNTH_VP,
                          "plans/2025/6m/tccb.yaml": SYNTH_TCCB,
                          "plans/2025/6m/ccvt.yaml": SYNTH_CCVT, **(files or {})})
    workspace = check_workspace(tmp_path, tmp_path)
    assert [p.message for p in workspace.problems] == []
    return build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)),
                         workspace.years["2025"].syntheses.get("6m"))


def test_one_point_of_several_units_is_one_sentence_and_different_points_stay_apart(
        tmp_path: Path) -> None:
    synthesis_context(tmp_path)
    report = ReportContext(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    said = remarks.synthesised(remarks.collect(report, "strengths")[("task", "2.a")])
    # In the report's order of units (Chi cục …, Phòng …, Văn phòng Sở).
    assert [remarks.sentence(report, item) for item in said] == [
        # Same words as the dialogue below but "chưa": the opposite, kept apart.
        "Nhiều vụ việc chưa được giải quyết qua đối thoại trực tiếp với người dân (Chi cục "
        "Văn thư – Lưu trữ)",
        # Same words but another figure: two facts, kept apart.
        "Công khai tài chính được thực hiện đầy đủ, đúng thời hạn trong 03 tháng (Chi cục Văn "
        "thư – Lưu trữ)",
        "Công khai tài chính được thực hiện đầy đủ, đúng thời hạn trong 06 tháng (Phòng Tổ "
        "chức cán bộ)",
        # The office's (vp) own remark: its other clause stays its own, with no name.
        "Công tác tiếp công dân được duy trì thường xuyên",
        # The dialogue of vp and the longer, more detailed one of tccb: one point, in the
        # wording true of both, followed by both.
        "Nhiều vụ việc được giải quyết qua đối thoại (Phòng Tổ chức cán bộ, Văn phòng Sở)"]


def test_a_tasks_strengths_are_its_results_then_a_few_others(tmp_path: Path) -> None:
    ctx = synthesis_context(tmp_path)
    # Of the five sentences above, the two results in figures (03 and 06 tháng) and, up to
    # three lines, the one two units share; the others are duties done, left out.
    assert ctx["strengths"] == [
        "- Trong 02 chỉ tiêu có định lượng, có 01 chỉ tiêu đạt kế hoạch: QCDC tốt (đạt 100%, "
        "kế hoạch trên 50%);",
        "- Về công khai tài chính (nội dung 2.a):",
        "+ Công khai tài chính được thực hiện đầy đủ, đúng thời hạn trong 03 tháng (Chi cục Văn "
        "thư – Lưu trữ);",
        "+ Công khai tài chính được thực hiện đầy đủ, đúng thời hạn trong 06 tháng (Phòng Tổ "
        "chức cán bộ);",
        "+ Nhiều vụ việc được giải quyết qua đối thoại (Phòng Tổ chức cán bộ, Văn phòng Sở)."]


def test_a_targets_shortcoming_is_the_laggards_own_and_causes_split_by_kind(
        tmp_path: Path) -> None:
    ctx = synthesis_context(tmp_path)
    # "Chưa có mô hình" is also said by Phòng Tổ chức cán bộ, which meets the target: it does
    # not explain why Chi cục Văn thư – Lưu trữ falls short, so it leaves the target's line.
    assert ctx["shortcomings"] == [
        "- Chỉ tiêu số 1 (Dân vận khéo) đạt 66,7%, chưa đạt kế hoạch (từ 75% trở lên); còn 01 "
        "đơn vị chưa đạt (Chi cục Văn thư – Lưu trữ):",
        "+ Chưa đăng ký thi đua “Dân vận khéo” (Chi cục Văn thư – Lưu trữ);",
        "- Hạn chế khác: chưa có mô hình “Dân vận khéo” (Chi cục Văn thư – Lưu trữ, Phòng Tổ "
        "chức cán bộ)."]
    # Objective causes first, then the units' own (a cause without `kind` is the unit's own);
    # a cause tied to nothing closes its kind without a label.
    assert ctx["causes"] == [
        "* Nguyên nhân khách quan:",
        "- Chỉ tiêu số 1 (Dân vận khéo) chưa đạt do: ít công chức, nhiệm vụ chủ yếu phục vụ nội "
        "bộ (Chi cục Văn thư – Lưu trữ);",
        "- Về công khai tài chính (nội dung 2.a): Phòng Tổ chức cán bộ thiếu người, khó bố trí "
        "họp;",
        "- Công chức phụ trách công tác dân vận đều kiêm nhiệm;",
        "* Nguyên nhân chủ quan:",
        # The khách quan half has named the target in full: the chủ quan half, its number.
        "- Chỉ tiêu số 1 chưa đạt do: chưa quan tâm đúng mức việc xây dựng mô hình (Chi cục "
        "Văn thư – Lưu trữ)."]


def test_a_cause_kind_outside_the_list_is_an_error_at_its_place(tmp_path: Path) -> None:
    wrong = SYNTH_HEAD.format(unit="vp", dvk="true") + """\
causes:
  - text: Kinh phí còn hạn chế.
    kind: khach-quan
"""
    write_tree(tmp_path, {"plans/2025/plan.yaml": PLAN, "plans/2025/6m/vp.yaml": wrong})
    problems = [(p.code, f"{p.line}:{p.column}", p.message)
                for p in check_workspace(tmp_path, tmp_path).problems]
    assert problems == [("choice-invalid", "9:11", "'khach-quan' is not one of: khach_quan, "
                                                   "chu_quan; did you mean 'khach_quan'?")]


def test_the_drafters_causes_replace_the_split(tmp_path: Path) -> None:
    ctx = synthesis_context(tmp_path, {"plans/2025/6m/_bao-cao.yaml": """\
causes:
  - Công chức phụ trách công tác dân vận đều kiêm nhiệm, chưa được tập huấn.
"""})
    assert ctx["causes"] == [
        "- Công chức phụ trách công tác dân vận đều kiêm nhiệm, chưa được tập huấn."]


def test_the_year_reports_evaluation_is_a_synthesis() -> None:
    year = example_context("12m", date(2024, 12, 15))
    # Target 5's strength opens with the year's achievement (the office's own remark, no
    # name after it), then why it is met now (it was not at 9 months).
    assert year["strengths"][2] == (
        "+ Thực hiện tốt quy chế dân chủ ở cơ sở (đạt 93,3%, kế hoạch trên 80%): hội nghị cán bộ, "
        "công chức, viên chức và người lao động năm 2024 được tổ chức đúng quy định, lấy ý kiến "
        "về dự thảo Quy chế thực hiện dân chủ và Quy chế chi tiêu nội bộ; các đơn vị thực hiện "
        "công khai, dân chủ trong cơ quan theo quy chế; Phòng Kinh tế, tự đánh giá mức Khá ở kỳ 9 "
        "tháng, từ quý IV đã họp lấy ý kiến công chức về phân công nhiệm vụ;")
    # Point 2.b's label keeps both its contents, so Phòng Văn thư – Lưu trữ's archive
    # service (cải cách hành chính) is not read as misfiled under the postal service. Each
    # unit gives the year's result in figures, every one shown.
    assert year["strengths"][8:13] == [
        "- Về tiếp nhận, trả kết quả thủ tục hành chính qua dịch vụ bưu chính và cải cách hành "
        "chính (nội dung 2.b):",
        "+ Phương án đơn giản hóa 23 thủ tục hành chính được phê duyệt, cắt giảm 1.450 ngày làm "
        "việc mỗi năm cho người dân, doanh nghiệp (Phòng Kiểm soát thủ tục hành chính);",
        "+ Thời gian biên tập, phát hành thông báo kết luận của lãnh đạo UBND tỉnh rút từ 03 "
        "ngày xuống 02 ngày làm việc (Phòng Thư ký – Biên tập);",
        "+ 29/31 lượt công dân đề nghị tra cứu, sao tài liệu lưu trữ được trả kết quả trong "
        "ngày (Phòng Văn thư – Lưu trữ);",
        "+ 98,9% người dân, doanh nghiệp được khảo sát quý III/2024 hài lòng với thái độ phục vụ "
        "của bộ phận một cửa (Trung tâm Hành chính công tỉnh);"]
    # Ban Tiếp công dân and Phòng Nội chính state the mass complaints once, together.
    assert year["shortcomings"][4:6] == [
        "- Về tăng cường phối hợp (nội dung 2.a):",
        "+ Số đoàn đông người đến khiếu nại vào dịp kỳ họp HĐND tỉnh còn nhiều; một số vụ việc "
        "còn phức tạp, chưa được giải quyết dứt điểm (Ban Tiếp công dân tỉnh, Phòng Nội chính);"]
    assert not any("Một số vụ việc đông người" in line for line in year["shortcomings"])
    # Nothing the 6- and 9-month reports told word for word ("Công tác tiếp công dân được
    # duy trì thường xuyên", "Kiến nghị của doanh nghiệp được tổng hợp đầy đủ, …"): each
    # unit's year-end strength says what the year brought.
    assert year["strengths"][3:8] == [
        "- Về đẩy mạnh công tác tuyên truyền (nội dung 1): tin, bài về các điển hình “Dân vận "
        "khéo” được đăng tải đều đặn, lan tỏa nhiều cách làm hay trong tỉnh (Cổng thông tin "
        "điện tử tỉnh);",
        "- Về tăng cường phối hợp (nội dung 2.a):",
        "+ Tại Hội nghị gặp gỡ, đối thoại với doanh nghiệp quý IV/2024, 21/29 kiến nghị được "
        "trả lời ngay tại hội nghị (Phòng Kinh tế);",
        "+ Ý kiến của 34 hộ dân vùng sạt lở bờ sông Đồng Nai tại huyện Vĩnh Cửu được lắng "
        "nghe, tổng hợp để tham mưu phương án khắc phục (Phòng Kinh tế ngành);",
        "+ Sau đối thoại, 08/11 hộ dân khiếu nại về bồi thường dự án đường Vành đai 3 thống "
        "nhất phương án bồi thường (Phòng Nội chính);"]
    assert not any("duy trì thường xuyên" in line or "tổng hợp đầy đủ" in line
                   for line in year["strengths"])
    # 2.đ: the office's own year, in figures, not "kế hoạch được triển khai đồng bộ" in a
    # year one unit did not report.
    assert year["strengths"][14] == (
        "- Về giám sát, đôn đốc thực hiện công tác dân vận chính quyền, quy chế dân chủ (nội "
        "dung 2.đ): việc kiểm tra được thực hiện theo kế hoạch, về quy tắc ứng xử, văn hóa "
        "công sở tại 06 đơn vị và về quy chế dân chủ, công tác dân vận chính quyền tại 05 đơn "
        "vị; kết quả kiểm tra được thông báo để đơn vị khắc phục;")
    # The models' content speaks of the year's models (the register, as `dvcq status`), not
    # of one model only; the model Phòng Tổng hợp praises, recognised on 09/12/2024, with
    # the figure of its summing-up.
    assert year["strengths"][-1] == (
        "- Về đẩy mạnh công tác “Dân vận khéo” của đội ngũ CCVC (nội dung 3.c): nhiều mô hình, "
        "điển hình “Dân vận khéo” của các đơn vị được đánh giá có hiệu quả, được công nhận (chi "
        "tiết tại khoản 6 Mục II); mô hình “Tổng hợp nhanh – Tham mưu trúng” rút ngắn thời gian "
        "tổng hợp, phân công trả lời kiến nghị cử tri từ 10 ngày xuống 05 ngày làm việc (Phòng "
        "Tổng hợp).")
    # Target 4: the one unit short of it with what is its own (not "no model": three units
    # without one meet the target), and its causes by kind.
    assert year["shortcomings"][1:3] == [
        "- Chỉ tiêu số 4 (Đạt tiêu chí “Dân vận khéo”) tuy đạt kế hoạch nhưng còn 02 đơn vị chưa "
        "đạt (Phòng Thư ký – Biên tập và 01 đơn vị chưa gửi báo cáo):",
        "+ Hoạt động hưởng ứng phong trào thi đua “Dân vận khéo” của Phòng Thư ký – Biên tập "
        "còn ít, chưa gắn với nhiệm vụ biên tập văn bản;"]
    causes = year["causes"]
    assert causes[:2] == [
        "* Nguyên nhân khách quan:",
        # Met overall (the table and the shortcomings say so), not by this unit: its name
        # once, then why ("ít công chức", not "Phòng Thư ký – Biên tập ít công chức … nên
        # chưa đạt"), and not "đạt kế hoạch chung" a third time.
        "- Phòng Thư ký – Biên tập chưa đạt chỉ tiêu số 4 (Đạt tiêu chí “Dân vận khéo”) do: ít "
        "công chức, khối lượng văn bản cần biên tập lớn;"]
    assert causes[causes.index("* Nguyên nhân chủ quan:"):] == [
        "* Nguyên nhân chủ quan:",
        "- Phòng Thư ký – Biên tập chưa đạt chỉ tiêu số 4 do: chưa xác định được cách làm “Dân "
        "vận khéo” phù hợp với nhiệm vụ biên tập văn bản;",
        "- Về tăng cường phối hợp (nội dung 2.a): mô hình “Lắng nghe ý kiến người dân trước khi "
        "tham mưu” mới áp dụng ở một số lĩnh vực (Phòng Kinh tế ngành);",
        "- Một số đơn vị chưa quan tâm đúng mức việc đăng ký, xây dựng mô hình “Dân vận khéo” "
        "gắn với nhiệm vụ chuyên môn."]
    text = "\n".join(year["strengths"])
    assert "Công báo đầy đủ" not in text and "phát hành điện tử" not in text


def test_the_six_month_reports_causes_by_kind() -> None:
    six = build_context(example("6m"), ReportOptions(date(2024, 6, 15)))
    causes = six["causes"]
    # Several units short of a target met: counted; each cause with its unit. Target 4's two
    # units give their own cause, and Phòng Tổng hợp the cause of its own few articles.
    assert causes[causes.index("* Nguyên nhân chủ quan:"):] == [
        "* Nguyên nhân chủ quan:",
        # Targets 4 and 5 were named in full among the khách quan causes.
        "- Chỉ tiêu số 4 chưa đạt do:",
        "+ Phòng Kinh tế ngành chưa xác định được cách làm “Dân vận khéo” phù hợp với nhiệm vụ "
        "theo dõi ngành, lĩnh vực;",
        "+ Trung tâm Hội nghị và Nhà khách tỉnh chưa quan tâm xây dựng hoạt động hưởng ứng "
        "phong trào gắn với nhiệm vụ phục vụ hội nghị, lưu trú;",
        "- Trung tâm Hội nghị và Nhà khách tỉnh chưa đạt chỉ tiêu số 5 do: công tác tham mưu "
        "của bộ phận tổ chức còn chậm;",
        "- Về đẩy mạnh công tác tuyên truyền (nội dung 1): công chức của Phòng Tổng hợp tập "
        "trung cho nhiệm vụ tổng hợp, tham mưu, chưa dành thời gian viết tin, bài;",
        "- Một số đơn vị chưa quan tâm đúng mức việc đăng ký, xây dựng mô hình “Dân vận khéo” "
        "gắn với nhiệm vụ chuyên môn."]
    at = causes.index("- 02 đơn vị chưa đạt chỉ tiêu số 5 (Thực hiện tốt quy chế dân chủ ở cơ sở) "
                      "do:")
    assert causes[at + 1:at + 3] == [
        "+ Nhiều công chức thường xuyên đi công tác cơ sở, khó bố trí họp phòng định kỳ (Phòng "
        "Kinh tế ngành);",
        "+ Người lao động làm việc theo ca, khó tập trung (Trung tâm Hội nghị và Nhà khách "
        "tỉnh);"]
