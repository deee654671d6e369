"""A criteria set: the province's decision on how units are scored and graded, as data.

A set lives in `plans/criteria/<id>.yaml`, named by the decision that issues it; a plan names
the set it uses (`scoring: {criteria: <id>, period: 12m}`), so a workspace holds as many sets
as the province has issued and each year's plan picks its own. Nothing about any province's
criteria is written in code: groups, criteria, maxima, bonus and deductions with their caps,
grade bands, the conditions that forbid a grade, and which points only the reviewing level
awards are all read from the file.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

from dvcq_cli.model import GRADE, Banding, Grade
from dvcq_cli.schema import (
    NO_WHERE,
    Bool,
    Choice,
    Date,
    F,
    Id,
    ListOf,
    Number,
    Record,
    Text,
    Where,
)
from dvcq_cli.tuples import NamedTuple

AWARDED_BY = ("unit", "reviewer")


class Decision(NamedTuple):
    """The document that issues the set: `Quyết định số 1563/QĐ-UBND ngày 01/8/2022`."""

    symbol: str
    date: date
    issuer: str
    title: str
    kind: str = "Quyết định"
    where: Where = NO_WHERE


class SubItem(NamedTuple):
    id: str
    text: str
    max: Fraction | None = None
    where: Where = NO_WHERE


class Criterion(NamedTuple):
    """One criterion: its maximum, who awards it, what proves it."""

    id: str
    title: str
    max: Fraction
    awarded_by: str = "unit"
    evidence: list[str] = []
    evidence_required: bool | None = None
    items: list[SubItem] = []
    where: Where = NO_WHERE

    @property
    def needs_evidence(self) -> bool:
        """Evidence is required when the set says so, or by default when it names any."""
        return bool(self.evidence) if self.evidence_required is None else self.evidence_required

    @property
    def by_reviewer(self) -> bool:
        return self.awarded_by == "reviewer"


class Group(NamedTuple):
    id: str
    title: str
    criteria: list[Criterion]
    where: Where = NO_WHERE


class Extra(NamedTuple):
    """A bonus or a deduction a unit may claim (or be given), up to its own `max`."""

    id: str
    text: str
    max: Fraction
    where: Where = NO_WHERE


class Extras(NamedTuple):
    """Bonus points or deductions: the items, and the cap on their sum."""

    cap: Fraction
    items: list[Extra] = []
    where: Where = NO_WHERE

    def item(self, item_id: str) -> Extra | None:
        return next((item for item in self.items if item.id == item_id), None)


class GradeLimit(NamedTuple):
    """A condition that forbids a grade: with `no_grade`, any grade ("không xếp loại");
    with `best_grade`, any grade better than that one (a unit whose head was disciplined
    cannot be graded Tốt: `best_grade: kha`)."""

    id: str
    text: str
    no_grade: bool = False
    best_grade: str | None = None
    where: Where = NO_WHERE


class CriteriaSet(NamedTuple):
    id: str  # the file's name without `.yaml`
    decision: Decision
    total: Fraction
    groups: list[Group]
    grades: list[Grade]
    bonus: Extras | None = None
    deductions: Extras | None = None
    conditions: list[GradeLimit] = []
    example: bool = False
    note: str | None = None
    where: Where = NO_WHERE

    def criteria(self) -> list[Criterion]:
        return [criterion for group in self.groups for criterion in group.criteria]

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria() if c.id == criterion_id), None)

    def condition(self, condition_id: str) -> GradeLimit | None:
        return next((c for c in self.conditions if c.id == condition_id), None)

    @property
    def top(self) -> Fraction:
        """The highest score: the total plus the bonus cap."""
        return self.total + (self.bonus.cap if self.bonus is not None else 0)

    def banding(self) -> Banding:
        """The grade bands over the whole scale, 0 to total plus bonus."""
        return Banding(self.grades, Fraction(0), self.top, None, self.where)

    def citation(self) -> str:
        """`Quyết định số 1563/QĐ-UBND ngày 01/8/2022 của UBND tỉnh Tây Ninh`."""
        from dvcq_cli.vietnamese import format_date_short

        decision = self.decision
        return (f"{decision.kind} số {decision.symbol} ngày {format_date_short(decision.date)} "
                f"của {decision.issuer}")


# ---------------------------------------------------------------- the declared shape
SET_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}\Z")

DECISION = Record(Decision, {
    "kind": F(Text("Loại văn bản, mặc định Quyết định"), default="Quyết định"),
    "symbol": F(Text("Số, ký hiệu, ví dụ 1563/QĐ-UBND"), required=True),
    "date": F(Date("Ngày ban hành (YYYY-MM-DD)"), required=True),
    "issuer": F(Text("Cơ quan ban hành, ví dụ UBND tỉnh Tây Ninh"), required=True),
    "title": F(Text("Trích yếu"), required=True),
}, "Văn bản ban hành bộ tiêu chí")

_POINTS = Number("Số điểm", minimum=0)

SUB_ITEM = Record(SubItem, {
    "id": F(Id("Mã nội dung con", example="a"), required=True),
    "text": F(Text("Nội dung"), required=True),
    "max": F(Number("Điểm tối đa của nội dung này", minimum=0)),
}, "Nội dung con của tiêu chí")

CRITERION = Record(Criterion, {
    "id": F(Id("Mã tiêu chí, dùng trong bảng tự chấm", example="tc1"), required=True),
    "title": F(Text("Tên tiêu chí"), required=True),
    "max": F(Number("Điểm tối đa", minimum=0), required=True),
    "awarded_by": F(Choice(AWARDED_BY, "Ai chấm: unit (đơn vị tự chấm, mặc định) hoặc "
                                       "reviewer (chỉ cấp thẩm định chấm)"), default="unit"),
    "evidence": F(ListOf(Text(), "Tài liệu kiểm chứng", allow_scalar=True),
                  default_factory=list),
    "evidence_required": F(Bool("Bắt buộc nêu tài liệu kiểm chứng (mặc định: có, khi tiêu "
                                "chí nêu tài liệu)")),
    "items": F(ListOf(SUB_ITEM, "Các nội dung con"), default_factory=list),
}, "Tiêu chí")

GROUP = Record(Group, {
    "id": F(Id("Mã nhóm", re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}\Z"), "I"),
            required=True),
    "title": F(Text("Tên nhóm tiêu chí"), required=True),
    "criteria": F(ListOf(CRITERION, "Các tiêu chí", min_items=1), required=True),
}, "Nhóm tiêu chí")

EXTRA = Record(Extra, {
    "id": F(Id("Mã mục", example="dvk_tieu_bieu"), required=True),
    "text": F(Text("Nội dung"), required=True),
    "max": F(_POINTS, required=True),
}, "Một mục điểm thưởng hoặc điểm trừ")

EXTRAS = Record(Extras, {
    "cap": F(Number("Tổng điểm tối đa của phần này", minimum=0), required=True),
    "items": F(ListOf(EXTRA, "Các mục"), default_factory=list),
}, "Điểm thưởng hoặc điểm trừ")

GRADE_LIMIT = Record(GradeLimit, {
    "id": F(Id("Mã điều kiện", example="ky_luat_nguoi_dung_dau"), required=True),
    "text": F(Text("Điều kiện, viết thành câu"), required=True),
    "no_grade": F(Bool("Không xếp loại khi điều kiện xảy ra"), default=False),
    "best_grade": F(Id("Mức cao nhất được xếp khi điều kiện xảy ra", example="kha")),
}, "Điều kiện hạn chế xếp loại", one_of=(("no_grade", "best_grade"),))

CRITERIA_SET = Record(CriteriaSet, {
    "id": F(Id("Mã bộ tiêu chí: tên tệp, không có .yaml", SET_ID, "tay-ninh-1563-2022"),
            required=True),
    "example": F(Bool("true: bộ tiêu chí ví dụ, không phải văn bản thật"), default=False),
    "note": F(Text("Ghi chú")),
    "decision": F(DECISION, required=True),
    "total": F(Number("Tổng điểm các tiêu chí", minimum=1), required=True),
    "groups": F(ListOf(GROUP, "Các nhóm tiêu chí", min_items=1), required=True),
    "bonus": F(EXTRAS),
    "deductions": F(EXTRAS),
    "grades": F(ListOf(GRADE, "Các mức xếp loại, tốt nhất trước; mức thấp nhất từ 0",
                       min_items=1), required=True),
    "conditions": F(ListOf(GRADE_LIMIT, "Điều kiện hạn chế xếp loại"), default_factory=list),
}, "Bộ tiêu chí đánh giá, xếp loại công tác Dân vận chính quyền")
