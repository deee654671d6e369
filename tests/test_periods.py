"""The default data windows of 6m, 9m, 12m and q1–q4, and a plan's own dates over them.

Every expected date below is written by hand from the rule (Nghị định 09/2019/NĐ-CP, Điều 12,
and the provinces' practice for 9 months): a report counts from the 15th of the month before
its first month to the 14th of its last month; 6m, 9m and 12m start on 15 December of the
previous year. None of them is computed by the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from test_attain import build_assessment, build_plan, one, plan_yaml, target

from dvcq_cli import loader, periods
from dvcq_cli.attain import UnknownPeriod, evaluate
from dvcq_cli.model import ASSESSMENT, PLAN
from dvcq_cli.rules.assessment import check_assessment
from dvcq_cli.rules.plan import check_plan
from dvcq_cli.schema import Context
from dvcq_cli.workspace import FileEntry

# Year 2025: the previous December is in 2024.
DEFAULTS_2025 = {
    "6m": (date(2024, 12, 15), date(2025, 6, 14)),
    "9m": (date(2024, 12, 15), date(2025, 9, 14)),
    "12m": (date(2024, 12, 15), date(2025, 12, 14)),
    "q1": (date(2024, 12, 15), date(2025, 3, 14)),
    "q2": (date(2025, 3, 15), date(2025, 6, 14)),
    "q3": (date(2025, 6, 15), date(2025, 9, 14)),
    "q4": (date(2025, 9, 15), date(2025, 12, 14)),
}

# Other dates than the defaults, for plans that set their own.
OWN_2025 = {
    "6m": (date(2025, 1, 1), date(2025, 6, 30)),
    "9m": (date(2025, 1, 1), date(2025, 8, 31)),
    "12m": (date(2025, 1, 1), date(2025, 11, 30)),
    "q1": (date(2025, 1, 1), date(2025, 3, 31)),
    "q2": (date(2025, 4, 1), date(2025, 6, 30)),
    "q3": (date(2025, 7, 1), date(2025, 9, 30)),
    "q4": (date(2025, 10, 1), date(2025, 12, 31)),
}

PERIOD_IDS = tuple(DEFAULTS_2025)
COUNT = target("hd", "count_of_activities: {tasks: ['1']}", "at_least", 1)


def plan_with_periods(lines: dict[str, str]) -> object:
    """A 2025 plan whose periods section is exactly `lines` (id: flow mapping)."""
    text = plan_yaml(2, COUNT)
    start = text.index("periods:\n")
    end = text.index("units:\n")
    block = "periods:\n" + "".join(f"  {pid}: {value}\n" for pid, value in lines.items())
    return build_plan(text[:start] + block + text[end:])


def relying_on_defaults() -> object:
    return plan_with_periods({pid: f"{{label: Kỳ {pid}}}" for pid in PERIOD_IDS})


def overriding_defaults() -> object:
    return plan_with_periods({
        pid: f"{{label: Kỳ {pid}, from: {start.isoformat()}, to: {end.isoformat()}}}"
        for pid, (start, end) in OWN_2025.items()})


@pytest.mark.parametrize("period_id", PERIOD_IDS)
def test_default_window_of_each_period(period_id: str) -> None:
    assert periods.default_window(period_id, 2025) == DEFAULTS_2025[period_id]


def test_default_windows_of_a_leap_year_and_of_2024() -> None:
    assert periods.default_window("q1", 2024) == (date(2023, 12, 15), date(2024, 3, 14))
    assert periods.default_window("9m", 2024) == (date(2023, 12, 15), date(2024, 9, 14))
    assert periods.default_window("q4", 2028) == (date(2028, 9, 15), date(2028, 12, 14))


@pytest.mark.parametrize("period_id", ["1m", "q5", "6M", "", "nam"])
def test_no_default_for_other_ids(period_id: str) -> None:
    assert periods.default_window(period_id, 2025) is None


@pytest.mark.parametrize("period_id", PERIOD_IDS)
def test_a_plan_without_dates_gets_the_default_window(period_id: str) -> None:
    plan = relying_on_defaults()
    assert periods.window(plan, period_id) == DEFAULTS_2025[period_id]
    assert evaluate(plan, period_id, {}).window == DEFAULTS_2025[period_id]


@pytest.mark.parametrize("period_id", PERIOD_IDS)
def test_a_plan_with_its_own_dates_keeps_them(period_id: str) -> None:
    plan = overriding_defaults()
    assert periods.window(plan, period_id) == OWN_2025[period_id]
    assert evaluate(plan, period_id, {}).window == OWN_2025[period_id]


@pytest.mark.parametrize("period_id", PERIOD_IDS)
def test_a_plan_may_set_only_one_end(period_id: str) -> None:
    start, end = DEFAULTS_2025[period_id]
    only_from = plan_with_periods({period_id: "{label: Kỳ, from: 2025-01-02}"})
    only_to = plan_with_periods({period_id: "{label: Kỳ, to: 2025-12-31}"})
    assert periods.window(only_from, period_id) == (date(2025, 1, 2), end)
    assert periods.window(only_to, period_id) == (start, date(2025, 12, 31))


def test_a_period_the_plan_does_not_have_has_no_window() -> None:
    plan = plan_with_periods({"6m": "{label: Sáu tháng}"})
    assert periods.window(plan, "9m") is None
    assert periods.window(plan, "6m") == DEFAULTS_2025["6m"]


def activity_count(plan: object, period_id: str, *days: date) -> object:
    """The count target's value for one unit that dated activities of task 1 on `days`."""
    submitted = "2025-12-31"
    assessment = build_assessment(plan, "u01", period=period_id, submitted=submitted,
                                  activities=tuple({"task": "1", "date": day.isoformat()}
                                                   for day in days))
    return one(plan, {"u01": assessment}, period=period_id).value


@pytest.mark.parametrize("period_id", PERIOD_IDS)
def test_activities_on_the_default_windows_first_and_last_days_count(period_id: str) -> None:
    plan = relying_on_defaults()
    start, end = DEFAULTS_2025[period_id]
    assert activity_count(plan, period_id, start, end) == 2
    # The day before the first and the day after the last are outside.
    assert activity_count(plan, period_id, start - timedelta(days=1),
                          end + timedelta(days=1)) == 0


@pytest.mark.parametrize("period_id", PERIOD_IDS)
def test_activities_follow_the_plans_own_window(period_id: str) -> None:
    plan = overriding_defaults()
    start, end = OWN_2025[period_id]
    assert activity_count(plan, period_id, start, end, end + timedelta(days=1)) == 2


def outside_window_warnings(plan: object, period_id: str, day: date) -> list[str]:
    text = (f"unit: u01\nperiod: {period_id}\nsubmitted: 2025-12-31\nindicators:\n"
            f"  dat: true\n  muc: tot\n  diem: 1\n  ty_le: 1\n  so_ccvc: 1\n  so_qt: 1\n"
            f"  so_don: 0\nactivities:\n  - task: '1'\n    date: {day.isoformat()}\n"
            f"    text: Hội nghị\n")
    loaded = loader.load_text(text, "u01.yaml")
    ctx = Context("u01.yaml")
    assert loaded.root is not None
    built = ASSESSMENT.build(loaded.root, ctx)
    entry = FileEntry(Path("u01.yaml"), "u01.yaml", "assessment", "2025", period_id, "u01")
    check_assessment(built, plan, entry, ctx)
    return [p.code for p in ctx.problems]


@pytest.mark.parametrize("period_id", PERIOD_IDS)
def test_check_warns_the_day_after_the_default_window_and_not_on_its_last_day(
        period_id: str) -> None:
    plan = relying_on_defaults()
    start, end = DEFAULTS_2025[period_id]
    assert "date-outside-window" not in outside_window_warnings(plan, period_id, end)
    assert "date-outside-window" not in outside_window_warnings(plan, period_id, start)
    assert "date-outside-window" in outside_window_warnings(
        plan, period_id, end + timedelta(days=1))
    assert "date-outside-window" in outside_window_warnings(
        plan, period_id, start - timedelta(days=1))


def unchecked_plan(periods_lines: dict[str, str]) -> tuple[object, list[tuple[str, int, str]]]:
    """A plan built from text whatever its plan-rule errors, and those errors."""
    text = plan_yaml(2, COUNT)
    start, end = text.index("periods:\n"), text.index("units:\n")
    block = "periods:\n" + "".join(f"  {pid}: {value}\n" for pid, value in periods_lines.items())
    loaded = loader.load_text(text[:start] + block + text[end:], "plan.yaml")
    assert loaded.root is not None
    ctx = Context("plan.yaml")
    plan = PLAN.build(loaded.root, ctx)
    check_plan(plan, ctx, "2025")
    return plan, [(p.code, p.line, p.message) for p in ctx.problems if p.is_error]


@pytest.mark.parametrize("dates", ["from: 2025-01-01", "to: 2025-03-31", ""])
def test_a_period_of_its_own_needs_both_dates(dates: str) -> None:
    # Only 6m, 9m, 12m and q1–q4 have defaults: "dot1" with one date or none has no window.
    plan, problems = unchecked_plan({"6m": "{label: Sáu tháng}",
                                     "dot1": f"{{label: Đợt 1, {dates}}}" if dates
                                     else "{label: Đợt 1}"})
    assert periods.window(plan, "dot1") is None
    assert problems == [("period-invalid", 39, "period 'dot1' needs 'from' and 'to' dates "
                                                "(only 6m, 9m, 12m and q1 to q4 have defaults)")]
    with pytest.raises(UnknownPeriod):
        evaluate(plan, "dot1", {})
    assert evaluate(plan, "6m", {}).window == DEFAULTS_2025["6m"]
