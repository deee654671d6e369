"""Set-ups of examples in the docs that a text edit cannot make (see tests/test_docs_examples.py):
each function gets the copy of the example workspace the session runs in, and prepares it.

A block names one with `<!-- example: prepared by docs_setup.NAME -->`.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl

from dvcq_cli.commands import form_command

CASES = Path(__file__).resolve().parent / "cases"


def kinh_te_form_filled_with_mistakes(workspace: Path) -> None:
    """`2024-9m-kinh_te.xlsx`, the 9-month form of Phòng Kinh tế, as the unit sends it back
    with three mistakes: a number in words, a task the plan does not have, and a date after
    the period's window."""
    form = workspace / "2024-9m-kinh_te.xlsx"
    outcome = form_command.make_forms(workspace, "9m", unit="kinh_te", output=form)
    assert outcome.failed == [], outcome.failed
    book = openpyxl.load_workbook(form)
    book["Chỉ số"]["D9"] = "mười bốn"
    book["Hoạt động"]["B6"] = "9"
    book["Hoạt động"]["C7"] = date(2024, 10, 1)
    book.save(form)


def quarterly_district(workspace: Path) -> None:
    """The second example workspace, `tests/cases/quarterly-district/`, in place of `plans/`:
    a district with communes, quarterly periods, grades, ceilings and scopes (every measure)."""
    shutil.rmtree(workspace / "plans")
    shutil.copytree(CASES / "quarterly-district" / "workspace" / "plans", workspace / "plans")


def template_with_an_unknown_name(workspace: Path) -> None:
    """The workspace's Word template with a paragraph that uses a name the report does not
    provide, as a person editing the template might add it."""
    from docx import Document

    path = workspace / "templates" / "bao-cao-dan-van-chinh-quyen.docx"
    document = Document(str(path))
    document.add_paragraph("Kính gửi: {{ kinh_gui }}")
    document.save(str(path))
