"""How `dvcq check` shows problems: the source line under each one (`full`), one line each
(`text`), JSON with `fixable`, and which is chosen where (`auto`)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, write_tree
from typer.testing import CliRunner

from dvcq_cli import reporters
from dvcq_cli.cli import app
from dvcq_cli.problems import Edit, Problem, Severity, sort_problems

runner = CliRunner()
BROKEN = "plans/2025/6m/tccb.yaml"


def problem(line: int, column: int, code: str = "choice-invalid", path: str = "a.yaml",
            fix: tuple[Edit, ...] = ()) -> Problem:
    return Problem(path, line, column, Severity.ERROR, code, "the message", fix=fix)


def lines_of(text: str) -> callable:  # type: ignore[valid-type]
    return lambda path, number: text.split("\n")[number - 1] if path == "a.yaml" else None


def test_problems_are_sorted_once_each_in_reading_order_ties_as_found() -> None:
    first = Problem("a.yaml", 1, 5, Severity.ERROR, "choice-invalid", "the message")
    tie = first._replace(severity=Severity.WARNING)  # alike in all the order looks at
    found = [problem(3, 1, path="b.yaml"), problem(2, 1), first, problem(2, 1), tie,
             problem(1, 5, "date-invalid")]
    assert sort_problems(found) == [first, tie, problem(1, 5, "date-invalid"), problem(2, 1),
                                    problem(3, 1, path="b.yaml")]
    assert sort_problems(found[::-1]) == [tie, first, problem(1, 5, "date-invalid"),
                                          problem(2, 1), problem(3, 1, path="b.yaml")]


def test_text_is_written_in_parts_that_make_the_same_text() -> None:
    """`dvcq check` writes the text format part by part (a province prints thousands of
    lines): the parts, one after the other, are the text and its final newline."""
    fixable = (Edit(2, 3, "x", ""),)
    problems = [problem(1, 1), problem(2, 3, fix=fixable), problem(4, 1, "date-invalid"),
                problem(7, 2), problem(9, 9)]
    parts = list(reporters.text_parts(problems, 3, lines_per_part=2))
    assert parts == [
        "a.yaml:1:1: error: the message (choice-invalid)\n"
        "a.yaml:2:3: error: the message (choice-invalid) [fixable: dvcq fix]\n",
        "a.yaml:4:1: error: the message (date-invalid)\n"
        "a.yaml:7:2: error: the message (choice-invalid)\n",
        "a.yaml:9:9: error: the message (choice-invalid)\n",
        "1 of these problem(s) can be repaired by 'dvcq fix' (marked [fixable: dvcq fix])\n"
        "3 file(s) checked: 5 error(s), 0 warning(s)\n"]
    assert reporters.text(problems, 3) == "".join(parts)[:-1]
    quiet = reporters.text(problems, 3, reporters.View(quiet=True))
    assert quiet.endswith("(choice-invalid)\n3 file(s) checked: 5 error(s), 0 warning(s)")
    assert reporters.text([], 2) == "2 file(s) checked: no problems"


def test_full_shows_the_line_and_a_caret_under_the_value() -> None:
    out = reporters.full([problem(2, 9)], 1, reporters.View(lines_of("a: 1\n  qcdc: tott\n")))
    assert out == (
        "a.yaml:2:9: error: the message (choice-invalid)\n"
        "  |\n"
        "2 |   qcdc: tott\n"
        "  |         ^^^^\n"
        "\n"
        "1 file(s) checked: 1 error(s), 0 warning(s)")


@pytest.mark.parametrize(("line", "column", "caret"), [
    # a plain value of several words, up to the comment
    ("  trang_thai: chua dat  # ghi chu", 15, "              ^^^^^^^^"),
    # a list item, a quoted value to its closing quote
    ("  - chua dat xong", 5, "    ^^^^^^^^^^^^^"),
    ("  ten: 'Phong Kinh te' ", 8, "       ^^^^^^^^^^^^^^^"),
    # a word inside a longer text, and an item of a flow list: that word alone
    ("  text: Họp mặt ngaỳ lễ", 17, "                ^^^^"),
    ("  items: [a b, c]", 11, "          ^"),
    # a key of two words, up to its colon
    ("  status chua: dat", 3, "  ^^^^^^^^^^^"),
])
def test_full_underlines_the_whole_value_named(line: str, column: int, caret: str) -> None:
    out = reporters.full([problem(1, column)], 1, reporters.View(lines_of(line + "\n")))
    assert f"1 | {line}\n  | {caret}\n" in out


def test_full_makes_invisible_characters_visible() -> None:
    source = lines_of("x\n  qcdc: tot\u00a0\n")
    out = reporters.full([problem(2, 12, "invisible-character")], 1, reporters.View(source))
    assert "2 |   qcdc: tot⟨U+00A0⟩\n  |            ^^^^^^^^\n" in out


def test_full_without_a_source_line() -> None:
    """A problem about a whole file, or in a spreadsheet's cell, is printed without a
    source line, even where a line of that number exists."""
    cell = Problem("a.yaml", 2, 3, Severity.ERROR, "choice-invalid", "the message",
                   sheet="Chỉ số")
    problems = [problem(0, 0, "file-empty"), cell]
    out = reporters.full(problems, 2, reporters.View(lines_of("a\nb: c\n")))
    assert out == ("a.yaml: error: the message (file-empty)\n\n"
                   "a.yaml!Chỉ số!C2: error: the message (choice-invalid)\n\n"
                   "2 file(s) checked: 2 error(s), 0 warning(s)")


def test_full_marks_what_dvcq_fix_repairs_and_quiet_leaves_out_the_rest() -> None:
    fixable = problem(1, 4, "curly-quotes", fix=(Edit(1, 4, "“1”", '"1"'),))
    view = reporters.View(lines_of("a: “1”\n"))
    out = reporters.full([fixable], 1, view)
    assert out.splitlines()[0] == ("a.yaml:1:4: error: the message (curly-quotes) "
                                   "[fixable: dvcq fix]")
    assert "1 of these problem(s) can be repaired by 'dvcq fix' (marked [fixable: dvcq fix])" \
        in out
    quiet = reporters.full([fixable], 1, view._replace(quiet=True))
    assert quiet == ("a.yaml:1:4: error: the message (curly-quotes) [fixable: dvcq fix]\n\n"
                     "1 file(s) checked: 1 error(s), 0 warning(s)")


def test_full_colours_only_when_asked() -> None:
    view = reporters.View(lines_of("a: b\n"), color=True)
    out = reporters.full([problem(1, 4)], 1, view)
    assert "\x1b[1;31merror\x1b[0m" in out
    assert "\x1b[34m1 |\x1b[0m a: b" in out
    assert "\x1b[" not in reporters.full([problem(1, 4)], 1, view._replace(color=False))


def test_full_cuts_a_long_line_around_the_caret() -> None:
    line = "text: " + "chữ " * 60 + "LỖI ở đây " + "chữ " * 60
    column = line.index("LỖI") + 1
    out = reporters.full([problem(1, column)], 1, reporters.View(lines_of(line)))
    shown, caret = out.split("\n")[2], out.split("\n")[3]
    assert shown.startswith("1 | …") and shown.endswith("…")
    assert len(shown) <= 110
    assert shown[caret.index("^")] == "L"  # the caret is under the word


def test_full_aligns_the_caret_on_decomposed_text() -> None:
    """A combining mark takes no cell on the terminal: the caret stays under the value."""
    line = unicodedata.normalize("NFD", "tên: Nguyễn Thị Hồng") + " x"
    column = len(line)  # the 'x', counted as written
    out = reporters.full([problem(1, column)], 1, reporters.View(lines_of(line)))
    caret = out.split("\n")[3]
    assert caret.index("^") - 4 == len(unicodedata.normalize("NFC", line)) - 1


def test_json_says_whether_dvcq_fix_repairs_it() -> None:
    data = json.loads(reporters.as_json([problem(1, 1, fix=(Edit(1, 1, "a", "b"),)),
                                         problem(2, 1)], 1))
    assert [p["fixable"] for p in data["problems"]] == [True, False]


@pytest.mark.parametrize(("environ", "terminal", "chosen"), [
    ({}, False, "text"),
    ({}, True, "full"),
    ({"GITHUB_ACTIONS": "true"}, True, "github"),
    ({"GITHUB_ACTIONS": "true"}, False, "github"),
])
def test_auto_format(environ: dict[str, str], terminal: bool, chosen: str) -> None:
    assert reporters.resolve_format("auto", environ, terminal) == chosen
    assert reporters.resolve_format("json", environ, terminal) == "json"


@pytest.mark.parametrize(("environ", "terminal", "color"), [
    ({}, True, True),
    ({}, False, False),
    ({"NO_COLOR": "1"}, True, False),
    ({"FORCE_COLOR": "1"}, False, True),
    ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
    ({"TERM": "dumb"}, True, False),
])
def test_colour(environ: dict[str, str], terminal: bool, color: bool) -> None:
    assert reporters.wants_color(environ, terminal) is color


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def broken(mini_workspace: Path, in_folder) -> Path:  # type: ignore[no-untyped-def]
    write_tree(mini_workspace, {BROKEN: MINI_ASSESSMENT.format(unit="tccb").replace(
        "qcdc: tot", "qcdc: tot\u00a0")})
    return in_folder(mini_workspace)


def test_check_on_a_terminal_shows_the_lines(broken: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.setattr("dvcq_cli.cli._on_terminal", lambda: (True, False))
    monkeypatch.setenv("NO_COLOR", "1")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert result.output == (
        f"{BROKEN}:6:12: error: a no-break space (U+00A0) in the value 'tot', pasted from Word "
        "or a web page: it looks like a space, but YAML does not read it as one, so the value "
        "is not what it shows; 'dvcq fix' repairs it (invisible-character) [fixable: dvcq fix]\n"
        "  |\n"
        "6 |   qcdc: tot⟨U+00A0⟩\n"
        "  |            ^^^^^^^^\n"
        "\n"
        "1 of these problem(s) can be repaired by 'dvcq fix' (marked [fixable: dvcq fix])\n"
        "3 file(s) checked: 1 error(s), 0 warning(s)\n")
    coloured = runner.invoke(app, ["check"], env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[1;31merror\x1b[0m" in coloured.output


def test_check_in_a_pipe_is_one_line_a_problem(broken: Path) -> None:
    result = runner.invoke(app, ["check"])
    assert result.output.splitlines() == [
        f"{BROKEN}:6:12: error: a no-break space (U+00A0) in the value 'tot', pasted from Word "
        "or a web page: it looks like a space, but YAML does not read it as one, so the value "
        "is not what it shows; 'dvcq fix' repairs it (invisible-character) [fixable: dvcq fix]",
        "1 of these problem(s) can be repaired by 'dvcq fix' (marked [fixable: dvcq fix])",
        "3 file(s) checked: 1 error(s), 0 warning(s)"]
    quiet = runner.invoke(app, ["check", "--quiet"])
    assert quiet.output.splitlines() == result.output.splitlines()[::2]
    full = runner.invoke(app, ["check", "--format", "full", "-q"])
    assert full.output == quiet.output.replace("\n3 file", "\n\n3 file")


def test_full_shows_no_line_of_a_utf16_file(mini_workspace: Path, in_folder) -> None:  # type: ignore[no-untyped-def]
    """A file saved as UTF-16 is refused as a whole; its first line, read as UTF-8, would be
    noise, so none is shown."""
    (mini_workspace / BROKEN).write_bytes(MINI_ASSESSMENT.format(unit="tccb").encode("utf-16"))
    in_folder(mini_workspace)
    result = runner.invoke(app, ["check", "--format", "full"])
    assert result.output.splitlines()[:2] == [
        f"{BROKEN}:1:1: error: the file is saved as UTF-16; save it again as UTF-8 "
        "(file-encoding)", ""]


def test_full_uses_the_width_of_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 95-character line is shown whole where the terminal (or COLUMNS) has room."""
    line = ("    Phối hợp Công đoàn cơ sở tổ chức Hội nghị cán bộ, công chức, viên chức và LỖI "
            "lao động")
    column = line.index("LỖI") + 1
    monkeypatch.setenv("COLUMNS", "200")
    out = reporters.full([problem(19, column)], 1, reporters.View(lambda path, n: line))
    assert out.split("\n")[2] == "19 | " + line
    monkeypatch.setenv("COLUMNS", "60")
    out = reporters.full([problem(19, column)], 1, reporters.View(lambda path, n: line))
    assert out.split("\n")[2].startswith("19 | …") and len(out.split("\n")[2]) <= 60
