"""The text of new files: a unit's self-assessment to fill in, and next year's plan.

Files are written as YAML text in the workspace's own dialect (block style, task ids in
quotes, ISO dates, true/false, comments), never by yaml.dump: what people open must look like
what they would write by hand. Every scalar is checked by reading it back with dvcq's loader,
and quoted when the plain form would be read differently.

Comments inside the files are Vietnamese, like the files they sit in; they are part of the
document the user edits, not messages of the tool.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Context as DecimalContext
from decimal import Decimal
from fractions import Fraction
from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from dvcq_cli import loader, periods, scalars
from dvcq_cli.jsonschema import SCHEMAS_DIR, assessment_schema_file
from dvcq_cli.model import ASSESSMENT, DEFAULT_COUNTS, PLAN, Indicator, Plan
from dvcq_cli.schema import (
    CountsText,
    F,
    ListOf,
    LocatedDict,
    MapOf,
    Percent,
    Record,
    Spec,
    TaskId,
    TextOrRecord,
)

WIDTH = 100


def schema_modeline(year: int | str) -> str:
    """The modeline that points the YAML extension at the year's schema, from plans/Y/P/U.yaml."""
    return f"# yaml-language-server: $schema=../../../{SCHEMAS_DIR}/{assessment_schema_file(year)}"


# ---------------------------------------------------------------- scalars
def yaml_scalar(text: str, indent: int = 0, room: int = WIDTH) -> list[str]:
    """A text as YAML: plain when it reads back the same, folded when long, else quoted.

    The first element goes after `key: ` or `- `; the others are continuation lines,
    already indented two more than `indent` (the column of the key or dash).
    """
    single = "\n" not in text and "\r" not in text
    if single and len(text) <= room:
        return [text] if _reads_back([text], text) else [double_quoted(text)]
    if single and _foldable(text):
        folded = [">-", *(" " * (indent + 2) + line
                          for line in _wrap(text, max(WIDTH - indent - 2, 40)))]
        if _reads_back(folded, text):
            return folded
    if single and _reads_back([text], text):
        return [text]
    if not single and "\r" not in text and "\t" not in text:
        literal = ["|-", *((" " * (indent + 2) + line) if line else ""
                           for line in text.split("\n"))]
        if _reads_back(literal, text):
            return literal
    return [double_quoted(text)]


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back exactly: what is not printable is escaped."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char.isprintable() and char not in "\ufeff":
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02X}" if code < 0x100 else
                       f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}")
    out.append('"')
    return "".join(out)


def yaml_key(name: str) -> str:
    """A mapping key, quoted only when a plain key would be read as something else."""
    return name if _reads_back([name], name) else double_quoted(name)


def _reads_back(lines: list[str], text: str) -> bool:
    loaded = loader.load_text("k: " + "\n".join(lines) + "\n", "<scalar>")
    root = loaded.root
    if not isinstance(root, MappingNode) or len(root.value) != 1:
        return False
    node = root.value[0][1]
    if not isinstance(node, ScalarNode) or node.value != text:
        return False
    return not scalars.is_plain(node) or scalars.plain_value(node) == text


def _foldable(text: str) -> bool:
    return (text == text.strip() and "  " not in text and "\t" not in text
            and not text.startswith(("#", "-", "?", ":")))


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _decimal(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    context = DecimalContext(prec=50)
    exact = context.divide(Decimal(value.numerator), Decimal(value.denominator))
    return format(exact.normalize(context), "f")


def _float(value: float) -> str:
    text = repr(value)
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}e{exponent}" if exponent else mantissa


def comment_lines(text: str, indent: int = 0, first: str = "# ", rest: str = "#   ") -> list[str]:
    """A comment wrapped to the width; continuation lines indented under the first."""
    pad = " " * indent
    words = " ".join(text.split())
    wrapped = _wrap(words, max(WIDTH - indent - max(len(first), len(rest)), 40))
    return [pad + first + wrapped[0], *(pad + rest + line for line in wrapped[1:])]


# ---------------------------------------------------------------- records → YAML text
@dataclass(frozen=True)
class Mention:
    """A text of the new file that still names a year: where it is, to be reviewed."""

    path: str
    line: int


# Comments a writer adds about a value: lines above its key, and a note after it.
Commenter = Callable[[str, Any], tuple[list[str], str | None]]
# The fields of a record in the order they are written (by default the spec's order).
FieldOrder = Callable[[Record, str], list[tuple[str, F]]]


class _Writer:
    """Writes a model object as block-style YAML, driven by its declared spec.

    `comment` and `order`, when given, receive a field's path: "indicators.qcdc",
    "activities[2].task" (and "activities" for the list's record)."""

    def __init__(self, nulls: dict[str, str], watch: re.Pattern[str] | None,
                 section_comments: bool, comment: Commenter | None = None,
                 order: FieldOrder | None = None) -> None:
        self.lines: list[str] = []
        self.nulls = nulls
        self.watch = watch
        self.section_comments = section_comments
        self.comment = comment
        self.order = order
        self.mentions: list[tuple[str, int]] = []  # path, index of the line in self.lines

    def record(self, spec: Record, obj: Any, indent: int, path: str) -> None:
        fields = self.order(spec, path) if self.order else list(spec.fields.items())
        unwritten = spec.unwritten(obj)
        for name, field in fields:
            if name in unwritten:
                continue
            value = getattr(obj, field.attr or name)
            sub = f"{path}.{name}" if path else name
            if value is None and sub in self.nulls:
                self._section(field, indent)
                self.lines.append(f"{' ' * indent}{yaml_key(name)}: null  # {self.nulls[sub]}")
                continue
            if value is None or (not field.required and _is_default(field, value)):
                continue
            self._section(field, indent)
            self.field(name, field.spec, value, indent, sub)

    def _section(self, field: F, indent: int) -> None:
        if indent == 0 and self.section_comments:
            if self.lines:
                self.lines.append("")
            if field.spec.description:
                self.lines.extend(comment_lines(field.spec.description))

    def field(self, name: str, spec: Spec, value: Any, indent: int, path: str) -> None:
        pad = " " * indent
        key = yaml_key(name)
        if isinstance(spec, TextOrRecord):
            spec, value = _text_alone(spec, value)
        if isinstance(spec, CountsText) and value == "":
            self.lines.append(f"{pad}{key}: false")  # counts nothing
            return
        if isinstance(spec, Record):
            start = len(self.lines)
            self.lines.append(f"{pad}{key}:")
            self.record(spec, value, indent + 2, path)
            if len(self.lines) == start + 1:
                self.lines[start] += " {}"
        elif isinstance(spec, ListOf):
            if not value:
                self.lines.append(f"{pad}{key}: []")
                return
            self.lines.append(f"{pad}{key}:")
            for number, item in enumerate(value, start=1):
                self.item(spec.item, item, indent + 2, f"{path}[{number}]")
        elif isinstance(spec, MapOf):
            if not value:
                self.lines.append(f"{pad}{key}: {{}}")
                return
            self.lines.append(f"{pad}{key}:")
            for item_key, item in value.items():
                self.field(str(item_key), spec.value, item, indent + 2, f"{path}.{item_key}")
        else:
            above, after = self.comment(path, value) if self.comment else ([], None)
            self.lines.extend(pad + line for line in above)
            parts = self.scalar(spec, value, indent, WIDTH - indent - len(key) - 2, path)
            line = f"{pad}{key}: {parts[0]}"
            room = WIDTH - len(line) - 4
            if after and len(parts) == 1 and room >= 10:
                line += "  # " + _shorten(after, room)
            self.lines.append(line)
            self.lines.extend(parts[1:])

    def item(self, spec: Spec, value: Any, indent: int, path: str) -> None:
        pad = " " * indent
        if isinstance(spec, TextOrRecord):
            spec, value = _text_alone(spec, value)
        if isinstance(spec, Record):
            start = len(self.lines)
            self.record(spec, value, indent + 2, path)
            if len(self.lines) == start:
                self.lines.append(f"{pad}- {{}}")
            else:
                self.lines[start] = f"{pad}- {self.lines[start][indent + 2:]}"
        elif isinstance(spec, (ListOf, MapOf)):
            raise TypeError("nested collections are not part of the file formats")
        else:
            parts = self.scalar(spec, value, indent, WIDTH - indent - 2, path)
            self.lines.append(f"{pad}- {parts[0]}")
            self.lines.extend(parts[1:])

    def scalar(self, spec: Spec, value: Any, indent: int, room: int, path: str) -> list[str]:
        if isinstance(spec, TaskId):
            return [double_quoted(str(value))]
        if isinstance(value, bool):
            return ["true" if value else "false"]
        if isinstance(value, Percent):
            return [_decimal(value.value * 100) + "%"]
        if isinstance(value, int):
            return [str(value)]
        if isinstance(value, Fraction):
            return [_decimal(value)]
        if isinstance(value, float):
            return [_float(value)]
        if isinstance(value, date):
            return [value.isoformat()]
        text = str(value)
        if self.watch is not None and self.watch.search(text):
            self.mentions.append((path, len(self.lines)))
        return yaml_scalar(text, indent, room)


def _counted_note(counted: str) -> str:
    """What an activity's `count` means for a kind, when it is not people attending."""
    if counted == DEFAULT_COUNTS:
        return ""
    return f"; count: số {counted}" if counted else "; không ghi count"


def _text_alone(spec: TextOrRecord, value: Any) -> tuple[Spec, Any]:
    """A record that says no more than its text is written as the text alone."""
    text = spec.text_field
    only_text = all(_is_default(field, getattr(value, field.attr or name))
                    for name, field in spec.record.fields.items() if name != text)
    if only_text:
        return spec.record.fields[text].spec, getattr(value, text)
    return spec.record, value


def _is_default(field: F, value: Any) -> bool:
    default = field.default_factory() if field.default_factory is not None else field.default
    return bool(bare(value) == bare(default))


def bare(value: Any) -> Any:
    """A model value without its positions (`where`), for comparing what two files say."""
    fields = getattr(value, "_fields", None)
    if isinstance(value, tuple) and fields is not None:
        return tuple(bare(getattr(value, name)) for name in fields if name != "where")
    if isinstance(value, list):
        return [bare(item) for item in value]
    if isinstance(value, dict):
        return {key: bare(item) for key, item in value.items()}
    return value


def spec_body(spec: Record, obj: Any, comment: Commenter | None = None,
              order: FieldOrder | None = None) -> list[str]:
    """A model object as YAML lines, with comments and in a field order of the caller's."""
    writer = _Writer({}, None, section_comments=False, comment=comment, order=order)
    writer.record(spec, obj, 0, "")
    return writer.lines


def plan_body(plan: Plan, nulls: dict[str, str] | None = None, watch_year: int | None = None
              ) -> tuple[list[str], list[tuple[str, int]]]:
    """The plan as YAML lines (no header), and the texts that name `watch_year`."""
    watch = re.compile(rf"(?<![0-9]){watch_year}(?![0-9])") if watch_year else None
    writer = _Writer(nulls or {}, watch, section_comments=True)
    writer.record(PLAN, plan, 0, "")
    return writer.lines, writer.mentions


# ---------------------------------------------------------------- next year's plan
@dataclass(frozen=True)
class NewPlan:
    plan: Plan
    text: str
    mentions: list[Mention]


_CLEARED = {
    "document.number": "số văn bản: điền khi kế hoạch được cấp số",
    "document.date": "ngày ban hành, dạng YYYY-MM-DD",
}


def carry_over(plan: Plan, year: int) -> Plan:
    """The plan moved to `year`: windows and deadlines shifted, number and date cleared."""
    shift = year - plan.year
    old = _year_pattern(plan.year)
    moved = LocatedDict()
    for period_id, period in plan.periods.items():
        moved[period_id] = period._replace(
            label=old.sub(str(year), period.label),
            start=_shift(period.start, shift), end=_shift(period.end, shift),
            submit_by=_shift(period.submit_by, shift), report_by=_shift(period.report_by, shift))
    document = plan.document._replace(number=None, date=None,
                                        title=old.sub(str(year), plan.document.title))
    return plan._replace(year=year, document=document, periods=moved)


def new_plan(plan: Plan, year: int, source: str) -> NewPlan:
    """Next year's plan file: `plan` carried over to `year`, with a header saying what to do."""
    moved = carry_over(plan, year)
    body, found = plan_body(moved, _CLEARED, plan.year)
    # The header lists the mentions, one line each: its length is known before their lines.
    draft = _plan_header(moved, plan.year, source, [Mention(path, 0) for path, _ in found])
    offset = len(draft) + 2  # the blank line after the header, and 1-based line numbers
    mentions = [Mention(path, index + offset) for path, index in found]
    header = _plan_header(moved, plan.year, source, mentions)
    return NewPlan(moved, "\n".join([*header, "", *body]) + "\n", mentions)


def _plan_header(plan: Plan, old_year: int, source: str, mentions: list[Mention]) -> list[str]:
    year = plan.year
    lines = [
        f"# Kế hoạch công tác Dân vận chính quyền năm {year} — BẢN NHÁP.",
        *comment_lines(f"Tạo bằng `dvcq new plan --year {year} --from {old_year}` từ {source}: "
                       f"giữ nguyên đơn vị, chỉ số, chỉ tiêu, nhiệm vụ và các nội dung khác; "
                       f"chuyển năm, trích yếu (title), tên kỳ, thời gian chốt số liệu và các hạn "
                       f"gửi sang năm {year}."),
        *comment_lines("CẦN ĐIỀN khi kế hoạch được ban hành: số văn bản (document.number) và ngày "
                       "ban hành (document.date). Trước đó `dvcq check` cảnh báo plan-incomplete "
                       "và `dvcq check --strict` không đạt."),
    ]
    if mentions:
        lines.append(f"# CẦN XEM LẠI các đoạn còn nhắc năm {old_year}:")
        lines.extend(f"#   - {mention.path} (dòng {mention.line})" for mention in mentions)
    return lines


def _year_pattern(year: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9]){year}(?![0-9])")


def _shift(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


# ---------------------------------------------------------------- a unit's self-assessment
def assessment_text(plan: Plan, unit_id: str, period_id: str) -> str:
    """A self-assessment to fill in: every key present, values left empty (null).

    Empty required values make `dvcq check` report `value-missing` until they are filled
    in: the file is a form, valid only once completed.
    """
    unit = plan.unit(unit_id)
    period = plan.periods[period_id]
    if unit is None:
        raise KeyError(unit_id)
    descriptions = {name: field.spec.description for name, field in ASSESSMENT.fields.items()}
    lines = [
        schema_modeline(plan.year),
        *comment_lines(f"Tự đánh giá kết quả thực hiện công tác Dân vận chính quyền "
                       f"{period.label} — {unit.name} ({unit.id}), theo Kế hoạch số "
                       f"{plan.document.symbol}."),
        *comment_lines("Tệp do `dvcq new assessment` tạo: thay các giá trị null bằng số liệu của "
                       "đơn vị rồi chạy `dvcq check`. Tệp chỉ hợp lệ khi đã điền ngày gửi và đủ "
                       "các chỉ số bắt buộc."),
        f"unit: {yaml_scalar(unit.id)[0]}",
        f"period: {yaml_scalar(period_id)[0]}",
        "submitted: null  # ngày gửi, dạng YYYY-MM-DD" + (
            f" (hạn gửi: {period.submit_by.isoformat()})" if period.submit_by else ""),
        f"signed_by: null  # {descriptions['signed_by']} (không bắt buộc)",
        "",
        f"# {descriptions['indicators']}: thay null bằng giá trị.",
        "indicators:",
    ]
    for name, indicator in plan.indicators.items():
        if indicator.type == "grade":
            # Computed from its score: a form that asks for it would invite a second opinion.
            lines.extend(comment_lines(f"{indicator.label}: dvcq tự xếp loại theo "
                                       f"{indicator.score}, không cần ghi.", 2))
            continue
        lines.extend(comment_lines(f"{indicator.label} — {_allowed(indicator)}", 2))
        lines.append(f"  {yaml_key(name)}: null")
    lines.append("")
    lines.extend(_activities_block(plan, period_id))
    lines.append("")
    scores = _scores_block(plan, period_id)
    if scores:
        lines.extend([*scores, ""])
    for name in ("strengths", "shortcomings", "causes", "proposals", "next_tasks"):
        lines.append(f"{name}:  # {descriptions[name]}: mỗi ý một dòng \"  - …\"")
    lines.append(f"note:  # {descriptions['note']} (không bắt buộc)")
    return "\n".join(lines) + "\n"


def _scores_block(plan: Plan, period_id: str) -> list[str]:
    """In the scoring period: every criterion the unit scores, its points left empty."""
    scoring = plan.scoring
    if scoring is None or scoring.criteria_set is None or scoring.period != period_id:
        return []
    criteria_set = scoring.criteria_set
    lines = comment_lines(
        f"Tự chấm điểm theo {criteria_set.citation()}: thay null bằng số điểm; ghi giải "
        "trình (explanation) và tài liệu kiểm chứng (evidence: số, ký hiệu văn bản hoặc tên "
        "tệp, mỗi dòng \"- …\"). Điểm thưởng (bonus), điểm trừ (deductions) và điều kiện hạn "
        "chế xếp loại (conditions) ghi thêm nếu có (xem README, mục chấm điểm).")
    lines += ["scores:", "  criteria:"]
    for criterion in criteria_set.criteria():
        if criterion.by_reviewer:
            continue
        lines.extend(comment_lines(
            f"{criterion.title} (tối đa {_decimal(criterion.max)} điểm)", 4))
        lines += [f"    {yaml_key(criterion.id)}:", "      points: null",
                  "      explanation: null", "      evidence:"]
        for evidence in criterion.evidence:
            lines.extend(comment_lines(evidence, 8, "# - ", "#   "))
    return lines


def _allowed(indicator: Indicator) -> str:
    optional = " (không bắt buộc: có thể để trống)" if not indicator.required else ""
    if indicator.type == "bool":
        return "true hoặc false" + optional
    if indicator.type == "choice":
        choices = ", ".join(f"{key} ({' '.join(str(label).split())})"
                            for key, label in (indicator.choices or {}).items())
        return f"một trong: {choices}" + optional
    if indicator.type in ("integer", "number"):
        kind = "số nguyên" if indicator.type == "integer" else "số, dấu chấm thập phân (12.5)"
        if indicator.min is not None:
            kind += f", từ {indicator.min}"
        if indicator.max is not None:
            kind += f", đến {indicator.max}"
        return kind + optional
    return "văn bản" + optional


def _activities_block(plan: Plan, period_id: str) -> list[str]:
    span = periods.window(plan, period_id)
    window = f" (ngày từ {span[0].isoformat()} đến {span[1].isoformat()})" if span else ""
    lines = comment_lines(
        f"Các hoạt động trong kỳ{window}: mỗi hoạt động một mục. Bỏ dấu \"# \" ở đầu các dòng của "
        "một ví dụ dưới đây, điền ngày và nội dung; chép thêm mục cho các hoạt động khác. Trường "
        "không bắt buộc: kind (loại hoạt động), count (số liệu: điều loại hoạt động đếm), "
        "from và to thay cho date (hoạt động kéo dài nhiều ngày), evidence (minh "
        "chứng, mỗi dòng \"- …\"), highlight: true (hoạt động tiêu biểu), model (mã mô "
        "hình “Dân vận khéo” trong models.yaml), item (mã việc được báo cáo qua nhiều kỳ: ghi "
        "cùng một mã mỗi lần nhắc đến).")
    if plan.activity_kinds:
        kinds = ", ".join(f"{key} ({' '.join(plan.kind_label(key).split())}"
                          f"{_counted_note(plan.counts_of(key))})" for key in plan.activity_kinds)
        lines.extend(comment_lines(f"Loại hoạt động (kind): {kinds}."))
    lines.append("activities:")
    for task_id, title in _task_titles(plan):
        lines.append(f"  # {title}")
        lines.append(f"  # - task: {double_quoted(task_id)}")
        lines.append("  #   date: null  # YYYY-MM-DD")
        lines.append("  #   text: null  # nội dung hoạt động")
    return lines


def _task_titles(plan: Plan) -> list[tuple[str, str]]:
    titles: list[tuple[str, str]] = []
    for task in plan.tasks:
        head = f"Nhiệm vụ {task.id}: "
        titles.append((task.id, head + _shorten(task.title, WIDTH - 4 - len(head))))
        for point in task.points:
            head = f"Điểm {point.id}: "
            titles.append((point.id, head + _shorten(point.text, WIDTH - 4 - len(head))))
    return titles


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

