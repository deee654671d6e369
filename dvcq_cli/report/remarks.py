"""The units' remarks (strengths, shortcomings, causes, next tasks, proposals) as the
office states them: in its voice, each said once, grouped by what they concern.

- A remark may name the task or point (`task`) or the target (`target`) it concerns; the
  report groups remarks by target first (plan order), then by task (plan order), and puts
  the others last. A remark naming both goes under its target.
- The same sentence from several units is one sentence followed by the units.
- Clauses that only restate a late or missing report are dropped (section I says that, from
  the data), and the unit's first-person word becomes its name (see `voice`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from dvcq_cli.model import DEFAULT_UNIT_KINDS
from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.text import clean, heading_text, join_names, lower_first, strip_end
from dvcq_cli.report.voice import subject_first, third_person, without_submission
from dvcq_cli.tuples import NamedTuple

OTHER = ("other", "")


class Said(NamedTuple):
    """One sentence and the units that wrote it (ids, in the report's unit order)."""

    text: str
    units: tuple[str, ...]


def group_key(item: Any) -> tuple[str, str]:
    target = getattr(item, "target", None)
    if target:
        return ("target", target)
    task = getattr(item, "task", None)
    return ("task", task) if task else OTHER


def collect(ctx: ReportContext, field: str, keep: Callable[[Any], bool] = lambda _i: True,
            key: Callable[[Any], tuple[str, str]] = group_key,
            drop: Callable[[str, str], bool] | None = None
            ) -> dict[tuple[str, str], list[Said]]:
    """The units' items of `field` (those `keep` accepts) by group, identical sentences of
    one group merged; groups and sentences in the order first met. `drop`, given a unit's id
    and one clause of its item (the part between `;`), leaves that clause out."""
    found: dict[tuple[str, str], dict[str, tuple[str, list[str]]]] = {}
    for submission in ctx.reporting:
        for item in getattr(submission.assessment, field):
            if not keep(item):
                continue
            text = strip_end(without_submission(strip_end(clean(getattr(item, "text", item)))))
            if drop is not None:
                text = _upper_first("; ".join(
                    clause for clause in clauses_of(text)
                    if not drop(submission.unit.id, clause)))
            if not text:
                continue
            sentences = found.setdefault(key(item), {})
            entry = sentences.setdefault(" ".join(text.casefold().split()), (text, []))
            # A unit's items come together, so it is already there only as the last one:
            # no search through the thousands of units that may share one sentence.
            if not entry[1] or entry[1][-1] != submission.unit.id:
                entry[1].append(submission.unit.id)
    return {group: [Said(text, tuple(units)) for text, units in sentences.values()]
            for group, sentences in found.items()}


def ordered(ctx: ReportContext, groups: dict[tuple[str, str], list[Said]]
            ) -> list[tuple[tuple[str, str], list[Said]]]:
    """Targets in plan order, then tasks and points in plan order, then the rest."""
    targets = [target.id for target in ctx.plan.targets]
    tasks = [task_id for task in ctx.plan.tasks
             for task_id in (task.id, *(point.id for point in task.points))]

    def rank(group: tuple[str, str]) -> tuple[int, int]:
        kind, ident = group
        if kind == "target" and ident in targets:
            return (0, targets.index(ident))
        if kind == "task" and ident in tasks:
            return (1, tasks.index(ident))
        return (2, 0)

    return sorted(groups.items(), key=lambda entry: rank(entry[0]))


def kind_word(ctx: ReportContext, unit_id: str) -> str:
    """The word a unit uses for itself: its kind's label (`Phòng`, `Trung tâm`)."""
    unit = ctx.plan.unit(unit_id)
    if unit is None or unit.kind is None:
        return ""
    kinds = ctx.plan.unit_kinds or DEFAULT_UNIT_KINDS
    return clean(kinds.get(unit.kind, ""))


def voiced(ctx: ReportContext, text: str, unit_ids: Iterable[str]) -> tuple[str, bool]:
    """`text` in the office's voice: one unit's first-person word becomes its name, several
    units' becomes "đơn vị"; True when the text now names its one unit."""
    units = list(dict.fromkeys(unit_ids))
    if len(units) == 1 and units[0] in ctx.names:
        name = ctx.names[units[0]]
        text, named = third_person(text, kind_word(ctx, units[0]), name)
        return (subject_first(text, name) if named else text), named
    for word in dict.fromkeys(kind_word(ctx, unit_id) for unit_id in units):
        text, _changed = third_person(text, word, None)
    return text, False


def sentence(ctx: ReportContext, said: Said) -> str:
    """A sentence in the office's voice, followed by its units unless it names its unit.
    The unit that prepares the report speaks as the office: its own remarks (on steering
    the plan, following the units up) are not followed by its name."""
    units = sorted(said.units, key=lambda u: ctx.rank.get(u, len(ctx.rank)))
    text, named = voiced(ctx, said.text, units)
    if named or units == [ctx.plan.report.prepared_by]:
        return text
    return f"{text} ({join_names(ctx.names[u] for u in units)})"


def task_label(ctx: ReportContext, task_id: str) -> str:
    """`Về tăng cường sự phối hợp chặt chẽ giữa các cơ quan (nội dung 2.a)`: a task or
    point named by its short heading (the plan's `heading` if it has one, else its first
    clause) and its number."""
    for task in ctx.plan.tasks:
        for item in (task, *task.points):
            if item.id == task_id:
                given = getattr(item, "heading", None)  # a point's short heading, if any
                text = clean(given).split(";")[0] if given else short_heading(
                    clean(getattr(item, "title", None) or getattr(item, "text", "")))
                return f"Về {lower_first(strip_end(text))} (nội dung {task_id})"
    return f"Về nội dung {task_id}"


def short_heading(text: str) -> str:
    """The heading up to its first comma when that is already a phrase (3 words or more)."""
    heading = heading_text(text)
    first = heading.split(",", 1)[0].strip()
    return strip_end(first) if len(first.split()) >= 3 else heading


def group_lines(label: str, said: list[Said], ctx: ReportContext,
                listed: bool = False) -> list[str]:
    """`- label: sentence` for one sentence; else (or when `listed`) `- label:` and
    `+ sentence` lines."""
    sentences = [sentence(ctx, item) for item in said]
    if len(sentences) == 1 and not listed:
        first = sentences[0]
        named = any(first.startswith(name) for name in ctx.names.values())
        return [f"- {label}: {first if named else lower_first(first)}"]
    return [f"- {label}:"] + [f"+ {text}" for text in sentences]


def plain_lines(said: Iterable[Said], ctx: ReportContext) -> list[str]:
    return [f"- {sentence(ctx, item)}" for item in said]


def punctuated(lines: list[str]) -> list[str]:
    """Each line ends with `;`, a line that introduces sub-items with `:`, the last with `.`."""
    out = []
    for index, line in enumerate(lines):
        if line.endswith(":"):
            out.append(line)
            continue
        end = "." if index == len(lines) - 1 else ";"
        out.append(strip_end(line) + end)
    return out


# Words that turn a clause into its opposite or into a shortfall: a clause with one of them
# that the other lacks says something else, however many words they share.
_POLARITY = frozenset({"chưa", "không", "còn", "thiếu", "chậm", "ít", "hạn", "yếu", "kém",
                       "khó", "vướng", "trễ", "sai", "nhưng"})
# A clause shorter than this is a phrase ("được duy trì thường xuyên") that many different
# remarks share: it says too little to be the same remark.
_MIN_WORDS = 6


def clauses_of(text: str) -> list[str]:
    """A remark's clauses (the parts between `;`), each without its end punctuation."""
    return [strip_end(part.strip()) for part in text.split(";") if strip_end(part.strip())]


def same_words(text: str) -> str:
    """A clause as compared word for word: case and spacing aside."""
    return " ".join(strip_end(text).casefold().split())


def _words(clause: str) -> list[str]:
    return re.findall(r"\w+", clause.casefold())


def _same_point(general: str, specific: str) -> bool:
    """True when `specific` says what `general` says, and only adds detail to it: every word
    of `general` is in `specific`, the words it adds neither negate nor count anything
    (`khiếu nại kéo dài`, `dứt điểm`, not `chưa` or `02`)."""
    shorter, longer = _words(general), _words(specific)
    if len(shorter) < _MIN_WORDS or len(shorter) > len(longer):
        return False
    if not set(shorter) <= set(longer):
        return False
    added = set(longer) - set(shorter)
    return not (added & _POLARITY or any(word.isdigit() for word in added))


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def synthesised(said: list[Said]) -> list[Said]:
    """The remarks of one group with the same point made by several units said once: a
    clause (the part between `;`) that another unit's clause says in full, only with more
    detail, becomes one sentence in the more general wording, true of both, followed by both
    units. A unit's other clauses stay its own sentence. Clauses that differ in a negation
    or a figure are never taken for the same point."""
    clauses = [clauses_of(item.text) for item in said]
    # For every clause, the more general clause of another unit it is the same point as.
    joined: dict[tuple[int, int], tuple[int, int]] = {}
    for i, own in enumerate(clauses):
        for k, clause in enumerate(own):
            for j, other in enumerate(clauses):
                if j == i or set(said[j].units) & set(said[i].units) or (i, k) in joined \
                        or (i, k) in joined.values():
                    continue
                for m, candidate in enumerate(other):
                    if (j, m) not in joined and _same_point(candidate, clause) and (
                            len(_words(candidate)) < len(_words(clause)) or j < i):
                        joined[(i, k)] = (j, m)
                        break
    if not joined:
        return said
    units: dict[tuple[int, int], list[str]] = {}
    for (i, _k), root in joined.items():
        found = units.setdefault(root, list(said[root[0]].units))
        found += [unit for unit in said[i].units if unit not in found]
    out: list[Said] = []
    for i, item in enumerate(said):
        own = [clause for k, clause in enumerate(clauses[i])
               if (i, k) not in joined and (i, k) not in units]
        if own:
            out.append(Said(_upper_first("; ".join(own)), item.units))
        for k, clause in enumerate(clauses[i]):
            if (i, k) in units:
                out.append(Said(_upper_first(clause), tuple(units[(i, k)])))
    return out
