"""The one value every check produces: a problem at a place in a file.

A place is a line and column of a YAML file, or a cell of a spreadsheet form: `sheet` is
then the sheet's name, `line` the cell's row and `column` its column (A = 1). Either way
`location()` prints it the way the user finds it: `plans/2024/9m/hctc.yaml:12:5` or
`hctc.xlsx!Chỉ số!D7`.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """A problem at a 1-based line and column of a file (0, 0 for the file as a whole), or at
    a cell of one of a spreadsheet's sheets (row, column; 0, 0 for the whole sheet)."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    sheet: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def in_cell(self) -> bool:
        """True for a place in a spreadsheet, which has no source line to show."""
        return self.sheet is not None

    def location(self) -> str:
        if self.sheet is not None:
            where = f"{self.path}!{self.sheet}"
            return f"{where}!{cell_name(self.line, self.column)}" if self.line > 0 else where
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


def cell_name(row: int, column: int) -> str:
    """`C7` for row 7, column 3."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """By file, then position, then code: the order a reader fixes them in."""
    return sorted(set(problems), key=lambda p: (p.path, p.sheet or "", p.line, p.column,
                                                p.code, p.message))


def count(problems: list[Problem]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors
