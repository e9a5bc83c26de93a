"""How large one value of an expression may grow (README: HCL mode is bounded).

A pull request's code could otherwise build a value that fills the memory: a string doubled in
forty locals, ``concat`` of a list with itself, ``format("%099999999d", 1)``, or a tuple holding
the same large value twice (shared in memory, but every function and report that walks it pays
for each copy). Every value a template, a function, a ``for`` or a collection literal makes is
measured as the tree it is, shared parts counted each time; past the limit it is an input error
(exit 2) at the expression, which ``try()`` and ``can()`` do not hide.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.hcl.values import Sensitive, ValueTooLarge, WorkBudget, sized

# Far above real code: the largest public modules' values are a few thousand elements and files
# of at most 4 MiB (what a file function reads); a string costs a unit per 16 characters.
MAX_TEXT = 16 * 1024 * 1024  # characters in one string
MAX_UNITS = 1024 * 1024  # elements (and text / 16) in one value, shared parts counted each time
_CHARS_PER_UNIT = 16
_SCALARS = frozenset({Decimal, bool, int, float, type(None)})


def text_length(length: int, what: str) -> None:
    """Refuse, before it is built, a string of ``length`` characters past :data:`MAX_TEXT`.

    The messages here name the bound, never the size: that may be a sensitive value's (the
    width ``indent(var.pin * 1000, s)`` asks for, the length of a sensitive string)."""
    if length > MAX_TEXT:
        raise ValueTooLarge(
            f"{what} would build a string of more than the {MAX_TEXT:,} characters "
            "costcheck evaluates; make it smaller"
        )


def items_count(count: int, what: str) -> None:
    """Refuse, before it is built, a collection of ``count`` elements past :data:`MAX_UNITS`."""
    if count > MAX_UNITS:
        raise ValueTooLarge(
            f"{what} would build more than the {MAX_UNITS:,} elements costcheck evaluates in "
            "one value; make it smaller"
        )


def bounded(value: Any, what: str, budget: WorkBudget | None = None) -> Any:
    """``value`` if its size is within the bounds, else :class:`ValueTooLarge`.

    Walks the value iteratively (a deep one is no RecursionError) and stops as soon as the
    bound is passed, so measuring costs at most as much as a value within it."""
    if type(value) is str and len(value) < MAX_TEXT - _CHARS_PER_UNIT:
        # What the walk below makes of a string (many function results are one), without it.
        if budget is not None:
            budget.spend(1 + len(value) // _CHARS_PER_UNIT, what)
        return value
    left = MAX_UNITS
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            if len(item) > MAX_TEXT:
                text_length(len(item), what)
            left -= 1 + len(item) // _CHARS_PER_UNIT
        elif kind is list or kind is tuple or isinstance(item, dict):
            members = item.values() if isinstance(item, dict) else item
            left -= 1 + len(item)  # the members (or keys), each a unit at least
            if left < 0:
                break
            # Numbers, bools and nulls are counted above; the rest is looked into.
            stack.extend(m for m in members if type(m) not in _SCALARS)
        elif kind is Decimal:
            sized(item)  # pow(10, 1e6): a number too large to print
        elif kind is Sensitive:
            stack.append(item.value)
        # A LazyMap is a namespace, its members measured when they were made; an Unknown is small.
        if left < 0:
            break
    if left < 0:
        raise ValueTooLarge(
            f"{what} would build a value of more than {MAX_UNITS:,} elements (or "
            f"{MAX_UNITS * _CHARS_PER_UNIT:,} characters), shared parts counted each time "
            "they appear, more than costcheck evaluates in one value; make it smaller"
        )
    if budget is not None:
        budget.spend(MAX_UNITS - left, what)  # measuring is work too
    return value
