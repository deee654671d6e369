"""The report as PDF, through LibreOffice: what offices send through their document system.

LibreOffice runs headless with a private profile in a temporary folder (two conversions
sharing a profile hang), and the PDF is written atomically next to the .docx. Page breaks
follow the fonts installed: without Times New Roman or a font with the same widths and the
Vietnamese letters (Liberation Serif 2.x), LibreOffice substitutes another and pages differ
from what Word shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from dvcq_cli import atomic

CONVERT_SECONDS = 300
# Fonts the template's Times New Roman can be set in with the same line breaks.
SAME_WIDTHS = ("Times New Roman", "Liberation Serif", "Tinos")


class PdfUnavailable(Exception):
    """LibreOffice is not installed."""


class PdfFailed(Exception):
    """LibreOffice ran but wrote no PDF; the message is its own output, if any."""


def soffice() -> str | None:
    """LibreOffice's command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: Path, target: Path) -> None:
    """Write `target` (a PDF) from the .docx `docx`."""
    program = soffice()
    if program is None:
        raise PdfUnavailable()
    with tempfile.TemporaryDirectory(prefix="dvcq-pdf-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        shutil.copyfile(docx, source)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                   str(work / "out"), str(source)]
        try:
            completed = subprocess.run(command, stdin=subprocess.DEVNULL,
                                       capture_output=True, timeout=CONVERT_SECONDS,
                                       check=False, env={**os.environ, "HOME": folder})
        except (OSError, subprocess.SubprocessError) as error:
            raise PdfFailed(str(error)) from None
        produced = work / "out" / "report.pdf"
        if not produced.is_file():
            said = (completed.stderr or completed.stdout).decode(errors="replace").strip()
            raise PdfFailed(said.splitlines()[-1] if said else "")
        atomic.write_bytes(target, produced.read_bytes())


def fonts_match() -> bool | None:
    """Whether a font with Times New Roman's widths and Vietnamese letters is installed;
    None when fontconfig cannot say (no `fc-list`)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run([fc_list, ":lang=vi", "family"], capture_output=True,
                                timeout=60, check=False).stdout.decode(errors="replace")
    except (OSError, subprocess.SubprocessError):
        return None
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    return any(font in families for font in SAME_WIDTHS)
