"""The dashboard's page model: what a page shows, as ready-made strings, rows and charts.

Built by `view` (and `detail`, `words`) from the engine's facts; read by the templates, which
only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from dvcq_cli.dashboard.sections import Section

SYMBOL = {"met": "✓", "not_met": "✗", "no_data": "–", "none": "–", "not_due": "–",
          "on_time": "✓", "late": "!", "missing": "✗", "rejected": "✗"}


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
