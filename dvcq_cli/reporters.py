"""Ways of printing problems: each problem with its source line (`full`, the default on a
terminal), one line each (`text`), JSON, GitHub annotations, JUnit XML (for GitLab). Chosen
by `--format`.

Reporters return strings; only the CLI writes them out. What depends on where the output
goes (a terminal, colours, the files' lines) is decided by the CLI and given in a `View`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping

from dvcq_cli.i18n import N_, _
from dvcq_cli.problems import Problem, cell_name, count
from dvcq_cli.tuples import NamedTuple

SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning")}


class View(NamedTuple):
    """How problems are shown. `source(path, line)` gives a file's line as written (None
    when there is none to show, e.g. a spreadsheet cell); `quiet` leaves out everything but
    the problems and the summary."""

    source: Callable[[str, int], str | None] | None = None
    color: bool = False
    quiet: bool = False


PLAIN = View()


def _severity(p: Problem) -> str:
    return _(SEVERITY_LABELS[p.severity.value])


def fixable_mark() -> str:
    return _("[fixable: dvcq fix]")


def _problem_line(p: Problem) -> str:
    line = f"{p.location()}: {_severity(p)}: {p.message} ({p.code})"
    return f"{line} {fixable_mark()}" if p.fix else line


def text(problems: list[Problem], files_checked: int, view: View = PLAIN) -> str:
    """One line a problem, `file:line:column: severity: message (code)`: for editors and CI."""
    return "".join(text_parts(problems, files_checked, view))[:-1]


def text_parts(problems: list[Problem], files_checked: int, view: View = PLAIN,
               lines_per_part: int = 500) -> Iterator[str]:
    """`text` in parts, each ending with a newline, to be written one after the other: a
    province's check prints thousands of problems, and the whole text at once would take
    megabytes of fresh memory, twice (as text, then encoded)."""
    # The labels translated once, not once a problem.
    labels = {severity: _(label) for severity, label in SEVERITY_LABELS.items()}
    mark = " " + fixable_mark()
    for start in range(0, len(problems), lines_per_part):
        # `_value_`, the member's own attribute: `.value` is a property run in Python, and
        # this runs for each of a province's thousands of problems.
        yield "".join([f"{p.location()}: {labels[p.severity._value_]}: {p.message} ({p.code})"
                       f"{mark if p.fix else ''}\n"
                       for p in problems[start:start + lines_per_part]])
    last = [] if view.quiet else _fix_hint(problems)
    last.append(summary(problems, files_checked))
    yield "\n".join(last) + "\n"


def _fix_hint(problems: list[Problem]) -> list[str]:
    fixable = sum(1 for p in problems if p.fix)
    if not fixable:
        return []
    return [_("{count} of these problem(s) can be repaired by 'dvcq fix' (marked "
              "{mark})").format(count=fixable, mark=fixable_mark())]


# ANSI styles of the `full` view on a terminal.
_STYLES = {"error": "1;31", "warning": "1;33", "location": "1", "code": "2", "gutter": "34",
           "shown": "7", "summary": "1"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if color and text else text


def full(problems: list[Problem], files_checked: int, view: View = PLAIN) -> str:
    """Each problem with the line it is on and a caret under its column, invisible
    characters shown as ⟨U+00A0⟩, as ruff and rustc show theirs."""
    blocks = [_full_problem(p, view) for p in problems]
    tail = [] if view.quiet else _fix_hint(problems)
    tail.append(_paint(summary(problems, files_checked), "summary", view.color))
    return "\n\n".join(blocks + ["\n".join(tail)]) if blocks else "\n".join(tail)


def _full_problem(p: Problem, view: View) -> str:
    color = view.color
    severity = p.severity.value
    head = (f"{_paint(p.location(), 'location', color)}: "
            f"{_paint(_severity(p), severity, color)}: {p.message} "
            f"{_paint(f'({p.code})', 'code', color)}")
    if p.fix:
        head += " " + fixable_mark()
    # A problem about a whole file, or in a spreadsheet's cell, has no source line to show.
    shown_line = view.source and p.line > 0 and not p.in_cell and not view.quiet
    source = view.source(p.path, p.line) if shown_line else None  # type: ignore[misc]
    if source is None:
        return head
    number = str(p.line)
    shown, caret = _snippet(source, p.column, color, _room(len(number) + 5))  # "N | …", "…"
    gutter = " " * len(number) + " |"
    return "\n".join([
        head,
        _paint(gutter, "gutter", color),
        f"{_paint(number + ' |', 'gutter', color)} {shown}",
        f"{_paint(gutter, 'gutter', color)} {_paint(caret, severity, color)}",
    ])


_WIDEST = 100  # cells of a source line shown where the width is not known (a pipe)


def _room(gutter: int) -> int:
    """Cells a source line may take: the terminal's width (or COLUMNS) less the gutter;
    in a pipe without COLUMNS, 100. Longer lines are cut around the caret."""
    import shutil

    return max(40, shutil.get_terminal_size((_WIDEST + gutter, 24)).columns - gutter)


def _snippet(line: str, column: int, color: bool, widest: int = _WIDEST) -> tuple[str, str]:
    """The line as shown (invisible characters made visible, cut to fit) and the caret line
    under it. Positions are in terminal cells: a combining mark takes none."""
    from dvcq_cli import characters  # only for the full view: every command imports this module

    parts: list[tuple[str, bool, int]] = []  # piece, made visible, cells
    offset = width = 0
    for index, char in enumerate(line):
        visible = characters.visible(char)
        made_visible = visible != char
        cells = len(visible) if made_visible else _cells(char)
        if index == column - 1:
            offset = sum(part[2] for part in parts)
            width = max(cells, 1) if made_visible else _token_cells(line, index)
        parts.append((visible, made_visible, cells))
    total = sum(part[2] for part in parts)
    if not width:  # the column is past the end of the line
        offset, width = total + max(0, column - 1 - len(line)), 1
    start = max(0, min(offset - widest // 3, total - widest)) if total > widest else 0
    shown, cells_before, skipped = [], 0, 0
    for piece, made_visible, cells in parts:
        if cells_before < start:
            cells_before += cells
            skipped += cells
            continue
        if cells_before - start + cells > widest:
            shown.append("…")
            break
        shown.append(_paint(piece, "shown", color) if made_visible else piece)
        cells_before += cells
    prefix = "…" if skipped else ""
    return prefix + "".join(shown), " " * (offset - skipped + len(prefix)) + "^" * width


# What comes before a value's first character on its line: indentation, list dashes and
# at most one "key: ". A problem pointing there names the whole value.
_VALUE_START = re.compile(r"\s*(?:-\s+)*(?:[^#\s][^#]*?:\s+)?(?:-\s+)*")


def _token_cells(line: str, index: int) -> int:
    """Cells of what a problem points at (at most 40), so that the caret underlines the
    value or key named: a quoted value up to its closing quote; a plain value from its
    start, spaces included (`status: chua dat`), up to ',', ']', '}', a comment or the end;
    a key up to its ': '; a word inside a longer text up to the next space."""
    from dvcq_cli import characters

    if line[index] in "\"'":
        close = line.find(line[index], index + 1)
        end = close + 1 if close > 0 else len(line)
    else:
        whole_value = _VALUE_START.fullmatch(line, 0, index) is not None
        end = index
        while end < len(line) and line[end] not in ",]}" \
                and not characters.is_invisible(line[end]) \
                and not (line[end] == ":" and line[end + 1:end + 2] in ("", " ")) \
                and not (line[end].isspace()
                         and (not whole_value or line[end + 1:end + 2] in ("#", ""))):
            end += 1
        while end > index + 1 and line[end - 1].isspace():
            end -= 1
    return max(1, min(40, sum(_cells(char) for char in line[index:end])))


def _cells(char: str) -> int:
    import unicodedata

    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def summary(problems: list[Problem], files_checked: int) -> str:
    errors, warnings = count(problems)
    if not problems:
        return _("{files} file(s) checked: no problems").format(files=files_checked)
    return _("{files} file(s) checked: {errors} error(s), {warnings} warning(s)").format(
        files=files_checked, errors=errors, warnings=warnings)


def as_json(problems: list[Problem], files_checked: int, view: View = PLAIN) -> str:
    errors, warnings = count(problems)
    document = {
        "files_checked": files_checked,
        "errors": errors,
        "warnings": warnings,
        "problems": [_json_problem(p) for p in problems],
    }
    import json  # only for --format json: json costs 1.5 ms to import

    return json.dumps(document, ensure_ascii=False, indent=2)


def _json_problem(p: Problem) -> dict[str, object]:
    """A problem as JSON; a spreadsheet cell adds `sheet` and `cell` (`line` is then the row)."""
    found: dict[str, object] = {"path": p.path, "line": p.line, "column": p.column,
                                "severity": p.severity.value, "code": p.code,
                                "message": p.message, "fixable": p.fixable}
    if p.sheet is not None:
        found["sheet"] = p.sheet
        found["cell"] = cell_name(p.line, p.column) if p.line > 0 else None
    return found


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem], files_checked: int, view: View = PLAIN) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.path)}"]
        message = p.message
        if p.sheet is not None:  # a spreadsheet has no lines to annotate: the cell goes first
            message = f"{p.location().removeprefix(p.path + '!')}: {message}"
        elif p.line > 0:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={_escape_property(p.code)}")
        if p.fix:
            message = f"{message} {fixable_mark()}"
        lines.append(f"::{p.severity.value} {','.join(props)}::{_escape_data(message)}")
    lines.append(summary(problems, files_checked))
    return "\n".join(lines)


# What XML 1.0 does not allow. Written as the characters refused rather than as the
# complement of those allowed: the same set, but compiled in 0.1 ms instead of 7 ms on every
# `dvcq check`.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def junit(problems: list[Problem], files_checked: int, view: View = PLAIN) -> str:
    """JUnit XML, the test report GitLab shows in merge requests (`artifacts:reports:junit`).

    One test case per file with problems: a failure per error, its warnings as output (they
    fail nothing without --strict); and one test case `dvcq check` for the whole run, so that
    a clean workspace still reports a passed test.
    """
    from xml.etree import ElementTree as ET

    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    failed = sum(1 for found in by_file.values() if any(p.is_error for p in found))
    counts = {"tests": str(len(by_file) + 1), "failures": str(failed), "errors": "0"}
    root = ET.Element("testsuites", {"name": "dvcq check", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "dvcq check", **counts, "skipped": "0"})
    for path, found in by_file.items():
        case = ET.SubElement(suite, "testcase", {"classname": "dvcq check",
                                                 "name": _xml_text(path),
                                                 "file": _xml_text(path)})
        for p in found:
            if p.is_error:
                line = _xml_text(_problem_line(p))
                ET.SubElement(case, "failure", {"message": line}).text = line
        warnings = [_problem_line(p) for p in found if not p.is_error]
        if warnings:
            ET.SubElement(case, "system-out").text = _xml_text("\n".join(warnings))
    whole = ET.SubElement(suite, "testcase", {"classname": "dvcq check", "name": "dvcq check"})
    ET.SubElement(whole, "system-out").text = _xml_text(summary(problems, files_checked))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


REPORTER_BY_NAME: dict[str, Callable[[list[Problem], int, View], str]] = {
    "full": full,
    "text": text,
    "json": as_json,
    "github": github,
    "junit": junit,
}
FORMATS = ("auto", *REPORTER_BY_NAME)


def resolve_format(name: str, environ: Mapping[str, str] | None = None,
                   terminal: bool = False) -> str:
    """`auto` is `github` under GitHub Actions, `full` on a terminal, else `text`."""
    env = os.environ if environ is None else environ
    if name == "auto":
        if env.get("GITHUB_ACTIONS") == "true":
            return "github"
        return "full" if terminal else "text"
    return name


def wants_color(environ: Mapping[str, str], terminal: bool) -> bool:
    """Colour on a terminal, unless NO_COLOR is set; FORCE_COLOR asks for it anywhere."""
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return terminal and environ.get("TERM") != "dumb"
