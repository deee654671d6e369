"""`dvcq form` and `dvcq import`: the spreadsheet form out, and the checked import back in.

Forms are filled with openpyxl the way a user's Excel stores what is typed (numbers as text,
dates as serials, text or real dates, no-break spaces, rows left empty), and saved again by
LibreOffice headless, as a unit's office suite would. The import must give the same YAML and
the same problems, at the exact sheet and cell.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, write_tree
from typer.testing import CliRunner

from dvcq_cli.check import check_workspace
from dvcq_cli.cli import app
from dvcq_cli.commands import form_command, import_command
from dvcq_cli.forms import importer
from dvcq_cli.forms.layout import META_SHEET
from dvcq_cli.problems import Problem, Severity
from dvcq_cli.scaffold import bare

runner = CliRunner()
SOFFICE = shutil.which("soffice")  # .ci/run installs LibreOffice: these tests never skip


# ---------------------------------------------------------------- helpers
@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """A copy of the example workspace."""
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    return tmp_path


def make_form(root: Path, unit: str, period: str, output: Path | None = None) -> Path:
    outcome = form_command.make_forms(root, period, unit=unit, output=output)
    assert outcome.failed == [], outcome.failed
    return root / outcome.written[0]


def plans_of(root: Path) -> importer.Plans:
    return import_command._plans(root, root)


def import_one(root: Path, form: Path, period: str | None = None) -> importer.Imported:
    return importer.import_form(form, form.name, plans_of(root), period)


def found(imported: importer.Imported) -> list[tuple[str, str, str]]:
    """(location without the file, severity, code) of each problem."""
    return [(p.location().removeprefix(imported.display).lstrip("!"), p.severity.value, p.code)
            for p in imported.problems]


def example(root: Path, period: str, unit: str) -> Any:
    result = check_workspace(root, root)
    return result.year_data("2024").assessments[period][unit]


def edit(form: Path, changes: dict[tuple[str, str], Any], target: Path | None = None) -> Path:
    """Type values into cells, as a user's spreadsheet program stores them, and save."""
    book = openpyxl.load_workbook(form)
    for (sheet, cell), value in changes.items():
        book[sheet][cell].value = value
    out = target or form
    book.save(out)
    return out


def libreoffice(files: list[Path], folder: Path, to: str = "xlsx") -> list[Path]:
    """Open and save each file with LibreOffice headless, as a unit's office suite would."""
    assert SOFFICE is not None, "LibreOffice (soffice) is needed: .ci/run installs it"
    folder.mkdir(exist_ok=True)
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods", "xls": "xls:MS Excel 97"}
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", filters[to], "--outdir",
                    str(folder), *map(str, files)], check=True, capture_output=True, timeout=300)
    made = [folder / (file.stem + "." + to) for file in files]
    assert all(path.exists() for path in made)
    return made


def activity_row(form: Path, text: str) -> int:
    book = openpyxl.load_workbook(form)
    sheet = book["Hoạt động"]
    return next(row for row in range(5, sheet.max_row + 1)
                if sheet.cell(row, 5).value == text)


# ---------------------------------------------------------------- the round trip
def test_form_all_makes_15_forms_whose_import_gives_back_the_example_data(workspace: Path
                                                                          ) -> None:
    outcome = form_command.make_forms(workspace, "6m", all_units=True)
    assert outcome.exit_code == 0
    assert len(outcome.written) == 15
    assert all(path.startswith("forms/2024-6m/2024-6m-") for path in outcome.written)
    plans = plans_of(workspace)
    for shown in outcome.written:
        unit = shown.removeprefix("forms/2024-6m/2024-6m-").removesuffix(".xlsx")
        imported = importer.import_form(workspace / shown, shown, plans)
        assert imported.problems == [], (shown, imported.problems)
        assert bare(imported.assessment) == bare(example(workspace, "6m", unit))


def test_a_unit_without_a_file_for_the_period_starts_from_the_period_before(workspace: Path
                                                                            ) -> None:
    form = make_form(workspace, "thu_ky_bien_tap", "9m")
    book = openpyxl.load_workbook(form)
    notes = [cell.value for cell in book["Hướng dẫn"]["B"] if cell.value]
    assert any("kỳ trước (6 tháng đầu năm 2024)" in note for note in notes)
    assert book["Thông tin"]["D10"].value is None  # the submission date is left to fill
    imported = import_one(workspace, form)
    assert found(imported) == [("Thông tin!D10", "error", "value-missing")]
    edit(form, {("Thông tin", "D10"): datetime(2024, 9, 9)})
    imported = import_one(workspace, form)
    previous = example(workspace, "6m", "thu_ky_bien_tap")
    assert imported.problems == []
    assert bare(imported.assessment) == bare(previous._replace(period="9m",
                                                                 submitted=date(2024, 9, 9)))


def test_the_same_plan_gives_the_same_bytes(workspace: Path, tmp_path: Path) -> None:
    first = make_form(workspace, "hctc", "9m", tmp_path / "a.xlsx").read_bytes()
    second = make_form(workspace, "hctc", "9m", tmp_path / "b.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 4, 8, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2024-04-08T00:00:00Z" in core


def test_import_writes_the_file_as_a_person_would_and_twice_gives_the_same_bytes(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    form = make_form(workspace, "hctc", "9m")
    target = workspace / "plans/2024/9m/hctc.yaml"
    target.unlink()
    monkeypatch.chdir(workspace)
    result = runner.invoke(app, ["import", str(form)])
    assert result.exit_code == 0, result.output
    assert "created plans/2024/9m/hctc.yaml" in result.output
    text = target.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/")
    assert "unit: hctc  # Phòng Hành chính – Tổ chức\n" in text
    assert "  # Mức độ thực hiện quy chế dân chủ ở cơ sở\n  qcdc: tot  # Tốt\n" in text
    assert '  - task: "2.đ"  # Giám sát và đôn đốc' in text
    assert "    date: 2024-01-24\n    kind: hoi_nghi  # Hội nghị, học tập, quán triệt\n" \
           "    text: >-\n" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    first = target.read_bytes()
    result = runner.invoke(app, ["import", str(form)])
    assert result.exit_code == 0
    assert "plans/2024/9m/hctc.yaml is up to date" in result.output
    assert target.read_bytes() == first
    assert check_workspace(workspace, workspace).problems == []


def test_an_existing_file_is_replaced_only_with_force(workspace: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    form = make_form(workspace, "hctc", "9m")
    target = workspace / "plans/2024/9m/hctc.yaml"
    before = target.read_bytes()
    monkeypatch.chdir(workspace)
    result = runner.invoke(app, ["import", str(form)])
    assert result.exit_code == 1
    assert "--- plans/2024/9m/hctc.yaml\n" in result.output
    assert "\n-unit: hctc\n" in result.output
    assert "\n+unit: hctc  # Phòng Hành chính – Tổ chức\n" in result.output
    assert "it was not replaced: run again with --force" in result.output
    assert target.read_bytes() == before
    result = runner.invoke(app, ["import", "--dry-run", str(form)])
    assert result.exit_code == 0
    assert "unit: hctc  # Phòng Hành chính – Tổ chức" in result.output
    assert target.read_bytes() == before
    result = runner.invoke(app, ["import", "--force", str(form)])
    assert result.exit_code == 0, result.output
    assert "replaced plans/2024/9m/hctc.yaml" in result.output
    after = target.read_text()
    assert after.startswith("# DỮ LIỆU MẪU")  # the file's own header comments are kept
    assert bare(example(workspace, "9m", "hctc")) == bare(import_one(workspace, form).assessment)


# ---------------------------------------------------------------- what users type
LONG_TEXT = ("Tổ chức đối thoại với công chức về “Quy chế dân chủ” – lần 2 & tổng kết;\n"
             "dòng thứ hai: “trích dẫn” – kết thúc.\n" + "Nội dung rất dài " * 20)


def fill_blank_form(root: Path) -> Path:
    """A 12-month form of a unit that has no file yet: filled the ways spreadsheets store
    values."""
    for period in ("6m", "9m", "12m"):
        (root / f"plans/2024/{period}/hctc.yaml").unlink(missing_ok=True)
    form = make_form(root, "hctc", "12m")
    changes = {
        ("Thông tin", "D10"): "10/12/2024",                 # a date typed as text
        ("Thông tin", "D11"): "Trần\u00a0Thị Thu Thủy  ",    # a no-break space, trailing spaces
        ("Chỉ số", "D5"): "Có", ("Chỉ số", "D6"): "không", ("Chỉ số", "D7"): True,
        ("Chỉ số", "D8"): "Khá",
        ("Chỉ số", "D9"): " 1.234 ",                          # a number stored as text
        ("Chỉ số", "D10"): "1234",                          # all staff briefed (the plan's rule)
        ("Hoạt động", "B5"): "1 – Đẩy mạnh công tác tuyên truyền",
        ("Hoạt động", "C5"): 45390,                          # an Excel serial: 08/04/2024
        ("Hoạt động", "D5"): "Hội nghị, học tập, quán triệt",
        ("Hoạt động", "E5"): LONG_TEXT,
        ("Hoạt động", "F5"): "120",
        ("Hoạt động", "G5"): "Biên bản ngày 08/4/2024\nDanh sách dự\u00a0họp ",
        ("Hoạt động", "H5"): "Có",
        # rows 6 and 7 left empty
        ("Hoạt động", "B8"): "2.a",
        ("Hoạt động", "C8"): datetime(2024, 11, 20),         # a real date
        ("Hoạt động", "E8"): "Công khai tài chính",
        ("Ưu điểm", "B5"): "Ưu điểm thứ nhất",
        ("Ưu điểm", "B9"): "Ưu điểm thứ hai – cách 3 dòng trống",
        # What the remark concerns: a task chosen by its label, a target typed by its id.
        ("Ưu điểm", "C9"): "2.a – Tăng cường sự phối hợp chặt chẽ giữa các cơ quan, đơn vị và "
                           "địa phương nhất là ở cơ…",
        ("Ưu điểm", "D9"): "qcdc_tot",
    }
    return edit(form, changes)


EXPECTED_ACTIVITIES = [
    {"task": "1", "date": date(2024, 4, 8), "kind": "hoi_nghi", "item": None, "model": None,
     "text": LONG_TEXT.strip(), "participants": 120,
     "evidence": ["Biên bản ngày 08/4/2024", "Danh sách dự họp"], "highlight": True,
     "start": None, "end": None},
    {"task": "2.a", "date": date(2024, 11, 20), "kind": None, "item": None, "model": None,
     "text": "Công khai tài chính", "participants": None, "evidence": [], "highlight": False,
     "start": None, "end": None},
]


def check_filled(imported: importer.Imported) -> None:
    assert imported.problems == [], imported.problems
    assessment = imported.assessment
    assert assessment is not None
    assert assessment.submitted == date(2024, 12, 10)
    assert assessment.signed_by == "Trần Thị Thu Thủy"
    assert dict(assessment.indicators) == {
        "quan_triet": True, "trien_khai_day_du": False, "dan_van_kheo": True, "qcdc": "kha",
        "so_ccvc": 1234, "so_ccvc_quan_triet": 1234}
    activities = [{key: value for key, value in activity._asdict().items() if key != "where"}
                  for activity in assessment.activities]
    assert activities == EXPECTED_ACTIVITIES
    assert [bare(remark) for remark in assessment.strengths] == [
        ("Ưu điểm thứ nhất", None, None),
        ("Ưu điểm thứ hai – cách 3 dòng trống", "2.a", "qcdc_tot")]


def test_what_spreadsheets_store_is_read_as_what_was_meant(workspace: Path) -> None:
    check_filled(import_one(workspace, fill_blank_form(workspace)))


def test_saved_again_by_libreoffice_the_import_gives_the_same_yaml(workspace: Path,
                                                                   tmp_path: Path) -> None:
    hctc = make_form(workspace, "kinh_te", "9m")
    filled = fill_blank_form(workspace)
    direct = [import_one(workspace, form) for form in (filled, hctc)]
    saved = libreoffice([filled, hctc], tmp_path / "saved")
    again = [import_one(workspace, form) for form in saved]
    check_filled(again[0])
    for before, after in zip(direct, again, strict=True):
        assert after.problems == []
        assert bare(after.assessment) == bare(before.assessment)
    # The form keeps its protection, its dropdowns and its hidden part through LibreOffice.
    book = openpyxl.load_workbook(saved[1])
    assert book["Hoạt động"].protection.sheet
    assert book[META_SHEET].sheet_state != "visible"
    assert any(check.type == "list" for check in book["Hoạt động"].data_validations.dataValidation)


def test_an_ods_or_xls_is_converted_by_libreoffice(workspace: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    form = make_form(workspace, "hctc", "9m")
    ods = libreoffice([form], tmp_path / "ods", "ods")[0]
    xls = libreoffice([form], tmp_path / "xls", "xls")[0]
    expected = bare(example(workspace, "9m", "hctc"))
    for other in (ods, xls):
        imported = import_one(workspace, other)
        assert imported.problems == [], imported.problems
        assert imported.converted_from == other.suffix[1:]
        assert bare(imported.assessment) == expected
    monkeypatch.chdir(workspace)
    result = runner.invoke(app, ["import", "--dry-run", str(ods)])
    assert result.exit_code == 0
    assert "was saved as .ods; LibreOffice converted it to .xlsx" in result.output
    monkeypatch.setattr("dvcq_cli.forms.reader.soffice", lambda: None)
    imported = import_one(workspace, xls)
    assert found(imported) == [("", "error", "form-file-type")]
    assert "saved as .xls, not .xlsx, and LibreOffice is not installed" in \
        imported.problems[0].message


# ---------------------------------------------------------------- every rule, at its cell
CASES = {
    "submitted empty": ({("Thông tin", "D10"): None},
                        [("Thông tin!D10", "error", "value-missing")]),
    "a date that is not one": ({("Thông tin", "D10"): "hôm qua"},
                               [("Thông tin!D10", "error", "type-mismatch")]),
    "an impossible date": ({("Thông tin", "D10"): "31/02/2024"},
                           [("Thông tin!D10", "error", "value-invalid")]),
    "text for a number": ({("Chỉ số", "D9"): "mười bốn"},
                          [("Chỉ số!D9", "error", "type-mismatch")]),
    "a number below its minimum": ({("Chỉ số", "D9"): -3},
                                   [("Chỉ số!D9", "error", "value-invalid")]),
    "a decimal for a whole number": ({("Chỉ số", "D10"): 12.5},
                                     [("Chỉ số!D10", "error", "type-mismatch")]),
    "a choice not in the list": ({("Chỉ số", "D8"): "Rất tốt"},
                                 [("Chỉ số!D8", "error", "choice-invalid")]),
    "yes/no not in the list": ({("Chỉ số", "D5"): "chắc có"},
                               [("Chỉ số!D5", "error", "choice-invalid")]),
    "a required indicator empty": ({("Chỉ số", "D6"): None},
                                   [("Chỉ số!D6", "error", "value-missing")]),
    "an unknown task": ({("Hoạt động", "B6"): "9 – Nhiệm vụ khác"},
                        [("Hoạt động!B6", "error", "ref-unknown")]),
    "a task that is not in the list": ({("Hoạt động", "B6"): "tuyên truyền"},
                                       [("Hoạt động!B6", "error", "choice-invalid")]),
    "an unknown activity kind": ({("Hoạt động", "D7"): "Hội thảo"},
                                 [("Hoạt động!D7", "error", "choice-invalid")]),
    # Neither a date nor the last day of a span (to): the row is pointed at.
    "an activity without a date": ({("Hoạt động", "C8"): None},
                                   [("Hoạt động!B8", "error", "key-missing")]),
    "an activity without its text": ({("Hoạt động", "E5"): "   "},
                                     [("Hoạt động!E5", "error", "value-missing")]),
    "a date outside the window": ({("Hoạt động", "C6"): date(2024, 10, 1)},
                                  [("Hoạt động!C6", "warning", "date-outside-window")]),
    "participants below zero": ({("Hoạt động", "F5"): "-5"},
                                [("Hoạt động!F5", "error", "value-invalid")]),
    "a control character from Word": ({("Hoạt động", "E6"): "Hội nghị_x000B_dòng"},
                                      [("Hoạt động!E6", "error", "text-control-character")]),
    "a line separator from a PDF": ({("Hoạt động", "E6"): "Hội nghị\u2028dòng"},
                                    [("Hoạt động!E6", "warning", "text-line-separator")]),
    "decomposed Vietnamese": ({("Ưu điểm", "B5"): "Nguye\u0302\u0303n"},
                              [("Ưu điểm!B5", "warning", "text-not-nfc")]),
    "a TCVN3 font": ({("Hạn chế", "B5"): "B¸o c¸o chËm"},
                     [("Hạn chế!B5", "error", "text-legacy-font")]),
    "a locked label edited": ({("Chỉ số", "B8"): "Giá trị của tôi"},
                              [("Chỉ số!B8", "error", "form-locked-cell")]),
    "a locked heading emptied": ({("Hoạt động", "E4"): None},
                                 [("Hoạt động!E4", "error", "form-locked-cell")]),
    "the unit's name edited": ({("Thông tin", "D5"): "Phòng Khác"},
                               [("Thông tin!D5", "error", "form-locked-cell")]),
    "a column added on the right": ({("Hoạt động", "M6"): "ghi chú riêng"},
                                    [("Hoạt động!M6", "warning", "form-extra")]),
    "a heading added": ({("Hoạt động", "M4"): "Ghi chú"},
                        [("Hoạt động!M4", "warning", "form-extra")]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_rule_is_reported_at_its_cell(workspace: Path, name: str) -> None:
    form = make_form(workspace, "hctc", "9m")
    changes, expected = CASES[name]
    edit(form, changes)
    imported = import_one(workspace, form)
    assert found(imported) == expected, [p.message for p in imported.problems]
    assert (imported.assessment is None) == any(e[1] == "error" for e in expected)


def test_the_messages_are_those_of_dvcq_check(workspace: Path) -> None:
    form = make_form(workspace, "hctc", "9m")
    edit(form, {("Hoạt động", "B6"): "9", ("Chỉ số", "D9"): "mười bốn",
                ("Hoạt động", "C6"): date(2024, 10, 1)})
    messages = {p.location().split("!", 1)[1]: p.message
                for p in import_one(workspace, form).problems}
    assert messages["Chỉ số!D9"] == "expected a whole number, found 'mười bốn'"
    assert messages["Hoạt động!B6"].startswith("unknown task '9' (the plan's tasks: 1, 2, 2.a")
    assert messages["Hoạt động!C6"].startswith(
        "2024-10-01 is outside this period's data window 2023-12-15 – 2024-09-14")


def test_a_sheet_renamed_or_added(workspace: Path) -> None:
    form = make_form(workspace, "hctc", "9m")
    book = openpyxl.load_workbook(form)
    book["Ưu điểm"].title = "Uu diem"
    book.create_sheet("Nháp")["A1"] = "ghi chú"
    book.save(form)
    assert found(import_one(workspace, form)) == [
        ("Ưu điểm", "error", "form-sheet-missing"),
        ("Nháp", "warning", "form-extra"),
        ("Uu diem", "warning", "form-extra"),
    ]


def test_a_form_for_another_plan_year_unit_or_period(workspace: Path, tmp_path: Path) -> None:
    form = make_form(workspace, "hctc", "9m")
    imported = import_one(workspace, form, period="6m")
    assert found(imported) == [("", "error", "form-mismatch")]
    assert "this form is for period '9m' (9 tháng năm 2024), not '6m'" in \
        imported.problems[0].message
    other = tmp_path / "other"
    write_tree(other, {"plans/2025/plan.yaml": MINI_PLAN})
    imported = importer.import_form(form, "f.xlsx", plans_of(other))
    assert found(imported) == [("", "error", "form-mismatch")]
    assert "the workspace has no plan for that year (it has: 2025)" in \
        imported.problems[0].message
    renumbered = (REPO / "plans/2024/plan.yaml").read_text().replace("number: 294", "number: 295")
    (workspace / "plans/2024/plan.yaml").write_text(renumbered)
    imported = import_one(workspace, form)
    assert found(imported) == [("", "error", "form-mismatch")]
    assert "made for plan 294/KH-VP, and the workspace's plan of 2024 is 295/KH-VP" in \
        imported.problems[0].message


def test_the_plan_changed_since_the_form_was_made(workspace: Path) -> None:
    form = make_form(workspace, "hctc", "9m")
    plan = workspace / "plans/2024/plan.yaml"
    plan.write_text(plan.read_text().replace("label: Tổng số CCVC và người lao động",
                                             "label: Tổng số công chức, viên chức"))
    imported = import_one(workspace, form)
    assert found(imported) == [("", "warning", "form-outdated")]
    assert "Chỉ số!B9 now reads “Tổng số công chức, viên chức”" in imported.problems[0].message
    assert bare(imported.assessment) == bare(example(workspace, "9m", "hctc"))


def test_hidden_part_changed_or_not_a_form(workspace: Path, tmp_path: Path) -> None:
    form = make_form(workspace, "hctc", "9m")
    edit(form, {(META_SHEET, "B5"): "qttv"})
    assert found(import_one(workspace, form)) == [("", "error", "form-unknown")]
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    imported = import_one(workspace, plain)
    assert found(imported) == [("", "error", "form-unknown")]
    assert "not a dvcq form" in imported.problems[0].message


@pytest.mark.parametrize(("content", "words"), [
    (b"unit: hctc\n", "this is not a spreadsheet (.xlsx)"),
    (b"%PDF-1.7\n", "this is not a spreadsheet (.xlsx)"),
    (b"PK\x03\x04broken", "the file is damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
     "protected with a password"),
])
def test_files_that_are_not_forms(workspace: Path, tmp_path: Path, content: bytes,
                                  words: str) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)
    imported = import_one(workspace, path)
    assert found(imported) == [("", "error", "form-file-type")]
    assert words in imported.problems[0].message


def test_a_word_document_renamed(workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    shutil.copyfile(REPO / "templates/bao-cao-dan-van-chinh-quyen.docx", path)
    imported = import_one(workspace, path)
    assert found(imported) == [("", "error", "form-file-type")]
    assert "this is a Word document" in imported.problems[0].message


# ---------------------------------------------------------------- the command line
def test_exit_codes_and_messages(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    assert runner.invoke(app, ["form", "--period", "9m"]).exit_code == 2
    result = runner.invoke(app, ["form", "--period", "9x", "--unit", "hctc"])
    assert result.exit_code == 2 and "unknown period '9x'" in result.output
    result = runner.invoke(app, ["form", "--period", "9m", "--unit", "hctcc"])
    assert result.exit_code == 2 and "did you mean 'hctc'?" in result.output
    result = runner.invoke(app, ["form", "-p", "9m", "-u", "hctc", "-o", "out/hctc.xlsx"])
    assert result.exit_code == 0 and "wrote out/hctc.xlsx" in result.output
    result = runner.invoke(app, ["import", "missing.xlsx"])
    assert result.exit_code == 2 and "no such file: missing.xlsx" in result.output
    result = runner.invoke(app, ["import", "--period", "13m", "out/hctc.xlsx"])
    assert result.exit_code == 2
    edit(workspace / "out/hctc.xlsx", {("Chỉ số", "D9"): "abc"})
    result = runner.invoke(app, ["import", "out/hctc.xlsx"])
    assert result.exit_code == 1
    assert ("out/hctc.xlsx!Chỉ số!D9: error: expected a whole number, found 'abc' "
            "(type-mismatch)") in result.output
    assert "1 form(s) checked: 1 error(s), 0 warning(s)" in result.output
    result = runner.invoke(app, ["check", "--format", "json"])
    assert result.exit_code == 0


def test_two_forms_of_one_unit_in_one_run(workspace: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.chdir(workspace)
    runner.invoke(app, ["form", "-p", "9m", "-u", "hctc", "-o", "a.xlsx"])
    shutil.copyfile(workspace / "a.xlsx", workspace / "b.xlsx")
    result = runner.invoke(app, ["import", "--dry-run", "a.xlsx", "b.xlsx"])
    assert result.exit_code == 1
    assert "b.xlsx: error: a.xlsx is a form for the same unit and period" in result.output


def test_a_problem_in_a_cell_prints_its_sheet_and_cell() -> None:
    problem = Problem("f.xlsx", 7, 3, Severity.ERROR, "x", "m", "Chỉ số")
    assert problem.location() == "f.xlsx!Chỉ số!C7"
    assert Problem("f.xlsx", 0, 0, Severity.ERROR, "x", "m", "Nháp").location() == "f.xlsx!Nháp"
    assert Problem("f.xlsx", 1, 28, Severity.ERROR, "x", "m", "S").location() == "f.xlsx!S!AB1"
    assert Problem("a.yaml", 2, 5, Severity.ERROR, "x", "m").location() == "a.yaml:2:5"
    from dvcq_cli import reporters

    document = reporters.as_json([problem], 1)
    assert '"sheet": "Chỉ số"' in document and '"cell": "C7"' in document
    assert "::error file=f.xlsx,title=x::Chỉ số!C7: m" in reporters.github([problem], 1)


def test_dvcq_check_does_not_import_openpyxl(workspace: Path) -> None:
    found_modules = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dvcq_cli", "check", str(workspace)],
        capture_output=True, text=True, cwd=workspace, check=False).stderr
    assert "dvcq_cli.check" in found_modules or "dvcq_cli.commands" in found_modules
    assert "openpyxl" not in found_modules


def test_the_mini_plan_of_another_office(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN,
                                 "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp")})
    form = make_form(root, "vp", "6m")
    imported = import_one(root, form)
    assert imported.problems == []
    result = check_workspace(root, root)
    assert bare(imported.assessment) == bare(result.year_data("2025").assessments["6m"]["vp"])


def test_the_quarterly_example_grades_and_items(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan with a computed grade and activities that name their item: the form asks for
    the score, not the grade, keeps the items, and the import gives back what dvcq check
    reads (the grade computed again); the YAML written does not repeat the grade."""
    shutil.copytree(REPO / "tests/cases/quarterly-district/workspace/plans", tmp_path / "plans")
    outcome = form_command.make_forms(tmp_path, "q3", all_units=True)
    assert outcome.exit_code == 0 and len(outcome.written) == 8
    book = openpyxl.load_workbook(tmp_path / "forms/2024-q3/2024-q3-tt_dinh_quan.xlsx")
    ids = [book["Chỉ số"].cell(row, 5).value for row in range(5, book["Chỉ số"].max_row + 1)]
    assert "diem_dan_van" in ids and "xep_loai" not in ids
    headers = [cell.value for cell in book["Hoạt động"][4]]
    assert "Mã mô hình, việc theo dõi qua nhiều kỳ" in headers
    plans = plans_of(tmp_path)
    checked = check_workspace(tmp_path, tmp_path).year_data("2024").assessments["q3"]
    for shown in outcome.written:
        unit = shown.removeprefix("forms/2024-q3/2024-q3-").removesuffix(".xlsx")
        imported = importer.import_form(tmp_path / shown, shown, plans)
        if unit == "xa_ngoc_dinh":  # no q3 file: the form starts from q2 and is not q3's
            continue
        assert [p.code for p in imported.problems if p.is_error] == [], shown
        assert bare(imported.assessment) == bare(checked[unit]), shown
    assert checked["tt_dinh_quan"].indicators["xep_loai"] == "tot"
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["import", "--force", "forms/2024-q3/2024-q3-tt_dinh_quan.xlsx"])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "plans/2024/q3/tt_dinh_quan.yaml").read_text(encoding="utf-8")
    assert "xep_loai" not in written and "item: mh-lien-xa-duong-an-toan" in written


# ---------------------------------------------------------------- any valid assessment
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dvcq_cli.commands.form_command import form_data_of  # noqa: E402
from dvcq_cli.forms import workbook  # noqa: E402
from dvcq_cli.forms.layout import form_layout  # noqa: E402
from dvcq_cli.model import (  # noqa: E402
    ADDRESSEES,
    CAUSE_KINDS,
    Activity,
    Assessment,
    Cause,
    Proposal,
    Remark,
)
from dvcq_cli.schema import LocatedDict  # noqa: E402

EXAMPLE_PLANS = plans_of(REPO)
PLAN = EXAMPLE_PLANS["2024"]
assert PLAN is not None
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạếềểễệốồổỗộứừửữựíìỉĩịýỳỷỹỵ0123456789"
PUNCTUATION = " “”‘’–—&,.;:()/%#'\"-_x"
WORD = st.text(alphabet=LETTERS + "“”–&_", min_size=1, max_size=12)


def line_of_words(max_words: int = 12) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(WORD, st.sampled_from(["_x0041_", "-", "&", "“Dân vận khéo”",
                                                    "– nghị quyết:", "# số", "yes", "12"])),
                    min_size=1, max_size=max_words).map(" ".join)


TEXT = st.lists(line_of_words(), min_size=1, max_size=3).map("\n".join)
WINDOW = (date(2023, 12, 15), date(2024, 9, 14))
DAY = st.dates(min_value=WINDOW[0], max_value=WINDOW[1])


@st.composite
def activities(draw: Any) -> Activity:
    kind = draw(st.none() | st.sampled_from(list(PLAN.activity_kinds)))
    # Valid means a number only on a kind that counts something.
    counted = st.none() | st.integers(0, 10**6) if PLAN.counts_of(kind) else st.none()
    return Activity(
        task=draw(st.sampled_from(PLAN.task_ids())), date=draw(DAY), text=draw(TEXT),
        kind=kind,
        item=draw(st.none() | st.sampled_from(["mh-mot-cua", "chuoi-doi-thoai-2024"])),
        participants=draw(counted),
        evidence=draw(st.lists(line_of_words(6), max_size=3)),
        highlight=draw(st.booleans()))


@st.composite
def assessments(draw: Any) -> Assessment:
    # Valid means the plan's consistency rules hold too: at most as many staff briefed as
    # there are staff, and quan_triet true only when all of them were.
    staff = draw(st.integers(0, 10**6))
    briefed = draw(st.integers(0, staff))
    indicators = LocatedDict({
        "quan_triet": draw(st.booleans()) and briefed == staff,
        "trien_khai_day_du": draw(st.booleans()),
        "dan_van_kheo": draw(st.booleans()),
        "qcdc": draw(st.sampled_from(["tot", "kha", "trung_binh", "yeu"])),
        "so_ccvc": staff, "so_ccvc_quan_triet": briefed})
    texts = st.lists(st.builds(
        lambda text, task, target: Remark(text, task, target), TEXT,
        st.none() | st.sampled_from(PLAN.task_ids()),
        st.none() | st.sampled_from([target.id for target in PLAN.targets])), max_size=3)
    # A cause may say its kind: the form's "Loại nguyên nhân" column brings it back.
    causes = st.lists(st.builds(
        lambda text, task, kind: Cause(text, task, None, kind), TEXT,
        st.none() | st.sampled_from(PLAN.task_ids()),
        st.none() | st.sampled_from(list(CAUSE_KINDS))), max_size=3)
    return Assessment(
        unit="hctc", period="9m", submitted=draw(st.dates(date(2024, 1, 1), date(2025, 1, 1))),
        indicators=indicators, activities=draw(st.lists(activities(), max_size=4)),
        signed_by=draw(st.none() | line_of_words(4)), strengths=draw(texts),
        shortcomings=draw(texts), causes=draw(causes),
        proposals=draw(st.lists(st.builds(lambda text, to: Proposal(text, to), TEXT,
                                          st.none() | st.sampled_from(list(ADDRESSEES))),
                                max_size=3)),
        next_tasks=draw(texts), note=draw(st.none() | TEXT))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(assessment=assessments())
def test_any_valid_assessment_comes_back_equal(tmp_path: Path, assessment: Assessment) -> None:
    layout = form_layout(PLAN, "hctc", "9m")
    form = tmp_path / "form.xlsx"
    form.write_bytes(workbook.build(layout, form_data_of(layout, assessment, ""), "HCTC",
                                    date(2024, 4, 8)))
    imported = importer.import_form(form, "form.xlsx", EXAMPLE_PLANS)
    assert [p for p in imported.problems if p.is_error] == []
    assert bare(imported.assessment) == bare(assessment)


def test_the_model_column_offers_the_units_models_and_comes_back(workspace: Path) -> None:
    """An activity's model is chosen among the unit's own records; the import writes the id."""
    outcome = form_command.make_forms(workspace, "9m", all_units=True)
    assert outcome.exit_code == 0
    form = workspace / "forms/2024-9m/2024-9m-tiep_cong_dan.xlsx"
    book = openpyxl.load_workbook(form)
    sheet = book["Hoạt động"]
    headers = [cell.value for cell in sheet[4]]
    column = headers.index("Mô hình “Dân vận khéo”") + 1
    letter = openpyxl.utils.get_column_letter(column)
    pick = [v for v in sheet.data_validations.dataValidation
            if any(str(r).startswith(letter) for r in v.sqref.ranges)]
    assert len(pick) == 1
    listed = pick[0].formula1
    meta = book["_dvcq"]
    values = [cell.value for row in meta[listed.split("!")[1].replace("$", "")]
              for cell in row] if "!" in listed else listed.strip('"').split(",")
    assert values == ["mh_tiep_dan_tam_long – Tiếp dân bằng cả tấm lòng",
                      "dh_cong_chuc_tiep_dan – Công chức tiếp công dân tận tụy, lắng nghe "
                      "người dân"]
    imported = importer.import_form(form, "tiep_cong_dan.xlsx", plans_of(workspace))
    assert imported.problems == []
    assert imported.assessment is not None
    assert [a.model for a in imported.assessment.activities if a.model] == [
        "mh_tiep_dan_tam_long"]
    assert bare(imported.assessment) == bare(example(workspace, "9m", "tiep_cong_dan"))


def test_an_import_keeps_the_self_scores_of_the_file_it_replaces(tmp_path: Path) -> None:
    """A form has no place for the year-end self-scores: replacing a file that has them keeps
    its scores block as written, and the scores do not make the form's import complain."""
    from scoring_data import workspace

    root = write_tree(tmp_path, workspace())
    before = (root / "plans/2025/6m/vp.yaml").read_text("utf-8")
    form = make_form(root, "vp", "6m")
    edit(form, {("Hoạt động", "E5"): "Công khai dự toán và quyết toán ngân sách năm 2025"})
    outcome = import_command.run(root, [form], force=True)
    assert outcome.problems == [] and outcome.exit_code == 0
    after = (root / "plans/2025/6m/vp.yaml").read_text("utf-8")
    assert after != before
    assert "Công khai dự toán và quyết toán" in after
    assert after.endswith("scores:" + before.split("scores:")[1])  # the block, as written
    assert check_workspace(root, root).problems == []
