"""Wording shared by every section: text cleaning, counts, dates, and values as shown.

Everything the report shows is a name or a label, never an id; numbers use the decimal comma;
dates follow Nghị định 30/2020/NĐ-CP. Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dvcq_cli.model import HEADING_WORDS, Indicator, Plan, Target
from dvcq_cli.schema import Percent
from dvcq_cli.vietnamese import (
    format_date_short,
    format_number,
    format_percent,
    format_place_date,
    nfc,
)

if TYPE_CHECKING:  # the engine is only needed for its types here
    from dvcq_cli.attain import TargetResult

NONE_SHOWN = "-"

# The kinds of document a plan can be (`document.type`), as the report names them.
DOCUMENT_TYPES = {
    "KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "CT": "Chỉ thị",
    "NQ": "Nghị quyết", "HD": "Hướng dẫn", "TB": "Thông báo", "TTr": "Tờ trình",
    "CTr": "Chương trình",
}
_PLAN_WORDS = {"at_least": "Từ {value} trở lên", "more_than": "Trên {value}",
               "at_most": "Không quá {value}", "less_than": "Dưới {value}"}
# Characters XML 1.0 cannot hold, and the ones docxtpl turns into breaks (\a, \f, \t).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_SENTENCE_END = re.compile(r"\.\s+")
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]{0,2}")


# Abbreviations a reader outside the office may not know: written out at their first use.
ABBREVIATIONS = {"CCVC": "công chức, viên chức", "CBCCVC": "cán bộ, công chức, viên chức",
                 "TTHC": "thủ tục hành chính", "HĐND": "Hội đồng nhân dân"}
_ABBREVIATION_USE = re.compile(r"(?<![\w(])(" + "|".join(sorted(ABBREVIATIONS, key=len,
                                                               reverse=True)) + r")(?![\w)])")


def spell_out_first(texts: Iterable[str], seen: set[str]) -> list[str]:
    """The texts, in reading order, with each abbreviation's first use written out
    (`công chức, viên chức (CCVC)`); `seen` carries what earlier texts wrote out."""
    def expand(match: re.Match[str]) -> str:
        short = match.group(1)
        if short in seen:
            return short
        seen.add(short)
        return f"{ABBREVIATIONS[short]} ({short})"
    return [_ABBREVIATION_USE.sub(expand, text) for text in texts]


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
            return strip_end(text[:match.start()])
    return strip_end(text)


def heading_text(text: str) -> str:
    """A task's or point's heading: its first sentence, up to the first semicolon.

    Plans write each point as a long paragraph; its first clause names it well enough and
    keeps the heading short. A first clause of fewer than four words is kept whole.
    """
    sentence = first_sentence(text)
    clause = sentence.split(";", 1)[0].strip()
    return strip_end(clause) if len(clause.split()) >= 4 else sentence


# A point's heading in the report: a line or two. A plan without a `heading` for a point
# gets its first clause, whole up to HEADING_WORDS_WHOLE words, else cut at a comma or before
# a joining word within HEADING_WORDS words (`và` is left alone: it joins lists).
HEADING_WORDS_WHOLE = 25
_HEADING_CUTS = re.compile(r",\s| (?=(?:nhằm|theo|đồng thời|gắn với|để) )")


def short_heading(text: str) -> str:
    """A point's heading from its full text: the first clause (`heading_text`), or, when
    that is longer than a heading, its longest start that ends at a comma or before a
    joining word (`nhằm`, `theo`, …) within HEADING_WORDS words."""
    clause = heading_text(text)
    if len(clause.split()) <= HEADING_WORDS_WHOLE:
        return clause
    best = None
    for cut in _HEADING_CUTS.finditer(clause):
        start = clause[:cut.start()]
        if len(start.split()) > HEADING_WORDS:
            break
        best = start
    return strip_end(best) if best and len(best.split()) >= 4 else clause


# A range of years as the report writes it: `2021–2030`, with an en dash. Ids, symbols and
# dates (`2024-06-26`, `25-NQ/TW`) are not ranges of years and stay as they are.
_YEAR_RANGE = re.compile(r"(?<![\w/.\-–])((?:19|20)\d\d)-((?:19|20)\d\d)(?![\w/\-])")


def year_ranges(value: Any) -> Any:
    """Every string of a context (strings, lists, dicts) with its ranges of years written
    with an en dash."""
    if isinstance(value, str):
        return _YEAR_RANGE.sub(r"\1–\2", value) if "-" in value else value
    if isinstance(value, list):
        return [year_ranges(item) for item in value]
    if isinstance(value, dict):
        return {key: year_ranges(item) for key, item in value.items()}
    return value


# What is not a result though written in digits: a quoted name (“Một lần hỏi – …”), a
# document's number (`số 294/KH-VP`), a date (`13/8/2024`, `ngày 15/6`, `tháng 7/2024`), a
# year or years (`năm 2024`, `2015–2018`), a period's name (`báo cáo 6 tháng`, `6 tháng đầu
# năm`, `quý III`).
# `04/06 hộ dân` is a share, a result: only a date with its year or its word is a date.
_NOT_A_RESULT = re.compile(
    r"“[^”]*”|\bsố\s+\S+|\b\d{1,2}/\d{1,2}/\d{4}\b|\b(?:ngày|tháng)\s+\d{1,2}(?:/\d{1,4})?"
    r"|(?<![\d.,])(?:19|20)\d\d(?![\d.,])|\b(?:báo cáo|sơ kết|tổng kết)\s+\d+\s+tháng\b"
    r"|\b\d+\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\b|\bquý\s+\S+", re.IGNORECASE)
_FIGURE = re.compile(r"(?<![\w/.,-])\d+(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*)?(?![\w/-])")


def states_result(text: str) -> bool:
    """Whether a text states a result in figures (`412 cuộc gọi … được trả lời trong ngày`,
    `rút từ 10 ngày xuống 05 ngày`), not only names, numbers of documents and dates: what
    sets a highlight apart from a line that says a duty was done."""
    return _FIGURE.search(_NOT_A_RESULT.sub(" ", clean(text))) is not None


def strip_end(text: str) -> str:
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


def bullets(items: Sequence[str]) -> list[str]:
    """`- item;` lines, the last one ending with a full stop."""
    lines = []
    for index, item in enumerate(items):
        end = "." if index == len(items) - 1 else ";"
        lines.append(f"- {strip_end(item)}{end}")
    return lines


def join_names(names: Iterable[str]) -> str:
    return ", ".join(names)


def number_text(value: int | float | Fraction) -> str:
    if isinstance(value, float):
        value = Fraction(str(value))
    return format_number(value)


# Room for the văn thư to write a day by hand, in a date line and in a short date.
BLANK_DAY = " " * 6


def month_of(day: date) -> str:
    """The month as a date shows it: `01`, `02`, then `3` … `12` (Nghị định 30/2020)."""
    return f"{day.month:02d}" if day.month <= 2 else str(day.month)


def place_date_text(place: str, day: date, filled: bool) -> str:
    """`Đồng Nai, ngày 15 tháng 9 năm 2024`, or with the day left blank."""
    if filled:
        return format_place_date(place, day)
    return f"{place}, ngày {BLANK_DAY}tháng {month_of(day)} năm {day.year}"


def report_day_text(day: date, filled: bool) -> str:
    """The report's own date when cited (`15/9/2024`), or `     /9/2024` left blank."""
    return short_date(day) if filled else f"{BLANK_DAY}/{month_of(day)}/{day.year}"


def short_date(day: date) -> str:
    return format_date_short(day)



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
        return number_text(value)
    return clean(value) or NONE_SHOWN


