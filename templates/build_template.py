"""Build the default Word template of the report: `bao-cao-dan-van-chinh-quyen.docx`.

    python templates/build_template.py

writes the same bytes to templates/ (the copy office staff open and edit in Word) and to
dvcq_cli/templates/ (the copy packaged with the tool). The layout follows Nghị định
30/2020/NĐ-CP, Phụ lục I (administrative documents) and Mẫu 1.4 (báo cáo):

- A4 portrait, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; the annex on A4
  landscape pages with the same margins;
- Times New Roman on every style and every run (ascii, hAnsi, cs, eastAsia), black;
- body 14 pt, justified, first-line indent 1.27 cm, 6 pt after each paragraph, line
  spacing 1.15;
- page numbers centred in the top margin, 14 pt, not on the first page;
- the header block as a borderless two-column table, the title, the subject line with a
  short rule, the headings I./1./a), the Nơi nhận list and the signing block.

Jinja2 tags (docxtpl) fill in the data: `{{ name }}` for a value, `{%p for … %}` for a
repeated paragraph, `{%tr for … %}` for a repeated table row, `{%tc for … %}` for a repeated
column. The context is described in README (dvcq report).
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

from dvcq_cli.render import normalise_zip

FONT = "Times New Roman"
NAME = "bao-cao-dan-van-chinh-quyen.docx"
HERE = Path(__file__).resolve().parent
TARGETS = (HERE / NAME, HERE.parent / "dvcq_cli" / "templates" / NAME)
BUILT = datetime(2024, 1, 1)  # fixed, so the template's bytes never depend on the clock

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 165 mm
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - LEFT - RIGHT  # 252 mm
INDENT = Cm(1.27)
BODY = 14
CENTER, LEFT_ALIGN, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT,
                               WD_ALIGN_PARAGRAPH.JUSTIFY)

BODY_STYLE = "Báo cáo - Đoạn văn"
TABLE_STYLE = "Báo cáo - Chữ trong bảng"
TABLE_HEAD_STYLE = "Báo cáo - Đầu bảng"


# ----------------------------------------------------------------------------- fonts
def set_fonts(rpr) -> None:  # type: ignore[no-untyped-def]
    """Times New Roman for all four scripts; theme fonts removed (they would win)."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), FONT)


def set_size(rpr, points: float) -> None:  # type: ignore[no-untyped-def]
    half_points = str(int(points * 2))
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            # w:sz and w:szCs come after colour/spacing/kern/position and before the rest.
            successors = [qn(t) for t in ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
                                          "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                                          "w:em", "w:lang", "w:eastAsianLayout",
                                          "w:specVanish", "w:oMath")]
            if tag == "w:sz":
                successors.insert(0, qn("w:szCs"))
            following = next((child for child in rpr if child.tag in successors), None)
            if following is None:
                rpr.append(element)
            else:
                following.addprevious(element)
        element.set(qn("w:val"), half_points)


def black(rpr) -> None:  # type: ignore[no-untyped-def]
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")
    following = next((child for child in rpr if child.tag in {
        qn(t) for t in ("w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
                        "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
                        "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang")}), None)
    if following is None:
        rpr.append(color)
    else:
        following.addprevious(color)


def run(paragraph, text: str, size: float, bold: bool = False,  # type: ignore[no-untyped-def]
        italic: bool = False):
    """A run with its font set on the run itself, as the decree's checks read it."""
    added = paragraph.add_run(text)
    added.bold = bold
    added.italic = italic
    rpr = added._r.get_or_add_rPr()
    set_fonts(rpr)
    set_size(rpr, size)
    for text in added._r.findall(qn("w:t")):
        # Keep runs of spaces (`Số:        /BC-VP`) exactly as typed.
        text.set(qn("xml:space"), "preserve")
    return added


# ------------------------------------------------------------------------- paragraphs
def fmt(paragraph, align=None, first_line=None, before=0.0, after=0.0,  # type: ignore
        line=1.0, keep_next=False, left=None, right=None):
    pf = paragraph.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.first_line_indent = first_line
    pf.left_indent = left
    pf.right_indent = right
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    if keep_next:
        pf.keep_with_next = True
    return paragraph


def para(container, text: str = "", size: float = BODY, bold: bool = False,  # type: ignore
         italic: bool = False, style: str | None = None, **layout):
    paragraph = container.add_paragraph(style=style)
    if layout or style is None:
        fmt(paragraph, **layout)
    if text:
        run(paragraph, text, size, bold, italic)
    else:
        mark_font(paragraph, size)
    return paragraph


def mark_font(paragraph, size: float) -> None:  # type: ignore[no-untyped-def]
    """Font and size of the paragraph mark, so empty lines have the right height."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    fonts = OxmlElement("w:rFonts")
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), FONT)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(int(size * 2)))
        rpr.append(element)


def rule(container, width, cell_width, size: float = 4):  # type: ignore[no-untyped-def]
    """A centred horizontal rule of `width`: the top border of an empty, short paragraph.

    A paragraph border survives Word, LibreOffice and PDF conversion, and office staff can
    change its length in Word (Paragraph → Indents) if a name gets longer.
    """
    side = Emu(int((cell_width - width) / 2))
    paragraph = para(container, size=size, align=CENTER, left=side, right=side, before=3)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    ppr.insert_element_before(borders, *(
        "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
        "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange"))
    return paragraph


def body(document, text: str, style: str = BODY_STYLE):  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph(style=style)
    run(paragraph, text, BODY, bold=style in ("Heading 1", "Heading 2"),
        italic=style == "Heading 3")
    return paragraph


def loop(document, tag: str):  # type: ignore[no-untyped-def]
    """A paragraph holding only a `{%p … %}` tag: docxtpl removes it when rendering."""
    paragraph = document.add_paragraph(style=BODY_STYLE)
    run(paragraph, tag, BODY)
    return paragraph


# ----------------------------------------------------------------------------- tables
def table(document, widths, bordered: bool, container=None):  # type: ignore
    host = container if container is not None else document
    made = host.add_table(rows=0, cols=len(widths))
    made.alignment = WD_TABLE_ALIGNMENT.CENTER
    made.autofit = False
    if bordered:
        made.style = document.styles["Table Grid"]
    tbl_pr = made._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(widths) / 635)))  # EMU → twentieths of a point
    for column, column_width in zip(made.columns, widths, strict=True):
        column.width = column_width
    return made


def add_row(made, widths, header: bool = False):  # type: ignore[no-untyped-def]
    row = made.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)
    if header:
        repeat = OxmlElement("w:tblHeader")
        tr_pr.append(repeat)
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = width
    return row


def cell_text(cell, text: str, size: float, bold=False, italic=False,  # type: ignore
              align=CENTER, style: str | None = TABLE_STYLE, first: bool = True):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    if style:
        paragraph.style = style
    paragraph.paragraph_format.alignment = align
    if text:
        run(paragraph, text, size, bold, italic)
    else:
        mark_font(paragraph, size)
    return paragraph


def vertical_center(cell) -> None:  # type: ignore[no-untyped-def]
    tc_pr = cell._tc.get_or_add_tcPr()
    align = OxmlElement("w:vAlign")
    align.set(qn("w:val"), "center")
    tc_pr.append(align)


# ------------------------------------------------------------------------------ styles
def prepare_styles(document) -> None:  # type: ignore[no-untyped-def]
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_fonts(rpr)
    set_size(rpr, BODY)
    lang = rpr.find(qn("w:lang"))
    for key in list(lang.attrib):
        del lang.attrib[key]
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    spacing = ppr.find(qn("w:spacing"))
    for key in list(spacing.attrib):
        del spacing.attrib[key]
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    # Every style that names a font (Heading, Title, table styles, …) gets Times New Roman;
    # theme fonts and colours are dropped, since a theme font would win over the name.
    for fonts in styles.iter(qn("w:rFonts")):
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for script in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{script}"), FONT)
    for style in styles.findall(qn("w:style")):
        style_rpr = style.find(qn("w:rPr"))
        if style_rpr is not None and style_rpr.find(qn("w:color")) is not None:
            black(style_rpr)

    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr())
    set_size(normal.element.get_or_add_rPr(), BODY)

    body_style = document.styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body_style.style_id = "BaoCaoDoanVan"
    body_style.base_style = normal
    body_style.quick_style = True
    pf = body_style.paragraph_format
    pf.alignment = JUSTIFY
    pf.first_line_indent = INDENT
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = 1.15
    pf.widow_control = True
    set_fonts(body_style.element.get_or_add_rPr())
    set_size(body_style.element.get_or_add_rPr(), BODY)

    # Headings as Nghị định 30 reports set them: I. and 1. bold, a) italic.
    for name, bold, italic in (("Heading 1", True, False), ("Heading 2", True, False),
                               ("Heading 3", False, True)):
        heading = document.styles[name]
        element = heading.element
        old = element.find(qn("w:rPr"))
        if old is not None:
            element.remove(old)
        heading.base_style = body_style
        heading.font.bold = bold
        heading.font.italic = italic
        heading_rpr = element.get_or_add_rPr()
        set_fonts(heading_rpr)
        set_size(heading_rpr, BODY)
        black(heading_rpr)
        hf = heading.paragraph_format
        hf.keep_with_next = True
        hf.keep_together = True
        hf.space_before = Pt(6)
        hf.space_after = Pt(6)
        hf.first_line_indent = INDENT
        hf.alignment = JUSTIFY
        hf.line_spacing = 1.15

    for name, style_id, bold in ((TABLE_STYLE, "BaoCaoBang", False),
                                 (TABLE_HEAD_STYLE, "BaoCaoDauBang", True)):
        cell_style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        cell_style.style_id = style_id
        cell_style.base_style = normal
        cell_style.font.bold = bold
        cf = cell_style.paragraph_format
        cf.alignment = CENTER if bold else LEFT_ALIGN
        cf.first_line_indent = Cm(0)
        cf.space_before = Pt(3)
        cf.space_after = Pt(3)
        cf.line_spacing = 1.0
        cf.keep_together = True
        set_fonts(cell_style.element.get_or_add_rPr())
        set_size(cell_style.element.get_or_add_rPr(), 12)

    for name in ("Header", "Footer", "Table Grid"):
        if name in [s.name for s in document.styles]:
            style_rpr = document.styles[name].element.get_or_add_rPr()
            set_fonts(style_rpr)


# ------------------------------------------------------------------------- page set-up
def page(section, landscape: bool = False) -> None:  # type: ignore[no-untyped-def]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = PAGE_HEIGHT if landscape else PAGE_WIDTH
    section.page_height = PAGE_WIDTH if landscape else PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.gutter = Mm(0)


def page_numbers(section) -> None:  # type: ignore[no-untyped-def]
    """PAGE field centred in the default header; an empty header on the first page."""
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    mark_font(first.paragraphs[0], BODY)
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    fmt(paragraph, align=CENTER)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"),
                       ("end", None)):
        field_run = run(paragraph, "", BODY)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            field_run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            field_run._r.append(instr)
        else:
            field_run.text = text


# ------------------------------------------------------------------------------ blocks
def header_block(document) -> None:  # type: ignore[no-untyped-def]
    left_width, right_width = Cm(6.3), Cm(10.2)
    widths = (left_width, right_width)
    block = table(document, widths, bordered=False)
    top = add_row(block, widths)
    left, right = top.cells
    cell_text(left, "{{ parent }}", 13, style=None)
    cell_text(left, "{{ issuer }}", 13, bold=True, style=None, first=False)
    rule(left, Cm(1.2), left_width - Cm(0.38))
    cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, style=None)
    cell_text(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, style=None, first=False)
    rule(right, Cm(5.85), right_width - Cm(0.38))
    bottom = add_row(block, widths)
    left, right = bottom.cells
    number = cell_text(left, "Số:        /{{ report_code }}", 13, style=None)
    number.paragraph_format.space_before = Pt(6)
    place = cell_text(right, "{{ place_date }}", 14, italic=True, style=None)
    place.paragraph_format.space_before = Pt(6)
    for row in (top, bottom):
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.first_line_indent = Cm(0)
                paragraph.paragraph_format.line_spacing = 1.0


def title_block(document) -> None:  # type: ignore[no-untyped-def]
    para(document, "BÁO CÁO", BODY, bold=True, align=CENTER, before=24)
    para(document, "{{ subject }}", BODY, bold=True, align=CENTER)
    rule(document, Cm(5), TEXT_WIDTH)
    para(document, size=6, align=CENTER)


def repeated(document, items: str, style: str = BODY_STYLE,  # type: ignore[no-untyped-def]
             value: str = "text") -> None:
    loop(document, f"{{%p for {value} in {items} %}}")
    body(document, f"{{{{ {value} }}}}", style)
    loop(document, "{%p endfor %}")


def content(document) -> None:  # type: ignore[no-untyped-def]
    body(document, "{{ opening }}")
    body(document, "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT", "Heading 1")
    repeated(document, "leadership")
    body(document, "II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG, NHIỆM VỤ", "Heading 1")
    loop(document, "{%p for area in areas %}")
    body(document, "{{ area.heading }}", "Heading 2")
    repeated(document, "area.paragraphs")
    loop(document, "{%p for point in area.points %}")
    body(document, "{{ point.heading }}", "Heading 3")
    repeated(document, "point.paragraphs")
    loop(document, "{%p endfor %}")
    loop(document, "{%p endfor %}")
    body(document, "{{ targets_heading }}", "Heading 2")
    loop(document, "{%p for text in targets_intro %}")
    # The sentence that announces the table stays on the table's page.
    body(document, "{{ text }}").paragraph_format.keep_with_next = True
    loop(document, "{%p endfor %}")
    targets_table(document)
    repeated(document, "targets_notes")
    # What only the year-end report adds (dvcq_cli/report/year_end.py): numbered sections.
    loop(document, "{%p for section in year_end_sections %}")
    body(document, "{{ section.heading }}", "Heading 2")
    repeated(document, "section.paragraphs")
    loop(document, "{%p endfor %}")
    body(document, "III. ĐÁNH GIÁ CHUNG", "Heading 1")
    body(document, "1. Ưu điểm", "Heading 2")
    repeated(document, "strengths")
    body(document, "2. Hạn chế", "Heading 2")
    repeated(document, "shortcomings")
    body(document, "3. Nguyên nhân của hạn chế", "Heading 2")
    repeated(document, "causes")
    body(document, "IV. {{ next_heading }}", "Heading 1")
    repeated(document, "next_tasks")
    body(document, "V. ĐỀ XUẤT, KIẾN NGHỊ", "Heading 1")
    repeated(document, "proposals")
    closing = body(document, "{{ closing }}")
    closing.paragraph_format.keep_with_next = True


def targets_table(document) -> None:  # type: ignore[no-untyped-def]
    # Kế hoạch takes "Từ 80% trở lên" on one line, Kết quả "37 hoạt động" and "của 14 đơn vị"
    # on two (dvcq_cli/report/targets.py keeps each figure's words together).
    widths = (Cm(1.3), Cm(5.0), Cm(3.2), Cm(3.2), Cm(1.6), Cm(2.2))
    made = table(document, widths, bordered=True)
    head = add_row(made, widths, header=True)
    for cell, text in zip(head.cells, ("STT", "Chỉ tiêu", "Kế hoạch", "Kết quả", "Tỷ lệ",
                                       "Đánh giá"), strict=True):
        cell_text(cell, text, 12, bold=True, style=TABLE_HEAD_STYLE)
        vertical_center(cell)
    loop_row(made, widths, "{%tr for row in targets %}")
    data = add_row(made, widths)
    for cell, (text, align) in zip(data.cells, (
            ("{{ row.number }}", CENTER), ("{{ row.name }}", LEFT_ALIGN),
            ("{{ row.plan }}", CENTER), ("{{ row.result }}", CENTER),
            ("{{ row.rate }}", CENTER), ("{{ row.verdict }}", CENTER)), strict=True):
        cell_text(cell, text, 12, align=align)
        vertical_center(cell)
    loop_row(made, widths, "{%tr endfor %}")
    para(document, size=6)


def loop_row(made, widths, tag: str) -> None:  # type: ignore[no-untyped-def]
    row = add_row(made, widths)
    cell_text(row.cells[0], tag, 12, align=LEFT_ALIGN)


def signature_block(document) -> None:  # type: ignore[no-untyped-def]
    """Nơi nhận on the left, the signing block on the right; the row never splits. Nơi
    nhận is wide enough for "- Trưởng các phòng, ban, trung tâm, cổng thông tin;" on one
    line at 11 pt; the right column still holds "PHÓ CHÁNH VĂN PHÒNG" at 14 pt bold."""
    widths = (Cm(9.0), Cm(7.5))
    block = table(document, widths, bordered=False)
    row = add_row(block, widths)
    left, right = row.cells
    label = cell_text(left, "Nơi nhận:", 12, bold=True, italic=True, align=LEFT_ALIGN,
                      style=None)
    for tag in ("{%p for line in recipients %}", "{{ line }}", "{%p endfor %}"):
        cell_text(left, tag, 11, align=LEFT_ALIGN, style=None, first=False)
    cell_text(right, "{%p for line in signer_lines %}", BODY, bold=True, style=None)
    cell_text(right, "{{ line }}", BODY, bold=True, style=None, first=False)
    cell_text(right, "{%p endfor %}", BODY, bold=True, style=None, first=False)
    for _blank in range(6):
        cell_text(right, "", BODY, style=None, first=False)
    cell_text(right, "{{ signer_name }}", BODY, bold=True, style=None, first=False)
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.first_line_indent = Cm(0)
            paragraph.paragraph_format.line_spacing = 1.0
            paragraph.paragraph_format.keep_with_next = True
    label.paragraph_format.space_after = Pt(0)


def annex(document) -> None:  # type: ignore[no-untyped-def]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section_break_takes_no_room(document.paragraphs[-1])
    page(section, landscape=True)
    section.different_first_page_header_footer = False
    para(document, "{{ annex_label }}", BODY, bold=True, align=CENTER)
    para(document, "{{ annex_title }}", BODY, bold=True, align=CENTER)
    para(document, "{{ annex_reference }}", BODY, italic=True, align=CENTER, after=12)
    widths = (Cm(1.5), Cm(5.4), Cm(3.4), Cm(0.6), Cm(2.6), Cm(0.6), Cm(2.2))
    made = table(document, widths, bordered=True)
    width = made._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:w"), str(round(LANDSCAPE_TEXT_WIDTH / 635)))
    head = add_row(made, widths, header=True)
    for cell, text in zip(head.cells, (
            "STT", "Đơn vị", "Tình hình gửi báo cáo", "{%tc for column in annex_columns %}",
            "{{ column }}", "{%tc endfor %}", "{{ annex_activities_heading }}"), strict=True):
        cell_text(cell, text, 12, bold=True, style=TABLE_HEAD_STYLE)
        vertical_center(cell)
    loop_row(made, widths, "{%tr for row in annex_rows %}")
    data = add_row(made, widths)
    for cell, (text, align) in zip(data.cells, (
            ("{{ row.number }}", CENTER), ("{{ row.name }}", LEFT_ALIGN),
            ("{{ row.status }}", CENTER), ("{%tc for value in row.cells %}", CENTER),
            ("{{ value }}", CENTER), ("{%tc endfor %}", CENTER),
            ("{{ row.activities }}", CENTER)), strict=True):
        cell_text(cell, text, 12, align=align)
        vertical_center(cell)
    loop_row(made, widths, "{%tr endfor %}")
    para(document, size=6)
    annex_notes(document, "annex_notes")
    further_annexes(document)


def section_break_takes_no_room(paragraph) -> None:  # type: ignore[no-untyped-def]
    """The paragraph that ends the body's section (after the signing table: Word needs a
    paragraph there) is 1 pt high with no spacing: a 14 pt line would not fit when the
    signing block ends at the foot of a page, and would make a blank page of its own."""
    ppr = paragraph._p.get_or_add_pPr()
    assert ppr.find(qn("w:sectPr")) is not None, "not the section's last paragraph"
    fmt(paragraph, before=0, after=0)
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:line"), "20")
    spacing.set(qn("w:lineRule"), "exact")
    mark_font(paragraph, 1)
    # w:rPr comes before w:sectPr in a paragraph's properties.
    ppr.append(ppr.find(qn("w:sectPr")))


def annex_notes(document, items: str) -> None:  # type: ignore[no-untyped-def]
    """The notes under an annex table: 12 pt italic, no indent."""
    loop(document, f"{{%p for text in {items} %}}")
    note = body(document, "{{ text }}")
    note.paragraph_format.first_line_indent = Cm(0)
    for note_run in note.runs:
        note_run.italic = True
        set_size(note_run._r.get_or_add_rPr(), 12)
    loop(document, "{%p endfor %}")


def further_annexes(document) -> None:  # type: ignore[no-untyped-def]
    """The year-end report's further annexes, each from a new page: a title and a table
    whose columns the data gives."""
    loop(document, "{%p for extra in year_end_annexes %}")
    label = para(document, "{{ extra.label }}", BODY, bold=True, align=CENTER)
    label.paragraph_format.page_break_before = True
    para(document, "{{ extra.title }}", BODY, bold=True, align=CENTER)
    para(document, "{{ extra.reference }}", BODY, italic=True, align=CENTER, after=12)
    # The first column is the row number, the second the name (a unit's): narrow, then
    # wide; the figures share the rest (dvcq_cli/report/year_end.py, `Annex`).
    widths = (Cm(1.3), Cm(7.5), Cm(0.6), Cm(3.5), Cm(0.6))
    made = table(document, widths, bordered=True)
    width = made._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:w"), str(round(LANDSCAPE_TEXT_WIDTH / 635)))
    head = add_row(made, widths, header=True)
    for cell, text in zip(head.cells, (
            "{{ extra.columns[0] }}", "{{ extra.columns[1] }}",
            "{%tc for column in extra.columns[2:] %}", "{{ column }}", "{%tc endfor %}"),
            strict=True):
        cell_text(cell, text, 12, bold=True, style=TABLE_HEAD_STYLE)
        vertical_center(cell)
    loop_row(made, widths, "{%tr for row in extra.rows %}")
    data = add_row(made, widths)
    for cell, (text, align) in zip(data.cells, (
            ("{{ row[0] }}", CENTER), ("{{ row[1] }}", LEFT_ALIGN),
            ("{%tc for value in row[2:] %}", CENTER), ("{{ value }}", CENTER),
            ("{%tc endfor %}", CENTER)), strict=True):
        cell_text(cell, text, 12, align=align)
        vertical_center(cell)
    loop_row(made, widths, "{%tr endfor %}")
    para(document, size=6)
    annex_notes(document, "extra.notes")
    loop(document, "{%p endfor %}")


# -------------------------------------------------------------------------------- build
def build() -> bytes:
    document = Document()
    prepare_styles(document)
    section = document.sections[0]
    page(section)
    page_numbers(section)
    # python-docx starts with no paragraphs; the blocks add theirs in order.
    header_block(document)
    title_block(document)
    content(document)
    signature_block(document)
    annex(document)
    core = document.core_properties
    core.title = "Báo cáo kết quả thực hiện công tác Dân vận chính quyền (mẫu)"
    core.subject = "Mẫu báo cáo định kỳ của dvcq"
    core.author = "dvcq"
    core.last_modified_by = "dvcq"
    core.comments = ""
    core.keywords = ""
    core.language = "vi-VN"
    core.created = BUILT
    core.modified = BUILT
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), BUILT)


def main() -> int:
    data = build()
    for target in TARGETS:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote {target} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
