"""Stretches of a run without the cyclic garbage collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off; back on at the end if it was on.

    For stretches that build objects which all live until the run ends and form no reference
    cycle (the findings of an evaluation, the JSON document made of them): a collection there
    frees nothing and walks everything built so far, again and again (a fifth of the time of
    100 policies over 10,000 resources, more when rendering their findings). What becomes
    garbage meanwhile is freed by reference counting as usual. Unlike
    :func:`checker.gc_passes.few_gc_passes` (a raised threshold, for the read-and-price pass,
    where a hostile input's size is not bounded yet), this is for stretches whose size the
    evaluation already holds in memory.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _age_young_objects()
            gc.enable()


def _age_young_objects() -> None:
    """Count what the block made as old, without a pass over it: otherwise the first
    allocation after it triggers a young-generation pass over all of it (0.1 s after 100
    policies over 10,000 resources), which frees nothing. ``freeze`` then ``unfreeze`` moves
    every tracked object to the oldest generation (two list splices); they are still collected
    there, at the next full collection. Skipped when the program froze objects itself
    (``unfreeze`` would undo that)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
