"""The year-end report's emulation outcome: how the year's "Dân vận khéo" movement was
reviewed and whom the office commended, from the activities of the units that steer the
plan (see `leadership`: their emulation activities other than the launch, which section I
reports as direction). The models recognised and the units' grades have their own sections
(`models_year`, `scores`): this one does not repeat them."""

from __future__ import annotations

from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.leadership import EMULATION, activity_text, steering
from dvcq_cli.report.year_end import Section, YearEndPart


def part(ctx: ReportContext) -> YearEndPart:
    done = steering(ctx).get(EMULATION, [])
    if not done:
        return YearEndPart()
    said = [activity_text(ctx, unit_id, activity) for unit_id, activity in done]
    text = "; ".join(said)
    return YearEndPart(sections=[Section(
        f"Kết quả phong trào thi đua “Dân vận khéo” năm {ctx.plan.year}",
        [text[:1].upper() + text[1:] + "."])])
