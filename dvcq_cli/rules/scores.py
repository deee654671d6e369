"""Rules a unit's self-scores (`scores:` of its self-assessment) must satisfy against the
criteria set its plan names.

Codes reported here, each at the line of the value or key concerned:
- `scores-misplaced`: scores in a period that is not the plan's scoring period, or in a plan
  that scores no unit.
- `scores-missing` (warning): a self-assessment of the scoring period without scores: the
  unit cannot be graded.
- `criterion-missing`: a criterion of the set the unit scores that it has not scored.
- `criterion-unknown`: a criterion, bonus or deduction item the set does not have.
- `criterion-reserved`: a criterion only the reviewing level awards, scored by the unit.
- `score-out-of-range`: points below zero or above the criterion's (or item's) maximum.
- `evidence-missing`: no evidence for a criterion whose evidence the set requires.
- `bonus-over-cap`, `deduction-over-cap`: bonus or deduction points over their cap.
- `total-mismatch`: the stated total is not the sum of the points.
- `ref-unknown`: a grade-limiting condition the set does not have.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from dvcq_cli.criteria import CriteriaSet, Extras
from dvcq_cli.i18n import _
from dvcq_cli.model import Assessment, CriterionScore, Plan, SelfScores
from dvcq_cli.problems import Severity
from dvcq_cli.rules.plan import plain_number
from dvcq_cli.schema import (
    INVALID,
    Context,
    LocatedDict,
    PlacedList,
    Pos,
    complete,
    did_you_mean,
    valid,
)

if TYPE_CHECKING:  # for the annotation only: appraisal models load on demand
    from dvcq_cli.appraisal import Adjustment


def check_scores(assessment: Assessment, plan: Plan, ctx: Context) -> None:
    scores = assessment.scores
    scoring = plan.scoring
    scoring_period = scoring.period if scoring is not None else None
    if scores is None or scores is INVALID:
        if scores is None and assessment.period == scoring_period and \
                scoring is not None and scoring.criteria_set is not None:
            ctx.report(assessment.where.at, "scores-missing", _(
                "this is the scoring period ({period}) but the file has no 'scores': the unit "
                "cannot be graded. Add scores: with the points of each criterion").format(
                period=scoring_period), Severity.WARNING)
        return
    if scoring is None or assessment.period != scoring_period:
        message = (_("the plan scores no unit (it has no 'scoring'): remove 'scores'")
                   if scoring is None else _(
            "units score themselves in the {period} self-assessment only: move 'scores' "
            "there").format(period=scoring_period))
        ctx.report(assessment.where.key("scores"), "scores-misplaced", message)
        return
    criteria_set = scoring.criteria_set
    if criteria_set is None:
        return  # the plan's own problem says why the set cannot be used
    _check_criteria(scores, criteria_set, ctx)
    check_extras(scores.bonus, criteria_set.bonus, scores.where.key("bonus"), "bonus", ctx)
    check_extras(scores.deductions, criteria_set.deductions, scores.where.key("deductions"),
                 "deductions", ctx)
    _check_conditions(scores, criteria_set, ctx)
    _check_total(scores, ctx)


def _check_criteria(scores: SelfScores, criteria_set: CriteriaSet, ctx: Context) -> None:
    given = scores.criteria if valid(scores.criteria) else LocatedDict()
    known = {criterion.id: criterion for criterion in criteria_set.criteria()}
    for criterion_id, score in given.items():
        criterion = known.get(criterion_id)
        where = given.where.key(criterion_id)
        if criterion is None:
            ctx.report(where, "criterion-unknown", _(
                "criterion '{id}' is not in the set {set}{hint}").format(
                id=criterion_id, set=criteria_set.id, hint=did_you_mean(criterion_id, known)))
            continue
        if criterion.by_reviewer:
            ctx.report(where, "criterion-reserved", _(
                "criterion '{id}' is awarded by the reviewing level only: remove it from the "
                "unit's scores").format(id=criterion_id))
            continue
        if not complete(score):
            continue
        in_range(score, criterion.max, ctx)
        if criterion.needs_evidence and not score.evidence and score.points > 0:
            ctx.report(where, "evidence-missing", _(
                "criterion '{id}' needs its evidence (tài liệu kiểm chứng): add evidence: with "
                "the document symbols or file names").format(id=criterion_id))
    if not valid(scores.criteria):
        return
    missing = [c.id for c in criteria_set.criteria() if not c.by_reviewer and c.id not in given]
    if missing:
        ctx.report(scores.where.key("criteria"), "criterion-missing", _(
            "no score for criterion {ids}: add {first}: with its points, explanation and "
            "evidence").format(ids=", ".join(f"'{m}'" for m in missing), first=missing[0]))


def in_range(score: CriterionScore | Adjustment, maximum: Fraction, ctx: Context) -> bool:
    """Whether the points lie between 0 and the maximum; reported at the points if not.
    A reviewer's adjustment has the same shape as a unit's score."""
    if score.points < 0 or score.points > maximum:
        ctx.report(score.where.value("points"), "score-out-of-range", _(
            "{points} points is outside 0 to {max}, the maximum here").format(
            points=plain_number(score.points), max=plain_number(maximum)))
        return False
    return True


def check_extras(given: LocatedDict, part: Extras | None, at: Pos, key: str,
                 ctx: Context) -> None:
    """The bonus or deductions a unit gives itself, or a reviewer awards (`at`: the key's
    place): each item known to the set, in range, and their sum under the set's cap."""
    if not valid(given) or not given:
        return
    if part is None:
        ctx.report(at, "criterion-unknown", _(
            "the set has no '{key}': remove it").format(key=key))
        return
    total = Fraction(0)
    known = [item.id for item in part.items]
    for item_id, score in given.items():
        item = part.item(item_id)
        if item is None:
            ctx.report(given.where.key(item_id), "criterion-unknown", _(
                "'{id}' is not an item of the set's {key}{hint}").format(
                id=item_id, key=key, hint=did_you_mean(item_id, known)))
            continue
        if complete(score) and in_range(score, item.max, ctx):
            total += score.points
    if total > part.cap:
        code = "bonus-over-cap" if key == "bonus" else "deduction-over-cap"
        ctx.report(at, code, _(
            "the {key} add up to {total}, over the cap {cap}: at most {cap} counts; lower "
            "the points").format(key=key, total=plain_number(total),
                                 cap=plain_number(part.cap)))


def _check_conditions(scores: SelfScores, criteria_set: CriteriaSet, ctx: Context) -> None:
    if not valid(scores.conditions):
        return
    known = [condition.id for condition in criteria_set.conditions]
    for index, condition_id in enumerate(scores.conditions):
        if condition_id not in known:
            ctx.report(item_place(scores.conditions, index, scores.where.value("conditions")),
                       "ref-unknown", _(
                "unknown condition '{value}'; the set has: {known}{hint}").format(
                value=condition_id, known=", ".join(known) or _("none"),
                hint=did_you_mean(condition_id, known)))


def item_place(items: object, index: int, default: Pos) -> Pos:
    """Where the list's item is, when the list knows (a PlacedList), else the list's place."""
    return items.place(index, default) if isinstance(items, PlacedList) else default


def self_total(scores: SelfScores) -> Fraction:
    """The unit's own sum: criteria plus bonus minus deductions (as written)."""
    def points(given: LocatedDict) -> Fraction:
        if not valid(given):
            return Fraction(0)
        return sum((s.points for s in given.values() if complete(s)), Fraction(0))

    return points(scores.criteria) + points(scores.bonus) - points(scores.deductions)


def _check_total(scores: SelfScores, ctx: Context) -> None:
    if scores.total is None or not valid(scores.total):
        return
    found = self_total(scores)
    if found != scores.total:
        ctx.report(scores.where.value("total"), "total-mismatch", _(
            "the total says {stated} but the points add up to {found}: write total: {found} "
            "(or remove it: dvcq adds the points)").format(
            stated=plain_number(scores.total), found=plain_number(found)))
