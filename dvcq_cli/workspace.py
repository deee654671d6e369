"""Where the files of a workspace are, and what each one is by its path.

A workspace is a folder holding `plans/`:

    plans/<year>/plan.yaml              the year's plan
    plans/<year>/<period>/<unit>.yaml   one unit's self-assessment for one period
    plans/<year>/<period>/_bao-cao.yaml the drafter's synthesis for that period's report
    plans/<year>/appraisal.yaml         the appraisal council's review of the self-scores
    plans/<year>/models.yaml            the year's "Dân vận khéo" model records
    plans/criteria/<id>.yaml            a criteria set, named by its decision

It is found from the current folder upwards, the way git finds its repository.
"""

from __future__ import annotations

import difflib
import operator
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from dvcq_cli.tuples import NamedTuple

if TYPE_CHECKING:
    from dvcq_cli.cache import Listings

PLANS_DIR = "plans"
PLAN_FILE = "plan.yaml"
APPRAISAL_FILE = "appraisal.yaml"
MODELS_FILE = "models.yaml"
CRITERIA_DIR = "criteria"
# The drafter's synthesis beside a period's assessments. A unit id starts with a letter,
# so no unit's file can have this name (and no slip in a unit's name gives it).
SYNTHESIS_STEM = "_bao-cao"
YAML_SUFFIXES = (".yaml", ".yml")
_YEAR = re.compile(r"[0-9]{4}\Z")


class WorkspaceNotFound(Exception):
    """No `plans/` folder here or above."""

    def __init__(self, start: Path) -> None:
        super().__init__(str(start))
        self.start = start


class FileEntry(NamedTuple):
    """One YAML file of the workspace and the role its path gives it."""

    location: str | os.PathLike[str]  # where the file is; see `path`
    display: str
    # "plan", "assessment", "synthesis", "appraisal", "models", "criteria" or "other"
    role: str
    year: str | None = None
    period: str | None = None
    unit: str | None = None
    criteria: str | None = None  # a criteria set's id (its file's name)

    @property
    def path(self) -> Path:
        # Made when asked for: a scan finds tens of thousands of files, and status reads
        # only a third of them.
        return Path(self.location)


class Misnamed(NamedTuple):
    """A file under `plans/` whose name is one slip away from a name dvcq reads."""

    entry: FileEntry  # as it would be with the name `stem + ".yaml"`
    name: str  # its name as it is
    stem: str  # the name without its wrong ending
    ending: str  # the wrong ending: ".yaml.txt", ".YAML", ".ymal"


# Endings that a text editor or a word processor adds when it saves a file ("Save as").
_SAVED_AS = frozenset({"txt", "text", "doc", "docx", "rtf", "odt"})


def near_miss(name: str) -> tuple[str, str] | None:
    """`(stem, wrong ending)` when `name` is a YAML file's name with a slip in its ending:
    `hctc.yaml.txt` (Notepad, Word), `hctc.YAML` (upper case), `hctc.ymal` (a typo)."""
    lower = name.lower()
    if lower.endswith("~"):
        return None  # an editor's backup copy
    for suffix in YAML_SUFFIXES:
        start = lower.rfind(suffix + ".")
        if start > 0 and lower[start + len(suffix) + 1:] in _SAVED_AS:
            return name[:start], name[start:]
    dot = name.rfind(".")
    if dot <= 0:
        return None
    ending = lower[dot + 1:]
    if "." + ending in YAML_SUFFIXES or difflib.get_close_matches(
            ending, ("yaml", "yml"), n=1, cutoff=0.75):
        return name[:dot], name[dot:]
    return None


class Layout:
    """The files found under `plans/`. A plain class rather than a dataclass, which
    compiles its methods on every start (about 1 ms, on every commit's check)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: list[FileEntry] = []
        self.outside: list[FileEntry] = []  # links leaving the workspace
        # Files named almost like a plan or an assessment (`hctc.yaml.txt`, `hctc.YAML`):
        # not read.
        self.misnamed: list[Misnamed] = []
        self.truncated = False
        # `files` in two parts, each in order: the units' assessments, and the rest (plans,
        # syntheses, criteria sets, records, others). A province has thousands of the first
        # and a few of the second, which most questions are about.
        self.assessments: list[FileEntry] = []
        self.rest: list[FileEntry] = []

    def __repr__(self) -> str:
        return f"Layout({self.root}, {len(self.files)} files)"

    def add(self, entry: FileEntry) -> None:
        self.files.append(entry)
        (self.assessments if entry.role == "assessment" else self.rest).append(entry)

    def plans(self) -> list[FileEntry]:
        return [entry for entry in self.rest if entry.role == "plan"]

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
    return _classify_parts(parts, path, display)


_YEAR_FILES = {PLAN_FILE: "plan", APPRAISAL_FILE: "appraisal", MODELS_FILE: "models"}


def _classify_parts(parts: tuple[str, ...], path: str | Path, display: str) -> FileEntry:
    """`parts`: the path below `plans/`, folder by folder, ending with the file's name."""
    if len(parts) == 2 and _YEAR.match(parts[0]) and parts[1] in _YEAR_FILES:
        return FileEntry(path, display, _YEAR_FILES[parts[1]], year=parts[0])
    if len(parts) == 2 and parts[0] == CRITERIA_DIR and parts[1].endswith(YAML_SUFFIXES):
        stem = parts[1].rsplit(".", 1)[0]
        if stem:
            return FileEntry(path, display, "criteria", criteria=stem)
    if len(parts) == 3 and _YEAR.match(parts[0]):
        return _period_file(parts[2], path, display, parts[0], parts[1])
    return FileEntry(path, display, "other")


def _period_file(name: str, location: str | Path, display: str, year: str, period: str
                 ) -> FileEntry:
    """A YAML file in a period's folder: the drafter's synthesis, else a unit's file."""
    dot = name.rfind(".")  # stem and suffix as pathlib splits them ("..yaml": "." + ".yaml")
    if not 0 < dot < len(name) - 1 or name[dot:] not in YAML_SUFFIXES:
        return FileEntry(location, display, "other")
    if name[:dot] == SYNTHESIS_STEM:
        return FileEntry(location, display, "synthesis", year, period)
    return FileEntry(location, display, "assessment", year, period, name[:dot])


def scan(root: Path, base: Path, max_files: int = 100_000,
         listings: Listings | None = None) -> Layout:
    """Every YAML file under `root/plans`, sorted; links that leave the workspace set apart.

    Folders are listed with `os.scandir`, whose entries already know whether they are links,
    and paths are put together as strings: at province scale (tens of thousands of files)
    building and comparing `Path` objects for every file cost as much as reading them. With
    `listings` (the cache's), a folder unchanged since it was last listed is not listed
    again.
    """
    layout = Layout(root)
    plans = root / PLANS_DIR
    try:
        below = plans.relative_to(base).as_posix()
        prefix: str | None = "" if below == "." else below + "/"
    except ValueError:
        prefix = None  # displayed with '..' or absolute: worked out file by file
    # Each folder below plans/ walked, with the names in it like YAML files' (in order) and
    # those of its links.
    found: list[tuple[tuple[str, ...], str, list[str], frozenset[str]]] = []
    count = 0
    pending: list[tuple[tuple[str, ...], str]] = [((), os.fspath(plans))]
    while pending:
        parts, folder = pending.pop()
        dirs, named, others, links = _listing(folder, listings)
        named = named[:]  # the listing's own list may be kept by `listings`
        layout.misnamed.extend(_misnamed(parts, name, folder, base, prefix)
                               for name in others if near_miss(name))
        count += len(named)
        if count > max_files:
            layout.truncated = True
            del named[len(named) - (count - max_files):]
            found.append((parts, folder, named, links))
            break
        found.append((parts, folder, named, links))
        # Walked depth first in name order, as `os.walk` does; linked folders are not entered.
        pending.extend(((*parts, name), os.path.join(folder, name))
                       for name in reversed(dirs) if name not in links)
    real_root: Path | None = None
    for parts, folder, named, links in found:
        # What a folder makes of the files in it, worked out once per folder: a province's
        # period folders hold thousands of files each.
        year = parts[0] if len(parts) in (1, 2) and _YEAR.match(parts[0]) else None
        period = parts[1] if year and len(parts) == 2 else None
        shown = "".join(part + "/" for part in parts)
        if period is not None and prefix is not None and not links:
            # The usual period folder, thousands of units: one pass, no call per file.
            made, units_only = _period_entries(named, folder, prefix + shown, year or "",
                                               period)
            if units_only:
                layout.files.extend(made)
                layout.assessments.extend(made)
            else:
                for entry in made:
                    layout.add(entry)
            continue
        for name in named:
            location = os.path.join(folder, name)
            display = (prefix + shown + name if prefix is not None
                       else display_path(Path(location), base))
            if period is not None:  # plans/<year>/<period>/: an assessment, by its ending
                classified = _period_file(name, location, display, year or "", period)
            else:
                classified = _classify_parts((*parts, name), location, display)
            if name in links:
                real_root = real_root or root.resolve()
                if not _inside(Path(location), real_root):
                    layout.outside.append(classified)
                    continue
            layout.add(classified)
    return layout


def _period_entries(names: list[str], folder: str, shown: str, year: str, period: str
                    ) -> tuple[list[FileEntry], bool]:
    """The entries of a period folder's files (none of them a link), as `_period_file`
    makes them one by one, and whether all are units' assessments."""
    inside = os.path.join(folder, "")
    # Every name ends in .yaml or .yml (`_listing`): only '.yaml' and '.yml' themselves have
    # no stem, and only the synthesis's own two names have its stem.
    if not any(name in names for name in _NOT_UNITS):
        new = tuple.__new__  # FileEntry._make without its call per file
        return [new(FileEntry, (inside + name, shown + name, "assessment", year, period,
                                name[:name.rfind(".")], None)) for name in names], True
    return [_period_file(name, inside + name, shown + name, year, period)
            for name in names], False


_NOT_UNITS = tuple(stem + suffix for stem in ("", SYNTHESIS_STEM) for suffix in YAML_SUFFIXES)


def _misnamed(parts: tuple[str, ...], name: str, folder: str, base: Path,
              prefix: str | None) -> Misnamed:
    stem, ending = near_miss(name) or ("", "")
    location = os.path.join(folder, name)
    display = (prefix + "/".join((*parts, name)) if prefix is not None
               else display_path(Path(location), base))
    meant = _classify_parts((*parts, stem + ".yaml"), location, display)
    return Misnamed(meant, name, stem, ending)


_NAME = operator.attrgetter("name")
_NO_LINKS: frozenset[str] = frozenset()
LISTING_KINDS = 3  # the lists of names of a listing kept (folders, YAML-like, others)


def _listing(folder: str, listings: Listings | None = None
             ) -> tuple[list[str], list[str], list[str], frozenset[str]]:
    """A folder's entries by name, each list sorted: its sub-folders; the entries named like
    YAML files (folders first: one is reported, not walked as data); its other files; those
    that are links. Nothing if it is unreadable. From `listings` when the folder has not
    changed since it was last listed."""
    seen = None
    if listings is not None:
        seen, kept = listings.look(folder)
        if kept is not None:
            return kept[0], kept[1], kept[2], _NO_LINKS
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=_NAME)
    except OSError:
        return [], [], [], _NO_LINKS
    dirs, files = [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()  # follows links, as os.walk does
        except OSError:
            is_dir = False
        (dirs if is_dir else files).append(entry.name)
    named = [name for name in dirs if name.endswith(YAML_SUFFIXES)]
    named += [name for name in files if name.endswith(YAML_SUFFIXES)]
    others = [name for name in files if not name.endswith(YAML_SUFFIXES)]
    links = frozenset(entry.name for entry in entries if entry.is_symlink()) or _NO_LINKS
    if listings is not None and seen is not None and not links:
        listings.listed(folder, seen, (dirs, named, others))
    return dirs, named, others, links


def _inside(path: Path, real_root: Path) -> bool:
    try:
        path.resolve().relative_to(real_root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True
