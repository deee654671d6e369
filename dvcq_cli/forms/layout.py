"""Which sheet, row and column of the form holds which field of a self-assessment.

This is the one table both directions follow: `workbook` writes the form from it, and
`importer` reads the cells back through it. It is derived from the assessment's declared
shape (`model.ASSESSMENT`) and from the plan:

- the top-level values (unit, period, submitted, signed_by, note) are rows of the sheet
  "Thông tin";
- a mapping keyed by a list of the plan (indicators) is a sheet with a row per key;
- a list is a sheet with an item per row: a column per field of a record (activities), or
  one column of text (strengths, shortcomings, causes, proposals, next tasks);
- each column's kind (text, lines of text, date, whole number, number, yes/no, a dropdown)
  comes from its field's spec.

So every field of the assessment is on the form, whether `FIELDS` below names it or not: a
field it does not name gets its spec's description as heading. `FIELDS` gives a field a
shorter heading, a width, a prompt, its dropdown (`options`: a list of the plan) and its
place: the fields it names come first, in its order, in the form and in the YAML written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from dvcq_cli import periods
from dvcq_cli.model import ADDRESSEES, ASSESSMENT, CAUSE_KINDS, Indicator, Plan
from dvcq_cli.rules.assessment import indicator_spec
from dvcq_cli.schema import (
    Bool,
    Choice,
    Date,
    Int,
    ListOf,
    MapOf,
    Number,
    RawNode,
    Record,
    Spec,
    TaskId,
    TextOrRecord,
)
from dvcq_cli.tuples import NamedTuple

FORM_VERSION = 1

# Kinds of cell.
TEXT, LINES, DATE, WHOLE, NUMBER, BOOL, PICK = (
    "text", "lines", "date", "whole", "number", "bool", "pick")

# How yes/no is shown and read back.
YES, NO = "Có", "Không"


class Label(NamedTuple):
    """How the form shows one field: see `FIELDS`."""

    header: str = ""
    width: float = 0
    note: str = ""
    options: str = ""  # the plan's list its dropdown offers: "tasks", or a mapping of the plan
    sheet: str = ""  # for a list or mapping: its sheet's name (31 characters at most)
    title: str = ""  # and the title printed above it
    rows: int = 0  # for a list: how many empty rows are offered to fill


def _remark_labels(field: str, what: str) -> dict[str, Label]:
    """The columns of a sheet of remarks: the text, and what it concerns (both optional),
    so that the report can group the units' remarks by task and target."""
    return {
        f"{field}.text": Label(f"{what} (mỗi ý một dòng)", 70),
        f"{field}.task": Label("Thuộc nhiệm vụ", 30, options="tasks",
                               note="Không bắt buộc: nhiệm vụ của Kế hoạch mà ý này nói về"),
        f"{field}.target": Label("Thuộc chỉ tiêu", 30, options="targets",
                                 note="Không bắt buộc: chỉ tiêu của Kế hoạch mà ý này nói về"),
    }


# THE TABLE. Keys are the assessment's keys, "list.key" for a field of a list's records.
FIELDS: dict[str, Label] = {
    "unit": Label("Đơn vị"),
    "period": Label("Kỳ báo cáo"),
    "submitted": Label("Ngày gửi báo cáo", note="Ngày/tháng/năm, ví dụ 10/09/2024"),
    "signed_by": Label("Người ký báo cáo", note="Họ và tên (không bắt buộc)"),
    "note": Label("Ghi chú", note="Không bắt buộc"),
    "indicators": Label(sheet="Chỉ số", title="CÁC CHỈ SỐ ĐÁNH GIÁ"),
    "activities": Label(sheet="Hoạt động", title="CÁC HOẠT ĐỘNG ĐÃ THỰC HIỆN TRONG KỲ",
                        rows=100),
    "activities.task": Label("Nhiệm vụ của Kế hoạch", 34, options="tasks",
                             note="Chọn nhiệm vụ trong danh sách"),
    "activities.date": Label("Ngày thực hiện", 12.5,
                             note="Ngày/tháng/năm, trong thời gian lấy số liệu của kỳ"),
    "activities.kind": Label("Loại hoạt động", 21, options="activity_kinds",
                             note="Chọn trong danh sách (không bắt buộc)"),
    "activities.text": Label("Nội dung hoạt động", 58),
    "activities.count": Label("Số liệu", 10, note="Số nguyên (không bắt buộc): điều loại hoạt "
                              "động đếm, ví dụ số người tham dự"),
    "activities.evidence": Label("Minh chứng (mỗi minh chứng một dòng)", 34,
                                 note="Biên bản, quyết định, báo cáo…; xuống dòng: Alt+Enter"),
    "activities.highlight": Label("Tiêu biểu", 9.5, note="Có: một trong các hoạt động tiêu "
                                  "biểu nhất của đơn vị"),
    "activities.model": Label("Mô hình “Dân vận khéo”", 24,
                              note="Chọn mô hình của đơn vị mà hoạt động thuộc về (không bắt "
                              "buộc)"),
    "activities.item": Label("Mã mô hình, việc theo dõi qua nhiều kỳ", 18,
                             note="Không bắt buộc: ghi cùng một mã mỗi lần nhắc đến một mô "
                             "hình"),
    "activities.from": Label("Từ ngày", 12.5, note="Hoạt động kéo dài nhiều ngày: ngày bắt "
                             "đầu (để trống ngày thực hiện)"),
    "activities.to": Label("Đến ngày", 12.5, note="Hoạt động kéo dài nhiều ngày: ngày kết "
                           "thúc, trong thời gian lấy số liệu của kỳ"),
    "strengths": Label(sheet="Ưu điểm", title="ƯU ĐIỂM", rows=15),
    **_remark_labels("strengths", "Ưu điểm"),
    "shortcomings": Label(sheet="Hạn chế", title="HẠN CHẾ", rows=15),
    **_remark_labels("shortcomings", "Hạn chế"),
    "causes": Label(sheet="Nguyên nhân", title="NGUYÊN NHÂN CỦA HẠN CHẾ", rows=15),
    **_remark_labels("causes", "Nguyên nhân"),
    "causes.kind": Label("Loại nguyên nhân", 26, options="cause_kinds",
                         note="Không bắt buộc: khách quan (ngoài đơn vị) hay chủ quan (do đơn "
                         "vị); để trống là chủ quan"),
    "proposals": Label(sheet="Đề xuất", title="ĐỀ XUẤT, KIẾN NGHỊ", rows=15),
    "proposals.text": Label("Nội dung đề xuất, kiến nghị", 70),
    "proposals.to": Label("Gửi tới", 30, options="addressees",
                          note="Chọn trong danh sách: chỉ đề xuất gửi Sở Nội vụ, UBND tỉnh, các "
                          "sở, ngành được đưa vào báo cáo"),
    "next_tasks": Label(sheet="Nhiệm vụ kỳ tới", title="NHIỆM VỤ TRỌNG TÂM KỲ TỚI", rows=15),
    **_remark_labels("next_tasks", "Nhiệm vụ"),
}

# The sheets that are not fields of the assessment.
INSTRUCTIONS_SHEET = "Hướng dẫn"
INFO_SHEET = "Thông tin"
INFO_TITLE = "THÔNG TIN ĐƠN VỊ VÀ KỲ BÁO CÁO"
META_SHEET = "_dvcq"  # hidden: what the form is for, the dropdowns' lists

# Geometry shared by the writer and the reader.
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 4, 5
NUMBER_WIDTH = 5  # column A of every sheet: the row's number (STT)
# Sheets of rows (Thông tin, Chỉ số): A number, B what, C how to fill it, D the value, E its id.
LABEL_COLUMN, HINT_COLUMN, VALUE_COLUMN, ID_COLUMN = 2, 3, 4, 5
PAIR_HEADERS = ("STT", "Nội dung", "Cách điền", "Giá trị", "Mã")
PAIR_WIDTHS = (NUMBER_WIDTH, 52, 30, 36, 16)
# Sheets of lists: A number, then one column per field from B.
FIRST_TABLE_COLUMN = 2
DEFAULT_WIDTH = 24
TEXT_ITEM_WIDTH = 110  # the one column of a list of texts


class Option(NamedTuple):
    """A dropdown entry: the value written in the YAML and the label shown in the form."""

    value: str
    label: str


class Column(NamedTuple):
    """How one value is written in a cell and read back."""

    key: str  # its key in the YAML mapping; "" for a list item that is a plain text
    header: str
    kind: str
    width: float = DEFAULT_WIDTH
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    options: tuple[Option, ...] = ()
    window: tuple[date, date] | None = None  # the dates a DATE cell accepts
    note: str = ""


class Row(NamedTuple):
    """A row of a sheet of rows: a value with its label, or a fixed line of information."""

    key: str  # the YAML key; shown in the id column
    label: str
    column: Column
    fixed: str | None = None  # shown and locked: the form's identity, or information
    in_yaml: bool = True  # False for lines that only inform (the plan, the window)


class RowSheet(NamedTuple):
    """A sheet of rows: the top-level values (`field` None), or a mapping (indicators)."""

    field: str | None
    name: str
    title: str
    rows: tuple[Row, ...]


class ListSheet(NamedTuple):
    """A sheet with one item of a list per row."""

    field: str
    name: str
    title: str
    columns: tuple[Column, ...]
    records: bool  # items are mappings (a column per key), or plain texts (one column)
    empty_rows: int


Sheet = RowSheet | ListSheet


class Layout(NamedTuple):
    """The whole form for one unit and period of a plan."""

    year: int
    plan: str  # the plan's symbol, e.g. 294/KH-VP
    unit: str
    unit_name: str
    period: str
    period_label: str
    window: tuple[date, date] | None
    sheets: tuple[Sheet, ...]  # in the workbook's order, after the instructions

    def sheet(self, name: str) -> Sheet | None:
        return next((sheet for sheet in self.sheets if sheet.name == name), None)


# ---------------------------------------------------------------- the plan's lists
def task_options(plan: Plan) -> list[Option]:
    """"2.a – Công khai tài chính…": the number first, so that the import reads it back."""
    options = []
    for task in plan.tasks:
        options.append(Option(task.id, _option_label(task.id, task.title)))
        options.extend(Option(point.id, _option_label(point.id, point.text))
                       for point in task.points)
    return options


def _option_label(number: str, text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    label = f"{number} – {text}"
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def mapping_options(mapping: Mapping[str, Any]) -> list[Option]:
    """A mapping of the plan, id → label (or a record with a `label` or `name`)."""
    options = []
    for key, value in mapping.items():
        label = value if isinstance(value, str) else (
            getattr(value, "label", None) or getattr(value, "name", None) or key)
        options.append(Option(str(key), " ".join(str(label).split())))
    return options


OPTION_SOURCES: dict[str, Callable[[Plan], list[Option]]] = {
    "tasks": task_options,
    "addressees": lambda _plan: [Option(key, label[:1].upper() + label[1:])
                                 for key, label in ADDRESSEES.items()],
    "cause_kinds": lambda _plan: [Option(key, label) for key, label in CAUSE_KINDS.items()],
    "targets": lambda plan: [Option(target.id, _option_label(target.id, target.short))
                             for target in plan.targets],
}


def options_of(plan: Plan, source: str) -> tuple[Option, ...]:
    if source in OPTION_SOURCES:
        return tuple(OPTION_SOURCES[source](plan))
    mapping = getattr(plan, source, None)
    return tuple(mapping_options(mapping)) if isinstance(mapping, Mapping) else ()


# ---------------------------------------------------------------- columns from specs
def column_for(path: str, key: str, spec: Spec, required: bool, plan: Plan,
               window: tuple[date, date] | None) -> Column:
    """The cell a field's spec calls for, with what `FIELDS` says about it."""
    label = FIELDS.get(path, Label())
    header = label.header or _header_from(spec, key)
    common: dict[str, Any] = {"width": label.width or DEFAULT_WIDTH, "required": required,
                              "note": label.note}
    if label.options:
        return Column(key, header, PICK, options=options_of(plan, label.options), **common)
    if isinstance(spec, ListOf):
        return Column(key, header, LINES, **common)
    if isinstance(spec, TaskId):
        return Column(key, header, PICK, options=tuple(task_options(plan)), **common)
    if isinstance(spec, Bool):
        return Column(key, header, BOOL, options=(Option("true", YES), Option("false", NO)),
                      **common)
    if isinstance(spec, Date):
        return Column(key, header, DATE, window=window if path.count(".") else None, **common)
    if isinstance(spec, Int):
        return Column(key, header, WHOLE, minimum=spec.minimum, maximum=spec.maximum, **common)
    if isinstance(spec, Number):
        return Column(key, header, NUMBER, **common)
    if isinstance(spec, Choice):
        return Column(key, header, PICK, options=tuple(Option(c, c) for c in spec.choices),
                      **common)
    return Column(key, header, TEXT, **common)


def _header_from(spec: Spec, key: str) -> str:
    return spec.description.split(":")[0].split("(")[0].strip() or key


def indicator_column(key: str, indicator: Indicator) -> Column:
    """An indicator's value cell, typed as the plan declares it."""
    spec = indicator_spec(indicator)
    required = indicator.required
    if isinstance(spec, Bool):
        return Column(key, indicator.label, BOOL, required=required,
                      options=(Option("true", YES), Option("false", NO)))
    if isinstance(spec, Choice):
        choices = indicator.choices or {}
        return Column(key, indicator.label, PICK, required=required,
                      options=tuple(mapping_options(choices)))
    if isinstance(spec, Int):
        return Column(key, indicator.label, WHOLE, required=required, minimum=spec.minimum,
                      maximum=spec.maximum)
    if isinstance(spec, Number):
        return Column(key, indicator.label, NUMBER, required=required)
    return Column(key, indicator.label, TEXT, required=required)


def how_to_fill(column: Column) -> str:
    """The words in a row's "Cách điền" cell and in a cell's prompt."""
    if column.kind == BOOL:
        text = f"Chọn {YES} hoặc {NO}"
    elif column.kind == PICK:
        text = "Chọn trong danh sách: " + ", ".join(option.label for option in column.options)
    elif column.kind in (WHOLE, NUMBER):
        text = "Số nguyên" if column.kind == WHOLE else "Số, dấu phẩy thập phân (12,5)"
        if column.minimum is not None:
            text += f", từ {column.minimum}"
        if column.maximum is not None:
            text += f", đến {column.maximum}"
    elif column.kind == DATE:
        text = "Ngày/tháng/năm, ví dụ 10/09/2024"
    elif column.kind == LINES:
        text = "Mỗi ý một dòng (Alt+Enter để xuống dòng)"
    else:
        text = "Văn bản"
    if not column.required:
        text += " (không bắt buộc)"
    return text


# ---------------------------------------------------------------- the whole form
def form_layout(plan: Plan, unit_id: str, period_id: str) -> Layout:
    """The form of one unit and period: every field of the assessment spec, in the order of
    `FIELDS` first, then of the spec."""
    unit = plan.unit(unit_id)
    period = plan.periods[period_id]
    if unit is None:
        raise KeyError(unit_id)
    window = periods.window(plan, period_id)
    info: list[Row] = []
    sheets: list[Sheet] = []
    for key, field in ordered_fields(ASSESSMENT, ""):
        if key in NOT_IN_FORMS:
            continue
        spec, required = field.spec, field.required
        label = FIELDS.get(key, Label())
        if isinstance(spec, MapOf):
            sheets.append(_mapping_sheet(key, label, spec, plan))
        elif isinstance(spec, ListOf):
            sheets.append(_list_sheet(key, label, spec, plan, window))
        else:
            info.append(Row(key, label.header or _header_from(spec, key),
                            column_for(key, key, spec, required, plan, window)))
    info = _identity(info, plan, unit.name, period.label, period_id, unit_id, window)
    sheets = [_with_models(sheet, plan, unit_id) for sheet in sheets]
    symbol = plan.document.symbol
    return Layout(plan.year, symbol, unit_id, unit.name, period_id, period.label, window,
                  (RowSheet(None, INFO_SHEET, INFO_TITLE, tuple(info)), *sheets))


# The year-end self-scores are written in the YAML file (see the README, Scoring): a form
# does not carry them.
NOT_IN_FORMS = frozenset({"scores"})


def model_options(plan: Plan, unit_id: str) -> tuple[Option, ...]:
    """The unit's "Dân vận khéo" model records, "id – name": the id first, as tasks are."""
    register = plan.models
    if register is None or not hasattr(register, "of_unit"):
        return ()
    return tuple(Option(model.id, _option_label(model.id, model.name))
                 for model in register.of_unit(unit_id))


def _with_models(sheet: Sheet, plan: Plan, unit_id: str) -> Sheet:
    """The activities' model column offers the unit's own models (a text cell when the year
    has none recorded for it)."""
    if not isinstance(sheet, ListSheet) or sheet.field != "activities":
        return sheet
    options = model_options(plan, unit_id)
    if not options:
        return sheet
    columns = tuple(column._replace(kind=PICK, options=options) if column.key == "model"
                    else column for column in sheet.columns)
    return sheet._replace(columns=columns)


def ordered_fields(record: Record, prefix: str) -> list[tuple[str, Any]]:
    """A record's fields, those named in `FIELDS` first (in its order), then the others;
    keys as `FIELDS` spells them ("activities.task")."""
    named = {key.removeprefix(prefix): position for position, key in enumerate(FIELDS)
             if key.startswith(prefix) and "." not in key.removeprefix(prefix)}
    fields = [(key, field) for key, field in record.fields.items() if key not in record.legacy]
    fields.sort(key=lambda item: named.get(item[0], len(FIELDS)))
    return [(prefix + key, field) for key, field in fields]


def _identity(info: list[Row], plan: Plan, unit_name: str, period_label: str, period_id: str,
              unit_id: str, window: tuple[date, date] | None) -> list[Row]:
    """The unit and period rows show the names and are locked; lines about the plan and the
    period's dates follow them."""
    fixed = {"unit": unit_name, "period": period_label}
    rows = [row._replace(fixed=fixed[row.key]) if row.key in fixed else row for row in info]
    plan_text = f"Kế hoạch số {plan.document.symbol}" if plan.document.number is not None \
        else f"Kế hoạch {plan.document.code}"
    if plan.document.date is not None:
        plan_text += f" ngày {plan.document.date:%d/%m/%Y}"
    extra = [Row("plan", "Theo kế hoạch", Column("", "", TEXT), plan_text, in_yaml=False)]
    if window is not None:
        extra.append(Row("window", "Thời gian lấy số liệu", Column("", "", TEXT),
                         f"Từ {window[0]:%d/%m/%Y} đến {window[1]:%d/%m/%Y}", in_yaml=False))
    deadline = plan.periods[period_id].submit_by
    if deadline is not None:
        extra.append(Row("submit_by", "Hạn gửi báo cáo", Column("", "", TEXT),
                         f"{deadline:%d/%m/%Y}", in_yaml=False))
    after_identity = max(index for index, row in enumerate(rows) if row.fixed) + 1
    return rows[:after_identity] + extra + rows[after_identity:]


def _mapping_sheet(key: str, label: Label, spec: MapOf, plan: Plan) -> RowSheet:
    if key != "indicators" or not isinstance(spec.value, RawNode):
        raise NotImplementedError(f"no form layout for the mapping {key!r}")
    # A grade is computed from its score by dvcq: the form does not ask for it.
    rows = tuple(Row(name, indicator.label, indicator_column(name, indicator))
                 for name, indicator in plan.indicators.items() if indicator.type != "grade")
    return RowSheet(key, label.sheet or _sheet_name(spec.description, key),
                    label.title or spec.description.upper(), rows)


def _list_sheet(key: str, label: Label, spec: ListOf, plan: Plan,
                window: tuple[date, date] | None) -> ListSheet:
    name = label.sheet or _sheet_name(spec.description, key)
    title = label.title or spec.description.upper()
    rows = label.rows or 20
    item = spec.item
    if isinstance(item, TextOrRecord):  # a text, and whom it addresses or what it is about
        item = item.record
    if isinstance(item, Record):
        columns = tuple(column_for(path, path.rsplit(".", 1)[1], field.spec, field.required,
                                   plan, window)
                        for path, field in ordered_fields(item, key + "."))
        return ListSheet(key, name, title, columns, True, rows)
    column = column_for(key, "", item, True, plan, window)
    column = column._replace(header=label.header or "Nội dung", width=TEXT_ITEM_WIDTH,
                             required=False)
    return ListSheet(key, name, title, (column,), False, rows)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(description: str, key: str) -> str:
    """A sheet name from a description: Excel allows 31 characters and none of []:*?/\\."""
    name = _SHEET_FORBIDDEN.sub(" ", description.split(":")[0]).strip() or key
    return name[:31].rstrip()
