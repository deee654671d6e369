"""A YAML syntax error, told in dvcq's own words: where the mistake is and what to write.

libyaml's messages ("mapping values are not allowed in this context", "while parsing a block
mapping did not find expected key") are English, technical, and often point where the
reader gave up rather than where the mistake is. Each situation is recognised here from the
error and the text around it, and gets one plain message (English source, translated through
the catalog) with the place to fix: the opening quote that is never closed, the line that
lost its indentation, the '-' without a space. No phrase of libyaml's reaches the user.
"""

from __future__ import annotations

import re

import yaml

from dvcq_cli.flaws import clipped
from dvcq_cli.i18n import _
from dvcq_cli.problems import Edit
from dvcq_cli.tuples import NamedTuple

_DASH_GLUED = re.compile(r"\s*-[^\s-]")
_COMMENT_AFTER_CONTENT = re.compile(r"\S[ \t]+#")
_BLOCK_START = re.compile(r"(?:^|[:-])\s*[|>][-+0-9]*\s*(?:#.*)?$")
_COLON_GLUED = re.compile(r"\s*((?:- )*[A-Za-z_][A-Za-z0-9_-]*):([^\s/].*)$")


class Syntax(NamedTuple):
    """What to report: 1-based position, code, message, and the repair when it is sure."""

    line: int
    column: int
    code: str
    message: str
    fix: tuple[Edit, ...] = ()


def describe(error: yaml.MarkedYAMLError, text: str, quoted: tuple[int, int, str] | None
             ) -> Syntax:
    """The problem for a syntax error in `text`. `quoted` is the last quoted value read
    before the error when it runs over several lines: (0-based start line, column, quote)."""
    lines = text.split("\n")
    problem = str(error.problem or "")
    context = str(error.context or "")
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    start = error.context_mark
    started = (start.line + 1, start.column + 1) if start is not None else None
    situation = _Situation(lines, line, column, started, problem, context)
    found = situation.unclosed_quote(quoted) or situation.classify()
    line, column = within(lines, found.line, found.column)
    return found._replace(line=line, column=column)


class _Situation:
    def __init__(self, lines: list[str], line: int, column: int,
                 started: tuple[int, int] | None, problem: str, context: str) -> None:
        self.lines = lines
        self.line = line
        self.column = column
        self.started = started
        self.problem = problem
        self.context = context

    def text_of(self, line: int) -> str:
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def at_end(self) -> bool:
        """Nothing but white space from the error to the end of the file."""
        rest = self.text_of(self.line)[self.column - 1:]
        return not rest.strip() and not "".join(self.lines[self.line:]).strip()

    def here(self, message: str, code: str = "yaml-syntax") -> Syntax:
        return Syntax(self.line, self.column, code, message)

    def at_start(self, message: str) -> Syntax:
        line, column = self.started or (self.line, self.column)
        return Syntax(line, column, "yaml-syntax", message)

    # ------------------------------------------------------------------ the situations

    def unclosed_quote(self, quoted: tuple[int, int, str] | None) -> Syntax | None:
        """A quote left open on its line: YAML reads on, over the line ends, to the next
        quote of the same kind, and fails somewhere after it."""
        if quoted is None:
            return None
        line, column, quote = quoted
        curly = self.curly_close(line + 1, column + 1)
        if curly is not None:
            return curly
        return Syntax(line + 1, column + 1, "yaml-syntax", _(
            "the quote {quote} opened here is not closed on this line, so YAML reads on to "
            "the next {quote} (line {line}) as part of the value; close it at the end of the "
            "value on this line").format(quote=quote, line=self.line))

    def classify(self) -> Syntax:
        problem, context = self.problem, self.context
        if "expected a single document" in context or "expected a single document" in problem:
            return self.here(_("only one document per file: remove the '---' line, or split "
                               "the file in two"), "yaml-multiple-documents")
        if "quoted scalar" in context:
            return self.quoted_scalar()
        if "mapping values are not allowed" in problem:
            return self.colon_in_value()
        if "could not find expected ':'" in problem:
            return self.key_without_colon()
        if "did not find expected key" in problem or "expected <block end>" in problem:
            return self.misaligned_key()
        if "did not find expected '-' indicator" in problem:
            return self.misaligned_item()
        if "flow sequence" in context or "flow mapping" in context:
            return self.unclosed_flow("[" if "sequence" in context else "{")
        if "cannot start any token" in problem:
            return self.reserved_character()
        if "block sequence entries are not allowed" in problem:
            return self.here(_("a list item '- ' cannot start on the line of its key: put "
                               "each item on its own line under the key, starting with '- '"))
        if "block scalar" in context:
            return self.here(_("the text of a '|' or '>-' block starts on the next line, "
                               "indented under its key; move it there"))
        if "anchor" in context or "alias" in context or "anchor" in problem \
                or "alias" in problem:
            return self.here(_("'&' and '*' at the start of a value mean an anchor or an "
                               "alias in YAML; put the whole value in double quotes"))
        if "tag" in context or "tag" in problem:
            return self.here(_("'!' at the start of a value means a tag in YAML; put the "
                               "whole value in double quotes"))
        if "directive" in context:
            return self.here(_("a line starting with '%' is a YAML directive; put the value "
                               "in double quotes, or remove the line"))
        if "tab" in problem:
            return self.here(_("a tab is used for indentation; YAML needs spaces (use 2 "
                               "spaces per level)"), "yaml-tab")
        if "node content" in problem:
            return self.here(_("a value is expected here; write it, or put it in double "
                               "quotes if it starts with a sign such as ',' or '?'"))
        return self.here(_("YAML cannot read this line; check its quotes, brackets, ':' and "
                           "indentation against the line above"))

    def quoted_scalar(self) -> Syntax:
        problem = self.problem
        if "end of stream" in problem:
            line, column = self.started or (self.line, self.column)
            quote = self.text_of(line)[column - 1:column] or '"'
            curly = self.curly_close(line, column)
            if curly is not None:
                return curly
            return self.at_start(_("the quote {quote} opened here is never closed; add the "
                                   "closing {quote} at the end of the value").format(
                quote=quote))
        if "unknown escape" in problem:
            return self.here(_("a backslash '\\' inside double quotes starts an escape, and "
                               "this one means nothing; write '\\\\' for a backslash, or put "
                               "the value in single quotes"))
        if "Unicode" in problem or "hexdecimal" in problem:
            return self.here(_("a '\\u' escape must name a real character; write the "
                               "character itself instead"))
        return self.at_start(_("this quoted value cannot be read; check its quotes"))

    def curly_close(self, line: int, column: int) -> Syntax | None:
        """`"Trần Thị Thu Thủy”`: opened with a straight quote, closed with a curly one."""
        text = self.text_of(line)
        end = len(text.rstrip())
        if text[column - 1:column] != '"' or not text[:end].endswith(("”", "“")):
            return None
        inside = text[column:end - 1]
        # Sure only when no curly quote opens inside: `"Phong trào “Dân vận khéo”` lacks its
        # straight closing quote, and the curly one ends a quotation of its own.
        fix = () if "“" in inside or '"' in inside else (
            Edit(line, end, text[end - 1], '"'),)
        return Syntax(line, column, "yaml-syntax", _(
            "the value opens with a straight quote \" and ends with a curly ” which YAML does "
            "not read as a quote, so it is never closed; write both as \""), fix)

    def colon_in_value(self) -> Syntax:
        text = self.text_of(self.line)
        before = text[:self.column - 1]
        misplaced = self.outdented_above()
        if misplaced is not None:
            return misplaced
        if ": " not in before and not before.lstrip().startswith(("-", "{", "[", "?")):
            return self.here(_("this line is indented more than the key above it, so YAML "
                               "reads it as part of that key's value; indent it like the keys "
                               "above it"))
        suggestion = _quoted_line(text)
        if suggestion is None:
            return self.here(_("a ':' followed by a space inside a value makes YAML read a "
                               "new key here; put the whole value in double quotes"))
        return self.here(_("a ':' followed by a space inside a value makes YAML read a new "
                           "key here; put the whole value in double quotes: {line}").format(
            line=suggestion))

    def key_without_colon(self) -> Syntax:
        line, _column = self.started or (self.line, self.column)
        text = self.text_of(line)
        if _DASH_GLUED.match(text):
            return self.dash(line)
        glued = _COLON_GLUED.match(text)
        if glued is not None:
            found = self.at_start(_("a key is separated from its value by ':' and a space; "
                                    "write: {line}").format(
                line=clipped(f"{glued.group(1)}: {glued.group(2).strip()}")))
            return found._replace(fix=(Edit(line, glued.end(1) + 1, ":", ": "),))
        cut = self.comment_above(line)
        if cut is not None:
            return cut
        above = self.content_above(line)
        if above is not None and _BLOCK_START.search(self.text_of(above)) \
                and _key_column(self.text_of(line)) <= _key_column(self.text_of(above)):
            return self.at_start(_("the text of the '|' or '>' block that starts on line {line} "
                                   "must be indented under its key; indent this line").format(
                line=above))
        if above is not None and self.text_of(above).rstrip().endswith(":") \
                and _key_column(self.text_of(line)) <= _key_column(self.text_of(above)):
            return self.at_start(_("this line looks like the value of the key on line {line}, "
                                   "but it is not indented under it; indent it more than that "
                                   "key, or write it on the key's line after ': '").format(
                line=above))
        return self.at_start(_("this line has no ':' after its key, or it continues the value "
                               "above without being indented under its key; add the ':', or "
                               "indent the line"))

    def misaligned_key(self) -> Syntax:
        text = self.text_of(self.line)
        if _DASH_GLUED.match(text):
            return self.dash(self.line)
        if self.started is not None and _DASH_GLUED.match(self.text_of(self.started[0])):
            return self.dash(self.started[0])
        before = text[:self.column - 1].rstrip()
        if before.strip() and before[-1:] in "\"'”]}":
            return self.after_closing(text, before[-1])
        cut = self.comment_above(self.line)
        if cut is not None:
            return cut
        misplaced = self.outdented_above() or self.outdented_item()
        if misplaced is not None:
            return misplaced
        where = self.started[0] if self.started else self.line
        return self.here(_("this line is not aligned with the keys of the mapping that starts "
                           "on line {line}; indent it like them").format(line=where))

    def outdented_item(self) -> Syntax | None:
        """A list item `- …` moved left of the key it belongs to (`evidence:` above it) or of
        the item above it: the advice names that line and the column to indent it to."""
        text = self.text_of(self.line)
        if not text.lstrip(" ").startswith("-"):
            return None
        above = self.content_above(self.line)
        if above is None:
            return None
        owner = self.text_of(above)
        indent = len(text) - len(text.lstrip(" "))
        owner_indent = len(owner) - len(owner.lstrip(" "))
        if owner.lstrip(" ").startswith("- ") and indent < owner_indent:
            return self.here(_("this list item is indented less than the item on line {line} "
                               "above it; indent it like that item, to column {column}").format(
                line=above, column=owner_indent + 1))
        if owner.split(" #")[0].rstrip().endswith(":") and indent <= _key_column(owner):
            return self.here(_("this list item belongs to the key on line {line}, but it is not "
                               "indented under it; indent it to column {column}").format(
                line=above, column=_key_column(owner) + 3))
        return None

    def misaligned_item(self) -> Syntax:
        text = self.text_of(self.line)
        if _DASH_GLUED.match(text):
            return self.dash(self.line)
        where = self.started[0] if self.started else self.line
        item = self.text_of(where)
        dash, key = len(item) - len(item.lstrip(" ")), _key_column(item)
        indent = len(text) - len(text.lstrip(" "))
        if dash < indent < key and not text.lstrip().startswith("-"):
            return self.here(_("this line belongs to the list item that starts on line {line}: "
                               "indent it to column {column}, like the item's first key"
                               ).format(line=where, column=key + 1))
        return self.here(_("this line is not aligned with the items of the list that starts "
                           "on line {line}: start it with '- ' at their column, or indent it "
                           "under its item").format(line=where))

    def unclosed_flow(self, opening: str) -> Syntax:
        closing = "]" if opening == "[" else "}"
        line, column = self.started or (self.line, self.column)
        opened = self.text_of(line)[column - 1:]
        cut = _COMMENT_AFTER_CONTENT.search(opened)
        if cut is not None:
            return Syntax(line, column + cut.end() - 1, "yaml-syntax", _(
                "' #' inside {opening}…{closing} starts a comment, which cuts the rest of the "
                "line, {closing} included; put the text that holds ' #' in double quotes"
            ).format(opening=opening, closing=closing))
        if self.at_end():
            return self.at_start(_("{opening} is opened here and never closed; add {closing} "
                                   "at the end of its items").format(opening=opening,
                                                                     closing=closing))
        return self.here(_("the {opening} opened on line {line} is not closed with {closing} "
                           "before this point, or a ',' is missing between its items").format(
            opening=opening, closing=closing, line=line))

    def reserved_character(self) -> Syntax:
        text = self.text_of(self.line)
        char = text[self.column - 1:self.column] or "?"
        if char == "\t":
            return self.here(_("a tab is used for indentation; YAML needs spaces (use 2 "
                               "spaces per level)"), "yaml-tab")
        suggestion = _quoted_line(text)
        if suggestion is None:
            return self.here(_("a value cannot start with '{char}'; put the whole value in "
                               "double quotes").format(char=char))
        return self.here(_("a value cannot start with '{char}'; put the whole value in double "
                           "quotes: {line}").format(char=char, line=suggestion))

    def dash(self, line: int) -> Syntax:
        text = self.text_of(line)
        column = len(text) - len(text.lstrip()) + 1
        fixed = clipped(text.strip().replace("-", "- ", 1))
        return Syntax(line, column, "yaml-syntax", _(
            "a list item starts with '-' and a space; write: {line}").format(line=fixed),
            (Edit(line, column, "-", "- "),))

    def after_closing(self, text: str, closing: str) -> Syntax:
        if closing in "]}":
            return self.here(_("text follows the closing {closing}; a list or mapping written "
                               "with brackets must end the line").format(closing=closing))
        prefix, _sep, value = text.partition(": ")
        value = value.strip()
        if not _sep or not value:
            return self.here(_("text follows the closing quote; a value that starts with a "
                               "quote must end with it: put the whole value in quotes"))
        suggestion = clipped(f"{prefix.strip()}: '{value.replace(chr(39), chr(39) * 2)}'")
        quote = value[:1]
        end = value.find(quote, 1) if quote in "\"'" else -1
        inner, rest = value[1:end], value[end + 1:].strip()
        if end > 1 and rest and not any(char.isspace() for char in inner):
            # `task: "1" họp`: a quoted word is most often an id, a choice, a number or a
            # date, which what follows cannot belong to: quoting it all would only make the
            # next error. Keep the value and the words as a comment; text is quoted whole.
            return self.here(_("text follows the closing quote of {value}: if the value is an "
                               "id, a choice, a number or a date, delete '{rest}' or keep it as "
                               "a comment: {comment}; if it is text, put it all in quotes: "
                               "{line}").format(
                value=value[:end + 1], rest=clipped(rest), line=suggestion,
                comment=clipped(f"{prefix.strip()}: {value[:end + 1]}  # "
                                f"{rest.lstrip('#').strip()}")))
        return self.here(_("text follows the closing quote; a value that starts with a quote "
                           "must end with it: put the whole value in quotes: {line}").format(
            line=suggestion))

    def comment_above(self, line: int) -> Syntax | None:
        """The line above ends in a plain value cut by ' #': this line was its rest."""
        for above in range(line - 1, max(line - 4, 0), -1):
            text = self.text_of(above)
            if not text.strip():
                continue
            match = _COMMENT_AFTER_CONTENT.search(text)
            if match is None or text.lstrip().startswith("#") or \
                    text[:match.end()].count('"') % 2 or text[:match.end()].count("'") % 2:
                return None
            return Syntax(above, match.end(), "comment-cuts-text", _(
                "YAML reads ' #' as the start of a comment, so the value stops here and the "
                "lines after it no longer continue it; put the whole value in double quotes"))
        return None

    def content_above(self, line: int) -> int | None:
        """The nearest line above `line` that holds something other than a comment."""
        above = line - 1
        while above >= 1 and (not self.text_of(above).strip()
                              or self.text_of(above).lstrip().startswith("#")):
            above -= 1
        return above if above >= 1 else None

    def outdented_above(self) -> Syntax | None:
        """The line above is less indented than the lines on both sides of it (`date:` moved
        to column 1 inside a list item): that line is the mistake, not this one."""
        above = self.line - 1
        while above >= 1 and not self.text_of(above).strip():
            above -= 1
        earlier = above - 1
        while earlier >= 1 and (not self.text_of(earlier).strip()
                                or self.text_of(earlier).lstrip().startswith("#")):
            earlier -= 1
        if above < 1 or earlier < 1:
            return None
        here, mid, first = (_key_column(self.text_of(n)) for n in (self.line, above, earlier))
        if mid < here and mid < first and ":" in self.text_of(above):
            return Syntax(above, mid + 1, "yaml-syntax", _(
                "this line is indented less than the lines around it, so the lines after it "
                "no longer fit; indent it like line {line}").format(line=earlier))
        return None


def _key_column(text: str) -> int:
    """0-based column where a line's content starts, after any list dashes."""
    stripped = text.lstrip(" ")
    column = len(text) - len(stripped)
    while stripped.startswith("- "):
        rest = stripped[2:].lstrip(" ")
        column += len(stripped) - len(rest)
        stripped = rest
    return column


def _quoted_line(text: str) -> str | None:
    """`key: value` with the value in double quotes, or None when the line is not one."""
    match = re.match(r"\s*((?:- )*[^\s:#\"'][^:#]*?:) (.+)$", text)
    if match is None:
        return None
    value = match.group(2).strip().replace("\\", "\\\\").replace('"', '\\"')
    return clipped(f'{match.group(1)} "{value}"')


def within(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """The position, or the end of the last line that has text when it is past that."""
    lines = list(lines)
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, max(1, min(column, len(lines[line - 1]) + 1))
