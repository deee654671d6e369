"""Reading input bytes: UTF-8 only, and one clear issue naming the legacy encoding otherwise.

The encoders below build real legacy bytes from Vietnamese sentences. Their tables are
written from the Unicode side, independently of the decoding tables in the module, and are
pinned to published byte sequences (b"Nguye\\xe3n", "B¶o Th¾ng", ...) so that a mistake in
either direction shows up as a failed round trip.
"""

from __future__ import annotations

import codecs
import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvcq_cli.encodings import (
    Decoded,
    EncodingIssue,
    _decode_cp1258,
    _decode_tcvn3,
    _decode_vni,
    decode,
    guess_legacy_encoding,
)

_TONES = {"\u0301": "sac", "\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang"}

# TCVN3 (ABC, .VnTime): one byte per lower-case accented letter; capitals only for the
# seven toneless letters Ă Â Ê Ô Ơ Ư Đ.
TCVN3 = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}  # fmt: skip


def encode_tcvn3(text: str) -> bytes:
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(ord(char))
        elif char in TCVN3:
            out.append(TCVN3[char])
        elif char.lower() in TCVN3:
            out.append(TCVN3[char.lower()])  # a capital with a tone: .VnTimeH draws it
        else:
            out += char.encode("cp1252")  # dashes and quotes are the Windows ones
    return bytes(out)


# VNI-Windows: the ASCII vowel, then one modifier byte; upper-case modifiers are 0x20 lower.
VNI_TONE = {"sac": 0xF9, "huyen": 0xF8, "hoi": 0xFB, "nga": 0xF5, "nang": 0xEF}
VNI_CIRCUMFLEX = {None: 0xE2, "sac": 0xE1, "huyen": 0xE0, "hoi": 0xE5, "nga": 0xE3, "nang": 0xE4}
VNI_BREVE = {None: 0xEA, "sac": 0xE9, "huyen": 0xE8, "hoi": 0xFA, "nga": 0xFC, "nang": 0xEB}
VNI_I = {"sac": 0xED, "huyen": 0xEC, "hoi": 0xE6, "nga": 0xF3, "nang": 0xF2}


def encode_vni(text: str) -> bytes:
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(ord(char))
            continue
        lower = char.lower()
        shift = 0x20 if char != lower else 0
        decomposed = unicodedata.normalize("NFD", lower)
        base, marks = decomposed[0], decomposed[1:]
        tone = next((_TONES[m] for m in marks if m in _TONES), None)
        if lower == "đ":
            out.append(0xF1 - shift)
        elif "\u031b" in marks:  # ơ and ư are single bytes
            out.append({"o": 0xF4, "u": 0xF6}[base] - shift)
            if tone:
                out.append(VNI_TONE[tone] - shift)
        elif base == "i" and tone:
            out.append(VNI_I[tone] - shift)
        elif base == "y" and tone == "nang":
            out.append(0xEE - shift)
        elif base in "aeouy":
            out.append(ord(base) - shift)
            if "\u0302" in marks:
                out.append(VNI_CIRCUMFLEX[tone] - shift)
            elif "\u0306" in marks:
                out.append(VNI_BREVE[tone] - shift)
            elif tone:
                out.append(VNI_TONE[tone] - shift)
        else:
            out += char.encode("cp1252")
    return bytes(out)


def encode_cp1258(text: str, *, decomposed: bool = False) -> bytes:
    """Windows-1258 as Windows writes it: precomposed where the code page has the letter,
    else the letter without its tone plus a combining tone byte. ``decomposed`` uses the
    combining byte for every tone, as some converters do."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if not decomposed:
            try:
                out += char.encode("cp1258")
                continue
            except UnicodeEncodeError:
                pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(m for m in parts if m in _TONES)
        rest = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        out += rest.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


SENTENCES = [
    "Phòng Hành chính – Tổ chức",
    "Đồng Nai, ngày 08 tháng 4 năm 2024",
    "Nguyễn Thị Thu Trang thực hiện quy chế dân chủ ở cơ sở",
    "Kế hoạch thực hiện công tác Dân vận chính quyền năm 2024",
    "Kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm 2024",
    "Thực hiện Kế hoạch số 294/KH-VP ngày 08/4/2024 của Văn phòng",
    "Trên đây là báo cáo kết quả thực hiện công tác Dân vận chính quyền./.",
    "Nơi nhận: Sở Nội vụ; Lưu: VT, HCTC.",
    "KT. CHÁNH VĂN PHÒNG",
    "Ủy ban nhân dân tỉnh Đồng Nai",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Tổ chức Hội nghị cán bộ, công chức, viên chức năm 2024",
    "Tiếp tục đẩy mạnh phong trào thi đua “Dân vận khéo”",
    "Đạt 83,3% so với chỉ tiêu kế hoạch đề ra",
    "Giải quyết kịp thời đơn thư khiếu nại, tố cáo của công dân",
    "Cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp",
    "Ngô Thị Quỳnh Như, Hoàng Thị Thủy, Bùi Đức Thắng",
]


def _tcvn3_visible(text: str) -> str:
    """What TCVN3 can carry: capitals with tones come back lower-case."""
    return "".join(
        c.lower() if not c.isascii() and c not in TCVN3 and c.lower() in TCVN3 else c
        for c in unicodedata.normalize("NFC", text)
    )


# ------------------------------------------------------ the encoders are the real thing


def test_encoders_match_published_bytes():
    assert encode_vni("Nguyễn") == b"Nguye\xe3n"
    assert encode_vni("Xin chào các bạn") == "Xin chaøo caùc baïn".encode("cp1252")
    assert encode_vni("Đồng") == b"\xd1o\xe0ng"
    assert encode_vni("ĐỒNG") == b"\xd1O\xc0NG"
    assert encode_tcvn3("Bảo Thắng") == "B¶o Th¾ng".encode("latin-1")
    assert encode_tcvn3("Đồng Nai") == "§ång Nai".encode("latin-1")
    assert encode_tcvn3("Mường Khương") == "M\xadêng Kh\xad¬ng".encode("latin-1")
    assert encode_cp1258("Nguyễn") == b"Nguy\xea\xden"
    assert encode_cp1258("Phòng Hành") == b"Pho\xccng H\xe0nh"
    assert encode_cp1258("Hành", decomposed=True) == b"Ha\xccnh"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_legacy_decoders_round_trip(sentence):
    assert _decode_cp1258(encode_cp1258(sentence)) == sentence
    assert _decode_cp1258(encode_cp1258(sentence, decomposed=True)) == sentence
    assert _decode_vni(encode_vni(sentence)) == sentence
    assert _decode_tcvn3(encode_tcvn3(sentence)) == _tcvn3_visible(sentence)


def test_decoders_read_published_legacy_text():
    assert _decode_tcvn3("B¶o Th¾ng".encode("latin-1")) == "Bảo Thắng"
    assert _decode_tcvn3("Tr¸ch nhiÖm".encode("latin-1")) == "Trách nhiệm"
    assert _decode_vni("Xin chaøo caùc baïn".encode("cp1252")) == "Xin chào các bạn"
    assert _decode_vni("TRÖÔØNG".encode("cp1252")) == "TRƯỜNG"


# ------------------------------------------------------------------------ UTF-8


def test_utf8_without_bom():
    text = "place: Đồng Nai\ntitle: Kết quả\n"
    assert decode(text.encode("utf-8")) == Decoded(text, False)


def test_utf8_with_bom_is_stripped_and_remembered():
    text = "place: Đồng Nai\n"
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == Decoded(text, True)


def test_crlf_is_left_alone():
    data = "a: Đồng\r\nb: Nai\r\n".encode()
    result = decode(data)
    assert isinstance(result, Decoded)
    assert result.text == "a: Đồng\r\nb: Nai\r\n"


def test_decode_does_not_normalise():
    text = unicodedata.normalize("NFD", "Nguyễn")
    assert decode(text.encode()) == Decoded(text, False)
    assert len(text) == 8


def test_empty_file():
    assert decode(b"") == Decoded("", False)
    assert decode(codecs.BOM_UTF8) == Decoded("", True)


@given(st.text().filter(lambda s: "\x00" not in s and not s.startswith("\ufeff")))
def test_any_utf8_text_decodes_unchanged(text):
    assert decode(text.encode("utf-8")) == Decoded(text, False)


def test_results_are_frozen():
    result = decode(b"x")
    with pytest.raises(AttributeError):
        result.text = "y"  # type: ignore[misc]


# ------------------------------------------------------------- UTF-16 and binary


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + "place: Đồng Nai\n".encode(codec)
    assert decode(data) == EncodingIssue("utf16", 1, 1, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_not_called_binary(codec):
    data = "year: 2024\nplace: Đồng Nai\n".encode(codec)
    assert decode(data) == EncodingIssue("utf16", 1, 1, "utf-16")


def test_nul_byte_position():
    assert decode(b"year: 2024\nplace: x\x00y\n") == EncodingIssue("binary", 2, 9, None)


def test_nul_byte_column_counts_characters_not_bytes():
    data = "a: 1\nb: 2\ntên: Đồng\x00".encode()
    assert decode(data) == EncodingIssue("binary", 3, 10, None)


def test_nul_after_bom_counts_from_the_text():
    assert decode(codecs.BOM_UTF8 + b"ab\x00") == EncodingIssue("binary", 1, 3, None)


def test_zip_file_is_binary():
    # A .docx given by mistake: a zip header with NULs and bytes that are not UTF-8.
    data = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4\xd2lZ\x01"
    assert decode(data) == EncodingIssue("binary", 1, 6, None)


# --------------------------------------------------------------- invalid UTF-8


def test_encoded_lone_surrogate_is_rejected():
    data = b"ok: 1\nname: \xed\xa0\x80\n"
    assert decode(data) == EncodingIssue("not-utf8", 2, 7, None)


@pytest.mark.parametrize(
    ("data", "column"),
    [
        (b"\xc0\xaf", 1),  # overlong "/"
        (b"ab\xf4\x90\x80\x80", 3),  # above U+10FFFF
        (b"x\xe1\xbb", 2),  # truncated at the end
        ("Đồng ".encode() + b"\xff", 6),
    ],
)
def test_other_invalid_utf8_positions(data, column):
    result = decode(data)
    assert isinstance(result, EncodingIssue)
    assert (result.kind, result.line, result.column) == ("not-utf8", 1, column)


# ------------------------------------------------------- legacy Vietnamese files

ENCODERS = {
    "windows-1258": encode_cp1258,
    "tcvn3": encode_tcvn3,
    "vni": encode_vni,
}


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_guess_each_sentence(encoding, sentence):
    assert guess_legacy_encoding(ENCODERS[encoding](sentence)) == encoding


@pytest.mark.parametrize("sentence", SENTENCES)
def test_guess_fully_decomposed_windows_1258(sentence):
    assert guess_legacy_encoding(encode_cp1258(sentence, decomposed=True)) == "windows-1258"


YAML_FILE = """\
year: 2024
document:
  place: Đồng Nai
  title: Kết quả thực hiện công tác Dân vận chính quyền
units:
  - name: Phòng Hành chính – Tổ chức
    head: Nguyễn Thị Thu Trang
"""


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_legacy_file_issue_points_at_line_3(encoding):
    data = ENCODERS[encoding](YAML_FILE).replace(b"\n", b"\r\n")
    # "  place: " is 9 characters: the first legacy byte (Đ) is column 10.
    assert decode(data) == EncodingIssue("not-utf8", 3, 10, encoding)


def test_legacy_issue_column_counts_valid_utf8_characters_before_it():
    # A UTF-8 file with one line pasted from a Windows-1258 file: the column counts the
    # UTF-8 characters ("Tên: Hồ ") before the first bad byte.
    data = "a: 1\nb: 2\nTên: Hồ ".encode() + encode_cp1258("Thị Thủy")
    result = decode(data)
    assert isinstance(result, EncodingIssue)
    assert (result.kind, result.line, result.column) == ("not-utf8", 3, 12)


# ---------------------------------------------------- Western text is not Vietnamese

WESTERN = [
    "It’s a plain English sentence – nothing “special” here.",
    "Café au lait, crème brûlée and a naïve façade.",
    "Sí, más tarde.",
    "¿Dónde está la estación? Mañana.",
    "Grüße aus München, schöne Äpfel für Müller.",
    "São Paulo não é a capital do Brasil.",
    "Perché non è più qui?",
    "Le garçon a mangé à la cantine à midi.",
    "Price: 25 € or £20 – 50% off™",
    "à la carte",
    "Señor José Peña",
    "Très élevé, déjà vu.",
]


@pytest.mark.parametrize("text", WESTERN)
def test_western_text_is_latin_1(text):
    assert guess_legacy_encoding(text.encode("cp1252")) == "latin-1"


def test_single_ambiguous_word_is_not_called_vietnamese():
    # "Sí" is also TCVN3 "Sớ" and VNI "Sí": one word cannot settle it.
    assert guess_legacy_encoding("Sí".encode("cp1252")) is None


def test_latin_1_file_issue():
    data = b"title: Report\nnote: It\x92s done\n"
    assert decode(data) == EncodingIssue("not-utf8", 2, 9, "latin-1")


def test_random_bytes_get_no_guess():
    rng = random.Random(20240408)
    for _ in range(100):
        data = bytes(rng.randrange(1, 256) for _ in range(200))
        assert guess_legacy_encoding(data) is None


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_large_file_is_guessed_from_a_sample(encoding):
    data = ENCODERS[encoding]("\n".join(SENTENCES) * 200)
    assert len(data) > 64 * 1024
    assert guess_legacy_encoding(data) == encoding
