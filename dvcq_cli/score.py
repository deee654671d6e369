"""The year's scoring, gathered from a workspace: what `dvcq score` shows.

Gathering reuses `dvcq check` (the plan, its criteria set, the scoring period's
self-assessments and the council's file are checked; files with errors are left out and
named), then `dvcq_cli.scoring` computes the scores. Nothing here prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dvcq_cli.check import NoPlan, Selection, UnknownYear, YearData, check_workspace, pick_year
from dvcq_cli.i18n import _
from dvcq_cli.scoring import ScoreResult, score_units
from dvcq_cli.status import LeftOut, StatusError, StatusUsageError, left_out_files
from dvcq_cli.workspace import PLANS_DIR, display_path

__all__ = ["ScoreOutcome", "StatusError", "StatusUsageError", "gather"]


@dataclass
class ScoreOutcome:
    year: str
    result: ScoreResult
    left_out: list[LeftOut] = field(default_factory=list)
    warnings: int = 0

    @property
    def exit_code(self) -> int:
        """As `dvcq status`: 1 when a file the scores rest on has errors and was left out."""
        return 1 if self.left_out else 0


def gather(root: Path, cwd: Path, year: str | None = None) -> ScoreOutcome:
    """The scores of the year's units; StatusUsageError (unknown year) or StatusError (no
    usable plan, no scoring, or a criteria set that cannot be used)."""
    picked: list[tuple[YearData, str]] = []

    def select(years: dict[str, YearData]) -> Selection:
        data = _year(years, year)
        plan = data.plan
        if plan is None:
            raise StatusError(_(
                "the plan {path} has errors, so no score can be computed; run 'dvcq check' "
                "to see them").format(path=data.plan_entry.display))
        if plan.scoring is None:
            raise StatusError(_(
                "the plan {path} scores no unit: add 'scoring' with its criteria set and "
                "period (see the README, 'Criteria sets')").format(
                path=data.plan_entry.display))
        picked.append((data, plan.scoring.period))
        return Selection(data.year, (plan.scoring.period,))

    workspace = check_workspace(root, cwd, select=select)
    data, period_id = picked[0]
    plan = data.plan
    assert plan is not None and plan.scoring is not None
    if plan.scoring.criteria_set is None:
        raise StatusError(data.scoring_blocked or _("the criteria set cannot be used"))
    rejected = {unit: entry.display for unit, entry in data.rejected.get(period_id, {}).items()}
    result = score_units(plan, data.assessments.get(period_id, {}), rejected, data.appraisal)
    folder = display_path(root / PLANS_DIR / data.year / period_id, cwd).rstrip("/") + "/"
    own = {data.plan_entry.display, *(entry.display for entry in (
        data.appraisal_entry, data.models_entry) if entry is not None)}
    problems = [p for p in workspace.problems if p.path in own or p.path.startswith(folder)
                or p.path.startswith(display_path(root / PLANS_DIR / "criteria", cwd))]
    left_out = left_out_files(problems, data.renames)
    left_paths = {item.path for item in left_out}
    warnings = sum(1 for p in problems if not p.is_error and p.path not in left_paths)
    return ScoreOutcome(data.year, result, left_out, warnings)


def _year(years: dict[str, YearData], year: str | None) -> YearData:
    try:
        return pick_year(years, year)
    except UnknownYear as error:
        raise StatusUsageError(str(error)) from None
    except NoPlan as error:
        raise StatusError(str(error)) from None
