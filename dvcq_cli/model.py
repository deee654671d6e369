"""The typed plan and self-assessment, and the declared shape of their YAML files.

Every model class carries `where`: the positions of its mapping, keys and values, so that a
rule found later (an unknown unit, a date outside the window) can point at the right line.
Descriptions are Vietnamese: they become the hover texts of the editor schemas.

The models are NamedTuples rather than dataclasses: `dvcq check` imports all of them on
every commit, and a frozen dataclass costs ~0.8 ms to define (generated code), a NamedTuple
~0.1 ms. They are immutable and picklable (for parallel checking); list defaults are shared,
so treat every value as read-only (change one with `_replace`).
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from typing import Any, NamedTuple

from dvcq_cli.schema import (
    NO_WHERE,
    Bool,
    Choice,
    Date,
    F,
    Id,
    Int,
    ListOf,
    LocatedDict,
    MapOf,
    Percent,
    RawNode,
    Record,
    Scalar,
    TaskId,
    Text,
    Threshold,
    Where,
)


# ---------------------------------------------------------------- the plan document
class Signer(NamedTuple):
    title: str
    name: str
    mark: str | None = None
    deputy_title: str | None = None
    where: Where = NO_WHERE


class Document(NamedTuple):
    type: str
    code: str
    place: str
    parent: str
    issuer: str
    issuer_name: str
    title: str
    number: int | None = None
    date: date | None = None
    preamble: str | None = None
    closing: str | None = None
    signer: Signer | None = None
    recipients: list[str] = []
    archive: str | None = None
    notes: list[str] = []
    where: Where = NO_WHERE

    @property
    def symbol(self) -> str:
        """`294/KH-VP`; while the number is not yet assigned, `…/KH-VP`, the way an office
        writes a document not yet numbered (never `/KH-VP`)."""
        return f"{self.number if self.number is not None else '…'}/{self.code}"


class Reference(NamedTuple):
    """A legal or party document cited by the plan."""

    kind: str
    symbol: str | None = None
    date: date | None = None
    issuer: str | None = None
    title: str | None = None
    where: Where = NO_WHERE


class Headings(NamedTuple):
    purposes: str = "MỤC ĐÍCH, YÊU CẦU"
    targets: str = "MỘT SỐ CHỈ TIÊU TRỌNG TÂM"
    tasks: str = "NỘI DUNG VÀ GIẢI PHÁP THỰC HIỆN"
    implementation: str = "TỔ CHỨC THỰC HIỆN"
    where: Where = NO_WHERE


# ---------------------------------------------------------------- targets and measures
class Condition(NamedTuple):
    """Which units count: the indicator equals a value, is one of some, or at least one."""

    indicator: str
    equals: Any = None
    one_of: list[Any] | None = None
    at_least: Any = None
    where: Where = NO_WHERE


class ActivityFilter(NamedTuple):
    tasks: list[str] = []
    kinds: list[str] = []
    where: Where = NO_WHERE


class ActivitySum(NamedTuple):
    field: str
    tasks: list[str] = []
    kinds: list[str] = []
    where: Where = NO_WHERE


class RatioOfSums(NamedTuple):
    numerator: str
    denominator: str
    where: Where = NO_WHERE


class Measure(NamedTuple):
    """Exactly one of these is set."""

    share_of_units: Condition | None = None
    count_of_units: Condition | None = None
    count_of_activities: ActivityFilter | None = None
    sum_of_activities: ActivitySum | None = None
    ratio_of_sums: RatioOfSums | None = None
    qualitative: ActivityFilter | None = None
    where: Where = NO_WHERE

    MEASURES = ("share_of_units", "count_of_units", "count_of_activities",
                "sum_of_activities", "ratio_of_sums", "qualitative")

    @property
    def kind(self) -> str:
        return next(name for name in self.MEASURES if getattr(self, name) is not None)

    @property
    def spec(self) -> Any:
        return getattr(self, self.kind)

    @property
    def is_share(self) -> bool:
        """Measures whose result is a rate (compared with a percentage)."""
        return self.kind in ("share_of_units", "ratio_of_sums")


COMPARISONS = ("at_least", "more_than", "at_most", "less_than")


class Target(NamedTuple):
    id: str
    text: str
    short: str
    measure: Measure
    paragraph: int | None = None
    at_least: int | Percent | None = None
    more_than: int | Percent | None = None
    at_most: int | Percent | None = None
    less_than: int | Percent | None = None
    denominator: str = "all_units"
    where: Where = NO_WHERE

    @property
    def comparison(self) -> tuple[str, int | Percent] | None:
        for name in COMPARISONS:
            value = getattr(self, name)
            if value is not None:
                return name, value
        return None

    @property
    def threshold(self) -> Fraction | None:
        """The comparison value as an exact number (80% → 4/5, 5 → 5)."""
        comparison = self.comparison
        if comparison is None:
            return None
        value = comparison[1]
        return value.value if isinstance(value, Percent) else Fraction(value)


# ---------------------------------------------------------------- tasks and implementation
class Point(NamedTuple):
    id: str
    text: str
    references: list[Reference] = []
    where: Where = NO_WHERE


class Task(NamedTuple):
    id: str
    title: str
    paragraphs: list[str] = []
    references: list[Reference] = []
    points: list[Point] = []
    where: Where = NO_WHERE


class ImplementationItem(NamedTuple):
    id: str
    text: str
    units: list[str] = []
    where: Where = NO_WHERE


class ReportSettings(NamedTuple):
    prepared_by: str
    recipient: str
    code: str
    subject: str
    signer: Signer
    recipients: list[str] = []
    archive: str = "VT"
    where: Where = NO_WHERE


# ---------------------------------------------------------------- periods, units, indicators
class Period(NamedTuple):
    label: str
    start: date | None = None
    end: date | None = None
    submit_by: date | None = None
    report_by: date | None = None
    where: Where = NO_WHERE


class Unit(NamedTuple):
    id: str
    name: str
    kind: str | None = None
    head: str | None = None
    where: Where = NO_WHERE


INDICATOR_TYPES = ("bool", "choice", "integer", "number", "text")


class Indicator(NamedTuple):
    type: str
    label: str
    choices: LocatedDict | None = None
    min: int | None = None
    max: int | None = None
    required: bool = True
    where: Where = NO_WHERE


class Plan(NamedTuple):
    year: int
    document: Document
    basis: list[Reference]
    purposes: list[str]
    targets: list[Target]
    tasks: list[Task]
    periods: LocatedDict
    units: list[Unit]
    indicators: LocatedDict
    report: ReportSettings
    implementation: list[ImplementationItem] = []
    theme: str | None = None
    motto: str | None = None
    headings: Headings = Headings()
    activity_kinds: LocatedDict = LocatedDict()
    where: Where = NO_WHERE

    def unit(self, unit_id: str) -> Unit | None:
        return plan_index(self).units.get(unit_id)

    def task_ids(self) -> list[str]:
        """Every task and point id, in plan order: "1", "2", "2.a", …"""
        return list(plan_index(self).task_ids)


class PlanIndex(NamedTuple):
    """Lookups every assessment needs, built once per plan: with thousands of units a scan
    of the plan's lists for each file would make checking grow with the square of N."""

    units: dict[str, Unit]
    task_ids: tuple[str, ...]
    task_set: frozenset[str]
    activity_kinds: frozenset[str]


_INDEXES: dict[int, tuple[Plan, PlanIndex]] = {}


def plan_index(plan: Plan) -> PlanIndex:
    cached = _INDEXES.get(id(plan))
    if cached is not None and cached[0] is plan:
        return cached[1]
    task_ids: list[str] = []
    for task in plan.tasks:
        task_ids.append(task.id)
        task_ids.extend(point.id for point in task.points)
    index = PlanIndex({unit.id: unit for unit in plan.units}, tuple(task_ids),
                      frozenset(task_ids), frozenset(plan.activity_kinds))
    _INDEXES[id(plan)] = (plan, index)
    return index


# ---------------------------------------------------------------- the self-assessment
class Activity(NamedTuple):
    task: str
    date: date
    text: str
    kind: str | None = None
    participants: int | None = None
    evidence: list[str] = []
    highlight: bool = False
    where: Where = NO_WHERE


class Assessment(NamedTuple):
    unit: str
    period: str
    submitted: date
    indicators: LocatedDict
    activities: list[Activity] = []
    signed_by: str | None = None
    strengths: list[str] = []
    shortcomings: list[str] = []
    causes: list[str] = []
    proposals: list[str] = []
    next_tasks: list[str] = []
    note: str | None = None
    where: Where = NO_WHERE


# ---------------------------------------------------------------- the declared shapes
def _texts(description: str) -> ListOf:
    return ListOf(Text(), description, allow_scalar=True)


REFERENCE = Record(Reference, {
    "kind": F(Text("Loại văn bản: Nghị quyết, Kết luận, Chỉ thị, Kế hoạch, Quyết định…"),
              required=True),
    "symbol": F(Text("Số, ký hiệu, ví dụ 25-NQ/TW, 33/CT-TTg")),
    "date": F(Date("Ngày ban hành (YYYY-MM-DD)")),
    "issuer": F(Text("Cơ quan ban hành")),
    "title": F(Text("Trích yếu")),
}, "Văn bản được trích dẫn")
REFERENCES = ListOf(REFERENCE, "Các văn bản được trích dẫn")

SIGNER = Record(Signer, {
    "mark": F(Choice(("TM.", "Q.", "KT.", "TL.", "TUQ."), "Quyền hạn ký: TM., Q., KT., TL., TUQ.")),
    "title": F(Text("Chức vụ của người có thẩm quyền, chữ in hoa, ví dụ CHÁNH VĂN PHÒNG"),
               required=True),
    "deputy_title": F(Text("Chức vụ người ký thay, ví dụ PHÓ CHÁNH VĂN PHÒNG")),
    "name": F(Text("Họ và tên người ký (không ghi học hàm, học vị)"), required=True),
}, "Người ký")

DOCUMENT = Record(Document, {
    "type": F(Text("Mã loại văn bản: KH = Kế hoạch"), required=True),
    "number": F(Int("Số văn bản (để trống khi chưa cấp số)", minimum=1)),
    "code": F(Text("Ký hiệu sau dấu gạch chéo, ví dụ KH-VP"), required=True),
    "date": F(Date("Ngày ban hành (YYYY-MM-DD)")),
    "place": F(Text("Địa danh, ví dụ Đồng Nai"), required=True),
    "parent": F(Text("Cơ quan chủ quản, chữ in hoa"), required=True),
    "issuer": F(Text("Cơ quan ban hành, chữ in hoa"), required=True),
    "issuer_name": F(Text("Tên cơ quan dùng trong câu văn, ví dụ Văn phòng UBND tỉnh"),
                     required=True),
    "title": F(Text("Trích yếu nội dung"), required=True),
    "preamble": F(Text("Đoạn mở đầu")),
    "closing": F(Text("Đoạn kết")),
    "signer": F(SIGNER),
    "recipients": F(_texts("Nơi nhận, mỗi dòng một nơi"), default_factory=list),
    "archive": F(Text("Nội dung dòng Lưu, ví dụ VT, HCTC")),
    "notes": F(_texts("Các dòng ghi chú khác"), default_factory=list),
}, "Thông tin văn bản kế hoạch")

CONDITION = Record(Condition, {
    "indicator": F(Id("Chỉ số mà đơn vị báo cáo", example="dan_van_kheo"), required=True),
    "equals": F(Scalar("Đơn vị đạt khi chỉ số bằng giá trị này")),
    "one_of": F(ListOf(Scalar(), "Đơn vị đạt khi chỉ số là một trong các giá trị này")),
    "at_least": F(Scalar("Đơn vị đạt khi chỉ số từ giá trị này trở lên")),
}, "Điều kiện để một đơn vị được tính", one_of=(("equals", "one_of", "at_least"),))

_ID_LIST = ListOf(Id(example="hoi_nghi"), allow_scalar=True)
_TASK_LIST = ListOf(TaskId(), allow_scalar=True)
ACTIVITY_FILTER = Record(ActivityFilter, {
    "tasks": F(_TASK_LIST, default_factory=list),
    "kinds": F(_ID_LIST, default_factory=list),
}, "Các hoạt động được tính (theo nhiệm vụ và/hoặc loại hoạt động)")

MEASURE = Record(Measure, {
    "share_of_units": F(CONDITION),
    "count_of_units": F(CONDITION),
    "count_of_activities": F(ACTIVITY_FILTER),
    "sum_of_activities": F(Record(ActivitySum, {
        "field": F(Choice(("participants",), "Trường được cộng"), required=True),
        "tasks": F(_TASK_LIST, default_factory=list),
        "kinds": F(_ID_LIST, default_factory=list),
    })),
    "ratio_of_sums": F(Record(RatioOfSums, {
        "numerator": F(Id(example="so_ccvc_quan_triet"), required=True),
        "denominator": F(Id(example="so_ccvc"), required=True),
    })),
    "qualitative": F(ACTIVITY_FILTER),
}, "Cách đo chỉ tiêu (chọn đúng một)", one_of=(Measure.MEASURES,))

TARGET = Record(Target, {
    "id": F(Id("Mã chỉ tiêu", example="dan_van_kheo"), required=True),
    "text": F(Text("Nội dung chỉ tiêu, đúng như trong kế hoạch"), required=True),
    "short": F(Text("Tên ngắn dùng trong bảng"), required=True),
    "paragraph": F(Int("Đoạn thứ mấy của mục chỉ tiêu", minimum=1)),
    "measure": F(MEASURE, required=True),
    "at_least": F(Threshold("Đạt khi kết quả từ giá trị này trở lên (≥)")),
    "more_than": F(Threshold("Đạt khi kết quả lớn hơn hẳn giá trị này („trên”, >)")),
    "at_most": F(Threshold("Đạt khi kết quả không quá giá trị này (≤)")),
    "less_than": F(Threshold("Đạt khi kết quả nhỏ hơn hẳn giá trị này (<)")),
    "denominator": F(Choice(("all_units", "submitted_units"),
                            "Mẫu số: tất cả đơn vị (mặc định) hoặc các đơn vị đã nộp"),
                     default="all_units"),
}, "Chỉ tiêu", at_most_one_of=(COMPARISONS,))

POINT = Record(Point, {
    "id": F(TaskId("Số hiệu điểm, ví dụ \"2.a\""), required=True),
    "text": F(Text("Nội dung"), required=True),
    "references": F(REFERENCES, default_factory=list),
})

TASK = Record(Task, {
    "id": F(TaskId("Số thứ tự nhiệm vụ, ví dụ \"1\""), required=True),
    "title": F(Text("Tên nhiệm vụ"), required=True),
    "paragraphs": F(_texts("Các đoạn nội dung"), default_factory=list),
    "references": F(REFERENCES, default_factory=list),
    "points": F(ListOf(POINT, "Các điểm a, b, c…"), default_factory=list),
}, "Nhiệm vụ, giải pháp")

IMPLEMENTATION = Record(ImplementationItem, {
    "id": F(Text("Số hiệu, ví dụ a"), required=True),
    "text": F(Text("Nội dung"), required=True),
    "units": F(ListOf(Id(), allow_scalar=True), default_factory=list),
})

REPORT_SETTINGS = Record(ReportSettings, {
    "prepared_by": F(Id("Đơn vị tham mưu báo cáo"), required=True),
    "recipient": F(Text("Cơ quan nhận báo cáo, ví dụ Sở Nội vụ"), required=True),
    "code": F(Text("Ký hiệu báo cáo, ví dụ BC-VP"), required=True),
    "subject": F(Text("Trích yếu báo cáo (kỳ báo cáo được thêm vào sau)"), required=True),
    "signer": F(SIGNER, required=True),
    "recipients": F(_texts("Nơi nhận"), default_factory=list),
    "archive": F(Text("Nội dung dòng Lưu"), default="VT"),
}, "Báo cáo định kỳ")

PERIOD = Record(Period, {
    "label": F(Text("Tên kỳ dùng trong báo cáo, ví dụ 9 tháng năm 2024"), required=True),
    "from": F(Date("Ngày đầu kỳ lấy số liệu"), attr="start"),
    "to": F(Date("Ngày cuối kỳ lấy số liệu"), attr="end"),
    "submit_by": F(Date("Hạn đơn vị gửi tự đánh giá")),
    "report_by": F(Date("Hạn gửi báo cáo")),
}, "Kỳ báo cáo")

UNIT = Record(Unit, {
    "id": F(Id("Mã đơn vị (chữ thường không dấu), cũng là tên tệp tự đánh giá"), required=True),
    "name": F(Text("Tên đơn vị"), required=True),
    "kind": F(Choice(("phong", "ban", "trung_tam", "cong_thong_tin", "khac"), "Loại đơn vị")),
    "head": F(Text("Chức danh người đứng đầu")),
}, "Đơn vị")

INDICATOR = Record(Indicator, {
    "type": F(Choice(INDICATOR_TYPES, "Kiểu giá trị"), required=True),
    "label": F(Text("Tên chỉ số"), required=True),
    "choices": F(MapOf(Id(example="tot"), Text(), "Các mức, tốt nhất trước")),
    "min": F(Int("Giá trị nhỏ nhất")),
    "max": F(Int("Giá trị lớn nhất")),
    "required": F(Bool("Bắt buộc báo cáo (mặc định true)"), default=True),
}, "Chỉ số mỗi đơn vị báo cáo")

HEADINGS = Record(Headings, {
    "purposes": F(Text(), default=Headings.purposes),
    "targets": F(Text(), default=Headings.targets),
    "tasks": F(Text(), default=Headings.tasks),
    "implementation": F(Text(), default=Headings.implementation),
}, "Tên các mục của kế hoạch")

PERIOD_ID = Id("Mã kỳ báo cáo, ví dụ 9m", re.compile(r"[a-z0-9][a-z0-9_-]{0,19}\Z"), "9m")

PLAN = Record(Plan, {
    "year": F(Int("Năm kế hoạch", minimum=2000, maximum=2100), required=True),
    "document": F(DOCUMENT, required=True),
    "basis": F(REFERENCES, default_factory=list),
    "theme": F(Text("Chủ đề năm")),
    "motto": F(Text("Phương châm")),
    "headings": F(HEADINGS, default_factory=Headings),
    "purposes": F(_texts("I. Mục đích, yêu cầu: mỗi đoạn một mục"), default_factory=list),
    "targets": F(ListOf(TARGET, "II. Chỉ tiêu"), required=True),
    "tasks": F(ListOf(TASK, "III. Nội dung và giải pháp"), required=True),
    "implementation": F(ListOf(IMPLEMENTATION, "Tổ chức thực hiện"), default_factory=list),
    "report": F(REPORT_SETTINGS, required=True),
    "periods": F(MapOf(PERIOD_ID, PERIOD, "Các kỳ báo cáo"), required=True),
    "units": F(ListOf(UNIT, "Các đơn vị", min_items=1), required=True),
    "indicators": F(MapOf(Id(example="dan_van_kheo"), INDICATOR, "Các chỉ số đơn vị báo cáo"),
                    required=True),
    "activity_kinds": F(MapOf(Id(example="hoi_nghi"), Text(), "Các loại hoạt động"),
                        default_factory=LocatedDict),
}, "Kế hoạch công tác Dân vận chính quyền")

ACTIVITY = Record(Activity, {
    "task": F(TaskId("Nhiệm vụ của kế hoạch, ví dụ \"2.a\""), required=True),
    "date": F(Date("Ngày thực hiện (YYYY-MM-DD)"), required=True),
    "text": F(Text("Nội dung hoạt động"), required=True),
    "kind": F(Id("Loại hoạt động", example="hoi_nghi")),
    "participants": F(Int("Số người tham dự", minimum=0)),
    "evidence": F(_texts("Minh chứng: biên bản, quyết định, báo cáo…"), default_factory=list),
    "highlight": F(Bool("Hoạt động tiêu biểu"), default=False),
}, "Hoạt động")

ASSESSMENT = Record(Assessment, {
    "unit": F(Id("Mã đơn vị"), required=True),
    "period": F(PERIOD_ID, required=True),
    "submitted": F(Date("Ngày gửi (YYYY-MM-DD)"), required=True),
    "signed_by": F(Text("Người ký")),
    "indicators": F(MapOf(Id(example="dan_van_kheo"), RawNode(), "Các chỉ số"), required=True),
    "activities": F(ListOf(ACTIVITY, "Các hoạt động trong kỳ"), default_factory=list),
    "strengths": F(_texts("Ưu điểm"), default_factory=list),
    "shortcomings": F(_texts("Hạn chế"), default_factory=list),
    "causes": F(_texts("Nguyên nhân của hạn chế"), default_factory=list),
    "proposals": F(_texts("Đề xuất, kiến nghị"), default_factory=list),
    "next_tasks": F(_texts("Nhiệm vụ kỳ tới"), default_factory=list),
    "note": F(Text("Ghi chú")),
}, "Tự đánh giá của đơn vị trong một kỳ báo cáo")
