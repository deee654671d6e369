"""`dvcq status` as plain text, and the words and rows every text view of the status shares.

Numbers are written plainly (`2/15 units`, `5 activities`): the status is a working table, in
every language; the zero-padded counts of administrative text (`02 đơn vị`) belong to the
report.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dvcq_cli import attain
from dvcq_cli.attain import Comparison, PeriodResult, TargetResult, UnitChange
from dvcq_cli.dvk_models import FIELD_LABELS, KIND_LABELS, counts_at
from dvcq_cli.i18n import _
from dvcq_cli.model import Plan, Target
from dvcq_cli.status import LeftOut, StatusOutcome
from dvcq_cli.vietnamese import format_date_short, format_number, format_percent

_SYMBOL = {"at_least": "≥", "more_than": ">", "at_most": "≤", "less_than": "<"}


# ---------------------------------------------------------------- words
def status_word(status: str) -> str:
    return {"met": _("met"), "not_met": _("not met"), "no_data": _("insufficient data"),
            "not_due": _("not judged this period")}[status]


def state_word(state: str) -> str:
    return {"submitted": _("on time"), "late": _("late"), "missing": _("not submitted"),
            "rejected": _("file has errors")}[state]


def trend_word(trend: str) -> str:
    return {"better": _("better"), "worse": _("worse"), "changed": _("changed"),
            "same": _("unchanged"), "new": _("new target")}[trend]


def required_text(result: TargetResult) -> str:
    """`≥ 80%`, `≤ 2`, `≥ 2.000 (12m)` for a target judged at some periods only."""
    if result.comparison is None or result.threshold is None:
        return _("qualitative")
    symbol = _SYMBOL[result.comparison]
    if result.target.measure.is_share:
        text = f"{symbol} {format_percent(result.threshold)}"
    else:
        text = f"{symbol} {format_number(result.threshold)}"
    if result.target.periods:
        text += f" ({', '.join(result.target.periods)})"
    return text


def result_text(result: TargetResult) -> str:
    if result.value is None or result.numerator is None:
        return "—"
    kind = result.target.measure.kind
    count = format_number(result.numerator)
    if kind == "share_of_units" and result.denominator is not None:
        return _("{numerator}/{denominator} units").format(
            numerator=count, denominator=format_number(result.denominator))
    if kind == "ratio_of_sums" and result.denominator is not None:
        return f"{count}/{format_number(result.denominator)}"
    if kind == "count_of_units":
        return _("{count} unit(s)").format(count=count)
    if kind == "sum_of_activities":
        return _("{total} in {activities} activities").format(
            total=count, activities=len(result.evidence))
    if kind == "sum_of_indicator":
        return _("{total} (from {units} unit(s))").format(
            total=count, units=len(result.unit_values))
    units = contributors(result)
    spec = result.target.measure.spec
    if getattr(spec, "once_per_item", False):
        return _("{count} item(s) from {units} unit(s)").format(count=count, units=units)
    return _("{count} activities from {units} unit(s)").format(count=count, units=units)


def contributors(result: TargetResult) -> int:
    """How many units add to a total (activities, a summed indicator)."""
    return sum(1 for value in result.unit_values.values() if value)


def rate_text(result: TargetResult) -> str:
    if result.value is None or not result.target.measure.is_share:
        return "—"
    return format_percent(result.value)


def _names(result: PeriodResult, unit_ids: tuple[str, ...] | list[str]) -> str:
    names = []
    for unit_id in unit_ids:
        submission = result.submission(unit_id)
        if submission is None:
            names.append(unit_id)
        elif submission.state == "rejected":
            names.append(_("{unit} (file has errors)").format(unit=submission.unit.name))
        else:
            names.append(submission.unit.name)
    return ", ".join(names)


def chase_lines(result: PeriodResult) -> list[tuple[TargetResult, str]]:
    """For each target judged this period, the units to chase up: those on the wrong side of
    it and those without a usable assessment (units it does not apply to never are)."""
    lines = []
    for target in result.targets:
        if not target.judged:
            continue
        parts = []
        if target.not_meeting:
            parts.append(_wrong_side_label(target).format(
                units=_names(result, target.not_meeting)))
        if target.missing:
            label = (_("no usable assessment, so the target cannot be met until they report: "
                       "{units}") if target.reason == "missing_units"
                     else _("no usable assessment: {units}"))
            parts.append(label.format(units=_names(result, target.missing)))
        if parts:
            lines.append((target, "; ".join(parts)))
    return lines


def _wrong_side_label(target: TargetResult) -> str:
    """How the units on the wrong side of a target are named: units that do not reach it
    themselves, or units that keep a total from a floor or push it over a ceiling."""
    kind = target.target.measure.kind
    if kind in attain.UNIT_MEASURES:
        return _("not meeting: {units}")
    ceiling = target.target.is_ceiling
    if kind == "sum_of_indicator":
        return _("adding to the total: {units}") if ceiling else _("reported none: {units}")
    return (_("with activities counted: {units}") if ceiling
            else _("no activity counted: {units}"))


def value_text(plan: Plan, target: Target, value: Any) -> str:
    """What a unit reported for a unit-measure target (`attain.unit_value`), as shown."""
    if value is None:
        return _("no assessment")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, tuple):
        return "/".join(format_number(Fraction(v)) for v in value)
    if isinstance(value, (int, Fraction)):
        return format_number(value)
    spec = target.measure.spec
    indicator = plan.indicators.get(getattr(spec, "indicator", None) or "")
    choices = plan.choices_of(indicator) if indicator is not None else None
    if choices and value in choices:
        return str(choices[value])
    return str(value)


def unit_change_lines(comparison: Comparison, kind: str) -> list[tuple[str, str]]:
    """(unit name, "target (before → after); …") for the units that improved or fell back."""
    current = comparison.current
    by_unit: dict[str, list[UnitChange]] = {}
    for change in comparison.units:
        if change.change == kind:
            by_unit.setdefault(change.unit, []).append(change)
    lines = []
    for submission in current.units:
        changes = by_unit.get(submission.unit.id)
        if not changes:
            continue
        text = "; ".join(_change_text(comparison, c) for c in changes)
        lines.append((submission.unit.name, text))
    return lines


def _change_text(comparison: Comparison, change: UnitChange) -> str:
    before = value_text(comparison.previous.plan, change.target, change.before_value)
    after = value_text(comparison.current.plan, change.target, change.after_value)
    return f"{change.target.short} ({before} → {after})"


def _short_result(result: TargetResult | None, period: PeriodResult | None = None) -> str:
    if result is None:
        return "—"
    figures = [result_text(result)]
    rate = rate_text(result)
    if rate != "—":
        figures.append(rate)
    status = status_word(result.status)
    if result.reason == "missing_units" and period is not None:
        status = _("{status}: waiting for {units}").format(
            status=status, units=_names(period, result.missing))
    return "{figures} ({status})".format(figures=" ".join(figures), status=status)


def heading(result: PeriodResult) -> tuple[str, str]:
    plan = result.plan
    title = _("Target attainment: {period} (plan {symbol})").format(
        period=result.period.label, symbol=plan.document.symbol)
    details = _("Data window {start} – {end}").format(
        start=format_date_short(result.window[0]), end=format_date_short(result.window[1]))
    if result.period.submit_by is not None:
        details += "; " + _("units submit by {date}").format(
            date=format_date_short(result.period.submit_by))
    return title, details


def submission_summary(result: PeriodResult) -> str:
    return _("{submitted} of {units} unit(s) submitted, {late} late, {missing} without a "
             "usable assessment").format(
        submitted=len(result.submitted()), units=len(result.units),
        late=len(result.late()), missing=len(result.missing()))


def target_rows(result: PeriodResult) -> list[tuple[str, str, str, str, str, str]]:
    """(number, target, required, result, rate, status code) for each target."""
    return [(str(index), target.target.short, required_text(target), result_text(target),
             rate_text(target), target.status)
            for index, target in enumerate(result.targets, start=1)]


def unit_rows(result: PeriodResult) -> list[tuple[str, str, str]]:
    """(unit name, state code, date submitted) for each unit."""
    return [(u.unit.name, u.state,
             format_date_short(u.submitted) if u.submitted is not None else "—")
            for u in result.units]


def compare_rows(comparison: Comparison) -> list[tuple[str, str, str, str, str]]:
    """(number, target, before, after, trend code) for each target."""
    return [(str(index), change.target.short,
             _short_result(change.before, comparison.previous),
             _short_result(change.after, comparison.current), change.trend)
            for index, change in enumerate(comparison.targets, start=1)]


def left_out_line(item: LeftOut) -> str:
    if item.rename_to is not None:
        return _("{path}: not read because of its name; rename it to {name}").format(
            path=item.path, name=item.rename_to)
    return _("{path}: {errors} error(s), {warnings} warning(s)").format(
        path=item.path, errors=item.errors, warnings=item.warnings)


def model_lines(result: PeriodResult) -> list[str]:
    """The year's "Dân vận khéo" models at the period's end: the totals, then by field."""
    counts = counts_at(result.plan, result.period_id)
    if counts is None:
        return []
    lines = [_("“Dân vận khéo” models at {date}: {registered} registered, {effective} effective, "
               "{recognised} recognised this year; {new} new this year, {continued} "
               "continued").format(
        date=format_date_short(result.window[1]), registered=counts.registered,
        effective=counts.effective, recognised=counts.recognised_in_window, new=counts.new,
        continued=counts.continued)]
    kinds = "; ".join(_("{kind} {registered} registered, {effective} effective").format(
        kind=KIND_LABELS[kind], **found) for kind, found in counts.by_kind.items())
    lines.append("  " + kinds)
    for field, found in counts.by_field.items():
        if found["registered"]:
            lines.append("  " + _("{field}: {registered} registered, {effective} effective")
                         .format(field=FIELD_LABELS[field], **found))
    stopped = counts.by_stage.get("stopped", 0)
    if stopped:
        lines.append("  " + _("stopped: {count}").format(count=stopped))
    return lines


# ---------------------------------------------------------------- plain text
def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = []
    for row in (headers, *rows):
        cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append("  ".join(cells).rstrip())
    return lines


def render_text(outcome: StatusOutcome) -> str:
    result = outcome.result
    title, details = heading(result)
    lines = [title, details, ""]
    rows = [(*row[:5], status_word(row[5])) for row in target_rows(result)]
    lines += _table(("#", _("Target"), _("Required"), _("Result"), _("Rate"), _("Status")),
                    rows)
    lines += ["", submission_summary(result)]
    units = [(name, state_word(state), day) for name, state, day in unit_rows(result)]
    lines += _table((_("Unit"), _("Submission"), _("Submitted on")), units)
    models = model_lines(result)
    if models:
        lines += ["", *models]
    chase = chase_lines(result)
    if chase:
        lines += ["", _("To chase up:")]
        lines += [f"- {target.target.short}: {text}" for target, text in chase]
    if outcome.comparison is not None:
        lines += ["", *_compare_text(outcome.comparison)]
    lines += _left_out_text(outcome)
    return "\n".join(lines)


def _compare_text(comparison: Comparison) -> list[str]:
    previous = comparison.previous
    lines = [_("Change from {period}:").format(period=previous.period.label)]
    rows = [(*row[:4], trend_word(row[4])) for row in compare_rows(comparison)]
    lines += _table(("#", _("Target"), previous.period_id, comparison.current.period_id,
                     _("Trend")), rows)
    for kind, title in (("improved", _("Units that improved:")),
                        ("fell_back", _("Units that fell back:"))):
        changes = unit_change_lines(comparison, kind)
        if changes:
            lines += [title] + [f"- {name}: {text}" for name, text in changes]
    if not comparison.units:
        lines.append(_("No unit crossed a target's line."))
    return lines


def _left_out_text(outcome: StatusOutcome) -> list[str]:
    if not outcome.left_out:
        return []
    lines = ["", _("Left out (files with errors; run 'dvcq check' to see them):")]
    lines += [f"- {left_out_line(item)}" for item in outcome.left_out]
    return lines
