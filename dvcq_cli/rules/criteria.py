"""Rules a criteria set must satisfy beyond its shape.

Codes reported here:
- `criteria-total-mismatch`: the criteria's maxima do not add up to the declared `total`, or
  a criterion's sub-items' maxima do not add up to the criterion's.
- `criteria-invalid`: a bonus or deduction item worth more than its part's cap, a condition
  naming a grade the set does not have.
- `bands-invalid`: grades not best first, or leaving part of the scale (0 to the total plus
  the bonus cap) without a grade.
- `id-duplicate`: two criteria, sub-items, items, grades or conditions with one id.
- `path-mismatch`: the set's `id` differs from its file's name.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dvcq_cli.criteria import CriteriaSet, Criterion, Extras
from dvcq_cli.i18n import _
from dvcq_cli.rules.plan import check_banding, plain_number, unique_ids
from dvcq_cli.schema import Context, complete, did_you_mean, valid


def check_criteria_set(criteria: CriteriaSet, ctx: Context, file_id: str | None) -> None:
    """The rules, on what is valid (the set may be partial: see schema.Record.build)."""
    if file_id is not None and valid(criteria.id) and criteria.id != file_id:
        ctx.report(criteria.where.value("id"), "path-mismatch", _(
            "the set says id '{id}' but its file is {file}.yaml; make them the same").format(
            id=criteria.id, file=file_id))
    groups = _items(criteria.groups)
    unique_ids(ctx, ((group.id, group.where) for group in groups), _("group"))
    all_criteria = [c for group in groups for c in _items(group.criteria)]
    unique_ids(ctx, ((c.id, c.where) for c in all_criteria), _("criterion"))
    for criterion in all_criteria:
        _check_sub_items(criterion, ctx)
    whole = all(complete(group) for group in groups) and valid(criteria.groups)
    if whole and valid(criteria.total):
        _check_total(criteria, all_criteria, ctx)
    for part in (criteria.bonus, criteria.deductions):
        if part is not None and complete(part):
            _check_extras(part, ctx)
    grades = _items(criteria.grades)
    if valid(criteria.grades) and all(complete(grade) for grade in grades) and \
            valid(criteria.total) and (criteria.bonus is None or complete(criteria.bonus)):
        check_banding(criteria.id if valid(criteria.id) else "", criteria.banding(), ctx)
    conditions = _items(criteria.conditions)
    unique_ids(ctx, ((c.id, c.where) for c in conditions), _("condition"))
    grade_ids = [grade.id for grade in grades]
    for condition in conditions:
        best = condition.best_grade
        if valid(best) and best is not None and best not in grade_ids:
            ctx.report(condition.where.value("best_grade"), "criteria-invalid", _(
                "unknown grade '{value}'; the set's grades are: {known}{hint}").format(
                value=best, known=", ".join(grade_ids), hint=did_you_mean(best, grade_ids)))


def _items(value: Any) -> list[Any]:
    """The items of a list field that were built with a valid id; none when it failed."""
    return [item for item in value if valid(item.id)] if valid(value) else []


def _check_total(criteria: CriteriaSet, all_criteria: list[Criterion], ctx: Context) -> None:
    found = sum((c.max for c in all_criteria), Fraction(0))
    if found != criteria.total:
        detail = " + ".join(plain_number(c.max) for c in all_criteria)
        ctx.report(criteria.where.value("total"), "criteria-total-mismatch", _(
            "the criteria's maxima add up to {found} ({detail}), not the total {total}: fix "
            "a maximum or the total").format(found=plain_number(found), detail=detail,
                                             total=plain_number(criteria.total)))


def _check_sub_items(criterion: Criterion, ctx: Context) -> None:
    items = _items(criterion.items)
    unique_ids(ctx, ((item.id, item.where) for item in items), _("sub-item"))
    maxima = [item.max for item in items if valid(item.max) and item.max is not None]
    if not maxima or not valid(criterion.max) or len(maxima) != len(items):
        return
    found = sum(maxima, Fraction(0))
    if found != criterion.max:
        ctx.report(criterion.where.value("max"), "criteria-total-mismatch", _(
            "the sub-items of criterion '{id}' add up to {found}, not its maximum {max}: fix "
            "a sub-item's maximum or the criterion's").format(
            id=criterion.id, found=plain_number(found), max=plain_number(criterion.max)))


def _check_extras(part: Extras, ctx: Context) -> None:
    items = _items(part.items)
    unique_ids(ctx, ((item.id, item.where) for item in items), _("item"))
    for item in items:
        if valid(item.max) and item.max > part.cap:
            ctx.report(item.where.value("max"), "criteria-invalid", _(
                "item '{id}' is worth up to {max}, more than the cap {cap} of its part: "
                "lower it to {cap} at most").format(id=item.id, max=plain_number(item.max),
                                                    cap=plain_number(part.cap)))
