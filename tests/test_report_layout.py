"""The report's page layout as its reader sees it: tables that stay whole, no blank page,
figures and headings that read as such (the .docx read back, and PDFs page by page)."""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, write_tree
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from test_report import example, strings, workspace_result

from dvcq_cli.check import check_workspace
from dvcq_cli.render import (
    TABLE_HEAD,
    TABLE_TAIL,
    WHOLE_ROWS,
    keep_table_ends_together,
    keep_with_next,
    render,
)
from dvcq_cli.report import ReportOptions, build_context, document_properties
from dvcq_cli.report.targets import figure
from dvcq_cli.report.text import short_heading, year_ranges

TEMPLATE = (REPO / "templates" / "bao-cao-dan-van-chinh-quyen.docx").read_bytes()
NBSP = "\u00a0"


def rendered(result: Any, context: dict[str, Any]) -> Any:
    data = render(TEMPLATE, context, document_properties(result, ReportOptions(date(2025, 6,
                                                                                      20))))
    return Document(io.BytesIO(data))


def keeps_with_next(paragraph: Any) -> bool:
    return paragraph._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def cant_split(row: Any) -> bool:
    return row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def grid(table: Any) -> list[int]:
    return [int(column.get(qn("w:w"))) for column in
            table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]


# ------------------------------------------------------------------ a plan of many targets
LONG_NAME = ("đạt tiêu chí, có mô hình được đăng ký, triển khai và đánh giá có hiệu quả "
             "trong năm")


def mini(tmp_path: Path, targets: int = 2, long_names: bool = False) -> Any:
    """The result of MINI_PLAN's 6m, two units of three reporting, with `targets` targets:
    its own two, and copies of the first between them (`Dân vận khéo 03`, …); with
    `long_names`, each `Dân vận khéo` target's name goes on with LONG_NAME."""
    first = MINI_PLAN[MINI_PLAN.index("  - id: dvk"):MINI_PLAN.index("  - id: tot")]
    if long_names:
        first = first.replace("short: Dân vận khéo", f"short: Dân vận khéo {LONG_NAME}")
    copies = "".join(first.replace("id: dvk", f"id: dvk{n:02d}").replace(
        "short: Dân vận khéo", f"short: Dân vận khéo {n:02d}") for n in range(3, targets + 1))
    plan = MINI_PLAN.replace("  - id: tot", copies + "  - id: tot", 1)
    if long_names:
        plan = plan.replace("short: Dân vận khéo\n", f"short: Dân vận khéo {LONG_NAME}\n")
    write_tree(tmp_path, {
        "plans/2025/plan.yaml": plan,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
        "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb"),
    })
    return workspace_result(tmp_path, "6m")


def target_table(doc: Any) -> Any:
    return next(table for table in doc.tables if table.rows[0].cells[0].text == "STT")


# -------------------------------------------------------------------- the targets table
def kept_rows(table: Any) -> list[int]:
    """The rows (0: the header) whose every paragraph keeps with the next."""
    return [number for number, row in enumerate(table.rows)
            if all(keeps_with_next(p) for cell in row.cells for p in cell.paragraphs)]


@pytest.mark.parametrize(("targets", "kept"), [
    (2, [0, 1]),  # the header and two rows: whole
    (5, [0, 1, 2, 3, 4]),  # five rows: whole, as the example's targets
    (8, list(range(8))),  # up to WHOLE_ROWS: whole
    (9, [0, 1, 8])])  # longer: may break after row 1 and before the last two
def test_a_table_keeps_its_head_and_its_tail(tmp_path: Path, targets: int,
                                             kept: list[int]) -> None:
    result = mini(tmp_path, targets)
    doc = rendered(result, build_context(result, ReportOptions(date(2025, 6, 20))))
    table = target_table(doc)
    assert len(table.rows) == targets + 1
    assert all(cant_split(row) for row in table.rows)
    assert kept_rows(table) == kept
    # No row keeps only some of its paragraphs.
    for number, row in enumerate(table.rows):
        if number not in kept:
            assert not any(keeps_with_next(p) for cell in row.cells for p in cell.paragraphs)
    # The heading and the sentence that announce the table keep with it.
    texts = [p.text for p in doc.paragraphs]
    heading = doc.paragraphs[texts.index("3. Kết quả thực hiện các chỉ tiêu trọng tâm")]
    assert heading.style.paragraph_format.keep_with_next
    intro = doc.paragraphs[texts.index(heading.text) + 1]
    assert intro.text.startswith("Kết quả thực hiện các chỉ tiêu trọng tâm của")
    assert keeps_with_next(intro)
    assert (WHOLE_ROWS, TABLE_HEAD, TABLE_TAIL) == (8, 1, 2)


def test_keep_table_ends_together_leaves_existing_settings() -> None:
    row = ('<w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="A"/><w:keepNext/></w:pPr></w:p>'
           '<w:p w:rsidR="1"><w:pPr><w:jc w:val="left"/></w:pPr></w:p><w:p/><w:p>'
           '<w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>')
    table = f"<w:tbl><w:tblPr/>{row}{row}</w:tbl>"
    kept = keep_table_ends_together(f"<w:body>{table}</w:body>")
    first, second = kept.split("</w:tr>")[:2]
    assert first.count("<w:keepNext/>") == 3  # one was there; the empty <w:p/> is left
    assert '<w:pPr><w:pStyle w:val="A"/><w:keepNext/></w:pPr>' in first
    assert '<w:p w:rsidR="1"><w:pPr><w:keepNext/><w:jc w:val="left"/>' in first
    assert "<w:p><w:pPr><w:keepNext/></w:pPr><w:r>" in first
    assert second.count("<w:keepNext/>") == 1  # the last row: as it was
    assert keep_table_ends_together("<w:body><w:p/></w:body>") == "<w:body><w:p/></w:body>"
    one_row = f"<w:body><w:tbl>{row}</w:tbl></w:body>"
    assert keep_table_ends_together(one_row) is one_row


def test_a_table_of_few_but_tall_rows_keeps_only_its_ends() -> None:
    """Four data rows of nine lines each (200 characters in a 5 cm column at 12 pt) are more
    than a third of a page: kept whole they could leave the page before them half empty."""
    def row(text: str) -> str:
        return ('<w:tr><w:tc><w:tcPr><w:tcW w:w="2835" w:type="dxa"/></w:tcPr><w:p><w:r>'
                f'<w:t>{text}</w:t></w:r></w:p></w:tc></w:tr>')

    tall = "".join([row("STT"), *[row("x" * 200)] * 4])
    kept = keep_table_ends_together(f"<w:body><w:tbl>{tall}</w:tbl></w:body>")
    assert [part.count("<w:keepNext/>") for part in kept.split("</w:tr>")[:5]] == [
        1, 1, 0, 1, 0]
    # The same four rows of one line each: whole.
    short = "".join([row("STT"), *[row("x" * 20)] * 4])
    kept = keep_table_ends_together(f"<w:body><w:tbl>{short}</w:tbl></w:body>")
    assert [part.count("<w:keepNext/>") for part in kept.split("</w:tr>")[:5]] == [
        1, 1, 1, 1, 0]


def test_only_the_reports_own_section_is_touched() -> None:
    row = "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
    table = f"<w:tbl>{row * 3}</w:tbl>"
    intro = ('<w:p><w:pPr><w:pStyle w:val="BaoCaoDoanVan"/></w:pPr><w:r><w:t>Gồm:</w:t></w:r>'
             "</w:p>")
    section = "<w:p><w:pPr><w:sectPr/></w:pPr></w:p>"
    kept = keep_with_next(f"<w:body>{intro}{table}{section}{intro}{table}</w:body>")
    body, annex = kept.split("<w:sectPr/>")
    assert body.count("<w:keepNext/>") == 3  # the introduction and two rows of three
    assert "<w:keepNext/>" not in annex
    untouched = f"<w:body>{section}{table}</w:body>"
    assert keep_with_next(untouched) is untouched


def test_the_target_tables_columns_and_figures(tmp_path: Path) -> None:
    doc = rendered(example("9m"), build_context(example("9m"), ReportOptions(date(2024, 9, 15))))
    table = target_table(doc)
    widths = grid(table)
    # STT, Chỉ tiêu, Kế hoạch, Kết quả, Tỷ lệ, Đánh giá: 165 mm in all.
    assert [round(w / 567, 1) for w in widths] == [1.3, 5.0, 3.2, 3.2, 1.6, 2.2]
    row = [cell.text for cell in table.rows[2].cells]
    assert row[3] == f"42{NBSP}hoạt{NBSP}động của{NBSP}14{NBSP}đơn{NBSP}vị"
    assert [cell.text for cell in table.rows[4].cells][2] == f"Từ{NBSP}80%{NBSP}trở{NBSP}lên"


def test_figures_hold_short_phrases_together() -> None:
    assert figure("37 hoạt động của 14 đơn vị") == (
        f"37{NBSP}hoạt{NBSP}động của{NBSP}14{NBSP}đơn{NBSP}vị")
    assert figure("Từ 80% trở lên") == f"Từ{NBSP}80%{NBSP}trở{NBSP}lên"
    assert figure("93,3%") == "93,3%"
    # A phrase too long for one line of the column may still wrap.
    assert figure("115 lượt người tham dự") == "115 lượt người tham dự"
    assert figure("Chưa có số liệu") == "Chưa có số liệu"
    assert figure("1.250 lượt của 1.200 người tham dự") == (
        f"1.250{NBSP}lượt của 1.200 người tham dự")


# -------------------------------------------------------------------------- headings
def test_points_without_a_heading_get_their_first_clause_shortened() -> None:
    plan = check_workspace(REPO, REPO).years["2024"].plan
    assert plan is not None
    texts = {point.id: point.text for task in plan.tasks for point in task.points}
    # a) ends its first clause at a full stop (21 words: whole); b) has a 60-word first
    # sentence: cut at a comma or before a joining word within 20 words.
    assert short_heading(texts["2.a"]) == ("Tăng cường sự phối hợp chặt chẽ giữa các cơ quan, "
                                           "đơn vị và địa phương nhất là ở cơ sở")
    assert short_heading(texts["2.b"]) == "Triển khai nhân rộng việc tiếp nhận"
    assert short_heading(texts["3.a"]) == (
        "Tiếp tục đẩy mạnh phong trào thi đua “Dân vận khéo” trong hệ thống chính trị")
    assert short_heading("Công khai tài chính") == "Công khai tài chính"
    for point in texts.values():
        assert len(short_heading(point).split()) <= 25


def test_the_report_shows_the_plans_short_headings(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "plans/2025/plan.yaml": MINI_PLAN.replace(
            '      - id: "2.a"\n', '      - id: "2.a"\n        heading: Công khai\n'),
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
    })
    result = workspace_result(tmp_path, "6m")
    context = build_context(result, ReportOptions(date(2025, 6, 20)))
    assert context["areas"][1]["points"][0]["heading"] == "a) Công khai"
    point = next(p for p in rendered(result, context).paragraphs if p.text == "a) Công khai")
    assert point.style.name == "Heading 3"
    assert point.runs[0].italic and not point.runs[0].bold


def test_every_point_of_plan_294_has_a_short_heading() -> None:
    plan = check_workspace(REPO, REPO).years["2024"].plan
    assert plan is not None
    headings = {point.id: point.heading for task in plan.tasks for point in task.points}
    assert list(headings) == ["2.a", "2.b", "2.c", "2.d", "2.đ", "3.a", "3.b", "3.c"]
    for heading in headings.values():
        assert heading is not None and 5 <= len(heading.split()) <= 20, heading


# --------------------------------------------------------------------- what is printed
@pytest.mark.parametrize("period", ["6m", "9m", "12m"])
def test_the_criteria_set_is_cited_by_printable_data_only(period: str) -> None:
    context = build_context(example(period), ReportOptions(date(2024, 12, 15)))
    text = "\n".join(strings(context))
    for unprintable in ("ví dụ", "Tây Ninh", "1563"):
        assert unprintable not in text, unprintable
    if period == "12m":
        assert text.count("theo Hướng dẫn số 02/HD-VP ngày 26/6/2024 của Văn phòng UBND "
                          "tỉnh") == 2  # the sentence of part II and the annex's note


def test_year_ranges_take_an_en_dash_and_nothing_else_does() -> None:
    assert year_ranges({"a": ["giai đoạn 2021-2030.", "(2015-2018)"]}) == {
        "a": ["giai đoạn 2021–2030.", "(2015–2018)"]}
    for kept in ("2024-06-26", "Nghị quyết số 25-NQ/TW", "vi-du-1563-2022", "12/KH-2021-2030",
                 "kinh tế - xã hội", "1999-99"):
        assert year_ranges(kept) == kept


def test_the_report_writes_year_ranges_with_an_en_dash(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "plans/2025/plan.yaml": MINI_PLAN.replace(
            "title: Tuyên truyền, phổ biến", "title: Tuyên truyền giai đoạn 2021-2030"),
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
    })
    context = build_context(workspace_result(tmp_path, "6m"), ReportOptions(date(2025, 6, 20)))
    assert context["areas"][0]["heading"] == "1. Tuyên truyền giai đoạn 2021–2030"
    assert "2021-2030" not in "\n".join(strings(context))


def test_phu_luc_i_has_short_column_titles_and_a_repeated_header() -> None:
    result = example("12m")
    doc = rendered(result, build_context(result, ReportOptions(date(2024, 12, 15))))
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị")
    # The plan's `short:` where the label is long; the label where it is short already.
    assert [c.text for c in table.rows[0].cells] == [
        "STT", "Đơn vị", "Tình hình gửi báo cáo", "Quán triệt Kế hoạch", "Triển khai đầy đủ",
        "Đạt tiêu chí “Dân vận khéo”", "Thực hiện quy chế dân chủ",
        "Tổng số CCVC và người lao động", "Số người được quán triệt", "Số hoạt động trong năm"]
    assert max(len(c.text.split()) for c in table.rows[0].cells) <= 7
    header = table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert header is not None  # repeated on each page
    assert all(cant_split(row) for row in table.rows)
    widths = grid(table)
    assert sum(widths) == pytest.approx(Cm(25.2).twips, abs=12)
    number, name, status, *indicators, activities = widths
    assert len(indicators) == 6 and max(indicators) - min(indicators) <= 1
    assert number < activities < min(indicators) < status < name
    # Every column of figures is at least 2,3 cm: a title of seven words takes four lines.
    assert min(indicators) >= Cm(2.3).twips


def test_phu_luc_ii_sized_to_its_content() -> None:
    result = example("12m")
    doc = rendered(result, build_context(result, ReportOptions(date(2024, 12, 15))))
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT", "Đơn vị", "Tự chấm", "Thẩm định", "Điểm cuối cùng", "Xếp loại"]
    assert [row.cells[0].text for row in table.rows[1:]] == [str(n) for n in range(1, 16)]
    widths = grid(table)
    assert sum(widths) == pytest.approx(Cm(25.2).twips, abs=6)
    number, name, *figures = widths
    assert number < Cm(1.6).twips and name > Cm(8).twips
    assert max(figures) - min(figures) <= 1 and number < min(figures) < name
    assert all(cant_split(row) for row in table.rows)
    title = next(p for p in doc.paragraphs if p.text.startswith("Kết quả chấm điểm"))
    assert title.text == "Kết quả chấm điểm, xếp loại công tác Dân vận chính quyền năm 2024"


def test_the_signing_block_leaves_no_blank_page_and_nơi_nhận_room() -> None:
    doc = Document(io.BytesIO(TEMPLATE))
    body = doc.element.body
    # The paragraph that ends the body's section: 1 pt, no spacing.
    [end] = [p for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
             is not None]
    spacing = end.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert (spacing.get(qn("w:before")), spacing.get(qn("w:after")), spacing.get(qn("w:line")),
            spacing.get(qn("w:lineRule"))) == ("0", "0", "20", "exact")
    assert end.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val")) == "2"
    signing = end.getprevious()
    assert signing.tag == qn("w:tbl")
    widths = [int(c.get(qn("w:w"))) for c in signing.find(qn("w:tblGrid"))]
    assert widths == pytest.approx([Cm(9.0).twips, Cm(7.5).twips], abs=1)


# ----------------------------------------------------------------- PDFs, page by page
def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext ends each page with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode()
    return text.split("\f")[:-1]


def to_pdf(folder: Path, files: list[Path]) -> None:
    """All the .docx files to PDF in one LibreOffice run, with a private profile."""
    assert shutil.which("soffice"), "LibreOffice is needed: .ci/run installs it"
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                    str(folder), *map(str, files)], capture_output=True, check=True,
                   timeout=600)


def bare(page: str) -> str:
    """A page's text without its page number."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    if lines and lines[0].isdigit():
        lines = lines[1:]
    return " ".join(lines)


def sweep(tmp_path: Path, targets: int, variants: dict[str, dict[str, list[str]]],
          long_names: bool = False) -> dict[str, list[str]]:
    """The report of MINI_PLAN with each variant's lists in place of the context's, as PDF:
    each variant's pages, text without page numbers. `long_names`: target names of three
    to four lines in the table's column."""
    result = mini(tmp_path / "ws", targets, long_names)
    base = build_context(result, ReportOptions(date(2025, 6, 20)))
    properties = document_properties(result, ReportOptions(date(2025, 6, 20)))
    files = []
    for name, lists in variants.items():
        context = copy.deepcopy(base)
        context.update(lists)
        path = tmp_path / f"{name}.docx"
        path.write_bytes(render(TEMPLATE, context, properties))
        files.append(path)
    to_pdf(tmp_path, files)
    return {path.stem: [bare(page) for page in pdf_pages(path.with_suffix(".pdf"))]
            for path in files}


# The body's text area: A4 portrait less the top and bottom margins of 20 mm, in points.
TEXT_TOP, TEXT_BOTTOM = 56.7, 841.9 - 56.7


def page_fills(pdf: Path) -> list[float | None]:
    """How far down each portrait page its text goes, from 0 (the top margin) to 1 (the
    bottom margin); None for a landscape (annex) page. The page number, above the top
    margin, does not count."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         check=True).stdout.decode()
    fills: list[float | None] = []
    for page in out.split("<page ")[1:]:
        width, height = (float(v) for v in re.findall(r'(?:width|height)="([\d.]+)"',
                                                      page)[:2])
        words = [float(bottom) for top, bottom in
                 re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                            r'yMax="([\d.]+)"', page) if float(top) > TEXT_TOP - 3]
        fills.append(None if width > height else
                     (max(words, default=TEXT_TOP) - TEXT_TOP) / (TEXT_BOTTOM - TEXT_TOP))
    return fills


def half_empty_pages(pdf: Path) -> list[tuple[int, float]]:
    """The pages of the body but its last (the signature's) whose text stops more than a
    third of the page above the bottom margin: (page number, fill)."""
    fills = page_fills(pdf)
    body = [(number, fill) for number, fill in enumerate(fills, 1) if fill is not None]
    return [(number, round(fill, 2)) for number, fill in body[:-1] if fill < 2 / 3]


TABLE_ROW = re.compile(r"^ +(\d) +(?:QCDC tốt +)?(?:Từ 75% trở lên|Trên 50%) +02/03 đơn vị",
                       re.M)


def test_a_table_starts_where_its_heading_fits_and_never_splits_a_row(tmp_path: Path) -> None:
    """One line more before the targets table each time, so that the table (its header and
    six rows of four lines but the last) crosses the foot of a page at every place: its
    heading starts with the header and the first row, its last two rows stay together, the
    header repeats on the next page, and no page before it is left more than a third empty."""
    line = "Tổ chức quán triệt kế hoạch đến từng phòng."
    pages = sweep(tmp_path, 6, {f"v{lines:02d}": {"leadership": [line] * lines}
                                for lines in range(34)}, long_names=True)
    splits = set()
    for name, body in pages.items():
        [first] = [n for n, text in enumerate(body) if "3. Kết quả thực hiện các chỉ tiêu"
                   in text]
        # Each row's number is on the line of its plan and result figures.
        rows: dict[str, list[int]] = {}
        raw = pdf_pages(tmp_path / f"{name}.pdf")
        for page, text in enumerate(raw):
            for number in TABLE_ROW.findall(text):
                rows.setdefault(number, []).append(page)
        assert list(rows) == ["1", "2", "3", "4", "5", "6"], (name, rows)
        assert all(len(found) == 1 for found in rows.values()), (name, rows)
        on = [found[0] for found in rows.values()]
        assert on[0] == first, (name, on)
        assert on[-2] == on[-1], (name, on)
        for page in set(on):
            assert len(re.findall(r"STT +Chỉ tiêu", raw[page])) == 1, (name, page)
        splits.add(len(set(on)) > 1)
        assert half_empty_pages(tmp_path / f"{name}.pdf") == [], name
    assert splits == {False, True}  # the table did cross pages, and was whole elsewhere


EMPTY = {key: [] for key in ("leadership", "areas", "targets_notes", "strengths",
                             "shortcomings", "causes", "next_tasks")}


def test_no_blank_page_wherever_the_signing_block_ends(tmp_path: Path) -> None:
    """The signing block ends at every height of a page, 6 pt apart or less: one-line
    proposals (one line and a paragraph's spacing) and a paragraph of 0 to 3 extra lines.
    No page is left with nothing but its number, nor more than a third empty before it."""
    def proposals(items: int, extra_lines: int) -> dict[str, list[str]]:
        return {**EMPTY, "proposals": ["Đề nghị một việc."] * items
                + ["Đề nghị." + "\nVà." * extra_lines]}

    first = sweep(tmp_path / "first", 2, {f"p{items:02d}": proposals(items, 0)
                                          for items in range(36)})
    assert all(all(body) for body in first.values())
    # Where the signing block goes over to the next page, each finer step.
    counts = [len(first[f"p{items:02d}"]) for items in range(36)]
    turn = next(items for items in range(1, 36) if counts[items] > counts[items - 1])
    finer = sweep(tmp_path / "finer", 2, {
        f"p{items:02d}-{extra}": proposals(items, extra)
        for items in range(max(turn - 3, 0), turn + 1) for extra in (1, 2, 3)})
    for name, body in finer.items():
        assert all(body), (name, [n for n, text in enumerate(body, 1) if not text])
    # Where the closing and the signing block go over to a page of their own, the page they
    # leave is still at least two thirds full.
    for folder, variants in (("first", first), ("finer", finer)):
        for name in variants:
            assert half_empty_pages(tmp_path / folder / f"{name}.pdf") == [], name


def test_a_heading_longer_than_a_heading_is_an_error_at_its_place(tmp_path: Path) -> None:
    long = " ".join(["Công khai"] * 11)  # 22 words
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN.replace(
        '      - id: "2.a"\n', f'      - id: "2.a"\n        heading: {long}\n')})
    found = [(p.path, p.line, p.column, p.code, p.message)
             for p in check_workspace(tmp_path, tmp_path).problems]
    assert found == [("plans/2025/plan.yaml", 35, 18, "value-invalid",
                      'the heading of point "2.a" has 22 words: write a short heading of at '
                      "most 20 words on one line; the point's full text stays in 'text'")]
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN.replace(
        '      - id: "2.a"\n', '      - id: "2.a"\n        heading: |\n          Công\n'
                              '          khai\n')})
    assert [(p.line, p.code) for p in check_workspace(tmp_path, tmp_path).problems] == [
        (35, "value-invalid")]
