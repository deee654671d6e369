"""Translation of user-facing messages.

Messages are written in English in the code and looked up in a gettext catalog at the
moment they are formatted. The language is chosen once by the CLI (`set_language`);
the library only calls `_()`.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "vi"
SUPPORTED = ("vi", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """`DVCQ_LANG`, then an English `LANG`/`LC_ALL`/`LC_MESSAGES`, else Vietnamese."""
    env = os.environ if environ is None else environ
    explicit = env.get("DVCQ_LANG", "").strip().lower()
    if explicit:
        return explicit.split("_")[0].split(".")[0]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip().lower()
        if value and value not in ("c", "posix", "c.utf-8", "c.utf8"):
            return "en" if value.startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _translation, _language
    language = language if language in SUPPORTED else DEFAULT_LANGUAGE
    _language = language
    if language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(
            "dvcq", localedir=str(LOCALE_DIR), languages=[language], fallback=True
        )


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a message for extraction where it is translated later, from a variable."""
    return message
