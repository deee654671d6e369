"""The annex: each unit's self-assessment figures in one table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.text import (
    NONE_SHOWN,
    clean,
    count_text,
    indicator_text,
    report_day_text,
    short_date,
    strip_end,
)
from dvcq_cli.report.year_end import is_year_end

if TYPE_CHECKING:  # the engine is only needed for its types here
    from dvcq_cli.attain import UnitSubmission


def part(ctx: ReportContext) -> dict[str, Any]:
    return {
        "annex_title": f"Kết quả tự đánh giá của các đơn vị {ctx.label}",
        "annex_reference": annex_reference(ctx),
        "annex_columns": annex_columns(ctx),
        # The year-end report counts the year's activities, not a period's.
        "annex_activities_heading": ("Số hoạt động trong năm" if is_year_end(ctx)
                                     else "Số hoạt động trong kỳ"),
        "annex_rows": annex_rows(ctx),
        "annex_notes": annex_notes(ctx),
    }


def annex_reference(ctx: ReportContext) -> str:
    """`(Kèm theo Báo cáo số      /BC-VP ngày …)`: the number is left for the văn thư."""
    return (f"(Kèm theo Báo cáo số {' ' * 6}/{clean(ctx.plan.report.code)} ngày "
            f"{report_day_text(ctx.options.report_date, ctx.options.day_filled)} của "
            f"{ctx.issuer_name})")


def annex_columns(ctx: ReportContext) -> list[str]:
    """Each indicator's column title: its short name where the plan gives one (a label of
    fifteen words in a column of 2,4 cm is a header nine lines tall)."""
    return [strip_end(clean(indicator.short or indicator.label))
            for indicator in ctx.plan.indicators.values()]


def annex_rows(ctx: ReportContext) -> list[dict[str, Any]]:
    rows = []
    for number, submission in enumerate(ctx.ordered_units(), start=1):
        assessment = submission.assessment
        reporting = submission.state in ("submitted", "late") and assessment is not None
        if reporting:
            assert assessment is not None
            values = [indicator_text(indicator, assessment.indicators.get(key), ctx.plan)
                      for key, indicator in ctx.plan.indicators.items()]
            activities = count_text(sum(1 for a in assessment.activities
                                        if ctx.start <= a.date <= ctx.end))
        else:
            values = [NONE_SHOWN] * len(ctx.plan.indicators)
            activities = NONE_SHOWN
        rows.append({"number": str(number), "name": ctx.names[submission.unit.id],
                     "status": status_text(ctx, submission), "cells": values,
                     "activities": activities})
    return rows


def status_text(ctx: ReportContext, submission: UnitSubmission) -> str:
    when = (f" ngày {short_date(submission.submitted)}"
            if submission.submitted is not None else "")
    if submission.state == "late":
        return f"Gửi trễ hạn{when}"
    if submission.state == "submitted":
        return f"Đã gửi{when}"
    if submission.state == "rejected":
        return "Báo cáo chưa hợp lệ"
    return "Chưa gửi"


def annex_notes(ctx: ReportContext) -> list[str]:
    """The deadline and the activities' window. A unit that did not report is its row's
    `Chưa gửi` (and section I's sentence): a note under the table would say it twice."""
    notes = []
    deadline = ctx.result.period.submit_by
    if deadline is not None:
        notes.append(f"Hạn gửi báo cáo tự đánh giá: ngày {short_date(deadline)}.")
    notes.append(f"Số hoạt động được tính từ ngày {short_date(ctx.start)} đến ngày "
                 f"{short_date(ctx.end)}.")
    return notes
