"""Messages in Vietnamese and English: the catalog is complete, current and used."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from dvcq_cli import i18n

PACKAGE = Path(i18n.__file__).parent
PO = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "dvcq.po"
MO = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "dvcq.mo"
PLACEHOLDER = re.compile(r"\{[a-z_]*(?:![rsa])?(?::[^}]*)?\}")


def source_messages() -> set[str]:
    """Every string passed to _() in the package, as the catalog's
    extraction finds them."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), keywords={"_": None, "N_": None}):
        found.add(message)
    return found


def catalog() -> dict[str, str]:
    with PO.open("rb") as handle:
        po = read_po(handle)
    return {m.id: m.string for m in po if m.id and not m.fuzzy}


def test_every_message_has_a_vietnamese_translation() -> None:
    translations = catalog()
    missing = sorted(m for m in source_messages() if not translations.get(m))
    assert missing == [], ("untranslated (see docs/maintainers/index.md, Messages):\n"
                           + "\n".join(missing))


def test_translations_keep_the_placeholders() -> None:
    wrong = [(msgid, text) for msgid, text in catalog().items()
             if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text))]
    assert wrong == []


def test_the_shipped_catalog_is_compiled_from_the_po_file() -> None:
    with MO.open("rb") as handle:
        compiled = {m.id: m.string for m in read_mo(handle) if m.id}
    assert compiled == catalog()


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "vi"),
    ({"LANG": "C.UTF-8"}, "vi"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"DVCQ_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"DVCQ_LANG": "vi", "LANG": "en_US.UTF-8"}, "vi"),
])
def test_language_from_environment(environ: dict[str, str], expected: str) -> None:
    assert i18n.language_from_environment(environ) == expected


def test_vietnamese_is_the_default_and_english_is_chosen(mini_workspace: Path) -> None:
    path = mini_workspace / "plans/2025/6m/tccb.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("qcdc: tot", "qcdc: tott"),
                    encoding="utf-8")

    def run(*args: str, lang: str | None) -> str:
        env = {"PATH": "", "HOME": str(mini_workspace)}
        if lang:
            env["DVCQ_LANG"] = lang
        result = subprocess.run([sys.executable, "-m", "dvcq_cli", *args], cwd=mini_workspace,
                                env=env, capture_output=True, text=True, check=False)
        return result.stdout + result.stderr

    vietnamese = run("check", lang=None)
    assert "tccb.yaml:6:9: lỗi: 'tott' không phải là một trong các giá trị" in vietnamese
    english = run("check", lang="en")
    assert "error: 'tott' is not one of" in english
    assert run("--lang", "en", "check", lang="vi") == english
    assert "Kiểm tra" in run("check", "--help", lang="vi")


def test_help_is_vietnamese_including_typers_own_texts(tmp_path: Path) -> None:
    env = {"PATH": "", "HOME": str(tmp_path), "DVCQ_LANG": "vi"}
    for args in (["--help"], ["check", "--help"], ["new", "assessment", "--help"]):
        result = subprocess.run([sys.executable, "-m", "dvcq_cli", *args], cwd=tmp_path,
                                env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0
        assert result.stdout.startswith("Cách dùng: dvcq")
        assert "Hiển thị hướng dẫn này rồi thoát." in result.stdout
        for english in ("Usage:", "Show this message", "Options", "Install completion"):
            assert english not in result.stdout
