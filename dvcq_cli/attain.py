"""Target attainment: a plan and the self-assessments of one period → one result per target.

Pure functions over the typed models: no printing, no files, no rounding. Every figure is an
exact `Fraction`; only the display layer rounds (`83,3%`).

Who counts (DOMAIN.md §2–§3):
- A target's units are the plan's units, or those of its `applies_to` scope. The others are
  `not_applicable`: never in a denominator, never chased up. A submitted unit that leaves the
  target's optional indicator empty (it runs no surveys) is not applicable either.
- A unit without a usable assessment (no file, or a file with errors: "rejected") is
  `missing`. It never meets anything.

The verdict, and missing units:
- `denominator: all_units` (the default): a target is `met` only if it would still be met
  whatever the missing units had reported — the worst case in the target's own direction.
  For a floor (`at_least`, `more_than`) a missing unit adds nothing: a share keeps it in its
  denominator as not meeting, a count or sum can still be met. For a ceiling (`at_most`,
  `less_than`) a missing unit could push the figure over: a share or a count of units counts
  each missing unit as one more; a sum of an indicator adds the indicator's `max` per missing
  unit (and cannot be met without a `max`); a count or sum of activities cannot be met. A
  ratio of sums cannot be met while a unit is missing, in either direction. When the units
  that reported would meet the target but the missing ones could change that, the result is
  `not_met` with `reason` "missing_units".
- `denominator: submitted_units`: only the units that reported count, on every measure.
- Comparisons are the plan's own: `at_least` ≥, `more_than` strictly > ("trên 80%": 4/5 does
  not meet it), `at_most` ≤, `less_than` strictly <. A target's `by_period` threshold replaces
  its own at that period; at a period not in its `periods` the target is `not_due`: figures
  are computed, no verdict is given.

Which side a unit is on (`meeting` / `not_meeting`), for every measure: `meeting` is the right
side of the target, `not_meeting` is what pulls the figure down from a floor or pushes it over
a ceiling.
- share_of_units / count_of_units: the numerator counts the units that satisfy the condition.
  Under a floor they are `meeting`; under a ceiling ("no unit graded Trung bình") they are
  `not_meeting` and the others `meeting`.
- ratio_of_sums: numerator and denominator are the sums of the two indicators over the units
  that report both; each unit is judged by its own ratio (a zero denominator cannot move the
  rate and counts as meeting).
- count_of_activities / sum_of_activities / sum_of_indicator: the figure is a total; a unit
  that adds to it is `meeting` under a floor and `not_meeting` under a ceiling, a unit that
  adds nothing the other way round. `once_per_item` counts activities once per item.
- qualitative: no threshold; `met` when at least one activity evidences the target,
  `no_data` when none does (whether a narrative target is achieved is a judgement the
  report's reader makes from the evidence, so the tool never says `not_met`).
Measures other than shares have no data when no unit of the target has reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

from dvcq_cli import conditions, periods
from dvcq_cli.conditions import (
    UnitFacts,
    activity_count,
    condition_value,
    exact,
    holds,
    matching,
    task_matches,
)
from dvcq_cli.i18n import _
from dvcq_cli.model import (
    Activity,
    ActivityFilter,
    ActivitySum,
    Assessment,
    Condition,
    IndicatorSum,
    ModelFilter,
    Period,
    Plan,
    RatioOfSums,
    Target,
    Unit,
)
from dvcq_cli.schema import INVALID
from dvcq_cli.vietnamese import sort_key

meets = conditions.compare  # the plan's comparison on exact numbers (see conditions)
__all__ = ["meets", "task_matches"]  # re-exported: written in conditions, used by both

Status = Literal["met", "not_met", "no_data", "not_due"]
SubmissionState = Literal["submitted", "late", "missing", "rejected"]
UnitStanding = Literal["meeting", "not_meeting", "missing"]
Trend = Literal["better", "worse", "changed", "same", "new"]
Reason = Literal["missing_units"]

# Measures judged unit by unit: a unit's standing is whether it reaches the target itself.
# In the others (totals), a unit's standing is which way it moves the total.
UNIT_MEASURES = ("share_of_units", "count_of_units", "ratio_of_sums")
_HIGHER_IS_BETTER = {"at_least": True, "more_than": True, "at_most": False, "less_than": False}
_EMPTY: Mapping[str, Any] = MappingProxyType({})


class _Unbounded:
    """The worst case of a figure that missing units could move without limit."""

    def __repr__(self) -> str:
        return "UNBOUNDED"


UNBOUNDED = _Unbounded()


class UnknownPeriod(ValueError):
    """The period id is not one of the plan's periods (or has no data window)."""

    def __init__(self, period_id: str, known: tuple[str, ...]) -> None:
        super().__init__(_("unknown period '{period}'; the plan has: {known}").format(
            period=period_id, known=", ".join(known)))
        self.period_id = period_id
        self.known = known


# ---------------------------------------------------------------- results
@dataclass(frozen=True)
class TargetResult:
    """One target at one period.

    `numerator`, `denominator` and `value` are the figure from the units that reported;
    `reason` is "missing_units" when that figure would meet the target but units without a
    usable assessment could still change it (so the status is `not_met`). `unit_values` holds
    what each unit of the target reported or added (for `--compare`).
    """

    target: Target
    status: Status
    comparison: str | None
    threshold: Fraction | None
    numerator: Fraction | None
    denominator: Fraction | None
    value: Fraction | None
    denominator_basis: str
    meeting: tuple[str, ...]
    not_meeting: tuple[str, ...]
    missing: tuple[str, ...]
    evidence: tuple[tuple[str, Activity], ...]
    not_applicable: tuple[str, ...] = ()
    reason: Reason | None = None
    unit_values: Mapping[str, Any] = field(default_factory=dict)

    def standing(self, unit_id: str) -> UnitStanding | None:
        """Where a unit stands for this target, or None if it is not in any list."""
        if unit_id in self.meeting:
            return "meeting"
        if unit_id in self.not_meeting:
            return "not_meeting"
        if unit_id in self.missing:
            return "missing"
        return None

    @property
    def judged(self) -> bool:
        """Whether the target has a verdict at this period (it is not `not_due`)."""
        return self.status != "not_due"


@dataclass(frozen=True)
class UnitSubmission:
    unit: Unit
    state: SubmissionState
    submitted: date | None
    assessment: Assessment | None
    reason: str | None


@dataclass(frozen=True)
class PeriodResult:
    plan: Plan
    period_id: str
    period: Period
    window: tuple[date, date]
    units: tuple[UnitSubmission, ...]
    targets: tuple[TargetResult, ...]
    # The appraisal council's file the final grades of the scoring period rest on, if any.
    appraisal: Any = None

    def submitted(self) -> tuple[UnitSubmission, ...]:
        return tuple(u for u in self.units if u.state in ("submitted", "late"))

    def missing(self) -> tuple[UnitSubmission, ...]:
        return tuple(u for u in self.units if u.state in ("missing", "rejected"))

    def late(self) -> tuple[UnitSubmission, ...]:
        return tuple(u for u in self.units if u.state == "late")

    def submission(self, unit_id: str) -> UnitSubmission | None:
        return self._by_unit.get(unit_id)

    @cached_property
    def _by_unit(self) -> dict[str, UnitSubmission]:
        # Looked up once per unit by status and report: a scan each time grew with N².
        return {u.unit.id: u for u in self.units}

    def target(self, target_id: str) -> TargetResult | None:
        return next((t for t in self.targets if t.target.id == target_id), None)


# ---------------------------------------------------------------- comparison of two periods
@dataclass(frozen=True)
class TargetChange:
    """One target in two periods. `before` is None when the earlier plan lacks the target."""

    target: Target
    before: TargetResult | None
    after: TargetResult
    trend: Trend

    @property
    def moved(self) -> bool:
        return self.trend != "same"


@dataclass(frozen=True)
class UnitChange:
    """A unit that crossed to the other side of a target between the two periods."""

    target: Target
    unit: str
    change: Literal["improved", "fell_back"]
    before: UnitStanding
    after: UnitStanding
    before_value: Any
    after_value: Any


@dataclass(frozen=True)
class Comparison:
    current: PeriodResult
    previous: PeriodResult
    targets: tuple[TargetChange, ...]
    units: tuple[UnitChange, ...]

    def moved(self) -> tuple[TargetChange, ...]:
        return tuple(change for change in self.targets if change.moved)

    def improved(self) -> tuple[UnitChange, ...]:
        return tuple(change for change in self.units if change.change == "improved")

    def fell_back(self) -> tuple[UnitChange, ...]:
        return tuple(change for change in self.units if change.change == "fell_back")


# ---------------------------------------------------------------- evaluation
def evaluate(plan: Plan, period_id: str, assessments: Mapping[str, Assessment],
             rejected: Mapping[str, str] = _EMPTY, appraisal: Any = None) -> PeriodResult:
    """Every target of `plan` for one period. `rejected`: unit id → path of a file with errors;
    `appraisal`: the council's file, for the final grades at the scoring period."""
    period = plan.periods.get(period_id)
    span = periods.window(plan, period_id)
    if period is None or span is None:
        raise UnknownPeriod(period_id, tuple(plan.periods))
    units = tuple(_submission(unit, period, assessments, rejected) for unit in _ordered(plan))
    facts = unit_facts(plan, period_id, span[1], assessments, rejected, appraisal)
    context = _Context(plan, period_id, span, units, facts)
    targets = tuple(context.evaluate(target) for target in plan.targets)
    return PeriodResult(plan, period_id, period, span, units, targets, appraisal)


def unit_facts(plan: Plan, period_id: str, day: date, assessments: Mapping[str, Assessment],
               rejected: Mapping[str, str], appraisal: Any) -> dict[str, UnitFacts]:
    """Each unit's final grade and score (at the scoring period) and model records."""
    scoring = plan.scoring
    scores = None
    if scoring is not None and scoring.criteria_set is not None and scoring.period == period_id:
        from dvcq_cli.scoring import score_units

        scores = score_units(plan, assessments, rejected, appraisal)
    register = plan.models if plan.models is not None and plan.models is not INVALID else None
    facts: dict[str, UnitFacts] = {}
    for unit in plan.units:
        models = tuple(register.of_unit(unit.id)) if register is not None else ()
        if scores is None:
            facts[unit.id] = UnitFacts(models=models, day=day)
            continue
        found = scores.unit(unit.id)
        facts[unit.id] = UnitFacts(
            True, found.grade.id if found and found.grade else None,
            found.final_score if found else None,
            tuple(grade.id for grade in scores.criteria_set.grades), models, day)
    return facts


def _ordered(plan: Plan) -> list[Unit]:
    """The plan's units in Vietnamese dictionary order of their names."""
    return sorted(plan.units, key=lambda unit: (sort_key(unit.name), unit.id))


def _submission(unit: Unit, period: Period, assessments: Mapping[str, Assessment],
                rejected: Mapping[str, str]) -> UnitSubmission:
    assessment = assessments.get(unit.id)
    if assessment is not None:
        late = period.submit_by is not None and assessment.submitted > period.submit_by
        return UnitSubmission(unit, "late" if late else "submitted", assessment.submitted,
                              assessment, None)
    if unit.id in rejected:
        return UnitSubmission(unit, "rejected", None, None, _("{path} has errors").format(
            path=rejected[unit.id]))
    return UnitSubmission(unit, "missing", None, None, None)


@dataclass
class _Figures:
    """What a measure found, before the verdict: the figure from the units that reported,
    its worst case over what the missing units could report, and each unit's side."""

    value: Fraction | None
    numerator: Fraction | None
    denominator: Fraction | None = None
    worst: Fraction | _Unbounded | None = None  # None: the same as `value`
    meeting: tuple[str, ...] = ()  # the right side of the target
    not_meeting: tuple[str, ...] = ()  # the side that pulls it down or pushes it over
    not_applicable: tuple[str, ...] = ()
    evidence: tuple[tuple[str, Activity], ...] = ()
    unit_values: Mapping[str, Any] = field(default_factory=dict)


class _Context:
    """What every target of one period is evaluated against."""

    def __init__(self, plan: Plan, period_id: str, span: tuple[date, date],
                 units: tuple[UnitSubmission, ...], facts: Mapping[str, UnitFacts]) -> None:
        self.plan = plan
        self.facts = facts
        self.period_id = period_id
        self.span = span
        self.units = units
        self.rank = {u.unit.id: index for index, u in enumerate(units)}

    def evaluate(self, target: Target) -> TargetResult:
        scope = [u for u in self.units if target.applies(u.unit)]
        outside = tuple(u.unit.id for u in self.units if not target.applies(u.unit))
        reporting = [u for u in scope if u.assessment is not None]
        missing = tuple(u.unit.id for u in scope if u.assessment is None)
        # Missing units matter only under all_units; submitted_units opts out of them.
        counted_missing = len(missing) if target.denominator == "all_units" else 0
        figures = self._measure(target, reporting, counted_missing)
        return self._result(target, figures, missing, outside + figures.not_applicable)

    def _measure(self, target: Target, reporting: list[UnitSubmission],
                 missing: int) -> _Figures:
        spec = target.measure.spec
        kind = target.measure.kind
        if kind in ("share_of_units", "count_of_units"):
            return self._units(target, spec, reporting, missing, share=kind == "share_of_units")
        if kind == "ratio_of_sums":
            return self._ratio(target, spec, reporting, missing)
        if kind == "sum_of_indicator":
            return self._indicator_sum(target, spec, reporting, missing)
        if kind == "count_of_models":
            return self._models(target, spec, reporting, missing)
        return self._activities(target, spec, reporting, missing)

    # -- the verdict
    def _result(self, target: Target, figures: _Figures, missing: tuple[str, ...],
                not_applicable: tuple[str, ...]) -> TargetResult:
        comparison = target.comparison
        threshold = target.threshold_for(self.period_id)
        status: Status
        reason: Reason | None = None
        value = figures.value
        if value is None:
            status = "no_data"
        elif target.measure.kind == "qualitative":
            status = "met" if figures.evidence else "no_data"
        elif comparison is None or threshold is None:
            status = "no_data"
        else:
            known = meets(comparison[0], value, threshold)
            worst = figures.worst if figures.worst is not None else value
            safe = not isinstance(worst, _Unbounded) and meets(comparison[0], worst, threshold)
            status = "met" if known and safe else "not_met"
            reason = "missing_units" if known and not safe else None
        if not target.judged_at(self.period_id):
            status, reason = "not_due", None
        return TargetResult(
            target=target, status=status,
            comparison=comparison[0] if comparison else None, threshold=threshold,
            numerator=figures.numerator if value is not None else None,
            denominator=figures.denominator if value is not None else None,
            value=value, denominator_basis=target.denominator,
            meeting=figures.meeting, not_meeting=figures.not_meeting, missing=missing,
            evidence=figures.evidence, not_applicable=self._in_order(not_applicable),
            reason=reason, unit_values=MappingProxyType(dict(figures.unit_values)))

    def _in_order(self, unit_ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(unit_ids), key=self.rank.__getitem__))

    # -- the measures
    def _units(self, target: Target, condition: Condition, reporting: list[UnitSubmission],
               missing: int, share: bool) -> _Figures:
        """Units satisfying the condition: the right side of a floor, the wrong side of a
        ceiling ("no unit graded Trung bình")."""
        satisfying: list[str] = []
        others: list[str] = []
        inapplicable: list[str] = []
        values: dict[str, Any] = {}
        if condition.models is not None and self.plan.models is INVALID:
            # The register has errors (reported at their lines): no unit's models are known,
            # so the target has no figure rather than every unit failing it.
            return _Figures(None, Fraction(0), None, None, (), (), (), (), {})
        for submission in reporting:
            assessment = submission.assessment
            assert assessment is not None
            unit_id = submission.unit.id
            facts = self.facts.get(unit_id)
            ok = holds(self.plan, condition, assessment.indicators, assessment.activities,
                       self.span, facts)
            values[unit_id] = condition_value(self.plan, condition, assessment.indicators,
                                              assessment.activities, self.span, facts)
            if ok is None:
                inapplicable.append(unit_id)
            else:
                (satisfying if ok else others).append(unit_id)
        numerator = Fraction(len(satisfying))
        # In the worst case, every missing unit satisfies a ceiling's condition (one more
        # unit over it) and none satisfies a floor's.
        worst_count = numerator + missing if target.is_ceiling else numerator
        right, wrong = _sides(target, satisfying, others)
        if not share:
            value = numerator if reporting else None
            return _Figures(value, numerator, None, worst_count, right, wrong,
                            tuple(inapplicable), (), values)
        count = len(satisfying) + len(others) + missing
        denominator = Fraction(count)
        value = numerator / denominator if count else None
        worst = worst_count / denominator if count else None
        return _Figures(value, numerator, denominator, worst, right, wrong,
                        tuple(inapplicable), (), values)

    @property
    def _models_known(self) -> bool:
        return self.plan.models is not None and self.plan.models is not INVALID

    def _models(self, target: Target, spec: ModelFilter, reporting: list[UnitSubmission],
                missing: int) -> _Figures:
        """The units' model records that reached the filter's stage by the period's end,
        each counted once (a record, not the activities that mention it). Records are the
        year's file, not the units' reports: a unit without a report still has its models."""
        if not self._models_known:
            # No register, or one with errors (reported at their lines): the count is
            # unknown, not zero, and no unit is said to pull it down.
            return _Figures(None, None)
        total = 0
        adding: list[str] = []
        nothing: list[str] = []
        values: dict[str, Any] = {}
        for submission in (u for u in self.units if target.applies(u.unit)):
            unit_id = submission.unit.id
            facts = self.facts.get(unit_id)
            count = sum(1 for model in (facts.models if facts else ())
                        if model.matches(spec, self.span[1]))
            values[unit_id] = count
            total += count
            (adding if count else nothing).append(unit_id)
        value = Fraction(total)
        return _Figures(value, Fraction(total), None, None, *_sides(target, adding, nothing),
                        (), (), values)

    def _ratio(self, target: Target, ratio: RatioOfSums, reporting: list[UnitSubmission],
               missing: int) -> _Figures:
        top = Fraction(0)
        bottom = Fraction(0)
        meeting: list[str] = []
        not_meeting: list[str] = []
        inapplicable: list[str] = []
        values: dict[str, Any] = {}
        comparison = target.comparison
        threshold = target.threshold_for(self.period_id)
        for submission in reporting:  # each unit judged by its own ratio: its side as it is
            assert submission.assessment is not None
            indicators = submission.assessment.indicators
            unit_id = submission.unit.id
            num = exact(indicators.get(ratio.numerator))
            den = exact(indicators.get(ratio.denominator))
            if num is None or den is None:
                inapplicable.append(unit_id)  # an optional indicator left empty
                continue
            values[unit_id] = (indicators.get(ratio.numerator), indicators.get(ratio.denominator))
            top += num
            bottom += den
            if den == 0 or comparison is None or threshold is None:
                ok = True
            else:
                ok = meets(comparison[0], num / den, threshold)
            (meeting if ok else not_meeting).append(unit_id)
        value = top / bottom if bottom else None
        worst = UNBOUNDED if missing else None  # a missing unit could move a rate anywhere
        return _Figures(value, top, bottom, worst, tuple(meeting), tuple(not_meeting),
                        tuple(inapplicable), (), values)

    def _indicator_sum(self, target: Target, spec: IndicatorSum,
                       reporting: list[UnitSubmission], missing: int) -> _Figures:
        total = Fraction(0)
        adding: list[str] = []
        nothing: list[str] = []
        inapplicable: list[str] = []
        values: dict[str, Any] = {}
        for submission in reporting:
            assert submission.assessment is not None
            unit_id = submission.unit.id
            raw = submission.assessment.indicators.get(spec.indicator)
            amount = exact(raw)
            if amount is None:
                inapplicable.append(unit_id)
                continue
            values[unit_id] = raw
            total += amount
            (adding if amount > 0 else nothing).append(unit_id)
        indicator = self.plan.indicators.get(spec.indicator)
        bound = None
        if indicator is not None:
            bound = indicator.max if target.is_ceiling else indicator.min
        worst: Fraction | _Unbounded | None = None
        if missing:
            worst = UNBOUNDED if bound is None else total + missing * Fraction(bound)
        return _Figures(total if reporting else None, total, None, worst,
                        *_sides(target, adding, nothing), tuple(inapplicable), (), values)

    def _activities(self, target: Target, spec: ActivityFilter | ActivitySum,
                    reporting: list[UnitSubmission], missing: int) -> _Figures:
        field_name = spec.field if isinstance(spec, ActivitySum) else None
        counted: list[tuple[str, Activity]] = []
        total = Fraction(0)
        adding: list[str] = []
        nothing: list[str] = []
        values: dict[str, Any] = {}
        for submission in reporting:
            assert submission.assessment is not None
            unit_id = submission.unit.id
            taken = matching(submission.assessment.activities, spec, self.span)
            if field_name is not None:
                # A sum skips activities that leave the field empty: they are not evidence.
                taken = [a for a in taken if exact(getattr(a, field_name, None)) is not None]
                amount = sum((exact(getattr(a, field_name)) or Fraction(0) for a in taken),
                             Fraction(0))
                total += amount
                values[unit_id] = amount
            else:
                values[unit_id] = activity_count(taken, spec)
            counted.extend((unit_id, activity) for activity in taken)
            (adding if taken else nothing).append(unit_id)
        # By date, then unit order; a unit's own order is kept for activities of one day.
        evidence = tuple(sorted(counted, key=lambda item: (item[1].date, self.rank[item[0]])))
        if field_name is None:
            activities = [activity for _unit, activity in evidence]
            total = Fraction(activity_count(activities, spec))
        value: Fraction | None = total if reporting else None
        if target.measure.kind == "qualitative" and not evidence:
            value = None
        # A floor's total can only grow with the missing units' reports; a ceiling's could
        # be pushed over by any of them.
        worst = UNBOUNDED if missing and target.is_ceiling else None
        return _Figures(value, total, None, worst, *_sides(target, adding, nothing), (),
                        evidence, values)


def _sides(target: Target, up: list[str], rest: list[str]
           ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(meeting, not_meeting) from the units that move the figure up (satisfy the condition,
    add to the total) and the rest: up is the right side of a floor, the wrong side of a
    ceiling."""
    return (tuple(rest), tuple(up)) if target.is_ceiling else (tuple(up), tuple(rest))


# ---------------------------------------------------------------- comparing periods
def compare(current: PeriodResult, previous: PeriodResult) -> Comparison:
    """What moved from `previous` to `current`: targets by id, units by id."""
    target_changes = tuple(
        _target_change(after, previous.target(after.target.id)) for after in current.targets)
    unit_changes: list[UnitChange] = []
    for after in current.targets:
        before = previous.target(after.target.id)
        if before is None or after.target.measure.kind == "qualitative":
            continue
        for submission in current.units:
            change = _unit_change(before, after, submission.unit.id)
            if change is not None:
                unit_changes.append(change)
    return Comparison(current, previous, target_changes, tuple(unit_changes))


def _target_change(after: TargetResult, before: TargetResult | None) -> TargetChange:
    return TargetChange(after.target, before, after, _trend(before, after))


def _trend(before: TargetResult | None, after: TargetResult) -> Trend:
    if before is None:
        return "new"
    decided = ("met", "not_met")
    if before.status != after.status and before.status in decided and after.status in decided:
        return "better" if after.status == "met" else "worse"
    if before.value is not None and after.value is not None and before.value != after.value:
        higher = _HIGHER_IS_BETTER.get(after.comparison or "", True)
        return "better" if (after.value > before.value) == higher else "worse"
    if before.status != after.status:
        if after.status == "met":
            return "better"
        if before.status == "met":
            return "worse"
        return "changed"
    return "same"


def _unit_change(before: TargetResult, after: TargetResult, unit_id: str) -> UnitChange | None:
    was, now = before.standing(unit_id), after.standing(unit_id)
    if was is None or now is None or (was == "meeting") == (now == "meeting"):
        return None
    return UnitChange(
        target=after.target, unit=unit_id,
        change="improved" if now == "meeting" else "fell_back", before=was, after=now,
        before_value=before.unit_values.get(unit_id),
        after_value=after.unit_values.get(unit_id))


def unit_value(result: PeriodResult, target: Target, unit_id: str) -> Any:
    """What a unit reported or added for a target: the indicator value, the pair (numerator,
    denominator) of a ratio, its count or sum of activities; None when it has no usable
    assessment or left it empty."""
    found = result.target(target.id)
    return None if found is None else found.unit_values.get(unit_id)
