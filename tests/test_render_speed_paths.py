"""The fast path of `render`: the body stays text from jinja2 to the .docx (`docx_text`).

At province scale the body is not parsed into lxml any more: its tables are fitted on the
text (`fit_tables_text`, mirroring docxtpl's `fix_tables` and `render._fit_tables`), picture
ids are renumbered on the text, and the text goes into the zip. Well-formedness is either
guaranteed by the template's structure (`structure_safe`) or checked by lxml. Whatever
the text path cannot follow goes the old lxml way. These tests hold the text path to the
lxml path: same bytes, or the same XML (C14N) where only the spelling of escapes differs.
"""

from __future__ import annotations

import gc
import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from conftest import REPO, template_with
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from dvcq_cli import attain, docx_text, render
from dvcq_cli.check import check_workspace
from dvcq_cli.commands.report_command import packaged_template
from dvcq_cli.report import ReportOptions, build_context, document_properties

OPTIONS = ReportOptions(date(2024, 9, 15))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


@pytest.fixture(scope="module")
def result() -> attain.PeriodResult:
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    return attain.evaluate(data.plan, "9m", data.assessments["9m"])


def both_paths(monkeypatch: pytest.MonkeyPatch, template: bytes, context: dict[str, Any],
               properties: Any) -> tuple[bytes, bytes, list[str]]:
    """(text path, lxml path, how the text path went: 'text' or 'lxml')."""
    taken: list[str] = []
    fast_body = docx_text.fast_body

    def spy(xml: str, trusted: bool = False) -> bytes | None:
        body = fast_body(xml, trusted)
        taken.append("lxml" if body is None else "text")
        return body

    with monkeypatch.context() as patch:
        patch.setattr(render, "fast_body", spy)
        fast = render.render(template, context, properties)
    with monkeypatch.context() as patch:
        patch.setattr(render, "fast_body", lambda xml, trusted=False: None)
        slow = render.render(template, context, properties)
    return fast, slow, taken


def entries(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n2")


def same_document(fast: bytes, slow: bytes) -> None:
    """Every part byte for byte, but document.xml, which must be the same XML."""
    a, b = entries(fast), entries(slow)
    assert list(a) == list(b)
    for name in a:
        if name != "word/document.xml":
            assert a[name] == b[name], name
    assert canonical(a["word/document.xml"]) == canonical(b["word/document.xml"])


# ------------------------------------------------------------------ whole reports
def test_the_packaged_template_takes_the_text_path_with_the_same_bytes(
        monkeypatch: pytest.MonkeyPatch, result: attain.PeriodResult) -> None:
    context = build_context(result, OPTIONS)
    fast, slow, taken = both_paths(monkeypatch, packaged_template(), context,
                                   document_properties(result, OPTIONS))
    assert taken == ["text"]
    assert fast == slow


def test_a_long_annex_with_awkward_text_is_the_same_xml(
        monkeypatch: pytest.MonkeyPatch, result: attain.PeriodResult) -> None:
    context = build_context(result, OPTIONS)
    first = context["annex_rows"][0]
    names = ["A & B <b>đậm</b>", "“nháy” 'đơn' \"kép\"", "", "{{ x }} {%tr endfor %}", "x" * 300]
    context["annex_rows"] = [dict(first, number=str(n + 1), name=names[n % len(names)],
                                  cells=[*first["cells"][:-1], names[(n + 2) % len(names)]])
                             for n in range(400)]
    fast, slow, taken = both_paths(monkeypatch, packaged_template(), context,
                                   document_properties(result, OPTIONS))
    assert taken == ["text"]
    same_document(fast, slow)
    xml = entries(fast)["word/document.xml"].decode()
    assert xml.count("<w:tr>") == entries(slow)["word/document.xml"].decode().count("<w:tr>")
    # jinja2 escapes quotes as character references, lxml writes them as they are
    assert "&#34;kép&#34;" in xml and "&#34;" not in entries(slow)["word/document.xml"].decode()


def test_line_breaks_in_a_value_go_through_the_lxml_check(
        monkeypatch: pytest.MonkeyPatch, result: attain.PeriodResult) -> None:
    context = build_context(result, OPTIONS)
    context["annex_rows"][0]["name"] = "Dòng một\nDòng hai"
    checked: list[bool] = []
    well_formed = docx_text.well_formed
    monkeypatch.setattr(docx_text, "well_formed",
                        lambda data: checked.append(True) or well_formed(data))
    fast, slow, taken = both_paths(monkeypatch, packaged_template(), context,
                                   document_properties(result, OPTIONS))
    assert taken == ["text"] and checked == [True]
    same_document(fast, slow)
    assert "Dòng một</w:t><w:br/><w:t xml:space=\"preserve\">Dòng hai" in (
        entries(fast)["word/document.xml"].decode())


def test_markup_that_breaks_the_xml_is_left_to_lxml_to_recover(
        monkeypatch: pytest.MonkeyPatch, result: attain.PeriodResult) -> None:
    context = build_context(result, OPTIONS)
    context["subject"] = "<w:r><w:t>mở"  # |safe lets it through unescaped
    template = template_with("{{ subject|safe }}")
    fast, slow, taken = both_paths(monkeypatch, template, context,
                                   document_properties(result, OPTIONS))
    assert taken == ["lxml"]
    assert fast == slow


def test_markup_that_keeps_the_xml_well_formed_is_checked_then_taken(
        monkeypatch: pytest.MonkeyPatch, result: attain.PeriodResult) -> None:
    context = build_context(result, OPTIONS)
    template = template_with("{{ subject|safe }}")
    fast, slow, taken = both_paths(monkeypatch, template, context,
                                   document_properties(result, OPTIONS))
    assert taken == ["text"]
    same_document(fast, slow)


def test_a_control_character_in_a_value_is_left_to_lxml(
        monkeypatch: pytest.MonkeyPatch, result: attain.PeriodResult) -> None:
    context = build_context(result, OPTIONS)
    context["annex_rows"][0]["name"] = "Tên\x0bđơn vị"
    fast, slow, taken = both_paths(monkeypatch, packaged_template(), context,
                                   document_properties(result, OPTIONS))
    assert taken == ["lxml"]
    assert fast == slow


def test_the_collector_is_back_on_after_a_report_and_after_a_broken_template(
        result: attain.PeriodResult) -> None:
    context = build_context(result, OPTIONS)
    properties = document_properties(result, OPTIONS)
    render.render(packaged_template(), context, properties)
    assert gc.isenabled()
    with pytest.raises(render.TemplateProblem):
        render.render(template_with("{{ nothing_here }}"), context, properties)
    assert gc.isenabled()


def test_an_error_still_names_its_paragraph_without_the_line_breaks(
        result: attain.PeriodResult) -> None:
    """The template is filled without docxtpl's line breaks; an error fills it again with
    them, so that the message names the paragraph (line) at fault."""
    context = build_context(result, OPTIONS)
    with pytest.raises(render.TemplateProblem) as raised:
        render.render(template_with("Mở đầu", "Kết quả: {{ 1 / 0 }}", "Kết thúc"), context,
                      document_properties(result, OPTIONS))
    assert str(raised.value) == ("the template could not be filled in the paragraph "
                                 "“Kết quả: {{ 1 / 0 }}”: ZeroDivisionError: division by zero")


# ------------------------------------------------------------------ the structure check
BODY = f'<w:body xmlns:w="{W}">'


def structure_safe(source: str) -> bool:
    return docx_text.structure_safe(source, render._environment())



@pytest.mark.parametrize(("inner", "safe"), [
    ("<w:p><w:r><w:t>{{ a }}</w:t></w:r></w:p>", True),
    ("<w:p>{% for x in y %}<w:r><w:t>{{ x }}</w:t></w:r>{% endfor %}</w:p>", True),
    ("<w:p>{% if x %}</w:p><w:p>{% elif z %}</w:p><w:p>{% else %}</w:p><w:p>{% endif %}</w:p>",
     True),
    ("{% for x in y %}<w:p/>{% else %}<w:p/>{% endfor %}{% set n = 1 %}", True),
    ("<w:p><w:r><w:t>{{ a|upper }} {{ b ~ c }} {{ '%s' % d }}</w:t></w:r></w:p>", True),
    ("<w:p>{% if x %}</w:p><w:tbl>{% endif %}</w:tbl>", False),  # other elements open
    ("<w:p>{% for x in y %}<w:r>{% endfor %}</w:r></w:p>", False),
    ('<w:p w:rsidR="{{ a }}"/>', False),  # inside a tag
    ("<w:p><w:r><w:t>{{ a|safe }}</w:t></w:r></w:p>", False),
    ("<w:p><w:r><w:t>{{ a|e }}</w:t></w:r></w:p>", False),
    ("<w:p><w:r><w:t>{{ a|map('safe')|join }}</w:t></w:r></w:p>", False),
    ("<w:p><w:r><w:t>{{ lipsum() }}</w:t></w:r></w:p>", False),
    ("{% for x in y recursive %}<w:p/>{% endfor %}", False),
    ("{% macro m() %}<w:p/>{% endmacro %}", False),
    ("{% set x %}<w:p/>{% endset %}", False),
    ("{% with x = 1 %}<w:p/>{% endwith %}", False),
    ("<!-- note --><w:p/>", False),
    ("{% for x in y %}<w:p/>", False),  # never closed
    ("<w:p>{% endif %}</w:p>", False),
])
def test_structure_safe(inner: str, safe: bool) -> None:
    assert structure_safe(BODY + inner + "</w:body>") is safe


def test_nothing_may_follow_the_body() -> None:
    assert structure_safe(BODY + "<w:p/></w:body>") is True
    assert structure_safe(BODY + "<w:p/></w:body>{{ a }}") is False
    assert structure_safe(BODY + "<w:p/></w:body><w:p/>") is False


def test_plain_values() -> None:
    from markupsafe import Markup

    assert docx_text.plain_values({"a": ["x", 1, 2.5, True, None, ("y",)], "b": {"c": "d"}})
    assert not docx_text.plain_values({"a": [{"b": Markup("<w:p/>")}]})
    assert not docx_text.plain_values({"a": object()})


# ------------------------------------------------------------------ tables on the text
def lxml_fit(body: str) -> bytes:
    """The lxml path: docxtpl's fix_tables, then `_fit_tables`."""
    tree = DocxTemplate.fix_tables(None, body)
    render._fit_tables(tree)
    return etree.tostring(tree)


def cell(width: str | None, span: str | None = None, text: str = "x") -> str:
    props = "" if width is None else f'<w:tcW w:type="dxa" w:w="{width}"/>'
    if span is not None:
        props += f'<w:gridSpan w:val="{span}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def table(rows: list[list[str]], grid: list[str | None], width: str | None = "9000",
          kind: str = "dxa") -> str:
    head = "" if width is None else f'<w:tblW w:type="{kind}" w:w="{width}"/>'
    cols = "".join("<w:gridCol/>" if w is None else f'<w:gridCol w:w="{w}"/>' for w in grid)
    body = "".join("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(r) + "</w:tr>"
                   for r in rows)
    return f"<w:tbl><w:tblPr>{head}</w:tblPr><w:tblGrid>{cols}</w:tblGrid>{body}</w:tbl>"


def text_fit(body: str) -> bytes | None:
    try:
        return docx_text.fit_tables_text(body.encode())
    except docx_text.Unusual:
        return None


def test_a_repeated_row_wider_than_the_grid_is_fitted_on_the_text() -> None:
    rows = [[cell("850"), cell("3175")] + [cell("1474")] * 6 + [cell("1247")]] * 30
    body = BODY + "<w:p/>" + table(rows, ["850", "3175", "1474", "1247"], "14287") + "</w:body>"
    fitted = text_fit(body)
    assert fitted is not None
    assert canonical(fitted) == canonical(lxml_fit(body))
    widths = [int(w) for w in re.findall(rb'<w:gridCol w:w="(\d+)"/>', fitted)]
    # 14,287 twips shared in the proportions 850 : 3175 : 1474 (six times) : 1247
    assert widths == [860, 3213, 1491, 1491, 1491, 1491, 1491, 1491, 1268]
    assert fitted.count(b'<w:tcW w:type="dxa" w:w="1491"/>') == 6 * 30


@pytest.mark.parametrize("body", [
    table([[cell("100")], [cell("100")]], ["100"]).replace(
        "</w:tr><w:tr>", "</w:tr><w:bookmarkStart/><w:tr>", 1),
    table([[cell("100"), cell("100")]], ["100"]).replace(
        "<w:tc>", "<w:sdt><w:sdtContent><w:tc>", 1).replace(
        "</w:tc>", "</w:tc></w:sdtContent></w:sdt>", 1),
    table([[cell("100")]], ["100"]).replace("<w:p>", table([[cell("5")]], ["5"]) + "<w:p>", 1),
    table([[cell("100")]], ["100"], None).replace(  # an outer table that needs no change
        "<w:p>", table([[cell("5")]], ["5"], None) + "<w:p>", 1),
    table([[cell(None), cell("100")]], ["100"]).replace("<w:tc><w:tcPr></w:tcPr>", "<w:tc>", 1),
    table([[cell("100"), cell("100")]], ["100"]).replace("</w:tc>", "</w:tc><w:tc/>", 1),
    table([[cell("100")]], ["100"]).replace("</w:tcPr>", "<w:tcPrChange/></w:tcPr>", 1),
    table([[cell("100", span="x")]], ["100"]),
])
def test_what_the_text_path_does_not_follow_goes_to_lxml(body: str) -> None:
    assert text_fit(BODY + body + "</w:body>") is None


WIDTHS = st.sampled_from(["900", "1500", "2000", "17", "0", "-5", "abc", None])


@st.composite
def tables(draw: st.DrawFn) -> str:
    grid = draw(st.lists(st.sampled_from(["1000", "2500", "0", "40", None]), max_size=5))
    rows = draw(st.lists(st.lists(
        st.builds(cell, WIDTHS, st.sampled_from([None, None, None, "2", "3"]),
                  st.sampled_from(["x", "", "&amp; &lt;"])),
        max_size=6), max_size=6))
    kind = draw(st.sampled_from(["dxa", "dxa", "pct", "auto"]))
    width = draw(st.sampled_from(["9000", "14287", "0", "x", None]))
    return table(rows, grid, width, kind)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.lists(tables(), min_size=1, max_size=3))
def test_tables_fitted_on_the_text_are_the_tables_lxml_fits(generated: list[str]) -> None:
    body = BODY + "<w:p/>".join(generated) + "<w:p/></w:body>"
    try:
        expected = lxml_fit(body)
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        assert text_fit(body) is None  # docxtpl fails on it: the lxml path must say so
        return
    fitted = text_fit(body)
    if fitted is not None:
        assert canonical(fitted) == canonical(expected)


def test_most_generated_tables_take_the_text_path() -> None:
    rows = [[cell("900"), cell("1500", span="2")], [cell("900"), cell(None), cell("2000")]]
    for body in (table(rows, ["1000", "2500"]), table(rows, ["1000"] * 5, None),
                 table(rows, ["1000", "1000", "1000"], "50", "pct"), table([], ["1000"])):
        full = BODY + body + "</w:body>"
        fitted = text_fit(full)
        assert fitted is not None, body
        assert canonical(fitted) == canonical(lxml_fit(full))


# ------------------------------------------------------------------ pictures, zip
def test_picture_ids_are_renumbered_on_the_text_as_docxtpl_does() -> None:
    body = (f'<w:body xmlns:w="{W}" xmlns:wp="{WP}"><w:p><w:r><w:drawing><wp:inline>'
            '<wp:docPr id="5" name="a"/></wp:inline></w:drawing></w:r></w:p><w:p><w:r>'
            '<w:drawing><wp:anchor><wp:docPr name="b" id="1" descr="c"></wp:docPr>'
            "</wp:anchor></w:drawing></w:r></w:p></w:body>")
    assert docx_text.docpr_ok(body.encode(), body.encode()[:body.index(">") + 1])

    class Numbering:
        docx_ids_index = 1000

    text = docx_text.TextBody(body.encode())
    render._template_class().fix_docpr_ids(Numbering(), text)
    tree = etree.fromstring(body.encode())
    DocxTemplate.fix_docpr_ids(Numbering(), tree)
    assert canonical(text.xml) == canonical(etree.tostring(tree))
    assert re.findall(rb'id="(\d+)"', text.xml) == [b"1001", b"1002"]


def test_zip_entries_written_in_pieces_are_the_same_bytes() -> None:
    data = packaged_template()
    name = "word/document.xml"
    content = zipfile.ZipFile(io.BytesIO(data)).read(name)
    pieces = [content[:100], memoryview(content)[100:5000], content[5000:]]
    when = date(2024, 9, 15)
    by_pieces = render.normalise_zip(data, when, {name: pieces})
    assert by_pieces == render.normalise_zip(data, when)
    assert by_pieces == render.normalise_zip(data, when, {name: [content]})


def test_the_package_is_zipped_once_with_the_bytes_saving_gave(
        monkeypatch: pytest.MonkeyPatch, result: attain.PeriodResult) -> None:
    """The entries come from python-docx's writer, compressed once; saving the document and
    normalising the zip, as before, gives the same bytes. Should python-docx's writer
    change, the entries are read back from a save."""
    from docx import Document

    document = Document(io.BytesIO(render.render(
        packaged_template(), build_context(result, OPTIONS), document_properties(result, OPTIONS))))
    when = date(2024, 9, 15)
    direct = render._zip(render._package_files(document), when)
    saved = io.BytesIO()
    document.save(saved)
    assert direct == render.normalise_zip(saved.getvalue(), when)
    monkeypatch.setattr(render, "_docx_writer", lambda: type("PackageWriter", (), {}))
    assert render._zip(render._package_files(document), when) == direct
