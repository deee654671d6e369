"""Vietnamese saved twice: UTF-8 bytes read as Windows-1252 (or Latin-1), then saved again.

`Trần Thị` becomes `Tráº§n Thá»‹`: each letter outside ASCII turns into two or three
characters of Windows-1252. It happens when a file is opened in a tool that assumes a
Western encoding (an old editor, a spreadsheet import) and saved as UTF-8. The file is valid
UTF-8, so nothing else notices; every name and text in it is garbled.

A run of such characters is taken for mojibake only when its Windows-1252 bytes are valid
UTF-8 that decodes to Vietnamese letters, or to punctuation and signs (`â€“` is `–`, `Â°`
is `°`), and the file has a Vietnamese letter outside Latin-1 garbled: real text never
passes, because its letters outside Latin-1 (ầ, ư, đ, …) have no Windows-1252 byte, and its
Latin-1 letters (à, á, ê, ô, …) are never followed by the symbols a UTF-8 continuation byte
becomes (º, », §, ¡, …). The repair has one answer: those bytes read as UTF-8.
"""

from __future__ import annotations

import re
import unicodedata

from dvcq_cli import vietnamese
from dvcq_cli.tuples import NamedTuple

# The byte each character stands for when UTF-8 was read as Windows-1252: U+0080–U+00FF are
# their own byte (as Latin-1 reads them, and as Windows keeps the five bytes Windows-1252
# leaves undefined); the rest are Windows-1252's own characters for 0x80–0x9F.
_BYTE: dict[str, int] = {chr(byte): byte for byte in range(0x80, 0x100)}
for _byte in range(0x80, 0xA0):
    try:
        _BYTE[bytes([_byte]).decode("cp1252")] = _byte
    except UnicodeDecodeError:
        pass
_RUN = re.compile("[" + re.escape("".join(sorted(_BYTE))) + "]{2,}")
# What every Vietnamese letter outside ASCII turns into contains one of these (the second
# byte of ầ, ư, ơ, đ… as Windows-1252): the loader's single scan of a file looks for them.
SIGNS = "\u00ba\u00bb\u00b0\u00a1"


class Garbled(NamedTuple):
    """A run of mojibake: where it starts and ends in the text, and what it was."""

    start: int
    end: int
    meant: str


def find(text: str) -> list[Garbled]:
    """Every run of `text` that is UTF-8 read as Windows-1252, with the text it was; none
    unless one of them is a Vietnamese letter outside Latin-1 (ầ, ư, đ…: `áº§`, `Æ°`,
    `Ä‘`), which no real text spells. That keeps out an upper-case `XÃ` before a closing
    `”` (`Ã”` is also how `Ô` looks garbled) in a file that is not garbled."""
    found = []
    for match in _RUN.finditer(text):
        meant = _meant(match.group())
        if meant is not None:
            found.append(Garbled(match.start(), match.end(), meant))
    if not any(char > "\u00ff" and char in vietnamese.LETTERS for run in found
               for char in run.meant):
        return []
    return found


def _meant(run: str) -> str | None:
    try:
        decoded = bytes(_BYTE[char] for char in run).decode("utf-8")
    except UnicodeDecodeError:
        return None
    decoded = unicodedata.normalize("NFC", decoded)
    if not all(char in vietnamese.LETTERS or char in "ºª"
               or unicodedata.category(char)[0] in "PSZ" for char in decoded):
        return None  # a letter of another alphabet: not Vietnamese text garbled
    return decoded
