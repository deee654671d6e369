"""The dashboard's fixed words and the words of its verdicts, in the language chosen.

Verdicts and states use the same words as `dvcq status` (its `status_word`, `state_word`);
the plan's requirement is written as the plan writes it (`trên 80%`, `từ 80% trở lên`).
"""

from __future__ import annotations

from dvcq_cli.dashboard.page import Mark
from dvcq_cli.i18n import _
from dvcq_cli.model import Target
from dvcq_cli.vietnamese import format_number, format_percent
from dvcq_cli.views import status_text


def words() -> dict[str, str]:
    """Every fixed text of the page, in the language chosen."""
    return {
        "contents": _("Contents"),
        "overview": _("At a glance"),
        "targets": _("Targets by period"),
        "targets_intro": _("Each target's result in every period of the plan, against the "
                           "level the plan requires (the dashed line)."),
        "target": _("Target"),
        "required": _("Required"),
        "submissions": _("Self-assessments sent"),
        "submissions_intro": _("How many units sent their self-assessment on time, late, or "
                               "not at all, in each period."),
        "period": _("Period"),
        "deadline": _("Deadline"),
        "on_time": _cap(status_text.state_word("submitted")),
        "late": _cap(status_text.state_word("late")),
        "missing": _("Not sent or file with errors"),
        "details": _("Period by period"),
        "details_intro": _("Choose a period: which units meet each target, and who sent "
                           "their self-assessment when."),
        "choose_period": _("Periods"),
        "matrix": _("Units and targets"),
        "matrix_intro": _("Each cell: whether the unit meets the target, and what it "
                          "reported."),
        "unit": _("Unit"),
        "state": _("Submission"),
        "sent_on": _("Sent on"),
        "note": _("Note"),
        "left_out": _("Files with errors, not counted:"),
        "data": _("The figures"),
        "data_intro": _("Every figure on this page is the one dvcq status computes from the "
                        "plan and the self-assessments. Its output for each period (JSON) is "
                        "part of this page and can be downloaded:"),
        "met": _cap(status_text.status_word("met")),
        "not_met": _cap(status_text.status_word("not_met")),
        "no_data": _cap(status_text.status_word("no_data")),
        "years": _("Years"),
        "year": _("Year"),
        "plan": _("Plan"),
        "latest": _("Latest period"),
        "targets_met": _("Targets met"),
        "units_sent": _("Units that sent"),
        "made_by": _("Made by dvcq from the plan and the units' self-assessments."),
        "skip": _("Skip to the content"),
    }


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def target_mark(status: str) -> Mark:
    return Mark(status, _cap(status_text.status_word(status)))


def state_mark(state: str) -> Mark:
    code = "on_time" if state == "submitted" else state
    return Mark(code, _cap(status_text.state_word(state)))


def required_text(target: Target) -> str:
    """The plan's requirement in words: `100%`, `từ 80% trở lên`, `trên 80%`, `không quá 5`."""
    comparison = target.comparison
    threshold = target.threshold
    if comparison is None or threshold is None:
        return _("qualitative")
    shown = format_percent(threshold) if target.measure.is_share else format_number(threshold)
    name = comparison[0]
    if name == "at_least" and target.measure.is_share and threshold == 1:
        return shown
    return {"at_least": _("at least {value}"), "more_than": _("over {value}"),
            "at_most": _("at most {value}"), "less_than": _("under {value}")}[name].format(
        value=shown)
