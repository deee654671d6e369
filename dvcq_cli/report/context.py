"""The shared context every section of the report reads: one period's results and the
lookups built once from them (unit names and order, who reported, the period's activities).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING

from dvcq_cli import periods
from dvcq_cli.model import Activity, Assessment, Plan
from dvcq_cli.report.text import (
    DOCUMENT_TYPES,
    clean,
    count_text,
    number_text,
    short_date,
    strip_end,
)
from dvcq_cli.vietnamese import sort_key

if TYPE_CHECKING:  # the engine is only needed for its types here
    from dvcq_cli.attain import PeriodResult, TargetResult, UnitSubmission

# Activities of this kind are "Dân vận khéo" models, listed apart when the plan declares it.
MODEL_KIND = "mo_hinh_dan_van_kheo"


@dataclass(frozen=True)
class ReportOptions:
    """What the command line adds to the data: the report's date and, if given, the signer."""

    report_date: date
    signer_name: str | None = None
    # False leaves the day blank for the văn thư, as the number is ("ngày      tháng 9 năm
    # 2024"); only the month and year of `report_date` are then shown.
    day_filled: bool = True


@dataclass(frozen=True)
class DocumentProperties:
    """The .docx core properties, derived from the data (never from the clock)."""

    title: str
    subject: str
    author: str
    created: datetime
    language: str = "vi-VN"


def _increment_start(plan: Plan, period_id: str) -> date | None:
    """The day after the latest earlier report of the same series: the periods inside this
    one's window (its own dates or the default ones) that end before it."""
    mine = periods.window(plan, period_id)
    if mine is None:
        return None
    earlier = [window[1] for window in (periods.window(plan, other) for other in plan.periods)
               if window is not None and window[1] < mine[1] and window[0] >= mine[0]]
    return max(earlier) + timedelta(days=1) if earlier else None


def previous_period(plan: Plan, period_id: str) -> str | None:
    """The period of the year's previous report (the 6-month one for the 9-month and the
    year-end reports): the one whose window ends the day before this report's increment."""
    start = _increment_start(plan, period_id)
    if start is None:
        return None
    return next((other for other in plan.periods
                 if (window := periods.window(plan, other)) is not None
                 and window[1] == start - timedelta(days=1)), None)


def earlier_periods(plan: Plan, period_id: str) -> list[str]:
    """The periods of the year's earlier reports, the latest first (`6m` for `9m`; `9m`,
    `6m` for the year-end report)."""
    found: list[str] = []
    previous = previous_period(plan, period_id)
    while previous is not None and previous not in found:
        found.append(previous)
        previous = previous_period(plan, previous)
    return found


class ReportContext:
    """One report being written: the period's results and the lookups every section needs.
    `earlier`: the units' self-assessments of each of the year's earlier reports (by unit
    id), for what those reports already said."""

    def __init__(self, result: PeriodResult, options: ReportOptions,
                 earlier: Sequence[Mapping[str, Assessment]] = ()) -> None:
        self.result = result
        self.earlier = earlier
        self.plan: Plan = result.plan
        self.options = options
        self.start, self.end = result.window
        self.units_total = len(result.units)
        self.names = {sub.unit.id: clean(sub.unit.name) for sub in result.units}
        # Units in Vietnamese dictionary order of their names; `rank` is each one's place.
        self.ordered = sorted(result.units, key=lambda s: (sort_key(s.unit.name), s.unit.id))
        self.rank = {s.unit.id: index for index, s in enumerate(self.ordered)}
        self.by_state: dict[str, list[UnitSubmission]] = {}
        for submission in self.ordered:
            self.by_state.setdefault(submission.state, []).append(submission)
        self.reporting = [s for s in self.ordered_units()
                          if s.state in ("submitted", "late") and s.assessment is not None]
        self.activities: list[tuple[str, Activity]] = [
            (s.unit.id, activity) for s in self.reporting
            for activity in s.assessment.activities  # type: ignore[union-attr]
            if self.start <= activity.date <= self.end
        ]
        self.has_models = MODEL_KIND in self.plan.activity_kinds
        self.issuer_name = clean(self.plan.document.issuer_name)
        self.label = clean(result.period.label)
        self.subject = f"{clean(self.plan.report.subject)} {self.label}"
        # The first day after the previous report of the same plan (the 9-month report's
        # increment starts the day after the 6-month window); None for the first report.
        self.increment_start = _increment_start(self.plan, result.period_id)
        # What one section computes and another refers to (the year-end annexes, …).
        self.shared: dict[str, object] = {}
        self._names_in_order: list[str] | None = None

    def longer_names(self, name: str) -> list[str]:
        """The other units' names that begin with `name` (`Phòng Kinh tế ngành` for
        `Phòng Kinh tế`). Found by bisecting the names in code-point order, not by going
        through every name: a line is written for each of thousands of units."""
        if self._names_in_order is None:
            self._names_in_order = sorted(set(self.names.values()))
        names = self._names_in_order
        found = []
        for index in range(bisect.bisect_left(names, name), len(names)):
            if not names[index].startswith(name):
                break
            if names[index] != name:
                found.append(names[index])
        return found

    def ordered_units(self) -> list[UnitSubmission]:
        return self.ordered

    def units_in(self, *states: str) -> list[UnitSubmission]:
        return [s for state in states for s in self.by_state.get(state, [])]

    def name_list(self, unit_ids: Iterable[str]) -> list[str]:
        known = sorted({u for u in unit_ids if u in self.rank}, key=self.rank.__getitem__)
        unknown = sorted({clean(u) for u in unit_ids if u not in self.rank}, key=sort_key)
        return [self.names[u] for u in known] + unknown

    def plan_reference(self) -> str:
        """`Kế hoạch số 294/KH-VP ngày 08/4/2024 của Văn phòng UBND tỉnh`."""
        document = self.plan.document
        kind = DOCUMENT_TYPES.get(document.type, "văn bản")
        text = f"{kind} số {clean(document.symbol)}"
        if document.date is not None:
            text += f" ngày {short_date(document.date)}"
        return f"{text} của {clean(document.issuer_name)}"

    def amount(self, indicator_id: str, value: Fraction) -> str:
        """An indicator's value or sum: a count when the indicator adds up in whole numbers."""
        indicator = self.plan.indicators.get(indicator_id)
        if indicator is not None and indicator.sums and indicator.type == "integer":
            return count_text(value)
        return number_text(value)

    def activities_of(self, task_id: str) -> list[tuple[str, Activity]]:
        """The period's activities of a task (with its points') or of a point."""
        return [(unit, activity) for unit, activity in self.activities
                if activity.task == task_id or activity.task.startswith(task_id + ".")]

    def quantitative(self) -> list[TargetResult]:
        """The targets with a figure to reach that are judged at this period."""
        return [tr for tr in self.result.targets
                if tr.target.comparison is not None and tr.judged]

    def target_name(self, tr: TargetResult) -> str:
        """`Chỉ tiêu số 4 (Đạt tiêu chí “Dân vận khéo”)`: the row of the targets table."""
        return f"{self.target_number(tr)} ({strip_end(clean(tr.target.short))})"

    def target_number(self, tr: TargetResult) -> str:
        """`Chỉ tiêu số 4`: the target once its name has been said."""
        return f"Chỉ tiêu số {self.result.targets.index(tr) + 1}"
