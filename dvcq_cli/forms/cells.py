"""What a cell's value means for its column: the repairs a spreadsheet needs.

Spreadsheet programs store what people type in many ways: a number as text (`"14"`,
`" 1.234 "`), a date as a real date, as a number of days (an Excel serial) or as text
(`08/04/2024`), text with no-break spaces and trailing spaces from Word. Every such value that
has one clear meaning is read as that value. A value that does not fit its column (`"abc"` as
a number) is passed on unchanged, so that the same specs as `dvcq check` refuse it with the
same message; only what is particular to a form (a dropdown's label, a day/month/year date)
is reported here, with the messages `dvcq check` uses for the same mistake.

Text goes through the loader's own checks (control characters, line separators, decomposed
Unicode, TCVN3 look-alikes) and comes out NFC.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from dvcq_cli import loader
from dvcq_cli.forms.layout import (
    BOOL,
    DATE,
    LINES,
    NUMBER,
    PICK,
    TEXT,
    WHOLE,
    Column,
    Option,
)
from dvcq_cli.i18n import _
from dvcq_cli.problems import Severity
from dvcq_cli.schema import closest, did_you_mean
from dvcq_cli.tuples import NamedTuple


class Raw(NamedTuple):
    """A value that does not fit its column, passed on for the specs to refuse."""

    text: str


class Issue(NamedTuple):
    code: str
    message: str
    severity: Severity = Severity.ERROR


class Read(NamedTuple):
    """A cell read for its column: the value (None when empty) and what was wrong."""

    value: Any
    issues: tuple[Issue, ...] = ()


EMPTY = Read(None)

# Spaces that Word and web pages put in text, read as ordinary spaces.
_SPACES = re.compile("[\u00a0\u2007\u202f\u2002\u2003\u2009\u200a\u3000]")
_TRAILING = re.compile(r"[ \t]+\n")


def clean_text(value: str) -> str:
    """Ordinary spaces for no-break ones, LF line ends, no spaces around lines."""
    text = _SPACES.sub(" ", value).replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING.sub("\n", text).strip()


def read(column: Column, value: Any) -> Read:
    """The cell `value` (as openpyxl gives it) read for `column`."""
    if value is None:
        return EMPTY
    issues: tuple[Issue, ...] = ()
    if isinstance(value, str):
        text, issues = _checked_text(value)
        if text is None:
            return Read(None, issues)
        if not text:
            return EMPTY
        value = text
    reader = _READERS[column.kind]
    result = reader(column, value)
    return result._replace(issues=issues + result.issues) if issues else result


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(value: str) -> str:
    """Excel stores a control character of a cell (Word's line break U+000B) as `_x000B_`,
    and a typed `_x` as `_x005F_x`; openpyxl leaves them so."""
    if "_x" not in value:
        return value
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), value)


def _checked_text(value: str) -> tuple[str | None, tuple[Issue, ...]]:
    text, problems = loader.normalise_text(clean_text(unescape(value)), "")
    return text, tuple(Issue(p.code, p.message, p.severity) for p in problems)


# ---------------------------------------------------------------- text
def _text(column: Column, value: Any) -> Read:
    if isinstance(value, str):
        return Read(value)
    return Read(_as_text(value))


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _lines(column: Column, value: Any) -> Read:
    text = value if isinstance(value, str) else _as_text(value)
    items = [line.strip() for line in text.split("\n")]
    return Read([item for item in items if item])


# ---------------------------------------------------------------- numbers
_WHOLE = re.compile(r"[+-]?[0-9]+\Z")
_GROUPED = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*\Z")  # 1.234 or 1,234,567
_DECIMAL = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?\Z")
_VIETNAMESE_DECIMAL = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+\Z")  # 1.234,5


def _whole(column: Column, value: Any) -> Read:
    if isinstance(value, bool):
        return Read(Raw(_as_text(value)))
    if isinstance(value, int):
        return Read(value)
    if isinstance(value, float):
        return Read(int(value) if value.is_integer() else Raw(repr(value)))
    if isinstance(value, str):
        compact = value.replace(" ", "")
        if _WHOLE.match(compact):
            return Read(int(compact))
        if _GROUPED.match(compact):  # thousands separated, the Vietnamese way or the English
            return Read(int(re.sub("[.,]", "", compact)))
        return Read(Raw(value))
    return Read(Raw(_as_text(value)))


def _number(column: Column, value: Any) -> Read:
    if isinstance(value, bool):
        return Read(Raw(_as_text(value)))
    if isinstance(value, int):
        return Read(value)
    if isinstance(value, float):
        return Read(int(value) if value.is_integer() else Fraction(repr(value)))
    if isinstance(value, str):
        compact = value.replace(" ", "")
        if _VIETNAMESE_DECIMAL.match(compact):
            compact = compact.replace(".", "")
        if _DECIMAL.match(compact):
            exact = Fraction(compact.replace(",", "."))
            return Read(exact.numerator if exact.denominator == 1 else exact)
        return Read(Raw(value))
    return Read(Raw(_as_text(value)))


# ---------------------------------------------------------------- dates
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\Z")
_YEAR_FIRST = re.compile(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})\Z")
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system, past its 1900 bug
_LAST_SERIAL = 2958465  # 31/12/9999


def _date(column: Column, value: Any) -> Read:
    if isinstance(value, datetime):
        return Read(value.date())
    if isinstance(value, date):
        return Read(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value <= _LAST_SERIAL:  # days since 1900, as Excel stores dates
            return Read(_EXCEL_EPOCH + timedelta(days=int(value)))
        return _not_a_date(_as_text(value))
    if isinstance(value, str):
        text = value.replace(" ", "")
        day_first = _DAY_FIRST.match(text)
        year_first = _YEAR_FIRST.match(text)
        if day_first or year_first:
            if day_first:
                day, month, year = (int(part) for part in day_first.groups())
            else:
                assert year_first is not None
                year, month, day = (int(part) for part in year_first.groups())
            try:
                return Read(date(year, month, day))
            except ValueError:
                return Read(Raw(value), (Issue("value-invalid", _(
                    "'{value}' is not a real date (day/month/year)").format(value=value)),))
        return _not_a_date(value)
    return _not_a_date(_as_text(value))


def _not_a_date(text: str) -> Read:
    return Read(Raw(text), (Issue("type-mismatch", _(
        "'{value}' is not a date: write it as day/month/year, e.g. 08/04/2024").format(
        value=text)),))


# ---------------------------------------------------------------- dropdowns
_TASK_NUMBER = re.compile(r"([0-9]{1,2}(?:\.[a-zđ])?)(?:\s|[–—-]|\Z)")
_FOLD_SPACES = re.compile(r"\s+")


def _bool(column: Column, value: Any) -> Read:
    if isinstance(value, bool):
        return Read(value)
    if isinstance(value, (int, float)) and value in (0, 1):
        return Read(bool(value))
    text = _as_text(value)
    folded = text.strip().casefold()
    if folded in _TRUE:
        return Read(True)
    if folded in _FALSE:
        return Read(False)
    return _not_an_option(column, text)


_TRUE = frozenset({"có", "co", "x", "true", "đúng", "yes", "1", "đạt"})
_FALSE = frozenset({"không", "khong", "false", "sai", "no", "0", "chưa đạt"})


def _pick(column: Column, value: Any) -> Read:
    text = _as_text(value)
    found = match_option(column.options, text)
    if found is not None:
        return Read(found.value)
    if column.options and column.options[0].value != column.options[0].label \
            and _is_task_list(column.options):
        number = _TASK_NUMBER.match(text)
        if number:  # a task typed by its number, known or not: the rules say which
            return Read(number.group(1))
    return _not_an_option(column, text)


def match_option(options: tuple[Option, ...], text: str) -> Option | None:
    """The option a cell names: by its label or its value, ignoring spaces, case and
    accents when that leaves one candidate."""
    wanted = _FOLD_SPACES.sub(" ", text).strip()
    for option in options:
        if wanted in (option.label, option.value):
            return option
    folded = {_fold(option.label): option for option in options}
    return folded.get(_fold(wanted))


def _fold(text: str) -> str:
    return _FOLD_SPACES.sub(" ", text).strip().casefold()


def _is_task_list(options: tuple[Option, ...]) -> bool:
    return all(_TASK_NUMBER.match(option.label) for option in options)


def _not_an_option(column: Column, text: str) -> Read:
    if column.kind == PICK and _is_task_list(column.options):
        shown = [option.value for option in column.options]  # the titles are too long to list
    else:
        shown = [option.label for option in column.options]
    guess = closest(text, shown)
    hint = did_you_mean(text, shown) if guess is not None else ""
    return Read(Raw(text), (Issue("choice-invalid", _(
        "'{value}' is not one of: {choices}{hint}").format(
        value=text, choices=", ".join(shown), hint=hint)),))


_READERS = {TEXT: _text, LINES: _lines, WHOLE: _whole, NUMBER: _number, DATE: _date,
            BOOL: _bool, PICK: _pick}
