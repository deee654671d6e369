"""Sections IV and V: the next tasks (at year end, the directions for next year), and the
proposals (see `proposals`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dvcq_cli.dvk_models import counts_at
from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.evaluation import (
    grouped,
    lower_named,
    met,
    targets_held_back,
    targets_met,
    unmet,
)
from dvcq_cli.report.models_year import records as model_records
from dvcq_cli.report.proposals import proposals
from dvcq_cli.report.remarks import OTHER, Said, collect, group_lines, punctuated, sentence
from dvcq_cli.report.targets import result_text
from dvcq_cli.report.text import (
    clean,
    count_text,
    join_names,
    lower_first,
    plan_text,
    rate_text,
    strip_end,
)
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
    """What the figures ask of the office and its own tasks (those of the unit preparing
    the report; at year end next year's plan, first); then the units' tasks by target and
    content. A target's tasks follow its figure, each target named once."""
    groups = collect(ctx, "next_tasks", current(ctx))
    tagged = set(groups) - {OTHER} != set()
    preparer = (ctx.plan.report.prepared_by,)
    office = [said for group in groups.values() for said in group if said.units == preparer]
    drop_said(groups, lambda item: item.units == preparer)
    own = [f"- {sentence(ctx, said)}" for said in office]
    if is_year_end(ctx):  # the models direction names who registers a model next year
        drop_said(groups, registering(ctx))
    if is_year_end(ctx):  # next year's plan first, then what it takes over from this year
        lines = own + [f"- {text}" for text in (carried_forward(ctx), models_direction(ctx))
                       if text]
        for tr in unmet(ctx):  # carried forward above; the units' tasks for it here
            said = groups.pop(("target", tr.target.id), [])
            if said:
                lines += group_lines(ctx.target_name(tr), said, ctx)
        lines += still_short(ctx, groups)
    else:  # the targets first, those still to reach then those units still fall short of
        lines = still_to_reach(ctx, groups) + still_short(ctx, groups) + own
    lines += grouped(ctx, "next_tasks", groups, tagged)
    return punctuated(lines) or [
        "Tiếp tục triển khai thực hiện các nội dung, nhiệm vụ của Kế hoạch."]


def still_short(ctx: ReportContext, groups: dict[tuple[str, str], list[Said]]) -> list[str]:
    """The units' tasks for the targets met that some units still fall short of, next to
    the targets still to reach (not after the office's own tasks, apart from them)."""
    lines = []
    for tr in met(ctx):
        said = groups.pop(("target", tr.target.id), [])
        if said:
            short = len(tr.not_meeting) + len(tr.missing)
            label = ctx.target_name(tr)
            if short and not tr.target.is_ceiling:
                label += f", còn {count_text(short)} đơn vị chưa đạt"
            lines += group_lines(label, said, ctx, listed=True)
    return lines


def still_to_reach(ctx: ReportContext, groups: dict[tuple[str, str], list[Said]]
                   ) -> list[str]:
    """`Tiếp tục chỉ đạo, đôn đốc các đơn vị phấn đấu đạt kế hoạch đối với …`: in one line,
    or, when units name tasks for these targets or a target's cause asks a remedy of its
    own (`remedy`), one target a line with them; targets with the same plan and the same
    remedy and no tasks share a line."""
    missed = unmet(ctx)
    said = {tr.target.id: groups.pop(("target", tr.target.id), []) for tr in missed}
    if not missed:
        return []
    if not any(said.values()) and not any(remedy(ctx, tr) for tr in missed):
        return [f"- {offices_task(ctx)}"]
    lines = ["- Tiếp tục chỉ đạo, đôn đốc các đơn vị phấn đấu đạt kế hoạch đối với:"]
    alike: list[tuple[list[TargetResult], str, list[str]]] = []
    for tr in missed:
        plan = lower_first(plan_text(tr.target, ctx.result.period_id))
        texts = [lower_named(ctx, sentence(ctx, item)) for item in said[tr.target.id]]
        texts = texts or [text for text in [remedy(ctx, tr)] if text]
        if alike and not said[tr.target.id] and not said[alike[-1][0][-1].target.id] \
                and (alike[-1][1], alike[-1][2]) == (plan, texts):
            alike[-1][0].append(tr)
        else:
            alike.append(([tr], plan, texts))
    for held, plan, texts in alike:
        names = [ctx.target_name(held[0])] + [lower_first(ctx.target_name(tr))
                                              for tr in held[1:]]
        head = (f"{', '.join(names[:-1])} và {names[-1]}" if len(names) > 1 else names[0]) \
            + f", kế hoạch {plan}"
        lines.append(f"+ {head}: {'; '.join(texts)}" if texts else f"+ {head}")
    return lines


def remedy(ctx: ReportContext, tr: TargetResult) -> str | None:
    """What a target not met asks when its units say nothing of it, from its cause: the
    units whose missing report alone holds it back send it (`đôn đốc 01 đơn vị chưa gửi báo
    cáo hoàn thành báo cáo tự đánh giá`); the units short of a share make it up (`Phòng …,
    Phòng … tập trung khắc phục`)."""
    shares = tr.target.measure.kind in ("share_of_units", "count_of_units", "ratio_of_sums")
    if tr.missing and not tr.not_meeting:  # counted, not named again: section I names it
        return (f"đôn đốc {count_text(len(tr.missing))} đơn vị chưa gửi báo cáo hoàn thành "
                "báo cáo tự đánh giá")
    if tr.not_meeting and shares and not tr.target.is_ceiling:
        return f"{join_names(ctx.name_list(tr.not_meeting))} tập trung khắc phục"
    return None


# A time of the year being closed ("quý IV/2024", "tháng 12 năm 2024", "6 tháng cuối năm
# 2024"): at year end, a unit's next task set then is this year's, not next year's.
CLOSING_YEAR_TIME = r"(quý\s+[IV]+|tháng\s+\d{{1,2}}|6 tháng (đầu|cuối))\s*(/|năm\s+){year}\b"


def current(ctx: ReportContext) -> Callable[[Any], bool]:
    """Which next tasks still lie ahead: at year end, not those dated in the year closing."""
    if not is_year_end(ctx):
        return lambda _item: True
    closing = re.compile(CLOSING_YEAR_TIME.format(year=ctx.plan.year), re.IGNORECASE)
    return lambda item: not closing.search(clean(getattr(item, "text", item)))


# A next task of registering or building a model ("Đăng ký mô hình “Dân vận khéo” …").
_REGISTERS = re.compile(r"\b(?:đăng ký|xây dựng)\b[^;.]*\bmô hình\b", re.IGNORECASE)


def units_without_model(ctx: ReportContext) -> list[str] | None:
    """At year end, the units with no model running at the period's end, in the report's
    order; None when the year keeps no model records."""
    records = model_records(ctx)
    counts = counts_at(ctx.plan, ctx.result.period_id)
    if records is None or counts is None or not counts.registered:
        return None
    running = {m.unit for m in records if m.stage_on(ctx.end) not in (None, "stopped")}
    return [s.unit.id for s in ctx.ordered_units() if s.unit.id not in running]


def registering(ctx: ReportContext) -> Callable[[Said], bool]:
    """A unit's next task that the models direction already gives it: registering a model,
    by a unit the direction names."""
    named = set(units_without_model(ctx) or ())
    return lambda said: bool(named) and set(said.units) <= named \
        and _REGISTERS.search(said.text) is not None


def drop_said(groups: dict[tuple[str, str], list[Said]], said_elsewhere: Callable[[Said], bool]
              ) -> None:
    """Leave out of the groups what is said elsewhere, and the groups left empty."""
    for group, said in list(groups.items()):
        groups[group] = [item for item in said if not said_elsewhere(item)]
        if not groups[group]:
            del groups[group]


def models_direction(ctx: ReportContext) -> str | None:
    """At year end, what the year's models ask of next year: keep those assessed effective
    (counted in the models section, not again here), and the units with no model running
    register one (their own task of registering one is this line: `registering`)."""
    without = units_without_model(ctx)
    counts = counts_at(ctx.plan, ctx.result.period_id)
    if without is None or counts is None:
        return None
    parts = []
    if counts.effective:
        # How many: section II's models section says it; here what to do with them.
        parts.append("Tiếp tục duy trì, nhân rộng các mô hình, điển hình “Dân vận khéo” được "
                     "đánh giá có hiệu quả")
    if without:
        parts.append(f"{count_text(len(without))} đơn vị chưa có mô hình "
                     f"({join_names(ctx.name_list(without))}) đăng ký mô hình “Dân vận khéo” "
                     f"trong năm {ctx.plan.year + 1}")
    if not parts:
        return None
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


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
             "next_tasks": [offices_task(ctx)]
             + ([models_direction(ctx)] if is_year_end(ctx) else [])}
    return {name: [f"{text}." for text in texts if text] for name, texts in found.items()}


def carried_forward(ctx: ReportContext) -> str | None:
    """The year's plan is closed: what it did not reach becomes a direction for next year,
    rather than a target to "strive for" in a year that is over. The targets by their
    number (the table and section III give their figures), and the remedy their cause asks:
    where the units that reported all met a target and only a missing report held it back
    (`held_back`), getting every report in, not the target's work again; where units fell
    short, those units making it up; else the target's own work."""
    missed = unmet(ctx)
    if not missed:
        return None
    year = ctx.plan.year
    absent = [tr for tr in missed if tr.missing and not tr.not_meeting]
    short = [tr for tr in missed if tr.not_meeting]
    other = [tr for tr in missed if tr not in absent and tr not in short]
    remedies = []
    if short:
        remedies.append(f"các đơn vị chưa đạt {numbers(ctx, short)} tập trung khắc phục")
    if other:
        remedies.append("tập trung thực hiện " + "; ".join(
            lower_first(strip_end(clean(tr.target.short))) for tr in other))
    if absent:
        remedies.append("đôn đốc các đơn vị gửi báo cáo tự đánh giá đầy đủ, đúng hạn để mọi "
                        "đơn vị được đánh giá")
    return (f"Đưa {numbers(ctx, missed)} năm {year} chưa đạt vào Kế hoạch thực hiện công tác "
            f"Dân vận chính quyền năm {year + 1}; " + "; ".join(remedies))


def numbers(ctx: ReportContext, held: list[TargetResult]) -> str:
    """`chỉ tiêu số 1`, `chỉ tiêu số 1 và số 3`, `chỉ tiêu số 1, số 3 và số 5`: the rows of
    the targets table."""
    found = [f"số {ctx.result.targets.index(tr) + 1}" for tr in held]
    listed = found[0] if len(found) == 1 else f"{', '.join(found[:-1])} và {found[-1]}"
    return f"chỉ tiêu {listed}"


def reached(ctx: ReportContext, tr: TargetResult) -> str:
    if tr.target.measure.is_share and tr.value is not None:
        return rate_text(tr)
    return lower_first(result_text(ctx, tr))
