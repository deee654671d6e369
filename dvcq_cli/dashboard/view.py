"""The engine's facts arranged as the dashboard's pages (`page`): the site, each year's page
with its overview, targets by period and submissions, the banner, the index of years.

Pure: no files, no clock. Every figure is one `dvcq status` computed, formatted as `dvcq
status` formats it (`status_text.result_text`, `rate_text`, `format_percent`); every word
comes from the message catalog, so `--lang en` gives the English page. One period in detail
is `detail`; the templates only lay these strings out.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from markupsafe import Markup

from dvcq_cli.attain import TargetResult
from dvcq_cli.commands import status_command
from dvcq_cli.dashboard import charts
from dvcq_cli.dashboard.detail import DATA_FOLDER, build_period, period_anchor
from dvcq_cli.dashboard.facts import PeriodFacts, SiteFacts, YearFacts
from dvcq_cli.dashboard.page import (
    Attention,
    Banner,
    Figure,
    IndexPage,
    Mark,
    Overview,
    SiteView,
    TargetCell,
    TargetRow,
    YearLink,
    YearPage,
    YearSummary,
)
from dvcq_cli.dashboard.sections import sections_for
from dvcq_cli.dashboard.words import required_text, target_mark, words
from dvcq_cli.i18n import _, current_language
from dvcq_cli.model import Plan, Target
from dvcq_cli.vietnamese import format_date_short, format_number
from dvcq_cli.views import status_text

MAX_PROBLEMS_SHOWN = 20


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
    return status_command.render(period.outcome, "json") + "\n"


def plan_reference(plan: Plan) -> str:
    """`Kế hoạch số 294/KH-VP ngày 08/4/2024`; a document of another type by its number."""
    document = plan.document
    if document.type == "KH":
        text = _("Plan No. {symbol}").format(symbol=document.symbol)
    else:
        text = _("No. {symbol}").format(symbol=document.symbol)
    if document.date is not None:
        text = _("{reference} of {date}").format(reference=text,
                                                 date=format_date_short(document.date))
    return text


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
    periods = tuple(build_period(p, year.year) for p in year.periods)
    chosen = year.period(year.default_period)
    return YearPage(
        file=year_file(year.year), year=year.year, title=document.title,
        issuer=f"{document.parent} · {document.issuer}", subtitle=plan_reference(plan),
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
    chase = {t.target.id: text for t, text in status_text.chase_lines(result)}
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
    figures = [status_text.result_text(target)]
    rate = status_text.rate_text(target)
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
        result_shown = status_text.result_text(found)
        rate = status_text.rate_text(found)
        cells.append(TargetCell(label, result_shown, rate, mark))
        figure = rate if rate != "—" else _count(found)
        bars.append(charts.Bar(label, found.value, figure, f"{mark.symbol} {mark.word}",
                               found.status, f"{label}: {_bar_words(found, mark)}",
                               found.threshold))
        values += [found.value, found.threshold]
    required = required_text(target)
    title = f"{number}. {target.short}"
    scale = charts.scale_for(values, target.threshold, target.measure.is_share)
    # The plan's threshold, or a period's own where the plan sets one per period.
    threshold = next((t for t in [target.threshold, *(b.threshold for b in bars)]
                      if t is not None), None)
    chart_id = f"chart-target-{number}"
    threshold_label = _("required: {required}").format(required=required)
    description = "; ".join(
        [threshold_label] + [f"{c.period}: {_cell_words(c)}" for c in cells]) + "."
    chart = charts.bar_chart(chart_id, title, description, bars, threshold, threshold_label,
                             scale)
    return TargetRow(str(number), target.short, target.text, required, tuple(cells), chart,
                     title)


def _count(target: TargetResult) -> str:
    return format_number(target.value) if target.value is not None else "—"


def _bar_words(target: TargetResult, mark: Mark) -> str:
    figures = status_text.result_text(target)
    rate = status_text.rate_text(target)
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
