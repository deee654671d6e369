"""What only the year-end report adds, and where it goes.

The year-end report is the report of the plan's last period (the one whose window ends last,
`12m` in the example plan). Besides what every report says, it can carry:

- sections shown at the end of part II, after the targets table, each a numbered heading
  with its paragraphs (`year_end_sections`);
- annexes shown after the units' annex, each on a new landscape page with its own title,
  reference line, table and notes (`year_end_annexes`); the first annex is then "Phụ lục I".

A module that adds year-end content writes a function taking the `ReportContext` and
returning a `YearEndPart`, and lists it in `PARTS`. The functions run in order; their
sections and annexes are shown in that order. For any other period they are not called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dvcq_cli import periods
from dvcq_cli.report.context import ReportContext


@dataclass(frozen=True)
class Section:
    """A year-end section of part II: its heading without a number, and its paragraphs."""

    heading: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Annex:
    """A further annex: a title (in sentence case, like the units' annex), the header of
    each column, one list of cells per row, and notes under the table. The first column
    is the row number (`1`, `2`, … as in the units' annex) and the second a name: the
    template sets them narrow and wide, and the other columns share the rest."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class YearEndPart:
    sections: list[Section] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)


# The year-end contributions, in the order the report shows them (filled at the end of this
# module: each part builds on the types above).
PARTS: list[Callable[[ReportContext], YearEndPart]] = []

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def roman(number: int) -> str:
    """The annex numbers: I, II, … X, then 11, 12 (an office never has that many)."""
    return _ROMAN[number - 1] if number <= len(_ROMAN) else str(number)


def is_year_end(ctx: ReportContext) -> bool:
    """True for the plan's last period: the one whose window ends last (of two that end
    the same day, the longer: `12m` rather than `q4`). Windows are the plan's dates or the
    default ones of the period ids."""
    windows = {period_id: periods.window(ctx.plan, period_id) for period_id in ctx.plan.periods}
    known = {period_id: found for period_id, found in windows.items() if found is not None}
    mine = known.get(ctx.result.period_id)
    return mine is not None and all((end, -start.toordinal()) <= (mine[1], -mine[0].toordinal())
               for start, end in known.values())


def collected(ctx: ReportContext) -> YearEndPart:
    """Every part's sections and annexes, computed once per report."""
    found = ctx.shared.get("year_end")
    if not isinstance(found, YearEndPart):
        sections: list[Section] = []
        annexes: list[Annex] = []
        if is_year_end(ctx):
            for contribute in PARTS:
                added = contribute(ctx)
                sections += added.sections
                annexes += added.annexes
        found = ctx.shared["year_end"] = YearEndPart(sections, annexes)
    return found


def units_annex_name(ctx: ReportContext) -> str:
    """How the body names the units' annex: `Phụ lục`, or `Phụ lục I` when others follow."""
    return "Phụ lục I" if collected(ctx).annexes else "Phụ lục"


def first_number(ctx: ReportContext) -> int:
    """Part II's numbered headings: the tasks, then the targets, then these."""
    return len(ctx.plan.tasks) + 2


def section_place(ctx: ReportContext, heading: str) -> str | None:
    """Where a year-end section is, for a reference to it (`khoản 6 Mục II`); None when
    this report has no such section."""
    from dvcq_cli.report.tasks import TASKS_PART  # tasks' parts import this module

    for number, section in enumerate(collected(ctx).sections, start=first_number(ctx)):
        if section.heading == heading:
            return f"khoản {number} {TASKS_PART}"
    return None


def part(ctx: ReportContext) -> dict[str, Any]:
    sections = collected(ctx).sections
    annexes = collected(ctx).annexes
    first = first_number(ctx)
    return {
        "annex_label": "PHỤ LỤC I" if annexes else "PHỤ LỤC",
        "year_end_sections": [
            {"heading": f"{number}. {section.heading}", "paragraphs": section.paragraphs}
            for number, section in enumerate(sections, start=first)],
        "year_end_annexes": [
            {"label": f"PHỤ LỤC {roman(number + 1)}",
             "title": annex.title, "reference": _reference(ctx), "columns": annex.columns,
             "rows": annex.rows, "notes": annex.notes}
            for number, annex in enumerate(annexes, start=1)],
    }


def _reference(ctx: ReportContext) -> str:
    from dvcq_cli.report.annex import annex_reference  # the same line under every annex

    return annex_reference(ctx)


def _register() -> None:
    from dvcq_cli.report import emulation, models_year, scores

    PARTS.extend([scores.part, models_year.part, emulation.part])


_register()
