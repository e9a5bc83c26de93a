"""Fewer garbage-collector passes while a run builds objects that all live until it ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

# Allocations between two first-generation collections (CPython's default is 700).
GC_THRESHOLD = 100_000


@contextmanager
def few_gc_passes(*, age_on_exit: bool = False) -> Iterator[None]:
    """Run the block with the cyclic garbage collector's first-generation threshold raised.

    Nearly everything a run allocates (a plan document, an evaluated HCL configuration, the
    model, the estimate) lives until it ends and holds no reference cycle, so collections free
    next to nothing, and each full one walks all of it again: at the default threshold a
    10,000-resource plan spent a third of its time in them, and so did a warm HCL run over 1,000
    files. Collection still runs, less often; the previous thresholds are restored on exit (a
    caller may have raised them already).

    ``age_on_exit``: count what the block made since its last pass as old, as
    :func:`no_gc_passes` does; otherwise, with the default threshold back, the next allocation
    makes a young-generation pass over up to ``GC_THRESHOLD`` objects (16 ms after the price
    lookup of a 10,000-resource plan: the catalog's shards, all alive), which frees nothing.
    Garbage among them (the Price List API's) is still freed at the next full collection.
    """
    previous = gc.get_threshold()
    gc.set_threshold(max(GC_THRESHOLD, previous[0]), *previous[1:])
    try:
        yield
    finally:
        if age_on_exit and gc.isenabled() and _nothing_frozen():
            gc.freeze()
            gc.unfreeze()
        gc.set_threshold(*previous)


@contextmanager
def no_gc_passes(*, age_on_exit: bool = False) -> Iterator[None]:
    """Run the block with the cyclic collector off: for building what cannot hold a reference
    cycle (a parsed JSON document: dicts, lists and scalars), where every pass is wasted.

    ``age_on_exit``: count what the block made as old, without a pass over it; otherwise the
    first allocation after it triggers a young-generation pass over all of it (0.1 s after 100
    policies over 10,000 resources), which frees nothing. ``freeze`` then ``unfreeze`` moves
    every tracked object to the oldest generation (two list splices); they are still collected
    there, at the next full collection. Skipped when the program froze objects itself
    (``unfreeze`` would undo that)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if age_on_exit and _nothing_frozen():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def collector_paused() -> AbstractContextManager[None]:
    """The collector off for a stretch that builds objects which all live until the run ends
    and form no reference cycle (the findings of an evaluation, the JSON document made of
    them): a collection there frees nothing and walks everything built so far, again and again
    (a fifth of the time of 100 policies over 10,000 resources). What becomes garbage meanwhile
    is freed by reference counting as usual. Unlike :func:`few_gc_passes` (a raised threshold,
    for the read-and-price pass, where a hostile input's size is not bounded yet), this is for
    stretches whose size the evaluation already holds in memory."""
    return no_gc_passes(age_on_exit=True)


# Whether freeze_for_life has run: ``gc.get_freeze_count()`` walks every frozen object to count
# them (2 ms for a server's 70,000 start-up objects, four times a request: a quarter of its
# CPU); once ours holds (it is never undone), the answer is known without it. Mirrors the
# interpreter's own process-wide state, hence module-level.
_frozen_for_life = False


def freeze_for_life() -> None:
    """Move everything alive now out of the collector's sight for good: a server's start-up
    objects (modules, the catalog, the policies) that live as long as its process, so that no
    collection walks them again; and cheap to ask about after (see _frozen_for_life)."""
    global _frozen_for_life
    gc.freeze()
    _frozen_for_life = True


def _nothing_frozen() -> bool:
    """No object is frozen yet (a server freezes its start-up objects before forking). Asks
    the interpreter (a walk of the frozen objects) only when no freeze of ours holds: anyone
    else's, e.g. a caller's own ``gc.freeze()``, is still seen."""
    return not _frozen_for_life and gc.get_freeze_count() == 0
