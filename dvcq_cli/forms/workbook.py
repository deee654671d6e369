"""Write a unit's form as an .xlsx, following the layout (`layout.py`).

What a unit's staff see: a sheet of instructions in Vietnamese, then one sheet per part of
the self-assessment, with titles, headings and labels locked and only the yellow input cells
editable; dropdowns of labels (never ids); dates and numbers checked as they are typed. A
hidden sheet holds what the form is for (plan, year, unit, period, form version), the
locked cells' text with a checksum (so that the import can name a locked cell that was
edited anyway), and the dropdowns' lists.

The same plan and the same data give the same bytes: the document's dates come from the plan
and the zip entries have fixed times.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dvcq_cli.forms.layout import (
    BOOL,
    DATE,
    FIRST_ROW,
    FIRST_TABLE_COLUMN,
    FORM_VERSION,
    HEADER_ROW,
    HINT_COLUMN,
    ID_COLUMN,
    INFO_SHEET,
    INSTRUCTIONS_SHEET,
    LABEL_COLUMN,
    LINES,
    META_SHEET,
    NO,
    NUMBER,
    NUMBER_WIDTH,
    PAIR_HEADERS,
    PAIR_WIDTHS,
    PICK,
    SUBTITLE_ROW,
    TEXT,
    TITLE_ROW,
    VALUE_COLUMN,
    WHOLE,
    YES,
    Column,
    Layout,
    ListSheet,
    RowSheet,
    how_to_fill,
)

FONT_NAME = "Times New Roman"
DATE_FORMAT = "DD/MM/YYYY"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: type here
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FIXED_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BODY = Font(name=FONT_NAME, size=12)
BOLD = Font(name=FONT_NAME, size=12, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
ITALIC = Font(name=FONT_NAME, size=12, italic=True)
ID_FONT = Font(name=FONT_NAME, size=10, color="808080")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
DATE_RANGE = (date(2000, 1, 1), date(2100, 12, 31))  # a date cell outside a period's list


class FormData:
    """What the form shows pre-filled: values by sheet, and the words about where they are
    from. `rows[sheet][key]` for sheets of rows; `items[sheet]` lists of {key: value}."""

    def __init__(self, source_note: str) -> None:
        self.source_note = source_note
        self.rows: dict[str, dict[str, Any]] = {}
        self.items: dict[str, list[dict[str, Any]]] = {}


def build(layout: Layout, data: FormData, prepared_by: str, when: date) -> bytes:
    """The form as .xlsx bytes; `when` dates the document (the same plan, the same bytes)."""
    book = Workbook()
    instructions = book.active
    instructions.title = INSTRUCTIONS_SHEET
    lists = _Lists(book.create_sheet(META_SHEET))
    locked = _sheets(book, layout, data, lists)
    _instructions(instructions, layout, data.source_note, prepared_by)
    _protect(instructions)
    book.move_sheet(META_SHEET, offset=len(book.sheetnames))
    _metadata(lists.sheet, layout, locked)
    lists.sheet.sheet_state = "veryHidden"
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return _reproducible(out.getvalue(), when)


def expected_locked(layout: Layout) -> dict[str, dict[str, str]]:
    """The locked cells' text of a form of this layout (whatever its data)."""
    book = Workbook()
    return _sheets(book, layout, FormData(""), _Lists(book.create_sheet(META_SHEET)))


# ---------------------------------------------------------------- sheets
def _sheets(book: Workbook, layout: Layout, data: FormData, lists: _Lists
            ) -> dict[str, dict[str, str]]:
    """The sheets of the layout, filled with `data`; the text of their locked cells."""
    locked: dict[str, dict[str, str]] = {}
    for sheet in layout.sheets:
        ws = book.create_sheet(sheet.name)
        if isinstance(sheet, RowSheet):
            _row_sheet(ws, layout, sheet, data.rows.get(sheet.name, {}), lists)
        else:
            _list_sheet(ws, layout, sheet, data.items.get(sheet.name, []), lists)
        _protect(ws)
        fit_heights(ws)
        locked[sheet.name] = locked_cells(ws)
    return locked


LINE_POINTS = 15.5  # the height of a line of 12-point text
CHARACTERS_PER_WIDTH = 1.15  # characters of 12-point Times New Roman per unit of width


def fit_heights(ws: Worksheet, first: int = FIRST_ROW) -> None:
    """Rows as tall as their wrapped text: spreadsheet programs do not grow a row that a
    file gives no height, and long text would hide under the next row."""
    widths = {letter: dimension.width for letter, dimension in ws.column_dimensions.items()}
    merged = {cell for group in ws.merged_cells.ranges for row in group.rows for cell in row}
    for row in ws.iter_rows(min_row=first):
        lines = 1
        for cell in row:
            if cell.value is None or (cell.row, cell.column) in merged:
                continue
            width = widths.get(cell.column_letter) or 10
            size = (cell.font.sz or 12) / 12
            room = max(int(width * CHARACTERS_PER_WIDTH / size), 1)
            needed = sum(max(1, -(-len(part) // room)) for part in str(cell.value).split("\n"))
            lines = max(lines, round(needed * size + 0.49))
        ws.row_dimensions[row[0].row].height = lines * LINE_POINTS + 3


def _heading(ws: Worksheet, layout: Layout, title: str, last_column: int,
             explanation: str = "") -> None:
    span = get_column_letter(last_column)
    ws.merge_cells(f"A{TITLE_ROW}:{span}{TITLE_ROW}")
    ws.merge_cells(f"A{SUBTITLE_ROW}:{span}{SUBTITLE_ROW}")
    _put(ws.cell(TITLE_ROW, 1, title), TITLE, CENTRE)
    subtitle = f"{layout.unit_name} — {layout.period_label}"
    _put(ws.cell(SUBTITLE_ROW, 1, subtitle), ITALIC, CENTRE)
    ws.row_dimensions[TITLE_ROW].height = 24
    if explanation:
        ws.merge_cells(f"A{HEADER_ROW - 1}:{span}{HEADER_ROW - 1}")
        _put(ws.cell(HEADER_ROW - 1, 1, explanation), Font(name=FONT_NAME, size=11,
                                                           italic=True), WRAP_TOP)
        ws.row_dimensions[HEADER_ROW - 1].height = 30
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def _headers(ws: Worksheet, headers: list[str], widths: list[float]) -> None:
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        _put(ws.cell(HEADER_ROW, index, header), BOLD, CENTRE, HEADER_FILL)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[HEADER_ROW].height = 33


def _row_sheet(ws: Worksheet, layout: Layout, sheet: RowSheet, values: dict[str, Any],
               lists: _Lists) -> None:
    _heading(ws, layout, sheet.title, len(PAIR_HEADERS),
             "Điền vào các ô màu vàng ở cột “Giá trị”; các cột khác đã được khóa.")
    _headers(ws, list(PAIR_HEADERS), list(PAIR_WIDTHS))
    ws.page_setup.orientation = "landscape"
    for number, row in enumerate(sheet.rows, start=1):
        line = FIRST_ROW + number - 1
        _put(ws.cell(line, 1, number), BODY, CENTRE)
        _put(ws.cell(line, LABEL_COLUMN, row.label), BODY, WRAP_TOP)
        key_cell = ws.cell(line, ID_COLUMN, row.key if row.in_yaml else None)
        _put(key_cell, ID_FONT, WRAP_TOP)
        value_cell = ws.cell(line, VALUE_COLUMN)
        if row.fixed is not None or not row.in_yaml:
            _put(ws.cell(line, HINT_COLUMN), BODY, WRAP_TOP, FIXED_FILL)
            value_cell.value = row.fixed
            _put(value_cell, BOLD, WRAP_TOP, FIXED_FILL)
            continue
        _put(ws.cell(line, HINT_COLUMN, row.column.note or how_to_fill(row.column)), BODY,
             WRAP_TOP)
        _input(value_cell, row.column, values.get(row.key))
        _validate(ws, [value_cell.coordinate], row.column, lists)


def _list_sheet(ws: Worksheet, layout: Layout, sheet: ListSheet, items: list[dict[str, Any]],
                lists: _Lists) -> None:
    last = FIRST_TABLE_COLUMN + len(sheet.columns) - 1
    explanation = ("Mỗi dòng một hoạt động; điền vào các ô màu vàng. Có thể để trống dòng."
                   if sheet.field == "activities" else
                   "Mỗi ý một dòng; điền vào các ô màu vàng.")
    _heading(ws, layout, sheet.title, last, explanation)
    _headers(ws, ["STT", *(column.header for column in sheet.columns)],
             [NUMBER_WIDTH, *(column.width for column in sheet.columns)])
    if sheet.records:
        ws.page_setup.orientation = "landscape"
    count = len(items) + sheet.empty_rows
    for index in range(count):
        line = FIRST_ROW + index
        _put(ws.cell(line, 1, index + 1), BODY, CENTRE)
        item = items[index] if index < len(items) else {}
        for offset, column in enumerate(sheet.columns):
            _input(ws.cell(line, FIRST_TABLE_COLUMN + offset), column, item.get(column.key))
    for offset, column in enumerate(sheet.columns):
        letter = get_column_letter(FIRST_TABLE_COLUMN + offset)
        _validate(ws, [f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + count - 1}"], column, lists)


def _input(cell: Any, column: Column, value: Any) -> None:
    cell.value = cell_value(column, value)
    centred = column.kind in (DATE, WHOLE, NUMBER, BOOL)
    _put(cell, BODY, Alignment(horizontal="center", vertical="top", wrap_text=True)
         if centred else WRAP_TOP, INPUT_FILL)
    cell.protection = UNLOCKED
    if column.kind == DATE:
        cell.number_format = DATE_FORMAT
    elif column.kind in (TEXT, LINES, PICK):
        cell.number_format = "@"  # text: "1" or "08/04" typed stay as typed


def cell_value(column: Column, value: Any) -> Any:
    """A value of the assessment as the form shows it."""
    if value is None:
        return None
    if column.kind == PICK:
        return next((option.label for option in column.options if option.value == value),
                    str(value))
    if column.kind == BOOL:
        if value is False and not column.required:
            return None  # the default: left empty
        return YES if value else NO
    if column.kind == LINES:
        return escape("\n".join(str(item) for item in value)) or None
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    if isinstance(value, str):
        return escape(value)
    return value


def escape(text: str) -> str:
    """Text as Excel stores it: a typed `_x0041_` would otherwise be read as the letter A."""
    return _EXCEL_ESCAPE.sub(r"_x005F\1", text) if "_x" in text else text


_EXCEL_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")


def _put(cell: Any, font: Font, alignment: Alignment, fill: PatternFill | None = None) -> None:
    cell.font = font
    cell.alignment = alignment
    cell.border = BORDER
    if fill is not None:
        cell.fill = fill


# ---------------------------------------------------------------- checks while typing
class _Lists:
    """The dropdowns' lists, kept in columns of the hidden sheet (a list written into the
    validation itself may not pass 255 characters)."""

    FIRST_COLUMN = 4

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_of(self, labels: tuple[str, ...]) -> str:
        if labels not in self.ranges:
            column = self.FIRST_COLUMN + len(self.ranges)
            for row, label in enumerate(labels, start=1):
                self.sheet.cell(row, column, label)
            letter = get_column_letter(column)
            self.ranges[labels] = f"'{META_SHEET}'!${letter}$1:${letter}${len(labels)}"
        return self.ranges[labels]


def _validate(ws: Worksheet, ranges: list[str], column: Column, lists: _Lists) -> None:
    check = _validation(column, lists)
    if check is None:
        return
    check.showErrorMessage = True
    check.showInputMessage = True
    check.allow_blank = True
    check.errorStyle = "stop"
    check.errorTitle = "Giá trị không hợp lệ"
    check.promptTitle = column.header[:32]
    check.prompt = (column.note or how_to_fill(column))[:250]
    for cells in ranges:
        check.add(cells)
    ws.add_data_validation(check)


def _validation(column: Column, lists: _Lists) -> DataValidation | None:
    if column.kind in (PICK, BOOL):
        labels = tuple(option.label for option in column.options)
        if not labels:
            return None
        check = DataValidation(type="list", formula1=lists.range_of(labels))
        check.error = "Chọn một giá trị trong danh sách."
        return check
    if column.kind == DATE:
        start, end = column.window or DATE_RANGE
        check = DataValidation(type="date", operator="between", formula1=str(_serial(start)),
                               formula2=str(_serial(end)))
        check.error = (f"Ghi ngày/tháng/năm, từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}."
                       if column.window else "Ghi ngày/tháng/năm, ví dụ 10/09/2024.")
        return check
    if column.kind in (WHOLE, NUMBER):
        low = column.minimum if column.minimum is not None else -10**12
        high = column.maximum if column.maximum is not None else 10**12
        check = DataValidation(type="whole" if column.kind == WHOLE else "decimal",
                               operator="between", formula1=str(low), formula2=str(high))
        check.error = how_to_fill(column).removesuffix(" (không bắt buộc)") + "."
        return check
    return None


def _serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def _protect(ws: Worksheet) -> None:
    """Only the unlocked (input) cells can be changed; widths and heights still can."""
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def locked_cells(ws: Worksheet) -> dict[str, str]:
    """The text of every locked cell that has one, by coordinate; not the rows' numbers
    (STT), whose count depends on the data."""
    found: dict[str, str] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or not cell.protection.locked:
                continue
            if cell.column == 1 and cell.row >= FIRST_ROW and isinstance(cell.value, int):
                continue
            found[cell.coordinate] = canonical(cell.value)
    return found


def canonical(value: Any) -> str:
    """A cell's value as text, the same however a spreadsheet program stored it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------- the hidden part
META_KEYS = ("format", "version", "plan", "year", "unit", "period", "locked")
META_FORMAT = "dvcq-form"
_CHUNK = 30_000  # a cell holds 32,767 characters at most


def metadata_rows(layout: Layout, locked: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    text = json.dumps(locked, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    rows = [("format", META_FORMAT), ("version", str(FORM_VERSION)), ("plan", layout.plan),
            ("year", str(layout.year)), ("unit", layout.unit), ("period", layout.period)]
    rows.extend(("locked", text[start:start + _CHUNK])
                for start in range(0, max(len(text), 1), _CHUNK))
    return rows


def checksum(rows: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for key, value in rows:
        digest.update(f"{key}\x1f{value}\x1e".encode())
    return digest.hexdigest()


def _metadata(ws: Worksheet, layout: Layout, locked: dict[str, dict[str, str]]) -> None:
    rows = metadata_rows(layout, locked)
    for line, (key, value) in enumerate([*rows, ("checksum", checksum(rows))], start=1):
        ws.cell(line, 1, key)
        ws.cell(line, 2, value).number_format = "@"
    ws.protection.sheet = True


# ---------------------------------------------------------------- the instructions
def _instructions(ws: Worksheet, layout: Layout, source_note: str, prepared_by: str) -> None:
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 95
    ws.merge_cells("A1:B1")
    _put(ws.cell(1, 1, "HƯỚNG DẪN ĐIỀN BIỂU MẪU TỰ ĐÁNH GIÁ"), TITLE, CENTRE)
    ws.row_dimensions[1].height = 24
    ws.merge_cells("A2:B2")
    _put(ws.cell(2, 1, f"Công tác Dân vận chính quyền — {layout.period_label}"), ITALIC, CENTRE)
    line = 4
    for number, text in _instruction_lines(layout, source_note, prepared_by):
        ws.cell(line, 1, number).font = BOLD
        ws.cell(line, 1).alignment = Alignment(horizontal="right", vertical="top")
        ws.cell(line, 2, text).font = BOLD if number == "" and text.isupper() else BODY
        ws.cell(line, 2).alignment = WRAP_TOP
        line += 1
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    fit_heights(ws, 3)


def _instruction_lines(layout: Layout, source_note: str, prepared_by: str
                       ) -> Iterator[tuple[str, str]]:
    yield "", f"Đơn vị: {layout.unit_name}"
    yield "", f"Kỳ báo cáo: {layout.period_label}"
    if layout.window is not None:
        start, end = layout.window
        yield "", f"Thời gian lấy số liệu: từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    yield "", source_note
    yield "", ""
    yield "", "CÁCH ĐIỀN"
    steps = [
        "Chỉ điền vào các ô màu vàng. Tiêu đề, tên chỉ số và các cột hướng dẫn đã được khóa; "
        "không đổi tên, không xóa, không thêm trang tính hoặc cột.",
        f"Trang “{INFO_SHEET}”: ghi ngày gửi báo cáo (ngày/tháng/năm) và người ký.",
    ]
    for sheet in layout.sheets:
        if isinstance(sheet, RowSheet) and sheet.field is not None:
            steps.append(f"Trang “{sheet.name}”: mỗi dòng một chỉ số; chọn giá trị trong danh "
                         "sách (Có/Không, mức đánh giá) hoặc ghi số nguyên.")
        elif isinstance(sheet, ListSheet) and sheet.field == "activities":
            steps.append(f"Trang “{sheet.name}”: mỗi dòng một hoạt động. Chọn nhiệm vụ và "
                         "loại hoạt động trong danh sách; ngày ghi ngày/tháng/năm, trong thời "
                         "gian lấy số liệu của kỳ; minh chứng mỗi dòng một (Alt+Enter để "
                         "xuống dòng trong ô); cột “Tiêu biểu” chọn Có cho các hoạt động tiêu "
                         "biểu nhất. Có thể để trống dòng ở giữa.")
    texts = [f"“{sheet.name}”" for sheet in layout.sheets
             if isinstance(sheet, ListSheet) and sheet.field != "activities"]
    if texts:
        steps.append(f"Các trang {', '.join(texts)}: mỗi ý một dòng. Nếu ý nói về một nhiệm "
                     "vụ hoặc một chỉ tiêu của Kế hoạch, chọn nhiệm vụ hoặc chỉ tiêu đó ở cột "
                     "bên cạnh (không bắt buộc): báo cáo chung tổng hợp các ý theo nhiệm vụ, "
                     "chỉ tiêu; đề xuất chọn nơi nhận.")
    steps.extend([
        "Chép nội dung từ Word: dán vào ô bằng “Dán giá trị” (Paste Special → Values) hoặc "
        "dán vào thanh công thức, để không mang theo định dạng.",
        "Lưu tệp dạng Excel (.xlsx), giữ nguyên tên tệp. Trong LibreOffice: File → Save As → "
        "chọn kiểu “Excel 2007-365 (.xlsx)” → Use Excel 2007-365!. Không lưu dạng .xls hay "
        ".ods.",
        f"Gửi tệp về {prepared_by}. Phòng sẽ nhập biểu mẫu bằng dvcq và báo lại từng ô cần "
        "sửa (ví dụ “Hoạt động!D7”), nếu có.",
    ])
    for number, text in enumerate(steps, start=1):
        yield f"{number}.", text


# ---------------------------------------------------------------- the same bytes
def _reproducible(data: bytes, when: date) -> bytes:
    from dvcq_cli.render import normalise_zip

    stamp = f"{when.isoformat()}T00:00:00Z"
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:title>Biểu mẫu tự đánh giá công tác Dân vận chính quyền</dc:title>'
        '<dc:creator>dvcq</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        '</cp:coreProperties>')
    return normalise_zip(data, when, {"docProps/core.xml": [core.encode()]})
