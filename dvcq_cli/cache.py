"""What each file's check gave, remembered in the workspace so that a run pays for what changed.

An outcome is stored under a key made of everything it depends on: the file's bytes (their
digest), its path and the role the path gives it, the plan it was checked against (that
plan's bytes), and the run's context (`context_key`: dvcq's code, the Python version, the
language of messages, the limits). Nothing that changes the outcome is left out of the key,
so an entry is never stale: at worst it is never asked for again.

Reading every file to know its digest would cost as much as checking it, so a stat index
remembers, per path, the size, modification and change times, inode and digest seen last.
An entry of the index is believed only when the file still has the same stat and its times
are older than the moment that stat was taken, by a margin (git's "racy clean" rule): a
file written again within the same clock tick as the stat, with the same size, would
otherwise look unchanged.

Everything is in a few packs (`.dvcq-cache/*.pack`), each written to a temporary file and
renamed into place, so a run interrupted or running beside another never leaves half a
pack. A pack starts with a keyed digest (BLAKE2b with a key kept in the user's own cache
folder, outside any workspace) of its name and content: a pack that is truncated, corrupt,
copied from another pack or brought from another machine fails it and is ignored. That is
also what makes unpickling a pack safe: nobody else can make one this user trusts.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import stat
import struct
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dvcq_cli.tuples import NamedTuple

try:  # BLAKE2 without loading OpenSSL, which `hashlib` and `hmac` do (10 ms of every run)
    from _blake2 import blake2b
    from _operator import _compare_digest as compare_digest
except ImportError:  # pragma: no cover - a Python built without them
    from hashlib import blake2b
    from hmac import compare_digest

CACHE_DIR = ".dvcq-cache"
FORMAT = 2  # bump when what a pack holds changes shape
_MAGIC = b"DVCQ-CACHE\x00" + bytes([FORMAT])
_MAC_SIZE = 32
_HEADER = len(_MAGIC) + _MAC_SIZE + 8
PACK_SUFFIX = ".pack"
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
MAX_BYTES_VARIABLE = "DVCQ_CACHE_MAX_MB"
KEY_FILE = "cache.key"
# A stat is believed only for a file whose times are older than the stat by this much: more
# than the coarsest clock tick of the file systems in use (FAT keeps 2 s).
RACY_MARGIN_NS = 3_000_000_000
clock = time.time_ns  # the wall clock, as file times use it (tests move it on)


def digest(*parts: bytes | str) -> bytes:
    """A 16-byte digest of the parts, each one length-prefixed so that no two lists of parts
    give the same bytes."""
    h = blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.digest()


def content_digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


_CODE: bytes | None = None


def code_fingerprint() -> bytes:
    """dvcq's version and every file of the installed package by name, size and time: a
    new version, or any edit of the code or of a message catalog, makes a new context."""
    global _CODE
    if _CODE is None:
        from dvcq_cli import __version__

        package = Path(__file__).parent
        found: list[str] = [__version__]
        pending = [os.fspath(package)]
        while pending:
            folder = pending.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name == "__pycache__":
                    continue
                if entry.is_dir():
                    pending.append(entry.path)
                    continue
                try:
                    info = entry.stat()
                except OSError:
                    continue
                found.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
        _CODE = digest(*found)
    return _CODE


def context_key(*options: object) -> bytes:
    """The run's context: what every outcome depends on besides its own files. `options`
    are the settings that change results (the limits, the language)."""
    return digest(code_fingerprint(), sys.version, str(pickle.HIGHEST_PROTOCOL),
                  str(FORMAT), *(repr(option) for option in options))


def user_key() -> bytes | None:
    """The secret that authenticates packs, made on first use in the user's cache folder
    (never in a workspace, which others may copy or share); None when it cannot be kept."""
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    try:
        folder = Path(base) if base else Path.home() / ".cache"
    except (RuntimeError, KeyError):  # no home folder (a bare CI account): no cache
        return None
    path = folder / "dvcq" / KEY_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = _new_key(path)
    except OSError:
        return None
    return data if data is not None and len(data) == 32 else None


def _new_key(path: Path) -> bytes | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by a run beside this one
        with contextlib.suppress(OSError):
            return path.read_bytes()
        return None
    except OSError:
        return None
    import secrets

    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


def max_bytes() -> int:
    """The cache's size bound: DVCQ_CACHE_MAX_MB megabytes, by default 512."""
    value = os.environ.get(MAX_BYTES_VARIABLE, "").strip()
    if value:
        with contextlib.suppress(ValueError):
            return max(0, int(float(value) * 1024 * 1024))
    return DEFAULT_MAX_BYTES


class Store:
    """The packs of one workspace's cache folder, each one read whole and written whole."""

    def __init__(self, folder: Path, key: bytes, limit: int) -> None:
        self.folder = folder
        self.key = key
        self.limit = limit
        self.written: set[str] = set()
        self.digests: dict[str, bytes] = {}  # each pack's digest, as read or written now

    def _mac(self, name: str, payload: bytes | memoryview) -> bytes:
        mac = blake2b(key=self.key, digest_size=_MAC_SIZE)
        mac.update(_MAGIC)
        mac.update(name.encode())
        mac.update(len(payload).to_bytes(8, "big"))
        mac.update(payload)
        return mac.digest()

    def read(self, name: str) -> Any:
        """What pack `name` holds, or None when it is missing or fails its digest."""
        try:
            with open(self.folder / (name + PACK_SUFFIX), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        if len(data) < _HEADER or not data.startswith(_MAGIC):
            return None
        mac = data[len(_MAGIC):len(_MAGIC) + _MAC_SIZE]
        length = int.from_bytes(data[len(_MAGIC) + _MAC_SIZE:_HEADER], "big")
        payload = memoryview(data)[_HEADER:]
        if len(payload) != length or not compare_digest(
                mac, self._mac(name, payload)):
            return None
        try:
            value = pickle.loads(payload)  # noqa: S301 - authenticated above: our own writing
        except Exception:  # noqa: BLE001 - a class renamed since: as good as no pack
            return None
        self.digests[name] = mac
        return value

    def write(self, name: str, value: Any) -> None:
        """Replace pack `name` with `value`, atomically; skipped when it alone would pass the
        size bound, and silently when the folder cannot be written (a cache is optional)."""
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(payload) + _HEADER > self.limit:
            self.remove(name)
            return
        # Header and payload written one after the other: a table of thousands of rows is
        # not copied again in memory only to be written.
        mac = self._mac(name, payload)
        header = b"".join((_MAGIC, mac, len(payload).to_bytes(8, "big")))
        temp = self.folder / f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
        try:
            self._ensure_folder()
            # No fsync: a pack lost in a crash is only a slower next run, and a torn one
            # fails its digest.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(header)
                    handle.write(payload)
                os.replace(temp, self.folder / (name + PACK_SUFFIX))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return
        self.written.add(name)
        self.digests[name] = mac

    def remove(self, name: str) -> None:
        self.digests.pop(name, None)
        with contextlib.suppress(OSError):
            os.unlink(self.folder / (name + PACK_SUFFIX))

    def _ensure_folder(self) -> None:
        if self.folder.is_dir():
            return
        self.folder.mkdir(exist_ok=True)
        # The folder keeps itself out of version control, whatever the workspace's own
        # .gitignore says, and tells backup tools what it is.
        (self.folder / ".gitignore").write_text("# dvcq's cache: safe to delete\n*\n")
        (self.folder / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# dvcq's cache of checked files; 'dvcq cache clear' empties it.\n")

    def bound(self) -> None:
        """Keep the folder under the size bound: the packs least recently written go first,
        never one written by this run."""
        packs = list(pack_files(self.folder))
        total = sum(size for _path, size, _mtime in packs)
        for path, size, _mtime in sorted(packs, key=lambda pack: pack[2]):
            if total <= self.limit:
                break
            if path.name.removesuffix(PACK_SUFFIX) in self.written:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size


def pack_files(folder: Path) -> Iterable[tuple[Path, int, int]]:
    """Each pack of a cache folder: path, size, modification time."""
    try:
        listing = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in listing:
        if entry.name.endswith(PACK_SUFFIX):
            with contextlib.suppress(OSError):
                info = entry.stat()
                found.append((Path(entry.path), info.st_size, info.st_mtime_ns))
    return found


# What the index remembers of a file's stat: size, modification and change times (ns),
# inode. A plain tuple: the index holds one per file, read on every run.
Stat = tuple[int, int, int, int]
SIZE, MTIME, CTIME = 0, 1, 2
# A table keeps its files' stats packed in one bytes object, 32 bytes a file: compared with
# the stats seen now in one comparison, and unpickled as one object. (An inode is unsigned.)
_PACKED = struct.Struct("=qqqQ")
_WIDTH = _PACKED.size
_LOOKUPS_BEFORE_INDEX = 16
# A table's journal (`<table>-journal`): the rows replaced since the table was last written
# whole, at most this many (and a quarter of the table's rows) before it is written whole.
JOURNAL = "-journal"
_JOURNAL_ROWS = 64


def regular_stat(location: str | os.PathLike[str]) -> Stat | None:
    """The stat of a regular file (links followed), or None: anything else is never cached."""
    try:
        info = os.stat(location)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def regular_stats(locations: list[str]) -> list[Stat | None]:
    """`regular_stat` of each location, in one pass: a warm run stats every file of the
    workspace, and a call per file would cost as much as the stat itself."""
    regular = stat.S_ISREG
    try:
        # Each stat's result is dropped before the next is made: kept all at once, a
        # folder's thousands of them would cost fresh memory (~7 ms of a warm run).
        return [(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                if regular(info.st_mode) else None for info in map(os.stat, locations)]
    except (OSError, ValueError):  # one of them is gone or unreadable: file by file
        return [regular_stat(location) for location in locations]


def packed_stats(locations: list[str]) -> bytes | None:
    """The stats of regular files packed as a table keeps them; None when one of them is
    not a regular file or cannot be stat'ed (then each is looked at on its own)."""
    pack, regular = _PACKED.pack, stat.S_ISREG
    try:
        found = [pack(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                 if regular(info.st_mode) else None for info in map(os.stat, locations)]
    except (OSError, ValueError, struct.error):  # also a time or size beyond 64 bits
        return None
    if None in found:
        return None
    return b"".join(found)


def unpacked_stat(packed: bytes, index: int) -> Stat:
    """The stat of the `index`th file of packed stats."""
    return _PACKED.unpack_from(packed, index * _WIDTH)  # type: ignore[return-value]


def _pack(stats: Iterable[Stat]) -> bytes:
    return b"".join([_PACKED.pack(*seen) for seen in stats])


class Table:
    """One folder's files: for each, the stat last seen, the digest of the bytes read then,
    what else the outcome depended on (the plan's key), and the outcome's two facts.

    Kept as columns, not as a row object per file: every run reads every table, and a
    province's period folder holds thousands of files. The stats are one bytes object,
    compared with the stats seen now in one comparison (`same_files`). Rows of paths this
    run did not see, or saw changed and did not learn again, are dropped when the table is
    saved (deleted, renamed and unreadable files). A run that replaced a few rows and
    dropped none writes only those rows, in the table's journal (`_write_journal`)."""

    def __init__(self, store: Store, name: str) -> None:
        self.store = store
        self.name = name
        self.locations: list[str] = []
        self.stats = b""
        self.newest = 0  # the latest modification or change time of the rows' files
        self.largest = 0  # the size of the largest file
        self.contents: list[bytes] = []
        self.plans: list[bytes | None] = []
        self.firsts: list[Any] = []
        self.seconds: list[Any] = []
        self.trusted_before = 0
        # The rows a journal replaced in the columns read (index → row), as read.
        self.journaled: dict[int, tuple[Any, ...]] = {}
        loaded = store.read(name)
        if _well_formed(loaded):
            (taken, self.locations, self.stats, self.newest, self.largest, self.contents,
             self.plans, self.firsts, self.seconds) = loaded
            self.trusted_before = taken - RACY_MARGIN_NS
            self._apply_journal(store.read(name + JOURNAL), store.digests.get(name))
        self.taken = clock()  # before any file of this run is looked at
        self._index: dict[str, int] | None = None
        self._looked_up = 0
        # What the next save holds: either rows kept one by one (`new`), or the columns
        # read, with some rows replaced or dropped (`patches`, index → row or None).
        self.new: dict[str, tuple[Any, ...]] = {}
        self.patches: dict[int, tuple[Any, ...] | None] | None = None
        self.changed = False
        self.saved = False

    def __len__(self) -> int:
        return len(self.locations)

    def index(self, location: str) -> int | None:
        if self._index is None:
            # A warm run looks up the few files that changed: a search of the list each,
            # rather than a dict of the folder's thousands of rows built for them.
            self._looked_up += 1
            if self._looked_up <= _LOOKUPS_BEFORE_INDEX:
                try:
                    return self.locations.index(location)
                except ValueError:
                    return None
            self._index = {location: i for i, location in enumerate(self.locations)}
        return self._index.get(location)

    def row_at(self, index: int) -> tuple[Any, ...]:
        return (*_PACKED.unpack_from(self.stats, index * _WIDTH), self.contents[index],
                self.plans[index], self.firsts[index], self.seconds[index])

    def row(self, location: str) -> tuple[Any, ...] | None:
        index = self.index(location)
        return None if index is None else self.row_at(index)

    @property
    def rows(self) -> dict[str, tuple[Any, ...]]:
        return {location: self.row_at(i) for i, location in enumerate(self.locations)}

    def believed(self, row: tuple[Any, ...], seen: Stat) -> bool:
        """The row's stat is the file's, and old enough to be sure the bytes are the same."""
        return (row[0] == seen[0] and row[1] == seen[1] and row[2] == seen[2]
                and row[3] == seen[3] and seen[MTIME] < self.trusted_before
                and seen[CTIME] < self.trusted_before)

    def doubted(self, packed: bytes, plan: bytes | None, max_bytes: int) -> list[int] | None:
        """For the stats now seen of the table's own files in its order (`packed_stats` of
        `self.locations`), the rows not `believed`: the file's stat differs, a time is
        within the racy margin, the file is over the size limit, or the row was made
        against another plan. None when the stats cannot be compared in bulk."""
        stats, count = self.stats, len(self.locations)
        if len(packed) != len(stats) or len(stats) != count * _WIDTH:
            return None
        doubted: set[int] = set()
        if packed != stats:
            width = _WIDTH
            doubted.update(i for i in range(count)
                           if packed[i * width:(i + 1) * width] != stats[i * width:(i + 1) * width])
        before = self.trusted_before
        if self.newest >= before or self.largest > max_bytes:
            numbers = memoryview(packed).cast("q")
            doubted.update(i for i, (size, mtime, ctime) in enumerate(zip(
                numbers[0::4], numbers[1::4], numbers[2::4], strict=True))
                if mtime >= before or ctime >= before or size > max_bytes)
        if self.plans.count(plan) != count:
            doubted.update(i for i, key in enumerate(self.plans) if key != plan)
        return sorted(doubted)

    def keep_believed(self, doubted: list[int]) -> None:
        """Keep every row but the doubted ones, which are dropped unless learnt again."""
        if self.patches is None:
            self.patches = {}
        self.patches.update(dict.fromkeys(doubted))
        self.changed = self.changed or bool(doubted)
        self.saved = False

    def keep(self, location: str, row: tuple[Any, ...], changed: bool) -> None:
        if self.patches is not None:
            index = self.index(location)
            if index is not None:
                self.patches[index] = row
                self.changed = self.changed or changed
                self.saved = False
                return
            self._unpatch()
        self.new[location] = row
        self.changed = self.changed or changed
        self.saved = False

    def _unpatch(self) -> None:
        """From columns kept with patches to rows kept one by one."""
        assert self.patches is not None
        patches, self.patches = self.patches, None
        for index, location in enumerate(self.locations):
            row = patches[index] if index in patches else self.row_at(index)
            if row is not None:
                self.new[location] = row

    def _apply_journal(self, journal: Any, base: bytes | None) -> None:
        """The rows a later run replaced, put in the columns read, when `journal` was
        written over exactly this pack (`base`, its digest). The journal's time then
        stands for every row: the run that wrote it vouched for each one (its stat
        believed, or its file read)."""
        if not (isinstance(journal, tuple) and len(journal) == 5 and base is not None
                and journal[0] == base and isinstance(journal[4], dict)):
            return
        _base, taken, newest, largest, rows = journal
        count = len(self.locations)
        if not all(isinstance(index, int) and 0 <= index < count and isinstance(row, tuple)
                   and len(row) == 8 for index, row in rows.items()):
            return
        stats = bytearray(self.stats)
        columns = (self.contents, self.plans, self.firsts, self.seconds)
        for index, row in rows.items():
            stats[index * _WIDTH:(index + 1) * _WIDTH] = _PACKED.pack(*row[:4])
            for column, value in zip(columns, row[4:], strict=True):
                column[index] = value
        self.stats = bytes(stats)
        self.newest = max(self.newest, newest)
        self.largest = max(self.largest, largest)
        self.trusted_before = taken - RACY_MARGIN_NS
        self.journaled = rows

    def save(self) -> None:
        if self.saved:
            return
        self.saved = True
        if self.patches is not None:
            if not self.patches:  # every row is kept as it was
                return
            rows = {**self.journaled, **self.patches}
            if None in self.patches.values() or len(rows) > min(_JOURNAL_ROWS,
                                                                len(self.locations) // 4):
                self.store.write(self.name, self._patched())
                self.store.remove(self.name + JOURNAL)
            else:
                self._write_journal(rows)  # type: ignore[arg-type]
            return
        if self.changed or len(self.new) != len(self.locations):
            self.store.write(self.name, self._columns(
                list(self.new), _pack(row[:4] for row in self.new.values()),
                *([row[i] for row in self.new.values()] for i in range(4, 8))))
            self.store.remove(self.name + JOURNAL)

    def _write_journal(self, rows: dict[int, tuple[Any, ...]]) -> None:
        """Only the rows replaced since the pack was written, over that pack: a warm run
        that read a few changed files of a folder of thousands writes those few rows."""
        base = self.store.digests.get(self.name)
        if base is None:  # the pack read is gone from this run's knowledge: write it whole
            self.store.write(self.name, self._patched())
            return
        stats = [row[:4] for row in rows.values()]
        newest = max(max(seen[MTIME], seen[CTIME]) for seen in stats)
        largest = max(seen[SIZE] for seen in stats)
        self.store.write(self.name + JOURNAL, (base, self.taken, newest, largest, rows))

    def _patched(self) -> tuple[Any, ...]:
        """The columns read, with the patches applied."""
        assert self.patches is not None
        stats = bytearray(self.stats)
        columns = [self.contents[:], self.plans[:], self.firsts[:], self.seconds[:]]
        for index, row in self.patches.items():
            if row is not None:
                stats[index * _WIDTH:(index + 1) * _WIDTH] = _PACKED.pack(*row[:4])
                for column, value in zip(columns, row[4:], strict=True):
                    column[index] = value
        locations = self.locations
        if None in self.patches.values():
            kept = [i for i in range(len(locations)) if self.patches.get(i, True) is not None]
            locations = [locations[i] for i in kept]
            stats = bytearray(b"".join(stats[i * _WIDTH:(i + 1) * _WIDTH] for i in kept))
            columns = [[column[i] for i in kept] for column in columns]
        return self._columns(locations, bytes(stats), *columns)

    def _columns(self, locations: list[str], stats: bytes, *columns: list[Any]
                 ) -> tuple[Any, ...]:
        numbers = memoryview(stats).cast("q")
        newest = max(max(numbers[1::4], default=0), max(numbers[2::4], default=0))
        return (self.taken, locations, stats, newest, max(numbers[0::4], default=0), *columns)


class Listings:
    """The names in each folder of the workspace as last listed, by the folder's path.

    A folder's listing changes only with the folder's own stat: creating, deleting or
    renaming an entry sets its modification and change times. A listing is reused when the
    folder's stat is the one seen just before it was listed, and both times are older than
    that moment by the racy margin (a name added within the same clock tick would otherwise
    go unseen). Folders holding links are not kept: where a link leads (a file, a folder,
    nothing) changes without the folder changing."""

    def __init__(self, store: Store, name: str, kinds: int) -> None:
        self.store = store
        self.name = name
        loaded = store.read(name)
        self.old: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
        self.new: dict[str, Any] = {}
        self.taken = clock()  # before any folder of this run is looked at
        self.changed = False
        self.kinds = kinds  # how many lists of names a listing holds

    def look(self, folder: str) -> tuple[Stat | None, tuple[list[str], ...] | None]:
        """The folder's stat, taken now, and its listing (lists of names, as `listed` was
        given them) when the one kept for it can be reused."""
        try:
            info = os.stat(folder)
        except (OSError, ValueError):
            return None, None
        if not stat.S_ISDIR(info.st_mode):
            return None, None
        now = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        old = self.old.get(folder)
        if (isinstance(old, tuple) and len(old) == 3 and old[0] == now
                and now[MTIME] < old[1] - RACY_MARGIN_NS and now[CTIME] < old[1] - RACY_MARGIN_NS
                and isinstance(old[2], tuple) and len(old[2]) == self.kinds):
            self.new[folder] = old
            return now, old[2]
        return now, None

    def listed(self, folder: str, seen: Stat, names: tuple[list[str], ...]) -> None:
        """What the folder held when listed after `look` gave `seen`."""
        assert len(names) == self.kinds
        self.new[folder] = (seen, self.taken, names)
        self.changed = True

    def save(self) -> None:
        if self.changed or len(self.new) != len(self.old):
            self.store.write(self.name, self.new)
            self.changed = False
            self.old = dict(self.new)


def _well_formed(loaded: Any) -> bool:
    """A table's columns, all of one length (a pack of another shape is ignored)."""
    if not (isinstance(loaded, tuple) and len(loaded) == 9):
        return False
    _taken, locations, stats, _newest, _largest, *columns = loaded
    count = len(locations) if isinstance(locations, list) else -1
    return (isinstance(stats, bytes) and len(stats) == count * _WIDTH
            and all(isinstance(column, list) and len(column) == count for column in columns))


class Pack:
    """Entries of one kind (facts, models, plans, evaluations) for one context and shard."""

    def __init__(self, store: Store, name: str) -> None:
        self.store = store
        self.name = name
        loaded = store.read(name)
        self.old: dict[bytes, Any] = loaded if isinstance(loaded, dict) else {}
        self.used: dict[bytes, Any] = {}
        self.added = False
        self.saved: tuple[int, bool] | None = None  # (entries used, added) when last saved

    def get(self, key: bytes) -> Any:
        value = self.used.get(key)
        if value is None:
            value = self.old.get(key)
            if value is not None:
                self.used[key] = value
        return value

    def put(self, key: bytes, value: Any) -> None:
        self.used[key] = value
        self.added = True

    def save(self) -> None:
        """The entries used by this run, and as many older ones (a file's previous
        version, as when switching branches back and forth), then nothing older."""
        state = (len(self.used), self.added)
        if self.saved == state or (not self.added and len(self.used) == len(self.old)):
            return
        self.saved = state
        kept = dict(self.used)
        room = len(self.used)
        for key, value in self.old.items():
            if room <= 0:
                break
            if key not in kept:
                kept[key] = value
                room -= 1
        self.store.write(self.name, kept)


def open_store(root: Path) -> Store | None:
    """The cache of the workspace at `root`, or None when no key can be kept."""
    key = user_key()
    if key is None:
        return None
    return Store(root / CACHE_DIR, key, max_bytes())


def clear(root: Path) -> int:
    """Delete the cache folder's packs; the number of bytes freed."""
    folder = root / CACHE_DIR
    freed = 0
    for path, size, _mtime in pack_files(folder):
        with contextlib.suppress(OSError):
            path.unlink()
            freed += size
    for leftover in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
    return freed


class Info(NamedTuple):
    folder: Path
    packs: int
    size: int
    limit: int


def info(root: Path) -> Info:
    packs = list(pack_files(root / CACHE_DIR))
    return Info(root / CACHE_DIR, len(packs), sum(size for _p, size, _m in packs), max_bytes())
