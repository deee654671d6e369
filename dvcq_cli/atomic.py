"""Write a file so that readers only ever see the old content or the complete new one.

The data goes to a temporary file in the same folder (same file system, so the final rename
is atomic), is flushed to disk, and replaces the target with `os.replace`. On any failure,
including Ctrl-C, the temporary file is removed and the old file is left as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from dvcq_cli.i18n import N_, _

TEMP_PREFIX = ".dvcq-"
TEMP_SUFFIX = ".tmp"

# The usual reasons a file cannot be written, in the user's language. The English texts are
# the C library's own, so an English message reads as before.
REASONS = {
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EROFS: N_("Read-only file system"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.EIO: N_("Input/output error"),
}


def _default_mode() -> int:
    # mkstemp creates files readable by the owner only; a report is an ordinary file.
    return 0o666 & ~_umask()


def write_bytes(path: Path, data: bytes) -> None:
    """Atomically replace (or create) `path` with `data`; the folder must exist."""
    folder = path.parent
    temp: Path | None = None
    try:
        with _signals_held():  # no Ctrl-C between making the temporary file and knowing it
            fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX + path.name + ".",
                                             suffix=TEMP_SUFFIX, dir=folder)
            temp = Path(temp_name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o7777 if path.exists() else _default_mode()
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if temp is not None:
            with _signals_held(), contextlib.suppress(OSError):  # nor while removing it
                temp.unlink()
        raise
    _fsync_folder(folder)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for a few steps that must not be cut in two; a signal that
    comes meanwhile is handled right after. (Windows has no signal masks: nothing is held.)"""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def reason(error: OSError) -> str:
    """Why a file operation failed, for a message: the OS text, translated when known."""
    known = REASONS.get(error.errno) if error.errno is not None else None
    if known is not None:
        return _(known)
    return error.strerror or str(error)


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes(path, text.encode(encoding))


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_folder(path: Path, files: Mapping[str, bytes]) -> None:
    """Replace (or create) the folder `path` with exactly `files` (relative path → bytes).

    The new folder is written beside it under a temporary name and flushed to disk; then the
    old folder is moved aside and the new one renamed into place, with Ctrl-C held back
    between the two renames, and the old one is removed. A failure or an interrupt before the
    renames leaves the old folder as it was and no temporary folder behind; one between them
    puts the old folder back. Missing parent folders are created.
    """
    parent = path.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    temp: Path | None = None
    old: Path | None = None
    try:
        with _signals_held():
            temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + path.name + ".",
                                         suffix=TEMP_SUFFIX, dir=parent))
        _fill_folder(temp, files)
        with _signals_held():
            if path.exists() or path.is_symlink():
                old = parent / (temp.name + ".old")
                os.rename(path, old)
            os.rename(temp, path)
            temp = None
    except BaseException:
        with _signals_held(), contextlib.suppress(OSError):
            if old is not None and not path.exists():
                os.rename(old, path)
                old = None
            if temp is not None:
                shutil.rmtree(temp)
        raise
    finally:
        if old is not None:
            with _signals_held():
                shutil.rmtree(old, ignore_errors=True)
    _fsync_folder(parent)


def _fill_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    # mkdtemp makes a folder only its owner can read; a site is an ordinary folder.
    os.chmod(folder, 0o777 & ~_umask())
    for name, data in sorted(files.items()):
        target = folder / name
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True)
        with open(target, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    for sub in sorted({(folder / name).parent for name in files}):
        _fsync_folder(sub)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
