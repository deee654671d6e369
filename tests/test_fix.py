"""`dvcq fix`: each mechanical mistake repaired, the rest of the file byte for byte.

For every mistake: `dvcq fix` shows the diff and changes nothing (bytes and mtime), exit 1;
`dvcq fix --write` writes exactly the expected file, exit 0; a second run has nothing to
repair; `dvcq check` no longer reports it. The same holds with CRLF line ends, which stay.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, snapshot_files, write_tree
from test_bad_inputs import _drop_file_capabilities
from typer.testing import CliRunner

from dvcq_cli import fixes
from dvcq_cli.cli import app
from dvcq_cli.commands import fix_command
from dvcq_cli.problems import Edit

runner = CliRunner()
ASSESSMENT = "plans/2025/6m/vp.yaml"
PLAN = "plans/2025/plan.yaml"
# A valid assessment with comments of every kind, which a repair must leave as they are.
GOOD = MINI_ASSESSMENT.format(unit="vp").replace(
    "unit: vp", "# Tự đánh giá 6 tháng — Văn phòng Sở\nunit: vp  # mã đơn vị").replace(
    "  qcdc: tot", "  # chỉ số của kế hoạch\n  qcdc: tot   # Tốt") + "note: 'Phòng #2'  # ghi chú\n"


def edit(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# name: (file, text with the mistake, text repaired)
MISTAKES = {
    "no-break space after a choice": (ASSESSMENT, edit("qcdc: tot ", "qcdc: tot\u00a0"), GOOD),
    "no-break space ending a line": (
        ASSESSMENT, edit("dan_van_kheo: true", "dan_van_kheo: true\u00a0"), GOOD),
    "no-break space in the indentation": (ASSESSMENT, edit("  qcdc:", "\u00a0 qcdc:"), GOOD),
    "no-break space after a colon": (ASSESSMENT, edit("qcdc: tot", "qcdc:\u00a0tot"), GOOD),
    "no-break space in a key": (ASSESSMENT, edit("qcdc: tot", "qcdc\u00a0: tot"), GOOD),
    "no-break spaces in free text": (
        ASSESSMENT, edit("dự toán ngân sách", "dự\u00a0toán\u00a0ngân sách"), GOOD),
    "narrow no-break space after a date": (
        ASSESSMENT, edit("submitted: 2025-06-10", "submitted: 2025-06-10\u202f"), GOOD),
    "zero-width space after an id": (ASSESSMENT, edit("unit: vp", "unit: vp\u200b"), GOOD),
    "zero-width space in the indentation": (
        ASSESSMENT, edit("  - task:", "\u200b  - task:"), GOOD),
    "soft hyphen and word joiner in text": (
        ASSESSMENT, edit("Công khai", "Công\u00ad khai\u2060"), GOOD),
    "byte order mark inside the file": (ASSESSMENT, edit("period: 6m", "period: 6m\ufeff"), GOOD),
    "tabs in the indentation": (
        ASSESSMENT, edit("    date: 2025-03-04\n    text:", "\t\tdate: 2025-03-04\n\t\ttext:"),
        GOOD),
    "a tab where the file is indented by four": (
        PLAN, MINI_PLAN.replace("    label: Thực hiện quy chế dân chủ",
                                "\tlabel: Thực hiện quy chế dân chủ"), MINI_PLAN),
    "curly quotes around a task": (ASSESSMENT, edit('task: "2.a"', "task: “2.a”"), GOOD),
    "curly single quotes around a choice": (
        ASSESSMENT, edit("qcdc: tot", "qcdc: ‘tot’"), edit("qcdc: tot", "qcdc: 'tot'")),
    "curly quotes around a key": (
        ASSESSMENT, edit("note:", "“signed_by”: Lê Văn Hùng\nnote:"),
        edit("note:", "signed_by: Lê Văn Hùng\nnote:")),
    "a straight quote closed by a curly one": (
        ASSESSMENT, edit("note:", 'signed_by: "Lê Văn Hùng”\nnote:'),
        edit("note:", 'signed_by: "Lê Văn Hùng"\nnote:')),
    "yes for a boolean": (ASSESSMENT, edit("dan_van_kheo: true", "dan_van_kheo: yes"), GOOD),
    "có for a boolean": (ASSESSMENT, edit("dan_van_kheo: true", "dan_van_kheo: Có"), GOOD),
    "không for a boolean": (
        ASSESSMENT, edit("dan_van_kheo: true", "dan_van_kheo: không"),
        edit("dan_van_kheo: true", "dan_van_kheo: false")),
    "True and Off": (
        ASSESSMENT, edit("dan_van_kheo: true", "dan_van_kheo: True",
                         edit("text: Công khai dự toán ngân sách năm 2025",
                              "text: Công khai dự toán ngân sách năm 2025\n    highlight: Off")),
        edit("text: Công khai dự toán ngân sách năm 2025",
             "text: Công khai dự toán ngân sách năm 2025\n    highlight: false")),
    "a boolean in quotes": (
        ASSESSMENT, edit("dan_van_kheo: true", 'dan_van_kheo: "có"'), GOOD),
    "a boolean of the plan": (
        PLAN, MINI_PLAN.replace("type: bool, label", "type: bool, required: yes, label"),
        MINI_PLAN.replace("type: bool, label", "type: bool, required: true, label")),
    "a date written day/month/year": (
        ASSESSMENT, edit("date: 2025-03-04", "date: 04/3/2025"), GOOD),
    "a date with dots": (ASSESSMENT, edit("submitted: 2025-06-10", "submitted: 10.06.2025"), GOOD),
    "a date without zeros": (
        ASSESSMENT, edit("submitted: 2025-06-10", "submitted: 2025-6-10"), GOOD),
    "a date in quotes": (
        ASSESSMENT, edit("date: 2025-03-04", 'date: "4-3-2025"'),
        edit("date: 2025-03-04", 'date: "2025-03-04"')),
    "a choice written as its label": (ASSESSMENT, edit("qcdc: tot", "qcdc: Tốt"), GOOD),
    "no-break space inside the quotes of a choice": (
        ASSESSMENT, edit("qcdc: tot", 'qcdc: "tot\u00a0"'), edit("qcdc: tot", 'qcdc: "tot"')),
    "no-break space inside the quotes of a task": (
        ASSESSMENT, edit('task: "2.a"', 'task: "\u00a02.a\u202f"'), GOOD),
    "no-break spaces indenting a text's next line": (
        ASSESSMENT, edit("note: 'Phòng #2'", "note: Phòng họp\n\u00a0\u00a0số 2"),
        edit("note: 'Phòng #2'", "note: Phòng họp\n  số 2")),
    "a list item without a space after its dash": (
        ASSESSMENT, edit('  - task: "2.a"', '  -task: "2.a"'), GOOD),
    "Word's line break in a name": (
        ASSESSMENT, edit("note:", "signed_by: Lê Văn\u000bHùng\u000b\nnote:"),
        edit("note:", "signed_by: Lê Văn Hùng\nnote:")),
    "line separators in a text": (
        ASSESSMENT, edit("dự toán ngân sách", "dự toán\u2028ngân \u2029sách"), GOOD),
    "Vietnamese saved twice (UTF-8 read as Windows-1252)": (
        ASSESSMENT, edit("note: 'Phòng #2'", "note: 'PhÃ²ng #2 â€“ Ä\x90Ã£ há»\x8dp'"),
        edit("note: 'Phòng #2'", "note: 'Phòng #2 – Đã họp'")),
    "a tab after a key's colon": (ASSESSMENT, edit("qcdc: tot", "qcdc: \t tot"), GOOD),
    "a key glued to its value": (ASSESSMENT, edit("qcdc: tot", "qcdc:tot"), GOOD),
    "a syntax mistake hiding others": (
        ASSESSMENT, edit('  - task: "2.a"', '  -task: "2.a"',
                         edit("dan_van_kheo: true", "dan_van_kheo: có")), GOOD),
    "spaces inside the quotes of a date": (
        ASSESSMENT, edit("date: 2025-03-04", "date: ' 2025-03-04 '"),
        edit("date: 2025-03-04", "date: '2025-03-04'")),
    "decomposed Vietnamese": (
        ASSESSMENT, edit("Công khai dự toán ngân sách năm 2025",
                         "C\u006f\u0302ng khai du\u0323\u031b toa\u0301n nga\u0302n sa\u0301ch"
                         " na\u0306m 2025"), GOOD),
    "several at once": (
        ASSESSMENT, edit("qcdc: tot", "qcdc:\u00a0“tot”", edit("dan_van_kheo: true",
                         "dan_van_kheo: có", edit("date: 2025-03-04", "date: 4/3/2025"))),
        edit("qcdc: tot", 'qcdc: "tot"')),
}


@pytest.fixture
def workspace(tmp_path: Path, in_folder) -> Path:  # type: ignore[no-untyped-def]
    root = write_tree(tmp_path, {PLAN: MINI_PLAN,
                                 ASSESSMENT: MINI_ASSESSMENT.format(unit="vp"),
                                 "plans/2025/6m/tccb.yaml": MINI_ASSESSMENT.format(unit="tccb")})
    in_folder(root)
    return root


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize("line_end", ["LF", "CRLF"])
@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mechanical_mistake(workspace: Path, name: str, line_end: str) -> None:
    path, broken, repaired = MISTAKES[name]
    if line_end == "CRLF":
        broken, repaired = crlf(broken), crlf(repaired)
    target = workspace / path
    target.write_bytes(broken.encode("utf-8"))
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 1
    before = snapshot_files(workspace)

    shown = runner.invoke(app, ["fix"])
    assert shown.exit_code == 1, shown.output
    assert f"--- a/{path}\n+++ b/{path}\n" in shown.output
    assert "nothing was written; run 'dvcq fix --write' to write the changes" in shown.output
    assert snapshot_files(workspace) == before  # bytes and mtime

    written = runner.invoke(app, ["fix", "--write"])
    assert written.exit_code == 0, written.output
    assert f"repaired {path}:" in written.output
    assert target.read_bytes() == repaired.encode("utf-8")

    again = runner.invoke(app, ["fix"])
    assert (again.exit_code, again.output) == (0, "nothing to repair\n")
    checked = runner.invoke(app, ["check"])
    assert (checked.exit_code, checked.output) == (0, "3 file(s) checked: no problems\n")


def test_the_diff_shows_the_invisible_character(workspace: Path) -> None:
    (workspace / ASSESSMENT).write_text(edit("qcdc: tot ", "qcdc: tot\u00a0"), encoding="utf-8")
    result = runner.invoke(app, ["fix"])
    lines = result.output.splitlines()
    assert "-  qcdc: tot⟨U+00A0⟩  # Tốt" in lines
    assert "+  qcdc: tot   # Tốt" in lines
    assert "1 file(s) to change, 1 problem(s) repaired" in lines


def test_a_byte_order_mark_and_mixed_line_ends_stay(workspace: Path) -> None:
    text = "\ufeff" + GOOD.replace("qcdc: tot", "qcdc: “tot”")
    data = text.encode("utf-8").replace(b"period: 6m\n", b"period: 6m\r\n").replace(
        b"submitted: 2025-06-10\n", b"submitted: 2025-06-10\r")
    (workspace / ASSESSMENT).write_bytes(data)
    assert runner.invoke(app, ["fix", "--write"]).exit_code == 0
    assert (workspace / ASSESSMENT).read_bytes() == data.replace(
        "“tot”".encode(), b'"tot"')


NOT_MECHANICAL = {
    "a misspelt choice": edit("qcdc: tot", "qcdc: tott"),
    "a two-digit year": edit("date: 2025-03-04", "date: 04/3/25"),
    "an impossible date": edit("date: 2025-03-04", "date: 31/02/2025"),
    "a tab that could mean two things": edit("    date:", "  \t date:"),
    "text cut by a comment": edit("note: 'Phòng #2'", "note: Phòng #2"),
    "a curly quote closing a quotation inside": edit(
        "note: 'Phòng #2'", 'note: "Phong trào “Dân vận khéo”'),
    "a word where a boolean is declared": edit("dan_van_kheo: true", "dan_van_kheo: đạt"),
}


@pytest.mark.parametrize("name", sorted(NOT_MECHANICAL))
def test_what_has_more_than_one_answer_is_left_to_a_person(workspace: Path, name: str) -> None:
    (workspace / ASSESSMENT).write_text(NOT_MECHANICAL[name], encoding="utf-8")
    before = snapshot_files(workspace)
    result = runner.invoke(app, ["fix", "--write"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("nothing to repair\n")
    assert "need a person; 'dvcq check' shows them" in result.output
    assert snapshot_files(workspace) == before
    assert "[fixable: dvcq fix]" not in runner.invoke(app, ["check"]).output


def test_curly_quotes_in_free_text_stay(workspace: Path) -> None:
    text = edit("text: Công khai dự toán ngân sách năm 2025",
                "text: Hưởng ứng phong trào “Dân vận khéo”")
    (workspace / ASSESSMENT).write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["check"]).exit_code == 0
    assert runner.invoke(app, ["fix"]).output == "nothing to repair\n"


def test_the_example_workspace_has_nothing_to_repair(in_folder) -> None:  # type: ignore[no-untyped-def]
    in_folder(REPO)
    before = snapshot_files(REPO / "plans")
    result = runner.invoke(app, ["fix"])
    assert (result.exit_code, result.output) == (0, "nothing to repair\n")
    assert snapshot_files(REPO / "plans") == before


def test_only_the_paths_given_are_repaired(workspace: Path) -> None:
    (workspace / ASSESSMENT).write_text(edit("qcdc: tot ", "qcdc: tot\u00a0"), encoding="utf-8")
    other = workspace / "plans/2025/6m/tccb.yaml"
    other.write_text(MINI_ASSESSMENT.format(unit="tccb").replace("qcdc: tot", "qcdc: “tot”"),
                     encoding="utf-8")
    before = other.read_bytes()
    result = runner.invoke(app, ["fix", "--write", ASSESSMENT])
    assert result.exit_code == 0, result.output
    assert other.read_bytes() == before
    assert (workspace / ASSESSMENT).read_text("utf-8") == GOOD
    assert runner.invoke(app, ["fix", "plans/2025/6m"]).exit_code == 1
    missing = runner.invoke(app, ["fix", "plans/2025/6m/nowhere.yaml"])
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.output


def test_the_plan_is_repaired_before_its_assessments(workspace: Path) -> None:
    """A tab in the plan hides its indicators' types until repaired: the assessment's `có`
    is repaired in the same run, against the repaired plan."""
    (workspace / PLAN).write_text(MINI_PLAN.replace("    label: Thực hiện quy chế dân chủ",
                                                    "\tlabel: Thực hiện quy chế dân chủ"),
                                  encoding="utf-8")
    (workspace / ASSESSMENT).write_text(
        MINI_ASSESSMENT.format(unit="vp").replace("dan_van_kheo: true", "dan_van_kheo: có"),
        encoding="utf-8")
    result = runner.invoke(app, ["fix", "--write"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"repaired {PLAN}: 1 problem(s)",
                                          f"repaired {ASSESSMENT}: 1 problem(s)"]
    assert runner.invoke(app, ["check"]).exit_code == 0


def test_yes_at_the_prompt_writes(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workspace / ASSESSMENT).write_text(edit("qcdc: tot", "qcdc: “tot”"), encoding="utf-8")
    monkeypatch.setattr("dvcq_cli.cli._on_terminal", lambda: (True, True))
    refused = runner.invoke(app, ["fix"], input="n\n")
    assert refused.exit_code == 1
    assert "Write these changes? [y/N]: n" in refused.output
    assert "“tot”" in (workspace / ASSESSMENT).read_text("utf-8")
    accepted = runner.invoke(app, ["fix"], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert f"repaired {ASSESSMENT}: 1 problem(s)" in accepted.output
    assert (workspace / ASSESSMENT).read_text("utf-8") == edit("qcdc: tot", 'qcdc: "tot"')


@pytest.mark.parametrize(("answers", "written"), [
    ("c\n", True), ("có\n", True), ("Có\n", True), ("co\n", True), ("yes\n", True),
    ("k\n", False), ("không\n", False), ("\n", False), ("N\n", False),
    ("ừm\nc\n", True), ("x\nkhông\n", False)])
def test_the_prompt_takes_vietnamese_answers(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                             answers: str, written: bool) -> None:
    (workspace / ASSESSMENT).write_text(edit("qcdc: tot", "qcdc: “tot”"), encoding="utf-8")
    monkeypatch.setattr("dvcq_cli.cli._on_terminal", lambda: (True, True))
    result = runner.invoke(app, ["--lang", "vi", "fix"], input=answers)
    assert result.exit_code == (0 if written else 1), result.output
    asked = result.output.count("Ghi các thay đổi này vào tệp? [c/K]: ")
    assert asked == answers.count("\n")
    assert result.output.count("Hãy trả lời c (có) hoặc k (không).") == asked - 1
    assert "Error" not in result.output and "invalid" not in result.output
    assert ('qcdc: "tot"' in (workspace / ASSESSMENT).read_text("utf-8")) == written


def test_a_file_changed_meanwhile_is_not_written(workspace: Path) -> None:
    target = workspace / ASSESSMENT
    target.write_text(edit("qcdc: tot", "qcdc: “tot”"), encoding="utf-8")
    outcome = fix_command.gather([], workspace)
    target.write_text(GOOD + "# sửa tay\n", encoding="utf-8")
    with pytest.raises(fix_command.WriteFailed, match="changed while dvcq fix was running"):
        fix_command.write(outcome.repairs[0], workspace)
    assert target.read_text("utf-8") == GOOD + "# sửa tay\n"


@pytest.mark.skipif(sys.platform != "linux", reason="drops root's file capabilities (Linux)")
def test_a_read_only_folder_is_reported(workspace: Path) -> None:
    """In a process without the capabilities that let root write anywhere, as a user is."""
    (workspace / ASSESSMENT).write_text(edit("qcdc: tot", "qcdc: “tot”"), encoding="utf-8")
    folder = workspace / "plans/2025/6m"
    folder.chmod(0o555)
    env = {**os.environ, "DVCQ_LANG": "en"}
    try:
        done = subprocess.run([sys.executable, "-m", "dvcq_cli", "fix", "--write"],
                              cwd=workspace, env=env, capture_output=True, text=True,
                              preexec_fn=_drop_file_capabilities,  # noqa: PLW1509
                              timeout=120, check=False)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"Error: cannot write {ASSESSMENT}: Permission denied"), \
        done.stderr
    assert "“tot”" in (workspace / ASSESSMENT).read_text("utf-8")


def test_a_link_inside_the_workspace_stays_a_link(workspace: Path) -> None:
    real = workspace / "plans/2025/6m/vp-real.yml"
    link = workspace / ASSESSMENT
    link.unlink()
    real.write_text(edit("qcdc: tot", "qcdc: “tot”"), encoding="utf-8")
    link.symlink_to(real.name)
    runner.invoke(app, ["fix", "--write", ASSESSMENT])
    assert link.is_symlink()
    assert real.read_text("utf-8") == edit("qcdc: tot", 'qcdc: "tot"')


# ------------------------------------------------------------------- applying edits


def test_edits_apply_only_where_the_file_still_says_what_they_replace() -> None:
    data = "a: “x”\r\nb: tot\u00a0\rc: 1\n".encode()
    changed, applied = fixes.apply(data, [Edit(1, 4, "“x”", '"x"'), Edit(2, 7, "\u00a0", ""),
                                          Edit(3, 4, "2", "3"), Edit(9, 1, "x", "y")])
    assert changed == b'a: "x"\r\nb: tot\rc: 1\n'
    assert applied == {Edit(1, 4, "“x”", '"x"'), Edit(2, 7, "\u00a0", "")}


def test_overlapping_edits_keep_the_rightmost() -> None:
    changed, applied = fixes.apply(b"k: abc\n", [Edit(1, 4, "abc", "x"), Edit(1, 5, "b", "y")])
    assert changed == b"k: ayc\n"
    assert applied == {Edit(1, 5, "b", "y")}


@pytest.mark.parametrize("name", ["a boolean in quotes", "several at once",
                                  "no-break space inside the quotes of a task"])
def test_check_announces_as_many_repairs_as_fix_makes(workspace: Path, name: str) -> None:
    """`dvcq check` counts the problems marked fixable; `dvcq fix` then repairs exactly as
    many (a quoted "Có" becomes true in one edit, not "true" and then true)."""
    text = MISTAKES[name][1]
    if name == "a boolean in quotes":
        text = edit("dan_van_kheo: true", 'dan_van_kheo: "Có"')
    (workspace / ASSESSMENT).write_text(text, encoding="utf-8")
    checked = runner.invoke(app, ["check", "--format", "json"])
    fixable = sum(1 for p in json.loads(checked.stdout)["problems"] if p["fixable"])
    fixed = runner.invoke(app, ["fix"])
    assert f"1 file(s) to change, {fixable} problem(s) repaired" in fixed.output
