"""Context + Word template → the report's .docx bytes, the same bytes for the same inputs.

The template is an ordinary .docx holding jinja2 tags (docxtpl). Rendering escapes every
value (`autoescape=True`), fails on any name the report does not provide (`StrictUndefined`)
and runs in jinja2's sandbox, since a workspace may bring its own template. A broken template
raises `TemplateProblem`, whose message names the tag and the paragraph at fault.

Determinism: document properties come from the data (`DocumentProperties`), and the zip is
written with a fixed entry order and fixed timestamps, so a report can be committed and
diffed. python-docx and docxtpl are imported inside the functions: `dvcq check` never loads
them.

Speed: a province's annex has thousands of rows. The body stays text from jinja2 to the zip
when it can (`docx_text`): its tables are fitted on the text, it is checked to
be well-formed XML without building a tree, and it is compressed once. Everything else, and
any template the text path cannot follow, goes the lxml way docxtpl goes; the two give the
same document (tests/test_render_speed_paths.py).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from dvcq_cli.collector import collector_paused
from dvcq_cli.docx_text import (
    BODY_MARK,
    DOCPR,
    DOCPR_ID,
    LISTING_MARKS,
    PARAGRAPH,
    TextBody,
    fast_body,
    plain_values,
    put_body,
    scale,
    structure_safe,
)
from dvcq_cli.i18n import _
from dvcq_cli.report import DocumentProperties

CONTENT_TYPES = "[Content_Types].xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{[{%#].*?[}%#]\}")
# A jinja2 comment holding a line break: it renders to nothing, but starts a new template line.
_NEW_LINE = "{#\n#}"
# A tag right after an XML tag other than <w:t>: what docxtpl leaves of a `{%p …%}`,
# `{%tr …%}` or `{%tc …%}` paragraph, row or cell.
_BARE_TAG = re.compile(r"(<(?!w:t[ >])[^<>]*>)(?=\{[{%#])")
_PROPERTIES = "document properties"


class TemplateProblem(Exception):
    """The template cannot be used; the message says why and where."""


def render(template: bytes, context: Mapping[str, Any], properties: DocumentProperties) -> bytes:
    """Fill the template with the context; the finished .docx as bytes."""
    tpl = _template_class()(io.BytesIO(template))
    try:
        tpl.init_docx()
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on a non-docx file
        raise TemplateProblem(_("the template is not a Word .docx file")) from None
    tpl.plain_context = plain_values(context)
    with collector_paused():
        return _render(tpl, context, properties)


def _render(tpl: Any, context: Mapping[str, Any], properties: DocumentProperties) -> bytes:
    try:
        tpl.render(dict(context), jinja_env=_environment(), autoescape=True)
    except Exception as error:  # noqa: BLE001 - a user's template can fail in any way
        raise TemplateProblem(_describe(tpl, error)) from None
    document = tpl.docx
    body = tpl.rendered_body
    if body is None:  # the body went through lxml: fit its tables there
        _fit_tables(document.element.body)
    _set_properties(document, properties)
    files: dict[str, bytes | list[bytes | memoryview]] = dict(_package_files(document))
    if body is not None:
        name = document.part.partname.membername
        files[name] = put_body(files[name], body)  # type: ignore[arg-type]
    return _zip(files, properties.created)


# A body paragraph of the template's text style with no other paragraph setting, ending with
# a colon: it introduces what follows ("Một số hoạt động tiêu biểu:").
_INTRODUCTION = re.compile(
    r'<w:pPr><w:pStyle w:val="BaoCaoDoanVan"/></w:pPr>((?:(?!</w:p>).)*?:</w:t></w:r></w:p>)',
    re.S)


def keep_introductions_with_next(xml: str) -> str:
    """A line that introduces a list stays on the page of the list's first item: Word and
    LibreOffice never leave it alone at the foot of a page."""
    if 'w:val="BaoCaoDoanVan"' not in xml:
        return xml
    return _INTRODUCTION.sub(
        r'<w:pPr><w:pStyle w:val="BaoCaoDoanVan"/><w:keepNext/></w:pPr>\1', xml)


# A small table (up to WHOLE_ROWS data rows and about WHOLE_LINES lines of text, a third of
# a page) stays whole, on one page with the heading and the sentence that announce it: a
# drafter does not split a table a reader takes in at a glance (the five targets over two
# pages, rows 1–2 and 3–5), and moving it whole leaves at most a third of the page before it
# empty. A larger table keeps its head and its tail: the header row and the first TABLE_HEAD
# data rows stay with what announces it, and the last TABLE_TAIL rows stay together. Between
# them it may break from one page to the next (the header row repeats there), so it never
# pushes itself and its heading whole to the next page and leaves half a page empty. No row
# ever breaks (`w:cantSplit`).
WHOLE_ROWS = 8
WHOLE_LINES = 18
TABLE_HEAD = 1
TABLE_TAIL = 2
# A line's width in characters: Times New Roman averages under 0,45 em a character in
# Vietnamese text; a cell's text stands 108 twips (0,19 cm) in from each side.
_CHARACTER_EM = 0.45
_CELL_MARGINS = 2 * 108
_CELL = re.compile(r"<w:tc>.*?</w:tc>", re.S)
_CELL_WIDTH = re.compile(r'<w:tcW [^>]*w:w="(\d+)"')
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_SIZE = re.compile(r'<w:sz w:val="(\d+)"')
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.S)
_PARAGRAPH_START = re.compile(r"<w:p(?: [^>]*)?>")


def keep_with_next(xml: str) -> str:
    """The rendered body with keep-with-next where a reader needs it, in the report's own
    section (up to its first section break): the annexes each start a page of their own,
    and a province's annex of thousands of rows is neither read nor copied twice."""
    end = xml.find("<w:sectPr")
    if end == -1:
        return keep_table_ends_together(keep_introductions_with_next(xml))
    head = xml[:end]
    kept = keep_table_ends_together(keep_introductions_with_next(head))
    return xml if kept is head else kept + xml[end:]


def keep_table_ends_together(xml: str) -> str:
    """In every table of two rows or more, each row but the last keeps with the next when
    the table has up to WHOLE_ROWS data rows; in a longer one, the header row and the first
    TABLE_HEAD data rows do, and so does each of the last TABLE_TAIL rows but the last
    (Word's and LibreOffice's way to keep rows on one page)."""
    pieces: list[str] = []
    done = 0
    start = xml.find("<w:tbl>")
    while start != -1:
        end = xml.find("</w:tbl>", start)
        if end == -1:
            break
        end += len("</w:tbl>")
        rows = list(_ROW.finditer(xml, start, end))
        if len(rows) > 1 and xml.find("<w:tbl>", start + 1, end) == -1:
            whole = len(rows) - 1 <= WHOLE_ROWS and \
                sum(_row_lines(row.group(0)) for row in rows) <= WHOLE_LINES
            head = rows[:len(rows) - 1 if whole else TABLE_HEAD + 1]
            tail = rows[max(len(rows) - TABLE_TAIL, len(head)):-1]
            for row in (*head, *tail):
                pieces += [xml[done:row.start()], _keep_next(row.group(0))]
                done = row.end()
        start = xml.find("<w:tbl>", end)
    if not pieces:
        return xml
    return "".join(pieces) + xml[done:]


def _row_lines(row: str) -> int:
    """About how many lines of text a row takes: its tallest cell's, each paragraph's text
    wrapped at the cell's width (twips) in its font size (half-points; 12 pt if unsaid)."""
    tallest = 1
    for cell in _CELL.findall(row):
        width = _CELL_WIDTH.search(cell)
        if width is None:
            continue
        lines = 0
        for paragraph in _PARAGRAPH.findall(cell):
            size = _SIZE.search(paragraph)
            points = int(size.group(1)) / 2 if size else 12.0
            per_line = max(1, int((int(width.group(1)) - _CELL_MARGINS) / 20
                                  / (points * _CHARACTER_EM)))
            text = "".join(_TEXT.findall(paragraph))
            lines += max(1, -(-len(text) // per_line))
        tallest = max(tallest, lines)
    return tallest


def _keep_next(row: str) -> str:
    """The row with keep-with-next on each of its paragraphs."""
    pieces, last = [], 0
    for start in _PARAGRAPH_START.finditer(row):
        at = start.end()
        pieces.append(row[last:at])
        last = at
        if not row.startswith("<w:pPr>", at):
            pieces.append("<w:pPr><w:keepNext/></w:pPr>")
            continue
        at += len("<w:pPr>")
        if row.startswith("<w:pStyle ", at):
            at = row.index("/>", at) + 2
        if not row.startswith("<w:keepNext/>", at):
            pieces += [row[last:at], "<w:keepNext/>"]
            last = at
    return "".join(pieces) + row[last:]


def _template_class() -> Any:
    from docxtpl import DocxTemplate
    from jinja2 import Template as JinjaTemplate
    from jinja2 import TemplateError

    class Template(DocxTemplate):  # type: ignore[misc]
        """docxtpl, with each paragraph, row or cell tag on a template line of its own, and a
        body that stays text from jinja2 to the zip when it can (see `fast_body`)."""

        def __init__(self, template_file: Any) -> None:
            super().__init__(template_file)
            self.rendered_body: bytes | None = None
            self.body_source: str | None = None  # the body as jinja2 compiled it
            self.body_listing = False  # whether docxtpl's listing step changed the body
            self.plain_context = False  # set by `render`: see `plain_values`

        def render_xml_part(self, src_xml: str, part: Any, context: Any,
                            jinja_env: Any = None) -> Any:
            # docxtpl's steps (0.20) give each paragraph a template line of its own, and
            # `_own_lines` each paragraph, row or cell tag, only so that an error names its
            # place: docxtpl adds a line break before each <w:p> and takes it out of the
            # result. Rendering without them gives the same XML, without running through
            # the whole result again; after an error, the numbered template is rendered
            # again, for the message.
            body = part is self.docx._part
            if body:
                self.body_source = src_xml
            self.current_rendering_part = part
            try:
                dst_xml = self._fill(src_xml, context, jinja_env)
            except Exception:  # noqa: BLE001 - the numbered template fails the same way
                numbered = re.sub(r"<w:p([ >])", r"\n<w:p\1", _own_lines(src_xml))
                try:
                    dst_xml = self._fill(numbered, context, jinja_env)
                except TemplateError as exc:
                    if getattr(exc, "lineno", None) is not None:
                        first = max(exc.lineno - 4, 0)
                        exc.docx_context = [re.sub(r"<[^>]+>", "", line)
                                            for line in numbered.splitlines()[first:first + 7]]
                    raise
                dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
            if body:
                dst_xml = keep_with_next(dst_xml)
            if "_" in dst_xml and ("{_" in dst_xml or "_}" in dst_xml):
                dst_xml = (dst_xml.replace("{_{", "{{").replace("}_}", "}}")
                           .replace("{_%", "{%").replace("%_}", "%}"))
            if not any(mark in dst_xml for mark in LISTING_MARKS):
                return dst_xml
            self.body_listing = self.body_listing or body
            return self.resolve_listing(dst_xml)

        def _fill(self, source: str, context: Any, jinja_env: Any) -> str:
            template = jinja_env.from_string(source) if jinja_env else JinjaTemplate(source)
            return template.render(context)  # type: ignore[no-any-return]

        def resolve_listing(self, xml: str) -> str:
            # docxtpl turns \t, \a, \n and \f inside <w:t> into tabs, paragraphs and breaks,
            # paragraph by paragraph; a paragraph without any of them comes out unchanged.
            if not any(mark in xml for mark in LISTING_MARKS):
                return xml
            resolve = super().resolve_listing
            return PARAGRAPH.sub(lambda match: resolve(match.group(0))
                                  if any(mark in match.group(0) for mark in LISTING_MARKS)
                                  else match.group(0), xml)

        def fix_tables(self, xml: str) -> Any:
            trusted = (self.plain_context and self.body_source is not None
                       and not self.body_listing
                       and structure_safe(self.body_source, _environment()))
            body = fast_body(xml, trusted)
            if body is None:
                return super().fix_tables(xml)
            return TextBody(body)

        def fix_docpr_ids(self, tree: Any) -> None:
            if not isinstance(tree, TextBody):
                super().fix_docpr_ids(tree)
                return

            def renumber(match: re.Match[bytes]) -> bytes:
                self.docx_ids_index += 1
                return b"%s%d%s" % (match.group(1), self.docx_ids_index, match.group(3))

            tree.xml = DOCPR.sub(lambda tag: DOCPR_ID.sub(renumber, tag.group(0)), tree.xml)

        def map_tree(self, tree: Any) -> None:
            if not isinstance(tree, TextBody):
                super().map_tree(tree)
                return
            from lxml import etree

            # The template's body is emptied and marked; `put_body` puts the rendered one
            # in its place once python-docx has written the document.
            body = self.docx._element.body
            for child in list(body):
                body.remove(child)
            body.text = None
            body.append(etree.Comment(BODY_MARK))
            self.rendered_body = tree.xml

        def render_properties(self, context: Any, jinja_env: Any = None) -> None:
            self.current_rendering_part = _PROPERTIES
            super().render_properties(context, jinja_env)

    return Template


def _own_lines(xml: str) -> str:
    """docxtpl numbers template lines by paragraph; a `{%p …%}` tag would share the line of
    the paragraph before it, and an error in it would be blamed on that paragraph."""
    return _BARE_TAG.sub(lambda match: match.group(1) + _NEW_LINE, xml)


def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


# ------------------------------------------------------------------------------ errors
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_MARKS = re.compile(r"\{[{%#]|[}%#]\}")
_BLOCKS = {"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "set"}


def _describe(tpl: Any, error: Exception) -> str:
    """One line naming what went wrong, the tag or name at fault and where it is in Word."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    message = getattr(error, "message", None) or str(error)
    part = getattr(tpl, "current_rendering_part", None)
    if isinstance(part, str) and part == _PROPERTIES:
        where = _(" in the document's properties (title, subject, author…)")
    else:
        source, paragraphs = _sources(tpl, part)
        if isinstance(error, TemplateSyntaxError):
            for text, in_cell in paragraphs:
                unclosed = _unclosed(text)
                if unclosed is not None:
                    return _("the template has a tag that is not closed{where}: “{tag}” needs "
                             "its “{closer}” in the same paragraph").format(
                        where=_place(text, in_cell), tag=unclosed[0], closer=unclosed[1])
        line = getattr(error, "lineno", None) or _template_line(error)
        if isinstance(error, TemplateSyntaxError) and "end of template" in message.lower():
            line = _unclosed_block_line(source) or line
        where = _where(source, paragraphs, line) if line else ""
    if isinstance(error, TemplateSyntaxError):
        return _("the template has a broken tag{where}: {message}").format(
            where=where, message=message)
    if isinstance(error, UndefinedError):
        # jinja2's own wording ("'dict object' has no attribute …") is English and says
        # nothing the name does not: the user is told the name and where it is.
        names = re.findall(r"'([^']+)'", message)
        name = names[-1] if names else message
        return _("the template uses '{name}', which the report does not provide{where}"
                 ).format(name=name, where=where)
    if isinstance(error, SecurityError):
        return _("the template tries something that is not allowed{where}: {message}").format(
            where=where, message=message)
    return _("the template could not be filled{where}: {kind}: {message}").format(
        where=where, kind=type(error).__name__, message=message)


def _template_line(error: BaseException) -> int | None:
    """The template line jinja2 was running when a runtime error happened."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _sources(tpl: Any, part: Any) -> tuple[str, list[tuple[str, bool]]]:
    """The template source jinja2 saw for `part`, numbered as docxtpl numbers it, and the
    text of each Word paragraph of the part with whether it sits in a table cell."""
    from lxml import etree

    try:
        if part is None or part is tpl.docx.part:
            xml = tpl.get_xml()
        else:
            xml = tpl.get_part_xml(part)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", _own_lines(tpl.patch_xml(xml)))
        root = etree.fromstring(xml.encode("utf-8"))
    except Exception:  # noqa: BLE001 - only a hint for the message
        return "", []
    paragraphs = []
    for paragraph in root.iter(_W + "p"):
        text = "".join(node.text or "" for node in paragraph.iter(_W + "t"))
        in_cell = any(True for _cell in paragraph.iterancestors(_W + "tc"))
        paragraphs.append((text.strip(), in_cell))
    return source, paragraphs


def _unclosed(text: str) -> tuple[str, str] | None:
    """The tag that `text` opens and never closes, and the mark that would close it."""
    opened: tuple[int, str] | None = None
    for mark in _MARKS.finditer(text):
        if mark.group() in _CLOSER:
            if opened is None:
                opened = (mark.start(), mark.group())
        elif opened is not None and mark.group() == _CLOSER[opened[1]]:
            opened = None
    if opened is None:
        return None
    return _short(text[opened[0]:]), _CLOSER[opened[1]]


def _unclosed_block_line(source: str) -> int | None:
    """The line of the innermost block tag (`{% for %}`, `{% if %}` …) left open."""
    try:
        tokens = list(_environment().lex(source))
    except Exception:  # noqa: BLE001 - only a hint for the message
        return None
    stack: list[tuple[str, int]] = []
    tag: list[str] | None = None
    start = 0
    for line, kind, value in tokens:
        if kind == "block_begin":
            tag, start = [], line
        elif tag is not None and kind == "block_end":
            name = tag[0] if tag else ""
            if name in _BLOCKS and not (name == "set" and "=" in tag):
                stack.append((name, start))
            elif name.startswith("end") and stack and stack[-1][0] == name[3:]:
                stack.pop()
            tag = None
        elif tag is not None and kind != "whitespace":
            tag.append(value)
    return stack[-1][1] if stack else None


def _where(source: str, paragraphs: list[tuple[str, bool]], line: int) -> str:
    """Where template line `line` is in Word: its paragraph or table cell."""
    lines = source.replace(_NEW_LINE, "\n").splitlines()
    if not 0 < line <= len(lines):
        return ""
    raw = lines[line - 1]
    text = html.unescape(re.sub(r"<[^>]+>", "", raw)).strip()
    if not text:
        return ""
    before = "\n".join(lines[:line - 1])
    in_cell = len(re.findall(r"<w:tc[ >]", before)) > before.count("</w:tc>")
    if raw.startswith("{"):  # what docxtpl left of a {%p …%}, {%tr …%} or {%tc …%} tag
        text, in_cell = _as_written(text, paragraphs) or (text, in_cell)
    return _place(text, in_cell)


def _as_written(tag: str, paragraphs: list[tuple[str, bool]]) -> tuple[str, bool] | None:
    """The Word paragraph that holds `tag` written as a paragraph, row or cell tag."""
    for kind in ("p", "tr", "tc"):
        written = tag[:2] + kind + tag[2:]
        for text, in_cell in paragraphs:
            if written in text:
                return text, in_cell or kind != "p"
    return None


def _place(text: str, in_cell: bool) -> str:
    if in_cell:
        return _(" in the table cell “{text}”").format(text=_short(text))
    return _(" in the paragraph “{text}”").format(text=_short(text))


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "…"


# ------------------------------------------------------------------------------ tables
def _fit_tables(body: Any) -> None:
    """Give every table a grid that matches its widest row, scaled to the table's width.

    Column loops (`{%tc for %}`) repeat a cell with its width; docxtpl then averages the
    grid. Here each column keeps the width its template cell has, and the whole row is
    scaled to the width the template gives the table, so the table never leaves the page.
    """
    for table in body.iter(_W + "tbl"):
        total = _table_width(table)
        rows = table.findall(_W + "tr")
        widths = _widest_row(rows)
        if total is None or not widths or sum(widths) <= 0:
            continue
        scaled = scale(widths, total)
        grid = table.find(_W + "tblGrid")
        if grid is not None:
            for column in list(grid):
                grid.remove(column)
            for width in scaled:
                column = grid.makeelement(_W + "gridCol", {_W + "w": str(width)})
                grid.append(column)
        for row in rows:
            cells = row.findall(_W + "tc")
            if len(cells) != len(scaled) or any(_span(cell) for cell in cells):
                continue
            for cell, width in zip(cells, scaled, strict=True):
                cell_width = cell.find(f"{_W}tcPr/{_W}tcW")
                if cell_width is not None:
                    cell_width.set(_W + "w", str(width))
                    cell_width.set(_W + "type", "dxa")


def _table_width(table: Any) -> int | None:
    width = table.find(f"{_W}tblPr/{_W}tblW")
    if width is None or width.get(_W + "type") != "dxa":
        return None
    try:
        return int(width.get(_W + "w"))
    except (TypeError, ValueError):
        return None


def _widest_row(rows: list[Any]) -> list[int] | None:
    best: list[int] | None = None
    for row in rows:
        cells = row.findall(_W + "tc")
        if any(_span(cell) for cell in cells):
            continue
        widths = []
        for cell in cells:
            width = cell.find(f"{_W}tcPr/{_W}tcW")
            try:
                widths.append(int(width.get(_W + "w")) if width is not None else -1)
            except (TypeError, ValueError):
                widths.append(-1)
        if widths and min(widths) > 0 and (best is None or len(widths) > len(best)):
            best = widths
    return best


def _span(cell: Any) -> bool:
    return cell.find(f"{_W}tcPr/{_W}gridSpan") is not None



# ------------------------------------------------------------------------ determinism
def _set_properties(document: Any, properties: DocumentProperties) -> None:
    core = document.core_properties
    core.title = properties.title
    core.subject = properties.subject
    core.author = properties.author
    core.last_modified_by = properties.author
    core.language = properties.language
    core.created = properties.created.replace(tzinfo=None)
    core.modified = properties.created.replace(tzinfo=None)
    core.revision = 1


def _package_files(document: Any) -> dict[str, bytes]:
    """The entries python-docx's `Document.save` writes, by name, not yet compressed: the
    zip is written once, by `_zip`. (Through python-docx's own writer; should its internals
    change, by saving and reading back.)"""
    writer = _docx_writer()
    package = document.part.package
    files: dict[str, bytes] = {}

    class Entries:
        def write(self, uri: Any, blob: bytes) -> None:
            files[uri.membername] = blob

    try:
        parts = package.parts
        for part in parts:
            part.before_marshal()
        writer._write_content_types_stream(Entries(), parts)
        writer._write_pkg_rels(Entries(), package.rels)
        writer._write_parts(Entries(), parts)
    except AttributeError:
        buffer = io.BytesIO()
        document.save(buffer)
        with zipfile.ZipFile(buffer) as saved:
            return {name: saved.read(name) for name in saved.namelist()}
    return files


def _docx_writer() -> Any:
    from docx.opc.pkgwriter import PackageWriter

    return PackageWriter


def normalise_zip(data: bytes, when: date | datetime,
                  replace: Mapping[str, list[bytes | memoryview]] | None = None) -> bytes:
    """The same archive with a fixed entry order, fixed timestamps and fixed attributes;
    `replace` gives new contents for some entries, by name, as pieces to write one after
    the other (the same bytes as writing them joined)."""
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        files: dict[str, bytes | list[bytes | memoryview]] = {
            name: replace[name] if name in replace else source.read(name)
            for name in source.namelist()}
    return _zip(files, when)


def _zip(files: Mapping[str, bytes | list[bytes | memoryview]], when: date | datetime) -> bytes:
    """A .docx of these entries: [Content_Types].xml first, the others by name, every one
    with the same timestamp and attributes, deflated at level 6."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    names = sorted(files, key=lambda name: (name != CONTENT_TYPES, name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            content = files[name]
            if isinstance(content, bytes):
                target.writestr(info, content, compresslevel=6)
                continue
            info.file_size = sum(len(piece) for piece in content)
            with target.open(info, "w") as entry:  # compression level: zlib's default, 6
                for piece in content:
                    entry.write(piece)
    return out.getvalue()


def template_text(template: bytes) -> list[str]:
    """The jinja2 tags of a template as Word shows them, paragraph by paragraph (for tests)."""
    from docx import Document

    document = Document(io.BytesIO(template))
    texts = []
    for paragraph in document.element.body.iter(_W + "p"):
        text = "".join(node.text or "" for node in paragraph.iter(_W + "t"))
        if _TAG.search(text):
            texts.append(text)
    return texts
