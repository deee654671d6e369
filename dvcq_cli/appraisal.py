"""The appraisal council's review of the units' self-scores, in its own file.

`plans/<year>/appraisal.yaml` is written by the council (Hội đồng / Tổ thẩm định) alone:
units never edit it and the council never edits a unit's file, so every change of points is
a line of its own in git. For each unit it reviewed, the file gives the points it sets on
each criterion it changed (and on the criteria only the reviewing level awards), with the
reason for each; criteria it does not name keep the unit's own points.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from dvcq_cli.schema import (
    NO_WHERE,
    Date,
    F,
    Id,
    ListOf,
    LocatedDict,
    MapOf,
    Number,
    PlacedListOf,
    Record,
    Text,
    Where,
)
from dvcq_cli.tuples import NamedTuple


class Adjustment(NamedTuple):
    """The council's points on one criterion (or bonus or deduction item), and why."""

    points: Fraction
    reason: str
    where: Where = NO_WHERE


class UnitAppraisal(NamedTuple):
    criteria: LocatedDict = LocatedDict()
    bonus: LocatedDict = LocatedDict()
    deductions: LocatedDict = LocatedDict()
    # The grade-limiting conditions the council finds; None keeps the unit's own list.
    conditions: list[str] | None = None
    appraised_by: str | None = None
    date: date | None = None
    note: str | None = None
    where: Where = NO_WHERE


class Appraisal(NamedTuple):
    council: str
    date: date
    units: LocatedDict
    decision: str | None = None
    members: list[str] = []
    where: Where = NO_WHERE

    def who(self, unit: UnitAppraisal) -> str:
        return unit.appraised_by or self.council

    def when(self, unit: UnitAppraisal) -> date:
        return unit.date or self.date


ADJUSTMENT = Record(Adjustment, {
    "points": F(Number("Số điểm thẩm định"), required=True),
    "reason": F(Text("Lý do điều chỉnh (bắt buộc với mọi thay đổi)"), required=True),
}, "Điểm thẩm định và lý do")

_ADJUSTMENTS = MapOf(Id(example="tc3"), ADJUSTMENT, "Điểm thẩm định theo mã", "mã tiêu chí")

UNIT_APPRAISAL = Record(UnitAppraisal, {
    "criteria": F(_ADJUSTMENTS, default_factory=LocatedDict),
    "bonus": F(_ADJUSTMENTS, default_factory=LocatedDict),
    "deductions": F(_ADJUSTMENTS, default_factory=LocatedDict),
    "conditions": F(PlacedListOf(Id(example="ky_luat"), "Điều kiện hạn chế xếp loại Hội đồng "
                                 "xác định (thay danh sách của đơn vị)", allow_scalar=True)),
    "appraised_by": F(Text("Người/tổ thẩm định đơn vị này, nếu khác Hội đồng")),
    "date": F(Date("Ngày thẩm định đơn vị này, nếu khác ngày chung")),
    "note": F(Text("Nhận xét")),
}, "Kết quả thẩm định một đơn vị")

APPRAISAL = Record(Appraisal, {
    "council": F(Text("Hội đồng / Tổ thẩm định"), required=True),
    "decision": F(Text("Quyết định thành lập, ví dụ Quyết định số 45/QĐ-VP ngày 02/12/2024")),
    "date": F(Date("Ngày thẩm định (YYYY-MM-DD)"), required=True),
    "members": F(ListOf(Text(), "Thành viên", allow_scalar=True), default_factory=list),
    "units": F(MapOf(Id(example="hctc"), UNIT_APPRAISAL, "Kết quả thẩm định theo mã đơn vị",
                     "mã đơn vị"), required=True),
}, "Kết quả thẩm định điểm tự chấm của các đơn vị")
