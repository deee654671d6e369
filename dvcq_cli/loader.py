"""YAML text → node tree that remembers the line and column of every key and value.

The dialect is deliberately small (see README, "The YAML dialect"): one document per file,
no anchors, aliases, tags or merge keys, no duplicate keys. Scalars are NOT given types here:
every scalar stays text with its quoting style, and `scalars.py` decides what a plain value
means once the schema says what type it should have. That is what lets `yes`, `010` or
`1:30` be refused with a message instead of silently becoming `True`, `8` or `90`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dvcq_cli import encodings, vietnamese
from dvcq_cli.i18n import _
from dvcq_cli.problems import Problem, Severity

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_DEFAULT_TAGS = {ScalarNode: STR_TAG, SequenceNode: SEQ_TAG, MappingNode: MAP_TAG}


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or mistaken file from exhausting the machine."""

    max_file_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64


DEFAULT_LIMITS = Limits()


class _PlainResolver:
    """Gives every node its default tag: typing happens later, against the schema."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


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
    """One YAML file: its display path, its text (NFC) and its root node, or the problems."""

    path: str
    text: str = ""
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)


def position(node: Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


class _Report:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def at(self, line: int, column: int, code: str, message: str,
           severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.path, line, column, severity, code, message))

    def at_node(self, node: Node, code: str, message: str,
                severity: Severity = Severity.ERROR) -> None:
        self.at(*position(node), code, message, severity)


def load_file(file: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> LoadedFile:
    """Read, decode, normalise and compose one file. Never raises for bad input."""
    report = _Report(display)
    result = LoadedFile(display, problems=report.problems)
    data = _read_bytes(file, limits, report)
    if data is None:
        return result
    text = _decode(data, report)
    if text is None:
        return result
    result.text = text
    result.root = parse_text(text, report, limits)
    return result


def load_text(text: str, display: str, limits: Limits = DEFAULT_LIMITS) -> LoadedFile:
    """Compose YAML that is already a str (tests, generated files)."""
    report = _Report(display)
    text = _normalise(text, report)
    return LoadedFile(display, text, parse_text(text, report, limits), report.problems)


def _read_bytes(file: Path, limits: Limits, report: _Report) -> bytes | None:
    try:
        if file.is_dir():
            report.at(0, 0, "file-unreadable", _("this is a folder, not a YAML file"))
            return None
        size = file.stat().st_size
        if size > limits.max_file_bytes:
            report.at(0, 0, "file-too-large", _(
                "file is {size} bytes, more than the limit of {limit} bytes; "
                "split it, or raise the limit with --max-file-size"
            ).format(size=size, limit=limits.max_file_bytes))
            return None
        with file.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            data = handle.read(limits.max_file_bytes + 1)
    except PermissionError:
        report.at(0, 0, "file-unreadable", _("permission denied: cannot read this file"))
        return None
    except OSError as error:
        report.at(0, 0, "file-unreadable", _("cannot read this file: {reason}").format(
            reason=error.strerror or error.__class__.__name__))
        return None
    if len(data) > limits.max_file_bytes:
        report.at(0, 0, "file-too-large", _("file is larger than the limit of {limit} bytes")
                  .format(limit=limits.max_file_bytes))
        return None
    return data


_ENCODING_NAMES = {
    "windows-1258": "Windows-1258",
    "tcvn3": "TCVN3 (ABC, .VnTime fonts)",
    "vni": "VNI (VNI-Times fonts)",
    "utf-16": "UTF-16",
    "latin-1": "Latin-1 (Windows-1252)",
}


def _decode(data: bytes, report: _Report) -> str | None:
    decoded = encodings.decode(data)
    if isinstance(decoded, encodings.EncodingIssue):
        if decoded.kind == "binary":
            report.at(decoded.line, decoded.column, "file-binary", _(
                "this is not a text file (it contains a NUL byte); "
                "YAML files must be plain UTF-8 text"))
        elif decoded.kind == "utf16":
            report.at(decoded.line, decoded.column, "file-encoding", _(
                "the file is saved as UTF-16; save it again as UTF-8"))
        elif decoded.guess in _ENCODING_NAMES:
            report.at(decoded.line, decoded.column, "file-encoding", _(
                "the file is not UTF-8: it looks like {encoding}; convert it to Unicode UTF-8 "
                "(for example with Unikey's converter) and save it again"
            ).format(encoding=_ENCODING_NAMES[decoded.guess]))
        else:
            report.at(decoded.line, decoded.column, "file-encoding", _(
                "the file is not valid UTF-8; save it again as UTF-8"))
        return None
    return _normalise(decoded.text, report)


def _normalise(text: str, report: _Report) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not unicodedata.is_normalized("NFC", text):
        where = vietnamese.first_non_nfc(text) or (1, 1)
        report.at(*where, "text-not-nfc", _(
            "decomposed Vietnamese (Unicode tổ hợp) found; dvcq reads it as precomposed, "
            "but save the file as precomposed Unicode (dựng sẵn) so searches find it"),
            Severity.WARNING)
        text = unicodedata.normalize("NFC", text)
    lookalike = vietnamese.find_tcvn3_lookalike(text)
    if lookalike is not None:
        report.at(*lookalike, "text-legacy-font", _(
            "this text looks typed with a TCVN3 (.VnTime) font, e.g. 'B¶o' for 'Bảo'; "
            "retype it with a Unicode font or convert it with Unikey"))
    return text


def parse_text(text: str, report: _Report, limits: Limits = DEFAULT_LIMITS) -> Node | None:
    """Compose one document; syntax and dialect problems are added to the report."""
    if not text.strip() or _only_comments(text):
        report.at(0, 0, "file-empty", _("the file is empty; write the YAML content, "
                                        "or delete the file"))
        return None
    if _tab_indentation(text, report):
        return None
    if ("&" in text or "*" in text) and _anchor_or_alias(text, report):
        return None
    try:
        root = yaml.compose(text, Loader=_NodeLoader)  # noqa: S506 - node composition only
    except yaml.MarkedYAMLError as error:
        _syntax_problem(error, report)
        return None
    except yaml.YAMLError as error:
        report.at(1, 1, "yaml-syntax", _("cannot parse YAML: {reason}").format(reason=error))
        return None
    except RecursionError:  # the pure-Python composer on very deep input
        report.at(1, 1, "yaml-too-deep", _("nesting is deeper than {limit} levels")
                  .format(limit=limits.max_depth))
        return None
    if root is None:
        report.at(0, 0, "file-empty", _("the file has no content"))
        return None
    if not _check_dialect(root, report, limits):
        return None
    return root


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _tab_indentation(text: str, report: _Report) -> bool:
    if "\t" not in text:
        return False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            report.at(number, indent.index("\t") + 1, "yaml-tab", _(
                "a tab is used for indentation; YAML needs spaces (use 2 spaces per level)"))
            return True
    return False


def _anchor_or_alias(text: str, report: _Report) -> bool:
    """Refuse anchors and aliases from the event stream, before anything is expanded."""
    loader = _NodeLoader(text)
    try:
        while True:
            event = loader.get_event() if hasattr(loader, "get_event") else None
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return False
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line, column = event.start_mark.line + 1, event.start_mark.column + 1
                report.at(line, column, "yaml-anchor", _(
                    "anchors (&) and aliases (*) are not allowed; write the value out in full "
                    "(put it in quotes if '&' or '*' is part of the text)"))
                return True
    except yaml.YAMLError:
        return False  # compose() will report the syntax error with its position
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "a ':' followed by a space inside a value; put the "
     "whole value in double quotes"),
    ("could not find expected ':'", "a key without ':' or a value broken over lines; check "
     "this line and the one before"),
    ("did not find expected key", "check the indentation of this line against the lines "
     "above it"),
    ("did not find expected '-' indicator", "check the indentation of this list item"),
    ("found character that cannot start any token", "a character such as '@', '`' or '%' "
     "cannot start a value; put the value in double quotes"),
    ("did not find expected ',' or ']'", "a list opened with '[' is not closed with ']', or "
     "a comma is missing between its items"),
    ("did not find expected ',' or '}'", "a mapping opened with '{' is not closed with '}', "
     "or a comma is missing between its entries"),
    ("found unexpected end of stream", "a quote or bracket is opened but never closed"),
    ("found unknown escape character", "a backslash in double quotes; use single quotes, or "
     "write '\\\\'"),
    ("expected a single document", "only one document per file: remove the '---' line or "
     "split the file"),
    ("exceeded maximum nesting depth", "nesting is far too deep"),
    ("expected <block end>", "check the indentation of this line"),
    ("found duplicate anchor", "anchors are not allowed"),
)


def _syntax_problem(error: yaml.MarkedYAMLError, report: _Report) -> None:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    reason = " ".join(part for part in (error.context, error.problem) if part)
    started = error.context_mark
    if started is not None and mark is not None and started.line != mark.line:
        reason += _(" (it starts on line {line})").format(line=started.line + 1)
    code = "yaml-syntax"
    if "expected a single document" in reason:
        code = "yaml-multiple-documents"
    elif "exceeded maximum nesting depth" in reason:
        code = "yaml-too-deep"
    for needle, hint in _SYNTAX_HINTS:
        if needle in reason:
            report.at(line, column, code, _("YAML syntax error: {reason} ({hint})").format(
                reason=reason, hint=_(hint)))
            return
    report.at(line, column, code, _("YAML syntax error: {reason}").format(reason=reason))


def _check_dialect(root: Node, report: _Report, limits: Limits) -> bool:
    """Tags, merge keys, complex and duplicate keys, depth; False when too deep to use.

    Iterative, so depth is bounded by the limit and not by Python's stack. Other dialect
    problems leave the tree usable: the schema checks still run and report what they find.
    """
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limits.max_depth:
            report.at_node(node, "yaml-too-deep", _(
                "nesting is deeper than {limit} levels").format(limit=limits.max_depth))
            return False
        if node.tag != _DEFAULT_TAGS[type(node)]:
            report.at_node(node, "yaml-tag", _(
                "YAML tags such as '{tag}' are not allowed; remove the tag").format(
                tag=_short_tag(node.tag)))
            continue
        if isinstance(node, MappingNode):
            # Pairs already reported are dropped, so later checks do not report them again.
            node.value = _usable_pairs(node, report)
            # Pushed in reverse, so that nodes are visited in document order.
            stack.extend((child, depth + 1) for pair in reversed(node.value)
                         for child in reversed(pair))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in reversed(node.value))
    return True


def _usable_pairs(node: MappingNode, report: _Report) -> list[tuple[Node, Node]]:
    """The key/value pairs of a mapping minus complex keys, merge keys and duplicates."""
    seen: dict[str, Node] = {}
    usable = []
    for key, value in node.value:
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
