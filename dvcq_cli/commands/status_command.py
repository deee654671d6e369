"""`dvcq status`: gather one period's attainment from the workspace and render it.

Gathering reuses `dvcq check` (every file is checked; files with errors are left out and
named), then `dvcq_cli.attain` computes the targets. Three renderings of the same facts:
`text` (plain, for pipes), `rich` (a coloured table, chosen by `--format auto` on a terminal)
and `json` (a stable shape, documented in the README). Rich is imported only here, lazily.

Exit codes: 0 when every file the status uses passed the check (targets not met are not a
failure: this is a report); 1 when some of those files have errors and were left out, or the
year's plan itself has errors; 2 for an unknown year or period, or no workspace.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from dvcq_cli import attain
from dvcq_cli.attain import Comparison, PeriodResult, TargetResult, UnitChange
from dvcq_cli.check import (
    NoPlan,
    Selection,
    UnknownYear,
    WorkspaceResult,
    YearData,
    check_workspace,
    pick_year,
)
from dvcq_cli.collector import collector_paused
from dvcq_cli.commands.check_command import CheckUsageError, workspace_root
from dvcq_cli.i18n import _
from dvcq_cli.model import Plan, Target
from dvcq_cli.problems import Problem
from dvcq_cli.vietnamese import format_date_short, format_number, format_percent
from dvcq_cli.workspace import PLANS_DIR, display_path

FORMATS = ("auto", "text", "json")
JSON_FORMAT_VERSION = 1
_SYMBOL = {"at_least": "≥", "more_than": ">", "at_most": "≤", "less_than": "<"}
_STYLE = {"met": "green", "not_met": "red", "no_data": "yellow",
          "submitted": "green", "late": "yellow", "missing": "red", "rejected": "red",
          "better": "green", "worse": "red", "changed": "yellow", "same": "", "new": "cyan"}


class StatusUsageError(Exception):
    """Unknown year or period, no workspace: exit 2."""


class StatusError(Exception):
    """Nothing can be computed (no plan, or the plan has errors): exit 1."""


@dataclass(frozen=True)
class LeftOut:
    """A file of the periods shown (or the plan) that has errors, so it was not used."""

    path: str
    errors: int
    warnings: int


@dataclass
class StatusOutcome:
    year: str
    result: PeriodResult
    comparison: Comparison | None = None
    left_out: list[LeftOut] = field(default_factory=list)
    warnings: int = 0  # warnings in the files that were used

    @property
    def exit_code(self) -> int:
        return 1 if self.left_out else 0


# ---------------------------------------------------------------- gathering
def gather(cwd: Path, period: str | None = None, year: str | None = None,
           compare_with: str | None = None) -> StatusOutcome:
    with collector_paused():  # computing the targets stays linear in N (see there)
        return _gather(cwd, period, year, compare_with)


def _gather(cwd: Path, period: str | None, year: str | None,
            compare_with: str | None) -> StatusOutcome:
    try:
        root = workspace_root(cwd)
    except CheckUsageError as error:
        raise StatusUsageError(str(error)) from None
    picked: list[tuple[YearData, Plan, str]] = []  # what select() chose

    def select(years: dict[str, YearData]) -> Selection:
        """Read only the plan and the periods shown: the year and period are known first."""
        data = _year(years, year)
        plan = data.plan
        # A plan with any error may have lost a unit or a target on the way: no figure is
        # safe.
        if plan is None:
            raise StatusError(_(
                "the plan {path} has errors, so no target can be computed; run 'dvcq check' "
                "to see them").format(path=data.plan_entry.display))
        period_id = period if period is not None else default_period(plan, data)
        for wanted in (period_id, compare_with):
            if wanted is not None and wanted not in plan.periods:
                raise StatusUsageError(_("unknown period '{period}'; the plan has: {known}")
                                       .format(period=wanted, known=", ".join(plan.periods)))
        if compare_with == period_id:
            others = [other for other in plan.periods if other != period_id]
            raise StatusUsageError(_(
                "--compare {period} names the period shown: compare it with another period "
                "of the plan ({others})").format(period=period_id,
                                                 others=", ".join(others) or _("none")))
        picked.append((data, plan, period_id))
        return Selection(data.year, (period_id,) if compare_with is None
                         else (period_id, compare_with))

    workspace = check_workspace(root, cwd, select=select)
    data, plan, period_id = picked[0]
    current = _evaluate(plan, data, period_id)
    comparison = None
    shown = [period_id]
    if compare_with is not None:
        comparison = attain.compare(current, _evaluate(plan, data, compare_with))
        shown.append(compare_with)
    problems = _relevant_problems(workspace, data, shown, root, cwd)
    left_out = _left_out(problems)
    left_paths = {item.path for item in left_out}
    warnings = sum(1 for p in problems if not p.is_error and p.path not in left_paths)
    return StatusOutcome(data.year, current, comparison, left_out, warnings)


def _year(years: dict[str, YearData], year: str | None) -> YearData:
    try:
        return pick_year(years, year)
    except UnknownYear as error:
        raise StatusUsageError(str(error)) from None
    except NoPlan as error:
        raise StatusError(str(error)) from None


def default_period(plan: Plan, data: YearData) -> str:
    """The last period of the plan that has any file; the first one if none has."""
    with_files = [p for p in plan.periods if p in data.periods_with_files]
    return with_files[-1] if with_files else next(iter(plan.periods))


def _evaluate(plan: Plan, data: YearData, period_id: str) -> PeriodResult:
    rejected = {unit: entry.display for unit, entry in data.rejected.get(period_id, {}).items()}
    return attain.evaluate(plan, period_id, data.assessments.get(period_id, {}), rejected)


def _relevant_problems(workspace: WorkspaceResult, data: YearData, period_ids: list[str],
                       root: Path, cwd: Path) -> list[Problem]:
    """Problems of the year's plan and of the files under the periods shown."""
    folders = tuple(display_path(root / PLANS_DIR / data.year / p, cwd).rstrip("/") + "/"
                    for p in period_ids)
    plan_path = data.plan_entry.display
    return [p for p in workspace.problems if p.path == plan_path or p.path.startswith(folders)]


def _left_out(problems: list[Problem]) -> list[LeftOut]:
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    left = []
    for path in sorted(by_path):
        errors = sum(1 for p in by_path[path] if p.is_error)
        if errors:
            left.append(LeftOut(path, errors, len(by_path[path]) - errors))
    return left


# ---------------------------------------------------------------- rendering helpers
def render(outcome: StatusOutcome, output_format: str) -> str:
    """`output_format`: auto, text, json, or rich (what auto picks on a terminal)."""
    chosen = resolve_format(output_format)
    if chosen == "json":
        return render_json(outcome)
    if chosen == "rich":
        return render_rich(outcome)
    return render_text(outcome)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def resolve_format(name: str) -> str:
    """`auto` is a coloured table on a terminal, plain text otherwise."""
    if name == "auto":
        return "rich" if _stdout_is_terminal() else "text"
    return name


def status_word(status: str) -> str:
    return {"met": _("met"), "not_met": _("not met"),
            "no_data": _("insufficient data")}[status]


def state_word(state: str) -> str:
    return {"submitted": _("on time"), "late": _("late"), "missing": _("not submitted"),
            "rejected": _("file has errors")}[state]


def trend_word(trend: str) -> str:
    return {"better": _("better"), "worse": _("worse"), "changed": _("changed"),
            "same": _("unchanged"), "new": _("new target")}[trend]


def required_text(result: TargetResult) -> str:
    if result.comparison is None or result.threshold is None:
        return _("qualitative")
    symbol = _SYMBOL[result.comparison]
    if result.target.measure.is_share:
        return f"{symbol} {format_percent(result.threshold)}"
    return f"{symbol} {format_number(result.threshold)}"


def result_text(result: TargetResult) -> str:
    if result.value is None or result.numerator is None:
        return "—"
    kind = result.target.measure.kind
    count = format_number(result.numerator)
    if kind == "share_of_units" and result.denominator is not None:
        return _("{numerator}/{denominator} units").format(
            numerator=count, denominator=format_number(result.denominator))
    if kind == "ratio_of_sums" and result.denominator is not None:
        return f"{count}/{format_number(result.denominator)}"
    if kind == "count_of_units":
        return _("{count} unit(s)").format(count=count)
    if kind == "sum_of_activities":
        return _("{total} in {activities} activities").format(
            total=count, activities=len(result.evidence))
    return _("{count} activities from {units} unit(s)").format(
        count=count, units=len(result.meeting))


def rate_text(result: TargetResult) -> str:
    if result.value is None or not result.target.measure.is_share:
        return "—"
    return format_percent(result.value)


def _names(result: PeriodResult, unit_ids: tuple[str, ...] | list[str]) -> str:
    names = []
    for unit_id in unit_ids:
        submission = result.submission(unit_id)
        if submission is None:
            names.append(unit_id)
        elif submission.state == "rejected":
            names.append(_("{unit} (file has errors)").format(unit=submission.unit.name))
        else:
            names.append(submission.unit.name)
    return ", ".join(names)


def chase_lines(result: PeriodResult) -> list[tuple[TargetResult, str]]:
    """For each target, the units to chase up: (target result, one line of text)."""
    lines = []
    for target in result.targets:
        parts = []
        if target.not_meeting:
            if target.target.measure.kind in attain.UNIT_MEASURES:
                label = _("not meeting: {units}")
            else:
                label = _("no activity counted: {units}")
            parts.append(label.format(units=_names(result, target.not_meeting)))
        if target.missing:
            parts.append(_("no usable assessment: {units}").format(
                units=_names(result, target.missing)))
        if parts:
            lines.append((target, "; ".join(parts)))
    return lines


def value_text(plan: Plan, target: Target, value: Any) -> str:
    """What a unit reported for a unit-measure target (`attain.unit_value`), as shown."""
    if value is None:
        return _("no assessment")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, tuple):
        return "/".join(format_number(Fraction(v)) for v in value)
    if isinstance(value, (int, Fraction)):
        return format_number(value)
    spec = target.measure.spec
    indicator = plan.indicators.get(getattr(spec, "indicator", ""))
    if indicator is not None and indicator.choices and value in indicator.choices:
        return str(indicator.choices[value])
    return str(value)


def _unit_change_lines(comparison: Comparison, kind: str) -> list[tuple[str, str]]:
    """(unit name, "target (before → after); …") for the units that improved or fell back."""
    current = comparison.current
    by_unit: dict[str, list[UnitChange]] = {}
    for change in comparison.units:
        if change.change == kind:
            by_unit.setdefault(change.unit, []).append(change)
    lines = []
    for submission in current.units:
        changes = by_unit.get(submission.unit.id)
        if not changes:
            continue
        text = "; ".join(_change_text(comparison, c) for c in changes)
        lines.append((submission.unit.name, text))
    return lines


def _change_text(comparison: Comparison, change: UnitChange) -> str:
    before = value_text(comparison.previous.plan, change.target, change.before_value)
    after = value_text(comparison.current.plan, change.target, change.after_value)
    return f"{change.target.short} ({before} → {after})"


def _short_result(result: TargetResult | None) -> str:
    if result is None:
        return "—"
    figures = [result_text(result)]
    rate = rate_text(result)
    if rate != "—":
        figures.append(rate)
    return "{figures} {status}".format(figures=" ".join(figures),
                                       status=f"({status_word(result.status)})")


def _heading(result: PeriodResult) -> tuple[str, str]:
    plan = result.plan
    title = _("Target attainment: {period} (plan {symbol})").format(
        period=result.period.label, symbol=plan.document.symbol)
    details = _("Data window {start} – {end}").format(
        start=format_date_short(result.window[0]), end=format_date_short(result.window[1]))
    if result.period.submit_by is not None:
        details += "; " + _("units submit by {date}").format(
            date=format_date_short(result.period.submit_by))
    return title, details


def _submission_summary(result: PeriodResult) -> str:
    return _("{submitted} of {units} unit(s) submitted, {late} late, {missing} without a "
             "usable assessment").format(
        submitted=len(result.submitted()), units=len(result.units),
        late=len(result.late()), missing=len(result.missing()))


def _target_rows(result: PeriodResult) -> list[tuple[str, str, str, str, str, str]]:
    return [(str(index), target.target.short, required_text(target), result_text(target),
             rate_text(target), target.status)
            for index, target in enumerate(result.targets, start=1)]


def _unit_rows(result: PeriodResult) -> list[tuple[str, str, str]]:
    return [(u.unit.name, u.state,
             format_date_short(u.submitted) if u.submitted is not None else "—")
            for u in result.units]


def _compare_rows(comparison: Comparison) -> list[tuple[str, str, str, str, str]]:
    return [(str(index), change.target.short, _short_result(change.before),
             _short_result(change.after), change.trend)
            for index, change in enumerate(comparison.targets, start=1)]


def _left_out_line(item: LeftOut) -> str:
    return _("{path}: {errors} error(s), {warnings} warning(s)").format(
        path=item.path, errors=item.errors, warnings=item.warnings)


# ---------------------------------------------------------------- plain text
def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = []
    for row in (headers, *rows):
        cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append("  ".join(cells).rstrip())
    return lines


def render_text(outcome: StatusOutcome) -> str:
    result = outcome.result
    title, details = _heading(result)
    lines = [title, details, ""]
    rows = [(*row[:5], status_word(row[5])) for row in _target_rows(result)]
    lines += _table(("#", _("Target"), _("Required"), _("Result"), _("Rate"), _("Status")),
                    rows)
    lines += ["", _submission_summary(result)]
    unit_rows = [(name, state_word(state), day) for name, state, day in _unit_rows(result)]
    lines += _table((_("Unit"), _("Submission"), _("Submitted on")), unit_rows)
    chase = chase_lines(result)
    if chase:
        lines += ["", _("To chase up:")]
        lines += [f"- {target.target.short}: {text}" for target, text in chase]
    if outcome.comparison is not None:
        lines += ["", *_compare_text(outcome.comparison)]
    lines += _left_out_text(outcome)
    return "\n".join(lines)


def _compare_text(comparison: Comparison) -> list[str]:
    previous = comparison.previous
    lines = [_("Change from {period}:").format(period=previous.period.label)]
    rows = [(*row[:4], trend_word(row[4])) for row in _compare_rows(comparison)]
    lines += _table(("#", _("Target"), previous.period_id, comparison.current.period_id,
                     _("Trend")), rows)
    for kind, heading in (("improved", _("Units that improved:")),
                          ("fell_back", _("Units that fell back:"))):
        changes = _unit_change_lines(comparison, kind)
        if changes:
            lines += [heading] + [f"- {name}: {text}" for name, text in changes]
    if not comparison.units:
        lines.append(_("No unit crossed a target's line."))
    return lines


def _left_out_text(outcome: StatusOutcome) -> list[str]:
    if not outcome.left_out:
        return []
    lines = ["", _("Left out (files with errors; run 'dvcq check' to see them):")]
    lines += [f"- {_left_out_line(item)}" for item in outcome.left_out]
    return lines


# ---------------------------------------------------------------- rich
def render_rich(outcome: StatusOutcome, width: int | None = None) -> str:
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    def styled(code: str, word: str) -> Text:
        return Text(word, style=_STYLE.get(code, ""))

    result = outcome.result
    title, details = _heading(result)
    targets = Table(title=title, caption=details, show_lines=False, expand=False)
    for header, options in (("#", {"justify": "right"}), (_("Target"), {"ratio": 1}),
                            (_("Required"), {"no_wrap": True}), (_("Result"), {}),
                            (_("Rate"), {"justify": "right", "no_wrap": True}),
                            (_("Status"), {"no_wrap": True})):
        targets.add_column(header, **options)  # type: ignore[arg-type]
    for *cells, status in _target_rows(result):
        targets.add_row(*cells, styled(status, status_word(status)))

    units = Table(title=_submission_summary(result))
    for header in (_("Unit"), _("Submission"), _("Submitted on")):
        units.add_column(header)
    for name, state, day in _unit_rows(result):
        units.add_row(name, styled(state, state_word(state)), day)

    parts: list[Any] = [targets, Text(""), units]
    chase = chase_lines(result)
    if chase:
        parts += [Text(""), Text(_("To chase up:"), style="bold")]
        for target, text in chase:
            line = Text("- ")
            line.append(target.target.short, style="bold")
            line.append(f": {text}")
            parts.append(line)
    if outcome.comparison is not None:
        parts += [Text(""), *_compare_rich(outcome.comparison, styled)]
    if outcome.left_out:
        parts += [Text(""), Text(_("Left out (files with errors; run 'dvcq check' to see "
                                   "them):"), style="bold red")]
        parts += [Text(f"- {_left_out_line(item)}") for item in outcome.left_out]

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, highlight=False,
                      width=width or shutil.get_terminal_size((100, 24)).columns)
    console.print(Group(*parts))
    return buffer.getvalue().rstrip("\n")


def _compare_rich(comparison: Comparison, styled: Any) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    previous = comparison.previous
    table = Table(title=_("Change from {period}:").format(period=previous.period.label))
    table.add_column("#", justify="right")
    table.add_column(_("Target"), ratio=1)
    table.add_column(previous.period_id)
    table.add_column(comparison.current.period_id)
    table.add_column(_("Trend"), no_wrap=True)
    for *cells, trend in _compare_rows(comparison):
        table.add_row(*cells, styled(trend, trend_word(trend)))
    parts: list[Any] = [table]
    for kind, heading, style in (("improved", _("Units that improved:"), "green"),
                                 ("fell_back", _("Units that fell back:"), "red")):
        changes = _unit_change_lines(comparison, kind)
        if changes:
            parts.append(Text(heading, style=f"bold {style}"))
            for name, text in changes:
                line = Text("- ")
                line.append(name, style="bold")
                line.append(f": {text}")
                parts.append(line)
    if not comparison.units:
        parts.append(Text(_("No unit crossed a target's line.")))
    return parts


# ---------------------------------------------------------------- json
def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _period_json(result: PeriodResult) -> dict[str, Any]:
    period = result.period
    return {
        "id": result.period_id,
        "label": period.label,
        "from": result.window[0].isoformat(),
        "to": result.window[1].isoformat(),
        "submit_by": period.submit_by.isoformat() if period.submit_by else None,
        "report_by": period.report_by.isoformat() if period.report_by else None,
    }


def _target_json(result: TargetResult) -> dict[str, Any]:
    share = result.target.measure.is_share
    return {
        "id": result.target.id,
        "short": result.target.short,
        "measure": result.target.measure.kind,
        "status": result.status,
        "comparison": result.comparison,
        "threshold": _fraction(result.threshold),
        "threshold_percent": (format_percent(result.threshold)
                              if share and result.threshold is not None else None),
        "numerator": _fraction(result.numerator),
        "denominator": _fraction(result.denominator),
        "denominator_basis": result.denominator_basis,
        "value": _fraction(result.value),
        "rate": format_percent(result.value) if share and result.value is not None else None,
        "meeting": list(result.meeting),
        "not_meeting": list(result.not_meeting),
        "missing": list(result.missing),
        "evidence": [{"unit": unit, "date": activity.date.isoformat(), "task": activity.task,
                      "kind": activity.kind, "text": activity.text}
                     for unit, activity in result.evidence],
    }


def _brief_json(result: TargetResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    share = result.target.measure.is_share
    return {
        "status": result.status,
        "numerator": _fraction(result.numerator),
        "denominator": _fraction(result.denominator),
        "value": _fraction(result.value),
        "rate": format_percent(result.value) if share and result.value is not None else None,
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, Fraction):
        return str(value)
    return value


def _compare_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "period": _period_json(comparison.previous),
        "targets": [{"id": c.target.id, "trend": c.trend, "before": _brief_json(c.before),
                     "after": _brief_json(c.after)} for c in comparison.targets],
        "units": [{"unit": c.unit, "target": c.target.id, "change": c.change,
                   "before": c.before, "after": c.after,
                   "before_value": _json_value(c.before_value),
                   "after_value": _json_value(c.after_value)} for c in comparison.units],
    }


def status_document(outcome: StatusOutcome) -> dict[str, Any]:
    result = outcome.result
    counts = {status: sum(1 for t in result.targets if t.status == status)
              for status in ("met", "not_met", "no_data")}
    return {
        "format_version": JSON_FORMAT_VERSION,
        "year": result.plan.year,
        "plan": result.plan.document.symbol,
        "period": _period_json(result),
        "summary": {
            "units": len(result.units),
            "submitted": len(result.submitted()),
            "late": len(result.late()),
            "missing": len(result.missing()),
            "rejected": sum(1 for u in result.units if u.state == "rejected"),
            "targets_met": counts["met"],
            "targets_not_met": counts["not_met"],
            "targets_no_data": counts["no_data"],
        },
        "targets": [_target_json(target) for target in result.targets],
        "units": [{"id": u.unit.id, "name": u.unit.name, "state": u.state,
                   "submitted": u.submitted.isoformat() if u.submitted else None}
                  for u in result.units],
        "left_out": [{"path": item.path, "errors": item.errors, "warnings": item.warnings}
                     for item in outcome.left_out],
        "warnings": outcome.warnings,
        "compare": _compare_json(outcome.comparison) if outcome.comparison else None,
    }


def render_json(outcome: StatusOutcome) -> str:
    return json.dumps(status_document(outcome), ensure_ascii=False, indent=2)

