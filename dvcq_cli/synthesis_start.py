"""The drafter's synthesis as `dvcq new report` starts it: what the units wrote, to condense.

Every section's key is there with no value, and under it, as comments, the material of that
section in the form the file takes: the units' sentences (identical ones merged) with the
ids of the units that wrote them, the activities of each task and point with the
`unit@date` that cites them, and the draft's own opening and section I. A new file changes
nothing in the report: the drafter merges and shortens, removes the '# ' of what is kept,
and `dvcq report` then uses the sections that have a value. Pure: text in, text out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dvcq_cli import periods
from dvcq_cli.jsonschema import SCHEMAS_DIR, SYNTHESIS_SCHEMA_FILE
from dvcq_cli.model import ADDRESSEES, DEFAULT_CAUSE_KIND, OUTSIDE, Activity, Assessment, Plan
from dvcq_cli.scaffold import WIDTH, comment_lines, double_quoted, yaml_scalar

_SECTION_TITLES = {
    "strengths": "III.1. Ưu điểm",
    "shortcomings": "III.2. Hạn chế",
    "causes": "III.2. Nguyên nhân của hạn chế",
    "next_tasks": "IV. Nhiệm vụ trọng tâm kỳ tới",
    "proposals": "V. Đề xuất, kiến nghị",
}


def synthesis_text(plan: Plan, period_id: str, assessments: Mapping[str, Assessment],
                   draft: Mapping[str, Any]) -> str:
    """`assessments`: the period's usable ones by unit; `draft`: what the draft says that
    the drafter may rewrite: the opening, the paragraphs of section I, and in each list
    section the items it makes from the data (not the units' own sentences)."""
    period = plan.periods[period_id]
    preparer = plan.unit(plan.report.prepared_by)
    order = [unit.id for unit in plan.units if unit.id in assessments]
    lines = [
        f"# yaml-language-server: $schema=../../../{SCHEMAS_DIR}/{SYNTHESIS_SCHEMA_FILE}",
        *comment_lines(f"Phần tổng hợp của {preparer.name if preparer else 'đơn vị soạn thảo'} "
                       f"cho báo cáo {period.label} ({period_id}), theo Kế hoạch số "
                       f"{plan.document.symbol}. Tệp do `dvcq new report` tạo từ báo cáo của "
                       f"{len(order)} đơn vị."),
        *comment_lines("Mục nào có giá trị ở đây thì báo cáo dùng thay cho phần dự thảo; mục "
                       "để trống vẫn dùng dự thảo. Số liệu, bảng chỉ tiêu, danh sách đơn vị "
                       "gửi trễ, chưa gửi và phụ lục luôn lấy từ dữ liệu."),
        *comment_lines("Dưới mỗi mục là nội dung các đơn vị đã viết, dưới dạng ghi chú: gộp, "
                       "rút gọn thành lời của cơ quan, rồi bỏ dấu \"# \" ở các dòng giữ lại. "
                       "units: các đơn vị được ghi sau nội dung trong báo cáo; activities: hoạt "
                       "động dẫn chứng, ghi mã đơn vị@ngày. Xong chạy `dvcq check`."),
        "",
        "# Đoạn mở đầu, theo dự thảo:",
        *_commented_value("opening", draft.get("opening", "")),
        "",
        "# I. Công tác lãnh đạo, chỉ đạo (câu về các đơn vị đã gửi, gửi trễ, chưa gửi báo cáo "
        "luôn do dvcq thêm từ dữ liệu), theo dự thảo:",
        "leadership:",
    ]
    for paragraph in draft.get("leadership", ()):
        lines += _commented_item(paragraph, 2)
    lines += ["", *comment_lines("II. Tóm tắt theo nhiệm vụ, nội dung của kế hoạch: một đoạn "
                                 "cho mỗi số hiệu; câu số liệu và danh sách mô hình vẫn lấy từ "
                                 "dữ liệu, đoạn tóm tắt thay cho các hoạt động tiêu biểu."),
              "tasks:"]
    lines += _tasks_block(plan, period_id, assessments, order)
    for name, title in _SECTION_TITLES.items():
        lines += ["", f"# {title}:", f"{name}:"]
        own = draft.get(name, ())
        if own:
            lines.append("  # Dự thảo của dvcq, từ số liệu:")
            for item in own:
                lines += _commented_item(item, 2)
            lines.append("  # Các đơn vị viết:")
        lines += _gathered_block(name, assessments, order)
    return "\n".join(lines) + "\n"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _commented_value(key: str, text: str) -> list[str]:
    """`# key: text`, ready to uncomment; the bare key when there is no text."""
    if not text:
        return [f"{key}:"]
    scalar = yaml_scalar(text, 0)
    return [f"# {key}: {scalar[0]}", *(f"# {line}" for line in scalar[1:])]


def _commented_item(text: str, indent: int, units: Iterable[str] = (),
                    cites: Iterable[str] = (), kind: str | None = None) -> list[str]:
    """`# - text: …` with its `units:`, `activities:` and a cause's `kind:`, ready to
    uncomment."""
    pad = " " * indent
    scalar = yaml_scalar(text, indent + 2)
    lines = [f"{pad}# - text: {scalar[0]}",
             *(f"{pad}#   {line[indent + 2:]}" for line in scalar[1:])]
    units = list(units)
    if units:
        lines.append(f"{pad}#   units: [{', '.join(units)}]")
    cites = list(cites)
    if cites:
        lines.append(f"{pad}#   activities: [{', '.join(cites)}]")
    if kind:
        lines.append(f"{pad}#   kind: {kind}")
    return lines


def _tasks_block(plan: Plan, period_id: str, assessments: Mapping[str, Assessment],
                 order: list[str]) -> list[str]:
    span = periods.window(plan, period_id)
    done: dict[str, list[tuple[str, Activity]]] = {}
    for unit in order:
        for activity in assessments[unit].activities:
            if span is None or span[0] <= activity.date <= span[1]:
                done.setdefault(activity.task, []).append((unit, activity))
    lines: list[str] = []
    for task in plan.tasks:
        for task_id, title in ((task.id, f"{task.id}. {task.title}"),
                               *((point.id, f"{point.id}) {point.text}")
                                 for point in task.points)):
            lines.append("  # " + _shorten(title, WIDTH - 4))
            found = sorted(done.get(task_id, []), key=lambda item: item[1].date)
            if not found:
                lines.append("  # (không có hoạt động ghi riêng cho nhiệm vụ này: xem các điểm)"
                             if task_id == task.id and task.points else
                             "  # (các đơn vị chưa báo cáo hoạt động thuộc nội dung này)")
            for unit, activity in found:
                lines += comment_lines(f"{unit}@{activity.date.isoformat()}: "
                                       f"{' '.join(activity.text.split())}", 2, "#   ", "#     ")
            lines.append(f"  # {double_quoted(task_id)}:")
    return lines


def _gathered_block(name: str, assessments: Mapping[str, Assessment],
                    order: list[str]) -> list[str]:
    """The units' items of one section, identical texts merged, each with its units."""
    found: dict[tuple[str, str | None], tuple[str, list[str], str | None]] = {}
    for unit in order:
        for item in getattr(assessments[unit], name):
            text = " ".join(str(getattr(item, "text", item)).split())
            if not text:
                continue
            # A cause keeps its kind: the same words of two kinds stay two items.
            kind = (getattr(item, "kind", None) or DEFAULT_CAUSE_KIND) \
                if name == "causes" else None
            key = (text.casefold().rstrip(" .;"), kind)
            units = found.setdefault(key, (text, [], getattr(item, "to", None)))[1]
            if unit not in units:
                units.append(unit)
    if not found:
        return ["  # (các đơn vị không nêu nội dung này)"]
    lines: list[str] = []
    for (_key, kind), (text, units, to) in found.items():
        if name == "proposals":
            lines += _addressee_note(to)
        lines += _commented_item(text, 2, units, kind=kind)
    return lines


def _addressee_note(to: str | None) -> list[str]:
    if to is None:
        return ["  # (đơn vị không ghi gửi tới ai)"]
    label = ADDRESSEES.get(to, to)
    if to in OUTSIDE:
        return [f"  # (gửi tới: {label})"]
    return [f"  # (gửi tới: {label}: việc nội bộ, không thuộc mục V)"]
