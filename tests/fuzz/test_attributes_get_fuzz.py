"""Attributes.get tells plain dicts and lists by their type first: the same values as walking
the path with isinstance checks alone, subclasses and other Mappings included."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.model import Attributes, Missing


class _View(Mapping[str, Any]):
    """A Mapping that is no dict (as HCL mode's views may be)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


class _Dict(dict):  # type: ignore[type-arg]
    pass


class _List(list):  # type: ignore[type-arg]
    pass


_NAMES = st.sampled_from(["a", "b", "0", "1", "x"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from(["", "s"]))
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(_List),
        st.tuples(inner, inner),
        st.dictionaries(_NAMES, inner, max_size=3),
        st.dictionaries(_NAMES, inner, max_size=3).map(_Dict),
        st.dictionaries(_NAMES, inner, max_size=3).map(_View),
    ),
    max_leaves=12,
)
_PATHS = st.lists(_NAMES, min_size=1, max_size=4).map(".".join)
_NOTHING = object()


def _walked(values: Any, path: str, default: Any) -> Any:
    """The value at ``path`` by isinstance checks alone (as Attributes.get read it before)."""
    node = values
    for part in path.split("."):
        if isinstance(node, (dict, Mapping)):
            node = node.get(part, _NOTHING)
        elif isinstance(node, list) and part.isdigit():
            node = node[int(part)] if int(part) < len(node) else _NOTHING
        else:
            return default
        if node is _NOTHING or node is None:
            return default
    return node


@given(st.dictionaries(_NAMES, _VALUES, max_size=4), _PATHS, st.sets(_PATHS, max_size=2))
def test_get_reads_what_isinstance_checks_read(
    values: dict[str, Any], path: str, unknown: set[str]
) -> None:
    for root in (values, _Dict(values), _View(values)):
        attributes = Attributes(root, frozenset(unknown))
        found = attributes.get(path, "default")
        if attributes.is_unknown(path):
            assert isinstance(found, Missing)
        else:
            assert found is _walked(root, path, "default")
        for child in (attributes.child(path), *attributes.blocks(path)):
            assert isinstance(child.values, Mapping)


@given(st.sets(_PATHS, max_size=4), _PATHS)
def test_sensitive_holders_tell_what_the_prefix_scan_tells(sensitive: set[str], path: str) -> None:
    """touches_sensitive with the kept holders answers as scanning every sensitive path does."""
    from checker.sensitivity import sensitive_holders, touches_sensitive

    marked = frozenset(sensitive)
    assert touches_sensitive(marked, path, sensitive_holders(marked)) == touches_sensitive(
        marked, path
    )
