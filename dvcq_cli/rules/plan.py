"""Rules a plan must satisfy beyond its shape: ids, references, targets, periods.

Codes reported here:
- `id-duplicate`: two units, targets, tasks or points with one id.
- `ref-unknown`: a target, report or implementation item names an indicator, task, activity
  kind or unit the plan does not declare.
- `target-invalid`: a target's comparison does not fit its measure (a share compared with a
  whole number, a qualitative target with a threshold, a value the indicator cannot take).
- `indicator-invalid`: a `choice` indicator without choices, `min` above `max`, …
- `period-invalid`: a window that ends before it starts, or a period without a window.
- `path-mismatch`: the plan's `year` differs from its folder.
- `plan-incomplete` (warning): the plan's document number or date is still empty, as in a
  plan started with `dvcq new plan` and not yet issued.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dvcq_cli import periods
from dvcq_cli.i18n import _
from dvcq_cli.model import (
    ActivityFilter,
    ActivitySum,
    Condition,
    Indicator,
    Plan,
    Target,
)
from dvcq_cli.problems import Severity
from dvcq_cli.schema import Context, Percent, Pos, Where, complete, did_you_mean, valid


def check_plan(plan: Plan, ctx: Context, folder_year: str | None) -> None:
    """The rules, on what is valid: the plan may be partial (a field that failed holds
    INVALID, see schema.Record.build). A rule whose facts are incomplete is not run: one
    mistake gives one message, not one per rule that reads it."""
    _year_matches_folder(plan, ctx, folder_year)
    units, targets, tasks, items = (_list(value) for value in (
        plan.units, plan.targets, plan.tasks, plan.implementation))
    _unique(ctx, ((unit.id, unit.where) for unit in units), _("unit"))
    _unique(ctx, ((target.id, target.where) for target in targets), _("target"))
    _unique(ctx, _task_entries(tasks), _("task"))
    _unique(ctx, ((item.id, item.where) for item in items), _("implementation item"))
    _points_numbered_under_their_task(tasks, ctx)
    indicators = plan.indicators if valid(plan.indicators) else {}
    for indicator_id, indicator in indicators.items():
        if complete(indicator):
            _check_indicator(indicator_id, indicator, ctx)
    # Targets refer to indicators, tasks and activity kinds: checked when those are whole.
    known = valid(plan.indicators) and valid(plan.activity_kinds) and _whole(plan.tasks) \
        and all(complete(task) and _whole(task.points) for task in plan.tasks) \
        and all(complete(indicator) for indicator in indicators.values())
    for target in targets:
        if known and complete(target) and complete(target.measure) \
                and complete(target.measure.spec):
            _check_target(plan, target, ctx)
    if valid(plan.units) and all(valid(unit.id) for unit in plan.units):
        _check_units_named(plan, units, items, ctx)
    if valid(plan.year) and valid(plan.periods):
        _check_periods(plan, ctx)
    if complete(plan.document):
        _check_complete(plan, ctx)


def _whole(value: Any) -> bool:
    """A list field that was built, every item of it without a problem."""
    return valid(value) and all(complete(item) for item in value)


def _list(value: Any) -> list[Any]:
    """The items of a list field that were built with a valid id; none when it failed."""
    return [item for item in value if valid(item.id)] if valid(value) else []


def _year_matches_folder(plan: Plan, ctx: Context, folder_year: str | None) -> None:
    if folder_year is not None and valid(plan.year) and str(plan.year) != folder_year:
        ctx.report(plan.where.value("year"), "path-mismatch", _(
            "the plan says year {year} but sits in the folder {folder}/; move it or fix "
            "the year").format(year=plan.year, folder=folder_year))


def _task_entries(tasks: list[Any]) -> Iterable[tuple[str, Where]]:
    for task in tasks:
        yield task.id, task.where
        for point in _list(task.points):
            yield point.id, point.where


def _unique(ctx: Context, entries: Iterable[tuple[str, Where]], what: str) -> None:
    first: dict[str, Where] = {}
    for entry_id, where in entries:
        if entry_id in first:
            ctx.report(where.value("id"), "id-duplicate", _(
                "{what} id '{id}' is already used on line {line}; ids must be unique").format(
                what=what, id=entry_id, line=first[entry_id].value("id").line))
        else:
            first[entry_id] = where


def _points_numbered_under_their_task(tasks: list[Any], ctx: Context) -> None:
    for task in tasks:
        if "." in task.id:
            ctx.report(task.where.value("id"), "id-invalid", _(
                "a task is numbered like \"1\"; \"{id}\" is a point: put it under "
                "its task's points").format(id=task.id))
        for point in _list(task.points):
            if not point.id.startswith(task.id + "."):
                ctx.report(point.where.value("id"), "id-invalid", _(
                    "point \"{id}\" is under task \"{task}\": number it \"{task}.a\", "
                    "\"{task}.b\", …").format(id=point.id, task=task.id))


def _check_indicator(indicator_id: str, indicator: Indicator, ctx: Context) -> None:
    if indicator.type == "choice" and not indicator.choices:
        ctx.report(indicator.where.at, "indicator-invalid", _(
            "indicator '{id}' is a choice: list its 'choices' (best first)").format(
            id=indicator_id))
    if indicator.type != "choice" and indicator.choices:
        ctx.report(indicator.where.key("choices"), "indicator-invalid", _(
            "'choices' only applies to indicators of type choice"))
    if indicator.type not in ("integer", "number") and (
            indicator.min is not None or indicator.max is not None):
        ctx.report(indicator.where.key("min" if indicator.min is not None else "max"),
                   "indicator-invalid", _("'min' and 'max' only apply to numbers"))
    if indicator.min is not None and indicator.max is not None and indicator.min > indicator.max:
        ctx.report(indicator.where.value("min"), "indicator-invalid", _(
            "'min' ({min}) is above 'max' ({max})").format(min=indicator.min, max=indicator.max))


def _ref(ctx: Context, pos: Pos, what: str, value: str, known: list[str]) -> bool:
    if value in known:
        return True
    ctx.report(pos, "ref-unknown", _("unknown {what} '{value}'{hint}").format(
        what=what, value=value, hint=did_you_mean(value, known)))
    return False


def _check_target(plan: Plan, target: Target, ctx: Context) -> None:
    measure = target.measure
    spec = measure.spec
    if isinstance(spec, Condition):
        _check_condition(plan, spec, ctx)
    elif isinstance(spec, (ActivityFilter, ActivitySum)):
        _check_activity_filter(plan, spec, ctx)
    if measure.ratio_of_sums is not None:
        ratio = measure.ratio_of_sums
        for name in ("numerator", "denominator"):
            value = getattr(ratio, name)
            if _ref(ctx, ratio.where.value(name), _("indicator"), value, list(plan.indicators)):
                if plan.indicators[value].type not in ("integer", "number"):
                    ctx.report(ratio.where.value(name), "target-invalid", _(
                        "'{id}' is not a number; a ratio of sums needs integer or number "
                        "indicators").format(id=value))
    _check_comparison(target, ctx)
    if target.denominator != "all_units" and measure.kind != "share_of_units":
        ctx.report(target.where.key("denominator"), "target-invalid", _(
            "'denominator' only applies to share_of_units"))


def _check_comparison(target: Target, ctx: Context) -> None:
    measure = target.measure
    comparison = target.comparison
    if measure.kind == "qualitative":
        if comparison is not None:
            ctx.report(target.where.key(comparison[0]), "target-invalid", _(
                "a qualitative target has no threshold; remove '{key}'").format(
                key=comparison[0]))
        return
    if comparison is None:
        ctx.report(target.where.at, "target-invalid", _(
            "the target needs a threshold: at_least, more_than, at_most or less_than"))
        return
    name, value = comparison
    pos = target.where.value(name)
    if measure.is_share and not isinstance(value, Percent):
        ctx.report(pos, "target-invalid", _(
            "this target is a share: write the threshold as a percentage, e.g. 80%"))
    elif not measure.is_share and isinstance(value, Percent):
        ctx.report(pos, "target-invalid", _(
            "this target counts: write the threshold as a whole number, not a percentage"))
    elif isinstance(value, Percent) and value.value > 1:
        ctx.report(pos, "target-invalid", _("a share cannot be more than 100%"))


def _check_condition(plan: Plan, condition: Condition, ctx: Context) -> None:
    pos = condition.where.value("indicator")
    if not _ref(ctx, pos, _("indicator"), condition.indicator, list(plan.indicators)):
        return
    indicator: Indicator = plan.indicators[condition.indicator]
    values: list[tuple[str, Any]] = []
    if condition.equals is not None:
        values.append(("equals", condition.equals))
    for value in condition.one_of or []:
        values.append(("one_of", value))
    if condition.at_least is not None:
        if indicator.type not in ("integer", "number", "choice"):
            ctx.report(condition.where.key("at_least"), "target-invalid", _(
                "'at_least' needs a number or choice indicator; '{id}' is {type}").format(
                id=condition.indicator, type=indicator.type))
            return
        values.append(("at_least", condition.at_least))
    for key, value in values:
        problem = _value_problem(indicator, value)
        if problem:
            ctx.report(condition.where.value(key), "target-invalid", problem)


def _value_problem(indicator: Indicator, value: Any) -> str | None:
    if indicator.type == "bool" and not isinstance(value, bool):
        return _("the indicator is true/false; compare it with true or false")
    if indicator.type == "choice" and value not in (indicator.choices or {}):
        return _("'{value}' is not one of the indicator's choices: {choices}").format(
            value=value, choices=", ".join(indicator.choices or {}))
    if indicator.type in ("integer", "number") and (
            isinstance(value, bool) or not isinstance(value, (int, float))):
        return _("the indicator is a number; compare it with a number")
    return None


def _check_activity_filter(plan: Plan, spec: Any, ctx: Context) -> None:
    task_ids = plan.task_ids()
    for task in spec.tasks:
        _ref(ctx, spec.where.value("tasks"), _("task"), task, task_ids)
    for kind in spec.kinds:
        _ref(ctx, spec.where.value("kinds"), _("activity kind"), kind, list(plan.activity_kinds))


def _check_units_named(plan: Plan, units: list[Any], items: list[Any], ctx: Context) -> None:
    unit_ids = [unit.id for unit in units]
    if valid(plan.report) and valid(plan.report.prepared_by):
        _ref(ctx, plan.report.where.value("prepared_by"), _("unit"), plan.report.prepared_by,
             unit_ids)
    for item in items:
        for unit_id in _values(item.units):
            _ref(ctx, item.where.value("units"), _("unit"), unit_id, unit_ids)


def _values(value: Any) -> list[Any]:
    return value if valid(value) else []


def _check_periods(plan: Plan, ctx: Context) -> None:
    for period_id, period in plan.periods.items():
        if not complete(period):
            continue
        span = periods.window(plan, period_id)
        if span is None:
            ctx.report(plan.periods.where.key(period_id), "period-invalid", _(
                "period '{id}' needs 'from' and 'to' dates (only 6m, 9m, 12m and q1 to q4 "
                "have defaults)").format(id=period_id))
            continue
        if span[0] > span[1]:
            ctx.report(period.where.value("to"), "period-invalid", _(
                "the window ends ({end}) before it starts ({start})").format(
                start=span[0].isoformat(), end=span[1].isoformat()))


def _check_complete(plan: Plan, ctx: Context) -> None:
    """A plan not yet issued has no number or date: a warning, so --strict refuses it."""
    where = plan.document.where
    if plan.document.number is None:
        ctx.report(where.key("number"), "plan-incomplete", _(
            "the plan's document number is empty; fill it in once the plan is issued and "
            "numbered"), Severity.WARNING)
    if plan.document.date is None:
        ctx.report(where.key("date"), "plan-incomplete", _(
            "the plan's date of issue is empty; fill it in once the plan is issued "
            "(date: YYYY-MM-DD)"), Severity.WARNING)
