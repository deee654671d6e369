"""The one value every check produces: a problem at a place in a file.

A place is a line and column of a YAML file, or a cell of a spreadsheet form: `sheet` is
then the sheet's name, `line` the cell's row and `column` its column (A = 1). Either way
`location()` prints it the way the user finds it: `plans/2024/9m/hctc.yaml:12:5` or
`hctc.xlsx!Chỉ số!D7`.
"""

from __future__ import annotations

from enum import Enum

from dvcq_cli.tuples import NamedTuple


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
    """A problem at a 1-based line and column of a file (0, 0 for the file as a whole), or at
    a cell of one of a spreadsheet's sheets (row, column; 0, 0 for the whole sheet).

    `fix` holds the edits that repair it when the repair is mechanical (one right answer);
    `dvcq fix` applies them.
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    sheet: str | None = None
    fix: tuple[Edit, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def fixable(self) -> bool:
        return bool(self.fix)

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
    """By file, then position, then code: the order a reader fixes them in; each problem
    once. Two problems alike in all of these keep the order they were found in."""
    # Duplicates dropped in the order found, not through a set: the problems of a warm run
    # come folder by folder, nearly sorted already, which the sort then only checks.
    return sorted(dict.fromkeys(problems), key=_reading_order)


def _reading_order(p: Problem) -> tuple[str, str, int, int, str, str]:
    # By index, not by name: this runs for every problem of a workspace on every run.
    return p[0], p[6] or "", p[1], p[2], p[4], p[5]


def count(problems: list[Problem]) -> tuple[int, int]:
    error = Severity.ERROR  # `is_error` without its call: thousands of problems at a time
    errors = sum(1 for p in problems if p.severity is error)
    return errors, len(problems) - errors
