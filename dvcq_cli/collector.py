"""Python's cyclic garbage collector, paused while dvcq builds or keeps many objects.

Loading a workspace builds millions of small objects and keeps the models: the collector
would rescan the growing heap again and again (a third of the time of `dvcq status` at 1,000
units), and, once the models are loaded, every full collection while the targets are computed
scans all of them again (at 10,000 units, two thirds of that step: a time that grows faster
than the workspace). Rendering the report makes many short-lived objects too (about 7% of its
time at 5,000 rows). Node trees, models and the rendered text hold no reference cycles, so
reference counting frees them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector paused for the duration, and on again after if it was on before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
