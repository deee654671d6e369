"""Sections IV and V: the next tasks and the proposals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dvcq_cli.model import OUTSIDE
from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.evaluation import gathered
from dvcq_cli.report.text import (
    bullets,
    join_names,
    lower_first,
    plan_text,
)

if TYPE_CHECKING:  # the engine is only needed for its types here
    pass


def part(ctx: ReportContext) -> dict[str, Any]:
    return {"next_tasks": next_tasks(ctx), "proposals": proposals(ctx)}


def next_tasks(ctx: ReportContext) -> list[str]:
    items = []
    unmet = [tr for tr in ctx.quantitative() if tr.status == "not_met"]
    if unmet:  # one task for every target not met, each with its own figure
        items.append("Tiếp tục chỉ đạo, đôn đốc các đơn vị phấn đấu đạt kế hoạch đối với "
                     + "; ".join(f"{lower_first(ctx.target_name(tr))}: "
                                 f"{lower_first(plan_text(tr.target, ctx.result.period_id))}"
                                 for tr in unmet))
    missing = ctx.units_in("missing", "rejected")
    if missing:
        items.append("Đôn đốc " + join_names(ctx.names[s.unit.id] for s in missing)
                     + " gửi báo cáo tự đánh giá theo quy định")
    items += gathered(ctx, "next_tasks")
    return bullets(items) or [
        "Tiếp tục triển khai thực hiện các nội dung, nhiệm vụ của Kế hoạch."]


def proposals(ctx: ReportContext) -> list[str]:
    """Only what the report's recipient, UBND tỉnh or other agencies can act on: a unit's
    request to the office's own leadership or to another of its units (or one that does
    not say whom it addresses) is the office's business, not the recipient's."""
    return (bullets(gathered(ctx, "proposals", lambda proposal: proposal.to in OUTSIDE))
            or ["Không có đề xuất, kiến nghị."])
