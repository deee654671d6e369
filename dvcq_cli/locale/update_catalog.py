"""Bring the Vietnamese catalog up to date with the code, then compile it.

    python dvcq_cli/locale/update_catalog.py

Extracts every message passed to `_()` or marked with `N_()`, keeps existing translations,
adds new messages untranslated, drops those the code no longer has, writes dvcq.pot and
vi/LC_MESSAGES/dvcq.po with a fixed header (so the files only change when messages do), and
compiles dvcq.mo. Prints the messages still to translate; exits 1 while there are any.
Needs Babel (in the test extra).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent
PACKAGE = LOCALE.parent
PO = LOCALE / "vi" / "LC_MESSAGES" / "dvcq.po"
MO = PO.with_suffix(".mo")
POT = LOCALE / "dvcq.pot"
FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)


def new_catalog(locale: str | None) -> Catalog:
    catalog = Catalog(locale=locale, project="dvcq", version="1",
                      msgid_bugs_address="the dvcq issue tracker", last_translator="dvcq",
                      language_team="dvcq", creation_date=FIXED_DATE,
                      revision_date=FIXED_DATE, fuzzy=False)
    catalog.header_comment = ("# Vietnamese messages of dvcq. Edit the msgstr lines, then run\n"
                              "# python dvcq_cli/locale/update_catalog.py")
    return catalog


def extract() -> Catalog:
    template = new_catalog(None)
    for _file, _line, message, comments, _context in extract_from_dir(
            str(PACKAGE), keywords={"_": None, "N_": None}):
        template.add(message, auto_comments=comments, flags=_flags(message))
    return template


def _flags(message: str) -> tuple[str, ...]:
    return ("python-brace-format",) if "{" in message else ()


def merge(template: Catalog) -> Catalog:
    with PO.open("rb") as handle:
        old = {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}
    catalog = new_catalog("vi")
    for message in template:
        if message.id:
            catalog.add(message.id, old.get(message.id, ""), flags=message.flags)
    return catalog


def main() -> int:
    template = extract()
    catalog = merge(template)
    with POT.open("wb") as handle:
        write_po(handle, template, omit_header=True, sort_output=True, no_location=True)
    with PO.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, no_location=True)
    with MO.open("wb") as handle:
        write_mo(handle, catalog)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    for message_id in untranslated:
        print(f"untranslated: {message_id!r}")
    print(f"{len(catalog)} messages, {len(untranslated)} untranslated")
    return 1 if untranslated else 0


if __name__ == "__main__":
    sys.exit(main())
