"""`dvcq new assessment` and `dvcq new plan`, and the YAML text they write (dvcq_cli.scaffold)."""

from __future__ import annotations

import datetime
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, snapshot_files, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dvcq_cli import loader, scaffold, scalars
from dvcq_cli.check import check_workspace
from dvcq_cli.cli import app
from dvcq_cli.commands import new_command
from dvcq_cli.model import PLAN, Plan
from dvcq_cli.schema import INVALID, Context

runner = CliRunner()


# ---------------------------------------------------------------- helpers
def bare(value: Any) -> Any:
    """A model value without positions, written independently of scaffold.bare."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: bare(getattr(value, name)) for name in value._fields if name != "where"}
    if isinstance(value, list):
        return [bare(item) for item in value]
    if isinstance(value, dict):
        return {key: bare(item) for key, item in value.items()}
    return value


def build_plan(text: str) -> Plan:
    loaded = loader.load_text(text, "plan.yaml")
    assert loaded.problems == []
    ctx = Context("plan.yaml")
    plan = PLAN.build(loaded.root, ctx)
    assert ctx.problems == [] and plan is not INVALID
    return plan  # type: ignore[no-any-return]


def problems_of(root: Path) -> list[tuple[str, int, int, str, str]]:
    result = check_workspace(root, root)
    return [(p.path, p.line, p.column, p.severity.value, p.code) for p in result.problems]


def invoke(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.chdir(folder)
    return runner.invoke(app, list(args))


def line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1)
                if line.startswith(start))


# ---------------------------------------------------------------- scalars
@pytest.mark.parametrize(("text", "expected"), [
    ("hctc", ["hctc"]),
    ("Phòng Tổ chức cán bộ", ["Phòng Tổ chức cán bộ"]),
    ("yes", ['"yes"']),
    ("null", ['"null"']),
    ("2024", ['"2024"']),
    ("010", ['"010"']),
    ("2024-04-08", ['"2024-04-08"']),
    ("2024-13-45", ['"2024-13-45"']),
    ("a: b", ['"a: b"']),
    ("#1", ['"#1"']),
    ("- x", ['"- x"']),
    ("", ['""']),
    ("say \"hi\"", ['say "hi"']),
    ("x\ny", ["|-", "  x", "  y"]),
    ("e\u2028f", ['"e\\u2028f"']),
    ("tail ", ['"tail "']),
])
def test_yaml_scalar_exact(text: str, expected: list[str]) -> None:
    assert scaffold.yaml_scalar(text) == expected


def test_long_text_is_folded_within_the_width() -> None:
    text = " ".join(["công tác dân vận"] * 20)
    lines = scaffold.yaml_scalar(text, indent=2, room=60)
    assert lines[0] == ">-"
    assert all(line.startswith("    ") and len(line) <= 100 for line in lines[1:])
    assert " ".join(line.strip() for line in lines[1:]) == text


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=140).map(
    lambda text: unicodedata.normalize("NFC", text))


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(min_value=0, max_value=8))
def test_every_text_reads_back_exactly(text: str, indent: int) -> None:
    lines = scaffold.yaml_scalar(text, indent=indent, room=100 - indent)
    loaded = loader.load_text("k: " + "\n".join(lines) + "\n", "x.yaml")
    assert loaded.root is not None
    node = loaded.root.value[0][1]
    assert node.value == text
    if not node.style:  # plain: dvcq must read it as this text, not a number, date or bool
        assert scalars.plain_value(node) == text


def test_double_quoted_escapes_what_is_not_printable() -> None:
    assert scaffold.double_quoted('a"b\\c\td\x85\ufeff😀') == \
        '"a\\"b\\\\c\\x09d\\x85\\uFEFF😀"'


# ---------------------------------------------------------------- a plan written back
@pytest.mark.parametrize("source", ["mini", "example"])
def test_plan_written_back_means_the_same(source: str) -> None:
    text = MINI_PLAN if source == "mini" else (REPO / "plans/2024/plan.yaml").read_text("utf-8")
    plan = build_plan(text)
    lines, mentions = scaffold.plan_body(plan)
    assert mentions == []
    again = build_plan("\n".join(lines) + "\n")
    assert bare(again) == bare(plan)
    assert max(len(line) for line in lines) <= 100


def test_plan_body_dialect() -> None:
    lines = scaffold.plan_body(build_plan(MINI_PLAN))[0]
    assert lines[:3] == ["# Năm kế hoạch", "year: 2025", ""]
    assert '  - id: "1"' in lines and '      - id: "2.a"' in lines
    assert "  date: 2025-01-20" in lines
    assert "      share_of_units:" in lines
    assert "        equals: true" in lines
    assert "    at_least: 75%" in lines
    assert "    more_than: 50%" in lines
    assert not any("{" in line or "[" in line for line in lines)  # block style only


# ---------------------------------------------------------------- next year's plan
def test_carry_over_moves_dates_labels_title() -> None:
    plan = build_plan(MINI_PLAN)
    moved = scaffold.carry_over(plan, 2026)
    assert moved.year == 2026
    assert (moved.document.number, moved.document.date) == (None, None)
    assert moved.document.title == "Thực hiện công tác Dân vận chính quyền năm 2026"
    q3 = moved.periods["q3"]
    assert (q3.label, q3.start, q3.end) == (
        "quý III năm 2026", datetime.date(2026, 6, 15), datetime.date(2026, 9, 14))
    assert moved.periods["6m"].label == "6 tháng đầu năm 2026"
    assert moved.periods["6m"].start is None
    assert bare(moved.units) == bare(plan.units)
    assert bare(moved.indicators) == bare(plan.indicators)
    assert bare(moved.targets) == bare(plan.targets)
    assert bare(moved.tasks) == bare(plan.tasks)


def test_carry_over_of_29_february() -> None:
    plan = build_plan(MINI_PLAN.replace("from: 2025-06-15", "from: 2024-02-29"))
    assert scaffold.carry_over(plan, 2026).periods["q3"].start == datetime.date(2025, 2, 28)


def test_new_plan_text_reads_back_and_lists_old_year_mentions() -> None:
    source = MINI_PLAN.replace(
        "purposes:\n  - Nâng cao chất lượng công tác dân vận.",
        "purposes:\n  - Nâng cao chất lượng công tác dân vận năm 2025.\n  - Mục đích 20250.")
    made = scaffold.new_plan(build_plan(source), 2026, "plans/2025/plan.yaml")
    text_lines = made.text.splitlines()
    assert text_lines[0] == "# Kế hoạch công tác Dân vận chính quyền năm 2026 — BẢN NHÁP."
    assert made.mentions == [scaffold.Mention("purposes[1]", made.mentions[0].line)]
    assert text_lines[made.mentions[0].line - 1] == \
        "  - Nâng cao chất lượng công tác dân vận năm 2025."
    assert f"#   - purposes[1] (dòng {made.mentions[0].line})" in text_lines
    assert "  number: null  # số văn bản: điền khi kế hoạch được cấp số" in text_lines
    assert "  date: null  # ngày ban hành, dạng YYYY-MM-DD" in text_lines
    assert bare(build_plan(made.text)) == bare(scaffold.carry_over(build_plan(source), 2026))


def test_new_plan_from_example_mentions_point_at_lines_naming_2024() -> None:
    plan = build_plan((REPO / "plans/2024/plan.yaml").read_text("utf-8"))
    made = scaffold.new_plan(plan, 2025, "plans/2024/plan.yaml")
    lines = made.text.splitlines()
    assert made.mentions
    for mention in made.mentions:
        key = mention.path.rsplit(".", 1)[-1]
        first = lines[mention.line - 1].strip()
        assert first.startswith("- ") if key.endswith("]") else first.startswith(key + ":")
        following = [first]
        for line in lines[mention.line:]:
            if line.strip().startswith(("- ", "#")) or ": " in line or line.endswith(":"):
                break
            following.append(line.strip())
        assert "2024" in " ".join(following), mention


def test_new_plan_cli_round_trips_through_check(mini_workspace: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(mini_workspace, monkeypatch, "new", "plan", "--year", "2026")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created plans/2026/plan.yaml from plans/2025/plan.yaml",
        "fill in the document number and date once the plan is issued; until then "
        "'dvcq check' warns (plan-incomplete)",
    ]
    text = (mini_workspace / "plans/2026/plan.yaml").read_text("utf-8")
    number_line = line_of(text, "  number: null")
    date_line = line_of(text, "  date: null")
    assert problems_of(mini_workspace) == [
        ("plans/2026/plan.yaml", number_line, 3, "warning", "plan-incomplete"),
        ("plans/2026/plan.yaml", date_line, 3, "warning", "plan-incomplete"),
    ]
    check = runner.invoke(app, ["check"])
    assert check.exit_code == 0, check.output
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 1
    filled = text.replace("  number: null", "  number: 7").replace(
        "  date: null", "  date: 2026-01-15")
    (mini_workspace / "plans/2026/plan.yaml").write_text(filled, encoding="utf-8")
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 0


def test_new_plan_never_overwrites(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(mini_workspace, {"plans/2026/plan.yaml": "year: 2026\n"})
    before = snapshot_files(mini_workspace)
    result = invoke(mini_workspace, monkeypatch, "new", "plan", "--year", "2026",
                    "--from", "2025")
    assert (result.exit_code, result.output) == (
        1, "Error: plans/2026/plan.yaml already exists; it was not overwritten\n")
    assert snapshot_files(mini_workspace) == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--year", "2026", "--from", "2030"], 2,
     "Error: there is no plan for 2030 (plans/2030/plan.yaml); the workspace has plans for: "
     "2025\n"),
    (["--year", "2025", "--from", "2025"], 2, "Error: --from must name another year than "
     "--year\n"),
    (["--year", "2025"], 2, "Error: there is no plan of another year to start from; the "
     "workspace has plans for: 2025\n"),
])
def test_new_plan_usage_errors(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch,
                               args: list[str], code: int, message: str) -> None:
    result = invoke(mini_workspace, monkeypatch, "new", "plan", *args)
    assert (result.exit_code, result.output) == (code, message)


def test_new_plan_without_any_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plans").mkdir()
    result = invoke(tmp_path, monkeypatch, "new", "plan", "--year", "2025")
    assert (result.exit_code, result.output) == (
        2, "Error: no plan found: create plans/<year>/plan.yaml (e.g. plans/2024/plan.yaml)\n")


def test_new_plan_from_a_broken_plan(mini_workspace: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    plan = mini_workspace / "plans/2025/plan.yaml"
    plan.write_text(MINI_PLAN.replace("  - {id: vp,", "  - {idd: vp,"), encoding="utf-8")
    result = invoke(mini_workspace, monkeypatch, "new", "plan", "--year", "2026")
    assert (result.exit_code, result.output) == (
        1, "Error: plans/2025/plan.yaml has 2 error(s); run 'dvcq check' and fix them first\n")
    assert not (mini_workspace / "plans/2026").exists()


def test_new_plan_year_out_of_range(mini_workspace: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(mini_workspace, monkeypatch, "new", "plan", "--year", "1999")
    assert result.exit_code == 2
    assert result.output == ("Error: invalid value for --year / -y: 1999 is outside the "
                             "allowed range: from 2000 to 2100 (see 'dvcq new plan --help')\n")


# ---------------------------------------------------------------- a unit's self-assessment
def test_new_assessment_text(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(mini_workspace, monkeypatch, "new", "assessment", "--unit", "ccvt",
                    "--period", "6m")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created plans/2025/6m/ccvt.yaml",
        "note: schemas/assessment-2025.schema.json does not exist yet; run 'dvcq schema' so "
        "that editors check the new file as you type",
    ]
    text = (mini_workspace / "plans/2025/6m/ccvt.yaml").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == \
        "# yaml-language-server: $schema=../../../schemas/assessment-2025.schema.json"
    assert ["unit: ccvt", "period: 6m", "submitted: null  # ngày gửi, dạng YYYY-MM-DD",
            "signed_by: null  # Người ký (không bắt buộc)"] == lines[
        line_of(text, "unit:") - 1:line_of(text, "unit:") + 3]
    start = line_of(text, "indicators:")
    assert lines[start:start + 4] == [
        "  # Đạt “Dân vận khéo” — true hoặc false",
        "  dan_van_kheo: null",
        "  # Thực hiện quy chế dân chủ — một trong: tot (Tốt), kha (Khá), yeu (Yếu)",
        "  qcdc: null",
    ]
    start = line_of(text, "activities:")
    assert lines[start:start + 12] == [
        "  # Nhiệm vụ 1: Tuyên truyền, phổ biến",
        '  # - task: "1"',
        "  #   date: null  # YYYY-MM-DD",
        "  #   text: null  # nội dung hoạt động",
        "  # Nhiệm vụ 2: Thực hiện quy chế dân chủ",
        '  # - task: "2"',
        "  #   date: null  # YYYY-MM-DD",
        "  #   text: null  # nội dung hoạt động",
        "  # Điểm 2.a: Công khai tài chính",
        '  # - task: "2.a"',
        "  #   date: null  # YYYY-MM-DD",
        "  #   text: null  # nội dung hoạt động",
    ]
    assert "# Loại hoạt động (kind): hoi_nghi (Hội nghị)." in lines
    assert lines[-6:] == [
        'strengths:  # Ưu điểm: mỗi ý một dòng "  - …"',
        'shortcomings:  # Hạn chế: mỗi ý một dòng "  - …"',
        'causes:  # Nguyên nhân của hạn chế: mỗi ý một dòng "  - …"',
        'proposals:  # Đề xuất, kiến nghị: mỗi ý một dòng "  - …"',
        'next_tasks:  # Nhiệm vụ kỳ tới: mỗi ý một dòng "  - …"',
        "note:  # Ghi chú (không bắt buộc)",
    ]
    assert max(len(line) for line in lines) <= 100


def test_new_assessment_passes_check_only_once_filled(mini_workspace: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(mini_workspace, monkeypatch, "new", "assessment", "-u", "ccvt",
                  "-p", "6m").exit_code == 0
    path = mini_workspace / "plans/2025/6m/ccvt.yaml"
    text = path.read_text("utf-8")
    shown = "plans/2025/6m/ccvt.yaml"
    assert problems_of(mini_workspace) == [
        (shown, line_of(text, "submitted:"), 12, "error", "value-missing")]
    text = text.replace("submitted: null", "submitted: 2025-06-09")
    path.write_text(text, encoding="utf-8")
    assert problems_of(mini_workspace) == [
        (shown, line_of(text, "  dan_van_kheo:"), 17, "error", "value-missing"),
        (shown, line_of(text, "  qcdc:"), 9, "error", "value-missing"),
    ]
    text = text.replace("dan_van_kheo: null", "dan_van_kheo: false").replace(
        "qcdc: null", "qcdc: kha")
    path.write_text(text, encoding="utf-8")
    assert problems_of(mini_workspace) == []
    # An example activity, uncommented and filled in, is valid as it stands.
    text = text.replace('  # - task: "2.a"\n  #   date: null  # YYYY-MM-DD\n'
                        "  #   text: null  # nội dung hoạt động",
                        '  - task: "2.a"\n    date: 2025-04-02  # YYYY-MM-DD\n'
                        "    text: Công khai quyết toán năm 2024")
    path.write_text(text, encoding="utf-8")
    assert problems_of(mini_workspace) == []
    built = check_workspace(mini_workspace, mini_workspace).years["2025"].assessments["6m"]
    assert [activity.task for activity in built["ccvt"].activities] == ["2.a"]


def test_new_assessment_of_the_example_plan_has_every_indicator() -> None:
    plan = build_plan((REPO / "plans/2024/plan.yaml").read_text("utf-8"))
    text = scaffold.assessment_text(plan, "hctc", "9m")
    for name in plan.indicators:
        assert f"  {name}: null" in text.splitlines()
    for task_id in plan.task_ids():
        assert f'  # - task: "{task_id}"' in text.splitlines()
    assert max(len(line) for line in text.splitlines()) <= 100


def test_new_assessment_never_overwrites(mini_workspace: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot_files(mini_workspace)
    result = invoke(mini_workspace, monkeypatch, "new", "assessment", "--unit", "vp",
                    "--period", "6m")
    assert (result.exit_code, result.output) == (
        1, "Error: plans/2025/6m/vp.yaml already exists; it was not overwritten\n")
    assert snapshot_files(mini_workspace) == before


def test_a_yml_file_counts_as_existing(mini_workspace: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(mini_workspace, {"plans/2025/6m/ccvt.yml": MINI_ASSESSMENT.format(unit="ccvt")})
    result = invoke(mini_workspace, monkeypatch, "new", "assessment", "--unit", "ccvt",
                    "--period", "6m")
    assert (result.exit_code, result.output) == (
        1, "Error: plans/2025/6m/ccvt.yml already exists; it was not overwritten\n")


def test_new_assessment_all(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(mini_workspace, {"schemas/assessment-2025.schema.json": "{}\n"})
    result = invoke(mini_workspace, monkeypatch, "new", "assessment", "--all", "--period", "6m")
    assert (result.exit_code, result.output) == (0, "created plans/2025/6m/ccvt.yaml\n")
    result = runner.invoke(app, ["new", "assessment", "--all", "--period", "q3"])
    assert (result.exit_code, result.output) == (0, "created plans/2025/q3/vp.yaml\n"
                                                    "created plans/2025/q3/tccb.yaml\n"
                                                    "created plans/2025/q3/ccvt.yaml\n")
    before = snapshot_files(mini_workspace)
    result = runner.invoke(app, ["new", "assessment", "--all", "--period", "6m"])
    assert (result.exit_code, result.output) == (
        0, "every unit already has a file for period 6m; nothing was written\n")
    assert snapshot_files(mini_workspace) == before


@pytest.mark.parametrize(("args", "message"), [
    (["--unit", "vpp", "--period", "6m"],
     "Error: unknown unit 'vpp'; did you mean 'vp'? (the units of plans/2025/plan.yaml: vp, "
     "tccb, ccvt)\n"),
    (["--unit", "vp", "--period", "9m"],
     "Error: unknown period '9m' (the periods of plans/2025/plan.yaml: 6m, q3)\n"),
    (["--unit", "vp", "--period", "Q3"],
     "Error: unknown period 'Q3'; did you mean 'q3'? (the periods of plans/2025/plan.yaml: "
     "6m, q3)\n"),
    (["--period", "6m"], "Error: give either --unit UNIT or --all\n"),
    (["--unit", "vp", "--all", "--period", "6m"], "Error: give either --unit UNIT or --all\n"),
    (["--unit", "vp", "--period", "6m", "--year", "2024"],
     "Error: there is no plan for 2024 (plans/2024/plan.yaml); the workspace has plans for: "
     "2025\n"),
])
def test_new_assessment_usage_errors(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                     args: list[str], message: str) -> None:
    before = snapshot_files(mini_workspace)
    result = invoke(mini_workspace, monkeypatch, "new", "assessment", *args)
    assert (result.exit_code, result.output) == (2, message)
    assert snapshot_files(mini_workspace) == before


def test_new_assessment_needs_the_period(mini_workspace: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(mini_workspace, monkeypatch, "new", "assessment", "--unit", "vp")
    assert result.exit_code == 2
    assert result.output == ("Error: missing option --period / -p "
                             "(see 'dvcq new assessment --help')\n")


def test_new_assessment_outside_a_workspace(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(tmp_path, monkeypatch, "new", "assessment", "--all", "--period", "6m")
    assert result.exit_code == 2
    assert result.output.startswith("Error: no dvcq workspace here")


def test_new_assessment_with_a_broken_plan(mini_workspace: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (mini_workspace / "plans/2025/plan.yaml").write_text(
        MINI_PLAN.replace("type: bool", "type: boolean"), encoding="utf-8")
    result = invoke(mini_workspace, monkeypatch, "new", "assessment", "--all", "--period", "6m")
    assert (result.exit_code, result.output) == (
        1, "Error: plans/2025/plan.yaml has 2 error(s); run 'dvcq check' and fix them first\n")


# ---------------------------------------------------------------- never overwrite, even racing
def test_create_new_file_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "plans/2025/6m/vp.yaml"
    write_tree(tmp_path, {"plans/2025/6m/vp.yaml": "old\n"})
    with pytest.raises(new_command.NewError, match="already exists"):
        new_command.create_new_file(path, b"new\n", tmp_path)
    assert path.read_bytes() == b"old\n"
    assert os.listdir(path.parent) == ["vp.yaml"]


def test_create_new_file_without_hard_links(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(source: object, target: object) -> None:
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "a/b.yaml"
    new_command.create_new_file(path, b"x: 1\n", tmp_path)
    assert path.read_bytes() == b"x: 1\n"
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    with pytest.raises(new_command.NewError, match="already exists"):
        new_command.create_new_file(path, b"x: 2\n", tmp_path)
    assert path.read_bytes() == b"x: 1\n"
    assert os.listdir(path.parent) == ["b.yaml"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask



def test_plan_incomplete_without_number_and_date_keys(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plans/2025/plan.yaml": MINI_PLAN.replace("  number: 12\n", "")
               .replace("  date: 2025-01-20\n", "")})
    result = check_workspace(tmp_path, tmp_path)
    assert [(p.line, p.column, p.severity.value, p.code, p.message) for p in result.problems] == [
        (3, 3, "warning", "plan-incomplete",
         "the plan's date of issue is empty; fill it in once the plan is issued "
         "(date: YYYY-MM-DD)"),
        (3, 3, "warning", "plan-incomplete",
         "the plan's document number is empty; fill it in once the plan is issued and "
         "numbered"),
    ]
    assert result.years["2025"].plan is not None  # a warning: the plan is still used
