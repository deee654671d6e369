"""Section II by content area: per task and point, what was done and a few examples."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from dvcq_cli.dvk_models import STAGE_LABELS, ModelRecord
from dvcq_cli.model import Activity
from dvcq_cli.report.context import MODEL_KIND, ReportContext
from dvcq_cli.report.leadership import reached_people, shown_in_leadership
from dvcq_cli.report.models_year import year_start
from dvcq_cli.report.remarks import kind_word, voiced
from dvcq_cli.report.text import (
    bullets,
    clean,
    count_text,
    fraction_text,
    heading_text,
    lower_first,
    short_date,
    short_heading,
    states_result,
    strip_end,
)
from dvcq_cli.report.voice import third_person
from dvcq_cli.report.year_end import is_year_end
from dvcq_cli.schema import INVALID
from dvcq_cli.tuples import NamedTuple
from dvcq_cli.vietnamese import format_number, same_words_key, sort_key

if TYPE_CHECKING:  # the engine is only needed for its types here
    pass

# How many activities each content area or point cites as examples (highlighted ones first).
MAX_EXAMPLES = 3
# How many the year-end report cites at most: a point's year would otherwise list every
# highlight of four quarters (ten and more), most of them already cited by the 6- and
# 9-month reports. The highlights of its own last quarter are cited whatever their number
# (no earlier report cited them), and one highlight of each earlier report's window.
MAX_YEAR_EXAMPLES = 7
# How many models are named in one area before the rest are only counted.
MAX_MODELS = 20
# How many units doing the same activity an example names; more are counted ("09 đơn vị
# tổ chức quán triệt …"), as a drafter writes it.
MAX_NAMED_UNITS = 3
# The staff an activity reaches, however a unit names its own ("công chức" in a phòng,
# "viên chức và người lao động" in a trung tâm): for the same activity, the same words.
_STAFF = re.compile(r"(?:công chức|viên chức|người lao động|CCVC)"
                    r"(?:(?:\s*,\s*|\s+và\s+)(?:công chức|viên chức|người lao động))*")
ALL_STAFF = "công chức, viên chức và người lao động"
# An aside that only widens whom the activity reached ("…, kể cả lái xe, bảo vệ"): the
# activity is the same one without it.
_ASIDE = re.compile(r",\s*kể cả\b[^;]*")


def part(ctx: ReportContext) -> dict[str, Any]:
    return {"areas": areas(ctx)}


def areas(ctx: ReportContext) -> list[dict[str, Any]]:
    areas = []
    for task in ctx.plan.tasks:
        inside = [(u, a) for u, a in ctx.activities
                  if a.task == task.id or a.task.startswith(task.id + ".")]
        own = [(u, a) for u, a in inside if a.task == task.id]
        if task.points:
            cited = examples(ctx, own, lead="Một số hoạt động chung tiêu biểu:")
            # A sum all of which one point holds is that point's to say (`14 lượt công dân
            # được tiếp` in 2.a), not the area's too.
            told = set(stated(ctx, task.id, cited))
            for point in task.points:
                told.update(sums(ctx, [(u, a) for u, a in inside if a.task == point.id]))
            paragraphs = [count_sentence(ctx, inside, stated=told)]
            paragraphs += cited.lines
        else:
            cited = examples(ctx, own)
            paragraphs = [count_sentence(ctx, inside, stated=stated(ctx, task.id, cited))]
            paragraphs += cited.lines + models(ctx, own)
        points = []
        for point in task.points:
            done = [(u, a) for u, a in inside if a.task == point.id]
            letter = point.id.rsplit(".", 1)[-1]
            cited = examples(ctx, done)
            points.append({
                "heading": f"{letter}) {clean(point.heading or short_heading(point.text))}",
                "paragraphs": [count_sentence(ctx, done, point=True,
                                              stated=stated(ctx, point.id, cited))]
                + cited.lines + models(ctx, done),
            })
        areas.append({"heading": f"{task.id}. {heading_text(task.title)}",
                      "paragraphs": paragraphs, "points": points})
    return areas


class Examples(NamedTuple):
    """The example paragraphs of a task or point (lead and bullets), and the activities
    they cite."""

    lines: list[str]
    cited: list[Activity]


def stated(ctx: ReportContext, task_id: str, examples: Examples) -> set[str]:
    """The figures the examples state, in their words (`Tiếp nhận 3.115 hồ sơ …`) or after
    them (`…, 176 người tham dự`), as the count sentence would write them (`3.115 hồ sơ`):
    a total that is one of them is said once, in the example. None when the drafter's
    summary takes the examples' place."""
    summaries = getattr(ctx.shared.get("synthesis"), "tasks", None) or {}
    if task_id in summaries:
        return set()
    return {f"{count_text(activity.participants)} {ctx.plan.counts_of(activity.kind)}"
            for activity in examples.cited
            if activity.participants and ctx.plan.counts_of(activity.kind)}


def count_sentence(ctx: ReportContext, done: list[tuple[str, Activity]],
                   point: bool = False, stated: Collection[str] = ()) -> str:
    """What the units reported for a task or point since the year's start: the year-end
    report says "Trong năm"; the others count from the start of the year too (each unit's
    file of a period holds the year's activities so far), and say what of it is new.

    A total that is the figure an example below states (all of it from that one activity)
    is left to the example: `(3.115 hồ sơ)` and then `Tiếp nhận 3.115 hồ sơ …` says it
    twice in three lines."""
    where = "nội dung này"
    since = "Trong năm" if is_year_end(ctx) else "Từ đầu năm đến nay"
    if not done:
        return f"{since}, các đơn vị chưa báo cáo hoạt động cụ thể thuộc {where}."
    units = len({u for u, _a in done})
    text = (f"{since}, có {fraction_text(units, ctx.units_total)} đơn vị thực hiện "
            f"{count_text(len(done))} hoạt động thuộc {where}")
    totals = [total for total in sums(ctx, done) if total not in stated]
    if totals:
        text += f" ({'; '.join(totals)})"
    if ctx.increment_start is not None and not is_year_end(ctx):
        new = sum(1 for _u, a in done if a.date >= ctx.increment_start)
        text += (f"; trong đó {count_text(new)} hoạt động từ ngày "
                 f"{short_date(ctx.increment_start)}" if new else
                 f"; từ ngày {short_date(ctx.increment_start)} chưa có hoạt động mới")
    return text + "."


def sums(ctx: ReportContext, done: list[tuple[str, Activity]]) -> list[str]:
    """The activities' numbers added like with like, each sum saying what it counts
    (`420 người tham dự`, `44 lượt công dân được tiếp`), in the order the plan lists its
    kinds; a kind that counts nothing adds nothing."""
    order = {kind: index for index, kind in enumerate(ctx.plan.activity_kinds)}
    totals: dict[str, int] = {}
    first: dict[str, int] = {}
    for _unit, activity in done:
        counted = ctx.plan.counts_of(activity.kind)
        if not counted or not activity.participants:
            continue
        totals[counted] = totals.get(counted, 0) + activity.participants
        first.setdefault(counted, order.get(activity.kind or "", len(order)))
    return [f"{count_text(total)} {counted}"
            for counted, total in sorted(totals.items(), key=lambda item: first[item[0]])]


def examples(ctx: ReportContext, done: list[tuple[str, Activity]],
             lead: str = "Một số hoạt động tiêu biểu:") -> Examples:
    """A few activities, identical texts merged, listed in date order as a drafter lists
    them; highlighted activities are chosen first, then the earliest.

    Every highlighted activity of the period's increment is cited, however many there are.
    After the first report of the year only what is new is cited: the earlier activities
    were the previous report's examples, and an activity over a span that began before the
    previous report (a running total since December) is not new; it still counts in the
    figures. The year-end report cites the year's activities (`year_choice`)."""
    shown = [(u, a) for u, a in done if not (ctx.has_models and a.kind == MODEL_KIND
                                             and not notable(a))
             and not shown_in_leadership(ctx, a)]  # section I reports those
    if is_year_end(ctx):
        # The year's report is read alone: its examples are the year's, not the quarter's.
        lead = f"{lead[:-1]} trong năm:"
    elif ctx.increment_start is not None:
        shown = [(u, a) for u, a in shown if began(a) >= ctx.increment_start]
        lead = f"{lead[:-1]} từ ngày {short_date(ctx.increment_start)}:"
    groups = grouped(ctx, shown)
    if is_year_end(ctx):
        groups, limit = year_choice(ctx, groups)
    else:
        groups.sort(key=lambda group: (not highlighted(group), group[0][1].date,
                                       ctx.rank.get(group[0][0], -1), group[0][1].text))
        limit = max(MAX_EXAMPLES, sum(1 for group in groups if highlighted(group)))
    chosen = sorted(groups[:limit], key=lambda group: (
        began(group[0][1]), ctx.rank.get(group[0][0], -1), group[0][1].text))
    if not chosen:
        return Examples([], [])
    return Examples([lead, *bullets([group_line(ctx, group) for group in chosen])],
                    [activity for group in chosen if len(group) == 1
                     for _u, activity in group])


def highlighted(group: list[tuple[str, Activity]]) -> bool:
    return any(notable(activity) for _u, activity in group)


def notable(activity: Activity) -> bool:
    """An activity to cite first: one its unit highlighted, or a "Dân vận khéo" model's
    activity that states a result in figures (`412 cuộc gọi … được trả lời trong ngày`).
    The models list below the examples gives each model's name, unit and stage only, so a
    model's activity that only keeps it running says nothing more and is not cited; one
    that gives its result is the model's example, whether or not its unit flagged it."""
    return bool(activity.highlight) or (activity.kind == MODEL_KIND
                                        and states_result(activity.text))


def year_choice(ctx: ReportContext, groups: list[list[tuple[str, Activity]]]
                ) -> tuple[list[list[tuple[str, Activity]]], int]:
    """The year-end report's examples in the order they are chosen, and how many: the
    highlights of its last quarter (no earlier report cited them), then the year's other
    highlights taking turns between the earlier reports' windows (the earliest of each
    window, then the second of each, …) so that the list spans the year, then the rest by
    date. As many as the highlights, `MAX_YEAR_EXAMPLES` at most, unless the last quarter's
    highlights and one highlight of each earlier window need more; `MAX_EXAMPLES` at least,
    as in every report."""
    ends = report_ends(ctx)

    def window(group: list[tuple[str, Activity]]) -> int:
        return sum(1 for end in ends if began(group[0][1]) > end)

    last = len(ends)
    turn: dict[int, int] = {}
    order = sorted(groups, key=lambda group: (began(group[0][1]), ctx.rank.get(group[0][0], -1),
                                              group[0][1].text))
    keys = {}
    for group in order:
        if highlighted(group) and window(group) < last:
            place = window(group)
            keys[id(group)] = (1, turn.get(place, 0))
            turn[place] = turn.get(place, 0) + 1
        else:
            keys[id(group)] = (0 if highlighted(group) else 2, 0)
    order.sort(key=lambda group: keys[id(group)])  # stable: by date within each rank
    must = sum(1 for group in order if keys[id(group)][0] == 0) + len(turn)
    shown = min(sum(1 for group in order if highlighted(group)), MAX_YEAR_EXAMPLES)
    return order, max(MAX_EXAMPLES, shown, must)


def report_ends(ctx: ReportContext) -> list[date]:
    """The last days of the year's earlier reports (the 6- and 9-month windows), in order."""
    from dvcq_cli import periods

    ends = set()
    for period_id in ctx.plan.periods:
        found = periods.window(ctx.plan, period_id)
        if found is not None and found[0] >= ctx.start and found[1] < ctx.end:
            ends.add(found[1])
    return sorted(ends)


def began(activity: Activity) -> date:
    """The day an activity began: its span's first day, or its one day."""
    return activity.start if activity.start is not None else activity.date


def grouped(ctx: ReportContext, done: list[tuple[str, Activity]], by_item: bool = False
            ) -> list[list[tuple[str, Activity]]]:
    """Activities that are the same (several units did the same thing) as one group;
    with `by_item`, the activities that name one item (a model mentioned each quarter)
    are one group whatever their texts, as `count_once` counts them."""
    groups: dict[str, list[tuple[str, Activity]]] = {}
    for unit, activity in done:
        key = same_activity(ctx, unit, activity)
        if by_item and activity.item is not None:
            key = "\0item:" + activity.item
        groups.setdefault(key, []).append((unit, activity))
    return [sorted(group, key=lambda item: (
        item[1].date, ctx.rank.get(item[0], -1)))
        for group in groups.values()]


def same_activity(ctx: ReportContext, unit: str, activity: Activity) -> str:
    """What makes two units' activities the same one: the same kind and the same text once
    each unit's word for itself ("của phòng", "của Ban") and its own name are "đơn vị" and
    its staff are named alike."""
    text = clean(activity.text)
    name = ctx.names.get(unit)
    if name:
        text = text.replace(name, "đơn vị")
    text = _STAFF.sub(ALL_STAFF, third_person(text, kind_word(ctx, unit), None)[0])
    return f"{activity.kind or ''}\0{same_words_key(_ASIDE.sub('', text))}"


def _voiced_text(ctx: ReportContext, group: list[tuple[str, Activity]]) -> str:
    """The text a group of the same activity is shown by: the one most of its units wrote
    (the first of those), in the office's voice; its staff named so as to cover every unit's."""
    units = list(dict.fromkeys(unit for unit, _a in group))
    texts = [strip_end(clean(activity.text)) for _u, activity in group]
    # Counted once each: a group may hold thousands of units' activities.
    words = [same_words_key(text) for text in texts]
    counts = Counter(words)
    most = max(counts.values())
    common = next(text for text, said in zip(texts, words, strict=True)
                  if counts[said] == most)
    text = unnamed(ctx, common, units)
    if len({tuple(_STAFF.findall(text)) for text in texts}) > 1:
        text = _STAFF.sub(ALL_STAFF, text)  # units of several kinds: all their staff
    return text


def unnamed(ctx: ReportContext, text: str, units: list[str]) -> str:
    """An example's text with its units' word for themselves ("của Trung tâm") and their own
    names as "đơn vị": the line names them after it, in its parenthesis, and "đoàn viên của
    Trung tâm Công báo – Tin học … (Trung tâm Công báo – Tin học, ngày …)" says it twice. A
    name that begins another unit's name (`Phòng Kinh tế`, `Phòng Kinh tế ngành`) is that
    other unit where the longer name is written."""
    for word in dict.fromkeys(kind_word(ctx, unit) for unit in units):
        text = third_person(text, word, None)[0]
    for name in sorted((ctx.names[u] for u in units if u in ctx.names), key=len, reverse=True):
        longer = ctx.longer_names(name)
        pieces, last, at = [], 0, text.find(name)
        # str.find, not a pattern per name: thousands of names would churn re's cache.
        while at >= 0:
            end = at + len(name)
            whole = end == len(text) or not (text[end].isalnum() or text[end] == "_")
            if whole and not any(text.startswith(other, at) for other in longer):
                pieces += [text[last:at], "đơn vị"]
                last = end
            at = text.find(name, end if whole else at + 1)
        text = "".join(pieces) + text[last:]
    return text


def group_line(ctx: ReportContext, group: list[tuple[str, Activity]], dated: bool = True) -> str:
    units = list(dict.fromkeys(unit for unit, _a in group))
    # In the office's voice: "của phòng" names the unit, or "đơn vị" for several.
    # A model by its first mention; the same activity by what most of its units wrote.
    text = (_voiced_text(ctx, group) if dated
            else voiced(ctx, strip_end(clean(group[0][1].text)), units)[0])
    if dated and len(units) > MAX_NAMED_UNITS:
        return counted_line(ctx, group, text)
    details = []
    if not dated:  # one line per model: each unit named once, by its first mention
        first: dict[str, tuple[str, Activity]] = {}
        for unit, activity in group:
            first.setdefault(unit, (unit, activity))
        group = list(first.values())
    for unit, activity in group:
        parts = [ctx.names.get(unit, clean(unit))]
        if dated:
            parts.append(when(activity))
            number = number_shown(ctx, activity)
            if number:
                parts.append(number)
        details.append(", ".join(parts))
    return f"{text} ({'; '.join(details)})"


def counted_line(ctx: ReportContext, group: list[tuple[str, Activity]], text: str) -> str:
    """Many units' same activity in one line, as a drafter sums it up: when, how many
    units, what, and its figures added like with like: `Từ ngày 16/4 đến ngày 25/4/2024,
    09 đơn vị tổ chức quán triệt … (81 người tham dự)`."""
    units = {unit for unit, _a in group}
    # "đến toàn thể công chức" is each unit's own claim; said of many units at once it would
    # vouch for every one of them: how many were reached is section I's figure, not this.
    text = re.sub(r"\btoàn thể\s+", "", text)
    first = min(began(activity) for _u, activity in group)
    last = max(activity.date for _u, activity in group)
    line = f"{during(first, last)}, {count_text(len(units))} đơn vị {lower_first(text)}"
    figures = [figure for figure in sums(ctx, group)
               if not in_text(int(figure.split()[0].replace(".", "")), text)]
    reached = reached_people(ctx)
    if reached is not None:
        # The people section I counts as reached (`193/198 người`): said as a share of all,
        # as there, lest "15 đơn vị … (193 người tham dự)" read against its "12 đơn vị".
        people, everyone, who = reached
        figures = [f"{fraction_text(people, everyone)} {who} tham dự"
                   if figure == f"{count_text(people)} người tham dự" else figure
                   for figure in figures]
    return f"{line} ({'; '.join(figures)})" if figures else line


def during(first: date, last: date) -> str:
    """`Ngày 16/4/2024`, `Từ ngày 16/4 đến ngày 25/4/2024` (the year once when shared)."""
    if first == last:
        return f"Ngày {short_date(first)}"
    start = short_date(first)
    if first.year == last.year:
        start = start.rsplit("/", 1)[0]
    return f"Từ ngày {start} đến ngày {short_date(last)}"


def when(activity: Activity) -> str:
    """`ngày 16/4/2024`, or for an activity over a span `từ ngày 15/12/2023 đến ngày
    30/8/2024`."""
    if activity.start is not None:
        return f"từ ngày {short_date(activity.start)} đến ngày {short_date(activity.date)}"
    return f"ngày {short_date(activity.date)}"


def number_shown(ctx: ReportContext, activity: Activity) -> str:
    """The activity's number and what its kind counts (`42 người tham dự`); nothing when the
    kind counts nothing or the text already gives the figure ("tiếp 16 lượt với 44
    người" is not followed by "44 người tham dự")."""
    counted = ctx.plan.counts_of(activity.kind)
    number = activity.participants
    if not number or not counted or in_text(number, activity.text):
        return ""
    return f"{count_text(number)} {counted}"


def in_text(number: int, text: str) -> bool:
    """Whether the text already gives the figure: the number written on its own (`44`,
    `04`, `3.115`), not as part of a date (`08/4/2024`), a range or another number."""
    for written in {str(number), count_text(number), format_number(number)}:
        if re.search(rf"(?<![\d.,/:-]){re.escape(written)}(?![\d/:-]|[.,]\d)", text):
            return True
    return False


def models(ctx: ReportContext, done: list[tuple[str, Activity]]) -> list[str]:
    """The models the activities are about, each once: those that name a recorded model
    (`model:`) as its record says (name, unit, stage at the period's end), the others by
    their text or item."""
    if not ctx.has_models or ctx.shared.get("models_listed"):
        return []  # the list of models is given once, where its activities first are
    records = _records(ctx)
    found = [(u, a) for u, a in done if a.kind == MODEL_KIND]
    if not found:
        return []
    ctx.shared["models_listed"] = True
    # Where the year keeps model records, the models are the records registered by the
    # period's end, whether or not an activity of the period mentions them: the count is
    # then the one status and the year-end section give.
    named: dict[str, ModelRecord] = {
        model.id: model for model in records.values() if model.stage_on(ctx.end) is not None}
    for _unit, activity in found:
        if activity.model in records:
            named.setdefault(activity.model, records[activity.model])
    # Where the year keeps records, a model is a record: an activity of the kind that names
    # none (a column, a talk about models) is not counted as one.
    rest = [] if ctx.plan.models is not None else [
        (u, a) for u, a in found if a.model not in records]
    groups = grouped(ctx, rest, by_item=True)
    groups.sort(key=lambda group: (ctx.rank.get(group[0][0], -1),
                                   group[0][1].date, group[0][1].text))
    chosen = in_list_order(ctx, named.values())
    lines = [_record_line(ctx, model) for model in chosen]
    lines += [group_line(ctx, group, dated=False) for group in groups]
    total = len(lines)
    if total > MAX_MODELS:
        lines = lines[:MAX_MODELS] + [f"và {count_text(total - MAX_MODELS)} mô hình khác"]
    label = lower_first(strip_end(clean(ctx.plan.kind_label(MODEL_KIND))))
    units = len({u for u, _a in rest} | {model.unit for model in chosen})
    noun = "mô hình, điển hình" if any(m.kind == "dien_hinh" for m in chosen) else "mô hình"
    if not records:
        return [f"Về {label}: có {count_text(units)} đơn vị xây dựng, duy trì "
                f"{count_text(total)} {noun}, gồm:", *bullets(lines)]
    # Registered models at a date, not the activities counted just above: said so, with
    # the date, and those carried over from earlier years.
    earlier = ("" if all(m.registered >= year_start(ctx) for m in chosen)
               else " (kể cả từ các năm trước chuyển sang)")
    return [f"Về {label}: đến ngày {short_date(ctx.end)}, {count_text(units)} đơn vị có "
            f"{count_text(total)} {noun} đã đăng ký{earlier}, gồm:", *bullets(lines)]


def models_place(ctx: ReportContext) -> str | None:
    """Where section II lists the models (`điểm c mục 3`, or `mục 3` for a content without
    points): the first content or point, in plan order, with an activity of the models'
    kind, as `areas` meets them; None when no list is given."""
    if not ctx.has_models:
        return None
    kinds = {activity.task for _u, activity in ctx.activities if activity.kind == MODEL_KIND}
    for task in ctx.plan.tasks:
        if not task.points and task.id in kinds:
            return f"mục {task.id}"
        for point in task.points:
            if point.id in kinds:
                return f"điểm {point.id.rsplit('.', 1)[-1]} mục {task.id}"
    return None


def listed_models(ctx: ReportContext) -> list[ModelRecord]:
    """The recorded models section II names one by one, with their stage (`models`)."""
    if models_place(ctx) is None:
        return []
    return in_list_order(ctx, [model for model in _records(ctx).values()
                               if model.stage_on(ctx.end) is not None])[:MAX_MODELS]


def in_list_order(ctx: ReportContext, models: Iterable[ModelRecord]) -> list[ModelRecord]:
    """The order of the models list: by unit (the report's order), then name."""
    return sorted(models, key=lambda m: (ctx.rank.get(m.unit, -1), sort_key(m.name)))


def _records(ctx: ReportContext) -> dict[str, ModelRecord]:
    """The year's model records by id (none when the year has no usable models.yaml)."""
    register = ctx.plan.models
    return register.by_id() if register is not None and register is not INVALID else {}


def _record_line(ctx: ReportContext, model: ModelRecord) -> str:
    stage = model.stage_on(ctx.end)
    kind = "Điển hình" if model.kind == "dien_hinh" else "Mô hình"
    name = clean(model.name)
    # A name that quotes a title already (Chuyên mục “Gương người tốt…”) names itself.
    shown = name if "“" in name else f"{kind} “{name}”"
    return (f"{shown} ({ctx.names.get(model.unit, model.unit)}; "
            f"{STAGE_LABELS.get(stage or '', 'đăng ký')})")
