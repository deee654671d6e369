"""Rules the appraisal council's file must satisfy against the plan and its criteria set.

Codes reported here, each at the line concerned:
- `ref-unknown`: a unit the plan does not have, a condition the set does not have.
- `criterion-unknown`: a criterion, bonus or deduction item the set does not have.
- `score-out-of-range`: points below zero or above the maximum.
- `bonus-over-cap`, `deduction-over-cap`: the appraised bonus or deductions over their cap.
- `scores-misplaced`: an appraisal for a plan that scores no unit.
"""

from __future__ import annotations

from dvcq_cli.appraisal import Appraisal, UnitAppraisal
from dvcq_cli.criteria import CriteriaSet
from dvcq_cli.i18n import _
from dvcq_cli.model import Plan
from dvcq_cli.rules.scores import check_extras, in_range, item_place
from dvcq_cli.schema import Context, complete, did_you_mean, valid


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
            in_range(adjustment, criterion.max, ctx)
    for key, part in (("bonus", criteria_set.bonus), ("deductions", criteria_set.deductions)):
        check_extras(getattr(review, key), part, review.where.key(key), key, ctx)
    conditions = [c.id for c in criteria_set.conditions]
    for index, condition_id in enumerate(review.conditions or ()):
        if condition_id not in conditions:
            ctx.report(item_place(review.conditions, index, review.where.value("conditions")),
                       "ref-unknown", _(
                "unknown condition '{value}'; the set has: {known}{hint}").format(
                value=condition_id, known=", ".join(conditions) or _("none"),
                hint=did_you_mean(condition_id, conditions)))
