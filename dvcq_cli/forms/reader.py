"""Open a filled form, or say in one line why it cannot be read.

A unit may send back an .xlsx (what the form is), an .ods or .xls (saved in another format),
a file protected with a password, or something that is not a spreadsheet at all. Only .xlsx
is read; an .ods or .xls is converted to .xlsx by LibreOffice when it is installed (as a unit's
own office suite would on "Save As"), and refused with the steps to save it as .xlsx otherwise.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from dvcq_cli.forms.layout import FORM_VERSION, META_SHEET
from dvcq_cli.forms.workbook import META_FORMAT, META_KEYS, canonical, checksum
from dvcq_cli.i18n import _
from dvcq_cli.tuples import NamedTuple

MAX_FORM_BYTES = 20 * 1024 * 1024
CONVERT_SECONDS = 120


class Unreadable(NamedTuple):
    """Why a file cannot be read as a form: a problem code and its message."""

    code: str
    message: str


class Opened(NamedTuple):
    book: Any  # an openpyxl Workbook
    converted_from: str | None  # "ods" or "xls" when LibreOffice converted it


class Meta(NamedTuple):
    """What the hidden part says the form is for."""

    version: int
    plan: str
    year: str
    unit: str
    period: str
    locked: dict[str, dict[str, str]]


def _save_as() -> str:
    return _("open it in Excel or LibreOffice Calc and save it as “Excel 2007-365 (.xlsx)” "
             "(File → Save As), then import the .xlsx")


def open_form(path: Path) -> Opened | Unreadable:
    """The workbook of a form file; never raises for bad input."""
    data = _read(path)
    if isinstance(data, Unreadable):
        return data
    kind = sniff(data)
    converted: str | None = None
    if kind in ("ods", "xls"):
        result = convert_to_xlsx(path, kind)
        if isinstance(result, Unreadable):
            return result
        data, converted = result, kind
    elif kind != "xlsx":
        return _refuse(kind)
    return _load(data, converted)


def _read(path: Path) -> bytes | Unreadable:
    try:
        if path.is_dir():
            return Unreadable("file-unreadable", _("this is a folder, not a spreadsheet"))
        size = path.stat().st_size
        if size > MAX_FORM_BYTES:
            return Unreadable("file-too-large", _(
                "the file is {size} bytes, more than {limit} bytes: a filled form is far "
                "smaller; check that this is the right file").format(size=size,
                                                                       limit=MAX_FORM_BYTES))
        return path.read_bytes()
    except PermissionError:
        return Unreadable("file-unreadable", _("permission denied: cannot read this file"))
    except OSError as error:
        return Unreadable("file-unreadable", _("cannot read this file: {reason}").format(
            reason=error.strerror or error.__class__.__name__))


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str:
    """What the bytes are: xlsx, ods, xls, encrypted, docx, zip, pdf, or other."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "mimetype" in names and archive.read("mimetype").startswith(
                        b"application/vnd.oasis.opendocument.spreadsheet"):
                    return "ods"
                if "word/document.xml" in names:
                    return "docx"
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
            return "damaged"
        return "zip"
    if data.startswith(_OLE):
        # An .xlsx saved with a password to open is an OLE file too, with these streams.
        if "EncryptionInfo".encode("utf-16-le") in data:
            return "encrypted"
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return "xls"
        return "ole"
    if data.startswith(b"%PDF"):
        return "pdf"
    return "other"


def _refuse(kind: str) -> Unreadable:
    if kind == "encrypted":
        return Unreadable("form-file-type", _(
            "the file is protected with a password; open it, remove the password (File → "
            "Info → Protect Workbook → Encrypt with Password, or Save As without a password) "
            "and import it again"))
    if kind == "damaged":
        return Unreadable("form-file-type", _(
            "the file is damaged (an incomplete zip archive): ask the unit to send it again"))
    if kind == "docx":
        return Unreadable("form-file-type", _(
            "this is a Word document, not a spreadsheet: the form is an .xlsx file made by "
            "dvcq form"))
    return Unreadable("form-file-type", _(
        "this is not a spreadsheet (.xlsx): the form is an .xlsx file made by dvcq form; if "
        "the unit saved it in another format, {save_as}").format(save_as=_save_as()))


def soffice() -> str | None:
    """LibreOffice's command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_xlsx(path: Path, kind: str) -> bytes | Unreadable:
    """An .ods or .xls converted to .xlsx by LibreOffice, in a private profile and folder."""
    name = {"ods": ".ods", "xls": ".xls"}[kind]
    program = soffice()
    if program is None:
        return Unreadable("form-file-type", _(
            "the form was saved as {kind}, not .xlsx, and LibreOffice is not installed here "
            "to convert it: {save_as}").format(kind=name, save_as=_save_as()))
    with tempfile.TemporaryDirectory(prefix="dvcq-form-") as folder:
        work = Path(folder)
        source = work / ("form" + name)
        shutil.copyfile(path, source)
        profile = (work / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(work / "out"),
                   str(source)]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=CONVERT_SECONDS, check=False,
                           env={**os.environ, "HOME": folder})
            return (work / "out" / "form.xlsx").read_bytes()
        except (OSError, subprocess.SubprocessError):
            return Unreadable("form-file-type", _(
                "the form was saved as {kind}, not .xlsx, and LibreOffice could not convert "
                "it: {save_as}").format(kind=name, save_as=_save_as()))


def _load(data: bytes, converted: str | None) -> Opened | Unreadable:
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported"…
            book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        return Unreadable("form-file-type", _(
            "the spreadsheet cannot be read (it is damaged or not an Excel workbook): {save_as}"
        ).format(save_as=_save_as()))
    return Opened(book, converted)


def read_meta(book: Any) -> Meta | Unreadable:
    """The hidden part of a form, checked against its checksum."""
    if META_SHEET not in book.sheetnames:
        return Unreadable("form-unknown", _(
            "this spreadsheet is not a dvcq form (it has no hidden part saying what it is "
            "for); make the unit's form with dvcq form and have it filled in"))
    sheet = book[META_SHEET]
    rows: list[tuple[str, str]] = []
    written = ""
    for key_cell, value_cell in sheet.iter_rows(min_col=1, max_col=2):
        key = canonical(key_cell.value)
        if key == "checksum":
            written = canonical(value_cell.value)
            break
        if key:
            rows.append((key, canonical(value_cell.value)))
    values: dict[str, str] = {}
    for key, value in rows:
        values[key] = values.get(key, "") + value if key == "locked" else value
    if values.get("format") != META_FORMAT or any(key not in values for key in META_KEYS):
        return _damaged()
    if not values["version"].isdigit() or int(values["version"]) > FORM_VERSION:
        return Unreadable("form-unknown", _(
            "this form was made by a newer version of dvcq (form version {version}); update "
            "dvcq and import it again").format(version=values["version"]))
    if checksum(rows) != written:
        return _damaged()
    import json

    try:
        locked = json.loads(values["locked"])
    except ValueError:
        return _damaged()
    return Meta(int(values["version"]), values["plan"], values["year"], values["unit"],
                values["period"], locked)


def _damaged() -> Unreadable:
    return Unreadable("form-unknown", _(
        "the hidden part of this form was changed or damaged, so it cannot be trusted; make a "
        "new form with dvcq form and copy the values into it"))
