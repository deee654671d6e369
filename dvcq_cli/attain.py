"""Target attainment: a plan and the self-assessments of one period → one result per target.

Pure functions over the typed models: no printing, no files, no rounding. Every figure is an
exact `Fraction`; only the display layer rounds (`83,3%`).

Rules (DOMAIN.md §2–§3):
- A unit without a usable assessment (no file, or a file with errors: "rejected") never
  counts as meeting anything. With `denominator: all_units` (the default) it stays in the
  denominator of a share; with `submitted_units` it is left out, and a share with nobody
  submitted has no data.
- Comparisons are the plan's own: `at_least` ≥, `more_than` strictly > ("trên 80%": 4/5 does
  not meet it), `at_most` ≤, `less_than` strictly <.
- Activities count only when dated inside the period's window; a filter's task "3" matches
  the task itself and its points "3.a", "3.b", …; a filter's tasks and kinds must both match
  (an empty list matches everything).

Measures and what each result holds:
- share_of_units: numerator = units meeting the condition, denominator = all units or the
  submitted ones, value = numerator/denominator.
- count_of_units: numerator = value = units meeting the condition; no denominator.
- count_of_activities: numerator = value = activities counted; `meeting` lists the submitted
  units with at least one of them, `not_meeting` the submitted units with none.
- sum_of_activities: numerator = value = the sum of the field over the activities counted
  (activities that leave the field empty add nothing and are not evidence).
- ratio_of_sums: numerator and denominator are the sums of the two indicators over the
  submitted units that report both; value = their quotient; a zero denominator has no data.
  Each unit is judged by its own ratio against the target's comparison (a unit with a zero
  denominator cannot pull the rate down and counts as meeting; one that leaves either
  indicator empty does not meet).
- qualitative: no threshold; status `met` when at least one activity evidences the target,
  `no_data` when none does (whether a narrative target is achieved is a judgement the
  report's reader makes from the evidence, so the tool never says `not_met`).
  numerator = value = the number of evidencing activities.
Counting measures (count_of_units, count_of_activities, sum_of_activities) have no data
when no unit submitted: a zero would otherwise "meet" an `at_most` target by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

from dvcq_cli import periods
from dvcq_cli.i18n import _
from dvcq_cli.model import (
    Activity,
    ActivityFilter,
    ActivitySum,
    Assessment,
    Condition,
    Period,
    Plan,
    RatioOfSums,
    Target,
    Unit,
)
from dvcq_cli.vietnamese import sort_key

Status = Literal["met", "not_met", "no_data"]
SubmissionState = Literal["submitted", "late", "missing", "rejected"]
UnitStanding = Literal["meeting", "not_meeting", "missing"]
Trend = Literal["better", "worse", "changed", "same", "new"]

# Measures judged unit by unit: their `meeting` list is what a unit must reach.
UNIT_MEASURES = ("share_of_units", "count_of_units", "ratio_of_sums")
_HIGHER_IS_BETTER = {"at_least": True, "more_than": True, "at_most": False, "less_than": False}
_EMPTY: Mapping[str, str] = MappingProxyType({})


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

    def standing(self, unit_id: str) -> UnitStanding | None:
        """Where a unit stands for this target, or None if it is not in any list."""
        if unit_id in self.meeting:
            return "meeting"
        if unit_id in self.not_meeting:
            return "not_meeting"
        if unit_id in self.missing:
            return "missing"
        return None


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
    """A unit that crossed a unit-measure target's line between the two periods."""

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


# ---------------------------------------------------------------- small rules
def meets(comparison: str, value: Fraction, threshold: Fraction) -> bool:
    """The plan's comparison on exact numbers; `more_than` and `less_than` are strict."""
    if comparison == "at_least":
        return value >= threshold
    if comparison == "more_than":
        return value > threshold
    if comparison == "at_most":
        return value <= threshold
    if comparison == "less_than":
        return value < threshold
    raise ValueError(f"unknown comparison {comparison!r}")


def task_matches(task: str, wanted: list[str] | tuple[str, ...]) -> bool:
    """A filter's task "3" matches "3" and its points "3.a", …; no tasks matches all."""
    return not wanted or any(task == t or task.startswith(t + ".") for t in wanted)


def activity_matches(activity: Activity, tasks: list[str], kinds: list[str]) -> bool:
    return task_matches(activity.task, tasks) and (not kinds or activity.kind in kinds)


def _exact(value: Any) -> Fraction | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))  # what was written, not the binary approximation
    return None


def _same(indicator_type: str | None, value: Any, expected: Any) -> bool:
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value is expected
    if indicator_type in ("integer", "number"):
        left, right = _exact(value), _exact(expected)
        return left is not None and left == right
    return str(value) == str(expected)


def unit_meets(plan: Plan, condition: Condition, value: Any) -> bool:
    """Does one unit's indicator value satisfy the condition? No value never does."""
    if value is None:
        return False
    indicator = plan.indicators.get(condition.indicator)
    kind = indicator.type if indicator is not None else None
    if condition.equals is not None:
        return _same(kind, value, condition.equals)
    if condition.one_of is not None:
        return any(_same(kind, value, option) for option in condition.one_of)
    if condition.at_least is not None:
        if kind == "choice" and indicator is not None:
            # Choices are declared best first: "at least kha" is kha or anything before it.
            order = list(indicator.choices or {})
            if value not in order or condition.at_least not in order:
                return False
            return order.index(value) <= order.index(condition.at_least)
        number, floor = _exact(value), _exact(condition.at_least)
        return number is not None and floor is not None and number >= floor
    return False


# ---------------------------------------------------------------- evaluation
def evaluate(plan: Plan, period_id: str, assessments: Mapping[str, Assessment],
             rejected: Mapping[str, str] = _EMPTY) -> PeriodResult:
    """Every target of `plan` for one period. `rejected`: unit id → path of a file with errors."""
    period = plan.periods.get(period_id)
    span = periods.window(plan, period_id)
    if period is None or span is None:
        raise UnknownPeriod(period_id, tuple(plan.periods))
    units = tuple(_submission(unit, period, assessments, rejected) for unit in _ordered(plan))
    context = _Context(plan, span, units)
    targets = tuple(context.evaluate(target) for target in plan.targets)
    return PeriodResult(plan, period_id, period, span, units, targets)


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


class _Context:
    """What every target of one period is evaluated against."""

    def __init__(self, plan: Plan, span: tuple[date, date],
                 units: tuple[UnitSubmission, ...]) -> None:
        self.plan = plan
        self.span = span
        self.submitted = [u for u in units if u.assessment is not None]
        self.missing = tuple(u.unit.id for u in units if u.assessment is None)
        self.all_count = len(units)
        self.rank = {u.unit.id: index for index, u in enumerate(units)}

    def evaluate(self, target: Target) -> TargetResult:
        kind = target.measure.kind
        spec = target.measure.spec
        if kind in ("share_of_units", "count_of_units"):
            return self._units(target, spec, share=kind == "share_of_units")
        if kind == "ratio_of_sums":
            return self._ratio(target, spec)
        if kind == "sum_of_activities":
            return self._activities(target, spec, total_of=spec.field)
        return self._activities(target, spec, total_of=None)

    # -- helpers
    def _result(self, target: Target, value: Fraction | None, numerator: Fraction | None,
                denominator: Fraction | None, basis: str, meeting: list[str],
                not_meeting: list[str], evidence: tuple[tuple[str, Activity], ...] = ()
                ) -> TargetResult:
        comparison = target.comparison
        threshold = target.threshold
        status: Status
        if value is None:
            status = "no_data"
        elif target.measure.kind == "qualitative":
            status = "met" if evidence else "no_data"
        elif comparison is None or threshold is None:
            status = "no_data"
        else:
            status = "met" if meets(comparison[0], value, threshold) else "not_met"
        return TargetResult(
            target=target, status=status,
            comparison=comparison[0] if comparison else None, threshold=threshold,
            numerator=numerator if value is not None else None,
            denominator=denominator if value is not None else None,
            value=value, denominator_basis=basis,
            meeting=tuple(meeting), not_meeting=tuple(not_meeting), missing=self.missing,
            evidence=evidence)

    def _units(self, target: Target, condition: Condition, share: bool) -> TargetResult:
        meeting: list[str] = []
        not_meeting: list[str] = []
        for submission in self.submitted:
            assert submission.assessment is not None
            value = submission.assessment.indicators.get(condition.indicator)
            ok = unit_meets(self.plan, condition, value)
            (meeting if ok else not_meeting).append(submission.unit.id)
        numerator = Fraction(len(meeting))
        if not share:
            value = numerator if self.submitted else None
            return self._result(target, value, numerator, None, "none", meeting, not_meeting)
        basis = target.denominator
        count = self.all_count if basis == "all_units" else len(self.submitted)
        denominator = Fraction(count)
        value = numerator / denominator if count else None
        return self._result(target, value, numerator, denominator, basis, meeting,
                            not_meeting)

    def _ratio(self, target: Target, ratio: RatioOfSums) -> TargetResult:
        top = Fraction(0)
        bottom = Fraction(0)
        per_unit: list[tuple[str, Fraction | None, Fraction | None]] = []
        for submission in self.submitted:
            assert submission.assessment is not None
            indicators = submission.assessment.indicators
            num = _exact(indicators.get(ratio.numerator))
            den = _exact(indicators.get(ratio.denominator))
            per_unit.append((submission.unit.id, num, den))
            if num is not None and den is not None:
                top += num
                bottom += den
        comparison = target.comparison
        threshold = target.threshold
        meeting: list[str] = []
        not_meeting: list[str] = []
        for unit_id, num, den in per_unit:
            if num is None or den is None:
                ok = False
            elif den == 0 or comparison is None or threshold is None:
                ok = True
            else:
                ok = meets(comparison[0], num / den, threshold)
            (meeting if ok else not_meeting).append(unit_id)
        value = top / bottom if bottom else None
        return self._result(target, value, top, bottom, "submitted_units", meeting,
                            not_meeting)

    def _activities(self, target: Target, spec: ActivityFilter | ActivitySum,
                    total_of: str | None) -> TargetResult:
        counted: list[tuple[str, Activity]] = []
        total = Fraction(0)
        for submission in self.submitted:
            assert submission.assessment is not None
            for activity in submission.assessment.activities:
                if not self.span[0] <= activity.date <= self.span[1]:
                    continue
                if not activity_matches(activity, spec.tasks, spec.kinds):
                    continue
                if total_of is not None:
                    amount = _exact(getattr(activity, total_of, None))
                    if amount is None:
                        continue
                    total += amount
                counted.append((submission.unit.id, activity))
        # By date, then unit order; a unit's own order is kept for activities of one day.
        evidence = tuple(sorted(counted, key=lambda item: (item[1].date, self.rank[item[0]])))
        contributors = {unit_id for unit_id, _activity in evidence}
        meeting = [u.unit.id for u in self.submitted if u.unit.id in contributors]
        not_meeting = [u.unit.id for u in self.submitted if u.unit.id not in contributors]
        numerator = total if total_of is not None else Fraction(len(evidence))
        value = numerator if self.submitted else None
        if target.measure.kind == "qualitative" and not evidence:
            value = None
        return self._result(target, value, numerator, None, "none", meeting, not_meeting,
                            evidence)


# ---------------------------------------------------------------- comparing periods
def compare(current: PeriodResult, previous: PeriodResult) -> Comparison:
    """What moved from `previous` to `current`: targets by id, units by id."""
    target_changes = tuple(
        _target_change(after, previous.target(after.target.id)) for after in current.targets)
    unit_changes: list[UnitChange] = []
    for after in current.targets:
        before = previous.target(after.target.id)
        if before is None or after.target.measure.kind not in UNIT_MEASURES:
            continue
        for submission in current.units:
            change = _unit_change(current, previous, before, after, submission.unit.id)
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


def _unit_change(current: PeriodResult, previous: PeriodResult, before: TargetResult,
                 after: TargetResult, unit_id: str) -> UnitChange | None:
    was, now = before.standing(unit_id), after.standing(unit_id)
    if was is None or now is None or (was == "meeting") == (now == "meeting"):
        return None
    return UnitChange(
        target=after.target, unit=unit_id,
        change="improved" if now == "meeting" else "fell_back", before=was, after=now,
        before_value=unit_value(previous, before.target, unit_id),
        after_value=unit_value(current, after.target, unit_id))


def unit_value(result: PeriodResult, target: Target, unit_id: str) -> Any:
    """What a unit reported for a unit-measure target: the indicator value, or for a ratio the
    pair (numerator, denominator); None when it has no usable assessment or left it empty."""
    submission = result.submission(unit_id)
    if submission is None or submission.assessment is None:
        return None
    indicators = submission.assessment.indicators
    spec = target.measure.spec
    if isinstance(spec, Condition):
        return indicators.get(spec.indicator)
    if isinstance(spec, RatioOfSums):
        num, den = indicators.get(spec.numerator), indicators.get(spec.denominator)
        return None if num is None or den is None else (num, den)
    return None
