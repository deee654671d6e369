"""`dvcq fix`: which files to repair, their repairs, and writing them.

The plan of each year is repaired first (in memory), so that each assessment is repaired
against the plan it will be checked against: where the plan declares a boolean, `có` can
only mean true. A file is written only when asked (`--write`), atomically, and only if it
has not changed since it was read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dvcq_cli import atomic, fixes, loader
from dvcq_cli.check import Settings, load_assessment, load_plan, load_plans, load_record
from dvcq_cli.commands.check_command import CheckUsageError, selection, workspace_root
from dvcq_cli.i18n import _
from dvcq_cli.model import Plan
from dvcq_cli.synthesis import SYNTHESIS
from dvcq_cli.workspace import FileEntry, display_path, scan


@dataclass
class FixOutcome:
    repairs: list[fixes.Repair] = field(default_factory=list)  # the files that would change
    remaining: int = 0  # problems left in the files looked at, that dvcq fix cannot repair

    @property
    def pending(self) -> bool:
        return any(repair.changed for repair in self.repairs)


IN_PROCESS = Settings(jobs=1)


def gather(paths: list[Path], cwd: Path, settings: Settings = IN_PROCESS) -> FixOutcome:
    """The repairs of the files under `paths` (default: the workspace found from `cwd`)."""
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise CheckUsageError(_("no such file or folder: {path}").format(path=path))
    roots: dict[Path, list[Path]] = {}
    for path in paths:
        roots.setdefault(workspace_root(path, given=True), []).append(path)
    if not paths:
        roots[workspace_root(cwd, paths_accepted=True)] = []
    outcome = FixOutcome()
    for root, selected in roots.items():
        wanted = selection(selected, cwd) if selected else None
        _gather_workspace(root, cwd, settings,
                          lambda entry, wanted=wanted: wanted is None or wanted(entry.display),
                          outcome)
    return outcome


def _gather_workspace(root: Path, cwd: Path, settings: Settings,
                      chosen: Callable[[FileEntry], bool], outcome: FixOutcome) -> None:
    layout = scan(root, cwd, settings.max_files)
    plans: dict[str, Plan | None] = {}
    # The criteria sets and model records the assessments refer to, as check reads them.
    records = load_plans(root, cwd, settings)
    for entry in layout.plans():
        repair = _repair(entry, lambda data, entry=entry: load_plan(entry, settings, data)[1],
                         settings)
        if repair is None:
            continue
        plan = load_plan(entry, settings, repair.after)[0]
        read = records.get(entry.year or "")
        if plan is not None and read is not None:
            plan = plan._replace(scoring=read.scoring, models=read.models)
        plans[entry.year or ""] = plan
        if chosen(entry):
            _keep(repair, outcome)
    for entry in layout.files:
        if entry.role == "synthesis" and chosen(entry):
            # The drafter's text, often pasted from Word: its characters are repaired like a
            # unit's (the references it cites are the check's business, not fix's).
            repair = _repair(entry, lambda data, entry=entry: load_record(
                entry, SYNTHESIS, settings, lambda _built, _ctx: None, data)[1], settings)
        elif entry.role == "assessment" and chosen(entry):
            plan = plans.get(entry.year or "")
            repair = _repair(entry, lambda data, entry=entry, plan=plan: load_assessment(
                entry, plan, settings, data)[1], settings)
        else:
            continue
        if repair is not None:
            _keep(repair, outcome)


def _repair(entry: FileEntry, check: Callable[[bytes], list], settings: Settings  # type: ignore[type-arg]
            ) -> fixes.Repair | None:
    data = loader.read_bytes(entry.path, settings.limits)
    if data is None:
        return None  # unreadable, too large, not a file: nothing dvcq fix can do
    return fixes.repair(entry.display, data, check)


def _keep(repair: fixes.Repair, outcome: FixOutcome) -> None:
    if repair.changed:
        outcome.repairs.append(repair)
    outcome.remaining += len(repair.remaining)


class WriteFailed(Exception):
    """A repaired file could not be written; the message says which and why."""


def write(repair: fixes.Repair, cwd: Path) -> None:
    """Write one repair atomically, unless the file changed since it was read."""
    path = Path(os.path.realpath(cwd / repair.path))
    try:
        now = path.read_bytes()
    except OSError as error:
        raise WriteFailed(_("cannot read {path} again: {reason}").format(
            path=repair.path, reason=atomic.reason(error))) from None
    if now != repair.before:
        raise WriteFailed(_("{path} changed while dvcq fix was running; it was not written: "
                            "run dvcq fix again").format(path=repair.path))
    try:
        atomic.write_bytes(path, repair.after)
    except OSError as error:
        raise WriteFailed(_("cannot write {path}: {reason}").format(
            path=display_path(path, cwd), reason=atomic.reason(error))) from None
