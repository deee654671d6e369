"""The closing sentence, the Nơi nhận list and the signing block."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.text import (
    clean,
    lower_first,
    strip_end,
)

if TYPE_CHECKING:  # the engine is only needed for its types here
    pass


def part(ctx: ReportContext) -> dict[str, Any]:
    signer_name = ctx.options.signer_name or ctx.plan.report.signer.name
    return {"closing": closing(ctx), "recipients": recipients(ctx),
            "signer_lines": signer_lines(ctx), "signer_name": clean(signer_name)}


def closing(ctx: ReportContext) -> str:
    recipient = clean(ctx.plan.report.recipient)
    return (f"Trên đây là báo cáo {lower_first(ctx.subject)} của {ctx.issuer_name}, "
            f"kính gửi {recipient} tổng hợp, theo dõi./.")


def recipients(ctx: ReportContext) -> list[str]:
    lines = []
    for recipient in ctx.plan.report.recipients:
        text = clean(recipient)
        text = text[2:] if text.startswith("- ") else text
        lines.append(f"- {strip_end(text)};")
    archive = strip_end(clean(ctx.plan.report.archive))
    lines.append(f"- Lưu: {archive}.")
    return lines


def signer_lines(ctx: ReportContext) -> list[str]:
    signer = ctx.plan.report.signer
    first = clean(signer.title).upper()
    if signer.mark:
        first = f"{clean(signer.mark).upper()} {first}"
    lines = [first]
    if signer.deputy_title:
        lines.append(clean(signer.deputy_title).upper())
    return lines
