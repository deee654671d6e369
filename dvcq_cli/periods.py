"""Reporting periods and their data cut-off windows.

Nghị định 09/2019/NĐ-CP, Điều 12 counts a periodic report's data from 15 December of the
previous year to the 14th of the period's last month, and a quarter's from the 15th of the
month before it to the 14th of its last month; the 9-month window is the provinces' practice.
A plan may set other windows; these are only the defaults for `6m`, `9m`, `12m`, `q1`–`q4`.
"""

from __future__ import annotations

from datetime import date

from dvcq_cli.model import Period, Plan

_DEFAULT_LAST_MONTH = {"6m": 6, "9m": 9, "12m": 12, "q1": 3, "q2": 6, "q3": 9, "q4": 12}


def default_window(period_id: str, year: int) -> tuple[date, date] | None:
    month = _DEFAULT_LAST_MONTH.get(period_id)
    if month is None:
        return None
    start_month = {"q2": 3, "q3": 6, "q4": 9}.get(period_id)
    start = date(year, start_month, 15) if start_month else date(year - 1, 12, 15)
    return start, date(year, month, 14)


def window(plan: Plan, period_id: str) -> tuple[date, date] | None:
    """The period's window: the plan's own dates, else the default for its id."""
    period: Period | None = plan.periods.get(period_id)
    if period is None:
        return None
    default = default_window(period_id, plan.year)
    start = period.start or (default[0] if default else None)
    end = period.end or (default[1] if default else None)
    if start is None or end is None:
        return None
    return start, end


def year_span(plan: Plan) -> tuple[date, date] | None:
    """The plan's year as its periods cover it: the earliest window start to the latest
    window end (a year's data window may start in the December before)."""
    windows = [found for found in (window(plan, period_id) for period_id in plan.periods)
               if found is not None]
    if not windows:
        return None
    return min(start for start, _end in windows), max(end for _start, end in windows)
