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
from dvcq_cli.vietnamese import format_number, sort_key


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


@dataclass(frozen=True)
class ScoringData:
    citation: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    grades: str
    ungraded: tuple[tuple[str, str], ...]
    differences: tuple[str, ...]
    ungraded_title: str = ""
    differences_title: str = ""


def scoring_section(year: YearFacts) -> Section | None:
    """The year's scores, as `dvcq score` shows them."""
    if year.scores is None or year.score_document is None:
        return None
    from dvcq_cli.dashboard.detail import script_json  # detail imports the page's parts
    from dvcq_cli.views import score_text

    result = year.scores.result
    if all(unit.self_score is None for unit in result.units):
        return None  # no unit has scored itself yet
    _title, cited = score_text.heading(result)
    data = ScoringData(
        citation=cited, headers=score_text.headers(),
        rows=tuple(score_text.unit_rows(result)), grades=score_text.grade_summary(result),
        ungraded=tuple((u.unit.name, score_text.ungraded_reason(u)) for u in result.ungraded()),
        differences=tuple(score_text.difference_lines(result)),
        ungraded_title=_("Units that cannot be graded:").rstrip(":"),
        differences_title=_("Criteria where self-score and appraisal differ most:").rstrip(":"))
    return Section("cham-diem", _("Scoring"), "scoring.html.j2", data,
                   (("du-lieu-cham-diem", script_json(year.score_document)),))


@dataclass(frozen=True)
class ModelsData:
    summary: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def models_section(year: YearFacts) -> Section | None:
    """The year's "Dân vận khéo" models as they stand at the latest period with data."""
    from dvcq_cli.dashboard.detail import script_json
    from dvcq_cli.dvk_models import FIELD_LABELS, KIND_LABELS, STAGE_LABELS
    from dvcq_cli.views.status_text import model_lines

    register = year.plan.models
    if register is None or not hasattr(register, "models"):
        return None
    period = year.period(year.default_period)
    result = period.outcome.result
    summary = tuple(line.strip() for line in model_lines(result))
    names = {unit.id: unit.name for unit in year.plan.units}
    day = result.window[1]
    rows = tuple(
        (model.name, names.get(model.unit, model.unit), FIELD_LABELS[model.field],
         KIND_LABELS[model.kind], STAGE_LABELS.get(model.stage_on(day) or "", "—"))
        for model in sorted(register.models, key=lambda m: (sort_key(names.get(m.unit, "")),
                                                            sort_key(m.name))))
    headers = (_("Model"), _("Unit"), _("Field"), _("Kind"), _("Stage"))
    documents = ((("du-lieu-mo-hinh", script_json(period.document["models"])),)
                 if period.document.get("models") else ())
    return Section("mo-hinh", _("“Dân vận khéo” models"), "models.html.j2",
                   ModelsData(summary, headers, rows), documents)


SECTIONS: tuple[Callable[[YearFacts], Section | None], ...] = (
    scoring_section, models_section, reports_section)


def sections_for(year: YearFacts) -> tuple[Section, ...]:
    return tuple(section for build in SECTIONS if (section := build(year)) is not None)
