"""The workspace as git recorded it: the latest commit whose `plans/` passed `dvcq check`.

A published dashboard must not go blank, nor show half the units, because the latest commit
broke a file: it shows the last data that passed, and says which commit failed. The history
is read with the `git` program (present wherever a CI job has cloned the repository); an
earlier state is taken out with `git archive` into a temporary folder, so the repository,
its index and its working tree are never touched.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dvcq_cli.i18n import _
from dvcq_cli.vietnamese import nfc
from dvcq_cli.workspace import PLANS_DIR

# How far back to look: commits that changed `plans/`, newest first. Each one is checked as a
# whole workspace, so the search stays bounded even on a long history.
MAX_COMMITS = 100
# What is taken out of a commit besides `plans/`: the reports it links to.
EXTRA_FOLDERS = ("reports",)
_FIELD = "\x1f"


class HistoryError(Exception):
    """git is missing, or the workspace is not in a git repository."""


@dataclass(frozen=True)
class Commit:
    id: str
    day: date  # the committer's date, as git recorded it: the same on every machine
    subject: str

    @property
    def short(self) -> str:
        return self.id[:8]


@dataclass(frozen=True)
class WorkingState:
    """What the latest data is: the commit checked out, and whether `plans/` has changes that
    are not committed yet."""

    head: Commit | None
    changed: bool


@dataclass(frozen=True)
class GoodState:
    commit: Commit
    root: Path  # a temporary workspace holding that commit's plans/ (and reports/)


def _git(root: Path, *args: str) -> bytes:
    environment = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              env=environment, check=False)
    except FileNotFoundError:
        raise HistoryError(_("git is not installed, so earlier versions of the data cannot "
                             "be read")) from None
    if done.returncode != 0:
        raise HistoryError(_("git could not read the history of {folder}: {reason}").format(
            folder=root, reason=done.stderr.decode("utf-8", "replace").strip()))
    return done.stdout


def _prefix(root: Path) -> str:
    """Where the workspace sits inside its repository: "" or "some/folder/"."""
    try:
        prefix = _git(root, "rev-parse", "--show-prefix").decode("utf-8", "replace").strip()
    except HistoryError:
        raise HistoryError(_("{folder} is not in a git repository, so the last version that "
                             "passed 'dvcq check' cannot be found").format(folder=root)) from None
    return prefix


def _commits(root: Path, *args: str) -> list[Commit]:
    out = _git(root, "log", "--no-color", "--encoding=UTF-8",
               f"--format=%H{_FIELD}%cs{_FIELD}%s", *args).decode("utf-8", "replace")
    commits = []
    for line in out.splitlines():
        commit_id, day, subject = line.split(_FIELD, 2)
        commits.append(Commit(commit_id, date.fromisoformat(day), nfc(subject)))
    return commits


def working_state(root: Path) -> WorkingState:
    """The commit checked out in the workspace's repository and whether `plans/` differs."""
    prefix = _prefix(root)
    try:
        heads = _commits(root, "-1", "HEAD")
    except HistoryError:
        heads = []  # a repository without any commit yet
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--",
                  f":(top){prefix}{PLANS_DIR}")
    return WorkingState(heads[0] if heads else None, bool(status.strip()))


def commits_changing_plans(root: Path, limit: int = MAX_COMMITS) -> list[Commit]:
    """The commits that changed `plans/`, newest first, along the first-parent line (the
    branch's own history, as CI built it)."""
    prefix = _prefix(root)
    return _commits(root, "--first-parent", f"--max-count={limit}", "HEAD", "--",
                    f":(top){prefix}{PLANS_DIR}")


def extract(root: Path, commit: Commit, into: Path) -> None:
    """Write `plans/` (and `reports/`, where the commit has it) of `commit` under `into`."""
    prefix = _prefix(root)
    # From the repository's top: run in a sub-folder, `git archive` would limit itself to it.
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    for folder in (PLANS_DIR, *EXTRA_FOLDERS):
        tree = f"{commit.id}:{prefix}{folder}"
        try:
            _git(top, "cat-file", "-e", tree)
        except HistoryError:
            continue  # the commit has no such folder
        archive = _git(top, "archive", "--format=tar", tree)
        target = into / folder
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            _extract_safely(tar, target)


def _extract_safely(tar: tarfile.TarFile, target: Path) -> None:
    """Regular files and folders only, each inside `target`: a link committed in the data
    never makes the extraction write or read elsewhere."""
    base = target.resolve()
    for member in tar.getmembers():
        destination = (target / member.name).resolve()
        if base != destination and base not in destination.parents:
            continue
        if member.isdir():
            destination.mkdir(parents=True, exist_ok=True)
        elif member.isfile():
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is not None:
                destination.write_bytes(source.read())


@contextlib.contextmanager
def last_good(root: Path, passes: Callable[[Path], bool],
              limit: int = MAX_COMMITS) -> Iterator[GoodState | None]:
    """The newest commit (of the last `limit` that changed `plans/`) whose workspace
    `passes`, taken out into a temporary folder that is removed afterwards; None if none
    does."""
    commits = commits_changing_plans(root, limit)
    folder = Path(tempfile.mkdtemp(prefix=".dvcq-history-"))
    try:
        for commit in commits:
            candidate = folder / commit.id
            extract(root, commit, candidate)
            if passes(candidate):
                yield GoodState(commit, candidate)
                return
            shutil.rmtree(candidate, ignore_errors=True)
        yield None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
