"""IdentityMemo, the one memo of an evaluation's lookups (checker/policy/memo.py), and the
books built on it: each value worked out once per object, objects told apart by identity,
and every book freed by reference counting alone (the evaluation runs with the cyclic
collector paused: see checker/gc_passes.py)."""

from __future__ import annotations

import weakref
from typing import Any

from checker.gc_passes import no_gc_passes
from checker.policy.conditions import PathValues
from checker.policy.costs import PLAIN, CostBook
from checker.policy.memo import IdentityMemo
from checker.policy.model import GroupBudgetRule
from checker.policy.rules import Lookups, Selections, TagBook
from tests.policy_support import estimate


class _Unhashable:
    __hash__ = None  # type: ignore[assignment]  # as a change whose attributes hold dicts

    def __init__(self, name: str) -> None:
        self.name = name


def test_a_value_is_computed_once_per_object_and_extra_key() -> None:
    calls: list[tuple[str, Any]] = []

    def compute(obj: _Unhashable, extra: str, suffix: str) -> str:
        calls.append((obj.name, extra))
        return f"{obj.name}.{extra}{suffix}"

    get = IdentityMemo(compute).get_keyed_with
    a, b = _Unhashable("a"), _Unhashable("a")  # equal names, different objects
    assert get(a, "x", "!") == "a.x!"
    assert get(a, "x", "?") == "a.x!"  # the context is not part of the key
    assert get(a, "y", "!") == "a.y!"
    assert get(b, "x", "!") == "a.x!"
    assert calls == [("a", "x"), ("a", "y"), ("a", "x")]


def test_get_keyed_passes_the_extra_key_on() -> None:
    def compute(obj: _Unhashable, extra: int) -> str:
        return obj.name * extra

    get = IdentityMemo(compute).get_keyed
    a = _Unhashable("a")
    assert [get(a, 1), get(a, 2), get(_Unhashable("b"), 2)] == ["a", "aa", "bb"]


def test_get_is_keyed_by_the_object_alone() -> None:
    calls: list[str] = []

    def compute(obj: _Unhashable) -> int:
        calls.append(obj.name)
        return len(calls)

    get = IdentityMemo(compute).get
    a = _Unhashable("a")
    assert [get(a), get(a), get(_Unhashable("b")), get(a)] == [1, 1, 2, 1]


def test_the_memo_keeps_its_objects_so_their_ids_are_not_reused() -> None:
    def name(obj: _Unhashable) -> str:
        return obj.name

    get = IdentityMemo(name).get
    seen = {get(_Unhashable(str(i))) for i in range(200)}
    # Were the temporaries freed, new ones would take their ids and find the old names.
    assert seen == {str(i) for i in range(200)}


def test_the_books_hold_no_reference_cycle() -> None:
    with no_gc_passes():
        _freed_by_reference_counting()


def _freed_by_reference_counting() -> None:
    est = estimate(
        {"address": "aws_instance.a", "monthly_cost": 90, "values": {"tags": {"team": "a"}}},
        {"address": "aws_instance.b", "monthly_cost": 20, "values": {"tags": {}}},
    )
    items = list(est.resources)
    look = Lookups()
    look.book.column(items)
    look.book.figures(items[0], "ignore")
    look.book.lines(items[0])
    look.book.all_costs(items[1], PLAIN)
    look.paths.looked(items[0], "tags.team", None)
    look.tags.tag(items[0], "team", {})
    look.tags.taggable(items[0])
    look.shared.of_types(items, ("aws_instance",))
    look.shared.top(items, look.book.column(items).after)
    look.shared.grouping(GroupBudgetRule(group_by="tag", tag="team"), items, look)
    books: list[CostBook | PathValues | TagBook | Selections] = [
        look.book,
        look.paths,
        look.tags,
        look.shared,
    ]
    refs = [weakref.ref(book) for book in books]
    del books, look
    assert [ref() for ref in refs] == [None, None, None, None]
