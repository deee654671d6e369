"""YAML text → node tree that remembers the line and column of every key and value.

The dialect is deliberately small (see docs/en/reference/yaml-dialect.md): one document per file,
no anchors, aliases, tags or merge keys, no duplicate keys. Scalars are NOT given types here:
every scalar stays text with its quoting style, and `scalars.py` decides what a plain value
means once the schema says what type it should have. That is what lets `yes`, `010` or
`1:30` be refused with a message instead of silently becoming `True`, `8` or `90`.
"""

from __future__ import annotations

import bisect
import operator
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dvcq_cli import characters, encodings, flaws, mojibake, vietnamese, yaml_errors
from dvcq_cli.flaws import Flaw, Invisible
from dvcq_cli.i18n import _
from dvcq_cli.problems import Edit, Problem, Severity
from dvcq_cli.tuples import NamedTuple

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_DEFAULT_TAGS = {ScalarNode: STR_TAG, SequenceNode: SEQ_TAG, MappingNode: MAP_TAG}


class Limits(NamedTuple):
    """Bounds that keep a hostile or mistaken file from exhausting the machine."""

    max_file_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64


DEFAULT_LIMITS = Limits()


class _PlainResolver:
    """Gives every node its default tag: typing happens later, against the schema."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _DEFAULT_TAGS[kind]

    # The composer calls these two around every node, and dvcq's tags never depend on a
    # node's place: built-in functions that take the same arguments and do nothing of
    # consequence, so that no Python frame is made for them (5% of composing a file).
    descend_resolver = staticmethod(operator.is_)  # (parent, index) → ignored
    ascend_resolver = staticmethod(tuple)  # () → ignored


try:  # libyaml's C parser and composer, about ten times faster than the pure-Python one
    from yaml._yaml import CParser

    class _NodeLoader(_PlainResolver, CParser):  # type: ignore[misc]
        pass

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _NodeLoader(Reader, Scanner, Parser, Composer, _PlainResolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    HAVE_LIBYAML = False


@dataclass
class LoadedFile:
    """One YAML file: its display path, its text (NFC) and its root node, or the problems.

    `flaws` holds, by scalar node, what only the value's type can judge: a comment that may
    cut the value, invisible characters in it (see flaws.py). The schema reports them."""

    path: str
    text: str = ""
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)
    flaws: dict[Node, list[Flaw]] = field(default_factory=dict)
    # The dialect check left for later (see `check_dialect`).
    dialect_deferred: bool = False


def position(node: Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


class _Report:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.flaws: dict[Node, list[Flaw]] = {}
        self.dialect_deferred = False

    def at(self, line: int, column: int, code: str, message: str,
           severity: Severity = Severity.ERROR, fix: tuple[Edit, ...] = ()) -> None:
        self.problems.append(Problem(self.path, line, column, severity, code, message,
                                     fix=fix))

    def at_node(self, node: Node, code: str, message: str,
                severity: Severity = Severity.ERROR) -> None:
        self.at(*position(node), code, message, severity)


def load_file(file: Path, display: str, limits: Limits = DEFAULT_LIMITS,
              defer_dialect: bool = False) -> LoadedFile:
    """Read, decode, normalise and compose one file. Never raises for bad input."""
    report = _Report(display)
    data = _read_bytes(file, limits, report)
    if data is None:
        return LoadedFile(display, problems=report.problems)
    return load_bytes(data, display, limits, report, defer_dialect)


def load_bytes(data: bytes, display: str, limits: Limits = DEFAULT_LIMITS,
               report: _Report | None = None, defer_dialect: bool = False) -> LoadedFile:
    """Decode, normalise and compose the bytes of a file (`dvcq fix` checks its repairs so).

    `defer_dialect`: the caller will call `check_dialect` (see there)."""
    report = report or _Report(display)
    result = LoadedFile(display, problems=report.problems, flaws=report.flaws)
    normalised = _decode(data, report)
    if normalised is None:
        return result
    result.text, columns = normalised
    result.root = parse_text(result.text, report, limits, columns, defer_dialect)
    result.dialect_deferred = report.dialect_deferred
    return result


def check_dialect(loaded: LoadedFile, limits: Limits = DEFAULT_LIMITS) -> None:
    """The dialect check (merge, complex and duplicate keys, depth) of a file loaded with
    `defer_dialect`, when the loader left it for later: its problems are added to the
    file's, and the root is dropped when the tree is too deep to use.

    The loader leaves it only when it would be the last thing to report (no explicit key,
    no tab after a key's ':', no '#' that may end a value, no invisible character, no
    column moved), so the problems come in the same order as if it had run there. The
    caller may skip it when the fast build proves it has nothing to say (see
    schema.build_unchecked): most files of a workspace."""
    if not loaded.dialect_deferred or loaded.root is None:
        return
    loaded.dialect_deferred = False
    report = _Report(loaded.path)
    report.problems = loaded.problems
    if not _plain_tree(loaded.root, limits.max_depth) and \
            not _check_dialect(loaded.root, report, limits, explicit_keys=False):
        loaded.root = None


def load_text(text: str, display: str, limits: Limits = DEFAULT_LIMITS) -> LoadedFile:
    """Compose YAML that is already a str (tests, generated files)."""
    report = _Report(display)
    normalised = _normalise(text, report)
    if normalised is None:
        return LoadedFile(display, "", None, report.problems)
    text, columns = normalised
    return LoadedFile(display, text, parse_text(text, report, limits, columns),
                      report.problems, report.flaws)


def read_bytes(file: Path, limits: Limits = DEFAULT_LIMITS) -> bytes | None:
    """The bytes of a regular file within the size limit, or None (`load_file` says why)."""
    return _read_bytes(file, limits, _Report(str(file)))


def normalise_text(text: str, display: str) -> tuple[str | None, list[Problem]]:
    """A text from elsewhere (a spreadsheet cell) through the checks a file's text gets:
    control characters, line separators, decomposed Unicode, TCVN3 look-alikes. The NFC
    text (None when unusable) and the problems, at lines and columns of `text`."""
    report = _Report(display)
    normalised = _normalise(text, report)
    return (normalised[0] if normalised is not None else None), report.problems


def _read_bytes(file: Path, limits: Limits, report: _Report) -> bytes | None:
    try:
        info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            report.at(0, 0, "file-unreadable", _("this is a folder, not a YAML file"))
            return None
        if not stat.S_ISREG(info.st_mode):
            # Opening a named pipe would wait forever for a writer; a device never ends.
            report.at(0, 0, "file-unreadable", _(
                "this is not a regular file (a pipe, socket or device); a YAML file must be "
                "an ordinary file"))
            return None
        size = info.st_size
        if size > limits.max_file_bytes:
            report.at(0, 0, "file-too-large", _(
                "file is {size} bytes, more than the limit of {limit} bytes; "
                "split it, or raise the limit with --max-file-size"
            ).format(size=size, limit=limits.max_file_bytes))
            return None
        with file.open("rb") as handle:
            # What stat() announced plus one byte (read(n) sets n bytes aside, so not the
            # limit), and more only if the file has grown since: at most one byte past
            # the limit.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(limits.max_file_bytes + 1 - len(data))
    except PermissionError:
        report.at(0, 0, "file-unreadable", _("permission denied: cannot read this file"))
        return None
    except OSError as error:
        report.at(0, 0, "file-unreadable", _("cannot read this file: {reason}").format(
            reason=error.strerror or error.__class__.__name__))
        return None
    if len(data) > limits.max_file_bytes:
        report.at(0, 0, "file-too-large", _(
            "file is larger than the limit of {limit} bytes; split it, or raise the limit "
            "with --max-file-size").format(limit=limits.max_file_bytes))
        return None
    return data


_ENCODING_NAMES = {
    "windows-1258": "Windows-1258",
    "tcvn3": "TCVN3 (ABC, .VnTime fonts)",
    "vni": "VNI (VNI-Times fonts)",
    "utf-16": "UTF-16",
    "latin-1": "Latin-1 (Windows-1252)",
}


def _decode(data: bytes, report: _Report) -> tuple[str, _Columns] | None:
    decoded = encodings.decode(data)
    if isinstance(decoded, encodings.EncodingIssue):
        if decoded.kind == "binary":
            report.at(decoded.line, decoded.column, "file-binary", _(
                "this is not a text file (it contains a NUL byte); "
                "YAML files must be plain UTF-8 text"))
        elif decoded.kind == "utf16":
            report.at(decoded.line, decoded.column, "file-encoding", _(
                "the file is saved as UTF-16; save it again as UTF-8"))
        elif decoded.guess == "utf-8":
            report.at(decoded.line, decoded.column, "file-encoding", _(
                "the file is UTF-8 apart from a few bytes here that are not (a damaged "
                "character, or text pasted from a file in another encoding); retype the "
                "text at this place and save the file as UTF-8"))
        elif decoded.guess in _ENCODING_NAMES:
            report.at(decoded.line, decoded.column, "file-encoding", _(
                "the file is not UTF-8: it looks like {encoding}; convert it to Unicode UTF-8 "
                "(for example with Unikey's converter) and save it again"
            ).format(encoding=_ENCODING_NAMES[decoded.guess]))
        else:
            report.at(decoded.line, decoded.column, "file-encoding", _(
                "the file is not valid UTF-8; save it again as UTF-8"))
        return None
    # (UTF-8 with one BOM: `data` without it is the text's own encoding)
    return _normalise(decoded.text, report, data[3:] if decoded.had_bom else data)


# Characters YAML does not allow in a file: C0 and C1 controls other than tab, LF, CR and
# NEL, DEL, surrogates, U+FFFE and U+FFFF. Invisible in most editors; usually pasted from
# Word (U+000B is its manual line break) or a PDF.
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
# Line breaks for YAML 1.1 readers (PyYAML included) but not for editors or YAML 1.2.
_SEPARATORS = "[\x85\u2028\u2029]"
# Any character one of the checks below looks for: the controls, the separators, the
# invisible characters Word pastes and the TCVN3 look-alikes. Most files have none, so one
# scan of the text replaces four (a third of the time of reading a file at province scale).
_SUSPECT = re.compile("[" + _CONTROL[1:-1] + _SEPARATORS[1:-1] + characters.INVISIBLE
                      + re.escape("".join(sorted(vietnamese.LEGACY_LOOKALIKES
                                                 | set(mojibake.SIGNS)))) + "]")
# The ASCII characters that are none of those (printable ones, tab, LF, CR): most of a file.
_PLAIN_ASCII = bytes(code for code in range(128) if not _SUSPECT.match(chr(code)))


def _has_suspect(text: str, utf8: bytes | None) -> bool:
    """Is a character of _SUSPECT in `text`? `utf8`, when given, is `text` encoded: its bytes
    without the plain ASCII ones are the text's other characters, whole (a character of two
    to four bytes has no ASCII byte), so a tenth of the text is searched, not all of it."""
    if utf8 is None:
        return _SUSPECT.search(text) is not None
    return _SUSPECT.search(utf8.translate(None, _PLAIN_ASCII).decode("utf-8")) is not None


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of text[index]; lines end at LF."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


# Word's manual line break and page break, and the Unicode line separators: read as a space.
_BREAKS = frozenset("\x0b\x0c\x85\u2028\u2029")


def _unbreaks(text: str, pattern: str) -> list[tuple[int, str, str]]:
    """Where each character of `pattern` is in `text`, and what it is read as: a line or
    page break (Word's Shift+Enter, U+2028) becomes the space it stands for, or nothing where
    a space, a line's end or another one is beside it; any other control character is
    nothing. `text` has LF line ends, as written otherwise."""
    found = re.compile(pattern)
    replaced = []
    for match in found.finditer(text):
        at, char = match.start(), match.group()
        before, after = text[at - 1:at] or "\n", text[at + 1:at + 2] or "\n"
        spaced = char in _BREAKS and before not in " \t\n" and after not in " \t\n" \
            and not found.match(after)
        replaced.append((at, char, " " if spaced else ""))
    return replaced


def _unbreak_edits(text: str, pattern: str) -> tuple[Edit, ...]:
    """The repair of every character of `pattern` in the file (see _unbreaks)."""
    return tuple(Edit(*_line_column(text, at), char, new)
                 for at, char, new in _unbreaks(text, pattern))


class _Shortened:
    """A text read with some runs replaced by shorter ones (a garbled word by the word it
    was, a control character by nothing), and where the characters no longer read were, so
    that every later position can still be given as the file is written."""

    def __init__(self) -> None:
        # By line, the sorted 0-based columns, as written, of the characters dropped.
        self.dropped: dict[int, list[int]] = {}

    def apply(self, text: str, replaced: list[tuple[int, str, str]]) -> str:
        """`text` with each (index, old, new) applied; `new` is never longer than `old`."""
        pieces, done, dropped = [], 0, {}
        for at, old, new in replaced:
            pieces += [text[done:at], new]
            done = at + len(old)
            line, column = _line_column(text, at + len(new))
            for offset in range(len(old) - len(new)):
                dropped.setdefault(line, []).append(
                    self.written(line, column + offset)[1] - 1)
        pieces.append(text[done:])
        for line, columns in dropped.items():
            self.dropped[line] = sorted(self.dropped.get(line, []) + columns)
        return "".join(pieces)

    def written(self, line: int, column: int) -> tuple[int, int]:
        """The 1-based column as written of a column of the text as it was before the
        latest `apply`."""
        return line, _skip(self.dropped.get(line), column)


def _skip(removed: list[int] | None, column: int) -> int:
    """A 1-based column of a line read without the characters at the sorted 0-based
    `removed` columns, as the line is written."""
    if not removed or column < 1:
        return column
    at = column - 1
    for count, index in enumerate(removed):
        if index - count > at:
            break
        at += 1
    return at + 1


def _garbled(text: str, report: _Report) -> list[mojibake.Garbled]:
    """Vietnamese saved twice (`Tráº§n` for `Trần`, see mojibake.py): an error at the first
    place, naming the word and what it was; the repair of every place is `dvcq fix`'s. The
    places found, which the file is then read as (so that its other problems are reported
    in the same run, and C1 controls in it, `Ä\x90` for `Đ`, are not taken for controls)."""
    found = mojibake.find(text) if mojibake.SIGNS[0] in text or mojibake.SIGNS[1] in text \
        or mojibake.SIGNS[2] in text else []
    if not found:
        return found
    first = found[0]
    start = max(text.rfind(" ", 0, first.start), text.rfind("\n", 0, first.start)) + 1
    ends = [at for at in (text.find(" ", first.end), text.find("\n", first.end)) if at >= 0]
    end = min(ends) if ends else len(text)
    word, meant = text[start:end], text[start:end]
    for run in reversed([run for run in found if start <= run.start and run.end <= end]):
        meant = meant[:run.start - start] + run.meant + meant[run.end - start:]
    report.at(*_line_column(text, first.start), "text-mojibake", _(
        "this text was saved in the wrong encoding (UTF-8 read as Windows-1252, then saved "
        "again): '{found}' is '{meant}'; 'dvcq fix' repairs every such place in the file"
    ).format(found=characters.visible(word), meant=meant),
        fix=tuple(Edit(*_line_column(text, run.start), text[run.start:run.end], run.meant)
                  for run in found))
    return found


def _normalise(text: str, report: _Report, utf8: bytes | None = None
               ) -> tuple[str, _Columns] | None:
    """The text YAML reads, and how its columns map back to the file; None when unusable.

    Every position dvcq reports counts lines and columns as an editor shows the file: lines
    end at LF, CRLF or CR (and nowhere else), and columns count the characters as written,
    even where NFC has joined a letter and its marks into one, or where an invisible
    character was read as nothing. `utf8`: the bytes `text` was decoded from, if at hand.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
        utf8 = utf8[3:] if utf8 is not None else None
    if "\r" in text:
        # One form of line end: YAML's marks, NFC and look-alike positions then all count
        # lines alike. YAML itself reads CRLF and CR as LF, so no value changes.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    suspect = _has_suspect(text, utf8)
    # A garbled word or a control character is an error, but the file is read as its repair
    # would make it, so that every other problem of the file is reported in the same run.
    shortened = _Shortened()
    garbled = _garbled(text, report) if suspect else []
    if garbled:
        if any(len(run.meant) > run.end - run.start for run in garbled):
            return None  # never seen: a repair longer than the garbled run
        text = shortened.apply(text, [(run.start, text[run.start:run.end], run.meant)
                                      for run in garbled])
    # Compiled (through re's cache) only for the rare file that has a suspect character.
    control = re.search(_CONTROL, text) if suspect else None
    if control is not None:
        report.at(*shortened.written(*_line_column(text, control.start())),
                  "text-control-character", _(
            "an invisible control character (U+{code:04X}) is here, often pasted from Word or "
            "a PDF; delete it (type a space or a line break instead if one is meant)").format(
            code=ord(control.group())), fix=tuple(
                edit._replace(column=shortened.written(edit.line, edit.column)[1])
                for edit in _unbreak_edits(text, _CONTROL)))
        text = shortened.apply(text, _unbreaks(text, _CONTROL))
    separator = re.search(_SEPARATORS, text) if suspect else None
    if separator is not None:
        report.at(*_line_column(text, separator.start()), "text-line-separator", _(
            "an invisible line separator (U+{code:04X}) is here, often pasted from a PDF or a "
            "web page; dvcq reads it as a space: delete it, or type a space or a line break"
        ).format(code=ord(separator.group())), Severity.WARNING,
                  _unbreak_edits(text, _SEPARATORS))
        text = re.sub(_SEPARATORS, " ", text)
    columns = _UNCHANGED
    if suspect and re.search(characters.INVISIBLE_PATTERN, text):
        # Read as what they look like: a space, or nothing. Where each one is matters (free
        # text or not), which is known once the file is parsed: see _examine.
        columns = _Columns(invisibles=[item._replace(column=shortened.written(
            item.line, item.column)[1]) for item in _invisibles(text)],
            lines=text.split("\n"), dropped=shortened.dropped)
        text = text.translate(characters.READING)
    elif shortened.dropped:
        columns = _Columns(dropped=shortened.dropped)
    if not unicodedata.is_normalized("NFC", text):
        where = vietnamese.first_non_nfc(text) or (1, 1)
        composed = _Columns(text, columns.invisibles, columns.written, columns.dropped)
        report.at(*composed.unremoved(*where), "text-not-nfc", _(
            "decomposed Vietnamese (Unicode tổ hợp) found; dvcq reads it as precomposed, "
            "but save the file as precomposed Unicode (dựng sẵn) so searches find it; "
            "'dvcq fix' converts it"), Severity.WARNING, _nfc_edits(text, composed))
        columns = composed
        text = unicodedata.normalize("NFC", text)
        # Composing can make a look-alike ("n" + U+0303 is "ñ", TCVN3's "ủ").
        suspect = _SUSPECT.search(text) is not None
    lookalike = vietnamese.find_tcvn3_lookalike(text) if suspect else None
    if lookalike is not None:
        report.at(*columns.original(*lookalike), "text-legacy-font", _(
            "this text looks typed with a TCVN3 (.VnTime) font, e.g. 'B¶o' for 'Bảo'; "
            "retype it with a Unicode font or convert it with Unikey"))
    return text, columns


def _invisibles(text: str) -> list[Invisible]:
    """Every invisible character of `text`, at its 1-based line and column."""
    found = []
    line, start, counted = 1, 0, 0
    for match in re.finditer(characters.INVISIBLE_PATTERN, text):
        at = match.start()
        newlines = text.count("\n", counted, at)
        if newlines:
            line += newlines
            start = text.rfind("\n", 0, at) + 1
        counted = at
        found.append(Invisible(line, at - start + 1, match.group()))
    return found


def _nfc_edits(text: str, columns: _Columns) -> tuple[Edit, ...]:
    """The edits that write each decomposed letter of `text` (read before NFC) precomposed:
    one per letter and its marks, so that nothing else on the line is touched."""
    edits = []
    for number, line in enumerate(text.split("\n"), start=1):
        if unicodedata.is_normalized("NFC", line):
            continue
        done = 0
        for run in _MARKS.finditer(line):
            first = max(run.start() - 1, done)
            old = line[first:run.end()]
            new = unicodedata.normalize("NFC", old)
            if new != old:
                edits.append(Edit(number, columns.unremoved(number, first + 1)[1], old, new))
            done = run.end()
    return tuple(edits)


class _Columns:
    """How positions in the text YAML reads map back to the file as written.

    Two things make them differ, both only on some lines. NFC joins a letter and its
    combining marks ("o" + U+0302 → "ô"), so on such a line every later column of the NFC
    text is smaller than the one the user's editor shows; a line's map is made the first
    time a position on it is asked for. And an invisible character read as nothing (a
    zero-width space) shifts the rest of its line by one.
    """

    def __init__(self, text: str = "", invisibles: list[Invisible] | None = None,
                 lines: list[str] | None = None,
                 dropped: dict[int, list[int]] | None = None) -> None:
        self.lines = text.split("\n") if text else []
        self.maps: dict[int, tuple[list[int], list[int]] | None] = {}
        self.invisibles = invisibles or []
        self.written = lines or []  # the lines as written, kept when they hold invisibles
        self.dropped = dropped or {}  # garbled runs and control characters read shorter
        # By line, the 0-based columns (as written) of the characters read as nothing.
        self.removed: dict[int, list[int]] = {line: list(columns)
                                              for line, columns in self.dropped.items()}
        for item in self.invisibles:
            if not characters.replacement(item.char):
                self.removed.setdefault(item.line, []).append(item.column - 1)
        for columns in self.removed.values():
            columns.sort()
        self.changed = bool(self.lines) or bool(self.removed)

    def original(self, line: int, column: int) -> tuple[int, int]:
        return self.unremoved(*self.uncomposed(line, column))

    def uncomposed(self, line: int, column: int) -> tuple[int, int]:
        if not 1 <= line <= len(self.lines) or column < 1:
            return line, column
        if line not in self.maps:
            self.maps[line] = _shifts(self.lines[line - 1])
        shifts = self.maps[line]
        if shifts is None:
            return line, column
        starts, added = shifts
        index = bisect.bisect_right(starts, column - 1) - 1
        return line, column + (added[index] if index >= 0 else 0)

    def unremoved(self, line: int, column: int) -> tuple[int, int]:
        return line, _skip(self.removed.get(line), column)

    def fix_problem(self, problem: Problem) -> Problem:
        line, column = self.original(problem.line, problem.column)
        edits = tuple(edit._replace(column=self.original(edit.line, edit.column)[1])
                      for edit in problem.fix)
        if column == problem.column and edits == problem.fix:
            return problem
        return problem._replace(line=line, column=column, fix=edits)

    def fix_nodes(self, root: Node) -> None:
        """Rewrite the start marks of nodes on changed lines (every later check reads them)."""
        stack = [root]
        while stack:
            node = stack.pop()
            mark = node.start_mark
            line, column = self.original(mark.line + 1, mark.column + 1)
            if column != mark.column + 1:
                node.start_mark = yaml.error.Mark(mark.name, mark.index, mark.line, column - 1,
                                                  None, None)
            if isinstance(node, MappingNode):
                stack.extend(child for pair in node.value for child in pair)
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)


_UNCHANGED = _Columns()  # most files: read as written (never modified)

# Runs of combining marks (the blocks Vietnamese and other Latin text use).
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def _shifts(line: str) -> tuple[list[int], list[int]] | None:
    """Where NFC(line) shortens the line, and by how much: from 0-based NFC index
    `starts[i]` on, add `added[i]` to a column to get the column as written. None when the
    line is NFC, or NFC changes it in a way this does not follow (then columns stay as they
    are)."""
    if unicodedata.is_normalized("NFC", line):
        return None
    starts: list[int] = []
    added: list[int] = []
    pieces: list[str] = []
    done = absorbed = 0  # characters of `line` handled; characters NFC has removed so far
    for run in _MARKS.finditer(line):
        first = max(run.start() - 1, done)  # the letter the marks sit on, when there is one
        pieces.append(line[done:first])
        piece = unicodedata.normalize("NFC", line[first:run.end()])
        pieces.append(piece)
        absorbed += run.end() - first - len(piece)
        done = run.end()
        starts.append(done - absorbed)
        added.append(absorbed)
    pieces.append(line[done:])
    if "".join(pieces) != unicodedata.normalize("NFC", line):
        return None
    return starts, added


def parse_text(text: str, report: _Report, limits: Limits = DEFAULT_LIMITS,
               columns: _Columns | None = None, defer_dialect: bool = False) -> Node | None:
    """Compose one document; syntax and dialect problems are added to the report.

    `columns` maps positions in `text` (NFC) back to the file as written. `defer_dialect`:
    the dialect check may be left for later (`report.dialect_deferred` says whether it
    was; see check_dialect).
    """
    first = len(report.problems)
    columns = columns or _UNCHANGED
    candidates = flaws.comment_candidates(text)
    root = _parse(text, report, limits, defer_dialect and not candidates
                  and not columns.changed and not columns.invisibles)
    if columns.changed:
        report.problems[first:] = [columns.fix_problem(p) for p in report.problems[first:]]
    if root is not None:
        if candidates or columns.invisibles:
            found, problems = flaws.examine(root, text, candidates, columns, report.path)
            report.flaws.update(found)
            report.problems.extend(problems)
        if columns.changed:
            columns.fix_nodes(root)
    elif columns.invisibles:
        report.problems.extend(flaws.unparsed_invisibles(columns, report.path))
    return root


def _parse(text: str, report: _Report, limits: Limits, defer_dialect: bool = False
           ) -> Node | None:
    if not text.strip() or (_CONTENT_LINE.search(text) is None and _only_comments(text)):
        report.at(0, 0, "file-empty", _("the file is empty; write the YAML content, "
                                        "or delete the file"))
        return None
    if _tab_indentation(text, report):
        return None
    # Only a file with one of these characters can hold an anchor, an alias or a tag.
    walked = any(mark in text for mark in "&*!")
    if walked and _refused_events(text, report, limits):
        return None
    try:
        root = yaml.compose(text, Loader=_NodeLoader)  # noqa: S506 - node composition only
    except yaml.MarkedYAMLError as error:
        if not walked and "exceeded maximum nesting depth" in str(error.problem) and \
                _refused_events(text, report, limits):
            return None  # reported where the nesting first passes dvcq's own limit
        _syntax_problem(error, text, report, limits)
        return None
    except yaml.YAMLError as error:
        where = getattr(error, "position", None)
        line, column = _line_column(text, where) if isinstance(where, int) else (1, 1)
        report.at(line, column, "yaml-syntax", _(
            "YAML cannot read the character here; delete it, or retype it"))
        return None
    except RecursionError:  # the pure-Python composer on very deep input
        report.at(1, 1, "yaml-too-deep", _too_deep(limits))
        return None
    if root is None or (isinstance(root, ScalarNode) and not root.style and not root.value):
        report.at(0, 0, "file-empty", _("the file has no content; write the YAML content, "
                                        "or delete the file"))
        return None
    explicit_keys = "?" in text
    tab_after_colon = "\t" in text and (":\t" in text or ": \t" in text)
    if defer_dialect and not explicit_keys and not tab_after_colon:
        report.dialect_deferred = True  # the last check of the file: see check_dialect
        return root
    if (explicit_keys or not _plain_tree(root, limits.max_depth)) and \
            not _check_dialect(root, report, limits, explicit_keys):
        return None
    if tab_after_colon:
        _tab_after_colon(root, text, report)
    return root


def _tab_after_colon(root: Node, text: str, report: _Report) -> None:
    """`qcdc:⟨TAB⟩tot`: libyaml reads a tab after a key's ':' as a space; other YAML
    readers (PyYAML, and YAML 1.2 in block context) refuse the file. Only the keys of the
    tree are looked at, so a tab after ':' inside a text is left alone."""
    lines = text.split("\n")
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(value)
                end = key.end_mark
                line = lines[end.line] if end.line < len(lines) else ""
                gap = line[end.column + 1:]
                gap = gap[:len(gap) - len(gap.lstrip(" \t"))]
                if isinstance(key, ScalarNode) and line[end.column:end.column + 1] == ":" \
                        and "\t" in gap:
                    report.at(end.line + 1, end.column + 2, "yaml-tab", _(
                        "a tab after the ':' of '{key}': other YAML readers do not accept it; "
                        "write a space").format(key=key.value),
                        fix=(Edit(end.line + 1, end.column + 2, gap, " "),))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _too_deep(limits: Limits) -> str:
    return _("nesting is deeper than {limit} levels; make the file flatter, or raise the "
             "limit with --max-depth").format(limit=limits.max_depth)


# A line whose first character that is not a space is not '#': a file with one is not
# only comments, and it is usually found within the first lines (where _only_comments
# would split the whole file).
_CONTENT_LINE = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _tab_indentation(text: str, report: _Report) -> bool:
    if "\t" not in text:
        return False
    lines = text.split("\n")
    tabbed = []
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            tabbed.append(number)
    if not tabbed:
        return False
    first = lines[tabbed[0] - 1]
    report.at(tabbed[0], first.index("\t") + 1, "yaml-tab", _(
        "a tab is used for indentation; YAML needs spaces (use 2 spaces per level)"),
        fix=_tab_repair(lines, tabbed))
    return True


def _tab_repair(lines: list[str], tabbed: list[int]) -> tuple[Edit, ...]:
    """Spaces for the tabs of the indentation, when that has one right answer: the tab
    stops editors use (2, 4 or 8 columns) are tried, and every one that makes the file
    readable must give it the same meaning. The narrowest of them is written."""
    meanings: dict[tuple[object, ...], int] = {}
    for width in (2, 4, 8):
        candidate = list(lines)
        for number in tabbed:
            line = candidate[number - 1]
            stripped = line.lstrip(" \t")
            candidate[number - 1] = line[:len(line) - len(stripped)].expandtabs(width) + stripped
        try:
            root = yaml.compose("\n".join(candidate), Loader=_NodeLoader)  # noqa: S506
        except yaml.YAMLError:
            continue
        meanings.setdefault(_meaning(root), width)
    if len(meanings) != 1:
        return ()
    width = next(iter(meanings.values()))
    edits = []
    for number in tabbed:
        line = lines[number - 1]
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        edits.append(Edit(number, 1, indent, indent.expandtabs(width)))
    return tuple(edits)


def _meaning(root: Node | None) -> tuple[object, ...]:
    """What a node tree says, without where it says it: its kinds, sizes and values in
    document order."""
    found: list[object] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            found.append((node.value, node.style))
        elif isinstance(node, MappingNode):
            found.append(("{", len(node.value)))
            stack.extend(child for pair in reversed(node.value) for child in reversed(pair))
        elif isinstance(node, SequenceNode):
            found.append(("[", len(node.value)))
            stack.extend(reversed(node.value))
        else:
            found.append(None)
    return tuple(found)


_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent,
                yaml.MappingStartEvent)


def _refused_events(text: str, report: _Report, limits: Limits) -> bool:
    """Anchors, aliases, tags and nesting, from the event stream before anything is built.

    An alias bomb is refused at its first anchor, so nothing is ever expanded, and nesting
    is refused where it first passes the limit, before a deep tree exists. Explicit tags
    (even `!!str`) are reported and the file is still read. True when it cannot be.
    """
    depth = 0  # collections open around the next node
    try:
        for event in _events(text):
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            if not isinstance(event, _NODE_EVENTS):
                continue
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            if depth + 1 > limits.max_depth:
                report.at(line, column, "yaml-too-deep", _too_deep(limits))
                return True
            if isinstance(event, yaml.AliasEvent) or event.anchor:
                report.at(line, column, "yaml-anchor", _(
                    "anchors (&) and aliases (*) are not allowed; write the value out in full "
                    "(put it in quotes if '&' or '*' is part of the text)"))
                return True
            if event.tag is not None:
                report.at(line, column, "yaml-tag", _(
                    "YAML tags such as '{tag}' are not allowed; remove the tag").format(
                    tag=_short_tag(event.tag)))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
    except yaml.YAMLError:
        return False  # compose() will report the syntax error with its position
    return False


def _events(text: str) -> Iterator[yaml.Event]:
    """The parser's events, to the end of the stream or the first syntax error (raised)."""
    loader = _NodeLoader(text)
    try:
        while True:
            event = loader.get_event()
            yield event
            if isinstance(event, yaml.StreamEndEvent):
                return
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, report: _Report,
                    limits: Limits) -> None:
    if "exceeded maximum nesting depth" in str(error.problem):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        report.at(*yaml_errors.within(text.split("\n"), line, column), "yaml-too-deep",
                  _too_deep(limits))
        return
    found = yaml_errors.describe(error, text, _quote_left_open(error, text))
    report.at(found.line, found.column, found.code, found.message, fix=found.fix)


def _quote_left_open(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """Where a quote was opened and not closed on its line, when that is what made YAML
    fail: the last value read before the error is quoted, runs over several lines, and ends
    on the line of the error or the one before (`task: "1` read on to the next '"')."""
    mark = error.problem_mark
    if mark is None or '"' not in text and "'" not in text:
        return None
    last = None
    try:
        for event in _events(text):
            if isinstance(event, yaml.ScalarEvent):
                last = event
        return None  # no error when read event by event
    except yaml.YAMLError:
        pass
    if last is None or last.style not in ('"', "'"):
        return None
    start, end = last.start_mark, last.end_mark
    if start.line == end.line or not end.line <= mark.line <= end.line + 1:
        return None
    return start.line, start.column, last.style


def _check_dialect(root: Node, report: _Report, limits: Limits,
                   explicit_keys: bool = True) -> bool:
    """Merge keys, complex and duplicate keys, depth; False when too deep to use.

    Iterative, so depth is bounded by the limit and not by Python's stack. Other dialect
    problems leave the tree usable: the schema checks still run and report what they find.
    """
    max_depth = limits.max_depth
    if max_depth < 1:
        report.at_node(root, "yaml-too-deep", _too_deep(limits))
        return False
    # Only collections go on the stack; the depth of their children is checked here, so
    # the scalars, most of the nodes, are never pushed. Children are pushed in reverse so
    # that the first node past the limit found is the first one in the document.
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, MappingNode):
            # Pairs already reported are dropped, so later checks do not report them again.
            pairs = node.value
            if explicit_keys or not _plainly_usable(pairs):
                pairs = node.value = _usable_pairs(node, report)
            if pairs and depth >= max_depth:
                report.at_node(pairs[0][0], "yaml-too-deep", _too_deep(limits))
                return False
            stack.extend((value, depth + 1) for _key, value in reversed(pairs)
                         if not isinstance(value, ScalarNode))
        elif isinstance(node, SequenceNode):
            items = node.value
            if items and depth >= max_depth:
                report.at_node(items[0], "yaml-too-deep", _too_deep(limits))
                return False
            stack.extend((item, depth + 1) for item in reversed(items)
                         if not isinstance(item, ScalarNode))
    return True


def _plain_tree(root: Node, max_depth: int) -> bool:
    """True when `_check_dialect` (without explicit keys) has nothing to say: every
    mapping's keys are distinct plain-text names, none of them '<<', and no collection
    with children is `max_depth` deep. Level by level, without its bookkeeping: most
    files pass, and the full check runs for those that do not."""
    if max_depth < 1:
        return False
    level = [root]
    depth = 1
    while level:
        below = []
        for node in level:
            if isinstance(node, MappingNode):
                pairs = node.value
                if not _plainly_usable(pairs):
                    return False
                below += [value for _key, value in pairs if not isinstance(value, ScalarNode)]
            elif isinstance(node, SequenceNode):
                below += [item for item in node.value if not isinstance(item, ScalarNode)]
            else:
                continue
            if node.value and depth >= max_depth:
                return False
        level = below
        depth += 1
    return True


def _plainly_usable(pairs: list[tuple[Node, Node]]) -> bool:
    """True for the usual mapping: distinct plain-text keys, none of them '<<'. (Without a
    '?' in the file there is no explicit key whose empty value needs placing.)"""
    try:
        names = {key.value for key, _value in pairs}
    except TypeError:  # a list or mapping as a key: its value is a list
        return False
    return len(names) == len(pairs) and "<<" not in names


def _usable_pairs(node: MappingNode, report: _Report) -> list[tuple[Node, Node]]:
    """The key/value pairs of a mapping minus complex keys, merge keys and duplicates."""
    seen: dict[str, Node] = {}
    usable = []
    for key, value in node.value:
        if isinstance(value, ScalarNode) and not value.value and not value.style \
                and value.start_mark.line > key.end_mark.line:
            # An explicit '? key' without a value: libyaml places the empty value at the
            # next token, lines later or past the end of the file. It belongs to its key.
            value.start_mark = key.end_mark
        if not isinstance(key, ScalarNode):
            report.at_node(key, "yaml-complex-key", _(
                "a key must be a plain name, not a list or mapping"))
        elif key.value == "<<" and not key.style:
            report.at_node(key, "yaml-merge-key", _(
                "merge keys ('<<') are not allowed; write the keys out in full"))
        elif key.value in seen:
            report.at_node(key, "duplicate-key", _(
                "duplicate key '{key}': it is already set on line {line}; keep one").format(
                key=key.value, line=position(seen[key.value])[0]))
        else:
            seen[key.value] = key
            usable.append((key, value))
    return usable


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
