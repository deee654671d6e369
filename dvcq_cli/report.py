"""The periodic report's content: one period's results → ready-made Vietnamese text and rows.

Pure: no I/O, no clock. `build_context` turns a `PeriodResult` of the attainment engine into
the plain dict of strings, lists and small dicts that the Word template shows as it is; the
template holds the layout, this module the wording. Everything shown is a name or a label
(unit names, indicator labels, choice labels), never an id; numbers use the decimal comma,
dates follow Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dvcq_cli.model import Activity, Indicator, Plan, Target
from dvcq_cli.schema import Percent
from dvcq_cli.vietnamese import (
    format_date_short,
    format_number,
    format_percent,
    format_place_date,
    nfc,
    sort_key,
)

if TYPE_CHECKING:  # the engine is only needed for its types here
    from dvcq_cli.attain import PeriodResult, TargetResult, UnitSubmission

TEMPLATE_NAME = "bao-cao-dan-van-chinh-quyen.docx"
# Activities of this kind are "Dân vận khéo" models, listed apart when the plan declares it.
MODEL_KIND = "mo_hinh_dan_van_kheo"
# How many activities each content area or point cites as examples (highlighted ones first).
MAX_EXAMPLES = 3
# How many models are named in one area before the rest are only counted.
MAX_MODELS = 20
NONE_SHOWN = "-"

_DOCUMENT_TYPES = {
    "KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "CT": "Chỉ thị",
    "NQ": "Nghị quyết", "HD": "Hướng dẫn", "TB": "Thông báo", "TTr": "Tờ trình",
    "CTr": "Chương trình",
}
_UNIT_KINDS = (("phong", "phòng"), ("ban", "ban"), ("trung_tam", "trung tâm"),
               ("cong_thong_tin", "cổng thông tin"))
_VERDICTS = {"met": "Đạt", "not_met": "Chưa đạt", "no_data": "Chưa có số liệu"}
_PLAN_WORDS = {"at_least": "Từ {value} trở lên", "more_than": "Trên {value}",
               "at_most": "Không quá {value}", "less_than": "Dưới {value}"}
# Characters XML 1.0 cannot hold, and the ones docxtpl turns into breaks (\a, \f, \t).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_SENTENCE_END = re.compile(r"\.\s+")
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]{0,2}")


@dataclass(frozen=True)
class ReportOptions:
    """What the command line adds to the data: the report's date and, if given, the signer."""

    report_date: date
    signer_name: str | None = None


@dataclass(frozen=True)
class DocumentProperties:
    """The .docx core properties, derived from the data (never from the clock)."""

    title: str
    subject: str
    author: str
    created: datetime
    language: str = "vi-VN"


# ------------------------------------------------------------------------------- text helpers
def clean(text: object) -> str:
    """NFC text that survives the trip into Word XML unchanged.

    Control characters XML cannot hold are dropped; tabs become spaces; `\\n` is kept (the
    renderer shows it as a line break). docxtpl turns `{_{` into `{{` after rendering, so
    such a sequence gets an invisible zero-width space to come out as typed.
    """
    value = nfc(str(text)).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = _CONTROL.sub("", value)
    for pair in ("{_{", "}_}", "{_%", "%_}"):
        value = value.replace(pair, pair[0] + "\u200b" + pair[1:])
    return value.strip()


def lower_first(text: str) -> str:
    """`Kết quả …` → `kết quả …`; acronyms (`UBND tỉnh`, `CCVC`) are left alone."""
    if not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def first_sentence(text: str) -> str:
    """The first sentence of a long title, without its final punctuation.

    A full stop ends a sentence when a capital follows, unless the word before it looks
    like an abbreviation (`TP.`, `ThS.`: up to three plain Latin letters, capital first).
    """
    text = clean(text)
    for match in _SENTENCE_END.finditer(text):
        before = text[:match.start()].split()
        after = text[match.end():]
        if before and after[:1].isupper() and not _ABBREVIATION.fullmatch(before[-1]):
            return _strip_end(text[:match.start()])
    return _strip_end(text)


def heading_text(text: str) -> str:
    """A task's or point's heading: its first sentence, up to the first semicolon.

    Plans write each point as a long paragraph; its first clause names it well enough and
    keeps the heading short. A first clause of fewer than four words is kept whole.
    """
    sentence = first_sentence(text)
    clause = sentence.split(";", 1)[0].strip()
    return _strip_end(clause) if len(clause.split()) >= 4 else sentence


def _strip_end(text: str) -> str:
    return text.rstrip(" .;:,")


def count_text(number: int | Fraction) -> str:
    """Counts as written in administrative texts: `02 đơn vị`, `15 đơn vị`, `1.250`.

    The one rule for every count the report writes (units, activities, people, items, the
    sums of indicators that add up, and the plan figures of counted targets): a whole number
    from 1 to 9 gets a leading zero. Rates, scores and amounts are not counts.
    """
    if isinstance(number, Fraction) and number.denominator != 1:
        return format_number(number)
    return f"{int(number):02d}" if 0 < number < 10 else format_number(number)


def fraction_text(numerator: int | Fraction, denominator: int | Fraction) -> str:
    """`04/15`, `193/198`: a count out of a count."""
    return f"{count_text(numerator)}/{count_text(denominator)}"


def _bullets(items: Sequence[str]) -> list[str]:
    """`- item;` lines, the last one ending with a full stop."""
    lines = []
    for index, item in enumerate(items):
        end = "." if index == len(items) - 1 else ";"
        lines.append(f"- {_strip_end(item)}{end}")
    return lines


def _join_names(names: Iterable[str]) -> str:
    return ", ".join(names)


def _number(value: int | float | Fraction) -> str:
    if isinstance(value, float):
        value = Fraction(str(value))
    return format_number(value)


def _short_date(day: date) -> str:
    return format_date_short(day)


# ------------------------------------------------------------------------------ the builder
class _Report:
    """One report being written; holds the lookups every part of the text needs."""

    def __init__(self, result: PeriodResult, options: ReportOptions) -> None:
        self.result = result
        self.plan: Plan = result.plan
        self.options = options
        self.start, self.end = result.window
        self.units_total = len(result.units)
        self.names = {sub.unit.id: clean(sub.unit.name) for sub in result.units}
        # Units in Vietnamese dictionary order of their names; `rank` is each one's place.
        self.ordered = sorted(result.units, key=lambda s: (sort_key(s.unit.name), s.unit.id))
        self.rank = {s.unit.id: index for index, s in enumerate(self.ordered)}
        self.by_state: dict[str, list[UnitSubmission]] = {}
        for submission in self.ordered:
            self.by_state.setdefault(submission.state, []).append(submission)
        self.reporting = [s for s in self.ordered_units()
                          if s.state in ("submitted", "late") and s.assessment is not None]
        self.activities: list[tuple[str, Activity]] = [
            (s.unit.id, activity) for s in self.reporting
            for activity in s.assessment.activities  # type: ignore[union-attr]
            if self.start <= activity.date <= self.end
        ]
        self.has_models = MODEL_KIND in self.plan.activity_kinds
        self.issuer_name = clean(self.plan.document.issuer_name)
        self.label = clean(result.period.label)
        self.subject = f"{clean(self.plan.report.subject)} {self.label}"

    # -- units
    def ordered_units(self) -> list[UnitSubmission]:
        return self.ordered

    def units_in(self, *states: str) -> list[UnitSubmission]:
        return [s for state in states for s in self.by_state.get(state, [])]

    def name_list(self, unit_ids: Iterable[str]) -> list[str]:
        known = sorted({u for u in unit_ids if u in self.rank}, key=self.rank.__getitem__)
        unknown = sorted({clean(u) for u in unit_ids if u not in self.rank}, key=sort_key)
        return [self.names[u] for u in known] + unknown

    # -- header
    def plan_reference(self) -> str:
        """`Kế hoạch số 294/KH-VP ngày 08/4/2024 của Văn phòng UBND tỉnh`."""
        document = self.plan.document
        kind = _DOCUMENT_TYPES.get(document.type, "văn bản")
        text = f"{kind} số {clean(document.symbol)}"
        if document.date is not None:
            text += f" ngày {_short_date(document.date)}"
        return f"{text} của {clean(document.issuer_name)}"

    def opening(self) -> str:
        title = lower_first(_strip_end(clean(self.plan.document.title)))
        return (f"Thực hiện {self.plan_reference()} về {title}, {self.issuer_name} báo cáo "
                f"{lower_first(self.subject)}; số liệu tính từ ngày {_short_date(self.start)} "
                f"đến ngày {_short_date(self.end)}, cụ thể như sau:")

    # -- I. leadership and follow-up
    def units_phrase(self) -> str:
        kinds = {unit.kind for unit in self.plan.units}
        words = [word for kind, word in _UNIT_KINDS if kind in kinds]
        if not words or kinds - {kind for kind, _word in _UNIT_KINDS}:
            return "các đơn vị trực thuộc"
        return "các " + ", ".join(words)

    def leadership(self) -> list[str]:
        document = self.plan.document
        kind = _DOCUMENT_TYPES.get(document.type, "văn bản").lower()
        symbol = self.plan_reference().split(" của ")[0]
        preparer = self.plan.unit(self.plan.report.prepared_by)
        first = (f"{self.issuer_name} ban hành {symbol} về "
                 f"{lower_first(_strip_end(clean(document.title)))}, triển khai đến "
                 f"{self.units_phrase()} để tổ chức thực hiện")
        if preparer is not None:
            first += (f"; giao {clean(preparer.name)} theo dõi, đôn đốc, tổng hợp, tham mưu "
                      f"báo cáo kết quả thực hiện {kind} theo định kỳ")
        return [first + ".", self.submissions_sentence()]

    def submissions_sentence(self) -> str:
        preparer = self.plan.unit(self.plan.report.prepared_by)
        who = clean(preparer.name) if preparer is not None else self.issuer_name
        received = len(self.reporting)
        text = f"Tính đến ngày {_short_date(self.options.report_date)}, {who} "
        if received:
            text += (f"đã nhận được báo cáo tự đánh giá kết quả thực hiện {self.label} của "
                     f"{fraction_text(received, self.units_total)} đơn vị")
        else:
            text += (f"chưa nhận được báo cáo tự đánh giá kết quả thực hiện {self.label} của "
                     "đơn vị nào")
        deadline = self.result.period.submit_by
        if deadline is not None:
            text += f" (hạn gửi ngày {_short_date(deadline)})"
        late = self.units_in("late")
        if late:
            text += (f"; trong đó {count_text(len(late))} đơn vị gửi trễ hạn: "
                     f"{_join_names(self.names[s.unit.id] for s in late)}")
        missing = self.units_in("missing", "rejected")
        if missing:
            text += (f"; còn {count_text(len(missing))} đơn vị chưa gửi báo cáo hoặc báo cáo "
                     f"chưa hợp lệ: {_join_names(self.names[s.unit.id] for s in missing)}"
                     if self.units_in("rejected") else
                     f"; còn {count_text(len(missing))} đơn vị chưa gửi báo cáo: "
                     f"{_join_names(self.names[s.unit.id] for s in missing)}")
        return text + "."

    # -- II. results by content area
    def areas(self) -> list[dict[str, Any]]:
        areas = []
        for task in self.plan.tasks:
            inside = [(u, a) for u, a in self.activities
                      if a.task == task.id or a.task.startswith(task.id + ".")]
            own = [(u, a) for u, a in inside if a.task == task.id]
            paragraphs = [self.count_sentence(inside)]
            if task.points:
                paragraphs += self.examples(own, lead="Một số hoạt động chung tiêu biểu:")
            else:
                paragraphs += self.examples(own) + self.models(own)
            points = []
            for point in task.points:
                done = [(u, a) for u, a in inside if a.task == point.id]
                letter = point.id.rsplit(".", 1)[-1]
                points.append({
                    "heading": f"{letter}) {heading_text(point.text)}",
                    "paragraphs": [self.count_sentence(done, point=True)]
                    + self.examples(done) + self.models(done),
                })
            areas.append({"heading": f"{task.id}. {heading_text(task.title)}",
                          "paragraphs": paragraphs, "points": points})
        return areas

    def count_sentence(self, done: list[tuple[str, Activity]], point: bool = False) -> str:
        where = "nội dung này"
        if not done:
            return f"Trong kỳ, các đơn vị chưa báo cáo hoạt động cụ thể thuộc {where}."
        units = len({u for u, _a in done})
        people = sum(a.participants or 0 for _u, a in done)
        text = (f"Trong kỳ, có {fraction_text(units, self.units_total)} đơn vị thực hiện "
                f"{count_text(len(done))} hoạt động thuộc {where}")
        if people:
            text += f", với {count_text(people)} lượt người tham dự"
        return text + "."

    def examples(self, done: list[tuple[str, Activity]],
                 lead: str = "Một số hoạt động tiêu biểu:") -> list[str]:
        """Highlighted activities first, then the earliest; identical texts merged."""
        groups = self.grouped([(u, a) for u, a in done
                               if not (self.has_models and a.kind == MODEL_KIND)])
        groups.sort(key=lambda group: (not any(a.highlight for _u, a in group),
                                       group[0][1].date,
                                       self.rank.get(group[0][0], -1),
                                       group[0][1].text))
        chosen = groups[:MAX_EXAMPLES]
        if not chosen:
            return []
        return [lead, *_bullets([self.group_line(group) for group in chosen])]

    def grouped(self, done: list[tuple[str, Activity]], by_item: bool = False
                ) -> list[list[tuple[str, Activity]]]:
        """Activities with the same text (several units did the same thing) as one group;
        with `by_item`, the activities that name one item (a model mentioned each quarter)
        are one group whatever their texts, as `count_once` counts them."""
        groups: dict[str, list[tuple[str, Activity]]] = {}
        for unit, activity in done:
            key = " ".join(clean(activity.text).casefold().rstrip(" .;").split())
            if by_item and activity.item is not None:
                key = "\0item:" + activity.item
            groups.setdefault(key, []).append((unit, activity))
        return [sorted(group, key=lambda item: (
            item[1].date, self.rank.get(item[0], -1)))
            for group in groups.values()]

    def group_line(self, group: list[tuple[str, Activity]], dated: bool = True) -> str:
        details = []
        if not dated:  # one line per model: each unit named once, by its first mention
            first: dict[str, tuple[str, Activity]] = {}
            for unit, activity in group:
                first.setdefault(unit, (unit, activity))
            group = list(first.values())
        for unit, activity in group:
            parts = [self.names.get(unit, clean(unit))]
            if dated:
                parts.append(f"ngày {_short_date(activity.date)}")
                if activity.participants:
                    parts.append(f"{count_text(activity.participants)} người tham dự")
            details.append(", ".join(parts))
        return f"{_strip_end(clean(group[0][1].text))} ({'; '.join(details)})"

    def models(self, done: list[tuple[str, Activity]]) -> list[str]:
        if not self.has_models:
            return []
        found = [(u, a) for u, a in done if a.kind == MODEL_KIND]
        if not found:
            return []
        groups = self.grouped(found, by_item=True)
        groups.sort(key=lambda group: (self.rank.get(group[0][0], -1),
                                       group[0][1].date, group[0][1].text))
        label = lower_first(_strip_end(clean(self.plan.activity_kinds[MODEL_KIND])))
        units = len({u for u, _a in found})
        lines = [self.group_line(group, dated=False) for group in groups[:MAX_MODELS]]
        if len(groups) > MAX_MODELS:
            lines.append(f"và {count_text(len(groups) - MAX_MODELS)} mô hình khác")
        return [f"Về {label}: có {count_text(units)} đơn vị xây dựng, duy trì "
                f"{count_text(len(groups))} mô hình, gồm:", *_bullets(lines)]

    # -- II. targets
    def targets_heading(self) -> str:
        number = len(self.plan.tasks) + 1
        return f"{number}. Kết quả thực hiện các chỉ tiêu trọng tâm"

    def target_rows(self) -> list[dict[str, str]]:
        return [{"number": str(index), "name": clean(tr.target.short),
                 "plan": plan_text(tr.target, self.result.period_id, self.plan),
                 "result": self.result_text(tr), "rate": rate_text(tr),
                 "verdict": self.verdict(tr)}
                for index, tr in enumerate(self.result.targets, start=1)]

    def result_text(self, tr: TargetResult) -> str:
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
            return self.amount(tr.target.measure.spec.numerator, tr.numerator) + "/" + \
                self.amount(tr.target.measure.spec.denominator, tr.denominator)
        value = tr.value if tr.value is not None else tr.numerator
        assert value is not None
        if kind == "sum_of_indicator":
            return self.amount(tr.target.measure.spec.indicator, value)
        if kind == "count_of_activities" and tr.target.measure.spec.once_per_item:
            return f"{count_text(value)} {self.item_noun(tr.target.measure.spec.kinds)}"
        unit = {"count_of_units": " đơn vị", "count_of_activities": " hoạt động",
                "sum_of_activities": " lượt người tham dự"}.get(kind, "")
        return f"{count_text(value)}{unit}"

    def item_noun(self, kinds: list[str]) -> str:
        """What items counted once are: the kind's label (`mô hình “Dân vận khéo”`) when
        the target counts one kind, else `việc`."""
        if len(kinds) == 1 and kinds[0] in self.plan.activity_kinds:
            return lower_first(_strip_end(clean(self.plan.activity_kinds[kinds[0]])))
        return "việc"

    def amount(self, indicator_id: str, value: Fraction) -> str:
        """An indicator's value or sum: a count when the indicator adds up in whole numbers."""
        indicator = self.plan.indicators.get(indicator_id)
        if indicator is not None and indicator.sums and indicator.type == "integer":
            return count_text(value)
        return _number(value)

    def verdict(self, tr: TargetResult) -> str:
        if tr.target.measure.kind == "qualitative" and not tr.evidence:
            return "Chưa có hoạt động"
        if tr.status == "not_due":
            return "Chưa đến kỳ đánh giá"
        return _VERDICTS.get(tr.status, NONE_SHOWN)

    def targets_notes(self) -> list[str]:
        notes = []
        judged = [tr for tr in self.result.targets if tr.target.measure.kind != "qualitative"]
        bases = {tr.denominator_basis for tr in judged
                 if tr.target.measure.kind == "share_of_units" and tr.target.applies_to is None}
        missing = self.units_in("missing", "rejected")
        if "all_units" in bases:
            text = f"Tỷ lệ đơn vị được tính trên tổng số {count_text(self.units_total)} đơn vị"
            if missing:
                text += "; đơn vị chưa gửi báo cáo được tính là chưa đạt"
            notes.append(text + ".")
        for tr in judged:
            if tr.denominator_basis == "submitted_units":
                notes.append(f"{self.target_name(tr)} được tính trên số đơn vị đã gửi báo cáo "
                             f"({count_text(len(self.reporting))} đơn vị).")
        for tr in judged:
            notes += self.scope_note(tr)
        for tr in judged:
            note = self.target_note(tr)
            if note:
                notes.append(note)
        notes += self.choice_summaries()
        totals = self.indicator_totals()
        if totals:
            notes.append(totals)
        return notes

    def scope_note(self, tr: TargetResult) -> list[str]:
        """Who a target is about, when not every unit: its scope, the units it skips."""
        notes = []
        name = self.target_name(tr)
        inside = {unit.id for unit in self.plan.units if tr.target.applies(unit)}
        if tr.target.applies_to is not None:
            notes.append(f"{name} chỉ áp dụng đối với {count_text(len(inside))} đơn vị: "
                         f"{_join_names(self.name_list(inside))}.")
        skipped = [unit_id for unit_id in tr.not_applicable if unit_id in inside]
        if skipped:
            notes.append(f"{name}: {_join_names(self.name_list(skipped))} không có số liệu "
                         "thuộc chỉ tiêu này trong kỳ nên không tính.")
        return notes

    def target_note(self, tr: TargetResult) -> str | None:
        """Why a target is not met: who is on the wrong side of it, who has not reported."""
        if tr.status != "not_met":
            return None
        text = f"{self.target_name(tr)}: "
        missing_names = _join_names(self.name_list(tr.missing))
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
            text += "đơn vị chưa đạt là " + _join_names(self.name_list(tr.not_meeting))
            if tr.missing:
                text += f"; {missing_names} chưa gửi báo cáo"
        elif kind not in ("share_of_units", "count_of_units", "ratio_of_sums") \
                and tr.target.is_ceiling and tr.not_meeting:
            text += "phát sinh tại " + _join_names(self.name_list(tr.not_meeting))
            if tr.missing:
                text += f"; {missing_names} chưa gửi báo cáo"
        elif tr.missing:
            text += f"{missing_names} chưa gửi báo cáo nên chưa được tính là đạt"
        else:
            return None
        return text + "."

    def choice_summaries(self) -> list[str]:
        lines = []
        for indicator_id, indicator in self.plan.indicators.items():
            if self.plan.choices_of(indicator) is None or not self.reporting:
                continue
            counts: dict[str, int] = {}
            for submission in self.reporting:
                value = submission.assessment.indicators.get(indicator_id)  # type: ignore
                if value is not None:
                    counts[value] = counts.get(value, 0) + 1
            if not counts:
                continue
            parts = [f"{count_text(counts[choice])} đơn vị {lower_first(clean(label))}"
                     for choice, label in (self.plan.choices_of(indicator) or {}).items()
                     if choice in counts]
            lines.append(f"Về {lower_first(_strip_end(clean(indicator.label)))}, các đơn vị "
                         f"tự đánh giá: {', '.join(parts)}.")
        return lines

    def indicator_totals(self) -> str | None:
        """The sums of the indicators that add up (`aggregate: sum`); scores and rates never
        are added."""
        parts = []
        for indicator_id, indicator in self.plan.indicators.items():
            if not (indicator.is_number and indicator.sums):
                continue
            values = [s.assessment.indicators.get(indicator_id)  # type: ignore[union-attr]
                      for s in self.reporting]
            values = [v for v in values if v is not None and not isinstance(v, bool)]
            if values:
                total = sum(Fraction(str(v)) if isinstance(v, float) else v for v in values)
                parts.append(f"{lower_first(_strip_end(clean(indicator.label)))} là "
                             f"{self.amount(indicator_id, Fraction(total))}")
        if not parts:
            return None
        return (f"Tổng hợp từ báo cáo của {count_text(len(self.reporting))} đơn vị: "
                f"{'; '.join(parts)}.")

    # -- III, IV, V
    def quantitative(self) -> list[TargetResult]:
        """The targets with a figure to reach that are judged at this period."""
        return [tr for tr in self.result.targets
                if tr.target.comparison is not None and tr.judged]

    def target_name(self, tr: TargetResult) -> str:
        """`Chỉ tiêu số 4 (Đạt tiêu chí “Dân vận khéo”)`: the row of the targets table."""
        number = self.result.targets.index(tr) + 1
        return f"Chỉ tiêu số {number} ({_strip_end(clean(tr.target.short))})"

    def target_summary(self, tr: TargetResult) -> str:
        reached = rate_text(tr) if tr.target.measure.is_share else self.result_text(tr)
        if reached == NONE_SHOWN:
            reached = self.result_text(tr)
        if tr.reason == "missing_units":
            reached += " trên số đơn vị đã gửi báo cáo, còn đơn vị chưa gửi báo cáo"
        return (f"{clean(tr.target.short)} (đạt {reached}, kế hoạch "
                f"{lower_first(plan_text(tr.target, self.result.period_id))})")

    def strengths(self) -> list[str]:
        items = []
        quantitative = self.quantitative()
        met = [tr for tr in quantitative if tr.status == "met"]
        if met:
            items.append(f"Trong {count_text(len(quantitative))} chỉ tiêu có định lượng, có "
                         f"{count_text(len(met))} chỉ tiêu đạt kế hoạch: "
                         + "; ".join(self.target_summary(tr) for tr in met))
        items += self.gathered("strengths")
        return _bullets(items) or ["Các đơn vị chưa nêu ưu điểm trong báo cáo tự đánh giá."]

    def shortcomings(self) -> list[str]:
        items = []
        quantitative = self.quantitative()
        unmet = [tr for tr in quantitative if tr.status == "not_met"]
        if unmet:
            items.append(f"Trong {count_text(len(quantitative))} chỉ tiêu có định lượng, còn "
                         f"{count_text(len(unmet))} chỉ tiêu chưa đạt kế hoạch: "
                         + "; ".join(self.target_summary(tr) for tr in unmet))
        missing = self.units_in("missing", "rejected")
        if missing:
            items.append(f"Còn {count_text(len(missing))} đơn vị chưa gửi báo cáo tự đánh giá: "
                         + _join_names(self.names[s.unit.id] for s in missing))
        late = self.units_in("late")
        if late:
            items.append(f"Có {count_text(len(late))} đơn vị gửi báo cáo tự đánh giá trễ hạn: "
                         + _join_names(self.names[s.unit.id] for s in late))
        items += self.gathered("shortcomings")
        return _bullets(items) or ["Không có hạn chế."]

    def causes(self) -> list[str]:
        return (_bullets(self.gathered("causes"))
                or ["Các đơn vị chưa nêu nguyên nhân của hạn chế trong báo cáo tự đánh giá."])

    def next_tasks(self) -> list[str]:
        items = []
        for tr in self.quantitative():
            if tr.status == "not_met":
                items.append(f"Tiếp tục chỉ đạo, đôn đốc các đơn vị thực hiện "
                             f"{lower_first(self.target_name(tr))}, phấn đấu đạt "
                             f"{lower_first(plan_text(tr.target, self.result.period_id))} "
                             "theo kế hoạch")
        missing = self.units_in("missing", "rejected")
        if missing:
            items.append("Đôn đốc " + _join_names(self.names[s.unit.id] for s in missing)
                         + " gửi báo cáo tự đánh giá theo quy định")
        items += self.gathered("next_tasks")
        return _bullets(items) or [
            "Tiếp tục triển khai thực hiện các nội dung, nhiệm vụ của Kế hoạch."]

    def proposals(self) -> list[str]:
        return _bullets(self.gathered("proposals")) or ["Không có đề xuất, kiến nghị."]

    def gathered(self, field: str) -> list[str]:
        """The units' own sentences, identical ones merged, each followed by its units."""
        found: dict[str, tuple[str, dict[str, None]]] = {}
        for submission in self.reporting:
            for text in getattr(submission.assessment, field):
                shown = _strip_end(clean(text))
                if not shown:
                    continue
                key = " ".join(shown.casefold().split())
                entry = found.setdefault(key, (shown, {}))
                entry[1][self.names[submission.unit.id]] = None
        return [f"{shown} ({_join_names(units)})" for shown, units in found.values()]

    # -- closing, signature, annex
    def closing(self) -> str:
        recipient = clean(self.plan.report.recipient)
        return (f"Trên đây là báo cáo {lower_first(self.subject)} của {self.issuer_name}, "
                f"kính gửi {recipient} tổng hợp, theo dõi./.")

    def recipients(self) -> list[str]:
        lines = []
        for recipient in self.plan.report.recipients:
            text = clean(recipient)
            text = text[2:] if text.startswith("- ") else text
            lines.append(f"- {_strip_end(text)};")
        archive = _strip_end(clean(self.plan.report.archive))
        lines.append(f"- Lưu: {archive}.")
        return lines

    def signer_lines(self) -> list[str]:
        signer = self.plan.report.signer
        first = clean(signer.title).upper()
        if signer.mark:
            first = f"{clean(signer.mark).upper()} {first}"
        lines = [first]
        if signer.deputy_title:
            lines.append(clean(signer.deputy_title).upper())
        return lines

    def annex_columns(self) -> list[str]:
        return [_strip_end(clean(indicator.label)) for indicator in self.plan.indicators.values()]

    def annex_rows(self) -> list[dict[str, Any]]:
        rows = []
        for number, submission in enumerate(self.ordered_units(), start=1):
            assessment = submission.assessment
            reporting = submission.state in ("submitted", "late") and assessment is not None
            if reporting:
                assert assessment is not None
                values = [indicator_text(indicator, assessment.indicators.get(key), self.plan)
                          for key, indicator in self.plan.indicators.items()]
                activities = count_text(sum(1 for a in assessment.activities
                                            if self.start <= a.date <= self.end))
            else:
                values = [NONE_SHOWN] * len(self.plan.indicators)
                activities = NONE_SHOWN
            rows.append({"number": str(number), "name": self.names[submission.unit.id],
                         "status": self.status_text(submission), "cells": values,
                         "activities": activities})
        return rows

    def status_text(self, submission: UnitSubmission) -> str:
        when = (f" ngày {_short_date(submission.submitted)}"
                if submission.submitted is not None else "")
        if submission.state == "late":
            return f"Gửi trễ hạn{when}"
        if submission.state == "submitted":
            return f"Đã gửi{when}"
        if submission.state == "rejected":
            return "Báo cáo chưa hợp lệ"
        return "Chưa gửi"

    def annex_notes(self) -> list[str]:
        notes = []
        deadline = self.result.period.submit_by
        if deadline is not None:
            notes.append(f"Hạn gửi báo cáo tự đánh giá: ngày {_short_date(deadline)}.")
        notes.append(f"Số hoạt động được tính từ ngày {_short_date(self.start)} đến ngày "
                     f"{_short_date(self.end)}.")
        missing = self.units_in("missing", "rejected")
        if missing:
            notes.append("Đơn vị chưa gửi báo cáo: "
                         + _join_names(self.names[s.unit.id] for s in missing) + ".")
        return notes


# --------------------------------------------------------------------------- shown values
def plan_text(target: Target, period_id: str | None = None, plan: Plan | None = None) -> str:
    """The target's plan figure at a period as a table cell: `100%`, `Từ 80% trở lên`,
    `Trên 80%`, `Không quá 02`; with the period it is judged at, when not every period."""
    comparison = target.comparison
    if comparison is None:
        return "Định tính" if target.measure.kind == "qualitative" else NONE_SHOWN
    name, value = comparison
    if period_id is not None and period_id in target.by_period:
        value = target.by_period[period_id]
    shown = format_percent(value.value) if isinstance(value, Percent) else count_text(value)
    if name == "at_least" and isinstance(value, Percent) and value.value == 1:
        text = shown
    elif name == "at_most" and not isinstance(value, Percent) and value == 0:
        text = "Không có"  # "không quá 0" is how no drafter writes it
    else:
        text = _PLAN_WORDS[name].format(value=shown)
    if target.periods and plan is not None:
        labels = [clean(plan.periods[p].label) for p in target.periods if p in plan.periods]
        text += f" (đánh giá vào kỳ {', '.join(labels)})"
    return text


def rate_text(tr: TargetResult) -> str:
    if not tr.target.measure.is_share or tr.value is None:
        return NONE_SHOWN
    return format_percent(tr.value)


def indicator_text(indicator: Indicator, value: Any, plan: Plan | None = None) -> str:
    """A unit's indicator value as shown: `Có`/`Không`, the choice's or grade's label,
    `1.250`, `05` for a count (an integer that adds up)."""
    if value is None:
        return NONE_SHOWN
    if indicator.type == "bool":
        return "Có" if value else "Không"
    choices = plan.choices_of(indicator) if plan is not None else indicator.choices
    if indicator.type in ("choice", "grade"):
        return clean((choices or {}).get(value, value))
    if indicator.is_number and not isinstance(value, (bool, str)):
        if indicator.type == "integer" and indicator.sums:
            return count_text(value)
        return _number(value)
    return clean(value) or NONE_SHOWN


# ------------------------------------------------------------------------------- public API
def build_context(result: PeriodResult, options: ReportOptions) -> dict[str, Any]:
    """Everything the template shows, as ready-made strings and rows."""
    report = _Report(result, options)
    plan = result.plan
    document = plan.document
    signer_name = options.signer_name or plan.report.signer.name
    return {
        "parent": clean(document.parent).upper(),
        "issuer": clean(document.issuer).upper(),
        "issuer_name": report.issuer_name,
        "report_code": clean(plan.report.code),
        "place_date": format_place_date(clean(document.place), options.report_date),
        "date_short": _short_date(options.report_date),
        "year": str(plan.year),
        "period_label": report.label,
        "subject": report.subject,
        "recipient": clean(plan.report.recipient),
        "opening": report.opening(),
        "leadership": report.leadership(),
        "areas": report.areas(),
        "targets_heading": report.targets_heading(),
        "targets_intro": ["Kết quả thực hiện các chỉ tiêu trọng tâm của "
                          f"{report.plan_reference()} như sau:"],
        "targets": report.target_rows(),
        "targets_notes": report.targets_notes(),
        "strengths": report.strengths(),
        "shortcomings": report.shortcomings(),
        "causes": report.causes(),
        "next_tasks": report.next_tasks(),
        "proposals": report.proposals(),
        "closing": report.closing(),
        "recipients": report.recipients(),
        "signer_lines": report.signer_lines(),
        "signer_name": clean(signer_name),
        "annex_title": f"Kết quả tự đánh giá của các đơn vị {report.label}",
        "annex_reference": (f"(Kèm theo Báo cáo số {' ' * 6}/{clean(plan.report.code)} ngày "
                            f"{_short_date(options.report_date)} của {report.issuer_name})"),
        "annex_columns": report.annex_columns(),
        "annex_rows": report.annex_rows(),
        "annex_notes": report.annex_notes(),
    }


def document_properties(result: PeriodResult, options: ReportOptions) -> DocumentProperties:
    plan = result.plan
    subject = f"{clean(plan.report.subject)} {clean(result.period.label)}"
    return DocumentProperties(
        title=f"Báo cáo {lower_first(subject)}",
        subject=subject,
        author=clean(plan.document.issuer_name),
        created=datetime(options.report_date.year, options.report_date.month,
                         options.report_date.day, tzinfo=timezone.utc),
    )


def default_report_date(result: PeriodResult, today: date) -> date:
    """The period's `report_by` when the plan sets it, else `today`."""
    return result.period.report_by or today
