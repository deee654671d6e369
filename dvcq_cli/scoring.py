"""The year's scoring: self-scores, the council's appraisal, final scores, grades and ranks.

Pure: a plan (with its criteria set attached), the self-assessments of the scoring period,
which units' files could not be used, and the appraisal → one result per unit. Exact
fractions throughout; rounding is for the views.

- A unit's self-score is its criteria's points plus bonus minus deductions (each part capped
  as the set says, the total never below 0).
- The appraised score exists for a unit the council's file names: the council's points where
  it gives them, the unit's own elsewhere, plus the points only the reviewing level awards.
- The final score is the appraised one where it exists, otherwise the self-score; `source`
  says which.
- The grade is the final score's band, then limited by the conditions that apply (the
  council's list replaces the unit's own): `no_grade` leaves the unit without a grade,
  `best_grade` lowers a better grade to that one.
- A unit cannot be graded when it has no usable self-assessment, no self-scores, a condition
  forbids any grade, or the set has criteria only the reviewing level awards and the council
  has not appraised it. Such units have no rank.
- Ranks: by final score, highest first; equal scores share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Literal

from dvcq_cli.appraisal import Appraisal, UnitAppraisal
from dvcq_cli.criteria import CriteriaSet, Extras, GradeLimit
from dvcq_cli.model import Assessment, Grade, Plan, Unit
from dvcq_cli.vietnamese import sort_key

Source = Literal["appraised", "self"]
# Why a unit has no grade: no usable file, no scores in it, a condition, or it waits for
# the reviewing level's points.
Ungraded = Literal["not_submitted", "no_scores", "condition", "awaiting_review"]


@dataclass(frozen=True)
class CriterionLine:
    """One criterion (or bonus / deduction item) of one unit."""

    id: str
    part: Literal["criteria", "bonus", "deductions"]
    max: Fraction
    self_points: Fraction | None
    appraised_points: Fraction | None  # None: the council did not change it
    reason: str | None

    @property
    def final_points(self) -> Fraction | None:
        return self.appraised_points if self.appraised_points is not None else self.self_points

    @property
    def difference(self) -> Fraction:
        """Appraised minus self, 0 where the council kept the unit's points."""
        if self.appraised_points is None:
            return Fraction(0)
        return self.appraised_points - (self.self_points or Fraction(0))


@dataclass(frozen=True)
class UnitScore:
    unit: Unit
    self_score: Fraction | None
    appraised_score: Fraction | None
    lines: tuple[CriterionLine, ...]
    conditions: tuple[GradeLimit, ...]  # the conditions that apply to the unit
    grade: Grade | None = None
    band: Grade | None = None  # the grade of the score alone, before conditions
    rank: int | None = None
    ungraded: Ungraded | None = None
    ungraded_detail: str | None = None  # a condition's text, a file's path
    appraised_by: str | None = None
    appraised_on: date | None = None
    note: str | None = None

    @property
    def final_score(self) -> Fraction | None:
        return self.appraised_score if self.appraised_score is not None else self.self_score

    @property
    def source(self) -> Source | None:
        if self.appraised_score is not None:
            return "appraised"
        return "self" if self.self_score is not None else None

    @property
    def limited(self) -> bool:
        """A condition lowered the grade the score alone gives."""
        return self.grade is not None and self.band is not None and self.grade != self.band


@dataclass(frozen=True)
class CriterionDifference:
    """How far the council moved one criterion, over all units."""

    id: str
    title: str
    total: Fraction  # the sum of |appraised − self|
    units: tuple[tuple[str, Fraction], ...]  # unit id, appraised − self (the item's points)
    part: str = "criteria"  # criteria, bonus or deductions

    def effect(self, change: Fraction) -> Fraction:
        """What a change does to the score: more deduction points lower it."""
        return -change if self.part == "deductions" else change


@dataclass(frozen=True)
class ScoreResult:
    plan: Plan
    criteria_set: CriteriaSet
    period: str
    units: tuple[UnitScore, ...]  # ranked: graded by rank, then the others, by name
    differences: tuple[CriterionDifference, ...]
    appraisal: Appraisal | None

    def unit(self, unit_id: str) -> UnitScore | None:
        return next((u for u in self.units if u.unit.id == unit_id), None)

    def graded(self) -> tuple[UnitScore, ...]:
        return tuple(u for u in self.units if u.grade is not None)

    def ungraded(self) -> tuple[UnitScore, ...]:
        return tuple(u for u in self.units if u.grade is None)

    def grade_counts(self) -> dict[str, int]:
        """Grade id → number of units, every grade of the set, best first."""
        counts = {grade.id: 0 for grade in self.criteria_set.grades}
        for unit in self.graded():
            assert unit.grade is not None
            counts[unit.grade.id] += 1
        return counts

    def in_name_order(self) -> tuple[UnitScore, ...]:
        return tuple(sorted(self.units, key=lambda u: (sort_key(u.unit.name), u.unit.id)))


def score_units(plan: Plan, assessments: Mapping[str, Assessment],
                rejected: Mapping[str, str] | None = None,
                appraisal: Appraisal | None = None) -> ScoreResult:
    """Every unit of the plan scored; the plan must have `scoring` with its set attached."""
    scoring = plan.scoring
    assert scoring is not None and scoring.criteria_set is not None
    criteria_set: CriteriaSet = scoring.criteria_set
    reviews = appraisal.units if appraisal is not None else {}
    scores = []
    for unit in plan.units:
        review = reviews.get(unit.id)
        scores.append(_unit_score(unit, assessments.get(unit.id), (rejected or {}).get(unit.id),
                                  review, appraisal, criteria_set))
    ranked = _ranked(scores)
    return ScoreResult(plan, criteria_set, scoring.period, ranked,
                       _differences(ranked, criteria_set), appraisal)


def _unit_score(unit: Unit, assessment: Assessment | None, rejected: str | None,
                review: UnitAppraisal | None, appraisal: Appraisal | None,
                criteria_set: CriteriaSet) -> UnitScore:
    scores = assessment.scores if assessment is not None else None
    who = appraisal.who(review) if appraisal is not None and review is not None else None
    when = appraisal.when(review) if appraisal is not None and review is not None else None
    note = review.note if review is not None else None
    if scores is None:
        reason: Ungraded = "not_submitted" if assessment is None else "no_scores"
        return UnitScore(unit, None, None, (), (), ungraded=reason, ungraded_detail=rejected,
                         appraised_by=who, appraised_on=when, note=note)
    lines = _lines(scores, review, criteria_set)
    self_score = _total(lines, criteria_set, appraised=False)
    appraised = _total(lines, criteria_set, appraised=True) if review is not None else None
    listed = review.conditions if review is not None and review.conditions is not None \
        else scores.conditions
    conditions = tuple(c for c in (criteria_set.condition(i) for i in listed) if c is not None)
    result = UnitScore(unit, self_score, appraised, lines, conditions, appraised_by=who,
                       appraised_on=when, note=note)
    return _graded(result, criteria_set, review is not None)


def _lines(scores: object, review: UnitAppraisal | None, criteria_set: CriteriaSet
           ) -> tuple[CriterionLine, ...]:
    lines = []
    parts: list[tuple[Literal["criteria", "bonus", "deductions"], list[tuple[str, Fraction]]]] = [
        ("criteria", [(c.id, c.max) for c in criteria_set.criteria()]),
        ("bonus", _items(criteria_set.bonus)),
        ("deductions", _items(criteria_set.deductions)),
    ]
    for part, items in parts:
        own = getattr(scores, part)
        changed = getattr(review, part) if review is not None else {}
        for item_id, maximum in items:
            mine = own.get(item_id)
            theirs = changed.get(item_id)
            if mine is None and theirs is None and part != "criteria":
                continue
            lines.append(CriterionLine(
                item_id, part, maximum, mine.points if mine is not None else None,
                theirs.points if theirs is not None else None,
                theirs.reason if theirs is not None else None))
    return tuple(lines)


def _items(part: Extras | None) -> list[tuple[str, Fraction]]:
    return [(item.id, item.max) for item in part.items] if part is not None else []


def _total(lines: tuple[CriterionLine, ...], criteria_set: CriteriaSet, appraised: bool
           ) -> Fraction:
    def points(line: CriterionLine) -> Fraction:
        value = line.final_points if appraised else line.self_points
        return value or Fraction(0)

    base = sum((points(line) for line in lines if line.part == "criteria"), Fraction(0))
    bonus = sum((points(line) for line in lines if line.part == "bonus"), Fraction(0))
    minus = sum((points(line) for line in lines if line.part == "deductions"), Fraction(0))
    if criteria_set.bonus is not None:
        bonus = min(bonus, criteria_set.bonus.cap)
    if criteria_set.deductions is not None:
        minus = min(minus, criteria_set.deductions.cap)
    return max(Fraction(0), base + bonus - minus)


def _graded(score: UnitScore, criteria_set: CriteriaSet, appraised: bool) -> UnitScore:
    reserved = any(c.by_reviewer for c in criteria_set.criteria())
    if reserved and not appraised:
        return replace(score, ungraded="awaiting_review")
    blocking = next((c for c in score.conditions if c.no_grade), None)
    if blocking is not None:
        return replace(score, ungraded="condition", ungraded_detail=blocking.text)
    final = score.final_score
    assert final is not None
    band = criteria_set.banding().grade_of(final)
    grade = band
    order = [g.id for g in criteria_set.grades]
    for condition in score.conditions:
        if grade is not None and condition.best_grade in order and \
                order.index(grade.id) < order.index(condition.best_grade):
            grade = criteria_set.grades[order.index(condition.best_grade)]
    return replace(score, grade=grade, band=band)


def _ranked(scores: list[UnitScore]) -> tuple[UnitScore, ...]:
    """Graded units by final score (ties share a rank, then name order), then the others."""
    def by_name(unit: UnitScore) -> tuple[object, ...]:
        return (sort_key(unit.unit.name), unit.unit.id)

    graded = sorted((s for s in scores if s.grade is not None),
                    key=lambda s: (-(s.final_score or 0), *by_name(s)))
    ranked: list[UnitScore] = []
    for position, score in enumerate(graded, start=1):
        previous = ranked[-1] if ranked else None
        same = previous is not None and previous.final_score == score.final_score
        ranked.append(replace(score, rank=previous.rank if same and previous else position))
    others = sorted((s for s in scores if s.grade is None), key=by_name)
    return (*ranked, *others)


def _differences(units: tuple[UnitScore, ...], criteria_set: CriteriaSet
                 ) -> tuple[CriterionDifference, ...]:
    """Criteria the council changed, the most moved first (by the sum of the changes)."""
    titles = {c.id: c.title for c in criteria_set.criteria()}
    for part in (criteria_set.bonus, criteria_set.deductions):
        titles.update({item.id: item.text for item in (part.items if part else [])})
    moved: dict[str, list[tuple[str, Fraction]]] = {}
    parts: dict[str, str] = {}
    for unit in units:
        for line in unit.lines:
            if line.difference:
                moved.setdefault(line.id, []).append((unit.unit.id, line.difference))
                parts[line.id] = line.part
    found = [CriterionDifference(item_id, titles.get(item_id, item_id),
                                 sum((abs(d) for _u, d in changes), Fraction(0)), tuple(changes),
                                 parts[item_id])
             for item_id, changes in moved.items()]
    order = list(titles)
    return tuple(sorted(found, key=lambda d: (-d.total, order.index(d.id)
                                              if d.id in order else len(order))))
