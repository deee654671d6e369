"""The one value every check produces: a problem at a place in a file."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Edit(NamedTuple):
    """Replace `old` with `new` at a 1-based line and column of the file as written.

    `old` is the exact text expected there: `dvcq fix` applies an edit only where the file
    still holds it, and never touches anything else on the line or in the file.
    """

    line: int
    column: int
    old: str
    new: str


class Problem(NamedTuple):
    """A problem at a 1-based line and column of a file (0, 0 for the file as a whole).

    `fix` holds the edits that repair it when the repair is mechanical (one right answer);
    `dvcq fix` applies them.
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    fix: tuple[Edit, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def fixable(self) -> bool:
        return bool(self.fix)

    def location(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """By file, then position, then code: the order a reader fixes them in."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.code, p.message))


def count(problems: list[Problem]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors
