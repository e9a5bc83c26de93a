"""quick_init: a frozen dataclass built through its own stores behaves as dataclasses builds it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pytest

from checker.frozen import quick_init


def _pair() -> tuple[type[Any], type[Any]]:
    """The same class twice: as dataclasses makes it, and with quick_init."""

    def make() -> type[Any]:
        @dataclass(frozen=True)
        class Thing:
            values: dict[str, int]  # a field named like a local of the generated __init__
            name: str
            count: int = 3
            tags: tuple[str, ...] = ()
            extra: dict[str, int] = field(default_factory=dict)
            seen: list[str] = field(default_factory=list, compare=False)

            def __post_init__(self) -> None:
                if self.count < 0:
                    raise ValueError("negative")
                object.__setattr__(self, "seen", [*self.seen, "post"])

        return Thing

    return make(), quick_init(make())


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (({"a": 1}, "n"), {}),
        (({"a": 1}, "n", 5, ("t",)), {"extra": {"b": 2}}),
        ((), {"name": "n", "values": {}, "seen": ["given"]}),
        (({}, "n"), {"count": 7, "tags": ("x", "y"), "extra": {}}),
    ],
)
def test_same_fields_defaults_factories_and_post_init(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    plain, quick = _pair()
    a, b = plain(*args, **kwargs), quick(*args, **kwargs)
    assert dataclasses.asdict(a) == dataclasses.asdict(b)
    assert list(vars(a)) == list(vars(b))  # same fields, same order
    assert repr(a).replace("Thing", "") == repr(b).replace("Thing", "")


def test_each_instance_gets_its_own_factory_value() -> None:
    _, quick = _pair()
    first, second = quick({}, "a"), quick({}, "b")
    assert first.extra == {} and first.extra is not second.extra


def test_still_frozen_equal_hashable_and_replaceable() -> None:
    @quick_init
    @dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0

    p = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    assert p == Point(1, 0) and hash(p) == hash(Point(1, 0)) and p != Point(1, 1)
    assert dataclasses.replace(p, y=5) == Point(1, 5)


def test_wrong_arguments_fail_as_before() -> None:
    plain, quick = _pair()
    for cls in (plain, quick):
        with pytest.raises(TypeError):
            cls({})  # name missing
        with pytest.raises(TypeError):
            cls({}, "n", unknown=1)
        with pytest.raises(ValueError, match="negative"):
            cls({}, "n", -1)


def test_classes_it_cannot_build_alike_are_refused() -> None:
    @dataclass(frozen=True)
    class KeywordOnly:
        a: int
        b: int = field(kw_only=True, default=0)

    @dataclass(frozen=True, slots=True)
    class Slotted:
        a: int

    @dataclass
    class Mutable:
        a: int

    @dataclass(frozen=True)
    class NotInInit:
        a: int
        b: int = field(init=False, default=0)

    for cls in (KeywordOnly, Slotted, Mutable, NotInInit):
        with pytest.raises(TypeError, match="not a plain frozen dataclass"):
            quick_init(cls)
