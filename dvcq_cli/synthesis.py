"""The drafter's synthesis: what the office itself says in a period's report.

`plans/<year>/<period>/_bao-cao.yaml` is written by the unit that prepares the report
(`report.prepared_by` in the plan). Every key is optional: where the file gives a section,
the report uses it instead of the draft made from the units' own sentences; what it leaves
out is drafted as before. Figures, the targets table, the lists of missing and late units
and the annex always come from the data.

The name starts with '_': a unit id starts with a letter, so this file can never be taken
for a unit's self-assessment, and it is listed first in its folder.

An entry is a text, or a mapping with `text` and the units, targets and activities it
draws on (each checked against the plan and the period's assessments):

    shortcomings:
      - text: Việc cập nhật kết quả lên Cổng thông tin điện tử còn chậm.
        units: [cong_ttdt]
        activities: [cong_ttdt@2024-08-30]   # unit id @ the activity's date
"""

from __future__ import annotations

import re
from datetime import date

from dvcq_cli.model import CAUSE_KINDS
from dvcq_cli.schema import (
    NO_WHERE,
    Choice,
    F,
    Id,
    ListOf,
    LocatedDict,
    MapOf,
    PlacedListOf,
    Record,
    TaskId,
    Text,
    TextOrRecord,
    Where,
)
from dvcq_cli.tuples import NamedTuple
from dvcq_cli.workspace import SYNTHESIS_STEM

SYNTHESIS_FILE = SYNTHESIS_STEM + ".yaml"

# The sections given as lists of entries, in the order the report shows them.
LIST_SECTIONS = ("leadership", "strengths", "shortcomings", "causes", "next_tasks",
                 "proposals")

# `hctc@2024-09-09`: one unit's activity (or activities) of that day, the day being the
# activity's `date` (its first day, for an activity that spans days).
ACTIVITY_CITE = re.compile(r"([^@\s]+)@([0-9]{4}-[0-9]{2}-[0-9]{2})\Z")


def parse_activity_cite(text: str) -> tuple[str, date] | None:
    """`(unit id, date)` of `hctc@2024-09-09`; None when the text is not of that form or
    the date is not a real one."""
    match = ACTIVITY_CITE.match(text)
    if match is None:
        return None
    try:
        return match.group(1), date.fromisoformat(match.group(2))
    except ValueError:
        return None


class Entry(NamedTuple):
    """One paragraph or list item as the office states it, and what it draws on."""

    text: str
    units: list[str] = []
    targets: list[str] = []
    activities: list[str] = []
    where: Where = NO_WHERE
    kind: str | None = None  # a cause's kind (`CAUSE_KINDS`); None: not said


class Synthesis(NamedTuple):
    """What the drafter gives; None (or an empty value) leaves the section to the draft."""

    opening: str | None = None
    leadership: list[Entry] | None = None
    tasks: LocatedDict | None = None  # task or point id → Entry
    strengths: list[Entry] | None = None
    shortcomings: list[Entry] | None = None
    causes: list[Entry] | None = None
    next_tasks: list[Entry] | None = None
    proposals: list[Entry] | None = None
    where: Where = NO_WHERE

    def given(self) -> list[str]:
        """The sections the file gives, in the report's order."""
        return [name for name in ("opening", "leadership", "tasks", *LIST_SECTIONS[1:])
                if getattr(self, name)]


ENTRY = TextOrRecord(Record(Entry, {
    "text": F(Text("Nội dung do đơn vị soạn thảo viết"), required=True),
    "units": F(PlacedListOf(Id(example="hctc"), "Các đơn vị liên quan (mã), ghi sau nội "
                            "dung", allow_scalar=True), default_factory=list),
    "targets": F(PlacedListOf(Id(example="dan_van_kheo"), "Các chỉ tiêu liên quan (mã)",
                              allow_scalar=True), default_factory=list),
    "activities": F(PlacedListOf(Text(), "Các hoạt động dẫn chứng: mã đơn vị@ngày, ví dụ "
                                 "kgvx@2024-09-09", allow_scalar=True), default_factory=list),
}, "Một đoạn: nội dung (text) và các đơn vị, chỉ tiêu, hoạt động liên quan"))

# A cause also says its kind, so that the report keeps the objective and the units' own
# causes under their two headings.
CAUSE_ENTRY = TextOrRecord(Record(Entry, {
    **ENTRY.record.fields,
    "kind": F(Choice(tuple(CAUSE_KINDS), "Loại nguyên nhân: khach_quan = khách quan (ngoài "
                     "đơn vị); chu_quan = chủ quan (do đơn vị). Không ghi thì là chủ quan")),
}, "Một nguyên nhân: nội dung (text), các đơn vị, chỉ tiêu, hoạt động liên quan và loại "
   "(kind: khach_quan hoặc chu_quan)"))


def _entries(description: str) -> F:
    return F(ListOf(ENTRY, description, allow_scalar=True))


SYNTHESIS = Record(Synthesis, {
    "opening": F(Text("Đoạn mở đầu của báo cáo")),
    "leadership": _entries("Mục I. Công tác lãnh đạo, chỉ đạo (mỗi mục một đoạn)"),
    "tasks": F(MapOf(TaskId(), ENTRY, "Đoạn tóm tắt theo nhiệm vụ, nội dung của kế hoạch",
                     "số hiệu nhiệm vụ")),
    "strengths": _entries("Ưu điểm"),
    "shortcomings": _entries("Hạn chế"),
    "causes": F(ListOf(CAUSE_ENTRY, "Nguyên nhân của hạn chế", allow_scalar=True)),
    "next_tasks": _entries("Nhiệm vụ trọng tâm kỳ tới"),
    "proposals": _entries("Đề xuất, kiến nghị với cơ quan cấp trên"),
}, "Phần tổng hợp của đơn vị soạn thảo báo cáo")
