"""The drafter's own text (`_bao-cao.yaml`, see `dvcq_cli.synthesis`) in place of the draft.

Applied to the finished context, section by section: where the file gives a section, the
report says what the office wrote; the rest stays as drafted from the units' files. What
comes from the data is kept in every case:

- section I: the drafter's paragraphs, then who reported, late or not at all (the data);
- section II: a task's or point's summary replaces the units' examples; the sentence with
  its figures comes first and its list of models stays;
- sections III to V: the drafter's items replace the list; the targets table, the figures
  and the annex are other parts of the context and are not touched.
"""

from __future__ import annotations

from typing import Any

from dvcq_cli.model import CAUSE_KINDS, DEFAULT_CAUSE_KIND
from dvcq_cli.report.context import MODEL_KIND, ReportContext
from dvcq_cli.report.opening import submissions_sentence
from dvcq_cli.report.proposals import one_lead, through
from dvcq_cli.report.remarks import punctuated
from dvcq_cli.report.text import bullets, clean, join_names, lower_first, strip_end
from dvcq_cli.synthesis import Entry, Synthesis

_LISTS = ("strengths", "shortcomings", "causes", "next_tasks", "proposals")


def apply(context: dict[str, Any], ctx: ReportContext, synthesis: Synthesis) -> None:
    if synthesis.opening:
        context["opening"] = clean(synthesis.opening)
    if synthesis.leadership:
        context["leadership"] = [entry_text(ctx, entry, end=".")
                                 for entry in synthesis.leadership]
        context["leadership"].append(submissions_sentence(ctx))
    if synthesis.tasks:
        _tasks(context["areas"], ctx, synthesis)
    for name in _LISTS:
        entries = getattr(synthesis, name)
        if entries:
            context[name] = bullets([entry_text(ctx, entry) for entry in entries])
    if synthesis.causes and any(entry.kind for entry in synthesis.causes):
        context["causes"] = _causes_by_kind(ctx, synthesis.causes)
    if synthesis.proposals:
        context["proposals"] = _proposals(ctx, synthesis.proposals)


def _proposals(ctx: ReportContext, entries: list[Entry]) -> list[str]:
    """The drafter's proposals, those asking the same body to direct others (`Đề nghị Sở
    Nội vụ tham mưu UBND tỉnh chỉ đạo`) as one, each ask a `+` line under it, as the draft
    does: one ask a proposal, not three in one sentence."""
    return punctuated(one_lead([strip_end(entry_text(ctx, entry)) for entry in entries],
                               f"{through(ctx)} chỉ đạo"))


def _causes_by_kind(ctx: ReportContext, entries: list[Entry]) -> list[str]:
    """`* Nguyên nhân khách quan:` then `* Nguyên nhân chủ quan:`, each over its causes, as
    the draft does (a cause that does not say its kind is the units' own)."""
    lines: list[str] = []
    said = [(kind, [entry_text(ctx, entry) for entry in entries
                    if (entry.kind or DEFAULT_CAUSE_KIND) == kind]) for kind in CAUSE_KINDS]
    said = [(kind, texts) for kind, texts in said if texts]
    for index, (kind, texts) in enumerate(said):
        items = bullets(texts)
        if index < len(said) - 1:  # the kinds make one list: only the last item closes it
            items[-1] = items[-1][:-1] + ";"
        lines += [f"* {CAUSE_KINDS[kind]}:", *items]
    return lines


def entry_text(ctx: ReportContext, entry: Entry, end: str = "") -> str:
    """The entry's text, followed by the names of the units it cites."""
    text = clean(entry.text)
    if entry.units:
        text = f"{strip_end(text)} ({join_names(ctx.name_list(entry.units))})"
    if end and not text.endswith((".", "!", "?", ":", "…")):
        text += end
    return text


def _tasks(areas: list[dict[str, Any]], ctx: ReportContext, synthesis: Synthesis) -> None:
    summaries = synthesis.tasks or {}
    for task, area in zip(ctx.plan.tasks, areas, strict=False):
        if task.id in summaries:
            area["paragraphs"] = _summarised(area["paragraphs"], ctx, summaries[task.id])
        for point, shown in zip(task.points, area["points"], strict=False):
            if point.id in summaries:
                shown["paragraphs"] = _summarised(shown["paragraphs"], ctx,
                                                  summaries[point.id])


def _summarised(paragraphs: list[str], ctx: ReportContext, entry: Entry) -> list[str]:
    """The figures sentence, the drafter's summary, and the models list when there is one:
    the summary takes the place of the units' examples."""
    return paragraphs[:1] + [entry_text(ctx, entry, end=".")] + _models_block(paragraphs, ctx)


def _models_block(paragraphs: list[str], ctx: ReportContext) -> list[str]:
    if not ctx.has_models:
        return []
    label = lower_first(strip_end(clean(ctx.plan.kind_label(MODEL_KIND))))
    for index, paragraph in enumerate(paragraphs[1:], start=1):
        if paragraph.startswith(f"Về {label}:"):
            return paragraphs[index:]
    return []
