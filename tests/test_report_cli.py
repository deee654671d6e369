"""`dvcq report` through the command line: options, exit codes, files written or not."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, snapshot_files, template_with, write_tree
from docx import Document
from test_report_layout import half_empty_pages
from typer.testing import CliRunner

from dvcq_cli import atomic
from dvcq_cli.cli import app
from dvcq_cli.commands.report_command import packaged_template
from dvcq_cli.report.text import ABBREVIATIONS

runner = CliRunner()
DEFAULT = Path("reports/2024-9m-bao-cao-dan-van-chinh-quyen.docx")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example workspace (plan 294/KH-VP, 15 units, 6m, 9m and 12m)."""
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    return tmp_path


def invoke(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.chdir(folder)
    return runner.invoke(app, ["report", *args])


def texts(path: Path) -> list[str]:
    document = Document(io.BytesIO(path.read_bytes()))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        found += [p.text for row in table.rows for c in row.cells for p in c.paragraphs]
    return found


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(atomic.TEMP_PREFIX))


# ------------------------------------------------------------------------------ success
def test_writes_the_default_report(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot_files(example / "plans")
    result = invoke(example, monkeypatch, "--period", "9m")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {DEFAULT.as_posix()}\n"
    written = example / DEFAULT
    found = texts(written)
    # The day is left blank for the văn thư, like the number; the month is report_by's.
    assert "Đồng Nai, ngày       tháng 9 năm 2024" in found
    assert "(Kèm theo Báo cáo số       /BC-VP ngày       /9/2024 của Văn phòng UBND tỉnh)" \
        in found
    assert not any(line.startswith("Tính đến ngày") for line in found)
    assert "Kết quả thực hiện công tác Dân vận chính quyền 9 tháng năm 2024" in found
    assert "Phòng Thư ký – Biên tập" in found
    assert snapshot_files(example / "plans") == before
    assert leftovers(written.parent) == []


def test_same_inputs_give_the_same_bytes(example: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(example, monkeypatch, "-p", "9m").exit_code == 0
    first = (example / DEFAULT).read_bytes()
    assert invoke(example, monkeypatch, "-p", "9m").exit_code == 0
    assert (example / DEFAULT).read_bytes() == first


def test_from_a_subfolder_paths_are_shown_from_there(example: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example / "plans" / "2024", monkeypatch, "-p", "6m", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote ../../reports/2024-6m-bao-cao-dan-van-chinh-quyen.docx\n"
    assert (example / "reports/2024-6m-bao-cao-dan-van-chinh-quyen.docx").is_file()


def test_date_and_signer_options(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example, monkeypatch, "-p", "9m", "--date", "2024-10-05",
                    "--signer-name", "Trần Văn An")
    assert result.exit_code == 0, result.output
    found = texts(example / DEFAULT)
    assert "Đồng Nai, ngày 05 tháng 10 năm 2024" in found
    assert "Trần Văn An" in found
    assert "Nguyễn Kim Long" not in found


def test_without_report_by_the_date_is_today(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN,
                          "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp")})
    result = invoke(tmp_path, monkeypatch, "-p", "6m")
    assert result.exit_code == 0, result.output
    assert "note: the report is dated today" in result.output
    found = texts(tmp_path / "reports/2025-6m-bao-cao-dan-van-chinh-quyen.docx")
    today = date.today()
    # Nghị định 30/2020: days under 10 and the months 1 and 2 get a leading zero.
    month = f"{today.month:02d}" if today.month < 3 else str(today.month)
    assert f"Bình Phước, ngày       tháng {month} năm {today.year}" in found


def test_output_option(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example, monkeypatch, "-p", "9m", "--output", "nop/bao-cao.docx")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote nop/bao-cao.docx\n"
    assert (example / "nop/bao-cao.docx").is_file()
    result = invoke(example, monkeypatch, "-p", "9m", "-o", "nop")
    assert result.exit_code == 0, result.output
    assert (example / "nop" / DEFAULT.name).is_file()
    assert not (example / "reports").exists()


def test_output_must_be_a_docx(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example, monkeypatch, "-p", "9m", "-o", "plans/2024/plan.yaml")
    assert result.exit_code == 2
    assert "give --output a name ending in .docx" in result.output
    assert (example / "plans/2024/plan.yaml").read_bytes() == (
        REPO / "plans/2024/plan.yaml").read_bytes()


# ------------------------------------------------------------------------------ check gate
@pytest.mark.parametrize("period", ["9m", "6m"])  # the period reported on, or another one
def test_check_errors_stop_the_report(example: Path, monkeypatch: pytest.MonkeyPatch,
                                      period: str) -> None:
    report = example / DEFAULT
    report.parent.mkdir()
    report.write_bytes(b"the report of last week")
    broken = example / f"plans/2024/{period}/kinh_te.yaml"
    text = broken.read_text(encoding="utf-8")
    assert "\n  qcdc: " in text
    broken.write_text(text.replace("\n  qcdc: ", "\n  qcdc: khaa_"), encoding="utf-8")
    result = invoke(example, monkeypatch, "-p", "9m")
    assert result.exit_code == 1
    assert f"plans/2024/{period}/kinh_te.yaml:" in result.output
    assert "(choice-invalid)" in result.output
    assert "dvcq check found errors, so no report was written" in result.output
    assert result.stdout == ""
    assert report.read_bytes() == b"the report of last week"
    assert leftovers(report.parent) == []


def test_warnings_are_shown_and_the_report_written(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    outside = MINI_ASSESSMENT.format(unit="vp") + (
        '  - task: "1"\n    date: 2025-07-01\n    text: Hoạt động ngoài kỳ\n')
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN, "plans/2025/6m/vp.yaml": outside})
    result = invoke(tmp_path, monkeypatch, "-p", "6m", "--date", "2025-06-20")
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "(date-outside-window)" in result.output
    assert result.stdout == "wrote reports/2025-6m-bao-cao-dan-van-chinh-quyen.docx\n"


# ------------------------------------------------------------------------------ templates
def test_workspace_template_and_template_option(example: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    own = example / "templates/bao-cao-dan-van-chinh-quyen.docx"
    own.parent.mkdir()
    own.write_bytes(template_with("Mẫu riêng của Văn phòng"))
    assert invoke(example, monkeypatch, "-p", "9m").exit_code == 0
    assert "Mẫu riêng của Văn phòng" in texts(example / DEFAULT)
    (example / "khac.docx").write_bytes(template_with("Mẫu dùng một lần"))
    assert invoke(example, monkeypatch, "-p", "9m", "--template", "khac.docx").exit_code == 0
    found = texts(example / DEFAULT)
    assert "Mẫu dùng một lần" in found and "Mẫu riêng của Văn phòng" not in found


def test_broken_template_is_named(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = example / "templates/bao-cao-dan-van-chinh-quyen.docx"
    own.parent.mkdir()
    own.write_bytes(template_with("Kính gửi: {{ kinh_gui }}"))
    result = invoke(example, monkeypatch, "-p", "9m")
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: templates/bao-cao-dan-van-chinh-quyen.docx: the template uses 'kinh_gui', "
        "which the report does not provide in the paragraph “Kính gửi: {{ kinh_gui }}”")
    assert not (example / "reports").exists()


def test_missing_template_is_a_usage_error(example: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example, monkeypatch, "-p", "9m", "-t", "khong-co.docx")
    assert result.exit_code == 2
    assert "no such template: khong-co.docx" in result.output


def test_output_cannot_overwrite_the_template(example: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (example / "mau.docx").write_bytes(packaged_template())
    result = invoke(example, monkeypatch, "-p", "9m", "-t", "mau.docx", "-o", "mau.docx")
    assert result.exit_code == 2
    assert (example / "mau.docx").read_bytes() == packaged_template()


# ------------------------------------------------------------------------------ usage
@pytest.mark.parametrize(("args", "message"), [
    (["-p", "q4"], "unknown period 'q4'; the plan has: 6m, 9m, 12m"),
    (["-p", "9m", "--year", "2023"], "no plan for year 2023; the workspace has: 2024"),
    (["-p", "9m", "--date", "15/9/2024"], "'15/9/2024' is not a date: write it as YYYY-MM-DD"),
])
def test_usage_errors(example: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                      message: str) -> None:
    result = invoke(example, monkeypatch, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (example / "reports").exists()


def test_no_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(tmp_path, monkeypatch, "-p", "9m")
    assert result.exit_code == 2
    assert "no dvcq workspace here" in result.output


def test_period_is_required_and_help_exists(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    assert invoke(tmp_path, monkeypatch).exit_code == 2
    helped = invoke(tmp_path, monkeypatch, "--help")
    assert helped.exit_code == 0
    for option in ("--period", "--year", "--output", "--template", "--date", "--signer-name"):
        assert option in helped.output


# ------------------------------------------------------------------------------ atomic write
def test_failed_write_keeps_the_old_report(example: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    report = example / DEFAULT
    report.parent.mkdir()
    report.write_bytes(b"old")

    def refuse(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    result = invoke(example, monkeypatch, "-p", "9m")
    assert result.exit_code == 1
    assert f"Error: cannot write {DEFAULT.as_posix()}: No space left on device" in result.output
    assert report.read_bytes() == b"old"
    assert leftovers(report.parent) == []


def test_interrupted_write_leaves_no_temp_file(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"old")

    def interrupted(source: object, target: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.docx"]


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.docx"
    atomic.write_bytes(target, b"first")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    target.chmod(0o640)
    atomic.write_bytes(target, b"second")
    assert target.read_bytes() == b"second"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.docx"]


# ------------------------------------------------------------------------ the date
def test_date_fills_the_day(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(example, monkeypatch, "-p", "9m", "--date", "2024-09-16")
    assert result.exit_code == 0, result.output
    assert "note:" not in result.output  # a Monday
    found = texts(example / DEFAULT)
    assert "Đồng Nai, ngày 16 tháng 9 năm 2024" in found
    assert "(Kèm theo Báo cáo số       /BC-VP ngày 16/9/2024 của Văn phòng UBND tỉnh)" in found
    assert any(line.startswith("Tính đến ngày 16/9/2024, Phòng Hành chính – Tổ chức đã nhận")
               for line in found)


@pytest.mark.parametrize(("day", "why"), [
    ("2024-09-15", "a Sunday"), ("2024-06-15", "a Saturday"), ("2024-09-02", "National Day"),
    ("2025-01-01", "New Year's Day"), ("2024-04-30", "Reunification Day"),
    ("2024-05-01", "International Workers' Day")])
def test_a_date_off_work_is_warned_about(example: Path, monkeypatch: pytest.MonkeyPatch,
                                        day: str, why: str) -> None:
    result = invoke(example, monkeypatch, "-p", "9m", "--date", day)
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"note: --date {day} is {why}: offices do not usually issue "
                             "documents that day\n")
    assert (example / DEFAULT).is_file()


def test_the_strengths_left_out_of_section_iii_are_told_with_why(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Phòng Kinh tế writes again its 6-month strength, and praises a model the register has
    # "đang triển khai" on 14/9: section III leaves both out and the drafter is told so.
    unit = example / "plans/2024/9m/kinh_te.yaml"
    text = unit.read_text("utf-8")
    start, end = text.index("strengths:"), text.index("shortcomings:")
    unit.write_text(text[:start] + (
        "strengths:\n"
        "  - text: Kiến nghị của doanh nghiệp được tổng hợp đầy đủ, tham mưu trả lời kịp thời.\n"
        '    task: "2.a"\n'
        "  - text: Mô hình “Lắng nghe ý kiến người dân trước khi tham mưu” giúp tham mưu sát.\n"
        '    task: "3.c"\n') + text[end:], "utf-8")
    result = invoke(example, monkeypatch, "-p", "9m", "--date", "2024-09-16")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "note: plans/2024/9m/kinh_te.yaml: the strength “Kiến nghị của doanh nghiệp được tổng "
        "hợp đầy đủ, tham mưu t…” is left out of section III: the unit wrote it word for word in "
        "an earlier report of the year; ask it what this period added\n"
        "note: plans/2024/9m/kinh_te.yaml: the strength “Mô hình “Lắng nghe ý kiến người dân "
        "trước khi tham mưu” giú…” is left out of section III: the models register does not "
        "record the model as effective or recognised by 14/9/2024\n")
    found = " ".join(texts(example / DEFAULT))
    assert "Kiến nghị của doanh nghiệp được tổng hợp đầy đủ" not in found
    assert "giúp tham mưu sát" not in found


# --------------------------------------------------------------- nothing to report
def test_a_period_no_unit_reported_on_is_refused(example: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(example / "plans/2024/12m")
    result = invoke(example, monkeypatch, "-p", "12m")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no unit has sent a self-assessment for 12m yet, so there is nothing to report "
        "and no file was written; --draft writes the empty report anyway\n")
    assert not (example / "reports").exists()
    drafted = invoke(example, monkeypatch, "-p", "12m", "--draft")
    assert drafted.exit_code == 0, drafted.output
    found = texts(example / "reports/2024-12m-bao-cao-dan-van-chinh-quyen.docx")
    assert "Trong năm, các đơn vị chưa báo cáo hoạt động cụ thể thuộc nội dung này." in found


# ------------------------------------------------------------------------------ PDF
def pdf_text(path: Path) -> tuple[str, int]:
    """The PDF's text (pdftotext) and its number of pages (pdfinfo)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode()
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True
                          ).stdout.decode()
    pages = next(int(line.split()[-1]) for line in info.splitlines()
                 if line.startswith("Pages:"))
    return text, pages


# Pages of the example reports as LibreOffice sets them in Liberation Serif 2.x (.ci/run).
PDF_PAGES = {"6m": (15, 15), "9m": (14, 14), "12m": (18, 18)}


@pytest.mark.parametrize("period", ["6m", "9m", "12m"])
def test_pdf_through_libreoffice(example: Path, monkeypatch: pytest.MonkeyPatch,
                                 period: str) -> None:
    assert shutil.which("soffice"), "LibreOffice is needed: .ci/run installs it"
    result = invoke(example, monkeypatch, "-p", period, "--pdf")
    assert result.exit_code == 0, result.output
    docx = Path(f"reports/2024-{period}-bao-cao-dan-van-chinh-quyen.docx")
    assert result.stdout == (f"wrote {docx.as_posix()}\n"
                             f"wrote {docx.with_suffix('.pdf').as_posix()}\n")
    text, pages = pdf_text(example / docx.with_suffix(".pdf"))
    low, high = PDF_PAGES[period]
    assert low <= pages <= high, pages
    flat = " ".join(text.split())
    # The year-end report has the scoring annex (Phụ lục II) after the units' (Phụ lục I).
    units_annex = "Phụ lục I" if period == "12m" else "Phụ lục"
    for expected in ("BÁO CÁO", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT",
                     "V. ĐỀ XUẤT, KIẾN NGHỊ", "PHỤ LỤC", "Nguyễn Kim Long",
                     f"chi tiết tại {units_annex} kèm theo",
                     "Trung tâm Hội nghị và Nhà khách tỉnh"):
        assert expected in flat, expected
    assert "ngày tháng" in flat  # the blank day, as the văn thư gets it
    # No page holds nothing but its number (the section break after the signing block).
    pages_text = text.split("\f")[:-1]
    assert len(pages_text) == pages
    for number, page in enumerate(pages_text, start=1):
        assert len(page.split()) > 1, f"page {number} is blank"
    # Nơi nhận's longest line on one line.
    assert "- Trưởng các phòng, ban, trung tâm, cổng thông tin;" in text
    # The target table starts on the page of its heading; where it goes on to the next page,
    # its header row repeats there, with the last row.
    table_pages = [number for number, page in enumerate(pages_text)
                   if "STT Chỉ tiêu" in " ".join(page.split())]
    assert table_pages == list(range(table_pages[0], table_pages[0] + len(table_pages)))
    assert "Kết quả thực hiện các chỉ tiêu trọng tâm\n" in pages_text[table_pages[0]]
    assert "Thực hiện tốt quy chế" in pages_text[table_pages[-1]]  # the last row
    # No page of the body but the signature's is left more than a third empty.
    assert half_empty_pages(example / docx.with_suffix(".pdf")) == []
    # Each abbreviation of the body is written out where it is first printed.
    body = flat[:flat.index("PHỤ LỤC")]
    for short, long in ABBREVIATIONS.items():
        if short in body:
            first = re.search(rf"(?<!\w){short}(?!\w)", body)
            assert first and body[:first.start()].endswith(f"{long} ("), (short, period)
    assert leftovers(example / "reports") == []


def test_pdf_without_libreoffice(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dvcq_cli.pdf.soffice", lambda: None)
    result = invoke(example, monkeypatch, "-p", "9m", "--pdf")
    assert result.exit_code == 2
    assert result.stdout == f"wrote {DEFAULT.as_posix()}\n"
    assert result.stderr == (
        "Error: LibreOffice is not installed, so no PDF was written (the .docx was); install it "
        "(on Debian or Ubuntu: apt install libreoffice-writer) or save the .docx as PDF in "
        "Word\n")
    assert (example / DEFAULT).is_file()
    assert not (example / DEFAULT.with_suffix(".pdf")).exists()


def test_pdf_warns_when_no_font_has_times_new_romans_widths(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dvcq_cli.pdf.SAME_WIDTHS", ("No Such Font",))
    result = invoke(example, monkeypatch, "-p", "9m", "--pdf")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "note: neither Times New Roman nor Liberation Serif 2.x (same widths, Vietnamese "
        "letters) is installed, so the PDF's page breaks differ from Word's; install "
        "fonts-liberation2\n")
    assert (example / DEFAULT.with_suffix(".pdf")).read_bytes().startswith(b"%PDF")


def test_special_characters_in_an_activity_reach_the_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tricky = "Hội nghị A & B <b>đậm</b> {{ x }} {% if %} “nháy” 'đơn' \"kép\""
    assessment = MINI_ASSESSMENT.format(unit="vp") + (
        '  - task: "1"\n    date: 2025-03-05\n    highlight: true\n    text: >-\n'
        f"      {tricky}\n")
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN,
                          "plans/2025/6m/vp.yaml": assessment})
    result = invoke(tmp_path, monkeypatch, "-p", "6m", "--date", "2025-06-20")
    assert result.exit_code == 0, result.output
    found = texts(tmp_path / "reports/2025-6m-bao-cao-dan-van-chinh-quyen.docx")
    assert f"- {tricky} (Văn phòng Sở, ngày 05/3/2025)." in found
