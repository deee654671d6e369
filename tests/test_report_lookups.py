"""The report's lookups made once per report, so that a line per unit stays cheap at
thousands of units, give what going through every unit gave."""

from __future__ import annotations

from dvcq_cli.report.context import ReportContext

NAMES = ["Phòng A", "Phòng A B", "Phòng AB", "Phòng Ac", "Phòng B", "Phòng", "Trung tâm A"]


def context(names: list[str]) -> ReportContext:
    ctx = ReportContext.__new__(ReportContext)  # only the names are needed here
    ctx.names = {f"u{index}": name for index, name in enumerate(names)}
    ctx._names_in_order = None
    return ctx


def by_scanning(names: list[str], name: str) -> list[str]:
    return sorted({other for other in names if other != name and other.startswith(name)})


def test_longer_names_are_every_other_name_that_begins_with_the_name() -> None:
    ctx = context(NAMES)
    assert ctx.longer_names("Phòng A") == ["Phòng A B", "Phòng AB", "Phòng Ac"]
    assert ctx.longer_names("Phòng") == ["Phòng A", "Phòng A B", "Phòng AB", "Phòng Ac",
                                         "Phòng B"]
    assert ctx.longer_names("Phòng B") == []
    assert ctx.longer_names("Trung tâm A") == []
    for name in NAMES:
        assert ctx.longer_names(name) == by_scanning(NAMES, name)


def test_longer_names_of_many_units_equal_a_scan_of_every_name() -> None:
    names = [f"UBND xã {chr(0x41 + i % 26)}{'ă' * (i % 3)} {i // 7}" for i in range(600)]
    ctx = context(names)
    for name in names[::17]:
        assert ctx.longer_names(name) == by_scanning(names, name)
