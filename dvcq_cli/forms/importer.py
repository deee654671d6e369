"""A filled form → a checked self-assessment, with every problem at its sheet and cell.

The cells are turned into the YAML text a person would have typed for the same values,
remembering which cell each line of that text comes from. That text then goes through the
same loader, specs and rules as `dvcq check`, so a form gets the same problems, with the
same codes and messages; each problem's line is mapped back to its cell (`Chỉ số!D7`).

What only a form can get wrong is checked first, each with its own code:
- `form-file-type`, `form-unknown` (and `file-unreadable`, `file-too-large`): not an .xlsx,
  not a dvcq form, or its hidden part damaged;
- `form-mismatch`: a form for another plan, year, unit or period than the workspace's;
- `form-locked-cell`: a locked cell (a title, heading, label) changed anyway;
- `form-sheet-missing`: a sheet of the form renamed or deleted;
- `form-extra` (warning): a sheet or column a user added, which is not read;
- `form-outdated` (warning): the plan changed since the form was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode

from dvcq_cli import loader
from dvcq_cli.forms import cells, reader
from dvcq_cli.forms.cells import Raw
from dvcq_cli.forms.layout import (
    FIRST_ROW,
    FIRST_TABLE_COLUMN,
    HEADER_ROW,
    ID_COLUMN,
    INSTRUCTIONS_SHEET,
    LINES,
    META_SHEET,
    TEXT,
    TITLE_ROW,
    VALUE_COLUMN,
    Column,
    Layout,
    ListSheet,
    RowSheet,
    form_layout,
)
from dvcq_cli.forms.workbook import canonical
from dvcq_cli.i18n import _
from dvcq_cli.model import ASSESSMENT, Assessment, Plan
from dvcq_cli.problems import Problem, Severity, cell_name
from dvcq_cli.rules.assessment import check_assessment
from dvcq_cli.scaffold import double_quoted, yaml_key, yaml_scalar
from dvcq_cli.schema import INVALID, Context
from dvcq_cli.tuples import NamedTuple
from dvcq_cli.workspace import PLANS_DIR, FileEntry


class Place(NamedTuple):
    """A cell of the form: its sheet, row and column (row 0: the sheet as a whole)."""

    sheet: str
    row: int
    column: int


@dataclass
class Imported:
    """One form read: its problems, and when it has no error, the checked assessment."""

    display: str
    problems: list[Problem] = field(default_factory=list)
    assessment: Assessment | None = None
    plan: Plan | None = None
    layout: Layout | None = None
    converted_from: str | None = None

    @property
    def target(self) -> str | None:
        """plans/<year>/<period>/<unit>.yaml, relative to the workspace."""
        if self.layout is None:
            return None
        return f"{PLANS_DIR}/{self.layout.year}/{self.layout.period}/{self.layout.unit}.yaml"


class _Problems:
    """Problems of one form; a cell that already has an error gets no second one."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.found: list[Problem] = []
        self.failed: set[Place] = set()

    def file(self, code: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.found.append(Problem(self.display, 0, 0, severity, code, message))

    def at(self, place: Place, code: str, message: str,
           severity: Severity = Severity.ERROR) -> None:
        if place in self.failed and place.row > 0:
            return
        if severity is Severity.ERROR:
            self.failed.add(place)
        self.found.append(Problem(self.display, place.row, place.column, severity, code,
                                  message, place.sheet))


Plans = dict[str, Plan | None]  # the workspace's usable plans by year (None: it has errors)


def import_form(path: Path, display: str, plans: Plans, period: str | None = None
                ) -> Imported:
    """Read and check one filled form against the workspace's plans; never raises for bad
    input. `period`, when given, is the only period accepted."""
    result = Imported(display)
    problems = _Problems(display)
    result.problems = problems.found
    opened = reader.open_form(path)
    if isinstance(opened, reader.Unreadable):
        problems.file(opened.code, opened.message)
        return result
    result.converted_from = opened.converted_from
    meta = reader.read_meta(opened.book)
    if isinstance(meta, reader.Unreadable):
        problems.file(meta.code, meta.message)
        return result
    plan = _plan_for(meta, plans, period, problems)
    if plan is None:
        return result
    layout = form_layout(plan, meta.unit, meta.period)
    result.plan, result.layout = plan, layout
    book = opened.book
    _check_sheets(book, layout, meta, problems)
    _check_locked(book, meta, problems)
    _check_outdated(plan, meta, problems)
    text, places = to_yaml(book, layout, meta, problems)
    result.assessment = _checked(text, places, plan, layout, result.target or "", problems)
    if any(problem.is_error for problem in problems.found):
        result.assessment = None
    order = {sheet.name: index for index, sheet in enumerate(layout.sheets)}
    result.problems.sort(key=lambda p: (p.sheet is not None, order.get(p.sheet or "", len(order)),
                                        p.sheet or "", p.line, p.column, p.code))
    return result


# ---------------------------------------------------------------- what the form is for
def _plan_for(meta: reader.Meta, plans: Plans, period: str | None,
              problems: _Problems) -> Plan | None:
    if meta.year not in plans:
        problems.file("form-mismatch", _(
            "this form is for the plan of {year}, and the workspace has no plan for that year "
            "(it has: {known})").format(year=meta.year, known=", ".join(sorted(plans)) or "—"))
        return None
    plan = plans[meta.year]
    if plan is None:
        problems.file("form-mismatch", _(
            "the plan of {year} has errors, so no form can be checked against it; run dvcq "
            "check and fix it first").format(year=meta.year))
        return None
    if meta.plan != plan.document.symbol:
        problems.file("form-mismatch", _(
            "this form was made for plan {form}, and the workspace's plan of {year} is {plan}: "
            "make the unit a new form with dvcq form").format(
            form=meta.plan, year=meta.year, plan=plan.document.symbol))
        return None
    if plan.unit(meta.unit) is None or meta.period not in plan.periods:
        problems.file("form-mismatch", _(
            "this form is for unit '{unit}' and period '{period}', which the plan of {year} "
            "does not have: make the unit a new form with dvcq form").format(
            unit=meta.unit, period=meta.period, year=meta.year))
        return None
    if period is not None and meta.period != period:
        problems.file("form-mismatch", _(
            "this form is for period '{form}' ({label}), not '{period}': check that the unit "
            "sent this period's form").format(form=meta.period, period=period,
                                              label=plan.periods[meta.period].label))
        return None
    return plan


def _check_sheets(book: Any, layout: Layout, meta: reader.Meta, problems: _Problems) -> None:
    known = {sheet.name for sheet in layout.sheets} | {INSTRUCTIONS_SHEET, META_SHEET}
    for name in meta.locked:
        if name not in book.sheetnames:
            problems.at(Place(name, 0, 0), "form-sheet-missing", _(
                "the sheet '{sheet}' of the form is missing (renamed or deleted): give it its "
                "name back, or copy the values into a new form").format(sheet=name))
    for name in book.sheetnames:
        if name not in known and name not in meta.locked:
            problems.at(Place(name, 0, 0), "form-extra", _(
                "the sheet '{sheet}' is not part of the form and was not read; move anything "
                "it holds into the form's own sheets").format(sheet=name), Severity.WARNING)


def _check_locked(book: Any, meta: reader.Meta, problems: _Problems) -> None:
    for name, cells_text in meta.locked.items():
        if name not in book.sheetnames:
            continue
        sheet = book[name]
        for coordinate, expected in cells_text.items():
            found = canonical(sheet[coordinate].value)
            if found == expected:
                continue
            cell = sheet[coordinate]
            place = Place(name, cell.row, cell.column)
            if found:
                message = _("this cell is locked in the form and was changed: it must read "
                            "“{expected}”, not “{found}”; write values only in the yellow "
                            "cells").format(expected=_short(expected), found=_short(found))
            else:
                message = _("this cell is locked in the form and was emptied: it must read "
                            "“{expected}”").format(expected=_short(expected))
            problems.at(place, "form-locked-cell", message)


def _check_outdated(plan: Plan, meta: reader.Meta, problems: _Problems) -> None:
    """The plan's labels as the form was made, against the plan's labels now."""
    from dvcq_cli.forms.workbook import expected_locked

    now = expected_locked(form_layout(plan, meta.unit, meta.period))
    for name, cells_text in meta.locked.items():
        for coordinate, text in cells_text.items():
            if now.get(name, {}).get(coordinate) != text:
                problems.file("form-outdated", _(
                    "the plan has changed since this form was made ({place} now reads “{now}”); "
                    "the values were read by their ids: check them, or send the unit a new "
                    "form").format(place=f"{name}!{coordinate}",
                                   now=_short(now.get(name, {}).get(coordinate, ""))),
                    Severity.WARNING)
                return


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- cells → YAML text
class _Text:
    """YAML lines and, for each, the cell it comes from."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.places: list[Place] = []

    def add(self, line: str, place: Place) -> None:
        self.lines.append(line)
        self.places.append(place)

    def value(self, prefix: str, value: Any, place: Place, indent: int) -> None:
        """`prefix` ("key: " or "- ") then the value as YAML, all its lines from `place`."""
        for number, line in enumerate(yaml_value(value, indent, 100 - len(prefix))):
            self.add(prefix + line if number == 0 else line, place)


def yaml_value(value: Any, indent: int, room: int) -> list[str]:
    """A cell's value as YAML: what a person would type for it."""
    if value is None:
        return ["null"]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, Raw):
        return [double_quoted(value.text)]
    if isinstance(value, int):
        return [str(value)]
    if hasattr(value, "isoformat"):
        return [value.isoformat()]
    if hasattr(value, "denominator"):  # a Fraction: the decimal it was typed as
        from dvcq_cli.scaffold import _decimal

        return [_decimal(value)]
    return yaml_scalar(str(value), indent, room)


def to_yaml(book: Any, layout: Layout, meta: reader.Meta, problems: _Problems
            ) -> tuple[str, list[Place]]:
    out = _Text()
    for sheet in layout.sheets:
        if sheet.name not in book.sheetnames:
            continue
        ws = book[sheet.name]
        if isinstance(sheet, RowSheet):
            _rows(out, ws, sheet, meta, problems)
        else:
            _items(out, ws, sheet, meta, problems)
    return "\n".join(out.lines) + "\n", out.places


def _read_cell(ws: Any, row: int, column_number: int, column: Column,
               problems: _Problems) -> tuple[Any, Place]:
    place = Place(ws.title, row, column_number)
    read = cells.read(column, ws.cell(row, column_number).value)
    for issue in read.issues:
        problems.at(place, issue.code, issue.message, issue.severity)
    return read.value, place


def _rows(out: _Text, ws: Any, sheet: RowSheet, meta: reader.Meta,
          problems: _Problems) -> None:
    """A sheet of rows, each found by the id in its locked id column."""
    by_key = {row.key: row for row in sheet.rows if row.in_yaml}
    identity = {"unit": meta.unit, "period": meta.period}
    indent = 0
    if sheet.field is not None:
        out.add(f"{sheet.field}:", Place(ws.title, TITLE_ROW, 1))
        indent = 2
    for line in range(FIRST_ROW, ws.max_row + 1):
        key = canonical(ws.cell(line, ID_COLUMN).value).strip()
        row = by_key.get(key)
        if row is None:
            if key and sheet.field is not None:  # an id no longer in the plan: the rules say so
                value, place = _read_cell(ws, line, VALUE_COLUMN, _ANY, problems)
                out.value(f"{' ' * indent}{yaml_key(key)}: ", value, place, indent)
            continue
        if row.fixed is not None:
            out.add(f"{key}: {yaml_value(identity.get(key, row.fixed), 0, 90)[0]}",
                    Place(ws.title, line, VALUE_COLUMN))
            continue
        value, place = _read_cell(ws, line, VALUE_COLUMN, row.column, problems)
        if value is None and not row.column.required:
            continue
        out.value(f"{' ' * indent}{yaml_key(key)}: ", value, place, indent)
    _extra_columns(ws, ID_COLUMN, problems)


_ANY = Column("", "", TEXT)  # a value of a row the plan no longer has: read as it is


def _items(out: _Text, ws: Any, sheet: ListSheet, meta: reader.Meta,
           problems: _Problems) -> None:
    """A sheet of list items, each column found by its heading."""
    by_header = {column.header: column for column in sheet.columns}
    found: dict[int, Column] = {}
    recorded = meta.locked.get(ws.title, {})
    last = FIRST_TABLE_COLUMN - 1
    for number in range(FIRST_TABLE_COLUMN, ws.max_column + 1):
        header = canonical(ws.cell(HEADER_ROW, number).value).strip()
        if header in by_header:
            found[number] = by_header[header]
            last = max(last, number)
        elif header and f"{cell_name(HEADER_ROW, number)}" not in recorded:
            problems.at(Place(ws.title, HEADER_ROW, number), "form-extra", _(
                "the column '{header}' is not part of the form and was not read").format(
                header=_short(header)), Severity.WARNING)
    # A heading changed or emptied (reported as a locked cell): its column is still read
    # where the form put it.
    for offset, column in enumerate(sheet.columns):
        number = FIRST_TABLE_COLUMN + offset
        if column not in found.values() and number not in found:
            found[number] = column
    found = dict(sorted(found.items()))
    started = False
    for line in range(FIRST_ROW, ws.max_row + 1):
        values = [(column, *_read_cell(ws, line, number, column, problems))
                  for number, column in found.items()]
        if all(value is None or value == [] for _column, value, _place in values):
            continue  # a row left empty, wherever it is
        if not started:
            out.add(f"{sheet.field}:", Place(ws.title, TITLE_ROW, 1))
            started = True
        if sheet.records:
            _record(out, values, Place(ws.title, line, FIRST_TABLE_COLUMN))
        else:
            _column, value, place = values[0]
            out.value("  - ", value, place, 2)
    _extra_columns(ws, max(last, FIRST_TABLE_COLUMN + len(sheet.columns) - 1), problems,
                   skip=set(found))


def _record(out: _Text, values: list[tuple[Column, Any, Place]], row_place: Place) -> None:
    first = True
    for column, value, place in values:
        if (value is None or value == []) and not column.required:
            continue
        prefix = "  - " if first else "    "
        first = False
        if column.kind == LINES and isinstance(value, list):
            out.add(f"{prefix}{yaml_key(column.key)}:", place)
            for item in value:
                out.value("      - ", item, place, 6)
            continue
        out.value(f"{prefix}{yaml_key(column.key)}: ", value, place, 4)
    if first:  # only optional columns, all empty: cannot happen for a non-empty row
        out.add("  - {}", row_place)


def _extra_columns(ws: Any, last: int, problems: _Problems,
                   skip: set[int] | None = None) -> None:
    """Values typed right of the form's columns: not read, said once per column."""
    for number in range(last + 1, ws.max_column + 1):
        if skip and number in skip:
            continue
        for line in range(FIRST_ROW, ws.max_row + 1):
            if canonical(ws.cell(line, number).value).strip():
                problems.at(Place(ws.title, line, number), "form-extra", _(
                    "column {column} is not part of the form and was not read; write the "
                    "values in the form's own columns").format(
                    column=cell_name(1, number)[:-1]), Severity.WARNING)
                break


# ---------------------------------------------------------------- the same checks as dvcq check
# What a form cannot hold, so cannot be asked of it: the year-end self-scores are written in
# the YAML file (an import keeps those of the file it replaces; `dvcq check` reports them).
NOT_FROM_FORMS = frozenset({"scores-missing"})


def _checked(text: str, places: list[Place], plan: Plan, layout: Layout, target: str,
             problems: _Problems) -> Assessment | None:
    loaded = loader.load_text(text, target)
    ctx = Context(target)
    ctx.problems.extend(loaded.problems)
    built: Any = INVALID
    if isinstance(loaded.root, MappingNode):
        built = ASSESSMENT.build(loaded.root, ctx)
    checked = None
    if built is not INVALID:
        entry = FileEntry(Path(target), target, "assessment", str(layout.year), layout.period,
                          layout.unit)
        checked = check_assessment(built, plan, entry, ctx)
    for problem in ctx.problems:
        if problem.code in NOT_FROM_FORMS:
            continue
        place = _place_of(problem, places)
        if place is None:
            problems.file(problem.code, problem.message, problem.severity)
        else:
            problems.at(place, problem.code, problem.message, problem.severity)
    return checked


def _place_of(problem: Problem, places: list[Place]) -> Place | None:
    if problem.line <= 0 or not places:
        return None
    return places[min(problem.line, len(places)) - 1]
