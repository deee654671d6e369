"""Every measure at, just under and just over its threshold, floors and ceilings, with 1, 3, 7
and 12 units, with and without a missing unit, under both denominators.

Each case is made of n units u01…un; with a missing unit, the last one has no assessment.
Of the r units that reported, the first k are *counted*: they satisfy the condition (dat:
true, at least one hoi_nghi activity), brief their whole staff (1/1, the others 0/1), or add
1 to a total (one hoi_nghi activity with 1 participant, two mentions of one item, so_don: 1).
The figure is then k (counts and sums), k/n or k/r (shares, by the denominator) or k/r
(ratio), and the threshold is put at it, one step over it or one step under it (a whole unit
for counts, 0,1 percentage point for shares).

What the verdict must be is written by hand in `expected` below, from the rules of the
README: the figure against the threshold without missing units; with one, under
all_units, the worst case of each measure. The standings, the "To chase up" line and the
units that crossed the line since the previous period are checked on every case.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache

import pytest
from test_attain import build_assessment, build_plan, plan_yaml, unit_ids

from dvcq_cli.attain import TargetResult, compare, evaluate
from dvcq_cli.model import Assessment, Plan
from dvcq_cli.schema import Percent
from dvcq_cli.views.status_text import chase_lines

MEASURES = {
    "share": "share_of_units: {indicator: dat, equals: true}",
    "share_activities": "share_of_units: {activities: {kinds: [hoi_nghi]}, at_least: 1}",
    "count": "count_of_units: {indicator: dat, equals: true}",
    "ratio": "ratio_of_sums: {numerator: so_qt, denominator: so_ccvc}",
    "activities": "count_of_activities: {kinds: [hoi_nghi]}",
    "items": "count_of_activities: {kinds: [hoi_nghi], once_per_item: true}",
    "participants": "sum_of_activities: {field: participants, kinds: [hoi_nghi]}",
    "indicator_sum": "sum_of_indicator: {indicator: so_don}",
}
SHARES = ("share", "share_activities", "ratio")
UNIT_MEASURES = ("share", "share_activities", "count", "ratio")
COMPARISONS = ("at_least", "more_than", "at_most", "less_than")
CEILINGS = ("at_most", "less_than")
POSITIONS = {"under": -1, "at": 0, "over": 1}  # where the figure is, against the threshold

# (n units, a missing unit?, denominator)
POPULATIONS = [(1, False, "all_units"), (3, False, "all_units"), (7, False, "all_units"),
               (12, False, "all_units"), (3, True, "all_units"), (7, True, "all_units"),
               (12, True, "all_units"), (3, True, "submitted_units"),
               (7, True, "submitted_units"), (12, True, "submitted_units")]
PERIODS = {"6m": ("2025-06-10", "2025-03-10"), "q3": ("2025-09-10", "2025-08-10")}


# ------------------------------------------------------------------ the expected verdicts
def plain_verdict(comparison: str, sign: int) -> str:
    """The figure against its threshold: sign -1 under it, 0 at it, +1 over it."""
    ok = {"at_least": sign >= 0, "more_than": sign > 0,
          "at_most": sign <= 0, "less_than": sign < 0}[comparison]
    return "met" if ok else "not_met"


def expected(measure: str, comparison: str, sign: int, missing: bool,
             basis: str) -> tuple[str, str | None]:
    """(status, reason), by hand from the rules for missing units (README, "How targets are
    computed"). One unit is missing; a counted unit adds exactly 1 (so_don's max is 5)."""
    verdict = plain_verdict(comparison, sign)
    if not missing or basis == "submitted_units" or verdict == "not_met":
        if missing and basis == "all_units" and measure == "ratio":
            return "not_met", None  # a ratio with a unit missing is never met
        return verdict, None
    if measure == "ratio":
        return "not_met", "missing_units"  # its staff could bring the rate anywhere
    if comparison not in CEILINGS:
        return "met", None  # a floor: a missing unit adds nothing; shares count it as not
    # A ceiling met by the units that reported: could the missing unit push it over?
    if measure == "count" and comparison == "at_most" and sign == -1:
        return "met", None  # one unit under "at most k+1": one more unit makes k+1, still ≤
    return "not_met", "missing_units"  # one more unit, activity or complaint goes over


# ------------------------------------------------------------------ building the cases
@cache
def plan_for(n: int, measure: str, comparison: str, basis: str) -> Plan:
    threshold = "50%" if measure in SHARES else 1
    target = (f"  - id: t\n    text: Chỉ tiêu\n    short: Chỉ tiêu thử\n"
              f"    measure: {{{MEASURES[measure]}}}\n    {comparison}: {threshold}\n"
              f"    denominator: {basis}\n")
    return build_plan(plan_yaml(n, target))


def unit_data(measure: str, counted: bool, period: str, unit: str) -> dict[str, object]:
    day = PERIODS[period][1]
    other = {"task": "1", "date": day, "kind": "tuyen_truyen", "participants": 9}
    activities: tuple[dict[str, object], ...] = (other,)
    if counted:
        one = {"task": "1", "date": day, "kind": "hoi_nghi", "participants": 1}
        if measure == "items":
            mention = {**one, "item": f"mo-hinh-{unit}"}
            activities = (other, mention, {**mention, "text": "Duy trì mô hình"})
        else:
            activities = (other, one)
    return {"dat": counted, "so_ccvc": 1, "so_qt": 1 if counted else 0,
            "so_don": 1 if counted else 0, "activities": activities}


@cache
def assessments_for(n: int, measure: str, reporting: int, k: int, period: str
                    ) -> dict[str, Assessment]:
    plan = plan_for(n, measure, "at_least", "all_units")  # the data does not depend on it
    submitted = PERIODS[period][0]
    found = {}
    for index, unit in enumerate(unit_ids(n)[:reporting]):
        data = unit_data(measure, index < k, period, unit)
        activities = data.pop("activities")
        found[unit] = build_assessment(plan, unit, period=period, submitted=submitted,
                                       activities=activities, **data)  # type: ignore[arg-type]
    return found


def terminating(value: Fraction) -> bool:
    """Whether a share can be written exactly as a percentage with decimals."""
    denominator = (value * 100).denominator
    while denominator % 2 == 0:
        denominator //= 2
    while denominator % 5 == 0:
        denominator //= 5
    return denominator == 1


def choose(measure: str, n: int, reporting: int, basis: str, sign: int
           ) -> tuple[int, Fraction, Fraction | int]:
    """(k counted units, the figure, the threshold) for a case."""
    if measure not in SHARES:
        k = max(math.ceil(reporting / 2), 1 if sign > 0 else 0)
        return k, Fraction(k), k - sign  # under: k+1; over: k-1
    denominator = reporting if measure == "ratio" or basis == "submitted_units" else n
    if sign == 0:  # the figure must be exactly a percentage: the k nearest half that is
        options = [k for k in range(reporting + 1) if terminating(Fraction(k, denominator))]
        k = min(options, key=lambda k: (abs(2 * k - reporting), -k))
    elif sign < 0:  # the threshold 0,1 point over the figure: the figure under 100%
        k = min(math.ceil(reporting / 2), reporting - 1) if denominator == reporting \
            else math.ceil(reporting / 2)
        k = max(k, 0)
    else:  # the threshold 0,1 point under the figure: the figure over 0%
        k = max(math.ceil(reporting / 2), 1)
    figure = Fraction(k, denominator)
    tenths = figure * 1000  # in tenths of a percent
    if sign == 0:
        threshold = figure
    elif sign < 0:
        threshold = Fraction(math.floor(tenths) + 1, 1000)
    else:
        threshold = Fraction(math.ceil(tenths) - 1, 1000)
    return k, figure, threshold


def possible(measure: str, position: str, n: int, missing: bool, basis: str) -> bool:
    """Whether a threshold exists at that position (none under 0, none over 100%)."""
    reporting = n - 1 if missing else n
    _k, _figure, threshold = choose(measure, n, reporting, basis, POSITIONS[position])
    return not (threshold < 0 or threshold > 1 and measure in SHARES)


def case_ids() -> list[tuple[str, str, str, int, bool, str]]:
    # Impossible cases (e.g. a threshold over a figure of 0) are left out here rather than
    # skipped when run: nothing in the suite skips.
    return [(measure, comparison, position, n, missing, basis)
            for measure in MEASURES for comparison in COMPARISONS for position in POSITIONS
            for n, missing, basis in POPULATIONS
            if possible(measure, position, n, missing, basis)]


def names(unit_ids_: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"Đơn vị {u[1:]}" for u in unit_ids_)


def wrong_side_label(measure: str, comparison: str) -> str:
    if measure in UNIT_MEASURES:
        return "not meeting"
    ceiling = comparison in CEILINGS
    if measure == "indicator_sum":
        return "adding to the total" if ceiling else "reported none"
    return "with activities counted" if ceiling else "no activity counted"


# ------------------------------------------------------------------ the test
@pytest.mark.parametrize(("measure", "comparison", "position", "n", "missing", "basis"),
                         case_ids(), ids=lambda value: str(value))
def test_verdict_sides_chase_up_and_compare(measure: str, comparison: str, position: str,
                                            n: int, missing: bool, basis: str) -> None:
    sign = POSITIONS[position]
    reporting = n - 1 if missing else n
    k, figure, threshold = choose(measure, n, reporting, basis, sign)
    plan = plan_for(n, measure, comparison, basis)
    value = Percent(threshold) if measure in SHARES else int(threshold)
    plan = plan._replace(targets=[plan.targets[0]._replace(**{comparison: value})])
    current = evaluate(plan, "q3", assessments_for(n, measure, reporting, k, "q3"))
    result = current.targets[0]

    # the figure and the verdict
    assert result.value == figure
    assert (result.status, result.reason) == expected(measure, comparison, sign, missing,
                                                      basis)
    assert result.denominator_basis == basis

    # the sides: counted units are right under a floor, wrong under a ceiling
    units = unit_ids(n)
    counted, others = tuple(units[:k]), tuple(units[k:reporting])
    ceiling = comparison in CEILINGS
    if not (measure == "ratio" and threshold in (0, 1)):  # a unit's own 0% or 100% vs 0/100%
        assert result.meeting == (others if ceiling else counted)
        assert result.not_meeting == (counted if ceiling else others)
    assert result.missing == ((units[-1],) if missing else ())
    assert result.not_applicable == ()

    # To chase up: the wrong side, then the units without a usable assessment
    line = dict((found.target.id, text) for found, text in chase_lines(current)).get("t")
    parts = []
    if result.not_meeting:
        parts.append(f"{wrong_side_label(measure, comparison)}: {names(result.not_meeting)}")
    if missing:
        label = ("no usable assessment, so the target cannot be met until they report"
                 if result.reason == "missing_units" else "no usable assessment")
        parts.append(f"{label}: {names(units[-1:])}")
    assert line == ("; ".join(parts) if parts else None)

    # --compare with a period where every unit was counted: the units no longer counted
    # fell back from a floor and improved under a ceiling; a unit gone missing fell back
    # from the right side only.
    if measure == "ratio" and threshold in (0, 1):
        return  # a unit's own 0% or 100% against 0% or 100%: see the sides above
    previous = evaluate(plan, "6m", assessments_for(n, measure, n, n, "6m"))
    changes = {(c.unit, c.change) for c in compare(current, previous).units}
    crossed = {(unit, "improved" if ceiling else "fell_back") for unit in others}
    if missing and not ceiling:
        crossed.add((units[-1], "fell_back"))
    assert changes == crossed


# ------------------------------------------------------------------ one unit, missing
@pytest.mark.parametrize("measure", list(MEASURES))
@pytest.mark.parametrize("comparison", COMPARISONS)
def test_one_unit_that_has_not_reported(measure: str, comparison: str) -> None:
    """Nobody reported: a share of all units is 0/1; the rest has no data."""
    plan = plan_for(1, measure, comparison, "all_units")
    value = Percent(Fraction(0)) if measure in SHARES else 0
    plan = plan._replace(targets=[plan.targets[0]._replace(**{comparison: value})])
    result: TargetResult = evaluate(plan, "q3", {}).targets[0]
    if measure in ("share", "share_activities"):
        # 0/1 = 0%: at least 0% is met (nobody is needed), not more than 0%; at most 0% would
        # be 0% now but the missing unit could make it 100%.
        assert (result.value, result.denominator) == (0, 1)
        assert (result.status, result.reason) == {
            "at_least": ("met", None), "more_than": ("not_met", None),
            "at_most": ("not_met", "missing_units"), "less_than": ("not_met", None)}[comparison]
    else:
        assert (result.status, result.value, result.reason) == ("no_data", None, None)
    assert result.missing == ("u01",)
    assert (result.meeting, result.not_meeting) == ((), ())


def test_the_cases_cover_every_verdict() -> None:
    """The matrix reaches met, not met, and not met because of the missing unit, wherever
    the rules allow it (a matrix of one outcome would prove little)."""
    seen: dict[tuple[str, bool], set[tuple[str, str | None]]] = {}
    for measure, comparison, position, _n, missing, basis in case_ids():
        outcome = expected(measure, comparison, POSITIONS[position], missing, basis)
        seen.setdefault((measure, comparison in CEILINGS), set()).add(outcome)
    every = {("met", None), ("not_met", None), ("not_met", "missing_units")}
    for (measure, ceiling), outcomes in seen.items():
        if ceiling or measure == "ratio":
            assert outcomes == every, (measure, ceiling)
        else:  # a floor other than a ratio: a missing unit never decides it
            assert outcomes == every - {("not_met", "missing_units")}, measure
