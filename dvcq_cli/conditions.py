"""What one unit satisfies: the conditions of targets and of consistency rules, and which of
its activities a filter counts.

Pure functions over the typed values `dvcq check` produces (bools, ints, Fractions, choice
ids). Both the target engine (`attain`) and the consistency rules of self-assessments
(`rules.assessment`) go through here, so a condition means the same thing everywhere.

Counting once by id: an activity may name the recurring `item` it belongs to (a model, a
series of dialogues). Where a filter says `once_per_item`, all the activities that name one
item count as one, whichever unit or period mentions them; an activity without an item counts
as itself. `count_once` is that rule, and the only place it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from dvcq_cli.model import Activity, ActivityFilter, Condition, Indicator, Plan

Window = tuple[date, date]


# ---------------------------------------------------------------- comparisons
def compare(comparison: str, value: Fraction | int, threshold: Fraction | int) -> bool:
    """The plan's comparison on exact numbers; `more_than` and `less_than` are strict."""
    if comparison == "at_least":
        return value >= threshold
    if comparison == "more_than":
        return value > threshold
    if comparison == "at_most":
        return value <= threshold
    if comparison == "less_than":
        return value < threshold
    raise ValueError(f"unknown comparison {comparison!r}")


def exact(value: Any) -> Fraction | None:
    """A number as an exact Fraction; None for anything that is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))  # what was written, not the binary approximation
    return None


# ---------------------------------------------------------------- activities
def task_matches(task: str, wanted: list[str] | tuple[str, ...]) -> bool:
    """A filter's task "3" matches "3" and its points "3.a", …; no tasks matches all."""
    return not wanted or any(task == t or task.startswith(t + ".") for t in wanted)


def activity_matches(activity: Activity, tasks: list[str], kinds: list[str]) -> bool:
    return task_matches(activity.task, tasks) and (not kinds or activity.kind in kinds)


def in_window(activity: Activity, window: Window) -> bool:
    return window[0] <= activity.date <= window[1]


def matching(activities: Iterable[Activity], spec: ActivityFilter | Any,
             window: Window) -> list[Activity]:
    """The activities dated inside the window that the filter (tasks and kinds) takes."""
    return [a for a in activities
            if in_window(a, window) and activity_matches(a, spec.tasks, spec.kinds)]


def count_once(activities: Iterable[Activity]) -> int:
    """Activities counted once per item: one for each item id, one for each activity
    without an item."""
    items: set[str] = set()
    alone = 0
    for activity in activities:
        if activity.item is None:
            alone += 1
        else:
            items.add(activity.item)
    return len(items) + alone


def activity_count(activities: list[Activity], spec: ActivityFilter) -> int:
    """How many the filter counts among activities it already took."""
    return count_once(activities) if spec.once_per_item else len(activities)


# ---------------------------------------------------------------- conditions
def condition_value(plan: Plan, condition: Condition, indicators: Mapping[str, Any],
                    activities: Iterable[Activity], window: Window) -> Any:
    """What the condition tests for one unit: its indicator's value, or how many of its
    activities the filter counts. None when the unit left the (optional) indicator empty."""
    if condition.activities is not None:
        spec = condition.activities
        return activity_count(matching(activities, spec, window), spec)
    return indicators.get(condition.indicator or "")


def holds(plan: Plan, condition: Condition, indicators: Mapping[str, Any],
          activities: Iterable[Activity], window: Window) -> bool | None:
    """Whether one unit satisfies the condition; None when it does not apply to the unit
    (an optional indicator left empty, or a compared indicator left empty)."""
    value = condition_value(plan, condition, indicators, activities, window)
    if value is None:
        return None
    indicator = (plan.indicators.get(condition.indicator)
                 if condition.indicator is not None else None)
    name, expected = condition.test
    if name == "one_of":
        return any(_same(indicator, value, option) for option in expected)
    expected = _operand(indicator, expected, indicators)
    if expected is None:
        return None
    if name == "equals":
        return _same(indicator, value, expected)
    if indicator is not None and indicator.type in ("choice", "grade"):
        # Choices and grades are listed best first: "at least kha" is kha or better.
        ranks = list(plan.choices_of(indicator) or ())
        if value not in ranks or expected not in ranks:
            return False
        return compare(name, -ranks.index(value), -ranks.index(expected))
    if type(value) is int and type(expected) is int:  # most values: no Fraction needed
        return compare(name, value, expected)
    number, bound = exact(value), exact(expected)
    return number is not None and bound is not None and compare(name, number, bound)


def _operand(indicator: Indicator | None, expected: Any, indicators: Mapping[str, Any]) -> Any:
    """A number indicator's test value may name another number indicator of the same unit."""
    if indicator is not None and indicator.is_number and isinstance(expected, str):
        return indicators.get(expected)
    return expected


def _same(indicator: Indicator | None, value: Any, expected: Any) -> bool:
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value is expected
    if indicator is None or indicator.is_number:
        left, right = exact(value), exact(expected)
        return left is not None and left == right
    return str(value) == str(expected)
