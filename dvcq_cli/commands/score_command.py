"""`dvcq score`: find the workspace, gather the year's scores, pick the view.

Exit codes as `dvcq status`: 0 when every file the scores use passed the check; 1 when some
of them have errors and were left out, or nothing can be scored (the plan has errors or no
`scoring`, its criteria set is unknown or has errors); 2 for an unknown year or no workspace.
"""

from __future__ import annotations

import json
from pathlib import Path

from dvcq_cli import score
from dvcq_cli.commands.check_command import CheckUsageError, workspace_root
from dvcq_cli.commands.status_command import resolve_format
from dvcq_cli.score import ScoreOutcome, StatusError, StatusUsageError

FORMATS = ("auto", "text", "json")
__all__ = ["FORMATS", "StatusError", "StatusUsageError", "gather", "render", "resolve_format"]


def gather(cwd: Path, year: str | None = None) -> ScoreOutcome:
    try:
        root = workspace_root(cwd)
    except CheckUsageError as error:
        raise StatusUsageError(str(error)) from None
    return score.gather(root, cwd, year)


def render(outcome: ScoreOutcome, output_format: str) -> str:
    """`output_format`: text, json, or rich (what auto picks on a terminal)."""
    if output_format == "json":
        from dvcq_cli.score_facts import score_document

        return json.dumps(score_document(outcome), ensure_ascii=False, indent=2)
    if output_format == "rich":
        from dvcq_cli.views.score_rich import render_rich

        return render_rich(outcome)
    from dvcq_cli.views.score_text import render_text

    return render_text(outcome)
