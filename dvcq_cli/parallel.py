"""Spread independent per-file work over processes, where that pays.

Checking an assessment is independent of the others once the plan is loaded, so at province
scale (thousands of files) the files are shared out to forked worker processes. Forking
means the workers inherit the loaded plans and the work function: only item indices go out
and results come back, nothing else is pickled. Where fork is not available (Windows), or
for a few hundred files (starting workers costs more than it saves; see benchmarks/), the
work runs in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 300  # files; measured in benchmarks/ on a 2-core machine
MAX_AUTO_JOBS = 8

_work: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


def job_count(requested: int, items: int) -> int:
    """How many processes: `requested` (0 = as many as pays), never more than the items."""
    if requested == 1 or items < 2 or not _can_fork():
        return 1
    if requested <= 0:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
        return min(cpus, MAX_AUTO_JOBS) if items >= PARALLEL_FROM else 1
    return min(requested, items)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _worker_signals() -> None:
    """Workers leave interrupts to the parent, which stops the pool and reports once; the
    pool ends its workers with SIGTERM, which must end them quietly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _call(index: int) -> Any:
    assert _work is not None
    return _work(_items[index])


def map_over(work: Callable[[T], R], items: Sequence[T], jobs: int = 0) -> list[R]:
    """`[work(item) for item in items]`, in order, spread over `job_count(jobs)` processes."""
    count = job_count(jobs, len(items))
    if count == 1:
        return [work(item) for item in items]
    import multiprocessing

    global _work, _items
    _work, _items = work, items
    try:
        with multiprocessing.get_context("fork").Pool(count, _worker_signals) as pool:
            chunk = max(1, len(items) // (count * 8))
            return pool.map(_call, range(len(items)), chunksize=chunk)
    finally:
        _work, _items = None, ()
