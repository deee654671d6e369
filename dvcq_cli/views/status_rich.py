"""`dvcq status` as a coloured terminal table (Rich, imported only here and only when used)."""

from __future__ import annotations

import io
import shutil
from typing import Any

from dvcq_cli.attain import Comparison
from dvcq_cli.i18n import _
from dvcq_cli.status import StatusOutcome
from dvcq_cli.views.status_text import (
    chase_lines,
    compare_rows,
    heading,
    left_out_line,
    model_lines,
    state_word,
    status_word,
    submission_summary,
    target_rows,
    trend_word,
    unit_change_lines,
    unit_rows,
)

_STYLE = {"met": "green", "not_met": "red", "no_data": "yellow", "not_due": "cyan",
          "submitted": "green", "late": "yellow", "missing": "red", "rejected": "red",
          "better": "green", "worse": "red", "changed": "yellow", "same": "", "new": "cyan"}


def render_rich(outcome: StatusOutcome, width: int | None = None) -> str:
    from rich.table import Table
    from rich.text import Text

    def styled(code: str, word: str) -> Text:
        return Text(word, style=_STYLE.get(code, ""))

    result = outcome.result
    title, details = heading(result)
    targets = Table(title=title, caption=details, show_lines=False, expand=False)
    for header, options in (("#", {"justify": "right"}), (_("Target"), {"ratio": 1}),
                            (_("Required"), {"no_wrap": True}), (_("Result"), {}),
                            (_("Rate"), {"justify": "right", "no_wrap": True}),
                            (_("Status"), {"no_wrap": True})):
        targets.add_column(header, **options)  # type: ignore[arg-type]
    for *cells, status in target_rows(result):
        targets.add_row(*cells, styled(status, status_word(status)))

    units = Table(title=submission_summary(result))
    for header in (_("Unit"), _("Submission"), _("Submitted on")):
        units.add_column(header)
    for name, state, day in unit_rows(result):
        units.add_row(name, styled(state, state_word(state)), day)

    parts: list[Any] = [targets, Text(""), units]
    models = model_lines(result)
    if models:
        parts += [Text(""), Text(models[0], style="bold"), *(Text(line) for line in models[1:])]
    chase = chase_lines(result)
    if chase:
        parts += [Text(""), Text(_("To chase up:"), style="bold")]
        for target, text in chase:
            line = Text("- ")
            line.append(target.target.short, style="bold")
            line.append(f": {text}")
            parts.append(line)
    if outcome.comparison is not None:
        parts += [Text(""), *_compare_rich(outcome.comparison, styled)]
    parts += left_out_parts(outcome.left_out)
    return printed(parts, width)


def left_out_parts(left_out: list[Any]) -> list[Any]:
    """The files left out for errors, under the table of `dvcq status` and `dvcq score`."""
    from rich.text import Text

    if not left_out:
        return []
    return [Text(""), Text(_("Left out (files with errors; run 'dvcq check' to see them):"),
                           style="bold red"),
            *[Text(f"- {left_out_line(item)}") for item in left_out]]


def printed(parts: list[Any], width: int | None) -> str:
    """`parts` as a colour terminal of `width` columns (the terminal's own by default)
    shows them, without the last line break."""
    from rich.console import Console, Group

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, highlight=False,
                      width=width or shutil.get_terminal_size((100, 24)).columns)
    console.print(Group(*parts))
    return buffer.getvalue().rstrip("\n")


def _compare_rich(comparison: Comparison, styled: Any) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    previous = comparison.previous
    table = Table(title=_("Change from {period}:").format(period=previous.period.label))
    table.add_column("#", justify="right")
    table.add_column(_("Target"), ratio=1)
    table.add_column(previous.period_id)
    table.add_column(comparison.current.period_id)
    table.add_column(_("Trend"), no_wrap=True)
    for *cells, trend in compare_rows(comparison):
        table.add_row(*cells, styled(trend, trend_word(trend)))
    parts: list[Any] = [table]
    for kind, title, style in (("improved", _("Units that improved:"), "green"),
                               ("fell_back", _("Units that fell back:"), "red")):
        changes = unit_change_lines(comparison, kind)
        if changes:
            parts.append(Text(title, style=f"bold {style}"))
            for name, text in changes:
                line = Text("- ")
                line.append(name, style="bold")
                line.append(f": {text}")
                parts.append(line)
    if not comparison.units:
        parts.append(Text(_("No unit crossed a target's line.")))
    return parts
