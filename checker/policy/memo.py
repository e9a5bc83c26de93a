"""A memo keyed by object identity, for what one evaluation works out once and many policies
ask again (a resource's costs, the values at a path, a selection's groups)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # typing has them from Python 3.11; annotations are not evaluated
    from typing_extensions import TypeVarTuple, Unpack

    Ts = TypeVarTuple("Ts")

K = TypeVar("K")
V = TypeVar("V")


class IdentityMemo(Generic[K, V]):
    """Values worked out once per object (and an extra key, such as an attribute path).

    Keyed by ``id()``: the objects are not hashable (a resource change's attributes hold
    dicts; a selection is a list), and equal ones need not share the value. Each entry keeps
    its object, so that the id cannot be reused by another object while the memo lives.
    """

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[tuple[int, Hashable], tuple[K, V]] = {}

    def get_or(
        self, obj: K, extra: Hashable, compute: Callable[[Unpack[Ts]], V], *args: Unpack[Ts]
    ) -> V:
        """The value for ``obj`` and ``extra``; ``compute(*args)`` the first time. The
        arguments are passed, not closed over: this runs for every resource of every policy,
        and a closure made per call would cost more than the dictionary lookup."""
        key = (id(obj), extra)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = (obj, compute(*args))
        return entry[1]
