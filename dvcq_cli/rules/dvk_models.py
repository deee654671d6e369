"""Rules the year's "Dân vận khéo" model records must satisfy.

Codes reported here, each at the line concerned:
- `ref-unknown`: a model's unit is not a unit of the year's plan.
- `id-duplicate`: two records with one id.
- `model-dates`: a stage dated before the one it follows (running before registration,
  recognised before assessed effective, …), recognition without the effective assessment,
  stopped before registration.
"""

from __future__ import annotations

from dvcq_cli.dvk_models import ModelRecord, ModelRegister
from dvcq_cli.i18n import _
from dvcq_cli.model import Plan
from dvcq_cli.rules.plan import unique_ids
from dvcq_cli.schema import Context, complete, did_you_mean, valid


def check_models(register: ModelRegister, plan: Plan | None, ctx: Context) -> None:
    models = [m for m in register.models if valid(m.id)] if valid(register.models) else []
    unique_ids(ctx, ((model.id, model.where) for model in models), _("model"))
    units = [unit.id for unit in plan.units] if plan is not None else None
    for model in models:
        if units is not None and valid(model.unit) and model.unit not in units:
            ctx.report(model.where.value("unit"), "ref-unknown", _(
                "unknown unit '{value}'{hint}").format(value=model.unit,
                                                      hint=did_you_mean(model.unit, units)))
        if complete(model):
            _check_dates(model, ctx)


def _check_dates(model: ModelRecord, ctx: Context) -> None:
    stages = model.stage_dates()
    for (before, day_before), (after, day_after) in zip(stages, stages[1:], strict=False):
        if day_after < day_before:
            ctx.report(model.where.value(after), "model-dates", _(
                "'{after}' ({day_after}) is dated before '{before}' ({day_before}): a model "
                "goes registered → running → effective → recognised").format(
                after=after, day_after=day_after.isoformat(), before=before,
                day_before=day_before.isoformat()))
    if model.recognised is not None and model.effective is None:
        ctx.report(model.where.key("recognised"), "model-dates", _(
            "a model is recognised after it is assessed effective: add effective: with the "
            "date of that assessment"))
    if model.stopped is not None and model.stopped.date < model.registered:
        ctx.report(model.where.value("stopped"), "model-dates", _(
            "stopped on {day}, before it was registered ({registered})").format(
            day=model.stopped.date.isoformat(), registered=model.registered.isoformat()))
