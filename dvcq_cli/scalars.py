"""What a plain YAML scalar means, decided by dvcq and not by YAML 1.1's guesses.

Quoted and block scalars are always text. A plain scalar is `null`, `true`/`false`, a whole
number, a decimal number, an ISO date, or text. Values that different YAML readers read
differently (`yes`, `On`, `010`, `0x1F`, `1_000`, `1:30`) are refused with a message saying
how to write them, so the same file means the same thing in every tool and editor.
"""

from __future__ import annotations

import re
from datetime import date

from yaml.nodes import ScalarNode

from dvcq_cli.i18n import _
from dvcq_cli.tuples import NamedTuple

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_YAML11_BOOLS = frozenset({
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    "y", "Y", "n", "N", "True", "TRUE", "False", "FALSE",
})
# Plain values that are not text although they start with a letter.
WORDS = NULLS | _YAML11_BOOLS | {"true", "false"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+\Z")
_PREFIXED = re.compile(r"[-+]?0[oOxXbB][0-9a-fA-F_]+\Z")
_UNDERSCORED = re.compile(r"[-+]?[0-9][0-9]*(?:_[0-9]+)+(?:\.[0-9_]*)?\Z")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}")


class Ambiguous(NamedTuple):
    """A plain value YAML readers disagree on; `code` and `message` say what to write."""

    code: str
    message: str


class BadDate(NamedTuple):
    message: str


def is_plain(node: ScalarNode) -> bool:
    """Unquoted and not a block scalar (libyaml marks plain as '', pure-Python as None)."""
    return not node.style


def plain_value(node: ScalarNode) -> object:
    """The value of a scalar node: None, bool, int, float, date, str, Ambiguous or BadDate."""
    text: str = node.value
    if node.style:
        return text
    if text in NULLS:
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    first = text[0]
    if first.isdigit() or first in "+-.":
        return _numeric_or_date(text)
    if text in _YAML11_BOOLS:
        return _ambiguous_bool(text)
    return text


def _numeric_or_date(text: str) -> object:
    if len(text) == 10 and text[4] == "-":
        # Most values that start with a digit are dates: tried first (neither a whole nor
        # a decimal number has a '-' there).
        match = _ISO_DATE.match(text)
        if match:
            return _iso_date(text, match)
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    match = _ISO_DATE.match(text)
    if match:
        return _iso_date(text, match)
    if _LEADING_ZERO.match(text) or _PREFIXED.match(text):
        return Ambiguous("ambiguous-number", _(
            "'{value}' is read as an octal or hexadecimal number by some YAML readers; "
            "write the number without leading zeros, or put it in quotes (\"{value}\") if it "
            "is text").format(value=text))
    if _UNDERSCORED.match(text):
        return Ambiguous("ambiguous-number", _(
            "'{value}' uses '_' as a digit separator; write {plain}, or put it in quotes if "
            "it is text").format(value=text, plain=text.replace("_", "")))
    if _SEXAGESIMAL.match(text):
        return Ambiguous("ambiguous-number", _(
            "'{value}' is read as a base-60 number by some YAML readers; put it in quotes "
            "(\"{value}\")").format(value=text))
    if _TIMESTAMP.match(text):
        return BadDate(_("'{value}' has a time of day; write only the date as YYYY-MM-DD, "
                         "e.g. 2024-04-08").format(value=text))
    return text


def _iso_date(text: str, match: re.Match[str]) -> object:
    year, month, day = map(int, match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return BadDate(_("'{value}' is not a real date (year-month-day)").format(value=text))


def _ambiguous_bool(text: str) -> Ambiguous:
    if text.lower() in ("true", "false"):
        return Ambiguous("ambiguous-bool", _(
            "write '{lower}' in lower case: only true and false are booleans"
        ).format(lower=text.lower()))
    return Ambiguous("ambiguous-bool", _(
        "'{value}' is read as a boolean by some YAML readers and as text by others; write "
        "true or false, or put it in quotes (\"{value}\") if it is text").format(value=text))
