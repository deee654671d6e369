"""Rules the drafter's synthesis (`_bao-cao.yaml`) must satisfy against the plan and the
period's assessments.

Codes reported here, each at the line concerned:
- `ref-unknown`: a task or point, unit or target the plan does not have.
- `cite-invalid`: an activity cited otherwise than `unit@YYYY-MM-DD`.
- `cite-unknown`: a cited activity that the unit's self-assessment for the period does not
  have (no activity that day, or no usable self-assessment).
- `synthesis-misplaced`: the file is in a folder that is not a period of the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from dvcq_cli.i18n import _
from dvcq_cli.model import Assessment, Plan
from dvcq_cli.rules.scores import item_place
from dvcq_cli.schema import Context, Pos, complete, did_you_mean, valid
from dvcq_cli.synthesis import LIST_SECTIONS, Entry, Synthesis, parse_activity_cite


class Known:
    """The ids an entry may cite: the plan's, and the period's activities by unit."""

    def __init__(self, plan: Plan, assessments: Mapping[str, Assessment]) -> None:
        self.units = [unit.id for unit in plan.units]
        self.targets = [target.id for target in plan.targets]
        self.tasks = [id_ for task in plan.tasks
                      for id_ in (task.id, *(point.id for point in task.points))]
        self.assessments = assessments


def check_synthesis(synthesis: Synthesis, plan: Plan, period: str | None,
                    assessments: Mapping[str, Assessment], ctx: Context) -> None:
    if period is not None and period not in plan.periods:
        ctx.report(synthesis.where.at, "synthesis-misplaced", _(
            "the folder {folder}/ is not a period of the plan, so this report text belongs "
            "to no report; move it into one of: {known}").format(
            folder=period, known=", ".join(plan.periods)))
        return
    known = Known(plan, assessments)
    tasks = synthesis.tasks
    if tasks and valid(tasks):
        for task_id, entry in tasks.items():
            if task_id not in known.tasks:
                ctx.report(tasks.where.key(task_id), "ref-unknown", _(
                    "unknown task '{value}'{hint} (the plan's tasks: {known})").format(
                    value=task_id, hint=did_you_mean(task_id, known.tasks),
                    known=", ".join(known.tasks)))
            _check_entry(entry, known, ctx)
    for name in LIST_SECTIONS:
        entries = getattr(synthesis, name)
        if entries and valid(entries):
            for entry in entries:
                _check_entry(entry, known, ctx)


def _check_entry(entry: Entry, known: Known, ctx: Context) -> None:
    if not complete(entry):
        return
    at = entry.where
    for index, unit in enumerate(entry.units):
        if unit not in known.units:
            ctx.report(item_place(entry.units, index, at.value("units")), "ref-unknown", _(
                "unknown unit '{value}'{hint} (the plan's units: {known})").format(
                value=unit, hint=did_you_mean(unit, known.units),
                known=", ".join(known.units)))
    for index, target in enumerate(entry.targets):
        if target not in known.targets:
            ctx.report(item_place(entry.targets, index, at.value("targets")), "ref-unknown", _(
                "unknown target '{value}'{hint} (the plan's targets: {known})").format(
                value=target, hint=did_you_mean(target, known.targets),
                known=", ".join(known.targets)))
    for index, cited in enumerate(entry.activities):
        _check_cite(cited, item_place(entry.activities, index, at.value("activities")),
                    known, ctx)


def _check_cite(cited: str, where: Pos, known: Known, ctx: Context) -> None:
    parsed = parse_activity_cite(cited)
    if parsed is None:
        ctx.report(where, "cite-invalid", _(
            "'{value}' does not name an activity: write the unit's id, '@' and the "
            "activity's date, e.g. kgvx@2024-09-09").format(value=cited))
        return
    unit, day = parsed
    if unit not in known.units:
        ctx.report(where, "ref-unknown", _(
            "unknown unit '{value}'{hint} (the plan's units: {known})").format(
            value=unit, hint=did_you_mean(unit, known.units), known=", ".join(known.units)))
        return
    assessment = known.assessments.get(unit)
    if assessment is None:
        ctx.report(where, "cite-unknown", _(
            "unit {unit} has no usable self-assessment for this period, so it has no "
            "activity to cite").format(unit=unit))
        return
    days = sorted({activity.date for activity in assessment.activities})
    if day not in days:
        ctx.report(where, "cite-unknown", _(
            "unit {unit} reports no activity dated {date} for this period; its activities "
            "are dated: {known}").format(unit=unit, date=day.isoformat(),
                                         known=_days(days)))


def _days(days: list[date]) -> str:
    return ", ".join(day.isoformat() for day in days) or _("none")
