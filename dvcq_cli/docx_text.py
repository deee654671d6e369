"""The rendered body of a report as text: tables fitted, well-formedness made sure, written.

At province scale the annex table has thousands of rows. Parsing the rendered body into lxml,
walking it twice (docxtpl's `fix_tables`, then `render._fit_tables`), moving it into the
document and serialising it again cost ten times what writing the XML does. So when the
rendered body is well-formed XML of the usual shape, both steps are done here on its text,
and the text goes into the .docx as it is. Anything unusual (a nested table, a row or cell
wrapped in a content control, tracked table changes, a prefix other than `w:` …) makes
`fast_body` return None, and `render` takes docxtpl's lxml path, unchanged.
`fit_tables_text` mirrors docxtpl's `fix_tables` and `render._fit_tables` step by step; the
tests render reports both ways and compare (tests/test_render_speed_paths.py).
"""

from __future__ import annotations

import re
from itertools import compress, repeat
from itertools import count as count_from
from operator import contains
from typing import Any

_MAIN_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DRAWING_NS = b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
BODY_MARK = "dvcq-rendered-body"
LISTING_MARKS = ("\t", "\a", "\n", "\f")
PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's resolve_listing
_TABLE_START = re.compile(rb"<w:tbl[\s>/]")
_ROW_START = re.compile(rb"<w:tr(?=[\s>/])")
_TABLE_PR = re.compile(rb"<w:tblPr(?:\s[^>]*?)?(?:/>|>.*?</w:tblPr>)", re.DOTALL)
_GRID = re.compile(rb"(<w:tblGrid(?:\s[^>]*?)?)(?:/>|>(.*?)</w:tblGrid>)", re.DOTALL)
_GRID_COL = re.compile(rb"<w:gridCol(?:\s[^>]*)?/>")
_CELL_PR = re.compile(rb"(<w:tcPr(?:(?:\s[^>]*)?/>|[\s>][^<]*(?:<(?!/w:tcPr>)[^<]*)*</w:tcPr>))")
_CELL_WIDTH = re.compile(rb"<w:tcW(?:\s[^>]*)?/?>")
_TABLE_WIDTH = re.compile(rb"<w:tblW(?:\s[^>]*)?/?>")
_GRID_SPAN = re.compile(rb"<w:gridSpan(?:\s[^>]*)?/?>")
_ATTRIBUTE = re.compile(rb'\s([^\s=]+)="([^"]*)"')
DOCPR = re.compile(rb"<wp:docPr(?:\s[^>]*)?/?>")
DOCPR_ID = re.compile(rb'(\sid=")([^"]*)(")')
_ILLEGAL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


class TextBody:
    """The rendered body as UTF-8 text, where docxtpl expects an lxml tree."""

    def __init__(self, xml: bytes) -> None:
        self.xml = xml


class Unusual(Exception):
    """The body is not of the shape the text path handles: take the lxml path."""


def fast_body(xml: str, trusted: bool = False) -> bytes | None:
    """The rendered body with its tables fitted, as text; None when lxml must do it.
    `trusted`: the template's structure guarantees well-formed XML but for the characters
    (`structure_safe`); else lxml parses the whole body to be sure."""
    if not (xml.startswith("<w:body") and xml.endswith("</w:body>")) or "\r" in xml:
        return None
    try:
        data = xml.encode("utf-8")
    except UnicodeEncodeError:
        return None
    opening = data[:data.index(b">") + 1]
    if b'xmlns:w="' + _MAIN_NS + b'"' not in opening or (
            data.find(b"xmlns", len(opening)) >= 0  # namespaces declared inside the body
            and (data.count(_MAIN_NS) != 1 or data.count(b"xmlns:w=") != 1)):
        return None
    if b"docPr" in data and not docpr_ok(data, opening):
        return None
    if not (legal_characters(xml, data) if trusted else well_formed(data)):
        return None
    try:
        return fit_tables_text(data)
    except Unusual:
        return None


def well_formed(data: bytes) -> bool:
    """Whether lxml parses `data` without having to recover anything (no tree is built)."""
    from lxml import etree

    class Nothing:
        def close(self) -> None:
            return None

    try:
        etree.fromstring(data, etree.XMLParser(target=Nothing()))
    except etree.XMLSyntaxError:
        return False
    return True


def legal_characters(xml: str, data: bytes) -> bool:
    """No character that XML 1.0 forbids (control characters, U+FFFE, U+FFFF)."""
    return (len(data.translate(None, _ILLEGAL_BYTES)) == len(data)
            and "\ufffe" not in xml and "\uffff" not in xml)


# Names that make jinja2 output raw markup under autoescape (or filters named by a string),
# and the statements whose bodies `structure_safe` can follow.
_RAW_NAMES = frozenset({
    "safe", "urlize", "xmlattr", "tojson", "e", "escape", "forceescape", "lipsum", "caller",
    "self", "super", "varargs", "kwargs", "map", "select", "reject", "selectattr",
    "rejectattr", "recursive"})
_OPENERS = {"for": ("else", "endfor"), "if": ("elif", "else", "endif")}
_XML_TAG = re.compile(r"<(/?)([^\s/>]*)[^>]*?(/?)>|<")


def structure_safe(source: str, environment: Any) -> bool:
    """Whether whatever this template renders is well-formed XML, but for the characters.

    The template's XML text comes from lxml, so it is well-formed once the jinja2 tags are
    taken out. Every value is escaped (autoescape), unless a filter or function makes markup:
    no such name may appear (nor a value with `__html__`: `plain_values`). What is left to
    check is the statements: each `for` and `if`, with its `elif`, `else` and `end…`, must
    stand where the same elements are open, never inside a tag, so that any number of
    repeats and any branch leave the tags balanced. Any other statement, a comment or
    processing instruction in the XML, or a tag cut by jinja2 returns False (then lxml
    parses the result to be sure)."""
    from jinja2.exceptions import TemplateSyntaxError

    open_elements: list[str] = []
    started = False
    blocks: list[tuple[str, tuple[str, ...]]] = []
    statement: list[tuple[str, str]] | None = None
    try:
        tokens = list(environment.lex(source))
    except TemplateSyntaxError:
        return False
    for _line, kind, value in tokens:
        if kind == "data":
            for tag in _XML_TAG.finditer(value):
                closing, name, empty = tag.groups()
                if not name or name[0] in "!?" or (started and not open_elements):
                    return False  # a cut tag, a comment, something after the body
                started = True
                if closing:
                    if not open_elements or open_elements.pop() != name:
                        return False
                elif not empty:
                    open_elements.append(name)
            continue
        if kind in ("whitespace", "comment_begin", "comment", "comment_end"):
            continue
        if not open_elements:
            return False  # a tag outside the body
        if kind in ("name", "string") and value.strip("'\"") in _RAW_NAMES:
            return False
        if kind == "block_begin":
            statement = []
        elif kind == "block_end" and statement is not None:
            if not _follow(statement, blocks, tuple(open_elements)):
                return False
            statement = None
        elif statement is not None:
            statement.append((kind, value))
    return started and not open_elements and not blocks and statement is None


def plain_values(value: Any) -> bool:
    """Whether the context holds only plain values: no markup that escaping would let by."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is int or kind is float or kind is bool or item is None:
            continue
        if kind is dict:
            stack.extend(item.keys())
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        else:
            return False
    return True


def _follow(statement: list[tuple[str, str]], blocks: list[tuple[str, tuple[str, ...]]],
            where: tuple[str, ...]) -> bool:
    """One `{% … %}` statement of `structure_safe`, where `where` are the open elements."""
    word = statement[0][1] if statement and statement[0][0] == "name" else ""
    if word in _OPENERS:
        blocks.append((word, where))
        return True
    if word == "set":
        return ("operator", "=") in statement  # `{% set x = … %}`, not a block
    if not blocks or word not in _OPENERS[blocks[-1][0]] or blocks[-1][1] != where:
        return False
    if word.startswith("end"):
        blocks.pop()
    return True


def docpr_ok(data: bytes, opening: bytes) -> bool:
    """Every picture id (wp:docPr) can be renumbered as text, as docxtpl does in lxml."""
    if (data.count(_DRAWING_NS) != 1 or data.count(b"xmlns:wp=") != 1
            or b'xmlns:wp="' + _DRAWING_NS + b'"' not in opening):
        return False
    tags = DOCPR.findall(data)
    closing = data.count(b"</wp:docPr>")
    return (data.count(b"docPr") == len(tags) + closing
            and all(len(DOCPR_ID.findall(tag)) == 1 for tag in tags))


def fit_tables_text(data: bytes) -> bytes:
    """Every table of the body fitted (`_fit_table_text`); raises Unusual for a table
    inside a table, or an empty one."""
    whole = memoryview(data)
    pieces: list[bytes | memoryview] = []
    starts = [match.start() for match in _TABLE_START.finditer(data)]
    spans = []
    for index, start in enumerate(starts):
        if data.startswith(b"/>", data.index(b">", start) - 1):
            raise Unusual  # an empty table
        end = data.index(b"</w:tbl>", start) + len(b"</w:tbl>")
        if index + 1 < len(starts) and starts[index + 1] < end:
            raise Unusual  # a table inside this one
        spans.append((start, end))
    done = 0
    for start, end in spans:
        fitted = _fit_table_text(data, start, end)
        if fitted is not None:
            pieces += (whole[done:start], *fitted)
            done = end
    if not pieces:
        return data
    pieces.append(whole[done:])
    return b"".join(pieces)


class _Row:
    """One kind of row (the same cell properties): what docxtpl and `_fit_tables` read."""

    def __init__(self, properties: tuple[bytes, ...]) -> None:
        self.properties = properties
        self.cells = len(properties)
        self.span = False
        self.grid_cells = 0
        self.widths: list[int] = []
        for cell in properties:
            if b"w:tcPrChange" in cell:
                raise Unusual  # a tracked change of the cell's properties
            span = _GRID_SPAN.search(cell)
            if span is None:
                self.grid_cells += 1
            else:
                self.span = True
                self.grid_cells += _int_attribute(span.group(), b"w:val")
            width = _CELL_WIDTH.search(cell)
            value = _attributes(width.group()).get(b"w:w") if width is not None else None
            self.widths.append(_int_or(value, -1))  # type: ignore[arg-type]
        self.fitted: dict[tuple[int, ...], list[bytes] | None] = {}

    def fit(self, widths: list[int]) -> list[bytes] | None:
        """The cell properties with these widths; None when they have them already."""
        key = tuple(widths)
        if key not in self.fitted:
            new = [_set_cell_width(cell, width)
                   for cell, width in zip(self.properties, widths, strict=True)]
            self.fitted[key] = None if new == list(self.properties) else new
        return self.fitted[key]


def _fit_table_text(data: bytes, start: int, end: int) -> list[bytes | memoryview] | None:
    """docxtpl's `fix_tables`, then `_fit_tables`, on the table data[start:end] (no nested
    table): the new table as pieces to join, or None when nothing changes.

    The rows are cut at each cell's `<w:tcPr>`, in one pass, and at each `</w:tr>` in the
    pieces between. Every row must be a child of the table and every cell a child of its
    row with its properties first: a row starts right after the one before, a cell's
    `<w:tcPr>` comes right after `<w:tc>`, and a cell ends right before the next cell or the
    end of its row."""
    end -= len(b"</w:tbl>")
    first = _ROW_START.search(data, start, end)
    rows_start = first.start() if first else end
    head = data[start:rows_start]
    region = memoryview(data)[rows_start:end]
    if (b"w:tblPrChange" in head or b"w:tblGridChange" in head
            or data.find(b"<w:tc/>", rows_start, end) >= 0):
        raise Unusual
    parts = _CELL_PR.split(region)
    count = len(parts) // 2  # cells; parts[2 * i] is the text before cell i's properties
    texts = parts[0::2]
    ends = list(compress(count_from(), map(contains, texts, repeat(b"</w:tr>"))))
    # Between two cells of a row: the end of the one, the start of the next.
    between = list(map(bytes.endswith, texts, repeat(b"</w:tc><w:tc>")))
    kinds: dict[tuple[bytes, ...], _Row] = {}
    rows: list[tuple[int, int, _Row]] = []  # first and last + 1 cell of each row, its kind
    row_start = 0
    for index in sorted({0, count, *ends}):  # the texts where rows end or begin
        text = texts[index]
        *closed, opened = text.split(b"</w:tr>")
        for chunk in closed:  # each chunk ends a row
            ok = (chunk.endswith(b"</w:tc>") if index > row_start
                  else chunk.startswith((b"<w:tr>", b"<w:tr ")))  # a row without cells
            if not ok:
                raise Unusual  # a wrapped row or cell, or an empty row
            key = tuple(parts[2 * row_start + 1:2 * index:2])
            kind = kinds.get(key)
            if kind is None:
                kind = kinds[key] = _Row(key)
            rows.append((row_start, index, kind))
            row_start = index
        if index == count:
            if opened or index > row_start:
                raise Unusual  # something after the last row
        elif not (opened.startswith((b"<w:tr>", b"<w:tr ")) and opened.endswith(b"<w:tc>")):
            raise Unusual  # a wrapped row or cell, or attributes on <w:tc>
        between[index] = True
    if not all(between[:count]):
        raise Unusual  # a wrapped cell, or attributes on <w:tc>
    if data.count(b"</w:tc>", rows_start, end) != count:
        raise Unusual  # a cell without properties
    grid = _GRID.search(head)
    if grid is None:
        raise Unusual  # docxtpl fails on it: let it say so
    content = grid.group(2) or b""
    columns = _GRID_COL.findall(content)
    if b"".join(columns) != content:
        raise Unusual
    columns = _docxtpl_grid(columns, list(kinds.values()))
    total = _table_width_text(head)
    widths = _widest_row_text(list(kinds.values()))
    fitted = False
    if total is not None and widths and sum(widths) > 0:
        scaled = scale(widths, total)
        columns = [b'<w:gridCol w:w="%d"/>' % width for width in scaled]
        for start, stop, kind in rows:
            if kind.cells == len(scaled) and not kind.span:
                new = kind.fit(scaled)
                if new is not None:
                    parts[2 * start + 1:2 * stop:2] = new
                    fitted = True
    new_grid = grid.group(1) + (b">" + b"".join(columns) + b"</w:tblGrid>" if columns else b"/>")
    if not fitted and new_grid == grid.group(0):
        return None
    head = head[:grid.start()] + new_grid + head[grid.end():]
    return [head, *parts, b"</w:tbl>"] if fitted else [head, region, b"</w:tbl>"]


def _docxtpl_grid(columns: list[bytes], kinds: list[_Row]) -> list[bytes]:
    """What docxtpl's `fix_tables` makes of the grid: columns added when a row has more cells
    than the grid, removed when every row has fewer, widths rescaled to keep the total."""
    to_add = max([kind.cells - len(columns) for kind in kinds] + [0])
    if to_add > 0:
        values = [_attributes(column).get(b"w:w") for column in columns]
        width = sum(_float(value) for value in values if value is not None)
        if width > 0:
            old_average = width / len(columns)
            new_average = width / (len(columns) + to_add)
            columns = [_set_attribute(column, b"w:w", str(int(
                _float(value) * new_average / old_average)).encode())
                for column, value in zip(columns, values, strict=True)]
            columns += [b'<w:gridCol w:w="%s"/>' % str(int(new_average)).encode()] * to_add
    to_remove = len(columns) - max([kind.grid_cells for kind in kinds] + [0])
    if to_remove > 0:
        removed = sum(_float(_attributes(column).get(b"w:w")) for column in columns[-to_remove:])
        columns = columns[:-to_remove]
        extra = int(removed / len(columns)) if columns else 0
        columns = [_set_attribute(column, b"w:w", str(int(
            _float(_attributes(column).get(b"w:w")) + extra)).encode()) for column in columns]
    return columns


def _table_width_text(head: bytes) -> int | None:
    properties = _TABLE_PR.search(head)
    width = _TABLE_WIDTH.search(properties.group()) if properties is not None else None
    if width is None:
        return None
    attributes = _attributes(width.group())
    if attributes.get(b"w:type") != b"dxa":
        return None
    value = _int_or(attributes.get(b"w:w"), None)
    return value


def _widest_row_text(kinds: list[_Row]) -> list[int] | None:
    best: list[int] | None = None
    for kind in kinds:
        if kind.span:
            continue
        widths = kind.widths
        if widths and min(widths) > 0 and (best is None or len(widths) > len(best)):
            best = widths
    return best


def _set_cell_width(cell: bytes, width: int) -> bytes:
    tag = _CELL_WIDTH.search(cell)
    if tag is None:
        return cell
    if not tag.group().endswith(b"/>"):
        raise Unusual
    new = _set_attribute(_set_attribute(tag.group(), b"w:w", b"%d" % width), b"w:type", b"dxa")
    return cell[:tag.start()] + new + cell[tag.end():]


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    attributes = dict(_ATTRIBUTE.findall(tag))
    if (b"&" in tag or b"'" in tag or not tag.isascii()
            or len(attributes) != tag.count(b"=")):
        raise Unusual  # an escaped or oddly written value: let lxml read it
    return attributes


def _set_attribute(tag: bytes, name: bytes, value: bytes) -> bytes:
    """`tag` with the attribute set as lxml does: in place if present, else last."""
    _attributes(tag)
    found = re.search(rb'(\s' + re.escape(name) + rb'=")[^"]*(")', tag)
    if found is not None:
        return tag[:found.end(1)] + value + tag[found.start(2):]
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:end] + b' %s="%s"' % (name, value) + tag[end:]


def _int_attribute(tag: bytes, name: bytes) -> int:
    value = _attributes(tag).get(name)
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Unusual from None  # docxtpl fails on it: let it say so


def _int_or(value: bytes | None, default: int | None) -> int | None:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


def _float(value: bytes | None) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Unusual from None  # docxtpl fails on it: let it say so


def put_body(document_xml: bytes, body: bytes) -> list[bytes | memoryview]:
    """The document python-docx wrote, with the rendered body's content in the marked body,
    as pieces (the body is not copied)."""
    before, mark, after = document_xml.partition(b"<!--" + BODY_MARK.encode() + b"-->")
    if not mark:
        raise RuntimeError("the rendered body has no place in the document")
    inner = memoryview(body)[body.index(b">") + 1:len(body) - len(b"</w:body>")]
    return [before, inner, after]


def scale(widths: list[int], total: int) -> list[int]:
    """Integer widths in the same proportions that add up exactly to `total`."""
    whole = sum(widths)
    scaled = [width * total // whole for width in widths]
    scaled[-1] += total - sum(scaled)
    return scaled
