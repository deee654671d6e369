"""`dvcq check`: which workspaces to check, which of their problems to show."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from dvcq_cli import loader, reporters
from dvcq_cli.check import DEFAULT_SETTINGS, Settings, check_workspace
from dvcq_cli.i18n import _
from dvcq_cli.problems import Problem, Severity, sort_problems
from dvcq_cli.workspace import WorkspaceNotFound, find_root


class CheckUsageError(Exception):
    """A path that does not exist, or no workspace: the user must call dvcq differently."""


class CheckOutcome:
    """The problems shown and the files counted (a plain class: a dataclass compiles its
    methods on every start)."""

    def __init__(self, problems: list[Problem], files_checked: int,
                 elsewhere: list[Problem] | None = None) -> None:
        self.problems = problems
        self.files_checked = files_checked
        # Problems of the files' workspaces outside the paths asked for (not shown, not
        # counted).
        self.elsewhere: list[Problem] = [] if elsewhere is None else elsewhere

    def exit_code(self, strict: bool) -> int:
        error = Severity.ERROR  # `is_error` without its call, for each of thousands
        if any(p.severity is error for p in self.problems):
            return 1
        if strict and self.problems:
            return 1
        return 0


def settings_for(max_file_size: int, max_depth: int, max_files: int = DEFAULT_SETTINGS.max_files,
                 jobs: int = 0, use_cache: bool = False) -> Settings:
    # `check` needs only the problems: the models are not kept (nor sent back by workers).
    return Settings(limits=loader.Limits(max_file_bytes=max_file_size, max_depth=max_depth),
                    max_files=max_files, jobs=jobs, keep_models=False, cache=use_cache)


def workspace_root(start: Path, given: bool = False, paths_accepted: bool = False) -> Path:
    """The workspace of `start`: the current folder, or a path the user `given` on the
    command line. The message without one says what the command accepts: a path only for
    `check` (`paths_accepted`)."""
    try:
        return find_root(start)
    except WorkspaceNotFound as error:
        folder = error.start if error.start.is_dir() else error.start.parent
        if given:
            message = _("{path} is not in a dvcq workspace: there is no 'plans' folder in "
                        "{folder} or above it").format(path=start, folder=folder)
        elif paths_accepted:
            message = _("no dvcq workspace here: no 'plans' folder in {folder} or above it. Run "
                        "dvcq in the folder that holds plans/ or below it, or give the path "
                        "of a workspace's file or folder").format(folder=folder)
        else:
            message = _("no dvcq workspace here: no 'plans' folder in {folder} or above it. Run "
                        "dvcq in the folder that holds plans/ or below it").format(folder=folder)
        raise CheckUsageError(message) from None


def run(paths: list[Path], cwd: Path, max_file_size: int, max_depth: int,
        max_files: int = DEFAULT_SETTINGS.max_files, jobs: int = 0, use_cache: bool = False
        ) -> CheckOutcome:
    settings = settings_for(max_file_size, max_depth, max_files, jobs, use_cache)
    if not paths:
        result = check_workspace(workspace_root(cwd, paths_accepted=True), cwd, settings)
        return CheckOutcome(result.problems, result.files_checked)
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise CheckUsageError(_("no such file or folder: {path}").format(path=path))
    roots: dict[Path, list[Path]] = {}
    for path in paths:
        roots.setdefault(workspace_root(path, given=True), []).append(path)
    problems: list[Problem] = []
    elsewhere: list[Problem] = []
    files = 0
    for root, selected in roots.items():
        result = check_workspace(root, cwd, settings)
        wanted = selection(selected, cwd)
        # A broken plan explains every problem of its assessments: show it with them.
        broken_plans = {data.plan_entry.display for data in result.years.values()
                        if data.plan is None}
        for problem in result.problems:
            shown = wanted(problem.path) or problem.path in broken_plans
            (problems if shown else elsewhere).append(problem)
        files += sum(1 for path in result.checked if wanted(path))
    return CheckOutcome(sort_problems(problems), files, elsewhere)


def selection(selected: list[Path], cwd: Path) -> Callable[[str], bool]:
    """Whether a displayed path (relative to `cwd`, or absolute) is one of the paths asked
    for, or inside one of them; compared as absolute paths, so `..` is no trap."""
    def absolute(path: str | Path) -> str:
        return os.path.normpath(os.path.join(cwd, path))

    files = {absolute(p) for p in selected if not p.is_dir()}
    folders = tuple(absolute(p).rstrip(os.sep) + os.sep for p in selected if p.is_dir())
    return lambda path: (full := absolute(path)) in files or full.startswith(folders)


def view(output_format: str, quiet: bool, cwd: Path, terminal: bool
         ) -> tuple[reporters.View, str]:
    """The reporter to use and how it shows problems, from where the output goes."""
    chosen = reporters.resolve_format(output_format, os.environ, terminal)
    if chosen != "full":
        return reporters.View(quiet=quiet), chosen
    return reporters.View(source=source_lines(cwd), color=reporters.wants_color(
        os.environ, terminal), quiet=quiet), chosen


def source_lines(base: Path) -> Callable[[str, int], str | None]:
    """A function giving line N of a YAML file as written (its path relative to `base`), or
    None: what the `full` view shows under each problem. Each file is read once."""
    cache: dict[str, list[str] | None] = {}

    def line(path: str, number: int) -> str | None:
        if path not in cache:
            cache[path] = _lines_of(base / path)
        lines = cache[path]
        return lines[number - 1] if lines is not None and 1 <= number <= len(lines) else None

    return line


_LINE_END = re.compile(r"\r\n|\r|\n")


def _lines_of(path: Path) -> list[str] | None:
    if path.suffix.lower() not in (".yaml", ".yml"):
        return None
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > loader.DEFAULT_LIMITS.max_file_bytes:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\x00" in data:
        return None  # UTF-16 or UTF-32: its lines read as UTF-8 would be noise
    return _LINE_END.split(data.decode("utf-8", errors="replace").removeprefix("\ufeff"))
