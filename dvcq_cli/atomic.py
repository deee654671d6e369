"""Write a file so that readers only ever see the old content or the complete new one.

The data goes to a temporary file in the same folder (same file system, so the final rename
is atomic), is flushed to disk, and replaces the target with `os.replace`. On any failure,
including Ctrl-C, the temporary file is removed and the old file is left as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
from collections.abc import Iterator
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
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


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
