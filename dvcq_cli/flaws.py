"""What a YAML reader silently takes differently from what the file shows.

Two such things, found here on the text and the node tree the loader has just made:

- A comment after a plain or quoted value. In YAML ` #` starts a comment, so in
  `note: Đã họp với Phòng #2 chiều nay` (or `note: "Đã họp với Phòng" #2 chiều nay`) the
  value is `Đã họp với Phòng` and the rest is lost without a word.
  The boundary dvcq draws (docs/en/reference/yaml-dialect.md): a comment
  written as one (at least two spaces before `#`, and a space or the end of the line after
  it, as in `so_ccvc: 14  # tính cả hợp đồng`) is a comment. Anything else after a text
  value is an error at the `#`; after another value (a number, a date, an id) a `#` glued to
  what follows (`14 #2`) reads like part of the value and is an error too.
- An invisible character (a no-break space, a zero-width space, a soft hyphen, …; see
  `characters.py`) in a value. dvcq reads it as what it looks like. In free text that is a
  warning; in an id, a choice, a number or a date, where it changes what the value is for
  every other tool, it is an error. (In keys, indentation and between a ':' and its value
  the loader reports it as an error itself.)

How serious each is depends on the value's type, which only the schema knows: the loader
attaches a `Flaw` to the scalar node, and the schema turns it into a problem when it builds
that node (`problem`). Flaws of nodes no spec ever built are judged without a type
(`leftover_problem`).
"""

from __future__ import annotations

import bisect
import re
from typing import Protocol

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dvcq_cli import characters
from dvcq_cli.i18n import _
from dvcq_cli.problems import Edit, Problem, Severity
from dvcq_cli.tuples import NamedTuple


class Invisible(NamedTuple):
    """An invisible character at a 1-based line and column of the file as written."""

    line: int
    column: int
    char: str


class Flaw(NamedTuple):
    """A comment that follows a plain value, or invisible characters inside a value."""

    kind: str  # "comment" or "invisible"
    line: int  # 1-based, as written: the '#', or the first invisible character
    column: int
    found: str  # comment: what YAML drops ('#2 chiều nay'); invisible: the characters
    glued: bool = False  # comment: the '#' is directly followed by text
    quoted: str = ""  # comment: the line to write with the whole value in double quotes
    commented: str = ""  # comment: the line to write when it is a comment
    after_quote: bool = False  # comment: it follows a quoted value's closing quote
    edits: tuple[Edit, ...] = ()  # invisible: the repair
    # invisible, at the start or end inside a value's quotes (`qcdc: "tot⟨U+00A0⟩"`): the
    # repair where the value is not text (an id, a choice, a number, a date has no space at
    # its ends, so the character is deleted, not made a space); empty otherwise
    edge_edits: tuple[Edit, ...] = ()


def problem(path: str, flaw: Flaw, value: str, as_text: bool) -> Problem | None:
    """The problem a flaw is on a value of text (`as_text`) or of another type; None when
    it is none (a comment after a number, spaced as a comment but with one space only)."""
    if flaw.kind == "invisible":
        return _invisible_problem(path, flaw, value, as_text)
    if not flaw.glued and not (as_text and value):
        return None  # a comment after a number, a date, an id or nothing, with one space
    if as_text or not value:
        return Problem(path, flaw.line, flaw.column, Severity.ERROR, "comment-cuts-text",
                       _cut_message(flaw, value))
    return Problem(path, flaw.line, flaw.column, Severity.ERROR, "comment-malformed", _(
        "'{found}' is read as a comment, not as part of the value '{value}'; write a comment "
        "with two spaces, '#' and a space: {commented}").format(
        found=flaw.found, value=value, commented=flaw.commented))


def leftover_problem(path: str, flaw: Flaw, value: str) -> Problem | None:
    """A flaw of a node no spec judged (an empty optional value, a value under an unknown
    key, an assessment whose plan cannot be read): a '#' glued to text reads like text,
    and an invisible character is taken as changing the value."""
    if flaw.kind == "comment":
        return problem(path, flaw, value, as_text=True) if flaw.glued else None
    return _invisible_problem(path, flaw, value, as_text=False)


def _cut_message(flaw: Flaw, value: str) -> str:
    if flaw.after_quote:
        return _("YAML reads ' #' after the closing quote as the start of a comment, so "
                 "'{found}' is lost; move it inside the quotes: {quoted} (a comment needs "
                 "two spaces before '#' and one after it)").format(
            found=flaw.found, quoted=flaw.quoted)
    if not value:
        return _("YAML reads ' #' as the start of a comment, so this value is empty and "
                 "'{found}' is lost; write the value without '#' before it, or in double "
                 "quotes if it is text: {quoted}").format(found=flaw.found, quoted=flaw.quoted)
    return _("YAML reads ' #' as the start of a comment, so the text stops here and "
             "'{found}' is lost; put the whole value in double quotes: {quoted} (a comment "
             "needs two spaces before '#' and one after it)").format(
        found=flaw.found, quoted=flaw.quoted)


def _invisible_problem(path: str, flaw: Flaw, value: str, as_text: bool) -> Problem:
    char = flaw.found[0]
    what = characters.name(char)
    if len(flaw.found) > 1:
        what = _("{first} and {count} more invisible character(s)").format(
            first=what, count=len(flaw.found) - 1)
    fix = flaw.edits
    if as_text:
        message = _("{what} in this text, pasted from Word or a web page: {reading}, other "
                    "tools do not; 'dvcq fix' repairs it").format(
            what=what, reading=_reading(char))
        severity = Severity.WARNING
    elif flaw.edge_edits:
        message = _("{what} inside the quotes of '{value}', at its start or end, pasted from "
                    "Word or a web page: an id, a choice, a number or a date has no space "
                    "there, so the value is not what it shows; 'dvcq fix' removes it").format(
            what=what, value=value.strip())
        severity = Severity.ERROR
        fix = flaw.edge_edits
    else:
        message = _("{what} in the value '{value}', pasted from Word or a web page: {looks}, "
                    "so the value is not what it shows; 'dvcq fix' repairs it").format(
            what=what, value=value, looks=_looks(char))
        severity = Severity.ERROR
    return Problem(path, flaw.line, flaw.column, severity, "invisible-character", message,
                   fix=fix)


def _reading(char: str) -> str:
    if characters.replacement(char):
        return _("dvcq reads it as a space")
    return _("dvcq leaves it out")


def _looks(char: str) -> str:
    if characters.replacement(char):
        return _("it looks like a space, but YAML does not read it as one")
    return _("it cannot be seen, but YAML reads it as a character")


def structural_problem(path: str, found: list[Invisible], where: str, line: str) -> Problem:
    """Invisible characters on one line outside any value: in the indentation, after a ':'
    or '-', in a key. They change how YAML reads the line: an error."""
    first = found[0]
    what = characters.name(first.char)
    if len(found) > 1:
        what = _("{first} and {count} more invisible character(s)").format(
            first=what, count=len(found) - 1)
    places = {"indentation": _("in the indentation"), "key": _("in a key"),
              "after": _("after the ':' or '-'")}
    message = _("{what} {place}, pasted from Word or a web page: {looks}, so the line does "
                "not mean what it shows; 'dvcq fix' repairs it").format(
        what=what, place=places.get(where, _("on this line")), looks=_looks(first.char))
    repair = edits(found, line)
    if where == "key":  # `so_ccvc⟨U+00A0⟩: 14`: deleted before the ':', not left as a space
        repair = tuple(edit._replace(new="") if line[edit.column:].lstrip(BLANK)[:1] == ":"
                       else edit for edit in repair)
    return Problem(path, first.line, first.column, Severity.ERROR, "invisible-character",
                   message, fix=repair)


def edits(found: list[Invisible], line: str) -> tuple[Edit, ...]:
    """The repair of invisible characters on one line as written: each becomes what it is
    read as (a space, or nothing); a space-like one that ends the line is deleted rather
    than left as a trailing space."""
    return tuple(Edit(item.line, item.column, item.char,
                      "" if not line[item.column:].strip(BLANK)
                      else characters.replacement(item.char))
                 for item in found)


# ------------------------------------------------------------------------------ finding

BLANK = " \t" + characters.INVISIBLE


def comment_candidates(text: str) -> list[tuple[int, int]]:
    """0-based line and column of each '#' that follows a space and some content on its
    line: the comments that may follow a value (or a '#' inside a quoted or block value).

    Every file is searched, most have no such '#', and many have a few comment lines: the
    search goes from '#' to '#' (a memchr each), not through a pattern."""
    found = []
    line = counted = 0  # lines before `counted`
    at = text.find("#")
    while at >= 0:
        if at and text[at - 1] in " \t":
            start = text.rfind("\n", 0, at) + 1
            if text[start:at].strip(" \t"):
                line += text.count("\n", counted, start)
                counted = start
                found.append((line, at - start))
        at = text.find("#", at + 1)
    return found


class ScalarSpan(NamedTuple):
    """A scalar and where it is: 0-based marks of the text YAML read, 1-based positions of
    the file as written."""

    node: ScalarNode
    is_key: bool
    start: tuple[int, int]  # (line, column) 0-based, parse coordinates
    end: tuple[int, int]
    written_start: tuple[int, int]  # 1-based, as written
    written_end: tuple[int, int]


def scalars_on(root: Node, lines: set[int], original: object) -> list[ScalarSpan]:
    """The scalars that start, end or lie on one of `lines` (0-based). `original` maps a
    1-based (line, column) of the parsed text to the file as written. Collections that
    hold none of the lines are not entered: a plan of thousands of units with a few
    comments costs a walk of the few branches that have them."""
    found: list[ScalarSpan] = []
    wanted = sorted(lines)
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, is_key = stack.pop()
        start, end = node.start_mark.line, node.end_mark.line
        first = bisect.bisect_left(wanted, start)
        if first == len(wanted) or wanted[first] > end:
            continue  # no wanted line from its first line to its last
        if isinstance(node, ScalarNode):
            start_mark, end_mark = node.start_mark, node.end_mark
            found.append(ScalarSpan(
                node, is_key, (start, start_mark.column), (end, end_mark.column),
                original(start + 1, start_mark.column + 1),  # type: ignore[operator]
                original(end + 1, end_mark.column + 1)))  # type: ignore[operator]
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, True))
                stack.append((value, False))
        elif isinstance(node, SequenceNode):
            stack.extend((item, False) for item in node.value)
    return found


def comment_flaw(span: ScalarSpan, lines: list[str], column: int,
                 written: tuple[int, int]) -> Flaw | None:
    """The flaw of a comment whose '#' is at `column` (0-based) of the line where the plain
    or quoted value `span` ends (`lines` are the parsed text's); None when it is written as
    one. After a closing quote the boundary is the same as after plain text: a clerk who
    quoted part of a line and kept typing (`note: "Đã họp" #2 chiều nay`) loses the rest
    exactly as without quotes."""
    end_line, end_column = span.end
    text = lines[end_line]
    spaced = text[column + 1:column + 2] in ("", " ", "\t")
    if column - end_column >= 2 and spaced:
        return None
    found = text[column:].rstrip()
    # A comment written as one further on (`#2 chiều nay  # ghi chú riêng`) stays a comment
    # in the advice: only the text before it is lost, and only that goes inside the quotes.
    kept = _LATER_COMMENT.search(found, 1)
    comment = f"  {found[kept.end() - 1:]}" if kept else ""
    found = found[:kept.start()] if kept else found
    value = span.node.value
    whole = value + text[end_column:column] + found if value else found
    prefix = lines[span.start[0]][:span.start[1]].strip()
    quoted = (f"{prefix} {double_quoted(whole)}" if prefix else double_quoted(whole)) + comment
    commented = f"{text[:end_column].strip()}  # {found[1:].strip()}{comment}"
    return Flaw("comment", written[0], written[1], clipped(found), not spaced, clipped(quoted),
                clipped(commented), after_quote=bool(span.node.style))


# Where a comment starts by the rule dvcq documents: two spaces (or a tab) before '#', and
# a space or the line's end after it.
_LATER_COMMENT = re.compile(r"[ \t]*(?:  |\t)#(?=[ \t]|$)")


def clipped(text: str, limit: int = 240) -> str:
    """`text` as a message quotes it: a line of 500,000 characters is shown by its start and
    end (the message is read on a terminal, not copied from)."""
    if len(text) <= limit:
        return text
    return text[:limit * 2 // 3] + " … " + text[-(limit // 3):]


def double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def blank(text: str) -> bool:
    """Only spaces, tabs and invisible characters."""
    return not text.strip(BLANK)


class Positions(Protocol):
    """How the loader's text maps back to the file as written (loader._Columns)."""

    invisibles: list[Invisible]
    written: list[str]  # the lines as written, when there are invisible characters

    def original(self, line: int, column: int) -> tuple[int, int]: ...


def examine(root: Node, text: str, candidates: list[tuple[int, int]], columns: Positions,
            path: str) -> tuple[dict[Node, list[Flaw]], list[Problem]]:
    """Comments after plain values and invisible characters, placed on the parsed tree:
    each becomes a flaw of its value (judged by the schema, which knows the value's type) or,
    outside any value, a problem. Only for the rare file that has either."""
    found: dict[Node, list[Flaw]] = {}
    lines = text.split("\n")
    wanted = {line for line, _column in candidates} | {
        item.line - 1 for item in columns.invisibles}
    spans = scalars_on(root, wanted, columns.original)
    by_line: dict[int, list[ScalarSpan]] = {}
    for span in spans:
        for line in range(span.start[0], span.end[0] + 1):
            if line in wanted:
                by_line.setdefault(line, []).append(span)
    comments: dict[int, int] = {}  # 1-based line → written column where its comment starts
    for line, column in candidates:
        on_line = by_line.get(line, [])
        if any(span.start <= (line, column) < span.end for span in on_line):
            continue  # a '#' inside a quoted or block value
        written = columns.original(line + 1, column + 1)
        comments.setdefault(line + 1, written[1])
        before = [span for span in on_line if not span.is_key and span.end[0] == line
                  and span.end[1] <= column and blank(lines[line][span.end[1]:column])]
        if before and before[-1].node.style in (None, "", '"', "'"):
            flaw = comment_flaw(before[-1], lines, column, written)
            if flaw is not None:
                found.setdefault(before[-1].node, []).append(flaw)
    return found, _place_invisibles(columns, by_line, comments, path, found, lines)


def _place_invisibles(columns: Positions, by_line: dict[int, list[ScalarSpan]],
                      comments: dict[int, int], path: str, found: dict[Node, list[Flaw]],
                      lines: list[str]) -> list[Problem]:
    """Each invisible character on the value it is in (a flaw), or outside values: one
    problem a line and place (in the indentation, after ':', in a key)."""
    in_values: dict[ScalarNode, list[Invisible]] = {}
    span_of: dict[ScalarNode, ScalarSpan] = {}
    outside: dict[tuple[int, str], list[Invisible]] = {}
    for item in columns.invisibles:
        written = columns.written[item.line - 1]
        if written.lstrip(BLANK).startswith("#") or \
                item.column > comments.get(item.line, len(written) + 1):
            continue  # in a comment: nothing reads it
        place = (item.line, item.column)
        spans = by_line.get(item.line - 1, [])
        span = next((span for span in spans
                     if span.written_start <= place <= span.written_end), None)
        if span is None:
            span = _value_after(item, spans, written)
        if span is not None and not span.is_key and _indents_continuation(item, span, written,
                                                                          lines):
            outside.setdefault((item.line, "indentation"), []).append(item)
        elif span is not None and not span.is_key:
            in_values.setdefault(span.node, []).append(item)
            span_of[span.node] = span
        else:
            where = "key" if span is not None else _place_of(item, written)
            outside.setdefault((item.line, where), []).append(item)
    written = columns.written
    for node, items in in_values.items():
        repair = tuple(edit for item in items for edit in edits([item], written[item.line - 1]))
        found.setdefault(node, []).append(Flaw(
            "invisible", items[0].line, items[0].column, "".join(i.char for i in items),
            edits=repair, edge_edits=_edge_edits(span_of[node], items, repair, written)))
    return [structural_problem(path, items, where, written[line - 1])
            for (line, where), items in outside.items()]


def _indents_continuation(item: Invisible, span: ScalarSpan, written: str,
                          lines: list[str]) -> bool:
    """Whether `item` stands in the indentation of a plain or block value's continuation
    line (`⟨U+00A0⟩⟨U+00A0⟩    Văn phòng …` under `text: >-`): dvcq reads it as a space,
    but for other YAML readers the line is then indented less than its value needs, and the
    file cannot be read. Only the spaces before the first other character count as
    indentation for them."""
    if item.line == span.written_start[0] or not blank(written[:item.column - 1]):
        return False
    style = span.node.style
    if style in ("'", '"'):
        return False  # a quoted value's line breaks are not indentation
    first = span.start[0]
    if style in ("|", ">"):
        content = next((line for line in lines[first + 1:span.end[0] + 1] if line.strip()), "")
        needed = len(content) - len(content.lstrip(" "))
    else:
        needed = len(lines[first]) - len(lines[first].lstrip(" ")) + 1
    return len(written) - len(written.lstrip(" ")) < needed


def _edge_edits(span: ScalarSpan, items: list[Invisible], repair: tuple[Edit, ...],
                written: list[str]) -> tuple[Edit, ...]:
    """The repair of a one-line quoted value whose space-like invisible characters are at
    its start or end inside the quotes (`"tot⟨U+00A0⟩"`), deleting those; () otherwise."""
    node = span.node
    line, first = span.written_start
    if node.style not in ("'", '"') or span.written_end[0] != line:
        return ()
    text = written[line - 1]
    inner = text[first:span.written_end[1] - 2]  # between the quotes (columns are 1-based)
    for item in items:
        at = item.column - 1 - first  # index in `inner`
        if not (blank(inner[:at]) or blank(inner[at + 1:])):
            return ()  # one inside the value: not a mere edge
    return tuple(edit._replace(new="") if edit.new.isspace() else edit for edit in repair)


def _value_after(item: Invisible, spans: list[ScalarSpan], written: str
                 ) -> ScalarSpan | None:
    """The value that starts after `item` on its line with only blanks between, when a
    real space separates them from the ':' or '-' before (`text:  Họp`): the character
    belongs to the value. Directly after the ':' it is the line's structure (`text:Họp`)."""
    for span in spans:
        line, column = span.written_start
        if line != item.line or column <= item.column or span.is_key:
            continue
        before = written[:column - 1]
        prefix = before.rstrip(BLANK)
        if len(prefix) < item.column - 1 and before[len(prefix)] in " \t":
            return span
    return None


def _place_of(item: Invisible, written: str) -> str:
    before = written[:item.column - 1]
    if blank(before):
        return "indentation"
    if before.rstrip(BLANK).endswith((":", "-")):
        return "after"
    return "line"


def unparsed_invisibles(columns: Positions, path: str) -> list[Problem]:
    """The file does not parse: the invisible characters that change its structure
    (indentation, after a ':' or '-'); those in values wait until it parses."""
    outside: dict[tuple[int, str], list[Invisible]] = {}
    for item in columns.invisibles:
        where = _place_of(item, columns.written[item.line - 1])
        if where in ("indentation", "after"):
            outside.setdefault((item.line, where), []).append(item)
    return [structural_problem(path, items, where, columns.written[line - 1])
            for (line, where), items in outside.items()]
