"""The year-end report's scoring and models parts, on the example workspace's 12m data:
the grade sentence, the scoring annex (Vietnamese order, set cited by its decision) and the
models section, with the figures `dvcq score` and `dvcq status` give."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from dvcq_cli import attain
from dvcq_cli.check import check_workspace
from dvcq_cli.report import ReportOptions, build_context

OPTIONS = ReportOptions(date(2024, 12, 16))


def context(period: str, appraised: bool = True) -> dict[str, Any]:
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    result = attain.evaluate(data.plan, period, data.assessments.get(period, {}),
                             {u: e.display for u, e in data.rejected.get(period, {}).items()},
                             data.appraisal if appraised else None)
    return build_context(result, OPTIONS)


@pytest.fixture(scope="module")
def year() -> dict[str, Any]:
    return context("12m")


def test_the_body_says_how_many_units_reached_each_grade(year: dict[str, Any]) -> None:
    section = year["year_end_sections"][0]
    assert section["heading"] == "5. Kết quả chấm điểm, xếp loại công tác Dân vận chính quyền"
    assert section["paragraphs"] == [
        "Thực hiện đánh giá, xếp loại công tác Dân vận chính quyền theo Hướng dẫn số "
        "02/HD-VP ngày 26/6/2024 của Văn phòng UBND tỉnh, sau thẩm "
        "định của Tổ thẩm định công tác Dân vận chính quyền Văn phòng UBND tỉnh, kết quả: "
        "09/15 đơn vị xếp loại Tốt, 05/15 đơn vị xếp loại Khá; 01 đơn vị chưa xếp loại (chi "
        "tiết tại Phụ lục II)."]
    # The unit that sent no report is named in section I, and its reason in Phụ lục II.
    assert "Trung tâm Hội nghị" not in section["paragraphs"][0]


def test_the_annex_gives_every_units_scores_in_vietnamese_order(year: dict[str, Any]) -> None:
    annex = year["year_end_annexes"][0]
    assert annex["label"] == "PHỤ LỤC II"
    # In sentence case, like the units' annex (Phụ lục I).
    assert annex["title"] == "Kết quả chấm điểm, xếp loại công tác Dân vận chính quyền năm 2024"
    assert annex["columns"] == ["STT", "Đơn vị", "Tự chấm", "Thẩm định", "Điểm cuối cùng",
                                "Xếp loại"]
    rows = annex["rows"]
    assert len(rows) == 15
    assert [row[1] for row in rows[:3]] == ["Ban Tiếp công dân tỉnh",
                                            "Cổng thông tin điện tử tỉnh",
                                            "Phòng Hành chính – Tổ chức"]
    # Rows numbered 1, 2, … as in Phụ lục I.
    assert [row[0] for row in rows] == [str(number) for number in range(1, 16)]
    # The appraised final score as a number: the note below says it is the appraisal's.
    assert rows[3] == ["4", "Phòng Khoa giáo – Văn xã", "90", "88", "88", "Khá"]
    assert rows[12] == ["13", "Trung tâm Công báo – Tin học", "90", "", "90", "Tốt"]  # edge
    assert rows[14] == ["15", "Trung tâm Hội nghị và Nhà khách tỉnh", "", "", "",
                        "Chưa xếp loại"]
    assert annex["notes"][0] == (
        "Chấm điểm theo Hướng dẫn số 02/HD-VP ngày 26/6/2024 của Văn phòng UBND tỉnh; thang "
        "điểm 100 điểm, điểm thưởng tối đa 5 điểm.")
    # The unit that sent no report: its row says "Chưa xếp loại", and Phụ lục I and
    # section I say it sent none; no note repeats it.
    assert annex["notes"][1:] == [
        "Điểm thẩm định: Tổ thẩm định công tác Dân vận chính quyền Văn phòng UBND tỉnh, ngày "
        "12/12/2024; điểm cuối cùng là điểm thẩm định đối với đơn vị đã được thẩm định, các "
        "đơn vị khác là điểm tự chấm."]


def test_without_the_appraisal_the_self_scores_are_final() -> None:
    rows = context("12m", appraised=False)["year_end_annexes"][0]["rows"]
    assert rows[3] == ["4", "Phòng Khoa giáo – Văn xã", "90", "", "90", "Tốt"]


def test_the_models_new_effective_and_recognised_by_field(year: dict[str, Any]) -> None:
    section = year["year_end_sections"][1]
    assert section["heading"] == "6. Mô hình, điển hình “Dân vận khéo”"
    # The five recognised models are named once, with their stage, in 3.c's list: this
    # section gives the decision and refers to that list.
    assert section["paragraphs"] == [
        "Năm 2024, các đơn vị có 12 mô hình, điển hình “Dân vận khéo” (11 mô hình, 01 điển hình), "
        "trong đó 06 đăng ký mới trong năm, 06 từ các năm trước chuyển sang; 09 mô hình, điển "
        "hình được đánh giá có hiệu quả; 05 được công nhận trong năm tại Quyết định số 530/QĐ-VP "
        "ngày 09/12/2024 của Chánh Văn phòng UBND tỉnh (danh sách tại điểm c khoản 3 Mục II); 01 "
        "dừng thực hiện. Theo lĩnh vực:",
        # Counted by hand from plans/2024/models.yaml: new = registered on or after
        # 15/12/2023; recognised = recognised from 15/12/2023 to 14/12/2024.
        "- Kinh tế: 02 đăng ký (01 mới trong năm), 02 có hiệu quả, 01 được công nhận trong năm;",
        "- Văn hóa – xã hội: 05 đăng ký (02 mới trong năm), 02 có hiệu quả, 01 được công nhận "
        "trong năm;",
        "- Quốc phòng – an ninh: 01 đăng ký, 01 có hiệu quả;",
        "- Xây dựng hệ thống chính trị: 04 đăng ký (03 mới trong năm), 04 có hiệu quả, 03 được "
        "công nhận trong năm."]
    recognised = [line for area in year["areas"] for point in area["points"]
                  for line in point["paragraphs"] if "; được công nhận)" in line]
    assert [line.split("“")[1].split("”")[0] for line in recognised] == [
        "Công chức tiếp công dân tận tụy, lắng nghe người dân", "Tiếp dân bằng cả tấm lòng",
        "Đồng hành cùng doanh nghiệp", "Tổng hợp nhanh – Tham mưu trúng",
        "Nụ cười thân thiện – phục vụ tận tâm"]


def recognised_again(tmp_path: Path, old: str, new: str) -> list[str]:
    """§6 of the example year-end report, with one recognition of models.yaml rewritten."""
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    register = tmp_path / "plans" / "2024" / "models.yaml"
    text = register.read_text(encoding="utf-8")
    assert text.count(old) == 1
    register.write_text(text.replace(old, new), encoding="utf-8")
    workspace = check_workspace(tmp_path, tmp_path)
    assert [p.message for p in workspace.problems if p.is_error] == []
    data = workspace.years["2024"]
    assert data.plan is not None
    result = attain.evaluate(data.plan, "12m", data.assessments.get("12m", {}))
    return build_context(result, OPTIONS)["year_end_sections"][1]["paragraphs"]


FIRST_RECOGNITION = """    recognised:
      date: 2024-12-09
      decision: Quyết định số 530/QĐ-VP ngày 09/12/2024 của Chánh Văn phòng UBND tỉnh
  - id: mh_giai_quyet_dut_diem"""


def test_a_model_recognised_in_an_earlier_year_keeps_the_years_names_here(
        tmp_path: Path) -> None:
    # Kinh tế's model recognised in 2023: 3.c's list says "được công nhận" of six models, so
    # it cannot tell the year's five; this section names the year's (now four).
    paragraphs = recognised_again(tmp_path, FIRST_RECOGNITION, FIRST_RECOGNITION.replace(
        "2024-12-09", "2023-11-24").replace("530/QĐ-VP ngày 09/12/2024", "488/QĐ-VP ngày "
                                            "24/11/2023"))
    assert "04 được công nhận trong năm; 01 dừng thực hiện. Theo lĩnh vực:" in paragraphs[0]
    assert paragraphs[5:] == [
        "Được công nhận trong năm tại Quyết định số 530/QĐ-VP ngày 09/12/2024 của Chánh Văn "
        "phòng UBND tỉnh:",
        "- “Công chức tiếp công dân tận tụy, lắng nghe người dân” (Ban Tiếp công dân tỉnh);",
        "- “Tiếp dân bằng cả tấm lòng” (Ban Tiếp công dân tỉnh);",
        "- “Tổng hợp nhanh – Tham mưu trúng” (Phòng Tổng hợp);",
        "- “Nụ cười thân thiện – phục vụ tận tâm” (Trung tâm Hành chính công tỉnh)."]


def test_models_recognised_by_two_decisions_are_counted_by_decision(tmp_path: Path) -> None:
    paragraphs = recognised_again(tmp_path, FIRST_RECOGNITION, FIRST_RECOGNITION.replace(
        "2024-12-09", "2024-10-15").replace("530/QĐ-VP ngày 09/12/2024", "455/QĐ-VP ngày "
                                            "15/10/2024"))
    # Each decision once, with how many it recognised (in the order of 3.c's list).
    assert ("09 mô hình, điển hình được đánh giá có hiệu quả; 05 được công nhận trong năm (04 tại "
            "Quyết định số 530/QĐ-VP ngày 09/12/2024 của Chánh Văn phòng UBND tỉnh, 01 tại Quyết "
            "định số 455/QĐ-VP ngày 15/10/2024 của Chánh Văn phòng UBND tỉnh; danh sách tại điểm "
            "c khoản 3 Mục II); 01 dừng thực hiện. Theo lĩnh vực:") in paragraphs[0]
    assert len(paragraphs) == 5


def test_other_periods_have_neither() -> None:
    nine = context("9m")
    assert nine["year_end_sections"] == [] and nine["year_end_annexes"] == []
