"""Spread independent per-file work over processes, where that pays.

Checking an assessment is independent of the others once the plan is loaded, so at province
scale (thousands of files) the files are shared out to forked child processes. Forking
means the children inherit the loaded plans and the work function: each child works through
its own slice of the items and sends its results back, pickled, through a pipe. There is no
shared queue and no lock, so a child killed at any moment (Ctrl-C or SIGTERM sent to the
whole process group) can never leave the parent waiting: the parent stops reading, kills and
reaps the other children, and reports the interrupt once. Where fork is not available
(Windows), or for a few hundred files (starting children costs more than it saves; see
benchmarks/), the work runs in this process.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 300  # files; measured in benchmarks/ on a 2-core machine
MAX_AUTO_JOBS = 8


class WorkerFailed(RuntimeError):
    """A child process failed: its error, or how it ended."""


def job_count(requested: int, items: int) -> int:
    """How many processes: `requested` (0 = as many as pays), never more than the items."""
    if requested == 1 or items < 2 or not hasattr(os, "fork"):
        return 1
    if requested <= 0:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
        return min(cpus, MAX_AUTO_JOBS) if items >= PARALLEL_FROM else 1
    return min(requested, items)


def map_over(work: Callable[[T], R], items: Sequence[T], jobs: int = 0) -> list[R]:
    """`[work(item) for item in items]`, in order, spread over `job_count(jobs)` processes."""
    count = job_count(jobs, len(items))
    if count == 1:
        return [work(item) for item in items]
    bounds = [len(items) * index // count for index in range(count + 1)]
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe), not yet collected
    try:
        for index in range(count):
            _fork(work, items[bounds[index]:bounds[index + 1]], children)
        results: list[R] = []
        while children:
            pid, reader = children[0]
            try:
                results.extend(_collect(pid, reader))
            finally:
                children.pop(0)  # reaped by _collect, whatever happened there
        return results
    finally:
        _stop(children)


_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _fork(work: Callable[[T], R], chunk: Sequence[T], children: list[tuple[int, int]]) -> None:
    """Start a child on `chunk` and add it to `children`.

    Interrupts wait while forking: one arriving between the fork and the bookkeeping would
    leave a child nobody stops, or a child running the parent's interrupt handler.
    """
    reader, writer = os.pipe()
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(reader)
        os.close(writer)
        raise
    if pid == 0:  # the child: never returns
        _child(work, chunk, writer, mask, (reader, *(other for _pid, other in children)))
    children.append((pid, reader))
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    os.close(writer)


def _child(work: Callable[[T], R], chunk: Sequence[T], writer: int, mask: Any,
           parents_fds: tuple[int, ...]) -> None:
    status = 1
    try:
        # The parent handles interrupts; a child only has to die when told to.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        # The read ends of the pipes (its own and the earlier children's) are the parent's
        # alone: a child holding another child's open would keep that child blocked on a
        # full pipe after the parent has stopped reading it.
        for fd in parents_fds:
            os.close(fd)
        import pickle  # here and in _collect: a check of a few files never forks (2.6 ms)

        try:
            payload = pickle.dumps((True, [work(item) for item in chunk]),
                                   protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        except BaseException as error:  # noqa: BLE001 - reported by the parent
            payload = pickle.dumps((False, f"{type(error).__name__}: {error}"))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers


def _collect(pid: int, reader: int) -> list[Any]:
    import pickle

    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    except BaseException:
        _kill(pid)  # interrupted while waiting: the child's work is no longer wanted
        raise
    finally:
        _, status = os.waitpid(pid, 0)
    if not data:
        raise WorkerFailed(f"a worker process ended without a result (status {status})")
    done, result = pickle.loads(data)  # noqa: S301 - our own child's output
    if not done:
        raise WorkerFailed(result)
    return list(result)


def _stop(children: list[tuple[int, int]]) -> None:
    """Kill and reap the children still running (after an interrupt or an error)."""
    for pid, reader in children:
        _kill(pid)
        try:
            os.close(reader)
        except OSError:
            pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
