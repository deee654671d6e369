"""The periodic report's content: one period's results → ready-made Vietnamese text and rows.

Pure: no I/O, no clock. `build_context` turns a `PeriodResult` of the attainment engine into
the plain dict of strings, lists and small dicts that the Word template shows as it is; the
template holds the layout, this package the wording. One module per part of the report, each
reading the same `ReportContext`:

- `opening`: the opening paragraph and section I (leadership, who reported);
- `tasks`: section II by content area (tasks and points, examples, models);
- `targets`: the targets table and its notes;
- `evaluation`: section III (strengths, shortcomings, causes);
- `next_steps`: section IV (next tasks, at year end next year's directions);
- `proposals`: section V (the office's proposals, each to someone who can act on it);
- `closing`: the closing sentence, Nơi nhận and the signing block;
- `annex`: the annex of the units' self-assessments;
- `year_end`: what only the year-end report adds (see `year_end.PARTS`);
- `drafted`: the drafter's own text (`_bao-cao.yaml`) in place of a drafted section.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from dvcq_cli.report import (
    annex,
    closing,
    drafted,
    evaluation,
    next_steps,
    opening,
    targets,
    tasks,
    year_end,
)
from dvcq_cli.report.context import (
    MODEL_KIND,
    DocumentProperties,
    ReportContext,
    ReportOptions,
    earlier_periods,
)
from dvcq_cli.report.tasks import MAX_EXAMPLES, MAX_MODELS
from dvcq_cli.report.text import (
    NONE_SHOWN,
    clean,
    count_text,
    first_sentence,
    fraction_text,
    heading_text,
    indicator_text,
    lower_first,
    place_date_text,
    plan_text,
    rate_text,
    report_day_text,
    spell_out_first,
    year_ranges,
)

if TYPE_CHECKING:  # the engine is only needed for its types here
    from collections.abc import Mapping, Sequence

    from dvcq_cli.attain import PeriodResult
    from dvcq_cli.model import Assessment
    from dvcq_cli.synthesis import Synthesis

__all__ = [
    "MAX_EXAMPLES", "MAX_MODELS", "MODEL_KIND", "NONE_SHOWN", "TEMPLATE_NAME",
    "DocumentProperties", "ReportContext", "ReportOptions", "build_context", "clean",
    "count_text", "default_report_date", "document_properties", "earlier_periods",
    "first_sentence", "fraction_text", "heading_text", "indicator_text", "lower_first",
    "plan_text", "rate_text", "strengths_left_out",
]

TEMPLATE_NAME = "bao-cao-dan-van-chinh-quyen.docx"

# The parts of the report in the order the template shows them; each returns its own keys.
SECTIONS = (opening.part, tasks.part, targets.part, evaluation.part, next_steps.part,
            closing.part, annex.part, year_end.part)


def build_context(result: PeriodResult, options: ReportOptions,
                  synthesis: Synthesis | None = None,
                  earlier: Sequence[Mapping[str, Assessment]] = ()) -> dict[str, Any]:
    """Everything the template shows, as ready-made strings and rows; the drafter's
    `synthesis`, when the period has one, in place of the sections it gives. `earlier`: the
    units' self-assessments of the year's earlier reports (`context.earlier_periods`), so
    that what those said is not said again as it was."""
    ctx = ReportContext(result, options, earlier)
    ctx.shared["synthesis"] = synthesis  # what the drafter says, the sections take into account
    plan = result.plan
    document = plan.document
    context: dict[str, Any] = {
        "parent": clean(document.parent).upper(),
        "issuer": clean(document.issuer).upper(),
        "issuer_name": ctx.issuer_name,
        "report_code": clean(plan.report.code),
        "place_date": place_date_text(clean(document.place), options.report_date,
                                      options.day_filled),
        "date_short": report_day_text(options.report_date, options.day_filled),
        "year": str(plan.year),
        "period_label": ctx.label,
        "subject": ctx.subject,
        "recipient": clean(plan.report.recipient),
    }
    for section in SECTIONS:
        context.update(section(ctx))
    if synthesis is not None:
        drafted.apply(context, ctx, synthesis)
    _spell_out_abbreviations(context)
    return year_ranges(context)  # type: ignore[no-any-return]


def strengths_left_out(result: PeriodResult, options: ReportOptions,
                       earlier: Sequence[Mapping[str, Assessment]] = ()
                       ) -> list[evaluation.LeftOut]:
    """The clauses of the units' strengths `build_context` leaves out of section III, and
    why (`evaluation.why_left_out`)."""
    return evaluation.strengths_left_out(ReportContext(result, options, earlier))


def _spell_out_abbreviations(context: dict[str, Any]) -> None:
    """Each abbreviation written out at its first use in the body, in reading order."""
    seen: set[str] = set()
    [context["opening"]] = spell_out_first([context["opening"]], seen)
    context["leadership"] = spell_out_first(context["leadership"], seen)
    for area in context["areas"]:
        [area["heading"]] = spell_out_first([area["heading"]], seen)
        area["paragraphs"] = spell_out_first(area["paragraphs"], seen)
        for point in area["points"]:
            [point["heading"]] = spell_out_first([point["heading"]], seen)
            point["paragraphs"] = spell_out_first(point["paragraphs"], seen)
    for row in context["targets"]:  # the table's rows are read before its notes
        [row["name"]] = spell_out_first([row["name"]], seen)
    context["targets_notes"] = spell_out_first(context["targets_notes"], seen)
    for section in context["year_end_sections"]:  # after the targets, before part III
        section["paragraphs"] = spell_out_first(section["paragraphs"], seen)
    for key in ("strengths", "shortcomings", "causes", "next_tasks", "proposals"):
        context[key] = spell_out_first(context[key], seen)


def document_properties(result: PeriodResult, options: ReportOptions) -> DocumentProperties:
    plan = result.plan
    subject = f"{clean(plan.report.subject)} {clean(result.period.label)}"
    return DocumentProperties(
        title=f"Báo cáo {lower_first(subject)}",
        subject=subject,
        author=clean(plan.document.issuer_name),
        created=datetime(options.report_date.year, options.report_date.month,
                         options.report_date.day, tzinfo=timezone.utc),
    )


def default_report_date(result: PeriodResult, today: date) -> date:
    """The period's `report_by` when the plan sets it, else `today`."""
    return result.period.report_by or today
