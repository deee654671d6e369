"""No text lost to a comment: where ` #` is a comment, where it is a mistake (flaws.py).

The boundary (README, "The YAML dialect"): a comment written as one (at least two spaces
before `#`, and a space or the end of the line after it) is a comment, after any value.
Anything else after a text value is an error at the `#`; after a number, a date or an id, a
`#` glued to text is an error too. The same boundary holds after a closing quote: what
follows it is not in the value. Quoted and block values keep the `#` inside them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, write_tree
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dvcq_cli.check import Settings, check_workspace
from dvcq_cli.problems import Problem

COMMENT_CODES = {"comment-cuts-text", "comment-malformed"}
NOTE_LINE = 11  # MINI_ASSESSMENT has 10 lines: a `note:` added at the end is line 11


def check_note(root: Path, line: str) -> tuple[list[Problem], object]:
    """Check the mini workspace with `line` added to vp's assessment: its problems, and the
    assessment built when it has no error (None otherwise)."""
    write_tree(root, {"plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp") + line + "\n"})
    result = check_workspace(root, root, Settings(jobs=1))
    built = result.years["2025"].assessments.get("6m", {}).get("vp")
    return [p for p in result.problems if p.path.endswith("vp.yaml")], built


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN})


# ------------------------------------------------------------------- the boundary, by example

VALID = [
    ("note: Đã họp  # ghi chú của người nhập", "Đã họp"),
    ("note: Đã họp   #", "Đã họp"),
    ("note: Phòng#2 đã họp", "Phòng#2 đã họp"),  # no space before '#': part of the text
    ('note: "Đã họp với Phòng #2 chiều nay"', "Đã họp với Phòng #2 chiều nay"),
    ("note: 'Đã họp với Phòng #2 chiều nay'", "Đã họp với Phòng #2 chiều nay"),
    ("note: >-\n  Đã họp với Phòng #2\n  chiều nay", "Đã họp với Phòng #2 chiều nay"),
    ("note: |-\n  Kế hoạch #294\n  # không phải chú thích",
     "Kế hoạch #294\n# không phải chú thích"),
    ('note: "Đã họp với Phòng"  # ghi chú của người nhập', "Đã họp với Phòng"),
    ("note: 'Đã họp'   #", "Đã họp"),
    ("note:  # chưa có ghi chú", None),  # an optional value left empty, with a comment
    ("note: # chưa có", None),
    ("note: “Dân vận khéo” là phong trào  # ngoặc cong là chữ", "“Dân vận khéo” là phong trào"),
]


@pytest.mark.parametrize(("line", "value"), VALID)
def test_comments_written_as_comments_are_valid(root: Path, line: str, value: str | None
                                                ) -> None:
    problems, built = check_note(root, line)
    assert problems == []
    assert built is not None and built.note == value  # type: ignore[attr-defined]


def test_comments_after_other_values(root: Path) -> None:
    text = MINI_ASSESSMENT.format(unit="vp").replace(
        "qcdc: tot", "qcdc: tot # một dấu cách: vẫn là chú thích").replace(
        "date: 2025-03-04", "date: 2025-03-04  # ngày họp").replace(
        'task: "2.a"', 'task: "2.a" # sau giá trị có ngoặc: một dấu cách')
    write_tree(root, {"plans/2025/6m/vp.yaml": text})
    assert check_workspace(root, root, Settings(jobs=1)).problems == []


def test_glued_hash_after_a_quoted_id_is_an_error(root: Path) -> None:
    text = MINI_ASSESSMENT.format(unit="vp").replace('task: "2.a"', 'task: "2.a" #2')
    write_tree(root, {"plans/2025/6m/vp.yaml": text})
    problems = check_workspace(root, root, Settings(jobs=1)).problems
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [
        (8, 17, "comment-malformed", "'#2' is read as a comment, not as part of the value "
         "'2.a'; write a comment with two spaces, '#' and a space: - task: \"2.a\"  # 2")]


INVALID = [
    ("note: Đã họp với Phòng #2 chiều nay", 24, "comment-cuts-text"),
    ("note: Đã họp # ghi chú", 14, "comment-cuts-text"),  # one space: text or comment?
    ("note: Đã họp\t#2", 14, "comment-cuts-text"),
    ("note: Đã họp  #2", 15, "comment-cuts-text"),  # glued to what follows: text
    ("note: #2 chiều nay", 7, "comment-cuts-text"),
    ('note: "Đã họp với Phòng" #2 chiều nay', 26, "comment-cuts-text"),
    ("note: 'Đã họp với Phòng' #2 chiều nay", 26, "comment-cuts-text"),
    ('note: "Đã họp" # Trưởng phòng', 16, "comment-cuts-text"),  # one space after text
    ('note: "Đã họp"  #2', 17, "comment-cuts-text"),
]


@pytest.mark.parametrize(("line", "column", "code"), INVALID)
def test_text_cut_by_a_comment_is_an_error(root: Path, line: str, column: int, code: str
                                           ) -> None:
    problems, built = check_note(root, line)
    assert [(p.line, p.column, p.severity.value, p.code) for p in problems] == [
        (NOTE_LINE, column, "error", code)]
    assert built is None


def test_a_value_on_several_lines_cut_on_its_last_line(root: Path) -> None:
    problems, built = check_note(root, "note: Tổ chức hội nghị\n  quán triệt Kế hoạch #294")
    assert [(p.line, p.column, p.code) for p in problems] == [
        (NOTE_LINE + 1, 23, "comment-cuts-text")]
    assert 'note: "Tổ chức hội nghị quán triệt Kế hoạch #294"' in problems[0].message


@pytest.mark.parametrize(("line", "message"), [
    ('signed_by: "Trần Thị Thu Thủy" # Trưởng phòng',
     "YAML reads ' #' after the closing quote as the start of a comment, so '# Trưởng phòng' "
     "is lost; move it inside the quotes: signed_by: \"Trần Thị Thu Thủy # Trưởng phòng\" "
     "(a comment needs two spaces before '#' and one after it)"),
    ("proposals:\n  - 'Biên bản hội nghị' #2 ngày 16/4/2024",
     "YAML reads ' #' after the closing quote as the start of a comment, so '#2 ngày "
     "16/4/2024' is lost; move it inside the quotes: - \"Biên bản hội nghị #2 ngày "
     "16/4/2024\" (a comment needs two spaces before '#' and one after it)"),
])
def test_text_after_a_closing_quote_is_moved_inside(root: Path, line: str, message: str
                                                    ) -> None:
    problems, built = check_note(root, line)
    assert [p.message for p in problems] == [message]
    assert built is None


def test_glued_hash_after_a_number_is_an_error(root: Path) -> None:
    text = MINI_ASSESSMENT.format(unit="vp").replace(
        "text: Công khai dự toán ngân sách năm 2025",
        "text: Công khai dự toán ngân sách năm 2025\n    participants: 14 #2")
    write_tree(root, {"plans/2025/6m/vp.yaml": text})
    problems = check_workspace(root, root, Settings(jobs=1)).problems
    assert [(p.line, p.column, p.code) for p in problems] == [(11, 22, "comment-malformed")]
    assert "participants: 14  # 2" in problems[0].message


def test_no_yaml_file_of_the_repository_loses_text_to_a_comment() -> None:
    """Every comment in the example workspace and the test workspaces is written as one."""
    roots = [REPO] + sorted((REPO / "tests" / "cases").glob("*/workspace"))
    for root in roots:
        problems = check_workspace(root, root, Settings(jobs=1)).problems
        assert not [p for p in problems if p.code in COMMENT_CODES], root


# ------------------------------------------------------------------------- the property

_LETTERS = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Cn"),
                         blacklist_characters="#\ufeff")
_FIRST = st.sampled_from("ĐđHhKkPpTt0123456789aăâeêoôơuưy")
_TEXT = st.text(st.one_of(_LETTERS, st.sampled_from(" ,.;()/-–:“”'\"%&*!|>")), max_size=16)
_GAP = st.sampled_from([" ", "  ", "   ", "\t", " \t", "\u00a0", " \u00a0", "\u00a0 "])
_AFTER = st.text(st.one_of(_LETTERS, st.sampled_from(" #,.:“”'\"-")), max_size=16)

text_with_hash = st.builds(lambda first, before, gap, after: first + before + gap + "#" + after,
                           _FIRST, _TEXT, _GAP, _AFTER).map(str.rstrip)

WHERE = {
    "note": ("note: {value}", lambda built: built.note),
    "signed_by": ("signed_by: {value}", lambda built: built.signed_by),
    "evidence": ("proposals:\n  - {value}", lambda built: built.proposals[0].text),
}


def comment_as_written(value: str) -> bool:
    """True when the first ' #' of `value` is written as a comment: at least two blanks
    before it, and a space or the end of the line after it (what a reader sees: a no-break
    space looks like a space)."""
    match = re.search(r"[ \t\u00a0]+#", value)
    assert match is not None
    blanks = len(match.group()) - 1
    after = value[match.end():match.end() + 1]
    return blanks >= 2 and after in ("", " ", "\t")


@settings(max_examples=300, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text_with_hash, st.sampled_from(sorted(WHERE)))
@example("Đã họp với Phòng #2 chiều nay", "note")
@example("Tổ chức hội nghị quán triệt Kế hoạch #294 cho toàn thể công chức", "evidence")
@example("Lê Văn Hùng # người ký", "signed_by")
@example("Đã họp  # chú thích", "note")
def test_text_with_hash_survives_or_is_reported(root: Path, value: str, where: str) -> None:
    """For any text value containing ' #', written plain: dvcq reads it whole, or reports a
    problem on its line, or the ' #' is written exactly as a comment (the documented
    boundary: then it is one)."""
    template, read = WHERE[where]
    line = template.format(value=value)
    problems, built = check_note(root, line)
    value_line = NOTE_LINE + line.count("\n")
    if built is not None and read(built) == value.strip():
        return
    reported = [p for p in problems if p.line == value_line]
    if reported:
        return
    assert comment_as_written(value), (line, problems)


_QUOTABLE = st.text(st.one_of(_LETTERS, st.sampled_from(" ,.;()/-–:“”%&*!|>#")), max_size=16)


def _in_quotes(text: str, quote: str) -> str:
    if quote == '"':
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "'" + text.replace("'", "''") + "'"


@settings(max_examples=300, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.builds(lambda first, inside: first + inside, _FIRST, _QUOTABLE).map(str.rstrip),
       _GAP, _AFTER.map(str.rstrip), st.sampled_from('"\''), st.sampled_from(sorted(WHERE)))
@example("Đã họp với Phòng", " ", "2 chiều nay", '"', "note")
@example("Trần Thị Thu Thủy", " ", " Trưởng phòng", '"', "signed_by")
@example("Biên bản hội nghị", " ", "2 ngày 16/4/2024", "'", "evidence")
@example("Đã họp", "  ", " chú thích", '"', "note")
def test_text_after_a_closing_quote_survives_or_is_reported(
        root: Path, inside: str, gap: str, after: str, quote: str, where: str) -> None:
    """The same property for a quoted value followed by ' #': YAML never reads what follows
    the closing quote into the value, so it is lost unless dvcq reports a problem on the
    line, or it is written exactly as a comment."""
    template, read = WHERE[where]
    line = template.format(value=_in_quotes(inside, quote) + gap + "#" + after)
    problems, built = check_note(root, line)
    value_line = NOTE_LINE + line.count("\n")
    if [p for p in problems if p.line == value_line]:
        return
    assert built is not None and read(built) == inside, (line, problems)
    assert comment_as_written("x" + gap + "#" + after), (line, problems)


def test_a_huge_line_is_cut_in_the_message(root: Path) -> None:
    """A 200,000-character line cut by ' #' is quoted by its start and end, not whole."""
    problems, _built = check_note(root, "note: " + "Họp. " * 40_000 + "#x")
    assert [(p.line, p.code) for p in problems] == [
        (NOTE_LINE, "value-invalid"), (NOTE_LINE, "comment-cuts-text")]
    message = problems[1].message
    assert len(message) < 500
    assert 'note: "Họp. Họp.' in message and ' … ' in message and 'Họp. #x"' in message


@pytest.mark.parametrize(("line", "message"), [
    ("note: Đã họp với Phòng #2 chiều nay  # ghi chú riêng",
     "YAML reads ' #' as the start of a comment, so the text stops here and '#2 chiều nay' "
     "is lost; put the whole value in double quotes: note: \"Đã họp với Phòng #2 chiều nay\""
     "  # ghi chú riêng (a comment needs two spaces before '#' and one after it)"),
    ('note: "Đã họp" #2 chiều nay\t# ghi chú',
     "YAML reads ' #' after the closing quote as the start of a comment, so '#2 chiều nay' "
     "is lost; move it inside the quotes: note: \"Đã họp #2 chiều nay\"  # ghi chú "
     "(a comment needs two spaces before '#' and one after it)"),
])
def test_a_comment_written_as_one_stays_out_of_the_advice(root: Path, line: str, message: str
                                                         ) -> None:
    """Only the text before a well-formed comment is lost; following the advice must not
    print the clerk's own note in the report."""
    problems, _built = check_note(root, line)
    assert [(p.line, p.column, p.message) for p in problems] == [(NOTE_LINE, 24 if
                                                                  "Phòng" in line else 16,
                                                                  message)]


@pytest.mark.parametrize(("line", "expected"), [
    ("note: Tráº§n Thá»‹ họp #2 chiều", [(9, "text-mojibake"), (24, "comment-cuts-text")]),
    ("note: Họp\x01 chiều #2", [(10, "text-control-character"), (18, "comment-cuts-text")]),
    ("note: Họp\x0bchiều #2", [(10, "text-control-character"), (17, "comment-cuts-text")]),
])
def test_garbled_text_and_control_characters_hide_nothing(root: Path, line: str,
                                                         expected: list[tuple[int, str]]
                                                         ) -> None:
    """The file is read as dvcq fix would repair it, so one run shows every problem, and a
    column after a garbled word or a deleted control character is counted as written."""
    problems, built = check_note(root, line)
    assert [(p.line, p.column, p.code) for p in problems] == [
        (NOTE_LINE, column, code) for column, code in expected]
    assert built is None
