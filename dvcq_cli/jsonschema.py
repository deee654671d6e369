"""JSON Schemas for editors: the plan file, and the self-assessments of one plan.

The shapes come from the specs in `model.py` (each `Spec` knows its JSON Schema); this module
adds what only a plan knows: the unit ids, period ids, task ids, activity kinds and
indicators of that year, each with its Vietnamese label, so that the YAML extension of
VS Code (redhat.vscode-yaml) completes and underlines as people type.

The schemas are declared as draft 2020-12 and use only keywords that mean the same in draft-07,
because the YAML language server checks the schemas it loads against draft-07. An optional
key left empty (`note:`) is the same as no key for `dvcq check`, so optional keys also accept
null here. Output is deterministic: sorted keys, two-space indent, a final newline.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from dvcq_cli.model import ASSESSMENT, PLAN, Plan
from dvcq_cli.rules.assessment import indicator_spec
from dvcq_cli.schema import ListOf, MapOf, Record, Spec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIR = "schemas"  # beside plans/; where `dvcq schema` writes and modelines point
PLAN_SCHEMA_FILE = "plan.schema.json"
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


def assessment_schema(plan: Plan) -> dict[str, Any]:
    """The schema of the self-assessments of one plan: its units, periods, tasks, indicators."""
    schema = copy.deepcopy(ASSESSMENT.json_schema())
    props = schema["properties"]
    props["unit"] = id_choice([unit.id for unit in plan.units],
                              [unit.name for unit in plan.units], props["unit"].get("description"))
    props["period"] = id_choice(list(plan.periods),
                                [period.label for period in plan.periods.values()],
                                props["period"].get("description"))
    props["indicators"] = indicators_schema(plan, props["indicators"].get("description"))
    activity = props["activities"]["items"]["properties"]
    task_ids, task_titles = _tasks(plan)
    activity["task"] = id_choice(task_ids, task_titles, activity["task"].get("description"))
    activity["kind"] = id_choice(list(plan.activity_kinds), list(plan.activity_kinds.values()),
                                 activity["kind"].get("description"))
    _allow_empty_optionals(ASSESSMENT, schema)
    symbol = plan.document.symbol if plan.document.number is not None else plan.document.code
    return _document(schema, assessment_schema_file(plan.year),
                     f"dvcq: tự đánh giá của đơn vị theo Kế hoạch {symbol} năm {plan.year}")


def indicators_schema(plan: Plan, description: str | None = None) -> dict[str, Any]:
    """One property per indicator of the plan, typed as the plan declares it."""
    properties: dict[str, Any] = {}
    for name, indicator in plan.indicators.items():
        choices = plan.choices_of(indicator)
        if choices is not None:
            value = id_choice(list(choices), list(choices.values()), indicator.label)
        else:
            value = indicator_spec(indicator).json_schema()
        if not indicator.is_reported:
            value = nullable(value)
        properties[name] = value
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    required = [name for name, indicator in plan.indicators.items() if indicator.is_reported]
    if required:
        schema["required"] = required
    if description:
        schema["description"] = description
    return schema


def id_choice(ids: list[str], labels: list[str], description: str | None = None
              ) -> dict[str, Any]:
    """One of the given ids, each described by its label.

    An id made of digits only ("1", a task) is also accepted as a number, as `dvcq check`
    accepts `task: 1` written without quotes. No ids at all: only an empty value fits.
    """
    if not ids:
        schema: dict[str, Any] = {"type": "null"}
    else:
        numbers = [int(value) for value in ids if _DIGITS.match(value)]
        labels = [_one_line(label) for label in labels]
        schema = {"type": ["string", "integer"] if numbers else "string",
                  "enum": [*ids, *numbers]}
        schema.update(_enum_descriptions(
            labels + [label for value, label in zip(ids, labels, strict=True)
                            if _DIGITS.match(value)]))
    if description:
        schema["description"] = description
    return schema


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema, also accepting null (an empty value)."""
    schema = dict(schema)
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if "null" not in kinds:
            schema["type"] = [*kinds, "null"]
        if "enum" in schema and None not in schema["enum"]:
            _append_enum(schema, None, "(để trống)")
    elif "enum" in schema:
        if None not in schema["enum"]:
            _append_enum(schema, None, "(để trống)")
    elif "oneOf" in schema:
        schema["oneOf"] = [*schema["oneOf"], {"type": "null"}]
    elif schema.keys() - {"description"}:
        description = schema.pop("description", None)
        schema = {"anyOf": [schema, {"type": "null"}]}
        if description:
            schema["description"] = description
    return schema


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
                properties[name] = nullable(properties[name])
    elif isinstance(spec, ListOf):
        for variant in schema.get("oneOf", [schema]):
            if variant.get("type") == "array":
                _allow_empty_optionals(spec.item, variant.get("items"))
            else:
                _allow_empty_optionals(spec.item, variant)
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


def _append_enum(schema: dict[str, Any], value: Any, label: str) -> None:
    schema["enum"] = [*schema["enum"], value]
    for key in ("enumDescriptions", "markdownEnumDescriptions"):
        if key in schema:
            schema[key] = [*schema[key], label]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


_DIGITS = re.compile(r"[0-9]+\Z")
_MARKDOWN = re.compile(r"[\\`*_{}\[\]<>#|]")
