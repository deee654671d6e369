"""Each fact once in the report, as a drafter says it: a unit that sent no report is its
annex row, not also a note; figures the table or a section carries are not said again;
a later report of the year refers to what an earlier one asked; the year's remedy follows
the year's cause."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from test_report_examples import activity, build


def test_a_unit_that_sent_no_report_is_its_annex_row_not_also_a_note(tmp_path: Path) -> None:
    ctx = build(tmp_path, {"9m": {"vp": activity("2", "2025-07-08", "kiem_tra",
                                                 "Kiểm tra việc thực hiện quy tắc ứng xử")}},
                "9m", date(2025, 9, 20))
    rows = {row["name"]: row["status"] for row in ctx["annex_rows"]}
    assert rows["Phòng Pháp chế"] == "Chưa gửi"
    assert [note for note in ctx["annex_notes"] if "chưa gửi" in note.casefold()] == []
    assert ctx["annex_notes"] == ["Số hoạt động được tính từ ngày 15/12/2024 đến ngày 14/9/2025."]
