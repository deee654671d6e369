"""Rules a self-assessment must satisfy against its plan.

The plan declares what an assessment holds, so this is where an assessment's indicators get
their types. Codes reported here:
- `ref-unknown`: unknown unit, period, task or activity kind.
- `path-mismatch`: the unit or period written in the file differs from its path.
- `indicator-unknown`, `indicator-missing`: an indicator the plan does not declare, or a
  required one left out.
- `type-mismatch`, `choice-invalid`, `value-invalid`: an indicator value of the wrong kind.
- `date-outside-window` (warning): an activity dated outside the period's cut-off window.
"""

from __future__ import annotations

from datetime import date

from yaml.nodes import Node, ScalarNode

from dvcq_cli import periods, scalars
from dvcq_cli.i18n import _
from dvcq_cli.model import Assessment, Indicator, Plan, plan_index
from dvcq_cli.problems import Severity
from dvcq_cli.schema import (
    INVALID,
    Bool,
    Choice,
    Context,
    Int,
    LocatedDict,
    Number,
    Pos,
    Spec,
    Text,
    Where,
    closest,
    did_you_mean,
)
from dvcq_cli.workspace import FileEntry


def indicator_spec(indicator: Indicator) -> Spec:
    """The schema a unit's value must follow, as the plan declares it."""
    if indicator.type == "bool":
        return Bool(indicator.label)
    if indicator.type == "choice":
        return Choice(tuple(indicator.choices or ()), indicator.label)
    if indicator.type == "integer":
        return Int(indicator.label, minimum=indicator.min, maximum=indicator.max)
    if indicator.type == "number":
        return Number(indicator.label)
    return Text(indicator.label)


def check_assessment(assessment: Assessment, plan: Plan | None, entry: FileEntry,
                     ctx: Context) -> Assessment | None:
    """Check against the plan; the assessment with typed indicator values, or None."""
    before = len(ctx.problems)
    if plan is None:
        _path_agrees(assessment, entry, ctx, unit_known=True, period_known=True)
        return None
    units = plan_index(plan).units
    unit_known = assessment.unit in units
    period_known = assessment.period in plan.periods
    if not unit_known:
        message = _("unknown unit '{value}'{hint}").format(
            value=assessment.unit, hint=did_you_mean(assessment.unit, list(units)))
        guess = closest(assessment.unit, list(units))
        if guess is not None and entry.unit == assessment.unit:
            # The file is named after the same misspelt id: both are to mend at once.
            message += _("; the file's name has the same mistake: rename it to {name}").format(
                name=guess + ".yaml")
        ctx.report(assessment.where.value("unit"), "ref-unknown", message)
    if not period_known:
        ctx.report(assessment.where.value("period"), "ref-unknown", _(
            "unknown period '{value}'; the plan has: {known}").format(
            value=assessment.period, known=", ".join(plan.periods)))
    # An unknown unit or period is one mistake: it is not also reported against the path.
    _path_agrees(assessment, entry, ctx, unit_known, period_known)
    typed = _typed_indicators(assessment, plan, ctx)
    _check_activities(assessment, plan, ctx)
    if any(problem.is_error for problem in ctx.problems[before:]):
        return None
    return assessment._replace(indicators=typed)


def _path_agrees(assessment: Assessment, entry: FileEntry, ctx: Context,
                 unit_known: bool, period_known: bool) -> None:
    if unit_known and entry.unit is not None and assessment.unit != entry.unit:
        ctx.report(assessment.where.value("unit"), "path-mismatch", _(
            "the file is named {file} but says unit '{unit}'; rename the file to {expected} "
            "or fix the unit").format(file=entry.path.name, unit=assessment.unit,
                                      expected=assessment.unit + entry.path.suffix))
    if period_known and entry.period is not None and assessment.period != entry.period:
        ctx.report(assessment.where.value("period"), "path-mismatch", _(
            "the file is in the folder {folder}/ but says period '{period}'; move it or fix "
            "the period").format(folder=entry.period, period=assessment.period))


def _typed_indicators(assessment: Assessment, plan: Plan, ctx: Context) -> LocatedDict:
    given: LocatedDict = assessment.indicators
    typed = LocatedDict()
    typed.where = given.where
    declared = list(plan.indicators)
    for name, node in given.items():
        indicator = plan.indicators.get(name)
        if indicator is None:
            ctx.report(given.where.key(name), "indicator-unknown", _(
                "unknown indicator '{name}'{hint}").format(
                name=name, hint=did_you_mean(name, declared)))
            continue
        value = _typed_value(indicator, node, ctx)
        if value is not INVALID and value is not None:
            typed[name] = value
    anchor = given.where.at if given.where.at.line else assessment.where.key("indicators")
    for name, indicator in plan.indicators.items():
        if indicator.required and name not in given:
            ctx.report(anchor, "indicator-missing", _(
                "indicator '{name}' is missing ({label}); add it: {example}").format(
                name=name, label=indicator.label, example=_example(name, indicator)))
    return typed


def _typed_value(indicator: Indicator, node: Node, ctx: Context) -> object:
    if (not indicator.required and isinstance(node, ScalarNode) and scalars.is_plain(node)
            and node.value in scalars.NULLS):
        return None
    return indicator_spec(indicator).build(node, ctx)


def _example(name: str, indicator: Indicator) -> str:
    if indicator.type == "bool":
        return f"{name}: true"
    if indicator.type == "choice":
        return f"{name}: {next(iter(indicator.choices or {'...': ''}))}"
    if indicator.type in ("integer", "number"):
        return f"{name}: 0"
    return f"{name}: ..."


def _check_activities(assessment: Assessment, plan: Plan, ctx: Context) -> None:
    index = plan_index(plan)
    span = periods.window(plan, assessment.period)
    for activity in assessment.activities:
        where: Where = activity.where
        if activity.task not in index.task_set:
            ctx.report(where.value("task"), "ref-unknown", _(
                "unknown task '{value}'{hint} (the plan's tasks: {known})").format(
                value=activity.task, hint=did_you_mean(activity.task, index.task_ids),
                known=", ".join(index.task_ids)))
        if activity.kind is not None and activity.kind not in index.activity_kinds:
            ctx.report(where.value("kind"), "ref-unknown", _(
                "unknown activity kind '{value}'{hint}").format(
                value=activity.kind, hint=did_you_mean(activity.kind, list(plan.activity_kinds))))
        if span is not None and not span[0] <= activity.date <= span[1]:
            _outside_window(where.value("date"), activity.date, span, ctx)


def _outside_window(pos: Pos, day: date, span: tuple[date, date], ctx: Context) -> None:
    ctx.report(pos, "date-outside-window", _(
        "{date} is outside this period's data window {start} – {end}; it is not counted "
        "(check the date or move the activity to the right period)").format(
        date=day.isoformat(), start=span[0].isoformat(), end=span[1].isoformat()),
        Severity.WARNING)
