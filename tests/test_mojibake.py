"""Vietnamese saved twice (UTF-8 read as Windows-1252, then saved): found, never in real
text, and repaired back to the very bytes it was (mojibake.py, code `text-mojibake`)."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from dvcq_cli import fixes, loader, mojibake, vietnamese


def garble(text: str) -> str:
    """What a tool that reads UTF-8 as Windows-1252 and saves it again makes of `text`. The
    five bytes Windows-1252 leaves undefined stay as the C1 characters of the same number,
    as Windows keeps them."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def repaired(text: str) -> str:
    for run in reversed(mojibake.find(text)):
        text = text[:run.start] + run.meant + text[run.end:]
    return text


def example_texts() -> list[tuple[Path, str]]:
    files = sorted((REPO / "plans").rglob("*.yaml")) + sorted(
        (REPO / "tests" / "cases").rglob("*.yaml"))
    shared = REPO.parent / "shared"
    if shared.is_dir():
        files += sorted(shared.rglob("*.txt")) + sorted(shared.rglob("*.md"))
    return [(path, path.read_text("utf-8", errors="replace")) for path in files]


def test_no_real_text_is_taken_for_mojibake() -> None:
    texts = example_texts()
    assert len(texts) >= 30
    assert [path for path, text in texts if mojibake.find(text)] == []


def test_every_example_file_garbled_is_found_and_repaired_byte_for_byte() -> None:
    for path in sorted((REPO / "plans").rglob("*.yaml")):
        original = path.read_bytes()
        broken = garble(original.decode("utf-8")).encode("utf-8")
        problems = loader.load_bytes(broken, "x.yaml").problems
        assert [p.code for p in problems] == ["text-mojibake"], path
        repair = fixes.repair("x.yaml", broken,
                              lambda data: loader.load_bytes(data, "x.yaml").problems)
        assert repair.after == original, path
        assert repair.remaining == []


# Text as offices write it: Vietnamese words in any case, numbers with their units and
# signs, punctuation where it goes (one mark before or after a word).
_LETTERS = sorted(vietnamese.LETTERS | set("bcdghklmnpqrstvx"))
_WORD = st.text(st.sampled_from(_LETTERS + [c.upper() for c in "bcdghklmnpqrstvx"]),
                min_size=1, max_size=7)
_NUMBER = st.builds(lambda n, unit: f"{n}{unit}", st.integers(0, 2024),
                    st.sampled_from(["", "%", "°C", "°", "º", "ª", ",5", "/KH-VP"]))
_BEFORE = st.sampled_from(["", "", "", "“", "‘", "«", "(", "\"", "'", "§ ", "–"])
_AFTER = st.sampled_from(["", "", "", ",", ".", ";", ":", "”", "’", "»", ")", "…", "!",
                          "?", "–", "—", "\u00a0"])
_TOKEN = st.builds(lambda before, word, after: before + word + after,
                   _BEFORE, st.one_of(_WORD, _WORD.map(str.upper), _NUMBER), _AFTER)
real_text = st.lists(_TOKEN, min_size=1, max_size=30).map(" ".join)


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(real_text)
def test_real_vietnamese_is_never_taken_for_mojibake(text: str) -> None:
    assert mojibake.find(text) == []


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(real_text.filter(lambda text: any(char > "\u00ff" and char in vietnamese.LETTERS
                                         for char in text)))
def test_garbled_vietnamese_is_repaired_exactly(text: str) -> None:
    assert repaired(garble(text)) == text
