"""`dvcq score` as a coloured terminal table (Rich, imported only here and only when used)."""

from __future__ import annotations

from typing import Any

from dvcq_cli.i18n import _
from dvcq_cli.score import ScoreOutcome
from dvcq_cli.views.score_text import (
    difference_lines,
    grade_summary,
    headers,
    heading,
    ungraded_reason,
    unit_rows,
)
from dvcq_cli.views.status_rich import left_out_parts, printed


def render_rich(outcome: ScoreOutcome, width: int | None = None) -> str:
    from rich.table import Table
    from rich.text import Text

    result = outcome.result
    title, cited = heading(result)
    table = Table(title=title, caption=cited)
    for header, justify in zip(headers(), ("right", "left", "right", "right", "right", "left"),
                               strict=True):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row, unit in zip(unit_rows(result), result.units, strict=True):
        style = "" if unit.grade is not None else "yellow"
        table.add_row(*row, style=style)
    parts: list[Any] = [table, Text(grade_summary(result))]
    ungraded = result.ungraded()
    if ungraded:
        parts += [Text(""), Text(_("Units that cannot be graded:"), style="bold yellow")]
        parts += [Text(f"- {u.unit.name}: {ungraded_reason(u)}") for u in ungraded]
    differences = difference_lines(result)
    parts += [Text(""), Text(_("Criteria where self-score and appraisal differ most:")
                             if differences else _("The appraisal changed no self-score."),
                             style="bold")]
    parts += [Text(f"- {line}") for line in differences]
    parts += left_out_parts(outcome.left_out)
    return printed(parts, width)
