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
from types import MappingProxyType
from typing import Any

from dvcq_cli.i18n import _
from dvcq_cli.schema import (
    NO_WHERE,
    Bool,
    Choice,
    Context,
    CountsText,
    Date,
    F,
    Id,
    Int,
    ListOf,
    LocatedDict,
    MapOf,
    Number,
    Percent,
    PlacedListOf,
    RawNode,
    Record,
    Scalar,
    TaskId,
    Text,
    TextOrRecord,
    Threshold,
    Where,
    missing_key_message,
    only_one,
)
from dvcq_cli.tuples import NamedTuple


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
COMPARISONS = ("at_least", "more_than", "at_most", "less_than")
CEILINGS = ("at_most", "less_than")


MODEL_STAGES = ("registered", "running", "effective", "recognised")
MODEL_FIELDS = ("kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_he_thong_chinh_tri")
MODEL_KINDS = ("mo_hinh", "dien_hinh")


class ModelFilter(NamedTuple):
    """Which "Dân vận khéo" models count: those that have reached `status` (a later stage
    counts too: a recognised model is also effective) and are not stopped, of the fields and
    kinds listed (all when empty)."""

    status: str = "registered"
    fields: list[str] = []
    kinds: list[str] = []
    where: Where = NO_WHERE


class ActivityFilter(NamedTuple):
    """Which activities count: by task (a task matches its points) and kind; with
    `once_per_item`, activities that name the same `item` count once (see `count_once`)."""

    tasks: list[str] = []
    kinds: list[str] = []
    once_per_item: bool = False
    where: Where = NO_WHERE


class Condition(NamedTuple):
    """What one unit must satisfy: a test on one of its indicators, or on the number of its
    activities that match a filter.

    Exactly one of `indicator` / `activities`, and exactly one test: `equals`, `one_of`, or a
    comparison (`at_least`, `more_than`, `at_most`, `less_than`). On a choice (or a grade),
    comparisons follow the order of the choices, best first (`at_least: kha` is kha or
    better). On a number, a comparison's value may be another number indicator's id: the same
    unit's value of that indicator (`at_most: so_ccvc`).
    """

    indicator: str | None = None
    activities: ActivityFilter | None = None
    scoring: str | None = None
    models: ModelFilter | None = None
    equals: Any = None
    one_of: list[Any] | None = None
    at_least: Any = None
    more_than: Any = None
    at_most: Any = None
    less_than: Any = None
    where: Where = NO_WHERE

    TESTS = ("equals", "one_of", *COMPARISONS)
    SOURCES = ("indicator", "activities", "scoring", "models")

    @property
    def test(self) -> tuple[str, Any]:
        """(`equals` | `one_of` | a comparison, its value)."""
        for name in self.TESTS:
            value = getattr(self, name)
            if value is not None:
                return name, value
        raise ValueError("a condition without a test")  # the spec requires one


class ActivitySum(NamedTuple):
    field: str
    tasks: list[str] = []
    kinds: list[str] = []
    where: Where = NO_WHERE


class RatioOfSums(NamedTuple):
    numerator: str
    denominator: str
    where: Where = NO_WHERE


class IndicatorSum(NamedTuple):
    """The sum of one number indicator over the units (declared `aggregate: sum`)."""

    indicator: str
    where: Where = NO_WHERE


class Measure(NamedTuple):
    """Exactly one of these is set."""

    share_of_units: Condition | None = None
    count_of_units: Condition | None = None
    count_of_activities: ActivityFilter | None = None
    sum_of_activities: ActivitySum | None = None
    ratio_of_sums: RatioOfSums | None = None
    sum_of_indicator: IndicatorSum | None = None
    qualitative: ActivityFilter | None = None
    count_of_models: ModelFilter | None = None
    where: Where = NO_WHERE

    MEASURES = ("share_of_units", "count_of_units", "count_of_activities",
                "sum_of_activities", "ratio_of_sums", "sum_of_indicator", "qualitative",
                "count_of_models")

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


class Scope(NamedTuple):
    """The units something applies to: those listed by id, and those of the kinds listed.

    Targets use it now (`applies_to`); anything else declared for some units only uses the
    same type, so that "which units" is written and checked one way.
    """

    units: list[str] = []
    kinds: list[str] = []
    where: Where = NO_WHERE

    def includes(self, unit: Unit) -> bool:
        return unit.id in self.units or (unit.kind is not None and unit.kind in self.kinds)


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
    applies_to: Scope | None = None
    periods: list[str] = []
    by_period: LocatedDict = LocatedDict()
    where: Where = NO_WHERE

    @property
    def comparison(self) -> tuple[str, int | Percent] | None:
        for name in COMPARISONS:
            value = getattr(self, name)
            if value is not None:
                return name, value
        return None

    @property
    def is_ceiling(self) -> bool:
        """`at_most` / `less_than`: the figure must stay low; units counted push it up."""
        comparison = self.comparison
        return comparison is not None and comparison[0] in CEILINGS

    @property
    def threshold(self) -> Fraction | None:
        """The comparison value as an exact number (80% → 4/5, 5 → 5)."""
        comparison = self.comparison
        return None if comparison is None else exact_threshold(comparison[1])

    def threshold_for(self, period_id: str) -> Fraction | None:
        """The threshold at one period: its `by_period` value, else the target's own."""
        if period_id in self.by_period:
            return exact_threshold(self.by_period[period_id])
        return self.threshold

    def judged_at(self, period_id: str) -> bool:
        """Whether the target has a verdict at this period (`periods`; all when empty)."""
        return not self.periods or period_id in self.periods

    def applies(self, unit: Unit) -> bool:
        return self.applies_to is None or self.applies_to.includes(unit)


def exact_threshold(value: int | Percent) -> Fraction:
    return value.value if isinstance(value, Percent) else Fraction(value)


# ---------------------------------------------------------------- tasks and implementation
class Point(NamedTuple):
    id: str
    text: str
    heading: str | None = None  # the short heading the report shows; `text` stays whole
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


# The kinds of unit a plan may use when it does not declare its own `unit_kinds`.
DEFAULT_UNIT_KINDS = {"phong": "Phòng", "ban": "Ban", "trung_tam": "Trung tâm",
                      "cong_thong_tin": "Cổng thông tin", "khac": "Khác"}

INDICATOR_TYPES = ("bool", "choice", "integer", "number", "text", "grade")
AGGREGATES = ("sum", "none")


# What an activity's number counts when its kind does not say (the older `participants`).
DEFAULT_COUNTS = "người tham dự"


class ActivityKind(NamedTuple):
    """A kind of activity and what an activity's number (`count`) counts for it: `counts`
    is a noun phrase ("người tham dự", "lượt công dân được tiếp", "suất quà"), "" when the
    kind's activities carry no number. A kind written as a label alone counts people
    attending, as numbers did before kinds said what they count."""

    label: str
    counts: str = DEFAULT_COUNTS
    where: Where = NO_WHERE

    @property
    def counts_something(self) -> bool:
        return bool(self.counts)


class Indicator(NamedTuple):
    """What every unit reports. A `grade` is not typed by the unit: it is the band of the
    unit's `score` (another indicator) in the plan's `bands`; a unit that still writes it
    must write the grade its score gives. `aggregate` says whether a number adds up across
    units (`sum`: people, complaints) or never does (`none`, the default: scores, rates).
    `short` is the annex's column title, where the label is too long for a column."""

    type: str
    label: str
    choices: LocatedDict | None = None
    min: int | None = None
    max: int | None = None
    required: bool = True
    aggregate: str | None = None
    score: str | None = None
    bands: str | None = None
    short: str | None = None
    where: Where = NO_WHERE

    @property
    def sums(self) -> bool:
        return self.aggregate == "sum"

    @property
    def is_number(self) -> bool:
        return self.type in ("integer", "number")

    @property
    def is_reported(self) -> bool:
        """Whether a unit must write it (a grade is computed, never required)."""
        return self.required and self.type != "grade"


class Grade(NamedTuple):
    """One band of a scale: scores from `at_least` (inclusive) up to the band above."""

    id: str
    label: str
    at_least: Fraction
    where: Where = NO_WHERE


class Banding(NamedTuple):
    """Score → grade by ordered lower bounds: `grades` best first, each from its `at_least`,
    the last one from `min`; every score from `min` to `max` has exactly one grade.

    The one banding type: graded indicators use it, and so does anything else that turns a
    score into Tốt / Khá / Trung bình / Yếu.
    """

    grades: list[Grade]
    min: Fraction
    max: Fraction
    label: str | None = None
    where: Where = NO_WHERE

    def grade_of(self, score: Fraction | int) -> Grade | None:
        """The grade of a score; None outside the scale."""
        if score < self.min or score > self.max:
            return None
        return next((grade for grade in self.grades if score >= grade.at_least), None)

    def labels(self) -> dict[str, str]:
        """Grade id → label, best first: how a grade is shown, and its order."""
        return {grade.id: grade.label for grade in self.grades}


class ConsistencyRule(NamedTuple):
    """A rule between one unit's values, declared in the plan and checked in every
    self-assessment: `check` must hold (when `when` holds, if given)."""

    id: str
    text: str
    check: Condition
    when: Condition | None = None
    severity: str = "error"
    where: Where = NO_WHERE


class Scoring(NamedTuple):
    """How the year's units are scored: the criteria set (`plans/criteria/<id>.yaml`) and
    the period whose self-assessments carry the self-scores. `criteria_set` is the set
    itself, attached once the workspace has read it (None until then, or when it cannot be
    used)."""

    criteria: str
    period: str
    where: Where = NO_WHERE
    criteria_set: Any = None


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
    unit_kinds: LocatedDict = LocatedDict()
    bands: LocatedDict = LocatedDict()
    consistency: list[ConsistencyRule] = []
    scoring: Scoring | None = None
    where: Where = NO_WHERE
    # The year's "Dân vận khéo" model records (plans/<year>/models.yaml), attached once the
    # workspace has read them; None when the year has no such file.
    models: Any = None

    def unit(self, unit_id: str) -> Unit | None:
        return plan_index(self).units.get(unit_id)

    def kind_label(self, kind: str) -> str:
        """An activity kind's label (its id when the plan does not declare it)."""
        found = self.activity_kinds.get(kind)
        return found.label if isinstance(found, ActivityKind) else kind

    def counts_of(self, kind: str | None) -> str:
        """What an activity's number counts, by its kind ("" when the kind counts nothing);
        people attending for an activity without a kind or of an undeclared kind."""
        found = self.activity_kinds.get(kind or "")
        return found.counts if isinstance(found, ActivityKind) else DEFAULT_COUNTS

    def kinds_of_unit(self) -> dict[str, str]:
        """Unit kind id → label: the plan's `unit_kinds`, or the default ones."""
        return dict(self.unit_kinds) if self.unit_kinds else dict(DEFAULT_UNIT_KINDS)

    def choices_of(self, indicator: Indicator) -> dict[str, str] | None:
        """A choice's or a grade's values → labels, best first; None for other types."""
        if indicator.type == "choice":
            return dict(indicator.choices or {})
        if indicator.type == "grade":
            banding = self.bands.get(indicator.bands or "")
            return banding.labels() if isinstance(banding, Banding) else {}
        return None

    def banding_of(self, indicator: Indicator) -> Banding | None:
        banding = self.bands.get(indicator.bands or "") if indicator.type == "grade" else None
        return banding if isinstance(banding, Banding) else None

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
    """One thing a unit did. `item` names a recurring thing the activity belongs to (a
    "Dân vận khéo" model, a series of dialogues): where a target counts once per item, all
    the activities with one item id count once, whichever unit or period mentions them.

    An activity done over several days (`from`/`to`: tin, bài posted since December) has
    `start`; its `date` is then its last day (`end`), the day that places it in a period:
    a span counts in the period whose window holds its end. `participants` is the
    activity's number, what its kind counts (`count:` in a file, or the older
    `participants:`)."""

    task: str
    date: date
    text: str
    kind: str | None = None
    item: str | None = None
    model: str | None = None
    participants: int | None = None
    evidence: list[str] = []
    highlight: bool = False
    start: date | None = None
    end: date | None = None
    where: Where = NO_WHERE

    @property
    def is_span(self) -> bool:
        return self.start is not None


class Proposal(NamedTuple):
    """A unit's proposal and whom it addresses (`to`, one of `ADDRESSEES`); None when the
    file gives the proposal as a text alone."""

    text: str
    to: str | None = None
    where: Where = NO_WHERE


# Whom a unit's proposal can address. Only those beyond the office (`OUTSIDE`) belong in the
# report's section V: the others are the office's own business.
ADDRESSEES = {"noi_nhan": "nơi nhận báo cáo (Sở Nội vụ)", "ubnd_tinh": "UBND tỉnh",
              "so_nganh": "các sở, ngành, địa phương", "lanh_dao": "Lãnh đạo cơ quan",
              "don_vi": "một đơn vị trong cơ quan"}
OUTSIDE = ("noi_nhan", "ubnd_tinh", "so_nganh")


class Remark(NamedTuple):
    """A strength, shortcoming, cause or next task, and what it concerns: a task or point
    of the plan (`task`) and/or a target (`target`); None when the file gives a text alone.
    The report groups the units' remarks by what they concern."""

    text: str
    task: str | None = None
    target: str | None = None
    where: Where = NO_WHERE


# How the report's "Nguyên nhân" sorts a cause: from outside the unit (workload, staff,
# people's habits, funds, the law) or from the unit itself (how it organised its work). A
# cause that says neither is the unit's own: the report does not blame circumstances for
# what nobody said was beyond the unit.
CAUSE_KINDS = {"khach_quan": "Nguyên nhân khách quan", "chu_quan": "Nguyên nhân chủ quan"}
DEFAULT_CAUSE_KIND = "chu_quan"


class Cause(NamedTuple):
    """A cause of a shortcoming: a remark (see `Remark`) with its kind (`CAUSE_KINDS`; None
    when the file does not say, read as `DEFAULT_CAUSE_KIND`)."""

    text: str
    task: str | None = None
    target: str | None = None
    kind: str | None = None
    where: Where = NO_WHERE


class Assessment(NamedTuple):
    unit: str
    period: str
    submitted: date
    indicators: LocatedDict
    activities: list[Activity] = []
    signed_by: str | None = None
    strengths: list[Remark] = []
    shortcomings: list[Remark] = []
    causes: list[Cause] = []
    proposals: list[Proposal] = []
    next_tasks: list[Remark] = []
    note: str | None = None
    scores: SelfScores | None = None
    where: Where = NO_WHERE


class CriterionScore(NamedTuple):
    """A unit's own score on one criterion (or one bonus or deduction item)."""

    points: Fraction
    explanation: str | None = None
    evidence: list[str] = []
    where: Where = NO_WHERE


class SelfScores(NamedTuple):
    """A unit's year-end self-scoring against the plan's criteria set. `conditions`: the
    set's grade-limiting conditions that apply to the unit (its head was disciplined …);
    `total`: the total the unit states, checked against the sum."""

    criteria: LocatedDict
    bonus: LocatedDict = LocatedDict()
    deductions: LocatedDict = LocatedDict()
    conditions: list[str] = []
    total: Fraction | None = None
    where: Where = NO_WHERE


# ---------------------------------------------------------------- the declared shapes
PERIOD_ID = Id("Mã kỳ báo cáo, ví dụ 9m", re.compile(r"[a-z0-9][a-z0-9_-]{0,19}\Z"), "9m")


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

_ID_LIST = ListOf(Id(example="hoi_nghi"), allow_scalar=True)
_TASK_LIST = ListOf(TaskId(), allow_scalar=True)
ACTIVITY_FILTER = Record(ActivityFilter, {
    "tasks": F(_TASK_LIST, default_factory=list),
    "kinds": F(_ID_LIST, default_factory=list),
    "once_per_item": F(Bool("Đếm mỗi việc (item) một lần: các hoạt động cùng mã item chỉ "
                            "tính là một"), default=False),
}, "Các hoạt động được tính (theo nhiệm vụ và/hoặc loại hoạt động)")

MODEL_FILTER = Record(ModelFilter, {
    "status": F(Choice(MODEL_STAGES, "Mô hình đã đến giai đoạn này (hoặc giai đoạn sau) và chưa "
                       "dừng: registered (đăng ký), running (triển khai), effective (hiệu "
                       "quả), recognised (được công nhận)"), default="registered"),
    "fields": F(ListOf(Choice(MODEL_FIELDS), "Các lĩnh vực (mặc định: mọi lĩnh vực)"),
                default_factory=list),
    "kinds": F(ListOf(Choice(MODEL_KINDS), "mo_hinh (mô hình) và/hoặc dien_hinh (điển hình)"),
               default_factory=list),
}, "Các mô hình “Dân vận khéo” được đếm")

_OPERAND = "; với chỉ số kiểu số, có thể ghi mã một chỉ số số khác của cùng đơn vị"
CONDITION = Record(Condition, {
    "indicator": F(Id("Chỉ số mà đơn vị báo cáo", example="dan_van_kheo")),
    "activities": F(ACTIVITY_FILTER),
    "scoring": F(Choice(("grade", "points"), "Kết quả chấm điểm cuối cùng của đơn vị (kỳ chấm "
                        "điểm): grade (mức xếp loại) hoặc points (tổng điểm)")),
    "models": F(MODEL_FILTER),
    "equals": F(Scalar("Đạt khi giá trị bằng giá trị này" + _OPERAND)),
    "one_of": F(ListOf(Scalar(), "Đạt khi giá trị là một trong các giá trị này")),
    "at_least": F(Scalar("Đạt khi giá trị từ mức này trở lên (≥; với mức: mức này hoặc tốt "
                         "hơn)" + _OPERAND)),
    "more_than": F(Scalar("Đạt khi giá trị lớn hơn hẳn (>; với mức: tốt hơn hẳn)" + _OPERAND)),
    "at_most": F(Scalar("Đạt khi giá trị không quá mức này (≤; với mức: mức này hoặc thấp "
                        "hơn)" + _OPERAND)),
    "less_than": F(Scalar("Đạt khi giá trị nhỏ hơn hẳn (<; với mức: thấp hơn hẳn)" + _OPERAND)),
}, "Điều kiện đối với một đơn vị: một chỉ số, hoặc số hoạt động của đơn vị",
    one_of=(Condition.SOURCES, Condition.TESTS))

SCOPE = Record(Scope, {
    "units": F(ListOf(Id(example="hctc"), "Các đơn vị (mã)", allow_scalar=True),
               default_factory=list),
    "kinds": F(ListOf(Id(example="phong"), "Các loại đơn vị", allow_scalar=True),
               default_factory=list),
}, "Áp dụng cho các đơn vị này (theo mã và/hoặc theo loại đơn vị); đơn vị khác: không áp dụng")

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
    "sum_of_indicator": F(Record(IndicatorSum, {
        "indicator": F(Id("Chỉ số kiểu số được cộng qua các đơn vị (aggregate: sum)",
                          example="don_thu_vuot_cap"), required=True),
    })),
    "qualitative": F(ACTIVITY_FILTER),
    "count_of_models": F(MODEL_FILTER),
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
                            "Tính trên tất cả đơn vị (mặc định: chỉ đạt khi vẫn đạt dù các đơn "
                            "vị chưa nộp báo cáo gì) hoặc chỉ trên các đơn vị đã nộp"),
                     default="all_units"),
    "applies_to": F(SCOPE),
    "periods": F(ListOf(PERIOD_ID, "Chỉ đánh giá đạt/chưa đạt ở các kỳ này (mặc định: mọi kỳ)",
                        allow_scalar=True), default_factory=list),
    "by_period": F(MapOf(PERIOD_ID, Threshold(), "Mức của chỉ tiêu theo từng kỳ (thay mức chung "
                                                 "ở kỳ đó)"),
                   default_factory=LocatedDict),
}, "Chỉ tiêu", at_most_one_of=(COMPARISONS,))

# A point's `heading` is read as a heading of the report: a line or two, at most this many
# words (dvcq check says so; the report's own short form of a text keeps to it too).
HEADING_WORDS = 20

POINT = Record(Point, {
    "id": F(TaskId("Số hiệu điểm, ví dụ \"2.a\""), required=True),
    "text": F(Text("Nội dung"), required=True),
    "heading": F(Text("Tiêu đề ngắn của điểm trong báo cáo (mặc định: vế đầu của nội dung)")),
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
    "kind": F(Id("Loại đơn vị: một mã trong unit_kinds của kế hoạch (mặc định: phong, ban, "
                 "trung_tam, cong_thong_tin, khac)", example="phong")),
    "head": F(Text("Chức danh người đứng đầu")),
}, "Đơn vị")

INDICATOR = Record(Indicator, {
    "type": F(Choice(INDICATOR_TYPES, "Kiểu giá trị"), required=True),
    "label": F(Text("Tên chỉ số"), required=True),
    "short": F(Text("Tên ngắn làm tiêu đề cột trong phụ lục của báo cáo (mặc định: label)")),
    "choices": F(MapOf(Id(example="tot"), Text(), "Các mức, tốt nhất trước")),
    "min": F(Int("Giá trị nhỏ nhất")),
    "max": F(Int("Giá trị lớn nhất")),
    "required": F(Bool("Bắt buộc báo cáo (mặc định true)"), default=True),
    "aggregate": F(Choice(AGGREGATES, "Cách tổng hợp qua các đơn vị: sum (cộng: số người, số "
                                      "đơn thư) hoặc none (không cộng: điểm, tỷ lệ; mặc định)")),
    "score": F(Id("Với type: grade — chỉ số điểm được xếp loại", example="diem")),
    "bands": F(Id("Với type: grade — thang xếp loại trong mục bands", example="xep_loai")),
}, "Chỉ số mỗi đơn vị báo cáo")

GRADE = Record(Grade, {
    "id": F(Id("Mã mức xếp loại", example="tot"), required=True),
    "label": F(Text("Tên mức, ví dụ Tốt"), required=True),
    "at_least": F(Number("Điểm từ mức này trở lên (mức thấp nhất: bằng min)"), required=True),
}, "Một mức xếp loại")

BANDING = Record(Banding, {
    "label": F(Text("Tên thang xếp loại")),
    "min": F(Number("Điểm thấp nhất của thang"), required=True),
    "max": F(Number("Điểm cao nhất của thang"), required=True),
    "grades": F(ListOf(GRADE, "Các mức, tốt nhất trước; mỗi mức từ at_least của nó đến dưới "
                              "mức trên", min_items=1), required=True),
}, "Thang xếp loại theo điểm")

_CONSISTENCY_SEVERITIES = ("error", "warning")
CONSISTENCY_RULE = Record(ConsistencyRule, {
    "id": F(Id("Mã quy tắc", example="quan_triet_khong_vuot"), required=True),
    "text": F(Text("Quy tắc, viết thành câu: được nêu trong thông báo khi đơn vị vi phạm"),
              required=True),
    "when": F(CONDITION),
    "check": F(CONDITION, required=True),
    "severity": F(Choice(_CONSISTENCY_SEVERITIES, "error (mặc định) hoặc warning"),
                  default="error"),
}, "Quy tắc nhất quán giữa các chỉ số của một đơn vị: 'check' phải đúng (khi 'when' đúng)")

SCORING = Record(Scoring, {
    "criteria": F(Id("Bộ tiêu chí: tên tệp trong plans/criteria/, không có .yaml",
                     re.compile(r"[a-z0-9][a-z0-9_-]{0,79}\Z"), "tay-ninh-1563-2022"),
                  required=True),
    "period": F(PERIOD_ID, required=True),
}, "Chấm điểm, xếp loại đơn vị theo bộ tiêu chí")

HEADINGS = Record(Headings, {
    "purposes": F(Text(), default=Headings.purposes),
    "targets": F(Text(), default=Headings.targets),
    "tasks": F(Text(), default=Headings.tasks),
    "implementation": F(Text(), default=Headings.implementation),
}, "Tên các mục của kế hoạch")

ACTIVITY_KIND = Record(ActivityKind, {
    "label": F(Text("Tên loại hoạt động"), required=True),
    "counts": F(CountsText("Số liệu của hoạt động loại này đếm gì, ví dụ: người tham dự, lượt "
                           "công dân được tiếp, suất quà, tin, bài, hồ sơ; false nếu không đếm "
                           "gì"), default=DEFAULT_COUNTS),
}, "Loại hoạt động")

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
    "activity_kinds": F(MapOf(Id(example="hoi_nghi"), TextOrRecord(ACTIVITY_KIND, "label"),
                              "Các loại hoạt động: tên, hoặc tên (label) và điều số liệu của "
                              "hoạt động đếm (counts)"),
                        default_factory=LocatedDict),
    "unit_kinds": F(MapOf(Id(example="phong"), Text(), "Các loại đơn vị (mã → tên); mặc định: "
                          "phong, ban, trung_tam, cong_thong_tin, khac"),
                    default_factory=LocatedDict),
    "bands": F(MapOf(Id(example="xep_loai"), BANDING, "Các thang xếp loại theo điểm"),
               default_factory=LocatedDict),
    "consistency": F(ListOf(CONSISTENCY_RULE, "Quy tắc nhất quán giữa các chỉ số của một đơn "
                                              "vị"), default_factory=list),
    "scoring": F(SCORING),
}, "Kế hoạch công tác Dân vận chính quyền")

class SpanRecord(Record):
    """An activity's record: `count` (the newer name) and `participants` fill one slot, and
    an activity over a span (`from`/`to`) takes its last day as its date."""

    legacy = ("participants",)
    aliases = MappingProxyType({"count": "participants"})
    # No date: the span's end, or (neither given) none valid.
    fallbacks = MappingProxyType({"date": "to"})

    def _exclusive_ok(self, keys: dict[str, Any], where: Where, ctx: Context) -> bool:
        """One day (`date`) or a span (`from` and `to`): one message for one mistake."""
        ok = super()._exclusive_ok(keys, where, ctx)
        span = [name for name in ("from", "to") if name in keys]
        if "date" in keys and span:
            ctx.report(where.key(span[0]), "key-conflict", _(
                "'date' and '{key}' cannot both be given: write date for one day, or from and "
                "to for several days").format(key=span[0]))
            return False
        if span == ["from"]:
            ctx.report(where.key("from"), "key-missing", _(
                "'from' needs 'to': write the last day as to: YYYY-MM-DD, or write a single "
                "date: instead of from"))
            return False
        if "date" not in keys and not span:
            ctx.report(where.at, "key-missing",
                       _("missing key '{key}' in this mapping").format(key="date"))
            return False
        return ok

    def unwritten(self, obj: Any) -> tuple[str, ...]:
        return (*self.legacy, "date") if getattr(obj, "start", None) is not None \
            else self.legacy

    def json_schema(self) -> dict[str, Any]:
        """The same rules for editors: a date or a span's last day, not both, `from` with
        `to`."""
        schema = super().json_schema()
        missing = missing_key_message("date", self.fields["date"].spec)
        span = "Có from thì cần to: ngày kết thúc (YYYY-MM-DD)"
        schema.setdefault("allOf", []).extend([
            {"anyOf": [{"required": [name], "errorMessage": missing} for name in ("date", "to")]},
            only_one("date", "from"), only_one("date", "to"),
            {"if": {"required": ["from"]}, "then": {"required": ["to"], "errorMessage": span}},
        ])
        return schema



ACTIVITY = SpanRecord(Activity, {
    "task": F(TaskId("Nhiệm vụ của kế hoạch, ví dụ \"2.a\""), required=True),
    "date": F(Date("Ngày thực hiện (YYYY-MM-DD); hoạt động kéo dài nhiều ngày: ghi from và to")),
    "from": F(Date("Ngày bắt đầu của hoạt động kéo dài nhiều ngày (YYYY-MM-DD), cùng với to"),
              attr="start"),
    "to": F(Date("Ngày kết thúc của hoạt động kéo dài nhiều ngày (YYYY-MM-DD): hoạt động được "
                 "tính vào kỳ chứa ngày này"), attr="end"),
    "text": F(Text("Nội dung hoạt động"), required=True),
    "kind": F(Id("Loại hoạt động", example="hoi_nghi")),
    "item": F(Id("Mã việc được theo dõi qua nhiều kỳ (mô hình, chuỗi hoạt động): các hoạt động "
                 "cùng mã được đếm một lần khi chỉ tiêu đếm theo việc", example="mh_mot_cua")),
    "model": F(Id("Mã mô hình “Dân vận khéo” trong plans/<năm>/models.yaml mà hoạt động "
                  "thuộc về", example="mh_mot_cua")),
    "count": F(Int("Số liệu của hoạt động: điều loại hoạt động đếm (counts của kế hoạch; mặc "
                   "định: số người tham dự)", minimum=0), attr="participants"),
    "participants": F(Int("Số người tham dự (tên cũ của count)", minimum=0)),
    "evidence": F(_texts("Minh chứng: biên bản, quyết định, báo cáo…"), default_factory=list),
    "highlight": F(Bool("Hoạt động tiêu biểu"), default=False),
}, "Hoạt động", at_most_one_of=(("count", "participants"),))

CRITERION_SCORE = Record(CriterionScore, {
    "points": F(Number("Số điểm"), required=True),
    "explanation": F(Text("Giải trình")),
    "evidence": F(_texts("Tài liệu kiểm chứng: số, ký hiệu văn bản hoặc tên tệp"),
                  default_factory=list),
}, "Điểm tự chấm")

SELF_SCORES = Record(SelfScores, {
    "criteria": F(MapOf(Id(example="tc1"), CRITERION_SCORE, "Điểm tự chấm từng tiêu chí",
                        key_label="mã tiêu chí"), required=True),
    "bonus": F(MapOf(Id(example="dvk"), CRITERION_SCORE, "Điểm thưởng"),
               default_factory=LocatedDict),
    "deductions": F(MapOf(Id(example="tre_han"), CRITERION_SCORE, "Điểm trừ"),
                    default_factory=LocatedDict),
    "conditions": F(PlacedListOf(Id(example="ky_luat"), "Điều kiện hạn chế xếp loại áp dụng "
                                 "với đơn vị", allow_scalar=True), default_factory=list),
    "total": F(Number("Tổng điểm đơn vị tự chấm (được kiểm tra với tổng các điểm)")),
}, "Tự chấm điểm theo bộ tiêu chí (kỳ chấm điểm của kế hoạch)")

PROPOSAL = Record(Proposal, {
    "text": F(Text("Nội dung đề xuất, kiến nghị"), required=True),
    "to": F(Choice(tuple(ADDRESSEES), "Gửi tới: " + "; ".join(
        f"{key} = {label}" for key, label in ADDRESSEES.items()))),
}, "Một đề xuất, kiến nghị: nội dung (text) và nơi nhận (to)")

REMARK = Record(Remark, {
    "text": F(Text("Nội dung"), required=True),
    "task": F(TaskId("Nhiệm vụ hoặc điểm của kế hoạch mà ý này nói về, ví dụ \"2.a\"")),
    "target": F(Id("Mã chỉ tiêu của kế hoạch mà ý này nói về", example="qcdc_tot")),
}, "Một ý: nội dung (text) và, nếu có, nhiệm vụ (task) hoặc chỉ tiêu (target) mà ý đó nói về")

CAUSE = Record(Cause, {
    **REMARK.fields,
    "kind": F(Choice(tuple(CAUSE_KINDS), "Loại nguyên nhân: khach_quan = khách quan (ngoài "
                     "đơn vị); chu_quan = chủ quan (do đơn vị). Không ghi thì là chủ quan")),
}, "Một nguyên nhân: nội dung (text), nếu có nhiệm vụ (task) hoặc chỉ tiêu (target) mà nó "
   "giải thích, và loại (kind: khach_quan hoặc chu_quan)")


def _remarks(description: str) -> ListOf:
    return ListOf(TextOrRecord(REMARK), description, allow_scalar=True)


ASSESSMENT = Record(Assessment, {
    "unit": F(Id("Mã đơn vị"), required=True),
    "period": F(PERIOD_ID, required=True),
    "submitted": F(Date("Ngày gửi (YYYY-MM-DD)"), required=True),
    "signed_by": F(Text("Người ký")),
    "indicators": F(MapOf(Id(example="dan_van_kheo"), RawNode(), "Các chỉ số"), required=True),
    "activities": F(ListOf(ACTIVITY, "Các hoạt động trong kỳ"), default_factory=list),
    "strengths": F(_remarks("Ưu điểm"), default_factory=list),
    "shortcomings": F(_remarks("Hạn chế"), default_factory=list),
    "causes": F(ListOf(TextOrRecord(CAUSE), "Nguyên nhân của hạn chế", allow_scalar=True),
                default_factory=list),
    "proposals": F(ListOf(TextOrRecord(PROPOSAL), "Đề xuất, kiến nghị", allow_scalar=True),
                   default_factory=list),
    "next_tasks": F(_remarks("Nhiệm vụ kỳ tới"), default_factory=list),
    "note": F(Text("Ghi chú")),
    "scores": F(SELF_SCORES),
}, "Tự đánh giá của đơn vị trong một kỳ báo cáo")
