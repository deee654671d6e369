"""Which days an office does not issue documents on: weekends and fixed public holidays.

Only the holidays with a fixed solar date (Bộ luật Lao động 2019, Điều 112): Tết Dương lịch
01/01, Ngày Chiến thắng 30/4, Quốc tế Lao động 01/5, Quốc khánh 02/9. Tết Nguyên đán, Giỗ Tổ
Hùng Vương and the day added to Quốc khánh move every year and are not known here.
"""

from __future__ import annotations

from datetime import date

from dvcq_cli.i18n import N_, _

FIXED_HOLIDAYS = {(1, 1): N_("New Year's Day"), (4, 30): N_("Reunification Day"),
                  (5, 1): N_("International Workers' Day"), (9, 2): N_("National Day")}


def day_off(day: date) -> str | None:
    """Why `day` is not a working day (`Saturday`, `National Day`, …), or None."""
    holiday = FIXED_HOLIDAYS.get((day.month, day.day))
    if holiday is not None:
        return _(holiday)
    if day.weekday() == 5:
        return _("a Saturday")
    if day.weekday() == 6:
        return _("a Sunday")
    return None
