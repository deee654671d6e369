"""Vietnamese text rules: normalisation, dictionary order, dates, numbers, slugs.

Everything here is pure: no printing, no exiting, no I/O. The module is imported on every
``dvcq check``, so it only uses the standard library pieces listed in the project brief and
keeps its import-time work to building a few small tables.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from fractions import Fraction
from functools import lru_cache

__all__ = [
    "LEGACY_LOOKALIKES",
    "TCVN3_TABLE",
    "ascii_slug",
    "find_tcvn3_lookalike",
    "first_non_nfc",
    "format_date",
    "format_date_short",
    "format_number",
    "format_percent",
    "format_place_date",
    "is_vietnamese_syllable",
    "nfc",
    "person_sort_key",
    "same_words_key",
    "sort_key",
]


# --------------------------------------------------------------------------- normalisation


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (precomposed) form."""
    # is_normalized is much cheaper than normalize on text that is already NFC, which is
    # nearly all of it; only decomposed (macOS, "Unicode tổ hợp") input pays the full price.
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def same_words_key(text: str) -> str:
    """``text`` as two units' wordings of one sentence are compared: case, runs of spaces and
    a closing '.' or ';' set aside."""
    return " ".join(text.casefold().rstrip(" .;").split())


# Combining marks, by the role they play in Vietnamese spelling.
_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Tone marks, in ICU `vi` secondary order: ngang (none) < huyền < hỏi < ngã < sắc < nặng.
_TONE_ORDER = {_GRAVE: 1, _HOOK: 2, _TILDE: 3, _ACUTE: 4, _DOT: 5}
_LETTER_MARKS = frozenset((_BREVE, _CIRCUMFLEX, _HORN))


# --------------------------------------------------------------------------------- sorting

# The Vietnamese alphabet with f, j, w, z in their Latin places (ICU `vi` does the same), so
# that foreign names still sort somewhere sensible.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()


def _letter_identity(letter: str) -> tuple[str, str]:
    """Split a toneless letter into (ASCII base, sorted letter-forming marks)."""
    decomposed = unicodedata.normalize("NFD", letter)
    return decomposed[0], "".join(sorted(decomposed[1:]))


_ALPHABET_RANK = {_letter_identity(letter): rank for rank, letter in enumerate(_ALPHABET)}

# Primary classes, in ICU's default order: whitespace < punctuation < symbols < digits <
# letters. Letters outside the Vietnamese alphabet (Greek, ß, ...) come after it.
_WS, _PUNCT, _SYMBOL, _DIGIT, _LETTER, _OTHER_LETTER = range(6)


def _clusters(text: str) -> list[str]:
    """Split NFD text into a base character followed by its combining marks."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


@lru_cache(maxsize=65536)  # the same names are sorted again and again (status, report)
def sort_key(text: str) -> tuple[object, ...]:
    """Key for ``sorted()`` giving Vietnamese dictionary order (close to ICU ``vi``).

    Three levels, as in a collation: the whole string is compared on base letters first
    (a ă â b c d đ e ê ..., case-insensitive), then on tones (ngang < huyền < hỏi < ngã <
    sắc < nặng), then on case (lower before upper). NFC and NFD spellings give equal keys.
    """
    normalised = nfc(text)
    cells: list[tuple[tuple[int, int], tuple[int, str], int]] = []
    for char in normalised:
        weights = _CHAR_WEIGHTS.get(char)
        if weights is None:
            decomposed = unicodedata.normalize("NFD", char)
            if unicodedata.combining(decomposed[0]):
                # A mark with no precomposed letter to join (rare): it changes its
                # neighbour's weights, so the whole text is weighed cluster by cluster.
                return _cluster_key(normalised)
            weights = _CHAR_WEIGHTS[char] = tuple(
                _weights(cluster) for cluster in _clusters(decomposed))
        cells.extend(weights)
    return (tuple(cell[0] for cell in cells), tuple(cell[1] for cell in cells),
            tuple(cell[2] for cell in cells), normalised)


# The weights of each character met so far: a province has thousands of unit names to sort,
# made of a few hundred distinct characters.
_CHAR_WEIGHTS: dict[str, tuple[tuple[tuple[int, int], tuple[int, str], int], ...]] = {}


def _cluster_key(normalised: str) -> tuple[object, ...]:
    """`sort_key` of NFC text, computed cluster by cluster (the definition)."""
    cells = [_weights(cluster) for cluster in _clusters(unicodedata.normalize("NFD", normalised))]
    return (tuple(cell[0] for cell in cells), tuple(cell[1] for cell in cells),
            tuple(cell[2] for cell in cells), normalised)


def _weights(cluster: str) -> tuple[tuple[int, int], tuple[int, str], int]:
    """Primary, secondary and tertiary weight of a base character and its marks (NFD)."""
    base, marks = cluster[0], cluster[1:]
    lower = base.lower()
    letter_marks = "".join(sorted(m for m in marks if m in _LETTER_MARKS))
    tone = 0
    other_marks = ""
    for mark in marks:
        if mark in _TONE_ORDER and tone == 0:
            tone = _TONE_ORDER[mark]
        elif mark not in _LETTER_MARKS:
            other_marks += mark
    rank = _ALPHABET_RANK.get((lower, letter_marks))
    if rank is not None:
        weight = (_LETTER, rank)
    elif base.isalpha():
        # A letter with marks Vietnamese does not use (ç, ñ, ŷ) sorts with its base
        # letter and is told apart at the secondary level, like ICU does for é vs e.
        rank = _ALPHABET_RANK.get((lower, ""))
        weight = (_LETTER, rank) if rank is not None else (_OTHER_LETTER, ord(lower))
        other_marks = letter_marks + other_marks
    elif base.isspace():
        weight = (_WS, 0)
    elif base.isdigit():
        weight = (_DIGIT, unicodedata.digit(base, 0))
    elif unicodedata.category(base).startswith("P"):
        weight = (_PUNCT, ord(base))
    else:
        weight = (_SYMBOL, ord(base))
    return weight, (tone, other_marks), 1 if base != lower else 0


def person_sort_key(full_name: str) -> tuple[object, ...]:
    """Key that sorts people by given name (the last word), then by the rest of the name."""
    words = nfc(full_name).split()
    given = words[-1] if words else ""
    rest = " ".join(words[:-1])
    return (sort_key(given), sort_key(rest))


# ----------------------------------------------------------------------- dates and numbers


def _day_month(d: date) -> tuple[str, str]:
    # Nghị định 30/2020: days below 10 and the months January and February take a leading
    # zero (so "tháng 01" is never misread as "tháng 10/11/12"); other months do not.
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return day, month


def format_date(d: date) -> str:
    """``ngày 08 tháng 4 năm 2024``."""
    day, month = _day_month(d)
    return f"ngày {day} tháng {month} năm {d.year}"


def format_place_date(place: str, d: date) -> str:
    """``Đồng Nai, ngày 08 tháng 4 năm 2024``, the line under the national motto."""
    return f"{place}, {format_date(d)}"


def format_date_short(d: date) -> str:
    """``08/4/2024``, the form used when citing a document's date."""
    day, month = _day_month(d)
    return f"{day}/{month}/{d.year}"


def _exact(value: int | Fraction) -> Fraction:
    # Floats carry binary rounding error (0.835 is 0.83499...), which would flip half-up
    # rounding of report figures; callers must hand over exact values.
    if isinstance(value, float):
        raise TypeError("pass an int or a Fraction, not a float")
    return Fraction(value)


def _group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.append(digits[-3:])
        digits = digits[:-3]
    groups.append(digits)
    return ".".join(reversed(groups))


def _format_decimal(value: Fraction, digits: int) -> str:
    """Round half-up (away from zero) to ``digits`` places, Vietnamese separators."""
    if digits < 0:
        raise ValueError("digits must be >= 0")
    scale = 10**digits
    magnitude = abs(value) * scale
    # floor(x + 1/2) on the exact fraction: no float ever touches the figure.
    rounded = int(magnitude + Fraction(1, 2))
    whole, fraction = divmod(rounded, scale)
    text = _group_thousands(str(whole))
    if digits:
        decimals = str(fraction).rjust(digits, "0").rstrip("0")
        if decimals:
            text += "," + decimals
    # A value that rounds to zero is written "0", never "-0".
    return "-" + text if value < 0 and rounded else text


def format_percent(value: int | Fraction, digits: int = 1) -> str:
    """``Fraction(5, 6)`` -> ``83,3%``; trailing zero decimals are dropped (``80%``)."""
    return _format_decimal(_exact(value) * 100, digits) + "%"


def format_number(n: int | Fraction, digits: int = 1) -> str:
    """``1234567`` -> ``1.234.567``; ``Fraction(5, 2)`` -> ``2,5`` (half-up, 1 decimal)."""
    return _format_decimal(_exact(n), digits)


# ----------------------------------------------------------------------------------- slugs

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str) -> str:
    """``Báo cáo Dân vận chính quyền`` -> ``bao-cao-dan-van-chinh-quyen``."""
    # đ/Đ is a letter of its own, not d + a mark, so NFD would leave it in place.
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_SLUG.sub("-", stripped.lower()).strip("-")


# ----------------------------------------------------------------- positions in a text

def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``; lines end at "\\n" (so also at CRLF)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def first_non_nfc(text: str) -> tuple[int, int] | None:
    """1-based (line, column) of the first character of the first non-NFC stretch, or None.

    Columns count code points of ``text`` as given, so in a decomposed file they count the
    separate combining marks too.
    """
    if unicodedata.is_normalized("NFC", text):
        return None
    # A stretch is a starter plus the combining marks after it. It is not NFC if it changes
    # on its own (decomposed or misordered marks, singletons like U+212B) or if it composes
    # with the next stretch (Hangul jamo, a few Indic pairs).
    starts = [i for i, c in enumerate(text) if i == 0 or not unicodedata.combining(c)]
    starts.append(len(text))
    for n in range(len(starts) - 1):
        here = text[starts[n] : starts[n + 1]]
        if not unicodedata.is_normalized("NFC", here):
            return _line_column(text, starts[n])
        if n + 2 < len(starts):
            after = text[starts[n + 1] : starts[n + 2]]
            if unicodedata.is_normalized("NFC", after) and not unicodedata.is_normalized(
                "NFC", here + after
            ):
                return _line_column(text, starts[n])
    return None  # pragma: no cover - is_normalized said there is a stretch


# --------------------------------------------------------------------- syllable structure

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
# Every toneless rhyme (vần) of standard Vietnamese, plus the few loan-word ones (oong,
# ooc). Listing them is far stricter than "vowels then consonants", which matters when
# telling legacy encodings apart: a wrong decoding tends to produce vowel soup like "oeng".
_RHYMES = """
a ac ach ai am an ang anh ao ap at au ay  ă ăc ăm ăn ăng ăp ăt
â âc âm ân âng âp ât âu ây  e ec em en eng eo ep et  ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oong ooc
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăp oăt oe oen oeo oet
ô ôc ôi ôm ôn ông ôp ôt  ơ ơi ơm ơn ơp ơt  u ua uc ui um un ung up ut
uâc uân uâng uât uây uê uêch uênh uôc uôi uôm uôn uông uôt uơ
uy uya uych uyên uyêt uynh uyt uyu  ư ưa ưc ưi ưm ưn ưng ưt ưu
ươc ươi ươm ươn ương ươp ươt ươu  y ych ynh yt yêm yên yêt yêu
""".split()
_SYLLABLE_PATTERN = f"(?:{_INITIALS})?(?:{'|'.join(_RHYMES)})"
# Compiled on first use: the pattern takes over a millisecond to compile and most runs of
# `dvcq check` never need it (it only judges suspicious words and undecodable files).
_syllable: re.Pattern[str] | None = None
# Syllables closed by a stop (-c, -ch, -p, -t) only take the sắc or nặng tone.
_STOP_FINALS = ("c", "ch", "p", "t")


def is_vietnamese_syllable(word: str) -> bool:
    """True if ``word`` is spelt like one Vietnamese syllable (case-insensitive).

    Checks the initial consonant, the rhyme against the full list of Vietnamese rhymes, at
    most one tone mark, and that stop-closed syllables carry sắc or nặng.
    """
    lowered = nfc(word).lower()
    if any(unicodedata.combining(c) for c in lowered):
        return False  # a mark NFC could not attach: not a Vietnamese letter
    decomposed = unicodedata.normalize("NFD", lowered)
    tones = [c for c in decomposed if c in _TONE_ORDER]
    if len(tones) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_ORDER))
    global _syllable
    if _syllable is None:
        _syllable = re.compile(_SYLLABLE_PATTERN)
    if not _syllable.fullmatch(toneless):
        return False
    if toneless.endswith(_STOP_FINALS) and tones not in ([_ACUTE], [_DOT]):
        return False
    return True


# ------------------------------------------------------------------- TCVN3 look-alikes

# TCVN3 (TCVN 5712:1993 VN3, the "ABC" code of the .VnTime fonts), bytes 0xA1-0xFE. Text
# typed in those fonts and pasted elsewhere keeps these bytes read as Windows-1252/Latin-1,
# which is how "Bảo Thắng" turns into "B¶o Th¾ng". VN3 has no capitals with tones (users
# switch to the all-capitals .VnTimeH font, which draws the lower-case codes as capitals),
# so those slots of the full standard, marked "?" here, are left out: Latin-1 text such as
# "à la carte" must not read as Vietnamese.
_TCVN3_CHARS = (
    "ĂÂÊÔƠƯĐăâêôơưđ?"  # 0xA1-0xAF
    "?????àảãáạ?ằẳẵắ?"  # 0xB0-0xBF
    "??????ặầẩẫấậè?ẻẽ"  # 0xC0-0xCF
    "éẹềểễếệìỉ???ĩíịò"  # 0xD0-0xDF
    "?ỏõóọồổỗốộờởỡớợù"  # 0xE0-0xEF
    "?ủũúụừửữứựỳỷỹýỵ"  # 0xF0-0xFE
)
TCVN3_TABLE: dict[int, str] = {
    0xA1 + i: c for i, c in enumerate(_TCVN3_CHARS) if c != "?"
}

_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", form)
    for vowel in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
    for tone in ("", *_TONE_ORDER)
    for form in (vowel + tone, vowel.upper() + tone)
) | frozenset("đĐ")
LETTERS = _VIETNAMESE_LETTERS  # every letter of Vietnamese outside ASCII, precomposed (NFC)

# The Latin-1 characters that TCVN3 bytes turn into when they are not Vietnamese letters
# themselves (¶ for ả, ¾ for ắ, § for Đ, å for ồ, ...). Latin-1 letters that *are*
# Vietnamese (á, ê, Ò, ...) are left out: they cannot tell a paste from real text.
LEGACY_LOOKALIKES: frozenset[str] = frozenset(
    chr(byte) for byte in TCVN3_TABLE if chr(byte) not in _VIETNAMESE_LETTERS
)

_WORD = re.compile(
    "(?:[^\\W\\d_]|[" + re.escape("".join(sorted(LEGACY_LOOKALIKES))) + "])+"
)


def _tcvn3_reading(word: str) -> str:
    """Read the Latin-1 characters of ``word`` back as the TCVN3 bytes they came from."""
    return "".join(TCVN3_TABLE.get(ord(c), c) if ord(c) <= 0xFF else c for c in word)


_LOOKALIKE_CHAR = re.compile("[" + re.escape("".join(sorted(LEGACY_LOOKALIKES))) + "]")


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def find_tcvn3_lookalike(text: str) -> tuple[int, int] | None:
    """1-based (line, column) of the first word that looks like pasted TCVN3 text, or None.

    A word counts when a look-alike character touches an ASCII letter inside it *and* the
    word, read back as TCVN3, is a well-formed Vietnamese syllable ("B¶o" -> "Bảo"). The
    second test keeps "©", «quotes», "§ 3", "±0,5", "Müller" and the like out.
    """
    first = _LOOKALIKE_CHAR.search(text)
    if first is None:  # the usual case: one C-speed scan instead of a loop over words
        return None
    for match in _WORD.finditer(text, _line_start(text, first.start())):
        word = match.group()
        if not any(c in LEGACY_LOOKALIKES for c in word):
            continue
        touches_ascii = any(
            c in LEGACY_LOOKALIKES
            and any(n.isascii() and n.isalpha() for n in word[max(i - 1, 0) : i + 2])
            for i, c in enumerate(word)
        )
        if touches_ascii and is_vietnamese_syllable(_tcvn3_reading(word)):
            return _line_column(text, match.start())
    return None
