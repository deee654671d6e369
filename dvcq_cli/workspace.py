"""Where the files of a workspace are, and what each one is by its path.

A workspace is a folder holding `plans/`:

    plans/<year>/plan.yaml              the year's plan
    plans/<year>/<period>/<unit>.yaml   one unit's self-assessment for one period

It is found from the current folder upwards, the way git finds its repository.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

PLANS_DIR = "plans"
PLAN_FILE = "plan.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
_YEAR = re.compile(r"[0-9]{4}\Z")


class WorkspaceNotFound(Exception):
    """No `plans/` folder here or above."""

    def __init__(self, start: Path) -> None:
        super().__init__(str(start))
        self.start = start


@dataclass(frozen=True)
class FileEntry:
    """One YAML file of the workspace and the role its path gives it."""

    path: Path
    display: str
    role: str  # "plan", "assessment" or "other"
    year: str | None = None
    period: str | None = None
    unit: str | None = None


@dataclass
class Layout:
    root: Path
    files: list[FileEntry] = field(default_factory=list)
    outside: list[FileEntry] = field(default_factory=list)  # links leaving the workspace
    truncated: bool = False

    def plans(self) -> list[FileEntry]:
        return [entry for entry in self.files if entry.role == "plan"]

    def years(self) -> list[str]:
        return sorted(entry.year for entry in self.plans() if entry.year)


def find_root(start: Path) -> Path:
    """The nearest folder, from `start` upwards, that holds `plans/`."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / PLANS_DIR).is_dir():
            return folder
        if folder.name == PLANS_DIR and folder.is_dir():
            return folder.parent
    raise WorkspaceNotFound(start)


def display_path(path: Path, base: Path) -> str:
    """The path as the user should see it: relative to the current folder when possible."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        try:
            return Path(os.path.relpath(path, base)).as_posix()
        except ValueError:  # another drive on Windows
            return path.as_posix()


def classify(path: Path, root: Path, display: str) -> FileEntry:
    """What a file is from where it sits under `plans/`."""
    try:
        parts = path.relative_to(root / PLANS_DIR).parts
    except ValueError:
        return FileEntry(path, display, "other")
    if len(parts) == 2 and _YEAR.match(parts[0]) and parts[1] == PLAN_FILE:
        return FileEntry(path, display, "plan", year=parts[0])
    if len(parts) == 3 and _YEAR.match(parts[0]) and path.suffix in YAML_SUFFIXES:
        return FileEntry(path, display, "assessment", year=parts[0], period=parts[1],
                         unit=path.stem)
    return FileEntry(path, display, "other")


def scan(root: Path, base: Path, max_files: int = 100_000) -> Layout:
    """Every YAML file under `root/plans`, sorted; links that leave the workspace set apart."""
    layout = Layout(root)
    plans = root / PLANS_DIR
    real_root = root.resolve()
    found: list[Path] = []
    for folder, dirs, files in os.walk(plans, followlinks=False):
        dirs.sort()
        folder_path = Path(folder)
        # A folder named like a YAML file is reported, not walked as data.
        for name in list(dirs):
            if name.endswith(YAML_SUFFIXES):
                found.append(folder_path / name)
        found.extend(folder_path / name for name in sorted(files) if name.endswith(YAML_SUFFIXES))
        if len(found) > max_files:
            layout.truncated = True
            found = found[:max_files]
            break
    for path in found:
        entry = classify(path, root, display_path(path, base))
        if path.is_symlink() and not _inside(path, real_root):
            layout.outside.append(entry)
        else:
            layout.files.append(entry)
    return layout


def _inside(path: Path, real_root: Path) -> bool:
    try:
        path.resolve().relative_to(real_root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True
