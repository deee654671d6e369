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

import operator
import os
import pickle
from collections.abc import Iterator, MutableMapping
from itertools import groupby
from pathlib import Path
from typing import Any

from dvcq_cli import cache
from dvcq_cli.tuples import NamedTuple
from dvcq_cli.workspace import LISTING_KINDS, FileEntry

_PLACE = operator.attrgetter("year", "period")  # the folder, and so the table, of a file
_LOCATION = operator.attrgetter("location")
NO_PLAN = b"no plan"  # the key of a year without a plan file: its assessments are checked alone


class Stored:
    """A model as the cache holds it: pickled, until someone reads it."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def load(self) -> Any:
        return pickle.loads(self.blob)  # noqa: S301 - from an authenticated pack or a worker


class Pending(NamedTuple):
    """A model the cache should hold, not yet looked up: `RunCache.resolve` finds it, or
    checks its file again when the pack has lost it."""

    entry: FileEntry
    key: tuple[Any, ...]


class Models(MutableMapping[str, Any]):
    """Unit id → Assessment, each one unpickled from the cache when first asked for."""

    def __init__(self) -> None:
        self._items: dict[str, Any] = {}

    def __getitem__(self, unit: str) -> Any:
        value = self._items[unit]
        if isinstance(value, Pending):  # a lazy run's model read before `resolve_models`
            raise LookupError(f"the model of {value.entry.display} was not resolved")
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

    def pending(self) -> list[tuple[str, Pending]]:
        return [(unit, value) for unit, value in self._items.items()
                if isinstance(value, Pending)]

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


class Facts:
    """What the run knows of each assessment it checks, as columns in the order of its
    entries: the problems, the claim (unit, period, position; None for an unusable file),
    the model when one is kept, and the model's key in the cache."""

    __slots__ = ("problems", "claims", "models", "keys")

    def __init__(self, count: int) -> None:
        self.problems: list[Any] = [()] * count
        self.claims: list[Any] = [None] * count
        self.models: list[Any] = [None] * count
        self.keys: list[Any] = [None] * count


def folders(entries: list[FileEntry]) -> list[tuple[int, int]]:
    """(start, end) of each run of entries in one folder (one year and period)."""
    runs = []
    start = 0
    for _place, run in groupby(map(_PLACE, entries)):  # thousands of entries, a few runs
        end = start + len(list(run))
        runs.append((start, end))
        start = end
    return runs


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
        self._listings: cache.Listings | None = None
        self._said: dict[str, str] = {}  # each problem message's text, once

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

    def listings(self) -> cache.Listings:
        """The folders' listings (the workspace's scan reuses those of unchanged folders)."""
        if self._listings is None:
            self._listings = cache.Listings(self.store, "listings", LISTING_KINDS)
        return self._listings

    def recall(self, entries: list[FileEntry], runs: list[tuple[int, int]], keep: list[bool],
               plan_keys: dict[str | None, bytes | None], max_bytes: int, facts: Facts,
               lazy: bool = False) -> list[tuple[int, Job]]:
        """For each file whose stat says it has not changed since its row was written, its
        row's facts (and its model, when kept) put in `facts`; for the others, the job of
        reading them. `runs`: the (start, end) of each folder's entries (`folders`).

        At province scale this runs for tens of thousands of files on every run, so it works
        folder by folder: the folder's files are stat'ed in one pass, and when they are the
        table's own files, their stats are compared with the table's as one bytes object and
        the facts taken as whole columns. With `lazy`, a kept model is not looked up in its
        pack: it is a `Pending` that `resolve_models` makes good (a status printed before is
        reused without ever opening the models)."""
        misses: list[tuple[int, Job]] = []
        for start, end in runs:
            self._recall_folder(entries, keep, start, end, plan_keys, max_bytes, lazy, facts,
                                misses)
        return misses

    def _recall_folder(self, entries: list[FileEntry], keep: list[bool], start: int, end: int,
                       plan_keys: dict[str | None, bytes | None], max_bytes: int, lazy: bool,
                       facts: Facts, misses: list[tuple[int, Job]]) -> None:
        """`recall` for entries[start:end], the files of one folder (one table)."""
        group = entries[start:end]
        first = group[0]
        plan_key = plan_keys.get(first.year, NO_PLAN)
        kept = keep[start:end]
        if plan_key is None:  # the plan could not be read for a digest: nothing is cached
            misses.extend((start + offset, Job(entry, kept[offset], None, None))
                          for offset, entry in enumerate(group))
            return
        locations = list(map(os.fspath, map(_LOCATION, group)))
        table = self.table(first)
        packed = cache.packed_stats(locations) if table.locations == locations else None
        doubted = table.doubted(packed, plan_key, max_bytes) if packed is not None else None
        if packed is None or doubted is None:
            self._recall_rows(group, start, kept, locations, table, plan_key, max_bytes, lazy,
                              facts, misses)
            return
        # The usual warm run: the table's own files, all but a few unchanged.
        table.keep_believed(doubted)
        facts.problems[start:end] = table.firsts
        facts.claims[start:end] = table.seconds
        for offset in doubted:
            seen = cache.unpacked_stat(packed, offset)
            misses.append((start + offset, Job(group[offset], kept[offset], seen, plan_key)))
        if not any(kept):
            return
        skip = set(doubted)
        contents, seconds = table.contents, table.seconds
        for offset, entry in enumerate(group):
            if kept[offset] and offset not in skip and seconds[offset] is not None:
                key = (contents[offset], entry.display, plan_key)  # `model_key` of its row
                model = self._model_by_key(key, entry, lazy)
                if model is None:  # the pack has lost it: the file is read again
                    misses.append((start + offset,
                                   Job(entry, True, cache.unpacked_stat(packed, offset),
                                       plan_key)))
                    continue
                facts.models[start + offset] = model
                facts.keys[start + offset] = key

    def _kept_model(self, row: Row, entry: FileEntry, lazy: bool) -> Stored | Pending | None:
        return self._model_by_key(self.model_key(row, entry), entry, lazy)

    def _model_by_key(self, key: tuple[Any, ...], entry: FileEntry, lazy: bool
                      ) -> Stored | Pending | None:
        if lazy:
            return Pending(entry, key)
        blob = self.models(entry).get(key)
        return None if blob is None else Stored(blob)

    def _recall_rows(self, group: list[FileEntry], start: int, kept: list[bool],
                     locations: list[str], table: cache.Table, plan_key: bytes,
                     max_bytes: int, lazy: bool, facts: Facts,
                     misses: list[tuple[int, Job]]) -> None:
        """`_recall_folder` file by file: files added, removed or not regular."""
        seen = cache.regular_stats(locations)
        before = table.trusted_before
        for offset, entry in enumerate(group):
            now = seen[offset]
            row = table.row(locations[offset])
            # Believed: same stat as the row, both times older than the racy margin, same plan.
            if (row is None or now is None or row[:4] != now or now[1] >= before
                    or now[2] >= before or row[PLAN] != plan_key or now[0] > max_bytes):
                misses.append((start + offset, Job(entry, kept[offset], now, plan_key)))
                continue
            index = start + offset
            if kept[offset] and row[SECOND] is not None:
                model = self._kept_model(row, entry, lazy)
                if model is None:
                    misses.append((index, Job(entry, True, now, plan_key)))
                    continue
                facts.models[index] = model
                facts.keys[index] = self.model_key(row, entry)
            table.keep(locations[offset], row, False)
            facts.problems[index] = row[FIRST]
            facts.claims[index] = row[SECOND]

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
        row = found.row
        if row[FIRST]:
            row = (*row[:FIRST], self._shared(row[FIRST]), *row[FIRST + 1:])  # type: ignore[assignment]
        self.table(job.entry).keep(os.fspath(job.entry.location), row, True)
        # The models' pack is opened only when a model is kept: `dvcq check` never reads it.
        if found.model is not None:
            self.models(job.entry).put(self.model_key(found.row, job.entry), found.model)
        elif job.keep and found.row[SECOND] is not None:
            self.models(job.entry).get(self.model_key(found.row, job.entry))  # kept when saved

    def _shared(self, problems: tuple[Any, ...]) -> tuple[Any, ...]:
        """The problems with each message's text held once in the run: thousands of files
        with the same warning are then stored, read and checked as one text."""
        said = self._said
        return tuple(p if (text := said.setdefault(p.message, p.message)) is p.message
                     else p._replace(message=text) for p in problems)

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
        if self._listings is not None:
            self._listings.save()
        self.store.bound()


# Read without Python's file objects: making a buffered one costs as much as reading the
# few KB of a file (about half the time of reading one). Binary mode on Windows.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def read_exactly(location: str | os.PathLike[str], size: int) -> bytes | None:
    """The file's bytes when there are exactly `size` of them (the size its stat gave).
    (A short read, never seen from a regular file, gives None: the file is then read the
    way the check reads files it cannot cache.)"""
    try:
        handle = os.open(location, _READ_FLAGS)
        try:
            data = os.read(handle, size + 1)
        finally:
            os.close(handle)
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
