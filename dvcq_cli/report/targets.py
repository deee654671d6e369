"""The targets table and its notes: plan figure, result, rate and verdict per target."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dvcq_cli.model import DEFAULT_COUNTS
from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.leadership import briefing_rule, reached_people
from dvcq_cli.report.text import (
    NONE_SHOWN,
    clean,
    count_text,
    fraction_text,
    join_names,
    lower_first,
    plan_text,
    rate_text,
    strip_end,
)
from dvcq_cli.report.year_end import units_annex_name

if TYPE_CHECKING:  # the engine is only needed for its types here
    from dvcq_cli.attain import TargetResult

_VERDICTS = {"met": "Đạt", "not_met": "Chưa đạt", "no_data": "Chưa có số liệu"}


def part(ctx: ReportContext) -> dict[str, Any]:
    return {
        "targets_heading": targets_heading(ctx),
        # Nghị định 30/2020: a text with an annex refers to it in its body.
        "targets_intro": ["Kết quả thực hiện các chỉ tiêu trọng tâm của "
                          f"{ctx.plan_reference()} như sau (kết quả tự đánh giá của từng "
                          f"đơn vị chi tiết tại {units_annex_name(ctx)} kèm theo):"],
        "targets": target_rows(ctx),
        "targets_notes": targets_notes(ctx),
    }


def targets_heading(ctx: ReportContext) -> str:
    number = len(ctx.plan.tasks) + 1
    return f"{number}. Kết quả thực hiện các chỉ tiêu trọng tâm"


def target_rows(ctx: ReportContext) -> list[dict[str, str]]:
    return [{"number": str(index), "name": clean(tr.target.short),
             "plan": figure(plan_text(tr.target, ctx.result.period_id, ctx.plan)),
             "result": figure(result_text(ctx, tr)), "rate": figure(rate_text(tr)),
             "verdict": verdict(ctx, tr)}
            for index, tr in enumerate(ctx.result.targets, start=1)]


# The most characters a figure's phrase may have to be kept on one line of the table's
# figure columns (3,2 cm at 12 pt in the default template).
FIGURE_CHARS = 14
NBSP = "\u00a0"


def figure(text: str) -> str:
    """A figure of the table with the words of each short phrase held together by
    non-breaking spaces: `Từ 80% trở lên` on one line, `37 hoạt động` / `của 14 đơn vị`
    on two, never `của 14 đơn` / `vị`. A longer phrase may still wrap between words."""
    return " ".join(phrase.replace(" ", NBSP) if len(phrase) <= FIGURE_CHARS else phrase
                    for phrase in _PHRASE.split(text))


_PHRASE = re.compile(r" (?=của )")


def result_text(ctx: ReportContext, tr: TargetResult) -> str:
    kind = tr.target.measure.kind
    if kind == "qualitative":
        units = len({u for u, _a in tr.evidence})
        return (f"{count_text(len(tr.evidence))} hoạt động của {count_text(units)} đơn vị"
                if tr.evidence else "Chưa có hoạt động")
    if tr.value is None and tr.numerator is None:
        return "Chưa có số liệu"
    if kind == "share_of_units" and tr.numerator is not None and tr.denominator:
        return f"{fraction_text(tr.numerator, tr.denominator)} đơn vị"
    if kind == "ratio_of_sums" and tr.numerator is not None and tr.denominator:
        return ctx.amount(tr.target.measure.spec.numerator, tr.numerator) + "/" + \
            ctx.amount(tr.target.measure.spec.denominator, tr.denominator)
    value = tr.value if tr.value is not None else tr.numerator
    assert value is not None
    if kind == "sum_of_indicator":
        return ctx.amount(tr.target.measure.spec.indicator, value)
    if kind == "count_of_activities" and tr.target.measure.spec.once_per_item:
        return f"{count_text(value)} {item_noun(ctx, tr.target.measure.spec.kinds)}"
    if kind == "sum_of_activities":  # the one thing its kinds count (the plan checks it)
        kinds = tr.target.measure.spec.kinds or list(ctx.plan.activity_kinds)
        counted = next((ctx.plan.counts_of(k) for k in kinds if ctx.plan.counts_of(k)),
                       DEFAULT_COUNTS)
        return f"{count_text(value)} {counted}"
    unit = {"count_of_units": " đơn vị", "count_of_activities": " hoạt động"}.get(kind, "")
    return f"{count_text(value)}{unit}"


def item_noun(ctx: ReportContext, kinds: list[str]) -> str:
    """What items counted once are: the kind's label (`mô hình “Dân vận khéo”`) when
    the target counts one kind, else `việc`."""
    if len(kinds) == 1 and kinds[0] in ctx.plan.activity_kinds:
        return lower_first(strip_end(clean(ctx.plan.kind_label(kinds[0]))))
    return "việc"


def verdict(ctx: ReportContext, tr: TargetResult) -> str:
    if tr.target.measure.kind == "qualitative" and not tr.evidence:
        return "Chưa có hoạt động"
    if tr.status == "not_due":
        return "Chưa đến kỳ đánh giá"
    return _VERDICTS.get(tr.status, NONE_SHOWN)


def targets_notes(ctx: ReportContext) -> list[str]:
    notes = []
    judged = [tr for tr in ctx.result.targets if tr.target.measure.kind != "qualitative"]
    bases = {tr.denominator_basis for tr in judged
             if tr.target.measure.kind == "share_of_units" and tr.target.applies_to is None}
    missing = ctx.units_in("missing", "rejected")
    if "all_units" in bases:
        text = f"Tỷ lệ đơn vị được tính trên tổng số {count_text(ctx.units_total)} đơn vị"
        if missing:
            text += "; đơn vị chưa gửi báo cáo được tính là chưa đạt"
        notes.append(text + ".")
    for tr in judged:
        if tr.denominator_basis == "submitted_units":
            notes.append(f"{ctx.target_name(tr)} được tính trên số đơn vị đã gửi báo cáo "
                         f"({count_text(len(ctx.reporting))} đơn vị).")
    for tr in judged:
        notes += scope_note(ctx, tr)
    notes += [note for tr in ctx.result.targets if (note := counted_note(ctx, tr))]
    # Why each target is not met, and which units hold it back: section III, with the
    # units' own shortcomings and causes of that target (`evaluation.shortcomings`).
    notes += choice_summaries(ctx)
    totals = indicator_totals(ctx)
    if totals:
        notes.append(totals)
    return notes


def grouped_notes(ctx: ReportContext, judged: list[TargetResult]) -> list[str]:
    """Why each target is not met; targets held back for the same reason share one note
    (`Chỉ tiêu số 1 (…) và chỉ tiêu số 3 (…): …`), so one fact is said once."""
    reasons: dict[str, list[TargetResult]] = {}
    for tr in judged:
        note = target_note(ctx, tr)
        if note:
            reasons.setdefault(note.split(": ", 1)[1], []).append(tr)
    notes = []
    for reason, held in reasons.items():
        if len(held) == 1:
            notes.append(f"{ctx.target_name(held[0])}: {reason}")
            continue
        names = [ctx.target_name(held[0])] + [lower_first(ctx.target_name(tr))
                                              for tr in held[1:]]
        notes.append(f"{', '.join(names[:-1])} và {names[-1]}: {reason}")
    return notes


def scope_note(ctx: ReportContext, tr: TargetResult) -> list[str]:
    """Who a target is about, when not every unit: its scope, the units it skips."""
    notes = []
    name = ctx.target_name(tr)
    inside = {unit.id for unit in ctx.plan.units if tr.target.applies(unit)}
    if tr.target.applies_to is not None:
        notes.append(f"{name} chỉ áp dụng đối với {count_text(len(inside))} đơn vị: "
                     f"{join_names(ctx.name_list(inside))}.")
    skipped = [unit_id for unit_id in tr.not_applicable if unit_id in inside]
    if skipped:
        notes.append(f"{name}: {join_names(ctx.name_list(skipped))} không có số liệu "
                     "thuộc chỉ tiêu này trong kỳ nên không tính.")
    return notes


def counted_note(ctx: ReportContext, tr: TargetResult) -> str | None:
    """What a target that counts activities counts, when not every activity of section II:
    `Kết quả chỉ tiêu số 2 tính các hoạt động thuộc nội dung 1 và 3.`, so that its figure
    is not read against the larger counts of the contents."""
    if tr.target.measure.kind not in ("count_of_activities", "qualitative"):
        return None
    spec = tr.target.measure.spec
    if spec.once_per_item:
        return None  # the result names what it counts (`07 mô hình …`)
    every_task = {task.id for task in ctx.plan.tasks}
    tasks = [] if set(spec.tasks) == every_task else list(spec.tasks)
    inside = [a for _u, a in ctx.activities
              if not spec.tasks or any(a.task == t or a.task.startswith(t + ".")
                                       for t in spec.tasks)]
    # The kinds are said only when they leave out an activity of those tasks.
    kinds = spec.kinds if spec.kinds and any(a.kind not in spec.kinds for a in inside) else []
    if not tasks and not kinds:
        return None
    text = f"Kết quả {lower_first(ctx.target_name(tr).split(' (', 1)[0])} tính các hoạt động"
    if tasks:
        text += " thuộc nội dung " + (f"{', '.join(tasks[:-1])} và {tasks[-1]}"
                                      if len(tasks) > 1 else tasks[0])
    if kinds:
        text += " thuộc các loại: " + join_names(
            lower_first(strip_end(clean(ctx.plan.kind_label(k)))) for k in kinds)
    return text + "."


def target_note(ctx: ReportContext, tr: TargetResult) -> str | None:
    """Why a target is not met: who is on the wrong side of it, who has not reported."""
    if tr.status != "not_met":
        return None
    text = f"{ctx.target_name(tr)}: "
    missing_names = join_names(ctx.name_list(tr.missing))
    kind = tr.target.measure.kind
    if tr.reason == "missing_units":
        if kind == "ratio_of_sums":
            why = "chưa đủ số liệu để tính tỷ lệ chung"
        elif tr.target.is_ceiling:
            why = "số liệu của {these} có thể làm vượt mức kế hoạch"
        else:
            why = "số liệu của {these} có thể làm thay đổi kết quả"
        these = "đơn vị này" if len(tr.missing) == 1 else "các đơn vị này"
        return (f"{text}số liệu của các đơn vị đã gửi báo cáo đạt kế hoạch, nhưng "
                f"{missing_names} chưa gửi báo cáo ({why.format(these=these)}) nên chưa "
                "đánh giá là đạt.")
    if kind in ("share_of_units", "count_of_units", "ratio_of_sums") and tr.not_meeting:
        text += "đơn vị chưa đạt là " + join_names(ctx.name_list(tr.not_meeting))
        if tr.missing:
            text += f"; {missing_names} chưa gửi báo cáo"
    elif kind not in ("share_of_units", "count_of_units", "ratio_of_sums") \
            and tr.target.is_ceiling and tr.not_meeting:
        text += "phát sinh tại " + join_names(ctx.name_list(tr.not_meeting))
        if tr.missing:
            text += f"; {missing_names} chưa gửi báo cáo"
    elif tr.missing:
        text += f"{missing_names} chưa gửi báo cáo nên chưa được tính là đạt"
    else:
        return None
    return text + "."


def choice_summaries(ctx: ReportContext) -> list[str]:
    """What the units chose for each choice indicator (`Tốt`, `Khá` …), grades written as
    in the annex. Where a target counts the units of the best grade, its row already gives
    them: the note then gives only the grades below it (section III names those units with
    their shortcomings), and is left out when there are none."""
    lines = []
    for indicator_id, indicator in ctx.plan.indicators.items():
        choices = ctx.plan.choices_of(indicator)
        if choices is None or not ctx.reporting:
            continue
        chosen: dict[str, list[str]] = {}
        for submission in ctx.reporting:
            value = submission.assessment.indicators.get(indicator_id)  # type: ignore
            if value is not None:
                chosen.setdefault(value, []).append(submission.unit.id)
        grades = [(clean(label), chosen[choice]) for choice, label in choices.items()
                  if choice in chosen]
        if not grades:
            continue
        about = f"Về {lower_first(strip_end(clean(indicator.label)))}"
        top = clean(next(iter(choices.values())))
        if _in_a_target(ctx, indicator_id) and grades[0][0] == top:
            if len(grades) == 1:
                continue  # every unit of the best grade: the target's row says so
            rest = ("các đơn vị còn lại đã gửi báo cáo đều" if ctx.units_in("missing", "rejected")
                    else "các đơn vị còn lại đều")
            lines.append(f"{about}, " + ", ".join(
                f"{count_text(len(units))} đơn vị tự đánh giá mức {grade}"
                for grade, units in grades[1:]) + f"; {rest} tự đánh giá mức {top}.")
            continue
        lines.append(f"{about}, các đơn vị tự đánh giá: " + ", ".join(
            f"{count_text(len(units))} đơn vị mức {grade}" for grade, units in grades) + ".")
    return lines


def _in_a_target(ctx: ReportContext, indicator_id: str) -> bool:
    """Whether a target counts units by this indicator (its row gives one grade's count)."""
    return any(tr.target.measure.kind in ("share_of_units", "count_of_units")
               and tr.target.measure.spec.indicator == indicator_id
               for tr in ctx.result.targets)


def indicator_totals(ctx: ReportContext) -> str | None:
    """The sums of the indicators that add up (`aggregate: sum`); scores and rates never
    are added."""
    parts = []
    said = set(ctx.shared.get("said_indicators") or set())  # section I gave them
    briefing = briefing_rule(ctx)
    totals = reached_people(ctx)
    if briefing is not None and totals is not None and not {briefing[1], briefing[2]} & said:
        # The people reached out of all the people, as section I says them (`170/170`),
        # not "… là 170; … là 170".
        people = lower_first(strip_end(clean(ctx.plan.indicators[briefing[1]].label)))
        parts.append(f"{people} là {fraction_text(totals[0], totals[1])} người")
        said |= {briefing[1], briefing[2]}
    for indicator_id, indicator in ctx.plan.indicators.items():
        if not (indicator.is_number and indicator.sums) or indicator_id in said:
            continue
        values = [s.assessment.indicators.get(indicator_id)  # type: ignore[union-attr]
                  for s in ctx.reporting]
        values = [v for v in values if v is not None and not isinstance(v, bool)]
        if values:
            total = sum(Fraction(str(v)) if isinstance(v, float) else v for v in values)
            parts.append(f"{lower_first(strip_end(clean(indicator.label)))} là "
                         f"{ctx.amount(indicator_id, Fraction(total))}")
    if not parts:
        return None
    return (f"Theo số liệu của {count_text(len(ctx.reporting))} đơn vị đã gửi báo cáo, "
            f"{'; '.join(parts)}.")
