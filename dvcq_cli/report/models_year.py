"""The year's "Dân vận khéo" models in the year-end report: how many were registered (new
and continued), assessed effective and recognised, by field, and which were recognised.

Counted from the year's records (`plans/<year>/models.yaml`), each model once, as they
stand at the period's end: the same figures as `dvcq status`.
"""

from __future__ import annotations

from datetime import date

from dvcq_cli.dvk_models import FIELD_LABELS, ModelRecord, counts_at
from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.text import bullets, clean, count_text
from dvcq_cli.report.year_end import Section, YearEndPart, is_year_end, section_place
from dvcq_cli.schema import INVALID
from dvcq_cli.vietnamese import sort_key

TITLE = "Mô hình, điển hình “Dân vận khéo”"


def records(ctx: ReportContext) -> list[ModelRecord] | None:
    register = ctx.plan.models
    return None if register is None or register is INVALID else list(register.models)


def part(ctx: ReportContext) -> YearEndPart:
    found = records(ctx)
    counts = counts_at(ctx.plan, ctx.result.period_id)
    if found is None or counts is None or not counts.registered:
        return YearEndPart()
    kinds = counts.by_kind
    opening = (
        f"Năm {ctx.plan.year}, các đơn vị có {count_text(counts.registered)} mô hình, điển "
        f"hình “Dân vận khéo” ({count_text(kinds['mo_hinh']['registered'])} mô hình, "
        f"{count_text(kinds['dien_hinh']['registered'])} điển hình), trong đó "
        f"{count_text(counts.new)} đăng ký mới trong năm, {count_text(counts.continued)} từ "
        f"các năm trước chuyển sang; {count_text(counts.effective)} mô hình, điển hình được đánh "
        f"giá có hiệu quả; {count_text(counts.recognised_in_window)} được công nhận trong năm")
    decisions = recognised_in(ctx, found)
    place = named_in_tasks(ctx, found)
    if place is not None and decisions:  # named there with their stage: not named again
        opening += by_decision(decisions, f"danh sách tại {place}")
    stopped = counts.by_stage.get("stopped", 0)
    if stopped:
        opening += f"; {count_text(stopped)} dừng thực hiện"
    paragraphs = [opening + ". Theo lĩnh vực:"]
    start = year_start(ctx)
    lines = []
    for field, figures in counts.by_field.items():
        if not figures["registered"]:
            continue
        of_field = [m for m in found if m.field == field and m.stage_on(ctx.end) is not None]
        new = sum(1 for m in of_field if m.registered >= start)
        recognised = sum(1 for m in of_field if m.recognised is not None
                         and start <= m.recognised.date <= ctx.end)
        fresh = f" ({count_text(new)} mới trong năm)" if new else ""
        line = (f"{FIELD_LABELS[field]}: {count_text(figures['registered'])} đăng ký{fresh}, "
                f"{count_text(figures['effective'])} có hiệu quả")
        if recognised:
            line += f", {count_text(recognised)} được công nhận trong năm"
        lines.append(line)
    paragraphs += bullets(lines)
    # One line per recognising decision, not the decision repeated after every model.
    for decision, names in decisions if place is None else []:
        paragraphs.append(f"Được công nhận trong năm tại {decision}:" if decision
                          else "Được công nhận trong năm:")
        paragraphs += bullets(names)
    return YearEndPart([Section(TITLE, paragraphs)])


def models_section(ctx: ReportContext) -> str | None:
    """Where the year-end report counts the year's models (`khoản 6 Mục II`), for the
    other sections to refer to rather than count them again; None in other reports."""
    return section_place(ctx, TITLE) if is_year_end(ctx) else None


def named_in_tasks(ctx: ReportContext, found: list[ModelRecord]) -> str | None:
    """Where section II names every model recognised in the year as `được công nhận`, and
    no other model so (one recognised in an earlier year would read as this year's): the
    place to refer to; else None, and this section names them."""
    from dvcq_cli.report.tasks import listed_models, models_place  # tasks imports this module

    start = year_start(ctx)
    this_year = {m.id for m in found if m.recognised is not None
                 and start <= m.recognised.date <= ctx.end}
    shown = {m.id for m in listed_models(ctx) if m.stage_on(ctx.end) == "recognised"}
    return models_place(ctx) if this_year and shown == this_year else None


def by_decision(decisions: list[tuple[str, list[str]]], where: str) -> str:
    """` tại Quyết định số … (danh sách tại …)` for one decision, ` (03 tại Quyết định
    số …, 02 tại …; danh sách tại …)` for several, ` (danh sách tại …)` when none is
    recorded: where section II lists the models recognised by name (it does not name the
    decision)."""
    named = [(decision, names) for decision, names in decisions if decision]
    if len(named) != len(decisions) or not named:
        return f" ({where})"
    if len(named) == 1:
        return f" tại {named[0][0]} ({where})"
    return " (" + ", ".join(f"{count_text(len(names))} tại {decision}"
                            for decision, names in named) + f"; {where})"


def year_start(ctx: ReportContext) -> date:
    """The first day of the year's reporting (the earliest period's window)."""
    return min((p.start for p in ctx.plan.periods.values() if p.start), default=ctx.start)


def recognised_in(ctx: ReportContext, found: list[ModelRecord]) -> list[tuple[str, list[str]]]:
    """The models recognised in the year, grouped by the decision that recognised them (in
    the order of its first model), each model with its unit."""
    start = year_start(ctx)
    chosen = [m for m in found if m.recognised is not None
              and start <= m.recognised.date <= ctx.end]
    chosen.sort(key=lambda m: (ctx.rank.get(m.unit, -1), sort_key(m.name)))
    groups: dict[str, list[str]] = {}
    for m in chosen:
        if m.recognised is not None:
            groups.setdefault(clean(m.recognised.decision), []).append(
                f"{_quoted(clean(m.name))} ({ctx.names.get(m.unit, m.unit)})")
    return list(groups.items())


def _quoted(name: str) -> str:
    return name if "“" in name else f"“{name}”"  # a name that quotes a title already
