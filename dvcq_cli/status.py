"""One period's status: gather what `dvcq status` and the dashboard show, from a workspace.

Gathering reuses `dvcq check` (every file the status uses is checked; files with errors are
left out and named), then `dvcq_cli.attain` computes the targets. The facts are turned into
the status document (the JSON shape) by `status_facts`, and into text by the views in
`dvcq_cli.views`. Nothing here prints or exits.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dvcq_cli.cache import digest
from dvcq_cli.check import (
    CacheRace,
    NoPlan,
    Selection,
    Settings,
    UnknownYear,
    WorkspaceResult,
    YearData,
    check_workspace,
    pick_year,
    resolve_models,
)
from dvcq_cli.collector import collector_paused
from dvcq_cli.i18n import _
from dvcq_cli.model import Plan
from dvcq_cli.problems import Problem
from dvcq_cli.tuples import NamedTuple
from dvcq_cli.workspace import PLANS_DIR, display_path

if TYPE_CHECKING:
    # Imported where the targets are computed: a status printed before is reused without it.
    from dvcq_cli.attain import Comparison, PeriodResult


class StatusUsageError(Exception):
    """Unknown year or period: the user must ask differently (exit 2)."""


class StatusError(Exception):
    """Nothing can be computed (no plan, or the plan has errors): exit 1."""


@dataclass(frozen=True)
class LeftOut:
    """A file of the periods shown (or the plan) that has errors, so it was not used."""

    path: str
    errors: int
    warnings: int
    rename_to: str | None = None  # a unit's file not read for its name: the name to give it


@dataclass
class StatusOutcome:
    year: str
    result: PeriodResult
    comparison: Comparison | None = None
    left_out: list[LeftOut] = field(default_factory=list)
    warnings: int = 0  # warnings in the files that were used

    @property
    def exit_code(self) -> int:
        return 1 if self.left_out else 0


def gather(root: Path, cwd: Path, period: str | None = None, year: str | None = None,
           compare_with: str | None = None, use_cache: bool = False) -> StatusOutcome:
    """The status of one period of the workspace at `root`; paths shown relative to `cwd`.

    Raises StatusUsageError (unknown year or period) or StatusError (no usable plan).
    """
    with collector_paused():  # computing the targets stays linear in N (see there)
        return _outcome(_checked(root, cwd, period, year, compare_with, use_cache))


def printed(root: Path, cwd: Path, period: str | None, year: str | None,
            compare_with: str | None, use_cache: bool, view: str,
            render: Callable[[StatusOutcome], str]) -> tuple[str, int]:
    """What `dvcq status` prints in `view` (text or json, which depend on nothing else)
    and its exit code. With the cache, the printed status of the same inputs is reused:
    the plan, each file's bytes (by its outcome's key), the problems of the files shown."""
    with collector_paused():
        # The models are looked up only when the status is not the one printed before.
        checked = _checked(root, cwd, period, year, compare_with, use_cache, lazy=True)
        run = checked.workspace.cache
        key = _output_key(checked, view) if run is not None else None
        outputs = run.outputs() if run is not None and key is not None else None
        if outputs is not None:
            stored = outputs.get(key)
            if stored is not None:
                outputs.save()
                return stored
        try:
            resolve_models(checked.workspace, checked.workspace.settings)
        except CacheRace:  # a file changed during this run: everything read again
            checked = _checked(root, cwd, period, year, compare_with, use_cache=False)
            outputs = None
        outcome = _outcome(checked)
        result = render(outcome), outcome.exit_code
        if outputs is not None:
            outputs.put(key, result)
            outputs.save()
        return result


class _Checked(NamedTuple):
    """The workspace checked for a status, before any target is computed."""

    workspace: WorkspaceResult
    data: YearData
    plan: Plan
    period_id: str
    compare_with: str | None
    problems: list[Problem]  # of the plan and of the files of the periods shown


def _output_key(checked: _Checked, view: str) -> bytes | None:
    """Everything the printed status depends on besides the run's context (code, language),
    or None when a file's outcome has no key (it was not cached)."""
    data = checked.data
    parts: list[str | bytes] = [view, data.year, checked.period_id, checked.compare_with or "",
                                data.plan_key or b""]
    if data.plan_key is None:
        return None
    for period_id in (checked.period_id, checked.compare_with):
        if period_id is None:
            continue
        keys = data.keys.get(period_id, {})
        if any(key is None for key in keys.values()):
            return None
        # marshal's version 2 writes equal values as equal bytes (no references), and
        # quickly: a province's period has thousands of keys.
        parts.append(marshal.dumps(sorted(keys.items()), 2))
        parts.append(repr(sorted((unit, entry.display) for unit, entry
                                 in data.rejected.get(period_id, {}).items())))
    parts.append(repr(sorted(data.renames.items())))
    parts.append(repr(checked.problems))
    return digest(*parts)


def _checked(root: Path, cwd: Path, period: str | None, year: str | None,
             compare_with: str | None, use_cache: bool, lazy: bool = False) -> _Checked:
    picked: list[tuple[YearData, Plan, str]] = []  # what select() chose

    def select(years: dict[str, YearData]) -> Selection:
        """Read only the plan and the periods shown: the year and period are known first."""
        data = _year(years, year)
        plan = data.plan
        # A plan with any error may have lost a unit or a target on the way: no figure is
        # safe.
        if plan is None:
            raise StatusError(_(
                "the plan {path} has errors, so no target can be computed; run 'dvcq check' "
                "to see them").format(path=data.plan_entry.display))
        period_id = period if period is not None else default_period(plan, data)
        for wanted in (period_id, compare_with):
            if wanted is not None and wanted not in plan.periods:
                raise StatusUsageError(_("unknown period '{period}'; the plan has: {known}")
                                       .format(period=wanted, known=", ".join(plan.periods)))
        if compare_with == period_id:
            others = [other for other in plan.periods if other != period_id]
            raise StatusUsageError(_(
                "--compare {period} names the period shown: compare it with another period "
                "of the plan ({others})").format(period=period_id,
                                                 others=", ".join(others) or _("none")))
        picked.append((data, plan, period_id))
        return Selection(data.year, (period_id,) if compare_with is None
                         else (period_id, compare_with))

    workspace = check_workspace(root, cwd, Settings(cache=use_cache, lazy_models=lazy),
                                select=select)
    data, plan, period_id = picked[0]
    shown = [period_id] if compare_with is None else [period_id, compare_with]
    return _Checked(workspace, data, plan, period_id, compare_with,
                    _relevant_problems(workspace, data, shown, root, cwd))


def _outcome(checked: _Checked) -> StatusOutcome:
    data, plan, problems = checked.data, checked.plan, checked.problems
    current = _evaluate(plan, data, checked.period_id)
    comparison = None
    if checked.compare_with is not None:
        from dvcq_cli import attain

        comparison = attain.compare(current, _evaluate(plan, data, checked.compare_with))
    left_out = left_out_files(problems, data.renames)
    left_paths = {item.path for item in left_out}
    warnings = sum(1 for p in problems if not p.is_error and p.path not in left_paths)
    return StatusOutcome(data.year, current, comparison, left_out, warnings)


def _year(years: dict[str, YearData], year: str | None) -> YearData:
    try:
        return pick_year(years, year)
    except UnknownYear as error:
        raise StatusUsageError(str(error)) from None
    except NoPlan as error:
        raise StatusError(str(error)) from None


def default_period(plan: Plan, data: YearData) -> str:
    """The last period of the plan that has any file; the first one if none has."""
    with_files = [p for p in plan.periods if p in data.periods_with_files]
    return with_files[-1] if with_files else next(iter(plan.periods))


def _evaluate(plan: Plan, data: YearData, period_id: str) -> PeriodResult:
    from dvcq_cli import attain

    rejected = {unit: entry.display for unit, entry in data.rejected.get(period_id, {}).items()}
    return attain.evaluate(plan, period_id, data.assessments.get(period_id, {}), rejected,
                           data.appraisal)


def _relevant_problems(workspace: WorkspaceResult, data: YearData, period_ids: list[str],
                       root: Path, cwd: Path) -> list[Problem]:
    """Problems of the year's plan and of the files under the periods shown."""
    folders = tuple(display_path(root / PLANS_DIR / data.year / p, cwd).rstrip("/") + "/"
                    for p in period_ids)
    plan_path = data.plan_entry.display
    return [p for p in workspace.problems if p.path == plan_path or p.path.startswith(folders)]


def left_out_files(problems: list[Problem], renames: dict[str, str]) -> list[LeftOut]:
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    left = []
    for path in sorted(by_path):
        errors = sum(1 for p in by_path[path] if p.is_error)
        if errors:
            left.append(LeftOut(path, errors, len(by_path[path]) - errors, renames.get(path)))
    return left
