"""The year-end scoring in the report: a sentence in part II giving how many units reached
each grade, and an annex with each unit's self, appraised and final score and its grade, in
Vietnamese order, citing the criteria set by its decision.

Figures come from the scoring engine (`dvcq_cli.scoring`), as `dvcq score` shows them.
"""

from __future__ import annotations

from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.text import clean, count_text
from dvcq_cli.report.year_end import Annex, Section, YearEndPart
from dvcq_cli.scoring import ScoreResult, UnitScore, score_units
from dvcq_cli.vietnamese import format_number

TITLE = "Kết quả chấm điểm, xếp loại công tác Dân vận chính quyền"
_REASONS = {
    "not_submitted": "chưa gửi báo cáo tự đánh giá",
    "no_scores": "báo cáo tự đánh giá chưa tự chấm điểm",
    "awaiting_review": "chưa có điểm của cấp thẩm định",
}


def scores_of(ctx: ReportContext) -> ScoreResult | None:
    """The year's scores, when this report is of the plan's scoring period."""
    scoring = ctx.plan.scoring
    if scoring is None or scoring.criteria_set is None or \
            ctx.result.period_id != scoring.period:
        return None
    assessments = {s.unit.id: s.assessment for s in ctx.result.units
                   if s.assessment is not None}
    rejected = {s.unit.id: s.reason or "" for s in ctx.result.units if s.state == "rejected"}
    return score_units(ctx.plan, assessments, rejected, ctx.result.appraisal)


def part(ctx: ReportContext) -> YearEndPart:
    result = scores_of(ctx)
    if result is None or all(u.self_score is None for u in result.units):
        return YearEndPart()
    return YearEndPart([Section(TITLE, [sentence(ctx, result)])], [annex(ctx, result)])


def citation(result: ScoreResult) -> str:
    """The set's decision as the report prints it. Whether the set is an example
    (`example: true`) is for `dvcq score` and the set's file to say, never the printed
    report: the data of an example set must itself be printable."""
    return result.criteria_set.citation()


def sentence(ctx: ReportContext, result: ScoreResult) -> str:
    """`Thực hiện …, kết quả: 09/15 đơn vị xếp loại Tốt, 05 đơn vị xếp loại Khá; …`."""
    total = count_text(len(result.units))
    labels = {grade.id: clean(grade.label) for grade in result.criteria_set.grades}
    parts = [f"{count_text(count)}/{total} đơn vị xếp loại {labels[grade]}"
             for grade, count in result.grade_counts().items() if count]
    text = (f"Thực hiện đánh giá, xếp loại công tác Dân vận chính quyền theo "
            f"{citation(result)}")
    if result.appraisal is not None:
        text += f", sau thẩm định của {clean(result.appraisal.council)}"
    text += ", kết quả: " + (", ".join(parts) if parts else "chưa có đơn vị được xếp loại")
    ungraded = result.ungraded()
    if ungraded:
        text += f"; {count_text(len(ungraded))} đơn vị chưa xếp loại"
        # A unit that sent no report is named in section I: only other reasons are given.
        reasons = "; ".join(f"{ctx.names.get(u.unit.id, clean(u.unit.name))}: {reason(u)}"
                            for u in result.in_name_order()
                            if u.grade is None and u.ungraded != "not_submitted")
        if reasons:
            text += f" ({reasons})"
    return text + f" (chi tiết tại {annex_name(ctx)})."


def annex_name(ctx: ReportContext) -> str:
    """`Phụ lục II`: the units' annex is I, then the year-end annexes in the order of the
    parts before this one."""
    from dvcq_cli.report.year_end import PARTS, roman

    before = 0
    for contribute in PARTS:
        if contribute is part:
            break
        before += len(contribute(ctx).annexes)
    return f"Phụ lục {roman(before + 2)}"


def reason(unit: UnitScore) -> str:
    if unit.ungraded == "condition":
        return f"không xếp loại do {clean(unit.ungraded_detail or '').rstrip('.')}"
    return _REASONS.get(unit.ungraded or "", "chưa xếp loại")


def _points(value: object) -> str:
    return "" if value is None else format_number(value, 2)  # type: ignore[arg-type]


def annex(ctx: ReportContext, result: ScoreResult) -> Annex:
    rows = []
    for number, unit in enumerate(result.in_name_order(), start=1):
        grade = clean(unit.grade.label) if unit.grade else "Chưa xếp loại"
        final = _points(unit.final_score)
        # The note under the table says which final scores are the appraisal's, and the
        # appraisal's column shows them: the cell does not say it again.
        if unit.grade is not None and unit.source == "appraised" and result.appraisal is None:
            final += " (thẩm định)"
        rows.append([str(number), ctx.names.get(unit.unit.id, clean(unit.unit.name)),
                     _points(unit.self_score), _points(unit.appraised_score), final, grade])
    notes = [f"Chấm điểm theo {citation(result)}; thang điểm "
             f"{format_number(result.criteria_set.total)} điểm"
             + (f", điểm thưởng tối đa {format_number(result.criteria_set.bonus.cap)} điểm"
                if result.criteria_set.bonus is not None else "") + "."]
    if result.appraisal is not None:
        notes.append(f"Điểm thẩm định: {clean(result.appraisal.council)}, "
                     f"ngày {result.appraisal.date:%d/%m/%Y}; điểm cuối cùng là điểm thẩm định "
                     "đối với đơn vị đã được thẩm định, các đơn vị khác là điểm tự chấm.")
    limited = [u for u in result.in_name_order() if u.limited]
    for unit in limited:
        assert unit.band is not None and unit.grade is not None
        conditions = "; ".join(clean(c.text).rstrip(".") for c in unit.conditions
                               if c.best_grade is not None)
        notes.append(f"{ctx.names.get(unit.unit.id, clean(unit.unit.name))}: điểm đạt mức "
                     f"{clean(unit.band.label)} nhưng xếp loại {clean(unit.grade.label)} do "
                     f"{conditions}.")
    for unit in result.in_name_order():
        # A unit that sent no report is said so in its row of the self-assessment annex and
        # in section I; its row here says "Chưa xếp loại": the reason is not noted again.
        if unit.grade is None and unit.ungraded != "not_submitted":
            notes.append(f"{ctx.names.get(unit.unit.id, clean(unit.unit.name))}: chưa xếp loại "
                         f"({reason(unit)}).")
    return Annex(f"{TITLE} năm {ctx.plan.year}",
                 ["STT", "Đơn vị", "Tự chấm", "Thẩm định", "Điểm cuối cùng", "Xếp loại"],
                 rows, notes)
