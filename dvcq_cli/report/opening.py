"""Opening and section I: the plan the report answers, leadership, and who reported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dvcq_cli.model import Reference
from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.leadership import paragraphs as leadership_paragraphs
from dvcq_cli.report.leadership import since_previous
from dvcq_cli.report.text import (
    DOCUMENT_TYPES,
    clean,
    count_text,
    fraction_text,
    join_names,
    lower_first,
    short_date,
    strip_end,
)

if TYPE_CHECKING:  # the engine is only needed for its types here
    pass

_UNIT_KINDS = (("phong", "phòng"), ("ban", "ban"), ("trung_tam", "trung tâm"),
               ("cong_thong_tin", "cổng thông tin"))


def part(ctx: ReportContext) -> dict[str, Any]:
    return {"opening": opening(ctx), "leadership": leadership(ctx)}


def reference_text(reference: Reference) -> str:
    """`Kế hoạch số 107/KH-UBND ngày 28/3/2024 của UBND tỉnh Đồng Nai`."""
    text = clean(reference.kind)
    if reference.symbol:
        text += f" số {clean(reference.symbol)}"
    if reference.date is not None:
        text += f" ngày {short_date(reference.date)}"
    if reference.issuer:
        text += f" của {clean(reference.issuer)}"
    return text


def opening(ctx: ReportContext) -> str:
    """The plan the report answers, and what the plan implements (its `basis`)."""
    title = lower_first(strip_end(clean(ctx.plan.document.title)))
    cited = ""
    if ctx.plan.basis:
        basis = ctx.plan.basis[0]
        cited = reference_text(basis)
        about = lower_first(strip_end(clean(basis.title or "")))
        if about and about.casefold() != title.casefold():  # one title is said once
            cited += f" về {about}"
        cited += " và "
    return (f"Thực hiện {cited}{ctx.plan_reference()} về {title}, {ctx.issuer_name} báo cáo "
            f"{lower_first(ctx.subject)}; số liệu tính từ ngày {short_date(ctx.start)} "
            f"đến ngày {short_date(ctx.end)}, cụ thể như sau:")


def units_phrase(ctx: ReportContext) -> str:
    kinds = {unit.kind for unit in ctx.plan.units}
    words = [word for kind, word in _UNIT_KINDS if kind in kinds]
    if not words or kinds - {kind for kind, _word in _UNIT_KINDS}:
        return "các đơn vị trực thuộc"
    return "các " + ", ".join(words)


def leadership(ctx: ReportContext) -> list[str]:
    document = ctx.plan.document
    kind = DOCUMENT_TYPES.get(document.type, "văn bản").lower()
    symbol = ctx.plan_reference().split(" của ")[0]
    since = since_previous(ctx)
    if since is not None and document.date is not None and document.date < since:
        # Issued before the previous report, which told it: one recap with what it said.
        return [*leadership_paragraphs(ctx, issued=symbol), submissions_sentence(ctx)]
    preparer = ctx.plan.unit(ctx.plan.report.prepared_by)
    first = (f"{ctx.issuer_name} ban hành {symbol} về "
             f"{lower_first(strip_end(clean(document.title)))}, triển khai đến "
             f"{units_phrase(ctx)} để tổ chức thực hiện")
    if preparer is not None:
        first += (f"; giao {clean(preparer.name)} theo dõi, đôn đốc, tổng hợp, tham mưu "
                  f"báo cáo kết quả thực hiện {kind} theo định kỳ")
    return [first + ".", *leadership_paragraphs(ctx), submissions_sentence(ctx)]


def submissions_sentence(ctx: ReportContext) -> str:
    preparer = ctx.plan.unit(ctx.plan.report.prepared_by)
    who = clean(preparer.name) if preparer is not None else ctx.issuer_name
    received = len(ctx.reporting)
    # With the day left blank the count is simply as it stands when the report is made.
    text = (f"Tính đến ngày {short_date(ctx.options.report_date)}, {who} "
            if ctx.options.day_filled else f"{who} ")
    if received:
        text += (f"đã nhận được báo cáo tự đánh giá kết quả thực hiện {ctx.label} của "
                 f"{fraction_text(received, ctx.units_total)} đơn vị")
    else:
        text += (f"chưa nhận được báo cáo tự đánh giá kết quả thực hiện {ctx.label} của "
                 "đơn vị nào")
    deadline = ctx.result.period.submit_by
    if deadline is not None:
        text += f" (hạn gửi ngày {short_date(deadline)})"
    late = ctx.units_in("late")
    if late:
        text += (f"; trong đó {count_text(len(late))} đơn vị gửi trễ hạn: "
                 f"{join_names(ctx.names[s.unit.id] for s in late)}")
    missing = ctx.units_in("missing", "rejected")
    if missing:
        text += (f"; còn {count_text(len(missing))} đơn vị chưa gửi báo cáo hoặc báo cáo "
                 f"chưa hợp lệ: {join_names(ctx.names[s.unit.id] for s in missing)}"
                 if ctx.units_in("rejected") else
                 f"; còn {count_text(len(missing))} đơn vị chưa gửi báo cáo: "
                 f"{join_names(ctx.names[s.unit.id] for s in missing)}")
        if ctx.reporting:
            # Its activities of earlier reports drop out of this one's year-to-date figures
            # (a year total below the 9-month one): the reader is told why, once, here.
            these = "đơn vị này" if len(missing) == 1 else "các đơn vị này"
            text += f" (số liệu tại báo cáo này chưa bao gồm {these})"
    return text + "."
