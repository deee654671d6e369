"""Rules the appraisal council's file must satisfy against the plan and its criteria set.

Codes reported here, each at the line concerned:
- `ref-unknown`: a unit the plan does not have, a condition the set does not have.
- `criterion-unknown`: a criterion, bonus or deduction item the set does not have.
- `score-out-of-range`: points below zero or above the maximum.
- `bonus-over-cap`, `deduction-over-cap`: the appraised bonus or deductions over their cap.
- `scores-misplaced`: an appraisal for a plan that scores no unit.
"""

from __future__ import annotations

from fractions import Fraction

from dvcq_cli.appraisal import Appraisal, UnitAppraisal
from dvcq_cli.criteria import CriteriaSet, Extras
from dvcq_cli.i18n import _
from dvcq_cli.model import Plan
from dvcq_cli.rules.plan import plain_number
from dvcq_cli.rules.scores import item_place
from dvcq_cli.schema import Context, LocatedDict, Pos, complete, did_you_mean, valid


def check_appraisal(appraisal: Appraisal, plan: Plan, ctx: Context) -> None:
    if plan.scoring is None:
        ctx.report(appraisal.where.at, "scores-misplaced", _(
            "the plan scores no unit (it has no 'scoring'): there is nothing to appraise"))
        return
    criteria_set = plan.scoring.criteria_set
    if not valid(appraisal.units):
        return
    units = [unit.id for unit in plan.units]
    for unit_id, review in appraisal.units.items():
        if unit_id not in units:
            ctx.report(appraisal.units.where.key(unit_id), "ref-unknown", _(
                "unknown unit '{value}'{hint}").format(value=unit_id,
                                                      hint=did_you_mean(unit_id, units)))
            continue
        if criteria_set is not None and complete(review):
            _check_unit(review, criteria_set, ctx)


def _check_unit(review: UnitAppraisal, criteria_set: CriteriaSet, ctx: Context) -> None:
    known = {criterion.id: criterion for criterion in criteria_set.criteria()}
    for criterion_id, adjustment in review.criteria.items():
        criterion = known.get(criterion_id)
        if criterion is None:
            ctx.report(review.criteria.where.key(criterion_id), "criterion-unknown", _(
                "criterion '{id}' is not in the set {set}{hint}").format(
                id=criterion_id, set=criteria_set.id, hint=did_you_mean(criterion_id, known)))
        elif complete(adjustment):
            _in_range(adjustment.points, criterion.max, adjustment.where.value("points"), ctx)
    for key, part in (("bonus", criteria_set.bonus), ("deductions", criteria_set.deductions)):
        _check_extras(getattr(review, key), part, review.where.key(key), key, ctx)
    conditions = [c.id for c in criteria_set.conditions]
    for index, condition_id in enumerate(review.conditions or ()):
        if condition_id not in conditions:
            ctx.report(item_place(review.conditions, index, review.where.value("conditions")),
                       "ref-unknown", _(
                "unknown condition '{value}'; the set has: {known}{hint}").format(
                value=condition_id, known=", ".join(conditions) or _("none"),
                hint=did_you_mean(condition_id, conditions)))


def _in_range(points: Fraction, maximum: Fraction, where: Pos, ctx: Context) -> bool:
    if points < 0 or points > maximum:
        ctx.report(where, "score-out-of-range", _(
            "{points} points is outside 0 to {max}, the maximum here").format(
            points=plain_number(points), max=plain_number(maximum)))
        return False
    return True


def _check_extras(given: LocatedDict, part: Extras | None, at: Pos, key: str,
                  ctx: Context) -> None:
    if not given:
        return
    if part is None:
        ctx.report(at, "criterion-unknown", _("the set has no '{key}': remove it").format(key=key))
        return
    total = Fraction(0)
    known = [item.id for item in part.items]
    for item_id, adjustment in given.items():
        item = part.item(item_id)
        if item is None:
            ctx.report(given.where.key(item_id), "criterion-unknown", _(
                "'{id}' is not an item of the set's {key}{hint}").format(
                id=item_id, key=key, hint=did_you_mean(item_id, known)))
        elif complete(adjustment) and _in_range(adjustment.points, item.max,
                                                adjustment.where.value("points"), ctx):
            total += adjustment.points
    if total > part.cap:
        code = "bonus-over-cap" if key == "bonus" else "deduction-over-cap"
        ctx.report(at, code, _(
            "the {key} add up to {total}, over the cap {cap}: at most {cap} counts; lower "
            "the points").format(key=key, total=plain_number(total),
                                 cap=plain_number(part.cap)))
