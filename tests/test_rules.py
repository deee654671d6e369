"""Every problem code: an invalid case with its exact position, next to a valid one.

Each case writes the mini workspace (tests/conftest.py), replaces one file, runs the whole
check and compares the complete list of problems, so an extra or a missing problem fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, write_tree
from test_encodings import encode_cp1258

from dvcq_cli.check import check_workspace

CCVT = "plans/2025/6m/ccvt.yaml"
PLAN = "plans/2025/plan.yaml"
GOOD = MINI_ASSESSMENT.format(unit="ccvt")


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[tuple[str, int, int, str, str]]:
    base = {
        PLAN: MINI_PLAN,
        "plans/2025/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp"),
    }
    base.update(files)
    write_tree(tmp_path, base)
    result = check_workspace(tmp_path, tmp_path)
    return [(p.path, p.line, p.column, p.severity.value, p.code) for p in result.problems]


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_valid_workspace_has_no_problems(tmp_path: Path) -> None:
    assert problems(tmp_path, {CCVT: GOOD}) == []


# (name, file, content, expected problems as (line, column, severity, code))
ASSESSMENT_CASES = [
    ("ambiguous-bool yes", edit(GOOD, "dan_van_kheo: true", "dan_van_kheo: yes"),
     [(5, 17, "error", "ambiguous-bool")]),
    ("ambiguous-bool True", edit(GOOD, "dan_van_kheo: true", "dan_van_kheo: True"),
     [(5, 17, "error", "ambiguous-bool")]),
    ("ambiguous-bool off as text", edit(GOOD, "text: Công", "text: off\n    note: Công"),
     [(10, 11, "error", "ambiguous-bool"), (11, 5, "error", "key-unknown")]),
    ("ambiguous-number octal", edit(GOOD, "submitted: 2025-06-10", "submitted: 010"),
     [(3, 12, "error", "ambiguous-number")]),
    ("ambiguous-number sexagesimal", edit(GOOD, "text: Công khai dự toán ngân sách năm 2025",
                                          "text: 1:30"),
     [(10, 11, "error", "ambiguous-number")]),
    ("value-invalid impossible date", edit(GOOD, "2025-06-10", "2025-02-30"),
     [(3, 12, "error", "value-invalid")]),
    ("type-mismatch date written the Vietnamese way", edit(GOOD, "2025-06-10", "10/06/2025"),
     [(3, 12, "error", "type-mismatch")]),
    ("value-invalid date with a time", edit(GOOD, "2025-06-10", "2025-06-10 08:30"),
     [(3, 12, "error", "value-invalid")]),
    ("value-missing empty required value", edit(GOOD, "submitted: 2025-06-10", "submitted:"),
     [(3, 11, "error", "value-missing")]),
    ("type-mismatch quoted boolean", edit(GOOD, "dan_van_kheo: true", 'dan_van_kheo: "true"'),
     [(5, 17, "error", "type-mismatch")]),
    ("type-mismatch list for a mapping", edit(GOOD, "indicators:\n  dan_van_kheo: true\n"
                                                    "  qcdc: tot", "indicators: [true, tot]"),
     [(4, 13, "error", "type-mismatch")]),
    ("choice-invalid", edit(GOOD, "qcdc: tot", "qcdc: tott"),
     [(6, 9, "error", "choice-invalid")]),
    ("key-unknown for a misspelt required key", edit(GOOD, "unit: ccvt", "unitt: ccvt"),
     [(1, 1, "error", "key-unknown")]),
    ("key-unknown and key-missing", edit(GOOD, "unit: ccvt", "don_vi: ccvt"),
     [(1, 1, "error", "key-missing"), (1, 1, "error", "key-unknown")]),
    ("ref-unknown unit", edit(GOOD, "unit: ccvt", "unit: ccvtt"),
     [(1, 7, "error", "ref-unknown")]),
    ("indicator-unknown", edit(GOOD, "qcdc: tot", "qcdc: tot\n  dan_van_khoe: true"),
     [(7, 3, "error", "indicator-unknown")]),
    ("indicator-missing", edit(GOOD, "  qcdc: tot\n", ""),
     [(5, 3, "error", "indicator-missing")]),
    ("ref-unknown task", edit(GOOD, 'task: "2.a"', 'task: "9"'),
     [(8, 11, "error", "ref-unknown")]),
    ("id-invalid task", edit(GOOD, 'task: "2.a"', "task: hai"),
     [(8, 11, "error", "id-invalid")]),
    ("date-outside-window", edit(GOOD, "date: 2025-03-04", "date: 2025-07-01"),
     [(9, 11, "warning", "date-outside-window")]),
    ("path-mismatch unit", edit(GOOD, "unit: ccvt", "unit: tccb"),
     [(1, 7, "error", "path-mismatch")]),
    ("path-mismatch period", edit(GOOD, "period: 6m", "period: q3"),
     [(2, 9, "error", "path-mismatch")]),  # the window of the wrong period: not measured
    ("ref-unknown period", edit(GOOD, "period: 6m", "period: 9m"),
     [(2, 9, "error", "ref-unknown")]),
    ("id-invalid unit with a path", edit(GOOD, "unit: ccvt", "unit: ../ccvt"),
     [(1, 7, "error", "id-invalid")]),
    ("duplicate-key", edit(GOOD, "qcdc: tot", "qcdc: tot\n  qcdc: kha"),
     [(7, 3, "error", "duplicate-key")]),
    ("duplicate-key in flow style", edit(GOOD, "indicators:\n  dan_van_kheo: true\n  qcdc: tot",
                                         "indicators: {dan_van_kheo: true, qcdc: tot, "
                                         "qcdc: kha}"),
     [(4, 45, "error", "duplicate-key")]),
    ("yaml-anchor", edit(GOOD, "qcdc: tot", "qcdc: &q tot"),
     [(6, 9, "error", "yaml-anchor")]),
    ("yaml-tag", edit(GOOD, "qcdc: tot", "qcdc: !!python/object:os.system tot"),
     [(6, 9, "error", "yaml-tag")]),
    ("yaml-merge-key", edit(GOOD, "qcdc: tot", "qcdc: tot\n  <<: {x: 1}"),
     [(7, 3, "error", "yaml-merge-key")]),
    ("yaml-syntax colon in a value", edit(GOOD, "text: Công khai", "text: Ghi chú: Công khai"),
     [(10, 18, "error", "yaml-syntax")]),
    ("yaml-tab", edit(GOOD, "  qcdc: tot", "\tqcdc: tot"),
     [(6, 1, "error", "yaml-tab")]),
    ("yaml-multiple-documents", GOOD + "---\nunit: vp\n",
     [(11, 1, "error", "yaml-multiple-documents")]),
    ("top-level-not-mapping list", "- unit: ccvt\n", [(1, 1, "error", "top-level-not-mapping")]),
    ("top-level-not-mapping scalar", "ccvt\n", [(1, 1, "error", "top-level-not-mapping")]),
    ("file-empty", "", [(0, 0, "error", "file-empty")]),
    ("file-empty comments only", "# chưa điền\n", [(0, 0, "error", "file-empty")]),
    ("text-not-nfc", edit(GOOD, "text: Công", "text: Co\u0302ng"),
     [(10, 12, "warning", "text-not-nfc")]),
    ("text-legacy-font", edit(GOOD, "text: Công khai", "text: B¶o c¸o c«ng khai"),
     [(10, 11, "error", "text-legacy-font")]),
    # Decomposed "n" + U+0303 composes to "ñ", TCVN3's "ủ": found after NFC.
    ("text-legacy-font made by NFC", edit(GOOD, "text: Công khai", "text: Cong khai Thn\u0303y"),
     [(10, 21, "error", "text-legacy-font"), (10, 23, "warning", "text-not-nfc")]),
]


@pytest.mark.parametrize(("name", "content", "expected"), ASSESSMENT_CASES,
                         ids=[case[0] for case in ASSESSMENT_CASES])
def test_assessment_rule(tmp_path: Path, name: str, content: str,
                         expected: list[tuple[int, int, str, str]]) -> None:
    found = problems(tmp_path, {CCVT: content})
    assert found == [(CCVT, *problem) for problem in expected]


def test_file_binary(tmp_path: Path) -> None:
    data = GOOD.encode() + b"\x00\x01"
    assert problems(tmp_path, {CCVT: data}) == [(CCVT, 11, 1, "error", "file-binary")]


def test_file_encoding_windows_1258(tmp_path: Path) -> None:
    data = encode_cp1258(GOOD)
    found = problems(tmp_path, {CCVT: data})
    assert found == [(CCVT, 10, 12, "error", "file-encoding")]
    message = check_workspace(tmp_path, tmp_path).problems[0].message
    assert "Windows-1258" in message


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()
    assert problems(tmp_path, {CCVT: data}) == []


def test_quoted_ambiguous_values_are_text(tmp_path: Path) -> None:
    content = edit(GOOD, "text: Công khai dự toán ngân sách năm 2025", 'text: "yes"')
    assert problems(tmp_path, {CCVT: content}) == []


def test_assessment_duplicate(tmp_path: Path) -> None:
    found = problems(tmp_path, {"plans/2025/6m/vp.yml": MINI_ASSESSMENT.format(unit="vp")})
    assert found == [("plans/2025/6m/vp.yml", 1, 7, "error", "assessment-duplicate")]


def test_plan_missing_for_an_assessment(tmp_path: Path) -> None:
    found = problems(tmp_path, {"plans/2030/6m/vp.yaml": MINI_ASSESSMENT.format(unit="vp")})
    assert found == [("plans/2030/6m/vp.yaml", 0, 0, "error", "plan-missing")]


def test_file_unexpected(tmp_path: Path) -> None:
    found = problems(tmp_path, {"plans/ghi-chu.yaml": "a: 1\n"})
    assert found == [("plans/ghi-chu.yaml", 0, 0, "warning", "file-unexpected")]


def test_folder_named_like_a_yaml_file(tmp_path: Path) -> None:
    (tmp_path / "plans/2025/6m/ccvt.yaml").mkdir(parents=True)
    assert problems(tmp_path, {}) == [(CCVT, 0, 0, "error", "file-unreadable")]


def test_link_leaving_the_workspace(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(GOOD, encoding="utf-8")
    workspace = tmp_path / "ws"
    (workspace / "plans/2025/6m").mkdir(parents=True)
    (workspace / CCVT).symlink_to(outside)
    found = problems(workspace, {})
    assert found == [(CCVT, 0, 0, "error", "file-outside-workspace")]


def test_file_too_large(tmp_path: Path) -> None:
    from dvcq_cli.check import Settings
    from dvcq_cli.loader import Limits

    write_tree(tmp_path, {PLAN: MINI_PLAN, CCVT: GOOD})
    result = check_workspace(tmp_path, tmp_path, Settings(limits=Limits(max_file_bytes=100)))
    found = {(p.path, p.code) for p in result.problems}
    assert (CCVT, "file-too-large") in found
    assert (PLAN, "file-too-large") in found


PLAN_CASES = [
    ("id-duplicate unit", edit(MINI_PLAN, "{id: tccb,", "{id: vp,"),
     [(47, 10, "error", "id-duplicate")]),
    ("id-invalid unit with a path separator", edit(MINI_PLAN, "{id: tccb,", "{id: tc/cb,"),
     [(47, 10, "error", "id-invalid")]),
    ("ref-unknown indicator of a target", edit(MINI_PLAN, "{indicator: qcdc,", "{indicator: qcd,"),
     [(26, 35, "error", "ref-unknown")]),
    ("ref-unknown unit preparing the report", edit(MINI_PLAN, "prepared_by: vp",
                                                    "prepared_by: vanphong"),
     [(37, 16, "error", "ref-unknown")]),
    ("target-invalid share compared with a count", edit(MINI_PLAN, "at_least: 75%",
                                                        "at_least: 75"),
     [(21, 15, "error", "target-invalid")]),
    ("target-invalid bool compared with text", edit(MINI_PLAN, "equals: true}", "equals: co}"),
     [(20, 57, "error", "target-invalid")]),
    ("key-conflict two thresholds", edit(MINI_PLAN, "more_than: 50%", "more_than: 50%\n"
                                                                          "    at_least: 40%"),
     [(28, 5, "error", "key-conflict")]),
    ("key-missing measure", edit(MINI_PLAN, "    measure:\n      share_of_units: {indicator: "
                                            "qcdc, equals: tot}\n", ""),
     [(22, 5, "error", "key-missing")]),
    ("indicator-invalid choice without choices", edit(
        MINI_PLAN, "    choices: {tot: Tốt, kha: Khá, yeu: Yếu}\n", ""),
     [(26, 49, "error", "target-invalid"), (52, 5, "error", "indicator-invalid")]),
    ("period-invalid without a window", edit(
        MINI_PLAN, "q3: {label: quý III năm 2025, from: 2025-06-15, to: 2025-09-14}",
        "dot3: {label: đợt 3 năm 2025}"),
     [(44, 3, "error", "period-invalid")]),
    ("period-invalid ends before it starts", edit(MINI_PLAN, "to: 2025-09-14", "to: 2025-05-14"),
     [(44, 55, "error", "period-invalid")]),
    ("path-mismatch year", edit(MINI_PLAN, "year: 2025", "year: 2026"),
     [(1, 7, "error", "path-mismatch")]),
    ("id-invalid point not under its task", edit(MINI_PLAN, 'id: "2.a"', 'id: "1.a"'),
     [(34, 13, "error", "id-invalid")]),
]


@pytest.mark.parametrize(("name", "content", "expected"), PLAN_CASES,
                         ids=[case[0] for case in PLAN_CASES])
def test_plan_rule(tmp_path: Path, name: str, content: str,
                   expected: list[tuple[int, int, str, str]]) -> None:
    found = [p for p in problems(tmp_path, {PLAN: content}) if p[0] == PLAN]
    assert found == [(PLAN, *problem) for problem in expected]


@pytest.mark.parametrize(("text", "line", "column"), [
    ("k: {[a, b]: 1, c: 2}\n", 1, 5), ("k: {{x: 1}: 1}\n", 1, 5), ("k:\n  [a]: 1\n  c: 2\n", 2, 3),
])
def test_a_list_or_mapping_as_a_key_without_a_question_mark(text: str, line: int,
                                                             column: int) -> None:
    # Without '?' in the file the loader takes a quicker way for ordinary mappings: a key
    # that is a list or a mapping must still be found.
    from dvcq_cli.loader import load_text

    assert [(p.code, p.line, p.column, p.message) for p in load_text(text, "d.yaml").problems] == [
        ("yaml-complex-key", line, column, "a key must be a plain name, not a list or mapping")]


@pytest.mark.parametrize("first_line", ["", "# Có câu hỏi? Hỏi Văn phòng.\n"])
def test_an_empty_value_is_placed_after_its_colon(first_line: str) -> None:
    # "period:" with nothing after it: the missing value is shown just after the colon, on
    # the key's line (only a '? key' without a value is moved back to its key). A '?'
    # anywhere in the file makes the loader look at every key the careful way.
    from dvcq_cli import loader
    from dvcq_cli.model import ASSESSMENT
    from dvcq_cli.schema import Context

    text = first_line + "unit: vp\nperiod:\nsubmitted: 2025-06-10\nindicators: {}\n"
    line = 3 if first_line else 2
    loaded = loader.load_text(text, "vp.yaml")
    assert loaded.root is not None
    ctx = Context("vp.yaml")
    ASSESSMENT.build(loaded.root, ctx)
    assert [(p.code, p.line, p.column) for p in [*loaded.problems, *ctx.problems]] == [
        ("value-missing", line, 8)]
