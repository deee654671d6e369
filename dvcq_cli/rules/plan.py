"""Rules a plan must satisfy beyond its shape: ids, references, targets, periods.

Codes reported here:
- `id-duplicate`: two units, targets, tasks or points with one id.
- `ref-unknown`: a target, report or implementation item names an indicator, task, activity
  kind or unit the plan does not declare.
- `target-invalid`: a target's comparison does not fit its measure (a share compared with a
  whole number, a qualitative target with a threshold, a value the indicator cannot take), a
  scope that holds no unit, a per-period threshold of a period the target is not judged at.
- `indicator-invalid`: a `choice` indicator without choices, `min` above `max`, a grade
  without its score or bands, `aggregate` on something that is not a number, …
- `bands-invalid`: a scale whose grades are not in order (best first, each lower bound below
  the one before), leave scores without a grade, or fall outside the scale.
- `rule-invalid`: a consistency rule whose condition does not fit its indicator.
- `period-invalid`: a window that ends before it starts, or a period without a window.
- `path-mismatch`: the plan's `year` differs from its folder.
- `plan-incomplete` (warning): the plan's document number or date is still empty, as in a
  plan started with `dvcq new plan` and not yet issued.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from dvcq_cli import periods
from dvcq_cli.i18n import _
from dvcq_cli.model import (
    ActivityFilter,
    ActivitySum,
    Banding,
    Condition,
    ConsistencyRule,
    Indicator,
    IndicatorSum,
    Plan,
    Scope,
    Target,
)
from dvcq_cli.problems import Severity
from dvcq_cli.schema import Context, Percent, Pos, Where, did_you_mean


def check_plan(plan: Plan, ctx: Context, folder_year: str | None) -> None:
    _year_matches_folder(plan, ctx, folder_year)
    _unique(ctx, ((unit.id, unit.where) for unit in plan.units), _("unit"))
    _unique(ctx, ((target.id, target.where) for target in plan.targets), _("target"))
    _unique(ctx, _task_entries(plan), _("task"))
    _unique(ctx, ((item.id, item.where) for item in plan.implementation),
            _("implementation item"))
    _points_numbered_under_their_task(plan, ctx)
    for bands_id, banding in plan.bands.items():
        _check_banding(bands_id, banding, ctx)
    for indicator_id, indicator in plan.indicators.items():
        _check_indicator(indicator_id, indicator, ctx)
        if indicator.type == "grade":
            _check_grade(plan, indicator_id, indicator, ctx)
    _check_unit_kinds(plan, ctx)
    for target in plan.targets:
        _check_target(plan, target, ctx)
    _unique(ctx, ((rule.id, rule.where) for rule in plan.consistency), _("consistency rule"))
    for rule in plan.consistency:
        _check_rule(plan, rule, ctx)
    _check_units_named(plan, ctx)
    _check_periods(plan, ctx)
    _check_complete(plan, ctx)


def _year_matches_folder(plan: Plan, ctx: Context, folder_year: str | None) -> None:
    if folder_year is not None and str(plan.year) != folder_year:
        ctx.report(plan.where.value("year"), "path-mismatch", _(
            "the plan says year {year} but sits in the folder {folder}/; move it or fix "
            "the year").format(year=plan.year, folder=folder_year))


def _task_entries(plan: Plan) -> Iterable[tuple[str, Where]]:
    for task in plan.tasks:
        yield task.id, task.where
        for point in task.points:
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


def _points_numbered_under_their_task(plan: Plan, ctx: Context) -> None:
    for task in plan.tasks:
        if "." in task.id:
            ctx.report(task.where.value("id"), "id-invalid", _(
                "a task is numbered like \"1\"; \"{id}\" is a point: put it under "
                "its task's points").format(id=task.id))
        for point in task.points:
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
    if not indicator.is_number and (indicator.min is not None or indicator.max is not None):
        ctx.report(indicator.where.key("min" if indicator.min is not None else "max"),
                   "indicator-invalid", _("'min' and 'max' only apply to numbers"))
    if indicator.min is not None and indicator.max is not None and indicator.min > indicator.max:
        ctx.report(indicator.where.value("min"), "indicator-invalid", _(
            "'min' ({min}) is above 'max' ({max})").format(min=indicator.min, max=indicator.max))
    if indicator.aggregate is not None and not indicator.is_number:
        ctx.report(indicator.where.key("aggregate"), "indicator-invalid", _(
            "'aggregate' only applies to numbers (integer or number)"))
    if indicator.type != "grade":
        for key in ("score", "bands"):
            if getattr(indicator, key) is not None:
                ctx.report(indicator.where.key(key), "indicator-invalid", _(
                    "'{key}' only applies to indicators of type grade").format(key=key))


def _check_grade(plan: Plan, indicator_id: str, indicator: Indicator, ctx: Context) -> None:
    """A grade names its score (a bounded number) and a scale that covers every score."""
    where = indicator.where
    for key in ("score", "bands"):
        if getattr(indicator, key) is None:
            ctx.report(where.at, "indicator-invalid", _(
                "indicator '{id}' is a grade: give its 'score' (a number indicator) and its "
                "'bands' (a scale of the plan's bands)").format(id=indicator_id))
            return
    assert indicator.score is not None and indicator.bands is not None
    score_ok = _ref(ctx, where.value("score"), _("indicator"), indicator.score,
                    list(plan.indicators))
    bands_ok = _ref(ctx, where.value("bands"), _("scale"), indicator.bands, list(plan.bands))
    if not (score_ok and bands_ok):
        return
    score: Indicator = plan.indicators[indicator.score]
    banding: Banding = plan.bands[indicator.bands]
    if not score.is_number:
        ctx.report(where.value("score"), "indicator-invalid", _(
            "'{id}' is not a number; a grade is computed from a number indicator").format(
            id=indicator.score))
        return
    if (score.min is None or score.max is None or score.min < banding.min
            or score.max > banding.max):
        ctx.report(where.value("score"), "indicator-invalid", _(
            "the score '{score}' must stay on the scale '{bands}' ({low} to {high}), so that "
            "every score has a grade: give '{score}' min: {low} and max: {high}").format(
            score=indicator.score, bands=indicator.bands, low=_plain(banding.min),
            high=_plain(banding.max)))


def _plain(number: Any) -> str:
    """A number as written in YAML: 90, 89.5."""
    value = Fraction(number)
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def _check_banding(bands_id: str, banding: Banding, ctx: Context) -> None:
    """Grades best first, each starting below the one before, the last one at the scale's
    bottom: then every score of the scale has exactly one grade."""
    if banding.min >= banding.max:
        ctx.report(banding.where.value("max"), "bands-invalid", _(
            "the scale '{id}' ends ({high}) where or before it starts ({low})").format(
            id=bands_id, low=_plain(banding.min), high=_plain(banding.max)))
        return
    _unique(ctx, ((grade.id, grade.where) for grade in banding.grades), _("grade"))
    previous = None
    for grade in banding.grades:
        pos = grade.where.value("at_least")
        if not banding.min <= grade.at_least <= banding.max:
            ctx.report(pos, "bands-invalid", _(
                "grade '{id}' starts at {value}, outside the scale {low} to {high}").format(
                id=grade.id, value=_plain(grade.at_least), low=_plain(banding.min),
                high=_plain(banding.max)))
        elif previous is not None and grade.at_least >= previous.at_least:
            ctx.report(pos, "bands-invalid", _(
                "grade '{id}' starts at {value}, not below '{above}' ({start}): list the "
                "grades best first, each starting lower than the one before").format(
                id=grade.id, value=_plain(grade.at_least), above=previous.id,
                start=_plain(previous.at_least)))
        previous = grade
    last = banding.grades[-1] if banding.grades else None
    if last is not None and last.at_least != banding.min:
        ctx.report(last.where.value("at_least"), "bands-invalid", _(
            "the lowest grade '{id}' starts at {value}, so scores from {low} up to {value} "
            "have no grade: make it start at {low}").format(
            id=last.id, value=_plain(last.at_least), low=_plain(banding.min)))


def _check_unit_kinds(plan: Plan, ctx: Context) -> None:
    kinds = list(plan.kinds_of_unit())
    for unit in plan.units:
        if unit.kind is not None:
            _ref(ctx, unit.where.value("kind"), _("unit kind"), unit.kind, kinds)


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
        _check_condition(plan, spec, ctx, "target-invalid")
    elif isinstance(spec, (ActivityFilter, ActivitySum)):
        _check_activity_filter(plan, spec, ctx)
        if getattr(spec, "once_per_item", False) and measure.kind != "count_of_activities":
            ctx.report(spec.where.key("once_per_item"), "target-invalid", _(
                "'once_per_item' only applies where activities are counted "
                "(count_of_activities, or a unit's activities in a condition)"))
    if measure.ratio_of_sums is not None:
        ratio = measure.ratio_of_sums
        for name in ("numerator", "denominator"):
            _check_summed(plan, ratio.where.value(name), getattr(ratio, name),
                          _("a ratio of sums"), ctx)
    if isinstance(spec, IndicatorSum):
        _check_summed(plan, spec.where.value("indicator"), spec.indicator,
                      _("a sum of an indicator"), ctx)
    _check_comparison(target, ctx)
    if target.denominator != "all_units" and measure.kind == "qualitative":
        ctx.report(target.where.key("denominator"), "target-invalid", _(
            "a qualitative target has no verdict to protect from missing units; remove "
            "'denominator'"))
    if target.applies_to is not None:
        _check_scope(plan, target.applies_to, ctx)
    _check_target_periods(plan, target, ctx)


def _check_summed(plan: Plan, pos: Pos, indicator_id: str, what: str, ctx: Context) -> None:
    """An indicator added up across units: a number declared `aggregate: sum`."""
    if not _ref(ctx, pos, _("indicator"), indicator_id, list(plan.indicators)):
        return
    indicator = plan.indicators[indicator_id]
    if not indicator.is_number:
        ctx.report(pos, "target-invalid", _(
            "'{id}' is not a number; {what} needs integer or number indicators").format(
            id=indicator_id, what=what))
    elif not indicator.sums:
        ctx.report(pos, "target-invalid", _(
            "'{id}' is not added up across units; {what} needs it: declare it with "
            "'aggregate: sum' if its values can be added (people, complaints), not if they are "
            "scores or rates").format(id=indicator_id, what=what))


def _check_scope(plan: Plan, scope: Scope, ctx: Context) -> None:
    unit_ids = [unit.id for unit in plan.units]
    known = all([_ref(ctx, scope.where.value("units"), _("unit"), unit_id, unit_ids)
                 for unit_id in scope.units])
    kinds = list(plan.kinds_of_unit())
    known = all([_ref(ctx, scope.where.value("kinds"), _("unit kind"), kind, kinds)
                 for kind in scope.kinds]) and known
    # A scope with an unknown name is one mistake, reported there: not also as empty.
    if known and not any(scope.includes(unit) for unit in plan.units):
        ctx.report(scope.where.at, "target-invalid", _(
            "'applies_to' takes no unit of the plan: list unit ids under 'units' or unit "
            "kinds under 'kinds'"))


def _check_target_periods(plan: Plan, target: Target, ctx: Context) -> None:
    known = list(plan.periods)
    for period_id in target.periods:
        _ref(ctx, target.where.value("periods"), _("period"), period_id, known)
    comparison = target.comparison
    for period_id, value in target.by_period.items():
        pos = target.by_period.where.value(period_id)
        if not _ref(ctx, target.by_period.where.key(period_id), _("period"), period_id, known):
            continue
        if comparison is None:
            ctx.report(pos, "target-invalid", _(
                "a threshold by period needs the target's own comparison (at_least, "
                "more_than, at_most or less_than)"))
            return
        _check_threshold(target, value, pos, ctx)
        if target.periods and period_id not in target.periods:
            ctx.report(target.by_period.where.key(period_id), "target-invalid", _(
                "the target is judged only at {periods}, never at '{period}': remove this "
                "threshold or add the period to 'periods'").format(
                periods=", ".join(target.periods), period=period_id))


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
    _check_threshold(target, value, target.where.value(name), ctx)


def _check_threshold(target: Target, value: Any, pos: Pos, ctx: Context) -> None:
    measure = target.measure
    if measure.is_share and not isinstance(value, Percent):
        ctx.report(pos, "target-invalid", _(
            "this target is a share: write the threshold as a percentage, e.g. 80%"))
    elif not measure.is_share and isinstance(value, Percent):
        ctx.report(pos, "target-invalid", _(
            "this target counts: write the threshold as a whole number, not a percentage"))
    elif isinstance(value, Percent) and value.value > 1:
        ctx.report(pos, "target-invalid", _("a share cannot be more than 100%"))


def _check_condition(plan: Plan, condition: Condition, ctx: Context, code: str) -> None:
    """The condition names something the plan declares, and its test fits it."""
    name, value = condition.test
    if condition.activities is not None:
        _check_activity_filter(plan, condition.activities, ctx)
        if name == "one_of" or isinstance(value, bool) or not isinstance(value, int) \
                or value < 0:
            ctx.report(condition.where.value(name), code, _(
                "a unit's activities are counted: compare the count with a whole number, "
                "e.g. at_least: 1"))
        return
    assert condition.indicator is not None
    pos = condition.where.value("indicator")
    if not _ref(ctx, pos, _("indicator"), condition.indicator, list(plan.indicators)):
        return
    indicator: Indicator = plan.indicators[condition.indicator]
    if name not in ("equals", "one_of") and indicator.type in ("bool", "text"):
        ctx.report(condition.where.key(name), code, _(
            "'{key}' needs a number, choice or grade indicator; '{id}' is {type}: use equals "
            "or one_of").format(key=name, id=condition.indicator, type=indicator.type))
        return
    for item in (value if name == "one_of" else [value]):
        problem = _value_problem(plan, indicator, item, name != "one_of")
        if problem:
            ctx.report(condition.where.value(name), code, problem)


def _value_problem(plan: Plan, indicator: Indicator, value: Any,
                   other_allowed: bool) -> str | None:
    if indicator.type == "bool" and not isinstance(value, bool):
        return _("the indicator is true/false; compare it with true or false")
    if indicator.type == "grade" and plan.banding_of(indicator) is None:
        return None  # the grade itself is reported: its scale is missing or unknown
    choices = plan.choices_of(indicator)
    if choices is not None and value not in choices:
        return _("'{value}' is not one of the indicator's choices: {choices}").format(
            value=value, choices=", ".join(choices))
    if indicator.is_number and isinstance(value, str) and other_allowed:
        other = plan.indicators.get(value)
        if other is None or not other.is_number:
            numbers = [key for key, found in plan.indicators.items()
                       if found.is_number and found is not indicator]
            return _("'{value}' is not a number indicator of the plan; compare with a number "
                     "or with one of: {known}").format(value=value, known=", ".join(numbers))
        return None
    if indicator.is_number and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return _("the indicator is a number; compare it with a number")
    return None


def _check_rule(plan: Plan, rule: ConsistencyRule, ctx: Context) -> None:
    if rule.when is not None:
        _check_condition(plan, rule.when, ctx, "rule-invalid")
    _check_condition(plan, rule.check, ctx, "rule-invalid")


def _check_activity_filter(plan: Plan, spec: Any, ctx: Context) -> None:
    task_ids = plan.task_ids()
    for task in spec.tasks:
        _ref(ctx, spec.where.value("tasks"), _("task"), task, task_ids)
    for kind in spec.kinds:
        _ref(ctx, spec.where.value("kinds"), _("activity kind"), kind, list(plan.activity_kinds))


def _check_units_named(plan: Plan, ctx: Context) -> None:
    unit_ids = [unit.id for unit in plan.units]
    _ref(ctx, plan.report.where.value("prepared_by"), _("unit"), plan.report.prepared_by,
         unit_ids)
    for item in plan.implementation:
        for unit_id in item.units:
            _ref(ctx, item.where.value("units"), _("unit"), unit_id, unit_ids)


def _check_periods(plan: Plan, ctx: Context) -> None:
    for period_id, period in plan.periods.items():
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
