"""Rules a plan must satisfy beyond its shape: ids, references, targets, periods.

Codes reported here:
- `id-duplicate`: two units, targets, tasks or points with one id.
- `ref-unknown`: a target, report or implementation item names an indicator, task, activity
  kind or unit the plan does not declare.
- `target-invalid`: a target's comparison does not fit its measure (a share compared with a
  whole number, a qualitative target with a threshold, a value the indicator cannot take), a
  scope that holds no unit, a per-period threshold of a period the target is not judged at.
- `indicator-invalid`: a `choice` indicator without choices, `min` above `max`, a grade
  without its score or bands, `aggregate` on something that is not a number, `aggregate: sum`
  on a score, a rate or an average (its label says so, or a grade is banded on it), …
- `indicator-aggregate-missing` (warning): a number that does not say whether it adds up
  across units (`aggregate: sum` or `aggregate: none`).
- `bands-invalid`: a scale whose grades are not in order (best first, each lower bound below
  the one before), leave scores without a grade, or fall outside the scale.
- `ref-unknown` also for the scoring period; the criteria set the plan names is checked with
  the workspace (`check.py`), where the sets are read, and so are the grades a target's
  `scoring: grade` condition names (`unknown_grades`).
- `rule-invalid`: a consistency rule whose condition does not fit its indicator.
- `period-invalid`: a window that ends before it starts, or a period without a window.
- `path-mismatch`: the plan's `year` differs from its folder.
- `value-invalid`: a point's `heading` longer than a heading (more than 20 words, or
  several lines).
- `plan-incomplete` (warning): the plan's document number or date is still empty, as in a
  plan started with `dvcq new plan` and not yet issued.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from dvcq_cli import periods
from dvcq_cli.i18n import _
from dvcq_cli.model import (
    HEADING_WORDS,
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
from dvcq_cli.schema import Context, Percent, Pos, Where, complete, did_you_mean, valid
from dvcq_cli.vietnamese import nfc


def check_plan(plan: Plan, ctx: Context, folder_year: str | None) -> None:
    """The rules, on what is valid: the plan may be partial (a field that failed holds
    INVALID, see schema.Record.build). A rule whose facts are incomplete is not run: one
    mistake gives one message, not one per rule that reads it."""
    _year_matches_folder(plan, ctx, folder_year)
    units, targets, tasks, items, rules = (_list(value) for value in (
        plan.units, plan.targets, plan.tasks, plan.implementation, plan.consistency))
    unique_ids(ctx, ((unit.id, unit.where) for unit in units), _("unit"))
    unique_ids(ctx, ((target.id, target.where) for target in targets), _("target"))
    unique_ids(ctx, _task_entries(tasks), _("task"))
    unique_ids(ctx, ((item.id, item.where) for item in items), _("implementation item"))
    _points_numbered_under_their_task(tasks, ctx)
    bands = plan.bands if valid(plan.bands) else {}
    for bands_id, banding in bands.items():
        if complete(banding):
            check_banding(bands_id, banding, ctx)
    indicators = plan.indicators if valid(plan.indicators) else {}
    # What the rules below refer to (indicators, scales, tasks, activity kinds, units and
    # their kinds, periods): they run when those are whole, so that a mistake in one is not
    # reported again as an unknown name wherever it is used.
    known = (_whole_map(plan.indicators) and _whole_map(plan.bands)
             and valid(plan.activity_kinds) and valid(plan.unit_kinds) and valid(plan.periods)
             and _whole(plan.tasks) and _whole(plan.units))
    scores = {indicator.score for indicator in indicators.values()
              if complete(indicator) and indicator.type == "grade"}
    for indicator_id, indicator in indicators.items():
        if complete(indicator):
            _check_indicator(indicator_id, indicator, ctx)
            _check_aggregate(indicator_id, indicator, indicator_id in scores, ctx)
            if indicator.type == "grade" and known:
                _check_grade(plan, indicator_id, indicator, ctx)
    if valid(plan.unit_kinds) and valid(plan.units):
        _check_unit_kinds(plan, [unit for unit in units if valid(unit.kind)], ctx)
    for target in targets:
        if known and complete(target):
            _check_target(plan, target, ctx)
    unique_ids(ctx, ((rule.id, rule.where) for rule in rules), _("consistency rule"))
    for rule in rules:
        if known and complete(rule):
            _check_rule(plan, rule, ctx)
    if valid(plan.units) and all(valid(unit.id) for unit in plan.units):
        _check_units_named(plan, units, items, ctx)
    if valid(plan.year) and valid(plan.periods):
        _check_periods(plan, ctx)
        if plan.scoring is not None and complete(plan.scoring):
            _ref(ctx, plan.scoring.where.value("period"), _("period"), plan.scoring.period,
                 list(plan.periods))
    if complete(plan.document):
        _check_complete(plan, ctx)


def _whole(value: Any) -> bool:
    """A list field that was built, every item of it without a problem."""
    return valid(value) and all(complete(item) for item in value)


def _whole_map(value: Any) -> bool:
    """A mapping field that was built, every value of it without a problem."""
    return valid(value) and all(complete(item) for item in value.values())


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


def unique_ids(ctx: Context, entries: Iterable[tuple[str, Where]], what: str) -> None:
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
            _heading_is_short(point, ctx)


def _heading_is_short(point: Any, ctx: Context) -> None:
    heading = point.heading
    if not isinstance(heading, str):
        return
    words = len(heading.split())
    if words > HEADING_WORDS or "\n" in heading.strip():
        ctx.report(point.where.value("heading"), "value-invalid", _(
            "the heading of point \"{id}\" has {words} words: write a short heading of at "
            "most {limit} words on one line; the point's full text stays in 'text'").format(
            id=point.id, words=words, limit=HEADING_WORDS))


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


# Words of a label that make a number a score, a rate or an average: never added up.
_NOT_SUMMED = re.compile(r"(?<!\w)(điểm|tỷ lệ|tỉ lệ|phần trăm|bình quân|trung bình|xếp loại|"
                         r"mức độ)(?!\w)|%", re.IGNORECASE)


def _check_aggregate(indicator_id: str, indicator: Indicator, is_score: bool,
                     ctx: Context) -> None:
    """A number says whether it adds up across units, and a score, a rate or a grade's score
    never does: 15 units' satisfaction rates added make no figure."""
    if not indicator.is_number:
        return
    if indicator.aggregate is None:
        ctx.report(indicator.where.at, "indicator-aggregate-missing", _(
            "say whether indicator '{id}' adds up across units: aggregate: sum for people, "
            "files or complaints; aggregate: none for a score, a rate or an average").format(
            id=indicator_id), Severity.WARNING)
        return
    if not indicator.sums:
        return
    why = (_("it is the score of a grade") if is_score
           else _("its label says it is a score, a rate or an average")
           if _NOT_SUMMED.search(nfc(indicator.label)) else None)
    if why is not None:
        ctx.report(indicator.where.value("aggregate"), "indicator-invalid", _(
            "indicator '{id}' cannot be added up across units: {why}; write aggregate: "
            "none").format(id=indicator_id, why=why))


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
            score=indicator.score, bands=indicator.bands, low=plain_number(banding.min),
            high=plain_number(banding.max)))


def plain_number(number: Any) -> str:
    """A number as written in YAML: 90, 89.5."""
    value = Fraction(number)
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def check_banding(bands_id: str, banding: Banding, ctx: Context) -> None:
    """Grades best first, each starting below the one before, the last one at the scale's
    bottom: then every score of the scale has exactly one grade."""
    if banding.min >= banding.max:
        ctx.report(banding.where.value("max"), "bands-invalid", _(
            "the scale '{id}' ends ({high}) where or before it starts ({low})").format(
            id=bands_id, low=plain_number(banding.min), high=plain_number(banding.max)))
        return
    unique_ids(ctx, ((grade.id, grade.where) for grade in banding.grades), _("grade"))
    previous = None
    for grade in banding.grades:
        pos = grade.where.value("at_least")
        if not banding.min <= grade.at_least <= banding.max:
            ctx.report(pos, "bands-invalid", _(
                "grade '{id}' starts at {value}, outside the scale {low} to {high}").format(
                id=grade.id, value=plain_number(grade.at_least), low=plain_number(banding.min),
                high=plain_number(banding.max)))
        elif previous is not None and grade.at_least >= previous.at_least:
            ctx.report(pos, "bands-invalid", _(
                "grade '{id}' starts at {value}, not below '{above}' ({start}): list the "
                "grades best first, each starting lower than the one before").format(
                id=grade.id, value=plain_number(grade.at_least), above=previous.id,
                start=plain_number(previous.at_least)))
        previous = grade
    last = banding.grades[-1] if banding.grades else None
    if last is not None and last.at_least != banding.min:
        ctx.report(last.where.value("at_least"), "bands-invalid", _(
            "the lowest grade '{id}' starts at {value}, so scores from {low} up to {value} "
            "have no grade: make it start at {low}").format(
            id=last.id, value=plain_number(last.at_least), low=plain_number(banding.min)))


def _check_unit_kinds(plan: Plan, units: list[Any], ctx: Context) -> None:
    kinds = list(plan.kinds_of_unit())
    for unit in units:
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
        if spec.scoring is not None and plan.scoring is not None and \
                target.periods != [plan.scoring.period]:
            ctx.report(target.where.at, "target-invalid", _(
                "units are scored in period {period} only: add 'periods: [{period}]' to this "
                "target").format(period=plan.scoring.period))
    elif isinstance(spec, (ActivityFilter, ActivitySum)):
        _check_activity_filter(plan, spec, ctx)
        if getattr(spec, "once_per_item", False) and measure.kind != "count_of_activities":
            ctx.report(spec.where.key("once_per_item"), "target-invalid", _(
                "'once_per_item' only applies where activities are counted "
                "(count_of_activities, or a unit's activities in a condition)"))
    if isinstance(spec, ActivitySum):
        _check_like_with_like(plan, spec, ctx)
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


def _check_like_with_like(plan: Plan, spec: ActivitySum, ctx: Context) -> None:
    """A sum of activities' numbers adds one thing: the kinds it counts (all the plan's when
    it names none) must count the same."""
    kinds = spec.kinds or list(plan.activity_kinds)
    counted = {plan.counts_of(kind) for kind in kinds if kind in plan.activity_kinds} - {""}
    if len(counted) > 1:
        ctx.report(spec.where.key("kinds") if spec.kinds else spec.where.at, "target-invalid",
                   _("these activity kinds count different things ({things}): a sum adds "
                     "like with like; list in 'kinds' only kinds that count one of them")
                   .format(things="; ".join(sorted(counted))))


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
    if condition.scoring is not None or condition.models is not None:
        _check_year_condition(plan, condition, name, value, ctx, code)
        return
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


def _check_year_condition(plan: Plan, condition: Condition, name: str, value: Any,
                          ctx: Context, code: str) -> None:
    """A condition on the unit's final score or grade, or on how many of its models reached
    a stage: only for targets (a self-assessment does not hold them), and tested with what
    they are (a grade id, a number of points, a number of models)."""
    source = "scoring" if condition.scoring is not None else "models"
    if code == "rule-invalid":
        ctx.report(condition.where.key(source), code, _(
            "'{key}' is not written in a self-assessment: use it in a target's condition, not "
            "in a consistency rule").format(key=source))
        return
    if source == "scoring" and plan.scoring is None:
        ctx.report(condition.where.key(source), code, _(
            "the plan scores no unit: add 'scoring' (criteria set and period) to the plan"))
        return
    numbers = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if source == "models" or condition.scoring == "points":
        if name == "one_of" or not numbers:
            ctx.report(condition.where.value(name), code, _(
                "compare this with a whole number, e.g. at_least: 1"))
    elif any(isinstance(item, bool) or not isinstance(item, str)
             for item in (value if name == "one_of" else [value])):
        ctx.report(condition.where.value(name), code, _(
            "compare a grade with a grade id of the criteria set, e.g. equals: tot"))


def unknown_grades(plan: Plan, grades: dict[str, str]) -> list[tuple[Pos, str]]:
    """A target's `scoring: grade` condition that names a grade the criteria set does not
    have (`at_least: khaa`): no unit could ever meet it, so every unit would fail the target
    without a word. Run once the set is read; `grades` is its grade id → label, best first."""
    found = []
    for target in _list(plan.targets):
        measure = target.measure if valid(target.measure) else None
        for condition in (measure.share_of_units, measure.count_of_units) if measure else ():
            if condition is None or not valid(condition) or condition.scoring != "grade":
                continue
            name, value = condition.test
            for item in (value if name == "one_of" and isinstance(value, list) else [value]):
                if isinstance(item, str) and item not in grades:
                    found.append((condition.where.value(name), _(
                        "'{value}' is not a grade of the criteria set; write one of: "
                        "{grades}{hint}").format(value=item, grades=", ".join(grades),
                                                 hint=did_you_mean(item, list(grades)))))
                    break
    return found


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
