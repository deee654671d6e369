"""Year-to-date files: a later period's file keeps what the earlier one reported.

The periods of a year are nested (6 tháng, 9 tháng, năm all start on the same day), and a
unit's file of a period lists the year's activities so far, as the report's sentences count
them ("Từ đầu năm đến nay, … 22 hoạt động"). When the 9-month file leaves out an activity of
the 6-month file, the 9-month figures fall below the 6-month ones that Sở Nội vụ has already
read. dvcq does not add the earlier files' activities itself: the period's file is what the
unit signed for the period, and `dvcq status` and the targets count from it. It says which
activities were left out, so that the unit copies them back.

An activity is kept when the later file has the same task, date and text (spaces and case
aside), or, for an activity over a span, the same task and first day with a last day as
late or later: the tin, bài counted since December are reported again with a later `to`.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from dvcq_cli import periods
from dvcq_cli.model import Activity, Assessment, Plan
from dvcq_cli.tuples import NamedTuple
from dvcq_cli.vietnamese import same_words_key


class Dropped(NamedTuple):
    """An activity of `unit`'s file of `earlier` that its file of the later period lacks."""

    unit: str
    earlier: str
    activity: Activity


def nested_before(plan: Plan, period_id: str) -> list[str]:
    """The periods whose window lies inside this period's window and ends before it: the
    earlier reports of the same year-to-date series (6m and 9m for 12m), earliest first."""
    mine = periods.window(plan, period_id)
    if mine is None:
        return []
    found = []
    for other in plan.periods:
        window = periods.window(plan, other)
        if other != period_id and window is not None and mine[0] <= window[0] \
                and window[1] < mine[1]:
            found.append((window[1], other))
    return [other for _end, other in sorted(found)]


def dropped(plan: Plan, period_id: str,
            assessments: Mapping[str, Mapping[str, Assessment]]) -> list[Dropped]:
    """Every earlier activity a unit's file of `period_id` leaves out; `assessments` by
    period, then unit. A unit without a file of the period leaves nothing out here: its
    missing file is said elsewhere."""
    later_files = assessments.get(period_id, {})
    window = periods.window(plan, period_id)
    found: list[Dropped] = []
    # Each unit's dropped activities apart: looking through every unit's would make a
    # province's workspace (thousands of units) quadratic.
    found_of: dict[str, list[Activity]] = {}
    for earlier in nested_before(plan, period_id):
        for unit, before in assessments.get(earlier, {}).items():
            later = later_files.get(unit)
            if later is None:
                continue
            seen = found_of.setdefault(unit, [])
            for activity in before.activities:
                if window is not None and not window[0] <= activity.date <= window[1]:
                    continue  # never counted, so nothing falls
                if not any(_same(activity, other) for other in later.activities) \
                        and not any(_same(activity, other) for other in seen):
                    found.append(Dropped(unit, earlier, activity))
                    seen.append(activity)
    return found


def _same(earlier: Activity, later: Activity) -> bool:
    if earlier.task != later.task:
        return False
    if earlier.start is not None:
        return later.start == earlier.start and later.date >= earlier.date
    return later.start is None and later.date == earlier.date \
        and same_words_key(later.text) == same_words_key(earlier.text)
