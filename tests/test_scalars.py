"""The scalar dialect, value by value: what a plain YAML value means to dvcq.

Each expectation is written out by hand from the rules in the README ("Values"): quoted and
block values are text; plain values are null, true/false, whole and decimal numbers, ISO
dates or text; what YAML readers disagree on is refused with what to write instead.
"""

from __future__ import annotations

from datetime import date

import pytest
from yaml.nodes import ScalarNode

from dvcq_cli import loader
from dvcq_cli.model import ASSESSMENT
from dvcq_cli.scalars import Ambiguous, BadDate, is_plain, plain_value
from dvcq_cli.schema import Context

TAG = "tag:yaml.org,2002:str"


def plain(text: str) -> object:
    return plain_value(ScalarNode(TAG, text, style=None))


@pytest.mark.parametrize("style", ["'", '"', "|", ">"])
@pytest.mark.parametrize("text", ["yes", "010", "2024-13-01", "null", "true", "1_000", ""])
def test_quoted_and_block_values_are_text(style: str, text: str) -> None:
    node = ScalarNode(TAG, text, style=style)
    assert not is_plain(node)
    assert plain_value(node) == text


@pytest.mark.parametrize("style", [None, ""])  # pure-Python YAML marks plain as None, libyaml ''
def test_plain_is_none_or_empty_style(style: str | None) -> None:
    node = ScalarNode(TAG, "x", style=style)
    assert is_plain(node)
    assert plain_value(node) == "x"


@pytest.mark.parametrize("text", ["", "~", "null", "Null", "NULL"])
def test_nulls(text: str) -> None:
    assert plain(text) is None


@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False)])
def test_booleans(text: str, value: bool) -> None:
    assert plain(text) is value


@pytest.mark.parametrize(("text", "value"), [
    ("0", 0), ("7", 7), ("-3", -3), ("+12", 12), ("1250", 1250), ("-0", 0)])
def test_whole_numbers(text: str, value: int) -> None:
    found = plain(text)
    assert (type(found), found) == (int, value)


@pytest.mark.parametrize(("text", "value"), [
    ("0.5", 0.5), ("83.3", 83.3), (".5", 0.5), ("-1.25", -1.25), ("+2.", 2.0), ("1e3", None),
    ("1.5e2", 150.0), ("2.5E-1", 0.25)])
def test_decimal_numbers(text: str, value: float | None) -> None:
    found = plain(text)
    if value is None:  # an exponent needs a decimal point: "1e3" stays text
        assert found == "1e3"
    else:
        assert (type(found), found) == (float, value)


@pytest.mark.parametrize(("text", "value"), [
    ("2024-04-08", date(2024, 4, 8)), ("2024-02-29", date(2024, 2, 29)),
    ("2025-12-31", date(2025, 12, 31)), ("0001-01-01", date(1, 1, 1))])
def test_iso_dates(text: str, value: date) -> None:
    assert plain(text) == value


@pytest.mark.parametrize("text", ["2025-02-29", "2024-13-01", "2024-04-31", "2024-00-10"])
def test_impossible_dates(text: str) -> None:
    assert plain(text) == BadDate(f"'{text}' is not a real date (year-month-day)")


@pytest.mark.parametrize("text", ["2024-04-08 10:30", "2024-4-8T9:05", "2024-04-08t10:30"])
def test_a_time_of_day_is_refused(text: str) -> None:
    assert plain(text) == BadDate(
        f"'{text}' has a time of day; write only the date as YYYY-MM-DD, e.g. 2024-04-08")


@pytest.mark.parametrize("text", ["2024-4-8", "08/04/2024", "8.4.2024x", "-", "+", "."])
def test_other_date_like_values_are_text(text: str) -> None:
    assert plain(text) == text


@pytest.mark.parametrize("text", ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON",
                                  "off", "Off", "OFF", "y", "Y", "n", "N"])
def test_yaml_1_1_booleans_are_refused(text: str) -> None:
    assert plain(text) == Ambiguous("ambiguous-bool", (
        f"'{text}' is read as a boolean by some YAML readers and as text by others; write "
        f"true or false, or put it in quotes (\"{text}\") if it is text"))


@pytest.mark.parametrize(("text", "lower"), [
    ("True", "true"), ("TRUE", "true"), ("False", "false"), ("FALSE", "false")])
def test_capitalised_booleans_are_refused(text: str, lower: str) -> None:
    assert plain(text) == Ambiguous(
        "ambiguous-bool", f"write '{lower}' in lower case: only true and false are booleans")


@pytest.mark.parametrize("text", ["010", "00", "-07", "+0012", "0x1F", "0o17", "0b101",
                                  "0X1f", "0B1", "0O7", "-0x1"])
def test_octal_and_hexadecimal_looking_numbers_are_refused(text: str) -> None:
    assert plain(text) == Ambiguous("ambiguous-number", (
        f"'{text}' is read as an octal or hexadecimal number by some YAML readers; write the "
        f"number without leading zeros, or put it in quotes (\"{text}\") if it is text"))


@pytest.mark.parametrize(("text", "written"), [
    ("1_000", "1000"), ("-2_500_000", "-2500000"), ("1_0.5", "10.5"), ("+3_3", "+33")])
def test_underscores_in_numbers_are_refused(text: str, written: str) -> None:
    assert plain(text) == Ambiguous("ambiguous-number", (
        f"'{text}' uses '_' as a digit separator; write {written}, or put it in quotes if "
        f"it is text"))


@pytest.mark.parametrize("text", ["1:30", "12:05:59", "-1:30", "190:20:30.15", "1:5"])
def test_base_60_numbers_are_refused(text: str) -> None:
    assert plain(text) == Ambiguous("ambiguous-number", (
        f"'{text}' is read as a base-60 number by some YAML readers; put it in quotes "
        f"(\"{text}\")"))


@pytest.mark.parametrize("text", ["1:60", "1:75", "12h30", "3 người", "2.a", "1.2.3", "12a",
                                  "0x", "0xG1", "1__", "Yess", "nO", "tRue", "yes!",
                                  "Không", "Đạt", "ccvc"])
def test_text_that_only_looks_like_something_else(text: str) -> None:
    assert plain(text) == text


@pytest.mark.parametrize(("word", "code", "message"), [
    ("true", "type-mismatch",
     "expected text, found the boolean true; put it in quotes if it is text"),
    ("false", "type-mismatch",
     "expected text, found the boolean false; put it in quotes if it is text"),
    ("null", "value-missing", "a value is missing here: write text"),
    ("Off", "ambiguous-bool",
     "'Off' is read as a boolean by some YAML readers and as text by others; write true or "
     "false, or put it in quotes (\"Off\") if it is text"),
])
def test_a_yaml_word_where_text_is_expected_is_not_taken_as_text(
        word: str, code: str, message: str) -> None:
    # Text fields take most plain values at once (schema.Text); these words go the general
    # way and are reported, never read as the text "true".
    text = ("unit: vp\nperiod: 6m\nsubmitted: 2025-06-10\nindicators: {}\nactivities:\n"
            f"  - task: '1'\n    date: 2025-03-04\n    text: {word}\n")
    loaded = loader.load_text(text, "vp.yaml")
    assert loaded.root is not None
    ctx = Context("vp.yaml")
    ASSESSMENT.build(loaded.root, ctx)
    assert [(p.code, p.line, p.column, p.message) for p in ctx.problems] == [
        (code, 8, 11, message)]
