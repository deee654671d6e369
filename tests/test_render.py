"""The rendered .docx read back with python-docx: the layout of Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from conftest import REPO, template_with
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from dvcq_cli import attain, render
from dvcq_cli.check import check_workspace
from dvcq_cli.commands.report_command import packaged_template
from dvcq_cli.report import ReportOptions, build_context, document_properties

FONT = "Times New Roman"
OPTIONS = ReportOptions(date(2024, 9, 15))


def _result(period: str = "9m") -> attain.PeriodResult:
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    return attain.evaluate(data.plan, period, data.assessments.get(period, {}))


@pytest.fixture(scope="module")
def result() -> attain.PeriodResult:
    return _result()


@pytest.fixture(scope="module")
def context(result: attain.PeriodResult) -> dict[str, Any]:
    return build_context(result, OPTIONS)


@pytest.fixture(scope="module")
def rendered(result: attain.PeriodResult, context: dict[str, Any]) -> bytes:
    return render.render(packaged_template(), context, document_properties(result, OPTIONS))


@pytest.fixture(scope="module")
def doc(rendered: bytes) -> Any:
    return Document(io.BytesIO(rendered))


def body_paragraphs(doc: Any) -> list[Any]:
    return [p for p in doc.paragraphs if p.text.strip()]


def find(doc: Any, text: str) -> Any:
    return next(p for p in doc.paragraphs if p.text == text)


def size(run: Any) -> float:
    return run.font.size.pt


# ------------------------------------------------------------------------------ page
def test_page_is_a4_portrait_with_the_decree_margins(doc: Any) -> None:
    def mm(*lengths: Any) -> tuple[float, ...]:
        return tuple(round(length.mm, 1) for length in lengths)

    main = doc.sections[0]
    assert main.orientation == 0  # portrait
    assert mm(main.page_width, main.page_height) == (210, 297)
    assert mm(main.top_margin, main.bottom_margin) == (20, 20)
    assert mm(main.left_margin, main.right_margin) == (30, 15)
    annex = doc.sections[1]
    assert mm(annex.page_width, annex.page_height) == (297, 210)
    assert mm(annex.left_margin, annex.right_margin) == (30, 15)


def test_page_numbers_centred_in_the_header_but_not_on_page_one(doc: Any) -> None:
    main = doc.sections[0]
    assert main.different_first_page_header_footer
    assert main.first_page_header.paragraphs[0].text == ""
    header = main.header.paragraphs[0]
    assert header.alignment == 1  # centre
    instructions = [t.text for t in header._p.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    assert {size(r) for r in header.runs} == {14}
    annex = doc.sections[1]
    assert not annex.different_first_page_header_footer
    assert annex.header.is_linked_to_previous


def test_every_run_and_style_is_times_new_roman(rendered: bytes, doc: Any) -> None:
    with zipfile.ZipFile(io.BytesIO(rendered)) as archive:
        parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")
                 and ("document" in n or "header" in n)]
    assert "word/document.xml" in parts
    elements = [doc.element.body]
    for section in doc.sections:
        elements += [section.header._element, section.first_page_header._element]
    runs = [r for element in elements for r in element.iter(qn("w:r"))]
    assert len(runs) > 300
    for run in runs:
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None, run.xml
        assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs", "eastAsia")} == {FONT}
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        assert dict(fonts.attrib) == {qn(f"w:{s}"): FONT
                                      for s in ("ascii", "hAnsi", "cs", "eastAsia")}


# ------------------------------------------------------------------------------ header block
def test_header_block(doc: Any) -> None:
    block = doc.tables[0]
    assert all(b.get(qn("w:val")) != "single"
               for b in block._tbl.iter() if b.tag.startswith(qn("w:")) and "Borders" in b.tag)
    left, right = block.rows[0].cells
    parent, issuer, rule = left.paragraphs
    assert (parent.text, size(parent.runs[0]), parent.runs[0].bold) == (
        "UBND TỈNH ĐỒNG NAI", 13, False)
    assert (issuer.text, size(issuer.runs[0]), issuer.runs[0].bold) == ("VĂN PHÒNG", 13, True)
    assert rule.text == "" and rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
    national, motto, motto_rule = right.paragraphs
    assert (national.text, size(national.runs[0]), national.runs[0].bold) == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True)
    assert (motto.text, size(motto.runs[0]), motto.runs[0].bold) == (
        "Độc lập - Tự do - Hạnh phúc", 13, True)
    assert motto_rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
    # The rule under the issuer is 1.2 cm, between a third and a half of "VĂN PHÒNG".
    width = left.width - rule.paragraph_format.left_indent - rule.paragraph_format.right_indent
    assert Cm(1.0) < width - Cm(0.38) < Cm(1.4)
    number, place = block.rows[1].cells
    assert number.paragraphs[0].text == "Số:        /BC-VP"
    assert size(number.paragraphs[0].runs[0]) == 13
    date_line = place.paragraphs[0]
    assert date_line.text == "Đồng Nai, ngày 15 tháng 9 năm 2024"
    assert (size(date_line.runs[0]), date_line.runs[0].italic) == (14, True)


def test_title_and_subject(doc: Any) -> None:
    title = find(doc, "BÁO CÁO")
    subject = find(doc, "Kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm 2024")
    for paragraph in (title, subject):
        assert paragraph.alignment == 1
        assert (size(paragraph.runs[0]), paragraph.runs[0].bold) == (14, True)
    paragraphs = doc.paragraphs
    index = [p._p for p in paragraphs].index(subject._p)
    rule = paragraphs[index + 1]
    assert rule.text == "" and rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None


def test_body_paragraphs_and_headings(doc: Any) -> None:
    opening = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Kế hoạch số"))
    style = opening.style
    assert style.name == "Báo cáo - Đoạn văn"
    fmt = style.paragraph_format
    assert fmt.alignment == 3  # justify
    assert fmt.first_line_indent == Cm(1.27)
    assert fmt.space_after == Pt(6)
    assert fmt.line_spacing == 1.15
    assert size(opening.runs[0]) == 14
    heading = find(doc, "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT")
    assert heading.style.name == "Heading 1" and heading.runs[0].bold
    area = find(doc, "3. Đẩy mạnh phong trào thi đua “Dân vận khéo” gắn với các phong trào "
                     "thi đua yêu nước")
    assert area.style.name == "Heading 2" and area.runs[0].bold
    point = next(p for p in doc.paragraphs if p.text.startswith("đ) Giám sát"))
    # A point's heading: the plan's short heading, italic (a level below the bold "1.").
    assert point.text == ("đ) Giám sát, đôn đốc thực hiện công tác dân vận chính quyền, quy "
                          "chế dân chủ; đánh giá tiêu chí")
    assert point.style.name == "Heading 3" and not point.runs[0].bold
    assert point.runs[0].italic and point.style.font.italic
    assert point.style.paragraph_format.keep_with_next
    assert point.style.paragraph_format.keep_together
    texts = [p.text for p in doc.paragraphs]
    order = [texts.index(h) for h in (
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT",
        "II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG, NHIỆM VỤ",
        "4. Kết quả thực hiện các chỉ tiêu trọng tâm", "III. ĐÁNH GIÁ CHUNG", "1. Ưu điểm",
        "2. Hạn chế", "3. Nguyên nhân của hạn chế", "IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
        "V. ĐỀ XUẤT, KIẾN NGHỊ")]
    assert order == sorted(order)


def test_body_ends_with_the_closing_mark(doc: Any, context: dict[str, Any]) -> None:
    section_end = [p.text for p in doc.paragraphs if p.text.strip()]
    closing = section_end.index(context["closing"])
    assert section_end[closing].endswith("./.")
    assert section_end[closing + 1] == "PHỤ LỤC"
    assert not any("{{" in t or "{%" in t for t in section_end)


def test_signature_and_recipients(doc: Any) -> None:
    left, right = doc.tables[2].rows[0].cells
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert (size(label.runs[0]), label.runs[0].bold, label.runs[0].italic) == (12, True, True)
    lines = left.paragraphs[1:]
    assert [p.text for p in lines] == [
        "- Sở Nội vụ;", "- Chánh Văn phòng UBND tỉnh (để báo cáo);",
        "- Các Phó Chánh Văn phòng UBND tỉnh;",
        "- Trưởng các phòng, ban, trung tâm, cổng thông tin;", "- Lưu: VT, HCTC."]
    assert {size(p.runs[0]) for p in lines} == {11}
    signed = [p for p in right.paragraphs if p.text]
    assert [p.text for p in signed] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG",
                                        "Nguyễn Kim Long"]
    assert {(size(p.runs[0]), p.runs[0].bold, p.alignment) for p in signed} == {(14, True, 1)}
    assert len(right.paragraphs) - len(signed) >= 4  # room for the signature and the seal


# ------------------------------------------------------------------------------ tables
def test_target_table_shows_the_hand_counted_figures(doc: Any) -> None:
    table = doc.tables[1]
    # Non-breaking spaces shown as "~": the words each figure keeps on one line.
    rows = [[c.text.replace("\u00a0", "~") for c in row.cells] for row in table.rows]
    # plans/2024/EXPECTED.md, 9 months: numbered from 1 in the plan's order of targets.
    assert rows == [
        ["STT", "Chỉ tiêu", "Kế hoạch", "Kết quả", "Tỷ lệ", "Đánh giá"],
        ["1", "Quán triệt Kế hoạch, đưa nhiệm vụ dân vận vào chương trình công tác năm",
         "100%", "14/15~đơn~vị", "93,3%", "Chưa đạt"],
        ["2", "Lãnh đạo chỉ đạo hoạt động dân vận thiết thực; tuyên truyền, vận động CCVC",
         "Định~tính", "42~hoạt~động của~14~đơn~vị", "-", "Đạt"],
        ["3", "Triển khai đầy đủ công tác dân vận chính quyền và quy chế dân chủ ở cơ sở",
         "100%", "14/15~đơn~vị", "93,3%", "Chưa đạt"],
        ["4", "Đạt tiêu chí “Dân vận khéo”", "Từ~80%~trở~lên", "12/15~đơn~vị", "80%", "Đạt"],
        ["5", "Thực hiện tốt quy chế dân chủ ở cơ sở", "Trên~80%", "12/15~đơn~vị", "80%",
         "Chưa đạt"],
    ]
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_annex_has_every_unit_and_fits_the_page(doc: Any, result: attain.PeriodResult) -> None:
    table = doc.tables[-1]
    names = [row.cells[1].text for row in table.rows[1:]]
    assert sorted(names) == sorted(u.unit.name for u in result.units)
    assert len(table.rows[0].cells) == 3 + len(result.plan.indicators) + 1
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert len(grid) == len(table.rows[0].cells)
    assert sum(grid) == int(Mm(297 - 30 - 15).twips)
    missing = next(row for row in table.rows if row.cells[1].text == "Phòng Thư ký – Biên tập")
    assert missing.cells[2].text == "Chưa gửi"


def test_special_characters_reach_the_report_literally(result: attain.PeriodResult) -> None:
    tricky = "A & B <b>đậm</b> {{ x }} {% if %} {%p endfor %} “nháy” 'đơn' \"kép\" {# c #}"
    context = build_context(result, OPTIONS)
    context["opening"] = tricky
    context["annex_rows"][0]["name"] = tricky
    data = render.render(packaged_template(), context, document_properties(result, OPTIONS))
    document = Document(io.BytesIO(data))
    assert tricky in [p.text for p in document.paragraphs]
    assert document.tables[-1].rows[1].cells[1].text == tricky
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "A &amp; B &lt;b&gt;đậm&lt;/b&gt;" in xml


def test_same_inputs_same_bytes(result: attain.PeriodResult, rendered: bytes) -> None:
    again = render.render(packaged_template(), build_context(result, OPTIONS),
                          document_properties(result, OPTIONS))
    assert again == rendered
    archive = zipfile.ZipFile(io.BytesIO(rendered))
    infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(2024, 9, 15, 0, 0, 0)}


def test_document_properties_come_from_the_data(doc: Any) -> None:
    core = doc.core_properties
    assert core.title == "Báo cáo kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm 2024"
    assert core.author == "Văn phòng UBND tỉnh"
    assert core.last_modified_by == "Văn phòng UBND tỉnh"
    assert core.created.date() == date(2024, 9, 15)
    assert core.modified.date() == date(2024, 9, 15)


def test_rendering_never_adds_rows_with_python_docx(result: attain.PeriodResult,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from docx.table import Table

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("add_row on the render path")

    monkeypatch.setattr(Table, "add_row", forbidden)
    render.render(packaged_template(), build_context(result, OPTIONS),
                  document_properties(result, OPTIONS))


# ------------------------------------------------------------------------------ templates
def test_packaged_template_is_the_workspace_default_copy() -> None:
    assert (REPO / "templates" / "bao-cao-dan-van-chinh-quyen.docx").read_bytes() == (
        packaged_template())


def test_template_uses_only_context_names(context: dict[str, Any]) -> None:
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(packaged_template()))
    assert template.get_undeclared_template_variables() <= set(context)


@pytest.mark.parametrize(("added", "expected"), [
    ("Kính gửi: {{ kinh_gui }}",
     "the template uses 'kinh_gui', which the report does not provide in the paragraph "
     "“Kính gửi: {{ kinh_gui }}”"),
    ("Ngày {{ subject | }}",
     "the template has a broken tag in the paragraph “Ngày {{ subject | }}”"),
    ("{{ subject.__class__.__mro__ }}",
     "the template tries something that is not allowed in the paragraph "
     "“{{ subject.__class__.__mro__ }}”"),
    ("{{ areas[0].heading.missing }}", "the template uses 'missing'"),
])
def test_broken_template_names_the_tag(result: attain.PeriodResult, added: str,
                                       expected: str) -> None:
    with pytest.raises(render.TemplateProblem) as raised:
        render.render(template_with(added), build_context(result, OPTIONS),
                      document_properties(result, OPTIONS))
    assert str(raised.value).startswith(expected)


def test_not_a_docx(result: attain.PeriodResult) -> None:
    with pytest.raises(render.TemplateProblem, match="not a Word .docx file"):
        render.render(b"PK\x03\x04 not really", build_context(result, OPTIONS),
                      document_properties(result, OPTIONS))


def test_template_build_is_reproducible(tmp_path: Any) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_template", REPO / "templates" / "build_template.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == packaged_template()


def test_a_line_that_introduces_a_list_stays_with_it(doc: Any) -> None:
    body_style = [p for p in doc.paragraphs if p.style.name == "Báo cáo - Đoạn văn"]
    introductions = [p for p in body_style if p.text.rstrip().endswith(":")]
    assert "Một số hoạt động tiêu biểu từ ngày 15/6/2024:" in [p.text for p in introductions]
    assert len(introductions) >= 8
    for paragraph in introductions:
        assert paragraph.paragraph_format.keep_with_next, paragraph.text
    # A "- Về …:" line of section III introduces its "+" items, and stays with them too.
    others = [p for p in body_style if p.text.startswith("- ") and not p.text.endswith(":")]
    assert others and not any(p.paragraph_format.keep_with_next for p in others)
