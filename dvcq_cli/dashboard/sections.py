"""Parts of a year's page that exist only when the data has them.

Each builder takes the year's facts and returns a `Section`, or None when the data has
nothing for it: the page then has no heading, no placeholder, nothing. The page shows the
sections in the order of `SECTIONS`, after the periods, each drawn by its own template
(`templates/sections/<template>`), which reads `section.data`.

To add one (the criteria-set scoring, the "Dân vận khéo" models):
1. gather its facts once, from its engine, in `commands/dashboard_command.gather_year`, into
   a new field of `YearFacts` (None when the workspace has none);
2. write `def scoring_section(year: YearFacts) -> Section | None` here: None when the field
   is None, else ready-made strings and rows (figures formatted, names in Vietnamese order),
   plus the engine's JSON document in `documents`, as `detail.script_json(document)`, so the
   page carries the numbers;
3. add `templates/sections/scoring.html.j2` (headings start at h3 under the section's h2)
   and the builder to `SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from markupsafe import Markup

from dvcq_cli.dashboard.facts import YearFacts
from dvcq_cli.i18n import _
from dvcq_cli.vietnamese import format_number


@dataclass(frozen=True)
class Section:
    id: str  # the anchor, and the entry in the page's contents
    title: str  # its h2
    template: str  # under templates/sections/
    data: Any
    # JSON documents the section embeds for whoever wants its numbers: (element id, the
    # document made safe for a <script> element by `detail.script_json`)
    documents: tuple[tuple[str, Markup], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    note: str


@dataclass(frozen=True)
class PeriodReports:
    label: str
    links: tuple[Link, ...]


REPORTS_FOLDER = "reports"


def report_link(name: str, size: int) -> Link:
    kib = format_number(Fraction(max(size, 1), 1024), digits=0)
    return Link(f"{REPORTS_FOLDER}/{name}", name, _("{size} KB").format(size=kib))


def reports_section(year: YearFacts) -> Section | None:
    """The report files of each period that are in `reports/`, copied beside the page."""
    periods = tuple(
        PeriodReports(period.outcome.result.period.label,
                      tuple(report_link(r.name, len(r.data)) for r in period.reports))
        for period in year.periods if period.reports)
    if not periods:
        return None
    return Section("bao-cao", _("Reports"), "reports.html.j2", periods)


SECTIONS: tuple[Callable[[YearFacts], Section | None], ...] = (reports_section,)


def sections_for(year: YearFacts) -> tuple[Section, ...]:
    return tuple(section for build in SECTIONS if (section := build(year)) is not None)
