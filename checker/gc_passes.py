"""Fewer garbage-collector passes while a run builds objects that all live until it ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between two first-generation collections (CPython's default is 700).
GC_THRESHOLD = 100_000


@contextmanager
def few_gc_passes() -> Iterator[None]:
    """Run the block with the cyclic garbage collector's first-generation threshold raised.

    Nearly everything a run allocates (a plan document, an evaluated HCL configuration, the
    model, the estimate) lives until it ends and holds no reference cycle, so collections free
    next to nothing, and each full one walks all of it again: at the default threshold a
    10,000-resource plan spent a third of its time in them, and so did a warm HCL run over 1,000
    files. Collection still runs, less often; the previous thresholds are restored on exit (a
    caller may have raised them already).
    """
    previous = gc.get_threshold()
    gc.set_threshold(max(GC_THRESHOLD, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
