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


@contextmanager
def no_gc_passes() -> Iterator[None]:
    """Run the block with the cyclic collector off: for building what cannot hold a reference
    cycle (a parsed JSON document: dicts, lists and scalars), where every pass is wasted."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Run the block with everything alive now moved out of the collector's sight
    (``gc.freeze``): a plan document and its model, which live until the run ends, are then
    walked by no pass the block makes. They are handed back on exit (``gc.unfreeze``) unless
    a caller had frozen objects already (a server before forking), whose freeze is kept."""
    mine = gc.get_freeze_count() == 0
    if mine:
        gc.freeze()
    try:
        yield
    finally:
        if mine:
            gc.unfreeze()
