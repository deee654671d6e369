"""The dashboard's page model: the engine's facts arranged as ready-made strings and rows.

Pure: no files, no clock. Every figure is one `dvcq status` computed, formatted as `dvcq
status` formats it (`status_command.result_text`, `rate_text`, `format_percent`); every word
comes from the message catalog, so `--lang en` gives the English page. The templates only lay
these strings out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from markupsafe import Markup

from dvcq_cli import attain
from dvcq_cli.attain import PeriodResult, TargetResult, UnitSubmission
from dvcq_cli.commands import status_command
from dvcq_cli.dashboard import charts
from dvcq_cli.dashboard.facts import PeriodFacts, SiteFacts, YearFacts
from dvcq_cli.dashboard.sections import Section, sections_for
from dvcq_cli.i18n import _, current_language
from dvcq_cli.model import Target
from dvcq_cli.vietnamese import format_date_short, format_number, format_percent

MAX_PROBLEMS_SHOWN = 20
SYMBOL = {"met": "✓", "not_met": "✗", "no_data": "–", "none": "–",
          "on_time": "✓", "late": "!", "missing": "✗", "rejected": "✗"}
DATA_FOLDER = "data"


# ---------------------------------------------------------------- the model
@dataclass(frozen=True)
class Mark:
    """A verdict or a state as shown: `code` picks the colour, and the symbol and the word
    say the same without it."""

    code: str
    word: str

    @property
    def symbol(self) -> str:
        return SYMBOL[self.code]


@dataclass(frozen=True)
class TargetCell:
    """One target in one period."""

    period: str
    result: str  # "12/15 đơn vị", "—" without data
    rate: str  # "80%", "—" for counts
    mark: Mark


@dataclass(frozen=True)
class TargetRow:
    number: str
    name: str
    text: str  # the plan's full wording
    required: str  # "trên 80%", "100%", "định tính"
    cells: tuple[TargetCell, ...]
    chart: Markup
    chart_title: str


@dataclass(frozen=True)
class UnitCell:
    mark: Mark
    value: str  # what the unit reported for it: "Khá", "có", "14/14", "3 hoạt động"
    hover: str


@dataclass(frozen=True)
class UnitRow:
    name: str
    cells: tuple[UnitCell, ...]
    absent: Mark | None  # no usable assessment: one cell across the targets says so


@dataclass(frozen=True)
class SubmissionRow:
    name: str
    mark: Mark
    day: str
    note: str


@dataclass(frozen=True)
class PeriodView:
    id: str
    anchor: str
    label: str
    has_data: bool
    window: str
    deadline: str
    summary: str
    no_data: str
    targets: tuple[tuple[str, str], ...]  # (number, short name): the matrix's columns
    units: tuple[UnitRow, ...]
    submissions: tuple[SubmissionRow, ...]
    left_out: tuple[str, ...]
    json_id: str
    json_text: Markup
    json_href: str


@dataclass(frozen=True)
class Figure:
    value: str
    label: str
    code: str


@dataclass(frozen=True)
class Attention:
    name: str
    figure: str
    mark: Mark
    holders: str


@dataclass(frozen=True)
class Overview:
    heading: str
    figures: tuple[Figure, ...]
    attention: tuple[Attention, ...]
    all_met: str
    missing: str


@dataclass(frozen=True)
class Banner:
    heading: str
    lines: tuple[str, ...]
    problems: tuple[str, ...]
    more: str


@dataclass(frozen=True)
class YearLink:
    href: str
    text: str
    current: bool


@dataclass(frozen=True)
class YearPage:
    file: str
    year: str
    title: str
    issuer: str
    subtitle: str
    years: tuple[YearLink, ...]
    banner: Banner | None
    overview: Overview | None
    targets: tuple[TargetRow, ...]
    period_labels: tuple[str, ...]
    submissions_chart: Markup
    submissions_table: tuple[tuple[str, ...], ...]
    periods: tuple[PeriodView, ...]
    chosen: str  # the anchor of the period shown first
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class YearSummary:
    href: str
    year: str
    title: str
    period: str
    targets: str
    units: str


@dataclass(frozen=True)
class IndexPage:
    file: str
    title: str
    years: tuple[YearSummary, ...]
    banner: Banner | None


@dataclass(frozen=True)
class SiteView:
    lang: str
    words: dict[str, str]
    pages: tuple[YearPage | IndexPage, ...]
    copies: dict[str, str]  # site path → the page it is a copy of (index.html of one year)
    data: dict[str, str]  # site path → `dvcq status --format json` output
    reports: dict[str, bytes]  # site path → a report file's bytes


# ---------------------------------------------------------------- words
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
        "on_time": _cap(status_command.state_word("submitted")),
        "late": _cap(status_command.state_word("late")),
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
        "met": _cap(status_command.status_word("met")),
        "not_met": _cap(status_command.status_word("not_met")),
        "no_data": _cap(status_command.status_word("no_data")),
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
    return Mark(status, _cap(status_command.status_word(status)))


def state_mark(state: str) -> Mark:
    code = "on_time" if state == "submitted" else state
    return Mark(code, _cap(status_command.state_word(state)))


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


# ---------------------------------------------------------------- site
def build_site(facts: SiteFacts) -> SiteView:
    banner = build_banner(facts)
    several = len(facts.years) > 1
    pages: list[YearPage | IndexPage] = []
    for year in facts.years:
        pages.append(build_year(year, facts.years if several else (), banner))
    copies = {}
    if several:
        pages.append(build_index(facts, banner))
    else:
        copies["index.html"] = pages[0].file
    data = {f"{DATA_FOLDER}/{y.year}-{p.period_id}.json": _status_json(p)
            for y in facts.years for p in y.periods}
    reports = {f"reports/{r.name}": r.data for y in facts.years for p in y.periods
               for r in p.reports}
    return SiteView(current_language(), words(), tuple(pages), copies, data, reports)


def _status_json(period: PeriodFacts) -> str:
    """Exactly what `dvcq status -p PERIOD -y YEAR --format json` prints at the workspace's
    root."""
    return status_command.render_json(period.outcome) + "\n"


def script_json(document: dict[str, Any]) -> Markup:
    """A JSON document to put inside `<script type="application/json">`: `<`, `>` and `&`
    written as \\u escapes, so no text in it can close the element; it parses to the same
    data."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def year_file(year: str) -> str:
    return f"{year}.html"


# ---------------------------------------------------------------- banner
def build_banner(facts: SiteFacts) -> Banner | None:
    errors = [p for p in facts.problems if p.is_error]
    if not errors:
        return None
    lines = list(_source_lines(facts, len(errors)))
    lines += [_("The plan {path} has errors, so its year is not shown.").format(path=path)
              for path in facts.broken_plans]
    shown = tuple(f"{p.location()}: {p.message} ({p.code})" for p in errors[:MAX_PROBLEMS_SHOWN])
    more = (_("… and {count} more; run 'dvcq check' to see them all.").format(
        count=len(errors) - MAX_PROBLEMS_SHOWN) if len(errors) > MAX_PROBLEMS_SHOWN else "")
    source = facts.source
    heading = (_("The latest data has errors: this page shows the last data that passed")
               if source is not None and source.shown is not None
               else _("The data has errors: files with errors are not counted"))
    return Banner(heading, tuple(lines), shown, more)


def _source_lines(facts: SiteFacts, errors: int) -> list[str]:
    source = facts.source
    if source is None:
        return [_("'dvcq check' finds {errors} error(s). The figures below leave out the files "
                  "with errors until they are fixed.").format(errors=errors)]
    if source.failing is None:
        return [source.reason + ".", _("The figures below leave out the files with errors "
                                       "until they are fixed.")]
    head = source.failing.head
    if source.failing.changed or head is None:
        failing = _("The data being edited (not committed yet) has {errors} error(s).").format(
            errors=errors)
    else:
        failing = _("The latest commit, {commit} of {date} (“{subject}”), has {errors} "
                    "error(s).").format(commit=head.short, date=format_date_short(head.day),
                                        subject=head.subject, errors=errors)
    shown = source.shown
    if shown is None:
        return [failing, _("No earlier commit passed 'dvcq check' either: the figures below "
                           "leave out the files with errors.")]
    return [failing, _("This page shows the data of commit {commit} of {date} (“{subject}”), "
                       "the latest that passed 'dvcq check'.").format(
        commit=shown.short, date=format_date_short(shown.day), subject=shown.subject)]


# ---------------------------------------------------------------- a year
def build_year(year: YearFacts, all_years: Sequence[YearFacts],
               banner: Banner | None) -> YearPage:
    plan = year.plan
    document = plan.document
    results = [p.outcome.result for p in year.periods]
    subtitle = (_("No. {symbol} of {date}").format(symbol=document.symbol,
                                                    date=format_date_short(document.date))
                if document.date is not None else _("No. {symbol}").format(
                    symbol=document.symbol))
    periods = tuple(build_period(p, year.year) for p in year.periods)
    chosen = year.period(year.default_period)
    return YearPage(
        file=year_file(year.year), year=year.year, title=document.title,
        issuer=f"{document.parent} · {document.issuer}", subtitle=subtitle,
        years=tuple(YearLink(year_file(y.year), y.year, y.year == year.year) for y in all_years),
        banner=banner,
        overview=build_overview(chosen) if chosen.has_data else None,
        targets=tuple(build_target_row(year, index, target)
                      for index, target in enumerate(plan.targets, start=1)),
        period_labels=tuple(r.period.label for r in results),
        submissions_chart=submissions_chart(year),
        submissions_table=submissions_table(year),
        periods=periods,
        chosen=period_anchor(year.default_period),
        sections=sections_for(year))


def period_anchor(period_id: str) -> str:
    return f"ky-{period_id}"


# ---------------------------------------------------------------- the overview
def build_overview(period: PeriodFacts) -> Overview:
    result = period.outcome.result
    summary = period.document["summary"]
    targets = len(result.targets)
    figures = (
        Figure(f"{summary['targets_met']}/{targets}", _("targets met"),
               "met" if summary["targets_met"] == targets else "not_met"),
        Figure(f"{summary['submitted']}/{summary['units']}", _("units sent their "
               "self-assessment"), "on_time" if not summary["missing"] else "missing"),
        Figure(str(summary["late"]), _("sent late"), "late" if summary["late"] else "on_time"),
        Figure(str(summary["missing"]), _("not sent, or the file has errors"),
               "missing" if summary["missing"] else "on_time"),
    )
    chase = {t.target.id: text for t, text in status_command.chase_lines(result)}
    attention = tuple(
        Attention(t.target.short, _figure_sentence(t), target_mark(t.status),
                  chase.get(t.target.id, ""))
        for t in result.targets if t.status != "met")
    missing = [u.unit.name for u in result.missing()]
    return Overview(
        _("At a glance: {period}").format(period=result.period.label), figures, attention,
        _("Every target is met.") if not attention else "",
        _("No usable self-assessment yet: {units}.").format(units=", ".join(missing))
        if missing else "")


def _figure_sentence(target: TargetResult) -> str:
    figures = [status_command.result_text(target)]
    rate = status_command.rate_text(target)
    if rate != "—":
        figures.insert(0, rate)
    shown = " · ".join(figures)
    return _("{figures}; required: {required}").format(figures=shown,
                                                       required=required_text(target.target))


# ---------------------------------------------------------------- targets by period
def build_target_row(year: YearFacts, number: int, target: Target) -> TargetRow:
    cells = []
    bars = []
    values: list[Fraction | None] = []
    for period in year.periods:
        result = period.outcome.result
        found = result.target(target.id)
        label = result.period.label
        if found is None or not period.has_data:
            cells.append(TargetCell(label, "—", "—", Mark("none", _("no data yet"))))
            bars.append(charts.Bar(label, None, "", f"– {_('no data yet')}", "none",
                                   f"{label}: {_('no data yet')}"))
            values.append(None)
            continue
        mark = target_mark(found.status)
        result_shown = status_command.result_text(found)
        rate = status_command.rate_text(found)
        cells.append(TargetCell(label, result_shown, rate, mark))
        figure = rate if rate != "—" else _count(found)
        bars.append(charts.Bar(label, found.value, figure, f"{mark.symbol} {mark.word}",
                               found.status, f"{label}: {_bar_words(found, mark)}"))
        values.append(found.value)
    required = required_text(target)
    title = f"{number}. {target.short}"
    scale = charts.scale_for(values, target.threshold, target.measure.is_share)
    chart_id = f"chart-target-{number}"
    threshold_label = _("required: {required}").format(required=required)
    description = "; ".join(
        [threshold_label] + [f"{c.period}: {_cell_words(c)}" for c in cells]) + "."
    chart = charts.bar_chart(chart_id, title, description, bars,
                             target.threshold if target.comparison is not None else None,
                             threshold_label, scale)
    return TargetRow(str(number), target.short, target.text, required, tuple(cells), chart,
                     title)


def _count(target: TargetResult) -> str:
    return format_number(target.value) if target.value is not None else "—"


def _bar_words(target: TargetResult, mark: Mark) -> str:
    figures = status_command.result_text(target)
    rate = status_command.rate_text(target)
    shown = f"{rate} ({figures})" if rate != "—" else figures
    return f"{shown}, {mark.word.lower()}"


def _cell_words(cell: TargetCell) -> str:
    if cell.mark.code == "none":
        return cell.mark.word
    shown = f"{cell.rate} ({cell.result})" if cell.rate != "—" else cell.result
    return f"{shown}, {cell.mark.word.lower()}"


# ---------------------------------------------------------------- submissions
def _counts(period: PeriodFacts) -> tuple[int, int, int, int]:
    summary = period.document["summary"]
    late = summary["late"]
    return summary["units"], summary["submitted"] - late, late, summary["missing"]


def submissions_table(year: YearFacts) -> tuple[tuple[str, ...], ...]:
    """(period, deadline, on time, late, not sent); a period without data has only the
    first two and a note."""
    rows = []
    for period in year.periods:
        result = period.outcome.result
        deadline = result.period.submit_by
        shown = (result.period.label,
                 format_date_short(deadline) if deadline is not None else "—")
        if not period.has_data:
            rows.append((*shown, _("no data yet")))
            continue
        units, on_time, late, missing = _counts(period)
        rows.append((*shown, str(on_time), str(late), str(missing)))
    return tuple(rows)


def submissions_chart(year: YearFacts) -> Markup:
    stacks = []
    words_ = words()
    for period in year.periods:
        label = period.outcome.result.period.label
        units, on_time, late, missing = _counts(period)
        if not period.has_data:
            stacks.append(charts.Stack(label, (), units, f"– {_('no data yet')}"))
            continue
        segments = tuple(
            charts.Segment(count, code, f"{label}: {word} {count}")
            for count, code, word in ((on_time, "on_time", words_["on_time"]),
                                      (late, "late", words_["late"]),
                                      (missing, "missing", words_["missing"])))
        stacks.append(charts.Stack(label, segments, units,
                                   _("{sent}/{units} sent").format(sent=on_time + late,
                                                                   units=units)))
    description = "; ".join(
        _("{period}: {on_time} on time, {late} late, {missing} not sent").format(
            period=row[0], on_time=row[2], late=row[3], missing=row[4]) if len(row) == 5
        else f"{row[0]}: {row[2]}" for row in submissions_table(year)) + "."
    return charts.stacked_chart("chart-submissions", words_["submissions"], description,
                                stacks)


# ---------------------------------------------------------------- one period in detail
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
    return status_command.value_text(result.plan, target, value)


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


# ---------------------------------------------------------------- the index of years
def build_index(facts: SiteFacts, banner: Banner | None) -> IndexPage:
    rows = []
    for year in reversed(facts.years):
        chosen = year.period(year.default_period)
        summary = chosen.document["summary"]
        rows.append(YearSummary(
            year_file(year.year), year.year, year.plan.document.title,
            chosen.outcome.result.period.label,
            f"{summary['targets_met']}/{len(chosen.outcome.result.targets)}",
            f"{summary['submitted']}/{summary['units']}"))
    return IndexPage("index.html", _("Dân vận chính quyền by year"), tuple(rows), banner)
