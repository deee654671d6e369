"""The one value every check produces: a problem at a place in a file."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """A problem at a 1-based line and column of a file (0, 0 for the file as a whole)."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

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
