"""`dvcq status`: find the workspace, gather one period's status, pick its view.

Gathering is `dvcq_cli.status`, the facts document `dvcq_cli.status_facts`, the text views
`dvcq_cli.views`. Exit codes: 0 when every file the status uses passed the check (targets not
met are not a failure: this is a report); 1 when some of those files have errors and were left
out, or the year's plan itself has errors; 2 for an unknown year or period, or no workspace.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dvcq_cli import status
from dvcq_cli.commands.check_command import CheckUsageError, workspace_root
from dvcq_cli.status import StatusError, StatusOutcome, StatusUsageError

FORMATS = ("auto", "text", "json")
__all__ = ["FORMATS", "StatusError", "StatusUsageError", "gather", "render", "resolve_format"]


def gather(cwd: Path, period: str | None = None, year: str | None = None,
           compare_with: str | None = None, use_cache: bool = False) -> StatusOutcome:
    try:
        root = workspace_root(cwd)
    except CheckUsageError as error:
        raise StatusUsageError(str(error)) from None
    return status.gather(root, cwd, period, year, compare_with, use_cache)


def printed(cwd: Path, output_format: str, period: str | None = None, year: str | None = None,
            compare_with: str | None = None, use_cache: bool = False) -> tuple[str, int]:
    """What `dvcq status` prints and its exit code. The rich view depends on the terminal,
    so only text and json are ever reused from the cache."""
    chosen = resolve_format(output_format)
    try:
        root = workspace_root(cwd)
    except CheckUsageError as error:
        raise StatusUsageError(str(error)) from None
    if chosen == "rich":
        outcome = status.gather(root, cwd, period, year, compare_with, use_cache)
        return render(outcome, chosen), outcome.exit_code
    return status.printed(root, cwd, period, year, compare_with, use_cache, chosen,
                          lambda outcome: render(outcome, chosen))


def render(outcome: StatusOutcome, output_format: str) -> str:
    """`output_format`: auto, text, json, or rich (what auto picks on a terminal)."""
    chosen = resolve_format(output_format)
    if chosen == "json":
        from dvcq_cli.status_facts import status_document

        return json.dumps(status_document(outcome), ensure_ascii=False, indent=2)
    if chosen == "rich":
        from dvcq_cli.views.status_rich import render_rich

        return render_rich(outcome)
    from dvcq_cli.views.status_text import render_text

    return render_text(outcome)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def resolve_format(name: str) -> str:
    """`auto` is a coloured table on a terminal, plain text otherwise."""
    if name == "auto":
        return "rich" if _stdout_is_terminal() else "text"
    return name
