"""Rules a self-assessment must satisfy against its plan.

The plan declares what an assessment holds, so this is where an assessment's indicators get
their types. Codes reported here:
- `ref-unknown`: unknown unit, period, task or activity kind.
- `path-mismatch`: the unit or period written in the file differs from its path.
- `indicator-unknown`, `indicator-missing`: an indicator the plan does not declare, or a
  required one left out.
- `type-mismatch`, `choice-invalid`, `value-invalid`: an indicator value of the wrong kind.
- `grade-mismatch`: a grade written beside its score that is not the grade the score gives
  (the grade is computed from the score; writing it is optional).
- `indicator-inconsistent` (error, or warning if the rule says so): a consistency rule of the
  plan does not hold between the unit's values (staff briefed more than staff).
- `date-outside-window` (warning): an activity dated outside the period's cut-off window.
- `ref-unknown` on an activity's `model`: no such record in the year's models.yaml;
  `model-other-unit` (warning): the model is another unit's.
- the self-scores' codes: see `rules.scores`.
- `activity-kind-missing` (warning): an activity without `kind` that a target counting only
  some kinds would have counted.
- `ref-unknown` on a strength's, shortcoming's, cause's or next task's `task` or `target`:
  no such task or point, or no such target, in the plan (the message lists the plan's ids).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from yaml.nodes import ScalarNode

from dvcq_cli import periods, scalars
from dvcq_cli.conditions import condition_value, holds, task_matches
from dvcq_cli.i18n import _
from dvcq_cli.model import (
    Activity,
    ActivityFilter,
    Assessment,
    Banding,
    Condition,
    ConsistencyRule,
    Indicator,
    Plan,
    plan_index,
)
from dvcq_cli.problems import Severity
from dvcq_cli.rules.scores import check_scores
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
    build,
    closest,
    did_you_mean,
)
from dvcq_cli.tuples import NamedTuple
from dvcq_cli.workspace import FileEntry


def indicator_spec(indicator: Indicator, plan_choices: Iterable[str] | None = None) -> Spec:
    """The schema a unit's value must follow, as the plan declares it (`plan_choices`: the
    grades of a grade indicator's scale)."""
    if indicator.type == "bool":
        return Bool(indicator.label)
    if indicator.type == "choice":
        return Choice(tuple(indicator.choices or ()), indicator.label, indicator.choices)
    if indicator.type == "grade":
        return Choice(tuple(plan_choices or ()), indicator.label)
    if indicator.type == "integer":
        return Int(indicator.label, minimum=indicator.min, maximum=indicator.max)
    if indicator.type == "number":
        return Number(indicator.label, minimum=indicator.min, maximum=indicator.max)
    return Text(indicator.label)


def check_assessment(assessment: Assessment, plan: Plan | None, entry: FileEntry,
                     ctx: Context) -> Assessment | None:
    """Check against the plan; the assessment with typed indicator values, or None.

    The assessment may be partial (a field that failed holds INVALID): what is valid is
    still checked, so that a file's problems are all reported in one run."""
    before = len(ctx.problems)
    unit, period = assessment.unit, assessment.period
    # (`is not INVALID` rather than valid() here: this runs for every file)
    if plan is None:
        _path_agrees(assessment, entry, ctx, unit_known=unit is not INVALID,
                     period_known=period is not INVALID)
        return None
    units = plan_index(plan).units
    unit_known = unit is not INVALID and unit in units
    period_known = period is not INVALID and period in plan.periods
    if unit is not INVALID and not unit_known:
        message = _("unknown unit '{value}'{hint}").format(
            value=unit, hint=did_you_mean(unit, list(units)))
        guess = closest(unit, list(units))
        if guess is not None and entry.unit == unit:
            # The file is named after the same misspelt id: both are to mend at once.
            message += _("; the file's name has the same mistake: rename it to {name}").format(
                name=guess + ".yaml")
        ctx.report(assessment.where.value("unit"), "ref-unknown", message)
    if period is not INVALID and not period_known:
        ctx.report(assessment.where.value("period"), "ref-unknown", _(
            "unknown period '{value}'; the plan has: {known}").format(
            value=period, known=", ".join(plan.periods)))
    # An unknown unit or period is one mistake: it is not also reported against the path.
    _path_agrees(assessment, entry, ctx, unit_known, period_known)
    typed = (_typed_indicators(assessment, plan, ctx)
             if assessment.indicators is not INVALID else None)
    # Dates are measured against the window of the period the file is in; when it claims
    # another period, that mistake is reported once and not again for each date.
    in_place = period_known and (entry.period is None or period == entry.period)
    # (The period's window, worked out once here for the dates and for the rules below.)
    span = periods.window(plan, period) if period_known else None
    _check_activities(assessment, plan, ctx, span if in_place else None)
    _check_remarks(assessment, plan, ctx)
    if in_place:
        check_scores(assessment, plan, ctx)
    if typed is None or any(problem.is_error for problem in ctx.problems[before:]):
        return None
    _grades(plan, typed, ctx)
    if span is not None:
        for rule in plan.consistency:
            _check_rule(plan, rule, assessment, typed, span, ctx)
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
    typing = _typing(plan)
    specs = typing.specs
    for name, node in given.items():
        spec = specs.get(name)
        if spec is None:
            ctx.report(given.where.key(name), "indicator-unknown", _(
                "unknown indicator '{name}'{hint}").format(
                name=name, hint=did_you_mean(name, list(plan.indicators))))
            continue
        if (name in typing.optional and isinstance(node, ScalarNode)
                and scalars.is_plain(node) and node.value in scalars.NULLS):
            continue  # an optional indicator left empty
        value = build(spec, node, ctx)
        if value is not INVALID and value is not None:
            typed[name] = value
    missing = [name for name in typing.reported if name not in given]
    if missing:
        anchor = given.where.at if given.where.at.line else assessment.where.key("indicators")
        for name in missing:
            indicator = plan.indicators[name]
            ctx.report(anchor, "indicator-missing", _(
                "indicator '{name}' is missing ({label}); add it: {example}").format(
                name=name, label=indicator.label, example=_example(name, indicator)))
    return typed


class _Typing(NamedTuple):
    """What typing a unit's indicator values takes from its plan: each indicator's spec,
    the ones a unit must write (in the plan's order), the ones it may leave empty, and the
    grades computed from a score (in the plan's order, with their banding)."""

    specs: dict[str, Spec]
    reported: tuple[str, ...]
    optional: frozenset[str]
    graded: tuple[tuple[str, Indicator, Banding], ...]


# By plan (id → the plan and its typing): made once per plan rather than for every
# indicator of every assessment. A workspace has a plan a year.
_TYPINGS: dict[int, tuple[Plan, _Typing]] = {}
_TYPINGS_KEPT = 16


def _typing(plan: Plan) -> _Typing:
    cached = _TYPINGS.get(id(plan))
    if cached is not None and cached[0] is plan:
        return cached[1]
    if len(_TYPINGS) >= _TYPINGS_KEPT:
        _TYPINGS.clear()
    indicators = plan.indicators
    typing = _Typing({name: indicator_spec(indicator, plan.choices_of(indicator))
                      for name, indicator in indicators.items()},
                     tuple(name for name, indicator in indicators.items()
                           if indicator.is_reported),
                     frozenset(name for name, indicator in indicators.items()
                               if not indicator.is_reported),
                     tuple((name, indicator, banding) for name, indicator in indicators.items()
                           if (banding := plan.banding_of(indicator)) is not None
                           and indicator.score is not None))
    _TYPINGS[id(plan)] = (plan, typing)
    return typing


def _grades(plan: Plan, typed: LocatedDict, ctx: Context) -> None:
    """Every grade computed from its score; one the unit wrote must be that grade."""
    for name, indicator, banding in _typing(plan).graded:
        score = typed.get(indicator.score)
        grade = banding.grade_of(score) if score is not None else None
        written = typed.get(name)
        if written is not None and (grade is None or written != grade.id):
            labels = banding.labels()
            if grade is None:
                message = _("'{value}' cannot be checked: the grade is computed from "
                            "'{score}', which is empty; give the score or remove the grade")
            else:
                message = _("'{value}' ({label}) does not match the score {score_value} of "
                            "'{score}', which is graded '{grade}' ({grade_label}); remove the "
                            "grade (dvcq computes it) or fix the score")
            ctx.report(typed.where.value(name), "grade-mismatch", message.format(
                value=written, label=labels.get(written, written), score=indicator.score,
                score_value=_number(score), grade=grade.id if grade else "",
                grade_label=grade.label if grade else ""))
        if grade is not None:
            typed[name] = grade.id
        else:
            typed.pop(name, None)


def _number(value: object) -> str:
    """A number as the unit wrote it: 92, 89.5."""
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(float(value))
    return str(value)


def _check_rule(plan: Plan, rule: ConsistencyRule, assessment: Assessment, typed: LocatedDict,
                span: tuple[date, date], ctx: Context) -> None:
    """A consistency rule of the plan, on this unit's values: reported at the value it tests."""
    if rule.when is not None and not holds(plan, rule.when, typed, assessment.activities, span):
        return
    if holds(plan, rule.check, typed, assessment.activities, span) is not False:
        return  # it holds, or one of its values was left empty (optional)
    ctx.report(_rule_position(rule, assessment, typed), "indicator-inconsistent", _(
        "the plan's rule '{id}' is not met: {rule}; here {values}: fix the value that is "
        "wrong").format(
        rule=rule.text, values=_values_named(plan, rule, typed, assessment, span), id=rule.id),
        Severity.WARNING if rule.severity == "warning" else Severity.ERROR)


def _rule_position(rule: ConsistencyRule, assessment: Assessment, typed: LocatedDict) -> Pos:
    """The value the rule tests, else the value its `when` tests, else the activities."""
    for condition in (rule.check, rule.when):
        if condition is not None and condition.indicator in typed:
            return typed.where.value(condition.indicator)
    return assessment.where.key("activities") if assessment.activities \
        else assessment.where.key("indicators")


def _values_named(plan: Plan, rule: ConsistencyRule, typed: LocatedDict,
                  assessment: Assessment, span: tuple[date, date]) -> str:
    """`so_ccvc_quan_triet = 21, so_ccvc = 22`: the values the rule compared."""
    names: list[str] = []
    for condition in (rule.when, rule.check):
        if condition is None:
            continue
        if condition.indicator is not None:
            names.append(condition.indicator)
            _name, value = condition.test
            if isinstance(value, str) and value in plan.indicators:
                names.append(value)
    parts = [f"{name} = {_shown(typed.get(name))}" for name in dict.fromkeys(names)]
    for condition in (rule.when, rule.check):
        if condition is not None and condition.activities is not None:
            parts.append(_("{count} activity(ies) counted").format(count=_activity_count(
                plan, condition, assessment, span)))
    return ", ".join(parts)


def _activity_count(plan: Plan, condition: Condition, assessment: Assessment,
                    span: tuple[date, date]) -> int:
    return int(condition_value(plan, condition, {}, assessment.activities, span))


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _number(value)


def _example(name: str, indicator: Indicator) -> str:
    if indicator.type == "bool":
        return f"{name}: true"
    if indicator.type == "choice":
        return f"{name}: {next(iter(indicator.choices or {'...': ''}))}"
    if indicator.type in ("integer", "number"):
        return f"{name}: 0"
    return f"{name}: ..."


def _check_activities(assessment: Assessment, plan: Plan, ctx: Context,
                      span: tuple[date, date] | None) -> None:
    """`span`: the window the activities' dates must be in, None to check none."""
    index = plan_index(plan)
    activities = assessment.activities if assessment.activities is not INVALID else []
    for activity in activities:
        where: Where = activity.where
        task, kind, day = activity.task, activity.kind, activity.date
        # (`is not INVALID` rather than valid(): this loop runs for every activity)
        if task is not INVALID and task not in index.task_set:
            ctx.report(where.value("task"), "ref-unknown", _(
                "unknown task '{value}'{hint} (the plan's tasks: {known})").format(
                value=task, hint=did_you_mean(task, index.task_ids),
                known=", ".join(index.task_ids)))
        if kind is not None and kind is not INVALID and kind not in index.activity_kinds:
            ctx.report(where.value("kind"), "ref-unknown", _(
                "unknown activity kind '{value}'{hint}").format(
                value=kind, hint=did_you_mean(kind, list(plan.activity_kinds))))
        # (Most activities are of one day and count nothing: two calls spared for them.)
        spans_ok = (activity.start is None and activity.end is None) or \
            _span_ok(plan, activity, ctx)
        day_key = "to" if activity.end is not None else "date"
        if span is not None and spans_ok and day is not INVALID \
                and not span[0] <= day <= span[1]:
            _outside_window(where.value(day_key), day, span, ctx)
        elif kind is None and span is not None and task is not INVALID:
            _kind_missing(plan, assessment, activity, ctx)
        if activity.model is not None and activity.model is not INVALID:
            _model_known(plan, assessment, activity, ctx)
        if activity.participants is not None:
            _count_fits_kind(plan, activity, ctx)


def _span_ok(plan: Plan, activity: Activity, ctx: Context) -> bool:
    """An activity over several days: `from` with `to`, not after it, both in the plan's
    year (from the first period's window start to the last one's end)."""
    start, end, where = activity.start, activity.end, activity.where
    if start is INVALID or end is INVALID:
        return False
    if start is None or end is None:
        return end is None  # `from` without `to`: reported with the activity's keys
    if start > end:
        ctx.report(where.value("from"), "date-order", _(
            "from {start} is after to {end}; write the first day in from and the last in "
            "to").format(start=start.isoformat(), end=end.isoformat()))
        return False
    year = periods.year_span(plan)
    if year is not None and start < year[0]:
        ctx.report(where.value("from"), "date-outside-year", _(
            "from {start} is before the plan's year, which starts {first}; an activity "
            "counts only what was done in the year: write from: {first} or later").format(
            start=start.isoformat(), first=year[0].isoformat()))
        return False
    return True


def _count_fits_kind(plan: Plan, activity: Activity, ctx: Context) -> None:
    """A number on an activity whose kind counts nothing cannot be added to anything."""
    kind = activity.kind
    if activity.participants is None or activity.participants is INVALID or kind is None \
            or kind is INVALID or kind not in plan.activity_kinds or plan.counts_of(kind):
        return
    key = "count" if activity.where.has("count") else "participants"
    ctx.report(activity.where.key(key), "count-not-counted", _(
        "activity kind '{kind}' counts nothing, so this number would not be added to "
        "anything; remove '{key}', or give the kind what it counts in the plan "
        "(counts: …)").format(kind=kind, key=key))


# The lists whose items may say which task or target they concern.
REMARK_FIELDS = ("strengths", "shortcomings", "causes", "next_tasks")


def _check_remarks(assessment: Assessment, plan: Plan, ctx: Context) -> None:
    """A remark's `task` and `target` name a task or point and a target of the plan."""
    index = plan_index(plan)
    targets: list[str] | None = None  # (made for the first remark that names a target)
    for field in REMARK_FIELDS:
        remarks = getattr(assessment, field)
        if remarks is INVALID:
            continue
        for remark in remarks:
            if remark is INVALID:
                continue
            task, target = remark.task, remark.target
            if task is not None and task is not INVALID and task not in index.task_set:
                ctx.report(remark.where.value("task"), "ref-unknown", _(
                    "unknown task '{value}'{hint} (the plan's tasks: {known})").format(
                    value=task, hint=did_you_mean(task, index.task_ids),
                    known=", ".join(index.task_ids)))
            if target is None or target is INVALID:
                continue
            if targets is None:
                targets = [known.id for known in plan.targets]
            if target not in targets:
                ctx.report(remark.where.value("target"), "ref-unknown", _(
                    "unknown target '{value}'{hint} (the plan's targets: {known})").format(
                    value=target, hint=did_you_mean(target, targets),
                    known=", ".join(targets)))


def _model_known(plan: Plan, assessment: Assessment, activity: Activity, ctx: Context) -> None:
    """An activity's model is one of the year's records (plans/<year>/models.yaml)."""
    register = plan.models
    if register is INVALID:
        return  # the year's models.yaml has errors, reported there
    records = register.by_id() if register is not None else {}
    found = records.get(activity.model)
    if found is None:
        where = (_("the year has no models.yaml: record the model in plans/{year}/models.yaml")
                 .format(year=plan.year) if register is None else _(
            "it is not in plans/{year}/models.yaml{hint}").format(
            year=plan.year, hint=did_you_mean(activity.model, list(records))))
        ctx.report(activity.where.value("model"), "ref-unknown", _(
            "unknown model '{value}': {where}").format(value=activity.model, where=where))
    elif assessment.unit is not INVALID and found.unit != assessment.unit:
        ctx.report(activity.where.value("model"), "model-other-unit", _(
            "model '{value}' is registered by unit '{owner}', not this unit; check the id")
            .format(value=activity.model, owner=found.unit), Severity.WARNING)


def _kind_missing(plan: Plan, assessment: Assessment, activity: Activity, ctx: Context) -> None:
    """An activity without a kind that a target filtering by kind would otherwise count."""
    unit = plan.unit(assessment.unit)
    wanted: list[tuple[str, list[str]]] = []
    for target in plan.targets:
        if unit is not None and not target.applies(unit):
            continue
        for spec in _activity_filters(target.measure.spec):
            if spec.kinds and task_matches(activity.task, spec.tasks):
                wanted.append((target.id, spec.kinds))
                break
    if not wanted:
        return
    kinds = list(dict.fromkeys(kind for _id, found in wanted for kind in found))
    ctx.report(activity.where.key("task"), "activity-kind-missing", _(
        "this activity has no 'kind', so {targets} does not count it; if it is one of these, "
        "add it: kind: {kinds}").format(
        targets=", ".join(f"'{target_id}'" for target_id, _kinds in wanted),
        kinds=" | ".join(kinds)), Severity.WARNING)


def _activity_filters(spec: object) -> list[ActivityFilter]:
    if isinstance(spec, Condition):
        return [spec.activities] if spec.activities is not None else []
    return [spec] if hasattr(spec, "kinds") else []  # type: ignore[list-item]


def _outside_window(pos: Pos, day: date, span: tuple[date, date], ctx: Context) -> None:
    ctx.report(pos, "date-outside-window", _(
        "{date} is outside this period's data window {start} – {end}; it is not counted "
        "(check the date or move the activity to the right period)").format(
        date=day.isoformat(), start=span[0].isoformat(), end=span[1].isoformat()),
        Severity.WARNING)
