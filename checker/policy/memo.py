"""A memo keyed by object identity, for what one evaluation works out once and many policies
ask again (a resource's costs, the values at a path, a selection's groups)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Concatenate, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityMemo(Generic[K, V]):
    """``compute`` of objects, each worked out once.

    Keyed by ``id()``: the objects are not hashable (a resource change's attributes hold
    dicts; a selection is a list), and equal ones need not share the value. Each entry keeps
    its object, so that the id cannot be reused by another object while the memo lives.

    Its owner keeps the bound method as the attribute callers call (``self.lines =
    IdentityMemo(cost_lines).get``): a lookup is then one call, as a hand-written method's,
    on paths that run for every resource of every policy; the arguments are passed on, not
    closed over in a function made per call. ``compute`` must not refer to the owner: the
    evaluation pauses the cyclic collector, and a cycle would keep the memo alive.
    """

    __slots__ = ("_compute", "_entries")

    def __init__(self, compute: Callable[Concatenate[K, ...], V]) -> None:
        self._compute = compute
        self._entries: dict[Hashable, tuple[K, V]] = {}

    # Fixed arities, no *args: a call with exactly a method's parameters takes CPython's fast
    # path (no tuple made), as the hand-written methods these replace did.

    def get(self, obj: K) -> V:
        """``compute(obj)``, keyed by ``obj``."""
        entry = self._entries.get(id(obj))
        if entry is None:
            entry = self._entries[id(obj)] = (obj, self._compute(obj))
        return entry[1]

    def get_keyed(self, obj: K, extra: Hashable) -> V:
        """``compute(obj, extra)``, keyed by ``obj`` and ``extra`` (cost options, a usage
        option, a list of types)."""
        key = (id(obj), extra)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = (obj, self._compute(obj, extra))
        return entry[1]

    def get_keyed_with(self, obj: K, extra: Hashable, context: Any) -> V:
        """``compute(obj, extra, context)``, keyed by ``obj`` and ``extra`` (an attribute path,
        a tag key). ``context`` is not part of the key: it must be fixed by ``obj`` and
        ``extra`` (one plan's default_tags; the column's items; the rule whose
        (usage_based, group_by, tag) is the key)."""
        key = (id(obj), extra)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = (obj, self._compute(obj, extra, context))
        return entry[1]
