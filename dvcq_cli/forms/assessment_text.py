"""A checked self-assessment as the YAML file a person would have written.

The usual key order (unit, period, submitted, …; an activity's task, date, kind, text, …),
folded blocks for long text, comments with the labels of ids (the unit's name, each
indicator's label, a task's title, an activity kind's name), NFC text. Written by the same
spec-driven writer as `dvcq new`, so the file reads back to the same assessment.
"""

from __future__ import annotations

import re
from typing import Any

from dvcq_cli.forms.layout import Layout, ListSheet, RowSheet, ordered_fields
from dvcq_cli.model import ASSESSMENT, Assessment, Plan
from dvcq_cli.scaffold import comment_lines, schema_modeline, spec_body
from dvcq_cli.schema import F, LocatedDict, Record

_ITEM = re.compile(r"\[[0-9]+\]")


def assessment_text(plan: Plan, layout: Layout, assessment: Assessment,
                    header: list[str] | None = None) -> str:
    """The file's text; `header`: comment lines to keep at its top (an existing file's)."""
    labels = _labels(layout)

    def comment(path: str, value: Any) -> tuple[list[str], str | None]:
        key = _ITEM.sub("", path)
        if key.startswith("indicators."):
            above = comment_lines(labels.get(key, ""))
            return above, labels.get(f"{key}={value}")
        return [], labels.get(f"{key}={value}")

    def order(spec: Record, path: str) -> list[tuple[str, F]]:
        if not path:
            return list(spec.fields.items())
        prefix = _ITEM.sub("", path) + "."
        return [(key.removeprefix(prefix), field)
                for key, field in ordered_fields(spec, prefix)]

    body = spec_body(ASSESSMENT, _without_grades(plan, assessment), comment, order)
    return "\n".join([*(header or default_header(plan, layout)), *body]) + "\n"


def _without_grades(plan: Plan, assessment: Assessment) -> Assessment:
    """The assessment as a person writes it: grades are computed from their scores by dvcq
    check, so the file does not repeat them."""
    grades = {name for name, indicator in plan.indicators.items() if indicator.type == "grade"}
    if not grades & set(assessment.indicators):
        return assessment
    kept = LocatedDict({name: value for name, value in assessment.indicators.items()
                        if name not in grades})
    kept.where = assessment.indicators.where
    return assessment._replace(indicators=kept)


def default_header(plan: Plan, layout: Layout) -> list[str]:
    symbol = plan.document.symbol if plan.document.number is not None else plan.document.code
    return [
        schema_modeline(plan.year),
        *comment_lines(f"Tự đánh giá kết quả thực hiện công tác Dân vận chính quyền "
                       f"{layout.period_label} — {layout.unit_name} ({layout.unit}), theo Kế "
                       f"hoạch {symbol}."),
        *comment_lines("Nhập từ biểu mẫu bảng tính bằng `dvcq import`."),
    ]


def _labels(layout: Layout) -> dict[str, str]:
    """"key=value" → the label of that value, and "indicators.x" → the indicator's label."""
    labels = {"unit=" + layout.unit: layout.unit_name,
              "period=" + layout.period: layout.period_label}
    for sheet in layout.sheets:
        if isinstance(sheet, RowSheet) and sheet.field is not None:
            for row in sheet.rows:
                key = f"{sheet.field}.{row.key}"
                labels[key] = row.label
                for option in row.column.options:
                    if option.label != option.value and row.column.kind != "bool":
                        labels[f"{key}={option.value}"] = option.label
        elif isinstance(sheet, ListSheet):
            for column in sheet.columns:
                for option in column.options:
                    if option.label != option.value and column.kind != "bool":
                        labels[f"{sheet.field}.{column.key}={option.value}"] = \
                            option.label.split(" – ", 1)[-1]
    return labels
