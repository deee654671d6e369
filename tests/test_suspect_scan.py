"""The loader's one scan for characters that need a closer look (controls, separators,
invisibles, TCVN3 look-alikes, mojibake signs) is made on a file's non-ASCII bytes when it
reads a file: it finds exactly what the scan of the whole text finds, and a file read from
bytes reports exactly what the same text reports."""

from __future__ import annotations

import pytest

from dvcq_cli import loader

# Every character the scan may meet beside the Vietnamese letters: ASCII, Latin-1 and its
# neighbours, the punctuation and space blocks, CJK space, the specials (U+FExx, U+FFxx),
# and a few far ones.
_CODES = [*range(0x0000, 0x0300), *range(0x1680, 0x1690), *range(0x1800, 0x1810),
          *range(0x1e00, 0x2100), *range(0x3000, 0x3004), *range(0xfe00, 0x10000),
          0x1f600, 0xe0001, 0x10ffff]
_SUSPECTS = [code for code in _CODES if loader._SUSPECT.match(chr(code))]


def test_the_codes_cover_every_kind_of_suspect():
    assert {0x00, 0x0b, 0x1f, 0x7f, 0x85, 0x9f, 0xa0, 0xad, 0xc6, 0xfe, 0x1680, 0x180e,
            0x2000, 0x200b, 0x2028, 0x2029, 0x202e, 0x2060, 0x3000, 0xfeff} <= set(_SUSPECTS)
    assert 0x09 not in _SUSPECTS and 0xe0 not in _SUSPECTS and 0x1ea1 not in _SUSPECTS


@pytest.mark.parametrize("place", ["{c}Báo cáo\n", "Báo {c}cáo\n", "Báo cáo\n{c}",
                                   "ạ{c}ả", "x{c}"])
def test_the_scan_of_the_bytes_finds_what_the_scan_of_the_text_finds(place):
    for code in _CODES:
        text = place.format(c=chr(code))
        assert loader._has_suspect(text, text.encode()) is \
            (loader._SUSPECT.search(text) is not None), hex(code)
        assert loader._has_suspect(text, None) is (loader._SUSPECT.search(text) is not None)


def _problems(loaded):
    return [(p.line, p.column, p.code, p.message, p.severity) for p in loaded.problems]


@pytest.mark.parametrize("bom", ["", "\ufeff", "\ufeff\ufeff"])
def test_a_file_read_from_bytes_reports_what_its_text_reports(bom):
    bodies = [f"unit: ub\nnote: Báo {chr(code)}cáo\r\nlist:\n  - ạ{chr(code)}\n"
              for code in [*_SUSPECTS[1:], 0x41, 0xe0, 0x1ea1]]  # (NUL: not a text file)
    bodies += ["note: Nguyá»…n VÄƒn Báº£o\n", "note: B¶o Th¾ng\n", "note: Ba\u0309o\n"]
    seen = set()
    for body in bodies:
        from_bytes = loader.load_bytes((bom + body).encode(), "f.yaml")
        from_text = loader.load_text(bom.removeprefix("\ufeff") + body, "f.yaml")
        assert _problems(from_bytes) == _problems(from_text), body
        assert list(from_bytes.flaws.values()) == list(from_text.flaws.values()), body
        assert from_bytes.text == from_text.text
        seen.update(problem.code for problem in from_bytes.problems)
    # The comparison met each check the scan opens the way to.
    assert {"text-control-character", "text-line-separator", "text-mojibake",
            "text-legacy-font", "text-not-nfc"} <= seen, seen
