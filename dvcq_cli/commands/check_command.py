"""`dvcq check`: which workspaces to check, which of their problems to show."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dvcq_cli import loader
from dvcq_cli.check import Settings, WorkspaceResult, check_workspace
from dvcq_cli.i18n import _
from dvcq_cli.problems import Problem, sort_problems
from dvcq_cli.workspace import WorkspaceNotFound, display_path, find_root


class CheckUsageError(Exception):
    """A path that does not exist, or no workspace: the user must call dvcq differently."""


@dataclass
class CheckOutcome:
    problems: list[Problem]
    files_checked: int

    def exit_code(self, strict: bool) -> int:
        if any(p.is_error for p in self.problems):
            return 1
        if strict and self.problems:
            return 1
        return 0


def settings_for(max_file_size: int, max_depth: int, max_files: int = Settings.max_files,
                 jobs: int = 0) -> Settings:
    # `check` needs only the problems: the models are not kept (nor sent back by workers).
    return Settings(limits=loader.Limits(max_file_bytes=max_file_size, max_depth=max_depth),
                    max_files=max_files, jobs=jobs, keep_models=False)


def workspace_root(start: Path) -> Path:
    try:
        return find_root(start)
    except WorkspaceNotFound:
        raise CheckUsageError(_(
            "no dvcq workspace here: no 'plans' folder in {folder} or above it. Run dvcq in "
            "the folder that holds plans/, or give the path").format(folder=start)) from None


def run(paths: list[Path], cwd: Path, max_file_size: int, max_depth: int,
        max_files: int = Settings.max_files, jobs: int = 0) -> CheckOutcome:
    settings = settings_for(max_file_size, max_depth, max_files, jobs)
    if not paths:
        result = check_workspace(workspace_root(cwd), cwd, settings)
        return CheckOutcome(result.problems, result.files_checked)
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise CheckUsageError(_("no such file or folder: {path}").format(path=path))
    roots: dict[Path, list[Path]] = {}
    for path in paths:
        roots.setdefault(workspace_root(path), []).append(path)
    problems: list[Problem] = []
    files = 0
    for root, selected in roots.items():
        result = check_workspace(root, cwd, settings)
        chosen = _select(result, selected, cwd)
        problems.extend(chosen)
        files += _count_selected(result, selected, cwd)
    return CheckOutcome(sort_problems(problems), files)


def _selectors(selected: list[Path], cwd: Path) -> tuple[set[str], tuple[str, ...]]:
    files = {display_path(p.absolute(), cwd) for p in selected if not p.is_dir()}
    folders = tuple(display_path(p.absolute(), cwd).rstrip("/") + "/"
                    for p in selected if p.is_dir())
    return files, folders


def _select(result: WorkspaceResult, selected: list[Path], cwd: Path) -> list[Problem]:
    files, folders = _selectors(selected, cwd)
    if any(folder in ("./", "../") or folder == "" for folder in folders):
        return result.problems

    def wanted(path: str) -> bool:
        return path in files or path.startswith(folders)

    # A broken plan explains every problem of its assessments: show it with them.
    broken_plans = {data.plan_entry.display for data in result.years.values()
                    if data.plan is None}
    return [p for p in result.problems if wanted(p.path) or p.path in broken_plans]


def _count_selected(result: WorkspaceResult, selected: list[Path], cwd: Path) -> int:
    files, folders = _selectors(selected, cwd)
    if any(folder in ("./", "../") for folder in folders):
        return result.files_checked
    return len(files) + (result.files_checked if folders else 0)
