"""Turn input file bytes into text, or into one clear encoding problem.

Input files must be UTF-8 (a BOM is tolerated). Offices still save files as Windows-1258,
TCVN3 (.VnTime fonts) or VNI-Windows; decoding those as UTF-8 gives mojibake that would
end up in a signed report. So anything that is not UTF-8 becomes an ``EncodingIssue``
naming where the first bad byte is and which legacy encoding it most likely is, and the
caller turns that into a single error message. Nothing here prints, exits or normalises.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from dvcq_cli.tuples import NamedTuple
from dvcq_cli.vietnamese import TCVN3_TABLE, is_vietnamese_syllable

__all__ = ["Decoded", "EncodingIssue", "decode", "guess_legacy_encoding"]


class Decoded(NamedTuple):
    """The text of a UTF-8 file, exactly as stored apart from a leading BOM."""

    text: str
    had_bom: bool


class EncodingIssue(NamedTuple):
    """Why a file could not be read as UTF-8.

    ``kind`` is "not-utf8", "utf16" or "binary". ``line``/``column`` are 1-based and point at
    the first offending byte (the column counts the characters before it on its line).
    ``guess`` is "windows-1258", "tcvn3", "vni", "utf-16", "latin-1", "utf-8" (the file is
    UTF-8 but for a damaged spot) or None.
    """

    kind: str
    line: int
    column: int
    guess: str | None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of byte ``offset``; lines end at LF, CRLF or CR, as in editors."""
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    # Everything before the first bad byte is valid UTF-8; "replace" only matters for the
    # NUL case, where bad bytes may come earlier on the line.
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    breaks = data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset)
    return breaks - data.count(b"\r\n", 0, offset) + 1, column


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: mostly ASCII text with a NUL in every other byte."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    layouts = ((odd_nuls, even_nuls, "utf-16-le"), (even_nuls, odd_nuls, "utf-16-be"))
    for nuls, other, codec in layouts:
        if nuls >= pairs * 0.6 and other <= pairs * 0.05:
            try:
                sample.decode(codec)
            except UnicodeDecodeError:
                continue
            return True
    return False


def decode(data: bytes) -> Decoded | EncodingIssue:
    """Decode a file's bytes as UTF-8, or say why that is not possible.

    Strips a UTF-8 BOM. Leaves line endings and normalisation alone: the caller applies NFC
    (Windows-1258 and macOS text arrive decomposed) and its own line handling.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode" is UTF-16; it is valid text, just not the agreed encoding.
        return EncodingIssue("utf16", 1, 1, "utf-16")
    had_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if had_bom else data
    nul = body.find(b"\x00")
    if nul >= 0:
        if not had_bom and _looks_like_utf16(body):
            return EncodingIssue("utf16", 1, 1, "utf-16")
        # A NUL never occurs in a text file: this is a .docx, .xlsx, image... given by
        # mistake, and guessing a text encoding for it would only mislead.
        line, column = _position(body, nul)
        return EncodingIssue("binary", line, column, None)
    try:
        # Strict UTF-8 also rejects overlong forms and encoded surrogates (b"\xed\xa0\x80").
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(body, error.start)
        guess = "utf-8" if _mostly_utf8(body) else guess_legacy_encoding(body)
        return EncodingIssue("not-utf8", line, column, guess)
    return Decoded(text, had_bom)


# Well-formed UTF-8 sequences of two to four bytes (no overlong forms, no surrogates).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def _mostly_utf8(data: bytes) -> bool:
    """Are most non-ASCII bytes well-formed UTF-8? Then the file is UTF-8 with a damaged
    spot (a cut character, an encoded surrogate, a pasted line), not a legacy file: legacy
    Vietnamese bytes almost never happen to form UTF-8 sequences."""
    sample = data[:_SAMPLE_BYTES]
    in_sequences = sum(len(match) for match in _UTF8_SEQUENCE.findall(sample))
    return in_sequences > len(_HIGH_BYTE.findall(sample)) - in_sequences


# ------------------------------------------------------------------------- legacy decoders

# Windows-1252 for every byte a legacy font leaves alone: those files were made by Windows
# programs, so quotes and dashes (0x91-0x97) are cp1252 whatever the font. The five bytes
# cp1252 leaves undefined are read as Latin-1 so decoding never fails.
_CP1252 = list(bytes(range(256)).decode("cp1252", errors="replace"))
for _undefined in (0x81, 0x8D, 0x8F, 0x90, 0x9D):
    _CP1252[_undefined] = chr(_undefined)

# Upper-half bytes that TCVN3 leaves empty never occur in .VnTime text; reading them as
# U+FFFD (rather than as Latin-1 letters) keeps Western text from scoring as TCVN3.
_TCVN3_DECODE = "".join(
    TCVN3_TABLE.get(b, "\ufffd" if b > 0xA0 else _CP1252[b]) for b in range(256)
)

_G, _A, _H, _T, _D = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
# VNI-Windows writes an accented vowel as the ASCII vowel followed by one modifier byte
# (Nguyễn = b"Nguye\xe3n"); the modifier's case follows the vowel's (0x20 apart).
_VNI_MODIFIERS = {
    0xF9: _A, 0xF8: _G, 0xFB: _H, 0xF5: _T, 0xEF: _D,
    0xE2: _CIRC, 0xE1: _CIRC + _A, 0xE0: _CIRC + _G, 0xE5: _CIRC + _H, 0xE3: _CIRC + _T,
    0xE4: _CIRC + _D,
    0xEA: _BREVE, 0xE9: _BREVE + _A, 0xE8: _BREVE + _G, 0xFA: _BREVE + _H, 0xFC: _BREVE + _T,
    0xEB: _BREVE + _D,
}  # fmt: skip
_VNI_MODIFIERS.update({b - 0x20: marks for b, marks in list(_VNI_MODIFIERS.items())})
# ... and a few letters are single bytes of their own.
_VNI_LETTERS = {
    0xF4: "ơ", 0xF6: "ư", 0xF1: "đ", 0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị",
    0xEE: "ỵ",
}  # fmt: skip
_VNI_LETTERS.update({b - 0x20: letter.upper() for b, letter in list(_VNI_LETTERS.items())})
# VNI writes ý as "yù"; a lone 0xDD/0xFD is Latin-1's Ý/ý, which VNI text never contains.
_VNI_LETTERS.update({0xDD: "\ufffd", 0xFD: "\ufffd"})
_VNI_VOWELS = frozenset("aeiouyơưAEIOUYƠƯ")


def _decode_vni(data: bytes) -> str:
    out: list[str] = []
    can_take_mark = False  # the last character is a vowel that has no modifier yet
    for byte in data:
        marks = _VNI_MODIFIERS.get(byte)
        if marks is None:
            char = _VNI_LETTERS.get(byte) or _CP1252[byte]
            out.append(char)
            can_take_mark = char in _VNI_VOWELS
            continue
        base = out[-1].lower() if out and can_take_mark else ""
        fits = base and (
            (_CIRC not in marks or base in "aeo") and (_BREVE not in marks or base == "a")
        )
        # A modifier with nothing to sit on is not VNI; U+FFFD makes the word count as bad.
        out.append(marks if fits else "\ufffd")
        can_take_mark = False
    return unicodedata.normalize("NFC", "".join(out))


def _decode_tcvn3(data: bytes) -> str:
    return unicodedata.normalize("NFC", "".join(_TCVN3_DECODE[b] for b in data))


def _decode_cp1258(data: bytes) -> str:
    # Windows-1258 stores most tones as separate combining bytes; NFC joins them up.
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


_CANDIDATES = (
    ("windows-1258", _decode_cp1258),
    ("tcvn3", _decode_tcvn3),
    ("vni", _decode_vni),
)

# ------------------------------------------------------------------------------- scoring

# Words are cut at ASCII spaces, digits and punctuation only: bytes >= 0x80 mean different
# things in each candidate, and cutting at them would let a wrong decoding hide its garbage
# ("B¶o" must be judged whole, not as "B" and "o").
_SPLIT = re.compile(r"[\x00-\x40\x5b-\x60\x7b-\x7f\s]+")
# Quotes and dashes may hug a word in any encoding; strip them before judging it.
_EDGE_PUNCT = "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2039\u203a\u00ab\u00bb"
# A good decoding must be nearly all well-formed syllables: names and loan words with
# letters like "é" or "ç" are the only expected misses.
_MIN_RATIO = 0.8
_SAMPLE_BYTES = 64 * 1024


def _score(text: str) -> tuple[int, int]:
    """(good, bad): words with non-ASCII characters that are / are not Vietnamese syllables."""
    good = bad = 0
    for token in _SPLIT.split(text):
        word = token.strip(_EDGE_PUNCT)
        if word.isascii() or not any(c.isalpha() for c in word):
            continue  # pure ASCII says nothing; a lone "–" or "€" is just punctuation
        if is_vietnamese_syllable(word):
            good += 1
        else:
            bad += 1
    return good, bad


# Windows-1258 bytes that are not the same letter in Latin-1: the combining tones, ă Ă đ Đ
# ơ Ơ ư Ư and ₫. Real Vietnamese text cannot avoid them for long.
_CP1258_VIETNAMESE = re.compile(rb"[\xc3\xcc\xd0\xd2\xd5\xdd\xde\xe3\xec\xf0\xf2\xf5\xfd\xfe]")


# Latin-1 characters that are ordinary in Western text even right next to letters.
_WESTERN_PUNCT = frozenset(_EDGE_PUNCT + "\u2022\u20ac\u2122\u00a0\u00b0\u00a3\u00bf\u00a1")
# Latin-1 "letters" that are really TCVN3 bytes more often than real text (à, ê, ơ).
_NOT_WESTERN_LETTERS = frozenset("\u00b5\u00aa\u00ba")


def _plausible_western(data: bytes) -> bool:
    """Could these bytes be Windows-1252/Latin-1 text (English, French, German, ...)?"""
    text = "".join(_CP1252[b] for b in data)
    odd = total = 0
    for i, char in enumerate(text):
        if char.isascii():
            continue
        total += 1
        if char.isalpha() and char not in _NOT_WESTERN_LETTERS:
            continue
        if char in _WESTERN_PUNCT or unicodedata.category(char).startswith("Z"):
            continue
        # Any other symbol (¶ ¾ ¸ © ...) is fine standing alone, but glued to a letter it is
        # a sign of a Vietnamese legacy font ("B¶o", "Th¾ng").
        near = text[max(i - 1, 0) : i] + text[i + 1 : i + 2]
        if any(n.isalpha() for n in near) or unicodedata.category(char) in ("Cc", "Cf"):
            odd += 1
    return total > 0 and odd <= total * 0.1


def guess_legacy_encoding(data: bytes) -> str | None:
    """Name the legacy encoding ``data`` (not valid UTF-8) is most likely in.

    Each Vietnamese candidate decodes the bytes; the one whose accented words are nearly
    all well-formed Vietnamese syllables wins. Returns "windows-1258", "tcvn3", "vni",
    "latin-1" (Western text) or None when nothing fits.
    """
    # A few thousand words settle the question; scoring a whole large file would take
    # seconds. Cut at whitespace so a VNI letter and its modifier byte stay together.
    if len(data) > _SAMPLE_BYTES:
        cut = max(data.rfind(b" ", 0, _SAMPLE_BYTES), data.rfind(b"\n", 0, _SAMPLE_BYTES))
        data = data[: cut if cut > 0 else _SAMPLE_BYTES]
    best: tuple[float, int, str] | None = None
    unproven = False
    for name, decoder in _CANDIDATES:
        good, bad = _score(decoder(data))
        if not good or good < _MIN_RATIO * (good + bad):
            continue
        if name == "windows-1258":
            # Windows-1258 shares most of its upper half with Latin-1, so Spanish "sí, más"
            # reads as Vietnamese syllables. Without a byte that Latin-1 would read
            # differently the two readings are the same text, and "latin-1" says so.
            if not _CP1258_VIETNAMESE.search(data):
                continue
        elif good < 2:
            # TCVN3 and VNI give a meaning to every Latin-1 letter, so one word proves
            # nothing: Spanish "Sí" is TCVN3 "Sớ" and VNI "Sí". Too close to call.
            unproven = True
            continue
        ranked = (good / (good + bad), good, name)
        if best is None or ranked[:2] > best[:2]:
            best = ranked
    if best is not None:
        return best[2]
    if unproven:
        return None
    if _plausible_western(data):
        return "latin-1"
    return None
