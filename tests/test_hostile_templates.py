"""`dvcq report` with a workspace template that is hostile or broken.

A workspace brings its own Word template, so the template is untrusted: it is rendered in
jinja2's sandbox, and whatever goes wrong ends in one line that names the tag and where it
is in Word (paragraph, table cell, a `{%p …%}` paragraph tag, the document's properties),
with exit code 1 and no file written. Templates are built here from the packaged one.
"""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, snapshot_files
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from dvcq_cli import attain, render
from dvcq_cli.check import check_workspace
from dvcq_cli.cli import app
from dvcq_cli.commands.report_command import packaged_template
from dvcq_cli.report import ReportOptions, build_context, document_properties

runner = CliRunner()
OWN = Path("templates/bao-cao-dan-van-chinh-quyen.docx")
REPORT = Path("reports/2024-9m-bao-cao-dan-van-chinh-quyen.docx")
SUBJECT = "Kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm 2024"
PREFIX = f"Error: {OWN.as_posix()}: "


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    (tmp_path / OWN).parent.mkdir()
    return tmp_path


def save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def packaged() -> Any:
    return Document(io.BytesIO(packaged_template()))


def with_paragraphs(*texts: str, first: bool = False) -> bytes:
    """The packaged template with paragraphs added at the end of the body, or (first=True)
    at its very beginning, before every tag of the template."""
    document = packaged()
    body = document.element.body
    for index, text in enumerate(texts):
        paragraph = document.add_paragraph(text)
        if first:
            body.remove(paragraph._p)
            body.insert(index, paragraph._p)
    return save(document)


def with_table(*cells: str) -> bytes:
    document = packaged()
    table = document.add_table(rows=1, cols=len(cells))
    for cell, text in zip(table.rows[0].cells, cells, strict=True):
        cell.text = text
    return save(document)


def with_split_runs(*pieces: str, proof_errors: bool = False) -> bytes:
    """A paragraph whose text is `pieces`, each in its own run with its own formatting, as
    Word writes a tag typed in several goes (optionally with spell-check marks between)."""
    document = packaged()
    paragraph = document.add_paragraph("Trích yếu: ")
    for index, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        run.bold = index == 0
        run.italic = index == 1
        run.underline = index == 2
        if proof_errors:
            mark = paragraph._p.makeelement(qn("w:proofErr"), {qn("w:type"): "spellStart"})
            run._r.addprevious(mark)
    return save(document)


def report(folder: Path, monkeypatch: pytest.MonkeyPatch, template: bytes | None = None
           ) -> Any:
    if template is not None:
        (folder / OWN).write_bytes(template)
    monkeypatch.chdir(folder)
    return runner.invoke(app, ["report", "-p", "9m"])


def refused(folder: Path, monkeypatch: pytest.MonkeyPatch, template: bytes) -> str:
    """Run the report with this template; it must fail cleanly: exit 1, one line on stderr,
    nothing on stdout, no file written or changed. Returns the line without the prefix."""
    (folder / OWN).write_bytes(template)
    before = snapshot_files(folder)
    result = report(folder, monkeypatch)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "jinja2" not in result.stderr
    assert snapshot_files(folder) == before
    assert not (folder / "reports").exists()
    assert lines[0].startswith(PREFIX), lines[0]
    return lines[0][len(PREFIX):]


# ------------------------------------------------------------------------------ sandbox
NOT_ALLOWED = "the template tries something that is not allowed"


@pytest.mark.parametrize(("tag", "why"), [
    ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe."),
    ("{{ subject.__class__ }}", "access to attribute '__class__' of 'str' object is unsafe."),
    ("{{ cycler.__init__.__globals__ }}",
     "access to attribute '__init__' of 'type' object is unsafe."),
    ("{{ lipsum.__globals__['os'] }}",
     "access to attribute '__globals__' of 'function' object is unsafe."),
    ("{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
     "access to attribute '__class__' of 'tuple' object is unsafe."),
    ("{{ subject|attr('__class__') }}",
     "access to attribute '__class__' of 'str' object is unsafe."),
    ("{{ '{0.__class__.__init__.__globals__}'.format(subject) }}",
     "access to attribute '__init__' of 'StrictUndefined' object is unsafe."),
    ("{% for a in areas %}{{ loop._iterator }}{% endfor %}",
     "access to attribute '_iterator' of 'LoopContext' object is unsafe."),
    ("{{ self._TemplateReference__context }}",
     "access to attribute '_TemplateReference__context' of 'TemplateReference' object is "
     "unsafe."),
])
def test_python_internals_are_refused(example: Path, monkeypatch: pytest.MonkeyPatch,
                                      tag: str, why: str) -> None:
    line = refused(example, monkeypatch, with_paragraphs(f"Ghi chú: {tag}"))
    assert line == f"{NOT_ALLOWED} in the paragraph “Ghi chú: {tag}”: {why}"


def test_a_private_name_that_does_not_exist_is_an_unknown_name(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = refused(example, monkeypatch, with_paragraphs("{{ subject._secret }}"))
    assert line == ("the template uses '_secret', which the report does not provide in the "
                    "paragraph “{{ subject._secret }}”")


@pytest.mark.parametrize(("tag", "expected"), [
    ("{% include 'plans/2024/plan.yaml' %}",
     "the template could not be filled in the paragraph “{% include 'plans/2024/plan.yaml' %}”: "
     "TypeError: no loader for this environment specified"),
    ("{% extends '/etc/passwd' %}",
     "the template could not be filled in the paragraph “{% extends '/etc/passwd' %}”: "
     "TypeError: no loader for this environment specified"),
    ("{{ range(10**9)|list }}",
     "the template could not be filled in the paragraph “{{ range(10**9)|list }}”: "
     "OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000)."),
])
def test_files_and_huge_loops_are_out_of_reach(example: Path, monkeypatch: pytest.MonkeyPatch,
                                               tag: str, expected: str) -> None:
    assert refused(example, monkeypatch, with_paragraphs(tag)) == expected


# ------------------------------------------------------------------------------ split tags
@pytest.mark.parametrize("pieces", [
    ("{{ sub", "ject", " }}"),
    ("{", "{ subject }", "}"),
    ("{{", " subject ", "}}"),
])
def test_a_tag_word_split_across_runs_is_rendered(example: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  pieces: tuple[str, ...]) -> None:
    for proof_errors in (False, True):
        result = report(example, monkeypatch, with_split_runs(*pieces,
                                                              proof_errors=proof_errors))
        assert result.exit_code == 0, result.output
        document = Document(io.BytesIO((example / REPORT).read_bytes()))
        paragraph = next(p for p in document.paragraphs if p.text.startswith("Trích yếu: "))
        assert paragraph.text == f"Trích yếu: {SUBJECT}"
        filled = [run for run in paragraph.runs if SUBJECT in run.text]
        assert len(filled) == 1 and filled[0].bold  # the format of the tag's first run


def test_a_broken_tag_split_across_runs_names_the_whole_tag(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = refused(example, monkeypatch, with_split_runs("{{ sub", "ject |", " }}"))
    assert line == ("the template has a broken tag in the paragraph “Trích yếu: {{ subject | }}”"
                    ": expected token 'name', got 'end of print statement'")


# ------------------------------------------------------------------------------ unknown names
def test_an_unknown_name_in_a_table_cell_names_the_cell(example: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    line = refused(example, monkeypatch, with_table("Kính gửi", "{{ kinh_gui }}"))
    assert line == ("the template uses 'kinh_gui', which the report does not provide in the "
                    "table cell “{{ kinh_gui }}”")


def test_an_unknown_name_inside_a_paragraph_loop(example: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    template = with_paragraphs("{%p for area in areas %}", "Lĩnh vực {{ area.tieu_de }}",
                               "{%p endfor %}")
    line = refused(example, monkeypatch, template)
    assert line == ("the template uses 'tieu_de', which the report does not provide in the "
                    "paragraph “Lĩnh vực {{ area.tieu_de }}”")


def test_an_unknown_name_in_the_document_properties(example: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    document = packaged()
    document.core_properties.title = "Báo cáo {{ nam }}"
    line = refused(example, monkeypatch, save(document))
    assert line == ("the template uses 'nam', which the report does not provide in the "
                    "document's properties (title, subject, author…)")


# ------------------------------------------------------------------------------ syntax errors
@pytest.mark.parametrize(("paragraphs", "first", "expected"), [
    (["Ngày {{ subject", "Kính gửi {{ recipient }}"], False,
     "the template has a tag that is not closed in the paragraph “Ngày {{ subject”: "
     "“{{ subject” needs its “}}” in the same paragraph"),
    (["Trước", "{% if subject %}Có {{ subject }", "Sau"], True,
     "the template has a tag that is not closed in the paragraph “{% if subject %}Có "
     "{{ subject }”: “{{ subject }” needs its “}}” in the same paragraph"),
    (["{% if %}"], False,
     "the template has a broken tag in the paragraph “{% if %}”: Expected an expression, "
     "got 'end of statement block'"),
    (["Trước", "{%p if %}", "Sau"], False,
     "the template has a broken tag in the paragraph “{%p if %}”: Expected an expression, "
     "got 'end of statement block'"),
    (["Trước", "{%p for x in y %}", "Sau"], True,
     "the template has a broken tag in the paragraph “{%p for x in y %}”: Unexpected end "
     "of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost "
     "block that needs to be closed is 'for'."),
    (["{% if subject %}Có{% endif %}", "Mở {% for x in areas %}{{ x }}"], True,
     "the template has a broken tag in the paragraph “Mở {% for x in areas %}{{ x }}”: "
     "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or "
     "'else'. The innermost block that needs to be closed is 'for'."),
    (["Trước", "{%p endif %}"], False,
     "the template has a broken tag in the paragraph “{%p endif %}”: Encountered unknown "
     "tag 'endif'."),
])
def test_syntax_errors_name_the_tag_and_where(example: Path, monkeypatch: pytest.MonkeyPatch,
                                              paragraphs: list[str], first: bool,
                                              expected: str) -> None:
    assert refused(example, monkeypatch, with_paragraphs(*paragraphs, first=first)) == expected


def test_a_row_tag_without_its_end_is_named(example: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    document = packaged()
    table = document.add_table(rows=2, cols=1)
    table.rows[0].cells[0].text = "{%tr for x in areas %}"
    table.rows[1].cells[0].text = "{{ x.heading }}"
    body = document.element.body
    body.remove(table._tbl)
    body.insert(0, table._tbl)
    line = refused(example, monkeypatch, save(document))
    assert line == (
        "the template has a broken tag in the table cell “{%tr for x in areas %}”: "
        "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or "
        "'else'. The innermost block that needs to be closed is 'for'.")


def test_a_syntax_error_in_a_table_cell_names_the_cell(example: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    line = refused(example, monkeypatch, with_table("Kính gửi", "{{ subject | }}"))
    assert line == ("the template has a broken tag in the table cell “{{ subject | }}”: "
                    "expected token 'name', got 'end of print statement'")


def test_line_bookkeeping_does_not_change_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraph and row tags get template lines of their own (for the error messages) through
    jinja2 comments, which render to nothing: the report is byte for byte the same."""
    data = check_workspace(REPO, REPO).years["2024"]
    assert data.plan is not None
    result = attain.evaluate(data.plan, "9m", data.assessments["9m"])
    options = ReportOptions(date(2024, 9, 15))

    def rendered() -> bytes:
        return render.render(packaged_template(), build_context(result, options),
                             document_properties(result, options))

    numbered = rendered()
    assert render._own_lines("</w:p>{% for x in y %}<w:p>") == "</w:p>{#\n#}{% for x in y %}<w:p>"
    monkeypatch.setattr(render, "_own_lines", lambda xml: xml)
    assert rendered() == numbered
