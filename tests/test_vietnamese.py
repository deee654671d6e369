"""Vietnamese text rules: order, dates, numbers, slugs, NFC positions, TCVN3 look-alikes."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dvcq_cli import vietnamese
from dvcq_cli.vietnamese import (
    LEGACY_LOOKALIKES,
    ascii_slug,
    find_tcvn3_lookalike,
    first_non_nfc,
    format_date,
    format_date_short,
    format_number,
    format_percent,
    format_place_date,
    is_vietnamese_syllable,
    nfc,
    person_sort_key,
    sort_key,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------------------- nfc


def test_nfc_composes_decomposed_input():
    decomposed = nfd("Nguyễn")
    assert len(decomposed) == 8
    assert nfc(decomposed) == "Nguyễn"
    assert len(nfc(decomposed)) == 6


def test_nfc_keeps_old_and_new_tone_placement_apart():
    # NFC does not move tone marks: hoà and hòa stay two spellings.
    assert nfc("hoà") != nfc("hòa")


# ------------------------------------------------------------------------ sorting


def test_sort_example_from_brief():
    names = ["Đông", "Dương", "An", "Ân", "Ăn", "Bình", "anh"]
    assert sorted(names, key=sort_key) == ["An", "anh", "Ăn", "Ân", "Bình", "Dương", "Đông"]


def test_plain_python_sort_gets_it_wrong():
    # The reason sort_key exists: code-point order puts Đ after every ASCII letter.
    assert sorted(["Em", "Đào", "Dung"]) == ["Dung", "Em", "Đào"]
    assert sorted(["Em", "Đào", "Dung"], key=sort_key) == ["Dung", "Đào", "Em"]


def test_tones_order_ngang_huyen_hoi_nga_sac_nang():
    ordered = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(ordered, key=sort_key) == ordered
    assert sorted(reversed(ordered), key=sort_key) == ordered
    assert sorted(["ạ", "á", "ã", "ả", "à", "a"], key=sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]


def test_tone_is_only_a_secondary_difference():
    # A tone never outranks a later base letter: mạ < mác because "ma" < "mac".
    assert sorted(["mác", "mạ", "ma"], key=sort_key) == ["ma", "mạ", "mác"]
    assert sorted(["bà", "ba", "bác", "bạn"], key=sort_key) == ["ba", "bà", "bác", "bạn"]


def test_case_is_tertiary_lower_first():
    assert sorted(["mà", "Ma", "ma"], key=sort_key) == ["ma", "Ma", "mà"]
    assert sorted(["AN", "an", "An"], key=sort_key) == ["an", "An", "AN"]


def test_whole_alphabet_order():
    alphabet = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
    assert sorted(reversed(alphabet), key=sort_key) == alphabet
    upper = [letter.upper() for letter in alphabet]
    assert sorted(reversed(upper), key=sort_key) == upper


def test_vowels_with_letter_marks_are_separate_letters():
    words = ["ưa", "ơn", "ôm", "ua", "om", "ăn", "ân", "ên", "en", "an"]
    assert sorted(words, key=sort_key) == [
        "an", "ăn", "ân", "en", "ên", "om", "ôm", "ơn", "ua", "ưa",
    ]  # fmt: skip


def test_nfd_input_sorts_like_nfc():
    names = ["Đông", "Dương", "An", "Ân", "Ăn", "Bình", "anh", "Nguyễn", "Nguyên", "Ngô"]
    by_nfc = sorted(names, key=sort_key)
    by_nfd = sorted((nfd(n) for n in names), key=sort_key)
    assert [nfc(n) for n in by_nfd] == by_nfc
    assert sort_key(nfd("Nguyễn Thị Ánh")) == sort_key("Nguyễn Thị Ánh")


@given(st.text(alphabet=st.one_of(
    st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ -1.,çñŷß\u0300\u0301\u0303"
                    "\u0309\u0323\u0302\u0306\u031b\u0344"),
    st.characters())))
@example("ả\u0302")  # a mark NFC cannot join to the letter before it
@example("\u0301a")  # a mark with no letter before it
@example("Hàn Quốc ǅ 가")  # characters whose NFD is several characters
def test_the_per_character_key_is_the_cluster_key(text: str) -> None:
    # sort_key weighs each NFC character once and remembers it; the definition weighs
    # every base character with its marks. They must agree on any text.
    assert sort_key(text) == vietnamese._cluster_key(nfc(text))


def test_hand_sorted_list_in_nfc_nfd_and_with_stray_marks():
    # Written out by hand: letters first (a ă â ... d đ ... e ê), tones after
    # (ngang huyền hỏi ngã sắc nặng), a shorter word before its continuations.
    expected = ["a", "à", "ả", "ã", "á", "ạ", "ă", "ằ", "â", "ẩ", "ậ", "b", "d", "đ", "e",
                "ê", "mạ", "mac", "Mai", "ô", "ơ", "u", "ư"]
    shuffled = [expected[i] for i in (17, 3, 22, 0, 9, 14, 5, 20, 11, 1, 16, 7, 13, 19, 2,
                                      21, 8, 15, 4, 18, 10, 6, 12)]
    assert sorted(shuffled, key=sort_key) == expected
    assert sorted((nfd(n) for n in shuffled), key=sort_key) == [nfd(n) for n in expected]


def test_mixed_nfc_and_nfd_in_one_list():
    assert sorted(["mạ", nfd("má"), "mà", nfd("ma")], key=sort_key) == [
        nfd("ma"), "mà", nfd("má"), "mạ",
    ]  # fmt: skip


def test_spaces_punctuation_digits_before_letters():
    items = ["Anh", "An Bình", "A1", "A-B", "An", "A B"]
    assert sorted(items, key=sort_key) == ["A B", "A-B", "A1", "An", "An Bình", "Anh"]


def test_foreign_accented_letter_sorts_with_its_base():
    # ç is c with a secondary difference, so it stays between b and d.
    assert sorted(["da", "ça", "ca", "ba"], key=sort_key) == ["ba", "ca", "ça", "da"]


def test_symbols_after_punctuation_and_before_digits():
    # ICU's primary classes: spaces, punctuation (- _ .), symbols (+ = %), digits, letters.
    assert sorted(["a", "1", "+", "-", " ", "=", "_"], key=sort_key) == [
        " ", "-", "_", "+", "=", "1", "a"]


def test_letters_with_marks_vietnamese_letters_do_not_have_sort_with_their_base():
    # ŏ (o with a breve: ă's mark on another letter) and ĕ are o and e with a secondary
    # difference: between n and p, between d and g; never after z.
    assert sorted(["z", "p", "ŏ", "o", "n", "ĕ", "g", "e"], key=sort_key) == [
        "e", "ĕ", "g", "n", "o", "ŏ", "p", "z"]


def test_foreign_marks_are_weighed_left_to_right_and_like_icu():
    # The first difference in marks decides (cà before ça: the c differs first); of two
    # marks on o, the breve comes before the diaeresis, as in ICU's root order.
    assert sorted(["ça", "cà"], key=sort_key) == ["cà", "ça"]
    assert sorted(["ö", "o", "ŏ"], key=sort_key) == ["o", "ŏ", "ö"]


def test_person_sort_same_given_name_then_the_whole_rest():
    people = ["Nguyễn Văn An", "Nguyễn Thị An", "Lê Văn An", "Nguyễn An"]
    assert sorted(people, key=person_sort_key) == [
        "Lê Văn An", "Nguyễn An", "Nguyễn Thị An", "Nguyễn Văn An"]


def test_person_sort_by_given_name_then_rest():
    people = ["Trần Văn An", "Nguyễn Thị Bình", "Lê An"]
    assert sorted(people, key=person_sort_key) == ["Lê An", "Trần Văn An", "Nguyễn Thị Bình"]


def test_person_sort_vietnamese_order_of_given_names():
    people = ["Phạm Đức", "Lê Dũng", "Võ Ân", "Bùi An", "Hồ Thị  Ánh"]
    assert sorted(people, key=person_sort_key) == [
        "Bùi An", "Hồ Thị  Ánh", "Võ Ân", "Lê Dũng", "Phạm Đức",
    ]  # fmt: skip


def test_person_sort_single_word_and_empty_names():
    assert sorted(["Bình", "", "An"], key=person_sort_key) == ["", "An", "Bình"]


# ------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 4, 8), "ngày 08 tháng 4 năm 2024"),
        (date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (date(2024, 9, 16), "ngày 16 tháng 9 năm 2024"),
        (date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (date(2024, 12, 10), "ngày 10 tháng 12 năm 2024"),
        (date(2024, 3, 5), "ngày 05 tháng 3 năm 2024"),
        (date(2023, 11, 1), "ngày 01 tháng 11 năm 2023"),
        (date(2024, 10, 31), "ngày 31 tháng 10 năm 2024"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
    ],
)
def test_format_date(day, expected):
    assert format_date(day) == expected


def test_format_place_date():
    assert format_place_date("Đồng Nai", date(2024, 4, 8)) == "Đồng Nai, ngày 08 tháng 4 năm 2024"
    place_date = format_place_date("Bình Phước", date(2025, 1, 20))
    assert place_date == "Bình Phước, ngày 20 tháng 01 năm 2025"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 4, 8), "08/4/2024"),
        (date(2024, 1, 5), "05/01/2024"),
        (date(2024, 3, 28), "28/3/2024"),
        (date(2023, 12, 15), "15/12/2023"),
        (date(2024, 2, 1), "01/02/2024"),
        (date(2023, 7, 1), "01/7/2023"),
    ],
)
def test_format_date_short(day, expected):
    assert format_date_short(day) == expected


# --------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Fraction(5, 6), 1, "83,3%"),
        (Fraction(4, 5), 1, "80%"),
        (Fraction(2, 3), 1, "66,7%"),
        (Fraction(1), 1, "100%"),
        (Fraction(1, 8), 2, "12,5%"),
        (Fraction(1, 16), 1, "6,3%"),
        (Fraction(1, 16), 2, "6,25%"),
        (Fraction(1, 3), 2, "33,33%"),
        (Fraction(2, 3), 0, "67%"),
        (Fraction(1, 200), 0, "1%"),  # 0.5% rounds half up
        (Fraction(0), 1, "0%"),
        (Fraction(25, 2), 1, "1.250%"),
        (Fraction(-1, 16), 1, "-6,3%"),
        (Fraction(-1, 10000), 1, "0%"),  # never "-0%"
        (1, 1, "100%"),
    ],
)
def test_format_percent(value, digits, expected):
    assert format_percent(value, digits) == expected


def test_format_percent_default_is_one_decimal():
    assert format_percent(Fraction(7, 9)) == "77,8%"


def test_format_percent_refuses_floats():
    with pytest.raises(TypeError) as raised:
        format_percent(0.835)  # type: ignore[arg-type]
    assert str(raised.value) == "pass an int or a Fraction, not a float"


def test_negative_digits_are_refused():
    with pytest.raises(ValueError) as raised:
        format_number(Fraction(1, 3), -1)
    assert str(raised.value) == "digits must be >= 0"


@given(
    st.fractions(min_value=-10, max_value=10, max_denominator=10_000),
    st.integers(min_value=0, max_value=3),
)
def test_format_percent_matches_decimal_half_up(value, digits):
    with localcontext() as context:
        context.prec = 80
        exact = Decimal(value.numerator) * 100 / Decimal(value.denominator)
        rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = format(abs(rounded), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, decimals = text.partition(".")
    expected = f"{int(whole):,}".replace(",", ".") + ("," + decimals if decimals else "")
    if rounded < 0:
        expected = "-" + expected
    assert format_percent(value, digits) == expected + "%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5000, "5.000"),
        (1234567, "1.234.567"),
        (Fraction(5, 2), "2,5"),
        (Fraction(1, 3), "0,3"),
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (-1234, "-1.234"),
        (Fraction(6, 2), "3"),
        (Fraction(1, 20), "0,1"),
        (Fraction(-1, 20), "-0,1"),
        (Fraction(-1, 30), "0"),
        (Fraction(1234567, 2), "617.283,5"),
        (Fraction(19999, 20), "1.000"),  # 999.95 rounds up into the next thousand
    ],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


# ------------------------------------------------------------------------ slugs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Báo cáo Dân vận chính quyền", "bao-cao-dan-van-chinh-quyen"),
        ("Phòng Hành chính – Tổ chức", "phong-hanh-chinh-to-chuc"),
        ("ĐỒNG NAI", "dong-nai"),
        ("Đội ngũ đoàn viên", "doi-ngu-doan-vien"),
        ("Kế hoạch 294/KH-VP", "ke-hoach-294-kh-vp"),
        ("  --Ủy ban, nhân dân!--  ", "uy-ban-nhan-dan"),
        ("Ưu tiên ơn nghĩa", "uu-tien-on-nghia"),
        ("", ""),
        ("–––", ""),
    ],
)
def test_ascii_slug(text, expected):
    assert ascii_slug(text) == expected


def test_ascii_slug_of_nfd_input():
    assert ascii_slug(nfd("Báo cáo Dân vận chính quyền")) == "bao-cao-dan-van-chinh-quyen"


# --------------------------------------------------------------- first_non_nfc


def test_first_non_nfc_none_for_nfc_text():
    assert first_non_nfc("Đồng Nai\nNguyễn Thị Thu Trang\n") is None
    assert first_non_nfc("") is None


def test_first_non_nfc_points_at_first_decomposed_letter():
    text = "year: 2024\nplace: Đồng Nai\nname: Nguy" + nfd("ễ") + "n Văn " + nfd("Ánh")
    assert first_non_nfc(text) == (3, 11)


def test_first_non_nfc_on_first_line_and_column_one():
    assert first_non_nfc(nfd("Đồng")) == (1, 2)  # Đ does not decompose; ồ does
    assert first_non_nfc(nfd("Ánh")) == (1, 1)


def test_first_non_nfc_with_crlf_line_endings():
    text = "a: 1\r\nb: 2\r\nc: B" + nfd("ả") + "o\r\n"
    assert first_non_nfc(text) == (3, 5)


def test_first_non_nfc_column_counts_code_points_before_it():
    # The earlier decomposed letter on the same line counts as two code points.
    text = "ok\n" + "x" + nfd("á") + "y"
    assert first_non_nfc(text) == (2, 2)


def test_first_non_nfc_other_non_nfc_forms():
    assert first_non_nfc("ab\nca\u0323\u0301") == (2, 2)  # no precomposed form for both
    assert first_non_nfc("a\r\nb\u212b") == (2, 2)  # ANGSTROM SIGN becomes Å
    assert first_non_nfc("x\u1100\u1161") == (1, 2)  # Hangul jamo compose across starters


# ------------------------------------------------------------------- syllables


@pytest.mark.parametrize(
    "word",
    [
        "Nguyễn", "người", "quyết", "giữa", "gì", "khuya", "hoạch", "chức", "thuở",
        "rượu", "ĐỒNG", "xoong", "quỳnh", "khuỷu", "nghiệp", "ở", "hòa", "hoà",
    ],
)  # fmt: skip
def test_well_formed_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word",
    ["café", "crème", "Müller", "B¶o", "Phoèng", "năo", "tiềt", "hoạ\u0301", "mả\u0300", "ab"],
)
def test_ill_formed_syllables(word):
    assert not is_vietnamese_syllable(word)


# ----------------------------------------------------------------- look-alikes


def test_lookalike_set_has_the_tcvn3_symbols_and_no_vietnamese_letters():
    assert set("¶¾µ¸¹¨©ª«¬\xad®§") <= LEGACY_LOOKALIKES
    assert not set("àáâãèéêìíòóôõùúýăđơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ") & LEGACY_LOOKALIKES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("B¶o Th¾ng", (1, 1)),
        ("§ång Nai", (1, 1)),
        ("Huyện B¶o Th¾ng", (1, 7)),
        ("place: Đồng Nai\ntitle: Tr¸ch nhiÖm", (2, 8)),
        ("a\r\nb\r\n  - name: Ph\xadêng", (3, 11)),  # Phường: ư is the soft hyphen 0xAD
        ("B¸O C¸O", (1, 1)),  # typed in capitals with .VnTimeH
        ("Kế hoạch sè 294 vÒ c«ng t¸c", (1, 20)),  # sè, vÒ: no look-alike; c«ng: « for ô
    ],
)
def test_find_tcvn3_lookalike_positives(text, expected):
    assert find_tcvn3_lookalike(text) == expected


def test_latin1_letters_that_are_vietnamese_do_not_count():
    # à, á, ã, è, ê, ò, ô, ú ... are TCVN3 bytes too, but they are also ordinary Vietnamese
    # letters, so only real look-alikes (symbols, ä, ñ, ...) may start a hit.
    assert find_tcvn3_lookalike("Bà Hà đã về nhà, ông Tú ở Huế, ý chí") is None


@pytest.mark.parametrize(
    "text",
    [
        "©",
        "© 2024 Văn phòng UBND tỉnh",
        "Công ty ABC©",
        "phong trào « Dân vận khéo »",
        "phong trào «Dân vận khéo»",
        "sai số ± 0,5%",
        "5±2",
        "theo § 3 Điều 12",
        "§3",
        "Ông Müller và bà Françoise",
        "Đồng Nai, ngày 08 tháng 4 năm 2024",
        "Nguyễn Thị Thu Trang thực hiện quy chế dân chủ ở cơ sở",
        "",
    ],
)
def test_find_tcvn3_lookalike_negatives(text):
    assert find_tcvn3_lookalike(text) is None


@pytest.mark.parametrize(("one", "other", "same"), [
    ("Tổ chức  quán triệt Kế hoạch.", "tổ chức quán triệt kế hoạch", True),
    ("Họp phòng định kỳ;", "Họp phòng định kỳ", True),
    ("Họp phòng định kỳ", "Họp phòng định kỳ hằng tháng", False),
    ("Họp phòng: định kỳ", "Họp phòng định kỳ", False),
])
def test_same_words_key_sets_aside_case_spaces_and_a_closing_mark(one: str, other: str,
                                                                  same: bool) -> None:
    assert (vietnamese.same_words_key(one) == vietnamese.same_words_key(other)) is same
