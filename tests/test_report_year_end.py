"""What only the year-end report adds: sections and annexes plugged in by `year_end.PARTS`."""

from __future__ import annotations

import io
from datetime import date

import pytest
from conftest import REPO
from docx import Document

from dvcq_cli import attain, render
from dvcq_cli.check import check_workspace
from dvcq_cli.commands.report_command import packaged_template
from dvcq_cli.report import ReportOptions, build_context, document_properties, year_end
from dvcq_cli.report.context import ReportContext

OPTIONS = ReportOptions(date(2024, 12, 16))


def _result(period: str) -> attain.PeriodResult:
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    return attain.evaluate(data.plan, period, data.assessments.get(period, {}))


def _scores(ctx: ReportContext) -> year_end.YearEndPart:
    called.append(ctx.result.period_id)
    return year_end.YearEndPart(
        sections=[year_end.Section("Kết quả chấm điểm", ["Văn phòng đạt 95 điểm."])],
        annexes=[year_end.Annex("Bảng điểm", ["STT", "Đơn vị", "Điểm"],
                                [["1", "Phòng Hành chính – Tổ chức", "95"],
                                 ["2", "Phòng Tổng hợp", "90"]], ["Thang điểm 100."])])


called: list[str] = []


@pytest.fixture
def plugged(monkeypatch: pytest.MonkeyPatch) -> None:
    called.clear()
    monkeypatch.setattr(year_end, "PARTS", [_scores])


def test_only_the_plans_last_period_is_the_year_end() -> None:
    assert [year_end.is_year_end(ReportContext(_result(p), OPTIONS))
            for p in ("6m", "9m", "12m")] == [False, False, True]


@pytest.mark.usefixtures("plugged")
def test_other_periods_never_call_the_year_end_parts() -> None:
    context = build_context(_result("9m"), OPTIONS)
    assert called == []
    assert context["year_end_sections"] == []
    assert context["year_end_annexes"] == []
    assert context["annex_label"] == "PHỤ LỤC"


@pytest.mark.usefixtures("plugged")
def test_year_end_sections_and_annexes_are_numbered_after_the_rest() -> None:
    context = build_context(_result("12m"), OPTIONS)
    assert called == ["12m"]
    # The example plan has 3 tasks and the targets as part 4 of II.
    assert context["targets_heading"] == "4. Kết quả thực hiện các chỉ tiêu trọng tâm"
    assert context["year_end_sections"] == [
        {"heading": "5. Kết quả chấm điểm", "paragraphs": ["Văn phòng đạt 95 điểm."]}]
    assert context["annex_label"] == "PHỤ LỤC I"
    [annex] = context["year_end_annexes"]
    assert annex["label"] == "PHỤ LỤC II"
    assert annex["reference"] == context["annex_reference"]


@pytest.mark.usefixtures("plugged")
def test_the_template_shows_the_year_end_parts_where_they_belong() -> None:
    result = _result("12m")
    context = build_context(result, OPTIONS)
    data = render.render(packaged_template(), context, document_properties(result, OPTIONS))
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    heading = texts.index("5. Kết quả chấm điểm")
    assert doc.paragraphs[[p.text for p in doc.paragraphs].index(
        "5. Kết quả chấm điểm")].style.name == "Heading 2"
    assert texts[heading + 1] == "Văn phòng đạt 95 điểm."
    assert texts.index("III. ĐÁNH GIÁ CHUNG") > heading > texts.index(
        context["targets_heading"])
    assert texts.index("PHỤ LỤC I") < texts.index("PHỤ LỤC II")
    second = next(p for p in doc.paragraphs if p.text == "PHỤ LỤC II")
    assert second.paragraph_format.page_break_before
    assert texts[texts.index("PHỤ LỤC II") + 1] == "Bảng điểm"
    assert "Thang điểm 100." in texts
    table = doc.tables[-1]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["STT", "Đơn vị", "Điểm"], ["1", "Phòng Hành chính – Tổ chức", "95"],
        ["2", "Phòng Tổng hợp", "90"]]


def test_without_year_end_parts_the_year_end_report_has_one_annex(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(year_end, "PARTS", [])
    result = _result("12m")
    context = build_context(result, OPTIONS)
    data = render.render(packaged_template(), context, document_properties(result, OPTIONS))
    texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "PHỤ LỤC" in texts
    assert not any(text.startswith("PHỤ LỤC I") for text in texts)


