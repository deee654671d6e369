"""Section III, the general evaluation: strengths, shortcomings and their causes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.targets import result_text
from dvcq_cli.report.text import (
    NONE_SHOWN,
    bullets,
    clean,
    count_text,
    join_names,
    lower_first,
    plan_text,
    rate_text,
    strip_end,
)

if TYPE_CHECKING:  # the engine is only needed for its types here
    from dvcq_cli.attain import TargetResult


def part(ctx: ReportContext) -> dict[str, Any]:
    return {"strengths": strengths(ctx), "shortcomings": shortcomings(ctx),
            "causes": causes(ctx)}


def target_summary(ctx: ReportContext, tr: TargetResult) -> str:
    reached = rate_text(tr) if tr.target.measure.is_share else result_text(ctx, tr)
    if reached == NONE_SHOWN:
        reached = result_text(ctx, tr)
    if tr.reason == "missing_units":
        reached += " trên số đơn vị đã gửi báo cáo, còn đơn vị chưa gửi báo cáo"
    return (f"{clean(tr.target.short)} (đạt {reached}, kế hoạch "
            f"{lower_first(plan_text(tr.target, ctx.result.period_id))})")


def strengths(ctx: ReportContext) -> list[str]:
    items = []
    quantitative = ctx.quantitative()
    met = [tr for tr in quantitative if tr.status == "met"]
    if met:
        items.append(f"Trong {count_text(len(quantitative))} chỉ tiêu có định lượng, có "
                     f"{count_text(len(met))} chỉ tiêu đạt kế hoạch: "
                     + "; ".join(target_summary(ctx, tr) for tr in met))
    items += gathered(ctx, "strengths")
    return bullets(items) or ["Các đơn vị chưa nêu ưu điểm trong báo cáo tự đánh giá."]


def shortcomings(ctx: ReportContext) -> list[str]:
    items = []
    quantitative = ctx.quantitative()
    unmet = [tr for tr in quantitative if tr.status == "not_met"]
    if unmet:
        items.append(f"Trong {count_text(len(quantitative))} chỉ tiêu có định lượng, còn "
                     f"{count_text(len(unmet))} chỉ tiêu chưa đạt kế hoạch: "
                     + "; ".join(target_summary(ctx, tr) for tr in unmet))
    # Who has not reported, or reported late, is said once: in section I.
    items += gathered(ctx, "shortcomings")
    return bullets(items) or ["Không có hạn chế."]


def causes(ctx: ReportContext) -> list[str]:
    return (bullets(gathered(ctx, "causes"))
            or ["Các đơn vị chưa nêu nguyên nhân của hạn chế trong báo cáo tự đánh giá."])


def gathered(ctx: ReportContext, field: str,
             keep: Callable[[Any], bool] = lambda _item: True) -> list[str]:
    """The units' own sentences (those `keep` accepts), identical ones merged, each followed
    by its units. An item may be a text or a record with one (a proposal)."""
    found: dict[str, tuple[str, dict[str, None]]] = {}
    for submission in ctx.reporting:
        for item in getattr(submission.assessment, field):
            if not keep(item):
                continue
            shown = strip_end(clean(getattr(item, "text", item)))
            if not shown:
                continue
            key = " ".join(shown.casefold().split())
            entry = found.setdefault(key, (shown, {}))
            entry[1][ctx.names[submission.unit.id]] = None
    return [f"{shown} ({join_names(units)})" for shown, units in found.values()]
