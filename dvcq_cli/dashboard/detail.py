"""One period in detail: units × targets, and each unit's submission (pure).

Where each unit stands for each target is the engine's (`TargetResult.meeting`,
`not_meeting`, `missing`); what it reported is `attain.unit_value`, written as `dvcq status
--compare` writes it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from dvcq_cli import attain
from dvcq_cli.attain import PeriodResult, TargetResult, UnitSubmission
from dvcq_cli.dashboard.facts import PeriodFacts
from dvcq_cli.dashboard.page import Mark, PeriodView, SubmissionRow, UnitCell, UnitRow
from dvcq_cli.dashboard.words import state_mark, target_mark
from dvcq_cli.i18n import _
from dvcq_cli.vietnamese import format_date_short
from dvcq_cli.views import status_text

DATA_FOLDER = "data"


def script_json(document: dict[str, Any]) -> Markup:
    """A JSON document to put inside `<script type="application/json">`: `<`, `>` and `&`
    written as \\u escapes, so no text in it can close the element; it parses to the same
    data."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def period_anchor(period_id: str) -> str:
    return f"ky-{period_id}"


def build_period(period: PeriodFacts, year: str) -> PeriodView:
    result = period.outcome.result
    plan = result.plan
    start, end = result.window
    deadline = result.period.submit_by
    summary = period.document["summary"]
    json_id = f"dvcq-status-{result.period_id}"
    indexes = [TargetIndex(target) for target in result.targets]
    return PeriodView(
        id=result.period_id, anchor=period_anchor(result.period_id), label=result.period.label,
        has_data=period.has_data,
        window=_("Activities counted from {start} to {end}.").format(
            start=format_date_short(start), end=format_date_short(end)),
        deadline=(_("Units send their self-assessment by {date}.").format(
            date=format_date_short(deadline)) if deadline is not None else ""),
        summary=_("{submitted} of {units} units sent, {late} of them late; {missing} not "
                  "sent or with errors.").format(**summary),
        no_data=_("No unit has sent a self-assessment for this period yet."),
        targets=tuple((str(i), t.short) for i, t in enumerate(plan.targets, start=1)),
        units=tuple(unit_row(result, indexes, s) for s in result.units),
        submissions=tuple(submission_row(result, s) for s in result.units),
        left_out=tuple(item["path"] for item in period.document["left_out"]),
        json_id=json_id, json_text=script_json(period.document),
        json_href=f"{DATA_FOLDER}/{year}-{result.period_id}.json")


class TargetIndex:
    """Where each unit stands for one target, and how many of its activities count, looked
    up once per target: the engine's lists are tuples, and a scan of them for every unit
    would grow with the square of the number of units."""

    def __init__(self, target: TargetResult) -> None:
        self.target = target
        self.by_unit = target.target.measure.kind in attain.UNIT_MEASURES
        self.standing: dict[str, str] = {}
        # In the order of `TargetResult.standing`: a unit in several lists takes the first.
        for standing, units in (("missing", target.missing),
                                ("not_meeting", target.not_meeting),
                                ("meeting", target.meeting)):
            self.standing.update(dict.fromkeys(units, standing))
        self.activities = Counter(unit for unit, _activity in target.evidence)


def unit_row(result: PeriodResult, targets: Sequence[TargetIndex],
             submission: UnitSubmission) -> UnitRow:
    cells = tuple(unit_cell(result, target, submission) for target in targets)
    absent = None
    if submission.assessment is None:
        mark = state_mark(submission.state)
        absent = mark if all(cell.mark == mark for cell in cells) else None
    return UnitRow(submission.unit.name, cells, absent)


def unit_cell(result: PeriodResult, index: TargetIndex,
              submission: UnitSubmission) -> UnitCell:
    unit_id = submission.unit.id
    standing = index.standing.get(unit_id)
    if standing == "missing" or standing is None and submission.assessment is None:
        mark = state_mark(submission.state)
        value = ""
    elif standing is None:
        mark = Mark("none", _("does not apply"))
        value = ""
    else:
        met = standing == "meeting"
        if index.by_unit:
            mark = target_mark("met" if met else "not_met")
        else:
            mark = Mark("met" if met else "not_met",
                        _("activities counted") if met else _("no activity counted"))
        value = unit_value_text(result, index, unit_id)
    shown = f"{value}, {mark.word.lower()}" if value else mark.word.lower()
    hover = f"{submission.unit.name} – {index.target.target.short}: {shown}"
    return UnitCell(mark, value, hover)


def unit_value_text(result: PeriodResult, index: TargetIndex, unit_id: str) -> str:
    """What the unit reported for the target, as `dvcq status --compare` writes it; for an
    activity measure, how many of its activities count."""
    if not index.by_unit:
        return _("{count} activities").format(count=index.activities[unit_id])
    target = index.target.target
    value = attain.unit_value(result, target, unit_id)
    if value is None:
        return ""
    return status_text.value_text(result.plan, target, value)


def submission_row(result: PeriodResult, submission: UnitSubmission) -> SubmissionRow:
    mark = state_mark(submission.state)
    deadline = result.period.submit_by
    note = ""
    if submission.state == "late" and submission.submitted and deadline is not None:
        note = _("{days} day(s) after the deadline").format(
            days=(submission.submitted - deadline).days)
    elif submission.reason:
        note = submission.reason
    day = format_date_short(submission.submitted) if submission.submitted else "—"
    return SubmissionRow(submission.unit.name, mark, day, note)
