"""Section III, the general evaluation: strengths, shortcomings and their causes.

Each part opens with what the figures say (the targets met, the targets not met and the
units that hold each one back), then the units' remarks grouped by the target or task they
concern (see `remarks`), the ungrouped ones last. Who has not reported, or reported late,
is said once, in section I: a target held back by a missing report points there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dvcq_cli.dvk_models import counts_at
from dvcq_cli.model import CAUSE_KINDS, DEFAULT_CAUSE_KIND
from dvcq_cli.report.context import MODEL_KIND, ReportContext
from dvcq_cli.report.models_year import models_section
from dvcq_cli.report.remarks import (
    OTHER,
    Said,
    clauses_of,
    collect,
    group_lines,
    ordered,
    plain_lines,
    punctuated,
    same_words,
    sentence,
    synthesised,
    task_label,
    voiced,
)
from dvcq_cli.report.targets import result_text
from dvcq_cli.report.text import (
    NONE_SHOWN,
    clean,
    count_text,
    join_names,
    lower_first,
    plan_text,
    rate_text,
    states_result,
)
from dvcq_cli.schema import INVALID
from dvcq_cli.tuples import NamedTuple

if TYPE_CHECKING:  # the engine is only needed for its types here
    from dvcq_cli.attain import TargetResult

# How each part calls the remarks nobody tied to a task or target.
_OTHERS = {"strengths": "Ưu điểm khác", "shortcomings": "Hạn chế khác",
           "causes": "Nguyên nhân khác", "next_tasks": "Nhiệm vụ khác"}


def part(ctx: ReportContext) -> dict[str, Any]:
    return {"strengths": strengths(ctx), "shortcomings": shortcomings(ctx),
            "causes": causes(ctx)}


def target_summary(ctx: ReportContext, tr: TargetResult) -> str:
    reached = rate_text(tr) if tr.target.measure.is_share else result_text(ctx, tr)
    if reached == NONE_SHOWN:
        reached = result_text(ctx, tr)
    if tr.reason == "missing_units":
        reached += (" trên số đơn vị đã gửi báo cáo, còn "
                    f"{count_text(len(tr.missing))} đơn vị chưa gửi báo cáo")
    return (f"{clean(tr.target.short)} (đạt {reached}, kế hoạch "
            f"{lower_first(plan_text(tr.target, ctx.result.period_id))})")


def met(ctx: ReportContext) -> list[TargetResult]:
    return [tr for tr in ctx.quantitative() if tr.status == "met"]


def targets_met(ctx: ReportContext) -> str | None:
    """`Trong 04 chỉ tiêu có định lượng, có 01 chỉ tiêu đạt kế hoạch: …`."""
    if not met(ctx):
        return None
    return (f"{targets_met_head(ctx)}: "
            + "; ".join(target_summary(ctx, tr) for tr in met(ctx)))


def targets_met_head(ctx: ReportContext) -> str:
    return (f"Trong {count_text(len(ctx.quantitative()))} chỉ tiêu có định lượng, có "
            f"{count_text(len(met(ctx)))} chỉ tiêu đạt kế hoạch")


def strengths(ctx: ReportContext) -> list[str]:
    """The targets met, each with what its units say of it; then the strengths by task,
    each task's opening with how many units did how many of its activities."""
    groups = remarks_of(ctx, "strengths")
    tagged = set(groups) - {OTHER} != set()
    reached = met(ctx)
    said = {tr.target.id: groups.pop(("target", tr.target.id), []) for tr in reached}
    if any(said.values()):
        # The strengths of a target hang on its figure, so that figure is said once.
        lines = [f"- {targets_met_head(ctx)}:"]
        for tr in reached:
            summary = target_summary(ctx, tr)
            texts = [sentence(ctx, item) for item in said[tr.target.id]]
            lines.append(f"+ {summary}: " + "; ".join(lower_named(ctx, text) for text in texts)
                         if texts else f"+ {summary}")
    else:
        lines = [f"- {targets_met(ctx)}"] if reached else []
    for ident in own_results(ctx):  # the office's own figure, whether or not units say more
        groups.setdefault(("task", ident), [])
    lines += grouped(ctx, "strengths", groups, tagged or bool(own_results(ctx)),
                     clause=content_result)
    return punctuated(lines) or ["Các đơn vị chưa nêu ưu điểm trong báo cáo tự đánh giá."]


def remarks_of(ctx: ReportContext, field: str, keep: Callable[[Any], bool] = lambda _i: True
               ) -> dict[tuple[str, str], list[Said]]:
    """The units' remarks of `field` by group, each point made by several units said once
    (see `remarks.synthesised`), and on a target only the remarks of units that fall short
    of it: a shortcoming or cause that units meeting the target share does not explain why
    the others do not (it is kept, with the remarks on nothing in particular)."""
    drop = not_a_strength(ctx) if field == "strengths" else None
    groups = {group: synthesised(said)
              for group, said in collect(ctx, field, keep, drop=drop).items()}
    if field == "strengths":
        return {group: chosen_strengths(said) if group != OTHER else said
                for group, said in groups.items()}
    # Only a share of units says which units fall short; a sum or a ceiling is nobody's own.
    short = {tr.target.id: set(tr.not_meeting) for tr in ctx.result.targets
             if tr.target.measure.kind in ("share_of_units", "count_of_units")}
    office = ctx.plan.report.prepared_by
    for (kind, ident), said in list(groups.items()):
        if kind != "target" or ident not in short:
            continue
        kept = [item for item in said
                if set(item.units) <= short[ident] or list(item.units) == [office]]
        moved = [item for item in said if item not in kept]
        if moved:
            groups[("target", ident)] = kept
            groups.setdefault(OTHER, []).extend(moved)
            if not kept:
                del groups[("target", ident)]
    return groups


# How many of the units' strengths one task or point shows under the office's opening, the
# results in figures aside (each is shown): the office's report picks, it does not list
# every unit's line of routine duty ("được duy trì thường xuyên").
MAX_STRENGTHS = 3
# The stages at which the models register vouches for a model's effect.
_PROVEN = ("effective", "recognised")
_QUOTED = re.compile(r"“([^”]+)”")


# Why a clause of a unit's strength is left out of the report (`why_left_out`).
TOLD_BEFORE = "told_before"
UNPROVEN_MODEL = "unproven_model"


class LeftOut(NamedTuple):
    """A clause of a unit's strength the report leaves out, and why (`TOLD_BEFORE`,
    `UNPROVEN_MODEL`)."""

    unit: str
    text: str
    why: str


def not_a_strength(ctx: ReportContext) -> Callable[[str, str], bool]:
    """Which clause of a unit's strength the office's report leaves out (`why_left_out`)."""
    why = why_left_out(ctx)
    return lambda unit, clause: why(unit, clause) is not None


def strengths_left_out(ctx: ReportContext) -> list[LeftOut]:
    """Every clause of the reporting units' strengths the report leaves out, in the units'
    order, for the command to tell the drafter (who may ask the unit for what is new)."""
    why = why_left_out(ctx)
    found = []
    for submission in ctx.reporting:
        for item in submission.assessment.strengths:  # type: ignore[union-attr]
            for clause in clauses_of(clean(getattr(item, "text", item))):
                reason = why(submission.unit.id, clause)
                if reason is not None:
                    found.append(LeftOut(submission.unit.id, clause, reason))
    return found


def why_left_out(ctx: ReportContext) -> Callable[[str, str], str | None]:
    """Why a clause of a unit's strength is left out of the office's report, or None:

    - `TOLD_BEFORE`: the unit already wrote it, word for word, in one of the year's earlier
      reports: that report told it; said again as it was, it tells the reader nothing the
      period added;
    - `UNPROVEN_MODEL`: it names a "Dân vận khéo" model the models register does not yet
      record as effective or recognised at the period's end: the report's own list of models
      says "đang triển khai" beside it, and a model is not a strength before it is proven."""
    before: dict[str, set[str]] = {}
    for report in ctx.earlier:
        for unit, assessment in report.items():
            before.setdefault(unit, set()).update(
                same_words(clause) for item in assessment.strengths
                for clause in clauses_of(clean(getattr(item, "text", item))))
    unproven = unproven_models(ctx)

    def why(unit: str, clause: str) -> str | None:
        if same_words(clause) in before.get(unit, ()):
            return TOLD_BEFORE
        if any(name in unproven for name in _QUOTED.findall(clause)):
            return UNPROVEN_MODEL
        return None

    return why


def unproven_models(ctx: ReportContext) -> set[str]:
    """The names (and the titles quoted inside them) of the registered models not effective
    or recognised at the period's end."""
    register = ctx.plan.models
    if register is None or register is INVALID:
        return set()
    names = set()
    for model in register.models:
        stage = model.stage_on(ctx.end)
        if stage is not None and stage not in _PROVEN:
            name = clean(model.name)
            names.update([name, *_QUOTED.findall(name)])
    return names


def chosen_strengths(said: list[Said]) -> list[Said]:
    """A task's strengths as the office picks them, in the order met: every one that states
    a result in figures (what a strength of the report must carry: a result, not a duty
    done), then, up to `MAX_STRENGTHS` lines in all, those that do not, the ones more units
    share first."""
    results = [i for i, item in enumerate(said) if states_result(item.text)]
    others = sorted((i for i in range(len(said)) if i not in results),
                    key=lambda i: (-len(said[i].units), i))
    kept = results + others[:max(0, MAX_STRENGTHS - len(results))]
    return [said[i] for i in sorted(kept)]


def lower_named(ctx: ReportContext, text: str) -> str:
    """A sentence going on after a colon: lower-cased unless it starts with a name."""
    return text if any(text.startswith(name) for name in ctx.names.values()) \
        else lower_first(text)


def own_results(ctx: ReportContext) -> list[str]:
    """The points (and tasks without points) whose strengths the office opens with a figure
    of its own (`content_result`), in plan order."""
    items = [item.id for task in ctx.plan.tasks for item in (task.points or [task])]
    return [ident for ident in items
            if any(a.task == ident for _u, a in ctx.activities_of(ident))
            and content_result(ctx, ident) is not None]


def content_result(ctx: ReportContext, task_id: str) -> str | None:
    """What the content's work adds up to beyond the units' own remarks, when the data says
    it: for the content of the "Dân vận khéo" models, the models recognised (or assessed
    effective) so far this year, from the models register (the figures of `dvcq status`).
    Section II's count of units and activities is not said again."""
    done = ctx.activities_of(task_id)
    if not ctx.has_models or not any(a.kind == MODEL_KIND for _unit, a in done):
        return None
    counts = counts_at(ctx.plan, ctx.result.period_id)
    if counts is None or not counts.registered:
        return None
    place = models_section(ctx)
    if place is not None and counts.effective > 1:
        # The year's models section counts them: here what they amount to, and where.
        recognised = ", được công nhận" if counts.recognised_in_window else ""
        return (f"nhiều mô hình, điển hình “Dân vận khéo” của các đơn vị được đánh giá có "
                f"hiệu quả{recognised} (chi tiết tại {place})")
    # How many are registered: section II's list of the models says it, not again here.
    said = []
    if counts.effective:
        said.append(f"{count_text(counts.effective)} được đánh giá có hiệu quả")
    if counts.recognised_in_window:
        said.append(f"{count_text(counts.recognised_in_window)} được công nhận trong năm")
    if not said:
        return None
    number, rest = said[0].split(" ", 1)
    return ", ".join([f"{number} mô hình, điển hình “Dân vận khéo” {rest}", *said[1:]])


def unmet(ctx: ReportContext) -> list[TargetResult]:
    return [tr for tr in ctx.quantitative() if tr.status == "not_met"]


def shortcomings(ctx: ReportContext) -> list[str]:
    """Every target not met with who holds it back and what its units say of it, then the
    other shortcomings by task."""
    groups = remarks_of(ctx, "shortcomings")
    tagged = set(groups) - {OTHER} != set()
    # The targets in the table's order, whether not met or met with units short of them.
    blocks: list[tuple[int, list[str]]] = []
    for text, held in targets_held_back(ctx):
        said = [item for tr in held for item in groups.pop(("target", tr.target.id), [])]
        block = [f"- {text}:", *[f"+ {sentence(ctx, item)}" for item in said]] if said \
            else [f"- {text}"]
        blocks.append((ctx.result.targets.index(held[0]), block))
    # A target met that some units still fall short of: met, then who, then what they say.
    for tr in met(ctx):
        said = groups.pop(("target", tr.target.id), [])
        if said:
            blocks.append((ctx.result.targets.index(tr), group_lines(
                f"{ctx.target_name(tr)} {met_but(ctx, tr)}", said, ctx, listed=True)))
    lines = [line for _at, block in sorted(blocks, key=lambda found: found[0])
             for line in block]
    lines += grouped(ctx, "shortcomings", groups, tagged)
    return punctuated(lines) or ["Không có hạn chế."]


def met_but(ctx: ReportContext, tr: TargetResult) -> str:
    """`tuy đạt kế hoạch nhưng còn 02 đơn vị chưa đạt (Phòng Thư ký – Biên tập và 01 đơn vị
    chưa gửi báo cáo)`: a target met is not a shortcoming; the units short of it are. Its
    figure is the table's and the strengths' (`targets_met`): not said a third time."""
    if not tr.not_meeting or tr.target.is_ceiling:
        return "đạt kế hoạch"
    return f"tuy đạt kế hoạch nhưng {units_short(ctx, tr)}"


def units_short(ctx: ReportContext, tr: TargetResult) -> str:
    """`còn 02 đơn vị chưa đạt (Phòng Thư ký – Biên tập và 01 đơn vị chưa gửi báo cáo)`: how
    many units are short of a share, named, the units not reported only counted (section I
    names them)."""
    names = ctx.name_list(tr.not_meeting)
    if tr.missing:
        names.append(f"{count_text(len(tr.missing))} đơn vị chưa gửi báo cáo")
    who = names[0] if len(names) == 1 else f"{join_names(names[:-1])} và {names[-1]}"
    short = len(tr.not_meeting) + len(tr.missing)
    return f"còn {count_text(short)} đơn vị chưa đạt ({who})"


def targets_held_back(ctx: ReportContext) -> list[tuple[str, list[TargetResult]]]:
    """`Chỉ tiêu số 5 (…) đạt 80%, chưa đạt kế hoạch (…); đơn vị chưa đạt: …` for every
    target not met; targets held back alike (same figures, same units) share one line."""
    alike: dict[str, list[TargetResult]] = {}
    for tr in unmet(ctx):
        alike.setdefault(held_back(ctx, tr), []).append(tr)
    found = []
    for why, held in alike.items():
        names = [ctx.target_name(held[0])] + [lower_first(ctx.target_name(tr))
                                              for tr in held[1:]]
        head = f"{', '.join(names[:-1])} và {names[-1]}" if len(names) > 1 else names[0]
        found.append((f"{head} {why}", held))
    return found


def held_back(ctx: ReportContext, tr: TargetResult) -> str:
    """`đạt 80%, chưa đạt kế hoạch (trên 80%); đơn vị chưa đạt: Phòng Kinh tế, …`: the
    figure, then the units on the wrong side of the target (from the engine's results). A
    unit that has not reported is not named again: section I names it."""
    reached = rate_text(tr) if tr.target.measure.is_share else result_text(ctx, tr)
    if reached == NONE_SHOWN:
        reached = result_text(ctx, tr)
    said = "đạt" if tr.target.measure.is_share else "kết quả"  # "đạt 80%", "kết quả 01"
    text = (f"{said} {reached}, chưa đạt kế hoạch "
            f"({lower_first(plan_text(tr.target, ctx.result.period_id, ctx.plan))})")
    # The table's note says once that a unit not reported counts as not meeting a share;
    # here only how many there are, so the sentence is whole without naming them again.
    missing = f"{count_text(len(tr.missing))} đơn vị chưa gửi báo cáo"
    if tr.reason == "missing_units":
        return (text + ": số liệu của các đơn vị đã gửi báo cáo đạt kế hoạch, nhưng còn "
                f"{missing} nên chưa đánh giá là đạt")
    shares = tr.target.measure.kind in ("share_of_units", "count_of_units", "ratio_of_sums")
    # A share is held back by the units that fall short, a ceiling by those that add to the
    # total; a sum to reach is nobody's in particular.
    if tr.not_meeting and shares:
        text += f"; {units_short(ctx, tr)}"
    elif tr.not_meeting and tr.target.is_ceiling:
        text += f"; phát sinh tại: {join_names(ctx.name_list(tr.not_meeting))}"
        if tr.missing:
            text += ", cùng " + missing
    elif tr.missing:
        text += "; các đơn vị đã gửi báo cáo đều đạt, chỉ tiêu chưa đạt do còn " + missing
    return text


def cause_kind(item: Any) -> str:
    return getattr(item, "kind", None) or DEFAULT_CAUSE_KIND


def causes(ctx: ReportContext) -> list[str]:
    """The causes as an office writes them: `* Nguyên nhân khách quan:` then `* Nguyên nhân
    chủ quan:` (a kind no cause is of has no heading), each kind's causes by the target
    they explain, then by task."""
    kinds = [kind for kind in CAUSE_KINDS
             if any(cause_kind(item) == kind for submission in ctx.reporting
                    for item in submission.assessment.causes)]
    lines: list[str] = []
    named: set[str] = set()
    for kind in kinds:
        said = causes_of(ctx, kind, named)
        if said:
            lines += [f"* {CAUSE_KINDS[kind]}:", *said]
    return punctuated(lines) or [
        "Các đơn vị chưa nêu nguyên nhân của hạn chế trong báo cáo tự đánh giá."]


def causes_of(ctx: ReportContext, kind: str, named: set[str]) -> list[str]:
    """The causes of one kind by the target not met they explain, then by task (lines not
    yet punctuated: the kinds make one list). `named`: the targets an earlier kind's lines
    have already named in full."""
    groups = remarks_of(ctx, "causes", keep=lambda item: cause_kind(item) == kind)
    tagged = set(groups) - {OTHER} != set()
    lines = []
    for tr in unmet(ctx):
        said = groups.pop(("target", tr.target.id), [])
        if said:
            lines += group_lines(f"{cause_target(ctx, tr, named)} chưa đạt do", said, ctx)
    for tr in met(ctx):  # met, but its causes explain the units still short of it
        said = groups.pop(("target", tr.target.id), [])
        if said:
            lines += met_causes(ctx, tr, said, cause_target(ctx, tr, named))
    # Under its kind's heading, a cause tied to nothing needs no label of its own.
    others = groups.pop(OTHER, []) if tagged else []
    return lines + grouped(ctx, "causes", groups, tagged) + plain_lines(others, ctx)


def cause_target(ctx: ReportContext, tr: TargetResult, named: set[str]) -> str:
    """The target as a cause line names it: `Chỉ tiêu số 5 (Thực hiện tốt quy chế dân chủ ở
    cơ sở)` the first time, `Chỉ tiêu số 5` when the khách quan causes have named it already,
    so that the chủ quan half does not spell out the same name again."""
    if tr.target.id in named:
        return ctx.target_number(tr)
    named.add(tr.target.id)
    return ctx.target_name(tr)


def met_causes(ctx: ReportContext, tr: TargetResult, said: list[Said],
               name: str | None = None) -> list[str]:
    """`Phòng Thư ký – Biên tập chưa đạt chỉ tiêu số 4 (…) do: ít công chức, …`: the causes
    of the units still short of a target met, said of those units (not of "đơn vị" without
    a number). That the target is met is the table's and the shortcomings' to say. `name`:
    the target as the line names it (`cause_target`), by default in full."""
    target = lower_first(name or ctx.target_name(tr))
    units = list(dict.fromkeys(unit for item in said for unit in item.units))
    if len(units) == 1 and units[0] in ctx.names:
        name = ctx.names[units[0]]
        texts = [own_words(voiced(ctx, item.text, units)[0], name) for item in said]
        return [f"- {name} chưa đạt {target} do: "
                + "; ".join(lower_named(ctx, text) for text in texts)]
    return group_lines(f"{count_text(len(units))} đơn vị chưa đạt {target} do", said, ctx)


def own_words(text: str, name: str) -> str:
    """A cause said after its unit's name (`… chưa đạt do: ít công chức`): the name it opens
    with left out, the name inside it "đơn vị", lest the line say the name twice."""
    if text.startswith(name + " "):
        text = text[len(name) + 1:]
    return text.replace(name, "đơn vị")


def grouped(ctx: ReportContext, field: str,
            groups: dict[tuple[str, str], list[Said]] | None = None,
            tagged: bool | None = None,
            clause: Callable[[ReportContext, str], str | None] | None = None) -> list[str]:
    """The remarks of `field` by target and task, the ungrouped last; when no remark names
    a task or target (`tagged` False), they are listed plainly, as the units wrote them.
    `clause`, given a task's id, says what the figures say of it before the remarks."""
    if groups is None:
        groups = remarks_of(ctx, field)
    if tagged is None:
        tagged = set(groups) - {OTHER} != set()
    if not tagged:
        return plain_lines(groups.get(OTHER, []), ctx)
    targets = {tr.target.id: tr for tr in ctx.result.targets}
    lines = []
    for (kind, ident), said in ordered(ctx, groups):
        if (kind, ident) == OTHER:
            label = _OTHERS.get(field, "Khác")
        elif kind == "target" and ident in targets:
            label = ctx.target_name(targets[ident])
        else:
            label = task_label(ctx, ident)
            opening = clause(ctx, ident) if clause else None
            if opening:  # the figure first, then what the units say of it
                found = group_lines(label, said, ctx, listed=True)
                if len(found) == 1:
                    lines.append(f"{found[0]} {opening}")
                elif len(found) == 2:
                    lines.append(f"{found[0]} {opening}; {lower_named(ctx, found[1][2:])}")
                else:
                    lines += [found[0], f"+ {opening[:1].upper()}{opening[1:]}", *found[1:]]
                continue
        lines += group_lines(label, said, ctx)
    return lines
