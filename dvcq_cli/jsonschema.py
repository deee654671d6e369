"""JSON Schemas for editors: the plan file, the self-assessments of one plan, and the
drafter's synthesis of a period's report (`_bao-cao.yaml`).

The shapes come from the specs in `model.py` (each `Spec` knows its JSON Schema); this module
adds what only a plan knows: the unit ids, period ids, task ids, activity kinds and
indicators of that year, each with its Vietnamese label, so that the YAML extension of
VS Code (redhat.vscode-yaml) completes and underlines as people type.

The schemas are declared as draft 2020-12 and use only keywords that mean the same in draft-07,
because the YAML language server checks the schemas it loads against draft-07. An optional
key left empty (`note:`) is the same as no key for `dvcq check`, so optional keys also accept
null here. Output is deterministic: sorted keys, two-space indent, a final newline.

What the editor says is written for the people who fill in the files: every schema that can
fail has an `errorMessage` in Vietnamese, which the YAML language server shows instead of its
own English message (it honours it for `type`, `enum`, `const`, `pattern`, `format`,
`required`, `contains` and `additionalProperties`/`properties: false`; not for `minimum`,
`maximum`, `minLength`, `minItems` or `oneOf`, which are therefore written another way, see
`schema.within`), and alternatives (`anyOf`/`oneOf`) are avoided, since the server rewrites the
messages of competing alternatives in English. Completion offers only what `dvcq check`
accepts, written as it should be: task ids in quotes, no `null`.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from dvcq_cli.model import ASSESSMENT, PLAN, Plan
from dvcq_cli.rules.assessment import indicator_spec
from dvcq_cli.schema import ListOf, MapOf, Record, Spec, fails
from dvcq_cli.synthesis import SYNTHESIS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIR = "schemas"  # beside plans/; where `dvcq schema` writes and modelines point
PLAN_SCHEMA_FILE = "plan.schema.json"
SYNTHESIS_SCHEMA_FILE = "synthesis.schema.json"
ID_PREFIX = "urn:dvcq:schema:"


def assessment_schema_file(year: int | str) -> str:
    """`assessment-2024.schema.json`: the file name of one year's assessment schema."""
    return f"assessment-{year}.schema.json"


def editor_schema(spec: Spec) -> dict[str, Any]:
    """The spec's JSON Schema, with optional keys also accepting null."""
    schema = copy.deepcopy(spec.json_schema())
    _allow_empty_optionals(spec, schema)
    return schema


def plan_schema() -> dict[str, Any]:
    """The schema of every `plans/<year>/plan.yaml`."""
    return _document(editor_schema(PLAN), PLAN_SCHEMA_FILE,
                     "dvcq: kế hoạch công tác Dân vận chính quyền (plans/<năm>/plan.yaml)")


def synthesis_schema() -> dict[str, Any]:
    """The schema of every `plans/<year>/<period>/_bao-cao.yaml`: its shape (the ids it cites
    are checked by `dvcq check`, against the plan and the period's files)."""
    return _document(editor_schema(SYNTHESIS), SYNTHESIS_SCHEMA_FILE,
                     "dvcq: phần tổng hợp của người soạn báo cáo "
                     "(plans/<năm>/<kỳ>/_bao-cao.yaml)")


def assessment_schema(plan: Plan) -> dict[str, Any]:
    """The schema of the self-assessments of one plan: its units, periods, tasks, indicators."""
    schema = copy.deepcopy(ASSESSMENT.json_schema())
    props = schema["properties"]
    props["unit"] = id_choice([unit.id for unit in plan.units],
                              [unit.name for unit in plan.units], props["unit"].get("description"),
                              "Mã đơn vị không có trong kế hoạch")
    props["period"] = id_choice(list(plan.periods),
                                [period.label for period in plan.periods.values()],
                                props["period"].get("description"),
                                "Kỳ báo cáo không có trong kế hoạch")
    props["indicators"] = indicators_schema(plan, props["indicators"].get("description"))
    activity = props["activities"]["items"]["properties"]
    task_ids, task_titles = _tasks(plan)
    activity["task"] = id_choice(task_ids, task_titles, activity["task"].get("description"),
                                 "Nhiệm vụ không có trong kế hoạch")
    kinds = list(plan.activity_kinds)
    activity["kind"] = id_choice(kinds, [plan.kind_label(kind) for kind in kinds],
                                 activity["kind"].get("description"),
                                 "Loại hoạt động không có trong kế hoạch")
    targets = [target.id for target in plan.targets]
    for field in ("strengths", "shortcomings", "causes", "next_tasks"):
        for remark in _records_in(props[field]):  # a remark may name its task or target
            remark["task"] = id_choice(task_ids, task_titles, remark["task"].get("description"),
                                       "Nhiệm vụ không có trong kế hoạch")
            remark["target"] = id_choice(targets, [target.short for target in plan.targets],
                                         remark["target"].get("description"),
                                         "Chỉ tiêu không có trong kế hoạch")
    _allow_empty_optionals(ASSESSMENT, schema)
    return _document(schema, assessment_schema_file(plan.year),
                     f"dvcq: tự đánh giá của đơn vị theo Kế hoạch số {plan.document.symbol} "
                     f"năm {plan.year}")


def _records_in(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The `properties` of every mapping a list of texts-or-records accepts (an item alone,
    or each item of the list)."""
    found = []
    for option in schema.get("anyOf", []):
        if option.get("type") == "object":
            found.append(option["properties"])
        elif option.get("type") == "array":
            found += _records_in(option["items"])
    return found


def indicators_schema(plan: Plan, description: str | None = None) -> dict[str, Any]:
    """One property per indicator of the plan, typed as the plan declares it."""
    properties: dict[str, Any] = {}
    for name, indicator in plan.indicators.items():
        choices = plan.choices_of(indicator)  # a choice's, or a grade's scale
        if choices is not None:
            value = id_choice(list(choices), list(choices.values()), indicator.label,
                              "Mức không có trong kế hoạch")
        else:
            value = indicator_spec(indicator).json_schema()
        if not indicator.is_reported:  # optional, or a grade (computed from its score)
            value = optional(value)
        properties[name] = value
    names = list(plan.indicators)
    schema: dict[str, Any] = {
        "type": "object", "properties": properties,
        "propertyNames": {"enum": names, "errorMessage": (
            "Chỉ số này không có trong kế hoạch. Các chỉ số: " + ", ".join(names))},
        "errorMessage": "Cần các dòng 'chỉ số: giá trị'"}
    required = [{"required": [name], "errorMessage": f"Thiếu chỉ số {name} ({indicator.label})"}
                for name, indicator in plan.indicators.items() if indicator.is_reported]
    if required:
        schema["allOf"] = required
    if description:
        schema["description"] = description
    return schema


def id_choice(ids: list[str], labels: list[str], description: str | None = None,
              unknown: str = "Không có trong kế hoạch") -> dict[str, Any]:
    """One of the given ids, each described by its label; `unknown` starts the message for
    any other value, which goes on with the ids to choose from.

    An id made of digits only ("1", a task) is also accepted as a number, as `dvcq check`
    accepts `task: 1` written without quotes, but only the quoted form is offered: the ids
    are then offered as snippets (`defaultSnippets`) and checked in a condition (`if`),
    which editors do not offer from. No ids at all: only an empty value fits.
    """
    message = f"{unknown}. Chọn một trong: {', '.join(ids)}"
    if not ids:
        schema: dict[str, Any] = fails(f"{unknown}: kế hoạch không khai báo giá trị nào; để "
                                       "trống")
    elif not any(_DIGITS.match(value) for value in ids):
        schema = {"type": "string", "enum": list(ids), "errorMessage": message,
                  **_enum_descriptions(labels)}
    else:
        numbers = [int(value) for value in ids if _DIGITS.match(value)]
        schema = {"type": ["string", "integer"], "errorMessage": message,
                  "defaultSnippets": _snippets(ids, labels, quoted=True),
                  "if": {"type": "string"},
                  "then": {"enum": list(ids), "errorMessage": message,
                           **_enum_descriptions(labels)},
                  "else": {"enum": numbers, "errorMessage": message}}
    if description:
        schema["description"] = description
    return schema


def optional(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema, also accepting an empty value (null), as `dvcq check` does for an
    optional key left empty; null itself is never offered.

    Editors offer `null` for any schema whose `type` holds it, and the values of its
    `enum`: the schema is kept as the `else` of a condition on null, and the values it
    would offer (enum values, true and false) become snippets."""
    if not schema.keys() - {"description"}:
        return schema
    description = schema.get("description")
    inner = {key: value for key, value in schema.items() if key != "description"}
    wrapped: dict[str, Any] = {"if": {"type": "null"}, "else": inner}
    offers = _offers(inner)
    if offers:
        wrapped["defaultSnippets"] = offers
    if "errorMessage" in inner:
        wrapped["errorMessage"] = inner["errorMessage"]
    if description:
        wrapped["description"] = description
    return wrapped


def _offers(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """What an editor offered for `schema` (its enum values, or true and false), as
    snippets."""
    if "defaultSnippets" in schema:
        return schema["defaultSnippets"]  # type: ignore[no-any-return]
    if "enum" in schema:
        return _snippets([str(value) for value in schema["enum"]],
                         schema.get("enumDescriptions", []), quoted=False)
    if schema.get("type") == "boolean":
        return _snippets(["true", "false"], ["có", "không"], quoted=False)
    return []


def _snippets(values: list[str], labels: list[str], quoted: bool) -> list[dict[str, Any]]:
    """Completion items for values: the value as written (task ids in quotes), its label."""
    snippets = []
    for index, value in enumerate(values):
        text = f'"{value}"' if quoted else value
        snippet: dict[str, Any] = {"label": text, "bodyText": text, "suggestionKind": 12}
        if index < len(labels):
            label = _one_line(labels[index])
            snippet["description"] = label
            snippet["markdownDescription"] = _MARKDOWN.sub(r"\\\g<0>", label)
        snippets.append(snippet)
    return snippets


def dumps(schema: dict[str, Any]) -> bytes:
    """The file's bytes: sorted keys, readable Vietnamese, two-space indent, final newline."""
    return (json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _document(schema: dict[str, Any], file_name: str, title: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": ID_PREFIX + file_name.removesuffix(".schema.json"),
            "title": title, **schema}


def _allow_empty_optionals(spec: Spec, schema: Any) -> None:
    """Walk the spec and its schema together; make every optional key accept null."""
    if not isinstance(schema, dict):
        return
    if isinstance(spec, Record):
        properties = schema.get("properties", {})
        for name, field in spec.fields.items():
            if name not in properties:
                continue
            _allow_empty_optionals(field.spec, properties[name])
            if not field.required:
                properties[name] = optional(properties[name])
    elif isinstance(spec, ListOf):
        _allow_empty_optionals(spec.item, schema.get("items"))
    elif isinstance(spec, MapOf):
        _allow_empty_optionals(spec.value, schema.get("additionalProperties"))


def _tasks(plan: Plan) -> tuple[list[str], list[str]]:
    ids: list[str] = []
    titles: list[str] = []
    for task in plan.tasks:
        ids.append(task.id)
        titles.append(f"Nhiệm vụ {task.id}: {task.title}")
        for point in task.points:
            ids.append(point.id)
            titles.append(f"Điểm {point.id}: {point.text}")
    return ids, titles


def _enum_descriptions(labels: list[str]) -> dict[str, list[str]]:
    labels = [_one_line(label) for label in labels]
    return {"enumDescriptions": labels,
            "markdownEnumDescriptions": [_MARKDOWN.sub(r"\\\g<0>", label) for label in labels]}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


_DIGITS = re.compile(r"[0-9]+\Z")
_MARKDOWN = re.compile(r"[\\`*_{}\[\]<>#|]")
