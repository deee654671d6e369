"""Repair a file's mechanical mistakes: apply the edits its problems carry.

A problem carries edits (`Problem.fix`) only when its repair has one right answer: an
invisible character read as a space or nothing, a tab in the indentation whose width every
reading agrees on, curly quotes around a value that is not free text, `yes` or `có` where a
boolean is declared, `08/04/2024` where a date is, decomposed Vietnamese. Each edit names
the exact text it replaces at a line and column; it is applied only where the file still
holds that text, and nothing else is touched: other lines keep their bytes, line ends (LF,
CRLF or CR) and the byte order mark stay as found, comments and layout stay as written
("edit bytes, never re-dump").

Some repairs show only once others are made (a file with a tab cannot be read until the tab
is gone), so `repair` checks again after each round, until nothing more can be repaired.
Pure: the caller reads and writes the files.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

from dvcq_cli import characters
from dvcq_cli.problems import Edit, Problem
from dvcq_cli.tuples import NamedTuple

UTF8_BOM = b"\xef\xbb\xbf"
_LINE_END = re.compile(rb"(\r\n|\r|\n)")
MAX_ROUNDS = 8
# Problems a repair must never bring: if one appears that was not there, the repair stops.
_BREAKAGE = ("yaml-", "file-", "text-")


class Repair(NamedTuple):
    """One file's repair: its bytes before and after, the problems repaired and those left."""

    path: str
    before: bytes
    after: bytes
    repaired: list[Problem]
    remaining: list[Problem]

    @property
    def changed(self) -> bool:
        return self.after != self.before


def apply(data: bytes, edits: Iterable[Edit]) -> tuple[bytes, set[Edit]]:
    """`data` with the edits applied where it still holds their `old` text, and the edits
    applied. Edits that overlap one applied before them (right to left) are left out."""
    by_line: dict[int, list[Edit]] = {}
    for edit in set(edits):
        by_line.setdefault(edit.line, []).append(edit)
    bom = data.startswith(UTF8_BOM)
    parts = _LINE_END.split(data[len(UTF8_BOM):] if bom else data)
    applied: set[Edit] = set()
    for number, line_edits in by_line.items():
        index = (number - 1) * 2
        if not 0 <= index < len(parts):
            continue
        try:
            line = parts[index].decode("utf-8")
        except UnicodeDecodeError:
            continue
        done = _apply_line(line, line_edits)
        if done is not None:
            parts[index] = done[0].encode("utf-8")
            applied |= done[1]
    return (UTF8_BOM if bom else b"") + b"".join(parts), applied


def _apply_line(line: str, edits: list[Edit]) -> tuple[str, set[Edit]] | None:
    applied: set[Edit] = set()
    limit = len(line) + 1  # where the leftmost edit applied so far starts
    for edit in sorted(edits, key=lambda e: (e.column, len(e.old)), reverse=True):
        start = edit.column - 1
        end = start + len(edit.old)
        if start < 0 or end > limit or line[start:end] != edit.old:
            continue
        line = line[:start] + edit.new + line[end:]
        limit = start
        applied.add(edit)
    return (line, applied) if applied else None


def repair(path: str, data: bytes, check: Callable[[bytes], list[Problem]]) -> Repair:
    """Repair `data` round after round, `check` giving the problems of each version, until
    no repair is left that applies."""
    current = data
    problems = check(current)
    repaired: list[Problem] = []
    for _round in range(MAX_ROUNDS):
        fixable = [p for p in problems if p.fix]
        if not fixable:
            break
        changed, applied = apply(current, (edit for p in fixable for edit in p.fix))
        if changed == current:
            break
        after = check(changed)
        if _broken(problems, after):
            break
        repaired.extend(p for p in fixable if set(p.fix) <= applied)
        current, problems = changed, after
    return Repair(path, data, current, repaired, problems)


def _broken(before: list[Problem], after: list[Problem]) -> bool:
    """A reading problem the repair brought (a safeguard: a repair never should)."""
    had = {p.code for p in before}
    return any(p.code.startswith(_BREAKAGE) and p.code not in had and not p.fix
               for p in after)


def diff(path: str, before: bytes, after: bytes) -> list[str]:
    """The unified diff of a repair, invisible characters shown as ⟨U+00A0⟩ (else a line
    and its repair would look the same)."""
    return list(difflib.unified_diff(
        _display_lines(before), _display_lines(after), f"a/{path}", f"b/{path}", lineterm=""))


def _display_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return [characters.visible(line) for line in re.split(r"\r\n|\r|\n", text)]
