"""Sections IV and V: the next tasks (at year end, the directions for next year), and the
proposals (see `proposals`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.evaluation import grouped, targets_held_back, targets_met, unmet
from dvcq_cli.report.proposals import proposals
from dvcq_cli.report.remarks import punctuated
from dvcq_cli.report.targets import result_text
from dvcq_cli.report.text import clean, lower_first, plan_text, rate_text, strip_end
from dvcq_cli.report.year_end import is_year_end

if TYPE_CHECKING:  # the engine is only needed for its types here
    from dvcq_cli.attain import TargetResult


def part(ctx: ReportContext) -> dict[str, Any]:
    return {"next_heading": next_heading(ctx), "next_tasks": next_tasks(ctx),
            "proposals": proposals(ctx)}


def next_heading(ctx: ReportContext) -> str:
    """`PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025` in the year-end report; else the coming period's."""
    if is_year_end(ctx):
        return f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {ctx.plan.year + 1}"
    return "NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"


def next_tasks(ctx: ReportContext) -> list[str]:
    lines = []
    own = offices_task(ctx)
    if own:
        lines.append(f"- {own}")
    lines += grouped(ctx, "next_tasks")
    return punctuated(lines) or [
        "Tiếp tục triển khai thực hiện các nội dung, nhiệm vụ của Kế hoạch."]


def offices_task(ctx: ReportContext) -> str | None:
    """What the figures ask of the office: the targets still to reach this year, or at year
    end those to carry into next year's plan."""
    if is_year_end(ctx):
        return carried_forward(ctx)
    if not unmet(ctx):
        return None
    return ("Tiếp tục chỉ đạo, đôn đốc các đơn vị phấn đấu đạt kế hoạch đối với "
            + "; ".join(f"{lower_first(ctx.target_name(tr))}: "
                        f"{lower_first(plan_text(tr.target, ctx.result.period_id))}"
                        for tr in unmet(ctx)))


def from_data(ctx: ReportContext) -> dict[str, list[str]]:
    """The items of sections III and IV that the draft makes from the figures (not from the
    units' sentences), each a sentence: what `dvcq new report` offers the drafter."""
    found = {"strengths": [targets_met(ctx)],
             "shortcomings": [text for text, _held in targets_held_back(ctx)],
             "next_tasks": [offices_task(ctx)]}
    return {name: [f"{text}." for text in texts if text] for name, texts in found.items()}


def carried_forward(ctx: ReportContext) -> str | None:
    """The year's plan is closed: what it did not reach becomes a direction for next year,
    with the figure reached, rather than a target to "strive for" in a year that is over."""
    missed = unmet(ctx)
    if not missed:
        return None
    year = ctx.plan.year
    return (f"Đưa các chỉ tiêu năm {year} chưa đạt vào Kế hoạch thực hiện công tác Dân vận "
            f"chính quyền năm {year + 1} và tập trung khắc phục: "
            + "; ".join(f"{lower_first(strip_end(clean(tr.target.short)))} (năm {year} đạt "
                        f"{reached(ctx, tr)}, kế hoạch "
                        f"{lower_first(plan_text(tr.target, ctx.result.period_id))})"
                        for tr in missed))


def reached(ctx: ReportContext, tr: TargetResult) -> str:
    if tr.target.measure.is_share and tr.value is not None:
        return rate_text(tr)
    return lower_first(result_text(ctx, tr))
