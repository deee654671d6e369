"""Characters that look like nothing or like a space: what they are called and how dvcq reads
them.

Word, PDFs and web pages paste them freely: a no-break space where a space was typed, a
zero-width space inside a word, a soft hyphen. YAML does not read them as spaces, so in the
indentation, after a ':' or after an id they change what the file means although the line
looks right. dvcq reads each one as what it looks like (a space, or nothing), reports it
where it is, and `dvcq fix` writes it so. Pure: no I/O.
"""

from __future__ import annotations

import re

from dvcq_cli.i18n import N_, _

# Characters shown as a space: dvcq reads them as one.
SPACE_LIKE = ("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
              "\u200a\u202f\u205f\u3000")
# Characters shown as nothing: dvcq reads them as nothing. (U+FEFF at the very start of a
# file is its byte order mark and is dropped before this applies.)
ZERO_WIDTH = ("\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
              "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
INVISIBLE = SPACE_LIKE + ZERO_WIDTH
INVISIBLE_PATTERN = "[" + INVISIBLE + "]"
# How dvcq reads each of them.
READING = str.maketrans({**{char: " " for char in SPACE_LIKE},
                         **{char: None for char in ZERO_WIDTH}})

_NAMES = {
    "\u00a0": N_("a no-break space"),
    "\u202f": N_("a narrow no-break space"),
    "\u2007": N_("a figure space"),
    "\u2009": N_("a thin space"),
    "\u200b": N_("a zero-width space"),
    "\u200c": N_("a zero-width non-joiner"),
    "\u200d": N_("a zero-width joiner"),
    "\u2060": N_("a word joiner"),
    "\ufeff": N_("a byte order mark"),
    "\u00ad": N_("a soft hyphen"),
    "\u200e": N_("a left-to-right mark"),
    "\u200f": N_("a right-to-left mark"),
}


def name(char: str) -> str:
    """`a no-break space (U+00A0)`, in the user's language."""
    if char in _NAMES:
        label = _(_NAMES[char])
    elif char in SPACE_LIKE:
        label = _("a special space")
    elif "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        label = _("a text direction mark")
    else:
        label = _("an invisible character")
    return f"{label} (U+{ord(char):04X})"


def replacement(char: str) -> str:
    """What the character is read as: a space, or nothing."""
    return " " if char in SPACE_LIKE else ""


def is_invisible(char: str) -> bool:
    return char in INVISIBLE


# Shown in the source line under a problem: the invisibles above, tabs and control
# characters, each as ⟨U+00A0⟩, so that what the message names can be seen. (Patterns are
# compiled through re's cache when first used: `dvcq check` on a clean workspace never does.)
_SHOWN = "[" + INVISIBLE + "\t\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]"


def visible(text: str) -> str:
    """`text` with every invisible character written as ⟨U+XXXX⟩."""
    return re.sub(_SHOWN, lambda match: f"⟨U+{ord(match.group()):04X}⟩", text)
