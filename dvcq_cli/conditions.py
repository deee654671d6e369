"""What one unit satisfies: the conditions of targets and of consistency rules, and which of
its activities a filter counts.

Pure functions over the typed values `dvcq check` produces (bools, ints, Fractions, choice
ids). Both the target engine (`attain`) and the consistency rules of self-assessments
(`rules.assessment`) go through here, so a condition means the same thing everywhere.

Counting once by id: an activity may name the recurring `item` it belongs to (a model, a
series of dialogues). Where a filter says `once_per_item`, all the activities that name one
item count as one, whichever unit or period mentions them; an activity naming a "Dân vận
khéo" model (`model:`) and no item belongs to the model's; any other activity counts as
itself. `count_once` is that rule, and the only place it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from dvcq_cli.model import Activity, ActivityFilter, Condition, Indicator, Plan
from dvcq_cli.tuples import NamedTuple

Window = tuple[date, date]


class UnitFacts(NamedTuple):
    """What a target's condition may test beyond the unit's own file: its final grade and
    score (at the scoring period; `scored` is False at the others), and its model records
    as they stand at `day`, the period's end."""

    scored: bool = False
    grade: str | None = None
    points: Fraction | None = None
    grades: tuple[str, ...] = ()  # the criteria set's grade ids, best first
    models: tuple[Any, ...] = ()
    day: date | None = None


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
        # An activity of a "Dân vận khéo" model belongs to that model's item.
        item = activity.item or activity.model
        if item is None:
            alone += 1
        else:
            items.add(item)
    return len(items) + alone


def activity_count(activities: list[Activity], spec: ActivityFilter) -> int:
    """How many the filter counts among activities it already took."""
    return count_once(activities) if spec.once_per_item else len(activities)


# ---------------------------------------------------------------- conditions
def condition_value(plan: Plan, condition: Condition, indicators: Mapping[str, Any],
                    activities: Iterable[Activity], window: Window,
                    facts: UnitFacts | None = None) -> Any:
    """What the condition tests for one unit: its indicator's value, how many of its
    activities the filter counts, its final grade or score, or how many of its models
    reached a stage. None when the unit left the (optional) indicator empty, or when a
    score is asked for at a period that is not the scoring period."""
    if condition.scoring is not None:
        if facts is None or not facts.scored:
            return None
        return facts.grade if condition.scoring == "grade" else facts.points
    if condition.models is not None:
        wanted = condition.models
        day = facts.day if facts is not None and facts.day is not None else window[1]
        return sum(1 for model in (facts.models if facts is not None else ())
                   if model.matches(wanted, day))
    if condition.activities is not None:
        spec = condition.activities
        return activity_count(matching(activities, spec, window), spec)
    return indicators.get(condition.indicator or "")


def holds(plan: Plan, condition: Condition, indicators: Mapping[str, Any],
          activities: Iterable[Activity], window: Window,
          facts: UnitFacts | None = None) -> bool | None:
    """Whether one unit satisfies the condition; None when it does not apply to the unit
    (an optional indicator left empty, or a compared indicator left empty)."""
    if condition.scoring is not None and facts is not None and facts.scored:
        return _scored(condition, facts)
    value = condition_value(plan, condition, indicators, activities, window, facts)
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


def _scored(condition: Condition, facts: UnitFacts) -> bool:
    """A unit's final grade or score against the condition; a unit that cannot be graded
    satisfies none (it stays in the denominator of a share)."""
    name, expected = condition.test
    value = facts.grade if condition.scoring == "grade" else facts.points
    if value is None:
        return False
    if condition.scoring == "points":
        number, bound = exact(value), exact(expected)
        if name in ("equals", "one_of"):
            options = expected if name == "one_of" else [expected]
            return any(exact(option) == number for option in options)
        return number is not None and bound is not None and compare(name, number, bound)
    if name in ("equals", "one_of"):
        return value in (expected if name == "one_of" else [expected])
    ranks = list(facts.grades)
    if value not in ranks or expected not in ranks:
        return False
    return compare(name, -ranks.index(value), -ranks.index(expected))


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
