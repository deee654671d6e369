"""Write a file so that readers only ever see the old content or the complete new one.

The data goes to a temporary file in the same folder (same file system, so the final rename
is atomic), is flushed to disk, and replaces the target with `os.replace`. On any failure,
including Ctrl-C, the temporary file is removed and the old file is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".dvcq-"
TEMP_SUFFIX = ".tmp"


def _default_mode() -> int:
    # mkstemp creates files readable by the owner only; a report is an ordinary file.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes(path: Path, data: bytes) -> None:
    """Atomically replace (or create) `path` with `data`; the folder must exist."""
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX + path.name + ".",
                                     suffix=TEMP_SUFFIX, dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o7777 if path.exists() else _default_mode()
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(folder)


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
