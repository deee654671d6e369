"""Editor schemas (dvcq_cli.jsonschema, `dvcq schema`) agree with `dvcq check`.

The files under test are validated twice: by `dvcq check` and by the `jsonschema` library
against the generated schema. Both must accept the good files and reject the bad ones.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import MINI_ASSESSMENT, MINI_PLAN, REPO, snapshot_files, write_tree
from typer.testing import CliRunner

from dvcq_cli import jsonschema as editor
from dvcq_cli import loader
from dvcq_cli.check import check_workspace
from dvcq_cli.cli import app
from dvcq_cli.commands import schema_command
from dvcq_cli.model import PLAN, Plan
from dvcq_cli.schema import Context

runner = CliRunner()
SCHEMAS = REPO / "schemas"
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def as_json(value: Any) -> Any:
    """What an editor sees: YAML dates are text (safe_load makes them date objects)."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def schema_errors(schema: dict[str, Any], text: str) -> list[tuple[list[Any], str]]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
    errors = validator.iter_errors(as_json(yaml.safe_load(text)))
    return sorted(((list(error.path), error.validator) for error in errors), key=str)


def mini_plan() -> Plan:
    loaded = loader.load_text(MINI_PLAN, "plan.yaml")
    plan = PLAN.build(loaded.root, Context("plan.yaml"))
    assert isinstance(plan, Plan)
    return plan


# ---------------------------------------------------------------- the committed schemas
def test_committed_schemas_are_current(tmp_path: Path) -> None:
    """Regenerate from plans/ and compare bytes: run `dvcq schema` after changing a plan."""
    written = schema_command.run(REPO, tmp_path)
    assert [Path(item.path).name for item in written] == [
        "plan.schema.json", "synthesis.schema.json", "assessment-2024.schema.json"]
    assert sorted(path.name for path in SCHEMAS.iterdir()) == sorted(
        path.name for path in tmp_path.iterdir())
    for path in tmp_path.iterdir():
        assert (SCHEMAS / path.name).read_bytes() == path.read_bytes(), (
            f"schemas/{path.name} is out of date: run `dvcq schema` in the repository")


def test_schemas_are_valid_draft_2020_12_and_draft_07() -> None:
    """Declared 2020-12; the YAML language server checks loaded schemas against draft-07."""
    for path in SCHEMAS.iterdir():
        schema = json.loads(path.read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == "urn:dvcq:schema:" + path.name.removesuffix(".schema.json")


def test_output_is_deterministic_and_readable() -> None:
    data = editor.dumps(editor.assessment_schema(mini_plan()))
    assert data == editor.dumps(editor.assessment_schema(mini_plan()))
    text = data.decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '"Văn phòng Sở"' in text  # ensure_ascii=False
    assert text.startswith('{\n  "$id": "urn:dvcq:schema:assessment-2025",\n'
                           '  "$schema": "https://json-schema.org/draft/2020-12/schema",\n')
    assert data == (json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True)
                    + "\n").encode()


def test_example_files_pass_check_and_schemas() -> None:
    assert check_workspace(REPO, REPO).problems == []
    plan_schema = json.loads((SCHEMAS / "plan.schema.json").read_text("utf-8"))
    assessment = json.loads((SCHEMAS / "assessment-2024.schema.json").read_text("utf-8"))
    assert schema_errors(plan_schema, (REPO / "plans/2024/plan.yaml").read_text("utf-8")) == []
    files = sorted((REPO / "plans/2024").glob("*/*.yaml"))
    assert len(files) >= 20
    synthesis = json.loads((SCHEMAS / "synthesis.schema.json").read_text("utf-8"))
    for path in files:
        mine = synthesis if path.name == "_bao-cao.yaml" else assessment
        assert schema_errors(mine, path.read_text("utf-8")) == [], path
    assert schema_errors(synthesis, "tasks:\n  \"1\": [a]\nstrenghts: [b]\n") != []


def test_the_quarterly_example_fits_its_schemas() -> None:
    """Grades (computed, so optional and one of the scale's grades), items, scopes, bands and
    consistency rules are in the editor schemas as dvcq check reads them."""
    workspace = REPO / "tests" / "cases" / "quarterly-district" / "workspace"
    text = (workspace / "plans/2024/plan.yaml").read_text("utf-8")
    assert schema_errors(editor.plan_schema(), text) == []
    loaded = loader.load_text(text, "plan.yaml")
    plan = PLAN.build(loaded.root, Context("plan.yaml"))
    assessment = editor.assessment_schema(plan)
    indicators = assessment["properties"]["indicators"]
    assert indicators["properties"]["xep_loai"]["else"]["enum"] == ["tot", "kha", "trung_binh",
                                                                    "yeu"]
    required = [name for rule in indicators["allOf"] for name in rule["required"]]
    assert "diem_dan_van" in required and "xep_loai" not in required
    files = sorted((workspace / "plans/2024").glob("*/*.yaml"))
    assert len(files) == 23
    for path in files:
        assert schema_errors(assessment, path.read_text("utf-8")) == [], path
    wrong = (workspace / "plans/2024/q3/tt_dinh_quan.yaml").read_text("utf-8").replace(
        "xep_loai: tot", "xep_loai: tott")
    assert [path for path, _rule in schema_errors(assessment, wrong)] == [
        ["indicators", "xep_loai"]]


# ---------------------------------------------------------------- what the schema holds
def test_assessment_schema_enumerates_the_plan() -> None:
    schema = editor.assessment_schema(mini_plan())
    props = schema["properties"]
    assert props["unit"] == {
        "type": "string", "enum": ["vp", "tccb", "ccvt"], "description": "Mã đơn vị",
        "errorMessage": "Mã đơn vị không có trong kế hoạch. Chọn một trong: vp, tccb, ccvt",
        "enumDescriptions": ["Văn phòng Sở", "Phòng Tổ chức cán bộ", "Chi cục Văn thư – Lưu trữ"],
        "markdownEnumDescriptions": ["Văn phòng Sở", "Phòng Tổ chức cán bộ",
                                     "Chi cục Văn thư – Lưu trữ"]}
    assert props["period"]["enum"] == ["6m", "q3"]
    assert props["period"]["enumDescriptions"] == ["6 tháng đầu năm 2025", "quý III năm 2025"]
    indicators = props["indicators"]
    assert indicators["allOf"] == [
        {"required": ["dan_van_kheo"], "errorMessage": "Thiếu chỉ số dan_van_kheo (Đạt “Dân vận "
                                                       "khéo”)"},
        {"required": ["qcdc"], "errorMessage": "Thiếu chỉ số qcdc (Thực hiện quy chế dân chủ)"}]
    assert indicators["propertyNames"] == {
        "enum": ["dan_van_kheo", "qcdc"],
        "errorMessage": "Chỉ số này không có trong kế hoạch. Các chỉ số: dan_van_kheo, qcdc"}
    assert indicators["properties"]["dan_van_kheo"] == {
        "type": "boolean", "description": "Đạt “Dân vận khéo”",
        "errorMessage": "Ghi true (có) hoặc false (không), không đặt trong ngoặc kép"}
    assert indicators["properties"]["qcdc"] == {
        "type": "string", "enum": ["tot", "kha", "yeu"], "description": "Thực hiện quy chế dân chủ",
        "errorMessage": "Mức không có trong kế hoạch. Chọn một trong: tot, kha, yeu",
        "enumDescriptions": ["Tốt", "Khá", "Yếu"],
        "markdownEnumDescriptions": ["Tốt", "Khá", "Yếu"]}
    activity = props["activities"]["else"]["items"]["properties"]
    task = activity["task"]
    # Offered in quotes only; `task: 1` accepted all the same, as dvcq check accepts it.
    assert [(s["label"], s["bodyText"], s["description"]) for s in task["defaultSnippets"]] == [
        ('"1"', '"1"', "Nhiệm vụ 1: Tuyên truyền, phổ biến"),
        ('"2"', '"2"', "Nhiệm vụ 2: Thực hiện quy chế dân chủ"),
        ('"2.a"', '"2.a"', "Điểm 2.a: Công khai tài chính")]
    assert (task["then"]["enum"], task["else"]["enum"]) == (["1", "2", "2.a"], [1, 2])
    kind = activity["kind"]
    assert "enum" not in kind and "type" not in kind  # nothing offered but the snippets
    assert kind["else"]["enum"] == ["hoi_nghi"]
    assert [s["label"] for s in kind["defaultSnippets"]] == ["hoi_nghi"]
    assert [rule["required"] for rule in schema["allOf"]] == [
        ["unit"], ["period"], ["submitted"], ["indicators"]]
    assert "additionalProperties" not in schema and "unit" in schema["propertyNames"]["enum"]


def test_markdown_descriptions_are_escaped() -> None:
    plan = mini_plan()._replace(units=[mini_plan().units[0]._replace(name="Phòng *A*_[B]")])
    unit = editor.assessment_schema(plan)["properties"]["unit"]
    assert unit["enumDescriptions"] == ["Phòng *A*_[B]"]
    assert unit["markdownEnumDescriptions"] == ["Phòng \\*A\\*\\_\\[B\\]"]


def test_plan_without_activity_kinds_accepts_no_kind() -> None:
    plan = mini_plan()._replace(activity_kinds={})
    kind = editor.assessment_schema(plan)["properties"]["activities"]["else"]["items"][
        "properties"]["kind"]
    assert kind == {"if": {"type": "null"}, "description": "Loại hoạt động",
                    "errorMessage": "Loại hoạt động không có trong kế hoạch: kế hoạch không "
                                    "khai báo giá trị nào; để trống",
                    "else": {"enum": [], "errorMessage": "Loại hoạt động không có trong kế "
                             "hoạch: kế hoạch không khai báo giá trị nào; để trống"}}


def test_optional() -> None:
    assert editor.optional({"description": "x"}) == {"description": "x"}
    assert editor.optional({"type": "string", "description": "x", "errorMessage": "m"}) == {
        "if": {"type": "null"}, "else": {"type": "string", "errorMessage": "m"},
        "description": "x", "errorMessage": "m"}
    boolean = editor.optional({"type": "boolean"})
    assert [(s["label"], s["description"]) for s in boolean["defaultSnippets"]] == [
        ("true", "có"), ("false", "không")]
    choice = editor.optional({"type": "string", "enum": ["a"], "enumDescriptions": ["A"]})
    assert [(s["label"], s["bodyText"], s["description"]) for s in choice["defaultSnippets"]] == [
        ("a", "a", "A")]


UNSAID = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
          "maxLength", "minItems", "maxItems", "uniqueItems", "oneOf", "not", "format",
          "multipleOf", "minProperties", "maxProperties", "dependencies"}
CHECKED = {"type", "enum", "const", "pattern", "required", "contains", "propertyNames"}


def unsaid_failures(schema: Any, where: str = "#", condition: bool = False) -> list[str]:
    """Places in a schema where an editor would say a failure in its own (English) words:
    a keyword it has no message of ours for, or a check without an `errorMessage`.
    Conditions (`if`) only choose a branch; they are not reported to the user."""
    if not isinstance(schema, dict):
        return []
    found = []
    if not condition:
        if schema.keys() & UNSAID or schema.get("additionalProperties") is False:
            found.append(f"{where}: {sorted(schema.keys() & UNSAID)}")
        if schema.keys() & CHECKED - {"propertyNames"} and not schema.get("errorMessage"):
            found.append(f"{where}: no errorMessage")
    for key in ("items", "additionalProperties", "propertyNames", "if", "then", "else",
                "contains"):
        found += unsaid_failures(schema.get(key), f"{where}/{key}", condition or key == "if")
    for name, sub in schema.get("properties", {}).items():
        found += unsaid_failures(sub, f"{where}/properties/{name}", condition)
    for key in ("allOf", "anyOf"):
        for index, sub in enumerate(schema.get(key, [])):
            found += unsaid_failures(sub, f"{where}/{key}/{index}", condition)
    return found


def test_every_failure_has_a_vietnamese_message() -> None:
    assert unsaid_failures(editor.plan_schema()) == []
    assert unsaid_failures(editor.assessment_schema(mini_plan())) == []
    for path in SCHEMAS.iterdir():
        assert unsaid_failures(json.loads(path.read_text("utf-8"))) == [], path
    # and the check can fail:
    assert unsaid_failures({"properties": {"a": {"type": "integer", "minimum": 0}}}) == [
        "#/properties/a: ['minimum']", "#/properties/a: no errorMessage"]


# ---------------------------------------------------------------- both accept, both reject
def mini_files(assessment: str, name: str = "vp", period: str = "6m") -> dict[str, str]:
    return {"plans/2025/plan.yaml": MINI_PLAN, f"plans/2025/{period}/{name}.yaml": assessment}


VALID = MINI_ASSESSMENT.format(unit="vp")


@pytest.mark.parametrize(("case", "text"), [
    ("as written", VALID),
    ("optional keys left empty", VALID + "signed_by:\nnote:\nstrengths:\n"),
    ("task number without quotes", VALID.replace('task: "2.a"', "task: 1")),
    ("date in quotes", VALID.replace("submitted: 2025-06-10", 'submitted: "2025-06-10"')),
    ("every optional activity key", VALID + "    kind: hoi_nghi\n    participants: 12\n"
     "    evidence: Biên bản\n    highlight: true\n"),
])
def test_good_files_pass_both(tmp_path: Path, case: str, text: str) -> None:
    write_tree(tmp_path, mini_files(text))
    assert check_workspace(tmp_path, tmp_path).problems == [], case
    assert schema_errors(editor.assessment_schema(mini_plan()), text) == [], case


BAD_CASES = [
    # case, file name, text, (line, column, code) from dvcq check, errors from the schema
    ("unknown unit", "vpp", VALID.replace("unit: vp", "unit: vpp"),
     [(1, 7, "ref-unknown")], [(["unit"], "enum")]),
    ("unknown period", "vp", VALID.replace("period: 6m", "period: 9m"),
     [(2, 9, "ref-unknown")], [(["period"], "enum")]),
    ("wrong choice", "vp", VALID.replace("qcdc: tot", "qcdc: tott"),
     [(6, 9, "choice-invalid")], [(["indicators", "qcdc"], "enum")]),
    ("missing indicator", "vp", VALID.replace("  qcdc: tot\n", ""),
     [(5, 3, "indicator-missing")], [(["indicators"], "required")]),
    ("unknown indicator", "vp", VALID.replace("  qcdc: tot\n", "  qcdc: tot\n  so_ccvc: 3\n"),
     [(7, 3, "indicator-unknown")], [(["indicators"], "enum")]),
    ("unknown key", "vp", VALID + "remarks: tốt\n",
     [(11, 1, "key-unknown")], [([], "enum")]),
    ("wrong type", "vp", VALID.replace("dan_van_kheo: true", "dan_van_kheo: 1"),
     [(5, 17, "type-mismatch")], [(["indicators", "dan_van_kheo"], "type")]),
    ("boolean in quotes", "vp", VALID.replace("dan_van_kheo: true", 'dan_van_kheo: "true"'),
     [(5, 17, "type-mismatch")], [(["indicators", "dan_van_kheo"], "type")]),
    ("unknown task", "vp", VALID.replace('task: "2.a"', 'task: "2.b"'),
     [(8, 11, "ref-unknown")], [(["activities", 0, "task"], "enum")]),
    ("submission date missing", "vp", VALID.replace("submitted: 2025-06-10", "submitted:"),
     [(3, 11, "value-missing")], [(["submitted"], "type")]),
    ("not a date", "vp", VALID.replace("submitted: 2025-06-10", "submitted: 10/6/2025"),
     [(3, 12, "type-mismatch")], [(["submitted"], "pattern")]),
    ("not a real date", "vp", VALID.replace("submitted: 2025-06-10", 'submitted: "2025-02-29"'),
     [(3, 12, "value-invalid")], [(["submitted"], "pattern")]),
    ("activity without text", "vp", VALID.replace(
        "    text: Công khai dự toán ngân sách năm 2025\n", ""),
     [(8, 5, "key-missing")], [(["activities", 0], "required")]),
]


@pytest.mark.parametrize(("case", "name", "text", "problems", "errors"), BAD_CASES,
                         ids=[case[0] for case in BAD_CASES])
def test_bad_files_are_rejected_by_both(tmp_path: Path, case: str, name: str, text: str,
                                        problems: list[tuple[int, int, str]],
                                        errors: list[tuple[list[Any], str]]) -> None:
    period = "9m" if case == "unknown period" else "6m"
    write_tree(tmp_path, mini_files(text, name, period))
    found = check_workspace(tmp_path, tmp_path).problems
    assert [(p.line, p.column, p.code) for p in found
            if p.code != "path-mismatch"] == problems
    assert schema_errors(editor.assessment_schema(mini_plan()), text) == errors


def test_plan_schema_rejects_what_check_rejects(tmp_path: Path) -> None:
    schema = editor.plan_schema()
    assert schema_errors(schema, MINI_PLAN) == []
    bad = MINI_PLAN.replace("year: 2025", "year: 2025\nyaer: 2025").replace(
        "type: bool", "type: boolean")
    assert schema_errors(schema, bad) == [
        (["indicators", "dan_van_kheo", "type"], "enum"), ([], "enum")]
    write_tree(tmp_path, {"plans/2025/plan.yaml": bad})
    assert [(p.line, p.code) for p in check_workspace(tmp_path, tmp_path).problems] == [
        (2, "key-unknown"), (51, "choice-invalid")]


def test_new_plan_with_empty_number_and_date_fits_the_plan_schema() -> None:
    text = MINI_PLAN.replace("  number: 12\n", "  number:\n").replace(
        "  date: 2025-01-20\n", "  date: null\n")
    assert schema_errors(editor.plan_schema(), text) == []


# ---------------------------------------------------------------- `dvcq schema`
def test_schema_command(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_workspace / "plans")
    result = runner.invoke(app, ["schema"])
    assert (result.exit_code, result.output) == (
        0, "wrote ../schemas/plan.schema.json\nwrote ../schemas/synthesis.schema.json\n"
           "wrote ../schemas/assessment-2025.schema.json\n")
    written = mini_workspace / "schemas/assessment-2025.schema.json"
    assert written.read_bytes() == editor.dumps(editor.assessment_schema(mini_plan()))
    before = snapshot_files(mini_workspace)
    result = runner.invoke(app, ["schema"])
    assert (result.exit_code, result.output) == (
        0, "../schemas/plan.schema.json is up to date\n"
           "../schemas/synthesis.schema.json is up to date\n"
           "../schemas/assessment-2025.schema.json is up to date\n")
    assert snapshot_files(mini_workspace) == before


def test_schema_command_output_dir_and_year(mini_workspace: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(mini_workspace, {"plans/2026/plan.yaml": MINI_PLAN.replace("year: 2025",
                                                                          "year: 2026")})
    monkeypatch.chdir(mini_workspace)
    result = runner.invoke(app, ["schema", "--output-dir", "out/editor", "--year", "2026"])
    assert (result.exit_code, result.output) == (
        0, "wrote out/editor/plan.schema.json\nwrote out/editor/synthesis.schema.json\n"
           "wrote out/editor/assessment-2026.schema.json\n")
    result = runner.invoke(app, ["schema", "-o", "all"])
    assert result.output.splitlines() == [
        "wrote all/plan.schema.json", "wrote all/synthesis.schema.json",
        "wrote all/assessment-2025.schema.json",
        "wrote all/assessment-2026.schema.json"]


@pytest.mark.parametrize(("files", "args", "code", "message"), [
    ({}, ["--year", "2030"], 2, "Error: there is no plan for 2030 (plans/2030/plan.yaml); the "
     "workspace has plans for: 2025\n"),
    ({"plans/2025/plan.yaml": MINI_PLAN.replace("equals: tot", "equals: good")}, [], 1,
     "Error: plans/2025/plan.yaml has 1 error(s); run 'dvcq check' and fix them first\n"),
])
def test_schema_command_errors(mini_workspace: Path, monkeypatch: pytest.MonkeyPatch,
                               files: dict[str, str], args: list[str], code: int,
                               message: str) -> None:
    write_tree(mini_workspace, files)
    monkeypatch.chdir(mini_workspace)
    result = runner.invoke(app, ["schema", *args])
    assert (result.exit_code, result.output) == (code, message)
    assert not (mini_workspace / "schemas").exists()


def test_schema_command_outside_a_workspace(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: no dvcq workspace here")


# ---------------------------------------------------------------- VS Code
def yaml_ls_glob(pattern: str) -> re.Pattern[str]:
    """How the YAML language server turns a `yaml.schemas` glob into a regular expression."""
    escaped = re.sub(r"[-\\{}+?|^$.,\[\]()#\s]", lambda m: "\\" + m.group(0), pattern)
    return re.compile(escaped.replace("*", ".*") + "$")


def test_vscode_settings_map_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {
        "./schemas/plan.schema.json": ["plans/*/plan.yaml"],
        "./schemas/assessment-2024.schema.json": ["plans/2024/*/*.yaml", "!plans/2024/plan.yaml",
                                                  "!plans/2024/*/_bao-cao.yaml"],
        "./schemas/synthesis.schema.json": ["plans/*/*/_bao-cao.yaml"],
    }
    for schema in mapping:
        assert (REPO / schema).is_file()

    def schemas_for(path: str) -> list[str]:
        uri = "file:///home/user/repo/" + path
        return [schema for schema, globs in mapping.items()
                if any(yaml_ls_glob(glob).search(uri) for glob in globs
                       if not glob.startswith("!"))
                and not any(yaml_ls_glob(glob[1:]).search(uri) for glob in globs
                            if glob.startswith("!"))]

    assert schemas_for("plans/2024/plan.yaml") == ["./schemas/plan.schema.json"]
    assert schemas_for("plans/2024/9m/hctc.yaml") == ["./schemas/assessment-2024.schema.json"]
    assert schemas_for("plans/2024/12m/_bao-cao.yaml") == ["./schemas/synthesis.schema.json"]
    extensions = json.loads((REPO / ".vscode/extensions.json").read_text("utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]
