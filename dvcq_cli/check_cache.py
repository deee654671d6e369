"""One run's use of the cache (`cache.py`): each file's facts, model and plan, by content.

A file's facts are what the rules across files need from it: its problems and what it
claims (unit, period, where the unit is written). Its model (the Assessment) is kept apart
and unpickled only when a command asks for it, because `dvcq check` never does. Facts are
sharded by year and period, so `dvcq status` reads only the shards of the periods it shows.

The rules across files (one file per unit and period, a plan for every year, misnamed files)
are never cached: they are worked out again from the facts on every run. Nor is the drafter's
synthesis of a period (`_bao-cao.yaml`): what it cites rests on the period's assessments as
they are now, so it is read and checked again on every run (one small file per period), and
a cached run says of it exactly what an uncached one says.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any, NamedTuple

from dvcq_cli import cache
from dvcq_cli.workspace import FileEntry

NO_PLAN = b"no plan"  # the key of a year without a plan file: its assessments are checked alone


class Stored:
    """A model as the cache holds it: pickled, until someone reads it."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def load(self) -> Any:
        return pickle.loads(self.blob)  # noqa: S301 - from an authenticated pack or a worker


class Models(MutableMapping[str, Any]):
    """Unit id → Assessment, each one unpickled from the cache when first asked for."""

    def __init__(self) -> None:
        self._items: dict[str, Any] = {}

    def __getitem__(self, unit: str) -> Any:
        value = self._items[unit]
        if isinstance(value, Stored):
            value = self._items[unit] = value.load()
        return value

    def __setitem__(self, unit: str, value: Any) -> None:
        self._items[unit] = value

    def __delitem__(self, unit: str) -> None:
        del self._items[unit]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Models({sorted(self._items)})"


class Job(NamedTuple):
    """An assessment to check, as the parent hands it to the work function."""

    entry: FileEntry
    keep: bool
    seen: cache.Stat | None  # its stat, when it is a regular file and its plan is cacheable
    plan_key: bytes | None  # None: not cached (the plan could not be read for a digest)


# A file's row in its folder's table: its stat, the digest of its bytes, the key of the plan
# it was checked against, and the outcome's two facts (an assessment's problems and claim, a
# plan's model and problems). A flat tuple, few objects: every run reads every row. The
# path as shown is the same for every run that uses a table: it is part of the table's name.
Row = tuple[int, int, int, int, bytes, "bytes | None", Any, Any]
CONTENT, PLAN, FIRST, SECOND = 4, 5, 6, 7


class Found(NamedTuple):
    """What the work function learnt about a file, for the parent to remember."""

    row: Row
    fresh: bool  # checked now (else its facts came from the table)
    model: bytes | None  # the new model, pickled; None when none is kept or it was stored


class RunCache:
    """The cache as one run uses it: opened before the check, saved after it."""

    def __init__(self, store: cache.Store, shown_from: str, options: tuple[object, ...]
                 ) -> None:
        self.store = store
        self.context = cache.context_key(*options)
        self.tag = self.context.hex()[:16]
        self.shown_from = shown_from  # the folder paths are shown from, relative to the root
        self._tables: dict[tuple[str, str], cache.Table] = {}
        self._models: dict[tuple[str, str], cache.Pack] = {}
        self._outputs: cache.Pack | None = None

    def _name(self, kind: str, where: tuple[str, str]) -> str:
        return f"{kind}-{self.tag}-{cache.digest(self.shown_from, *where).hex()[:12]}"

    def table(self, entry: FileEntry) -> cache.Table:
        where = (entry.year or "", entry.period or "")
        table = self._tables.get(where)
        if table is None:
            table = self._tables[where] = cache.Table(self.store, self._name("files", where))
        return table

    def models(self, entry: FileEntry) -> cache.Pack:
        where = (entry.year or "", entry.period or "")
        pack = self._models.get(where)
        if pack is None:
            pack = self._models[where] = cache.Pack(self.store, self._name("models", where))
        return pack

    @staticmethod
    def matches(row: Row, plan_key: bytes | None) -> bool:
        """The row's outcome was computed against this plan."""
        return row[PLAN] == plan_key

    @staticmethod
    def model_key(row: Row, entry: FileEntry) -> tuple[Any, ...]:
        return row[CONTENT], entry.display, row[PLAN]

    def recall(self, entries: list[FileEntry], keep: list[bool],
               plan_keys: dict[str | None, bytes | None], max_bytes: int
               ) -> tuple[list[tuple[int, Row, Stored | None]], list[tuple[int, Job]]]:
        """For each file, its row (and its model, when kept) when its stat says it has not
        changed since the row was written; else the job of reading it. One loop, no call per
        file but the stat: at province scale it runs tens of thousands of times per run."""
        hits: list[tuple[int, Row, Stored | None]] = []
        misses: list[tuple[int, Job]] = []
        where: tuple[str | None, str | None] | None = None
        rows: dict[str, Row] = {}
        trusted_before = 0
        table: cache.Table | None = None
        for index, entry in enumerate(entries):
            kept = keep[index]
            plan_key = plan_keys.get(entry.year, NO_PLAN)
            location = os.fspath(entry.location)
            seen = cache.regular_stat(location) if plan_key is not None else None
            if seen is None or seen[0] > max_bytes:
                misses.append((index, Job(entry, kept, seen, plan_key)))
                continue
            if (entry.year, entry.period) != where:
                where = (entry.year, entry.period)
                table = self.table(entry)
                rows, trusted_before = table.rows, table.trusted_before
            row = rows.get(location)
            if (row is None or row[0] != seen[0] or row[1] != seen[1] or row[2] != seen[2]
                    or row[3] != seen[3] or seen[1] >= trusted_before
                    or seen[2] >= trusted_before or row[PLAN] != plan_key):
                misses.append((index, Job(entry, kept, seen, plan_key)))
                continue
            model = None
            if kept and row[SECOND] is not None:
                blob = self.models(entry).get(self.model_key(row, entry))
                if blob is None:
                    misses.append((index, Job(entry, kept, seen, plan_key)))
                    continue
                model = Stored(blob)
            assert table is not None
            table.keep(location, row, False)
            hits.append((index, row, model))
        return hits, misses

    def reuse(self, job: Job, content: bytes) -> tuple[Row, Any, Stored | None] | None:
        """A file read again (its stat changed, or is too recent to believe) whose bytes are
        the same as its row's: that row, with the stat now seen, and its outcome."""
        assert job.seen is not None
        row = self.table(job.entry).row(os.fspath(job.entry.location))
        if row is None or row[CONTENT] != content or row[PLAN] != job.plan_key:
            return None
        model = None
        if job.keep and row[SECOND] is not None:
            blob = self.models(job.entry).get(self.model_key(row, job.entry))
            if blob is None:
                return None
            model = Stored(blob)
        return (*job.seen, *row[CONTENT:]), row[FIRST:], model  # type: ignore[return-value]

    @staticmethod
    def new_row(job: Job, content: bytes, facts: tuple[Any, Any]) -> Row:
        assert job.seen is not None
        return (*job.seen, content, job.plan_key, *facts)

    def learn(self, job: Job, found: Found) -> None:
        """Remember in the parent what a work function found."""
        self.table(job.entry).keep(os.fspath(job.entry.location), found.row, True)
        models = self.models(job.entry)
        if found.model is not None:
            models.put(self.model_key(found.row, job.entry), found.model)
        elif job.keep and found.row[SECOND] is not None:
            models.get(self.model_key(found.row, job.entry))  # used: kept when saved

    def outputs(self) -> cache.Pack:
        """What commands printed, by a digest of everything it was made from."""
        if self._outputs is None:
            self._outputs = cache.Pack(self.store, f"outputs-{self.tag}")
        return self._outputs

    def save(self) -> None:
        for table in self._tables.values():
            table.save()
        for pack in self._models.values():
            pack.save()
        self.store.bound()


def read_exactly(location: str | os.PathLike[str], size: int) -> bytes | None:
    """The file's bytes when there are exactly `size` of them (the size its stat gave)."""
    try:
        with open(location, "rb") as handle:
            data = handle.read(size + 1)
    except OSError:
        return None
    return data if len(data) == size else None


def read_regular(location: str, seen: cache.Stat | None, max_bytes: int) -> bytes | None:
    """The bytes of a regular file within the size limit, exactly as many as its stat said;
    None when it cannot be cached (the check then reads it its own way and says why)."""
    if seen is None or seen[cache.SIZE] > max_bytes:
        return None
    return read_exactly(location, seen[cache.SIZE])


def open_run(root: Path, base: Path, options: tuple[object, ...]) -> RunCache | None:
    """The cache of the workspace at `root` for a run that shows paths from `base`."""
    store = cache.open_store(root)
    if store is None:
        return None
    try:
        shown_from = os.path.relpath(base, root)
    except ValueError:  # another drive (Windows)
        shown_from = os.fspath(base)
    return RunCache(store, shown_from, options)
