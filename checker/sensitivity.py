"""Which parts of a cost component come from a value Terraform marks sensitive.

A pricer is a plain function of its resource (and the resources it refers to), so this is found
by experiment rather than by trusting each pricer to say: while it runs, every attribute it reads
is recorded (:class:`WatchedAttributes`); when it read a sensitive one, it runs once more with
each sensitive value it read replaced by a different one (:func:`perturbed`). A component whose
quantity changes has a sensitive quantity (``4321 GB``); whose price query changes, a unit price
that names the product (the price of ``m5.large`` tells the instance type); whose name or unit
changes, a name carrying the value. Components that do not change are shown as they are. A
pricer that then names other components, or fails, makes every field of every component
sensitive: fail closed.

Reports show the marked fields as ``(sensitive)``; the costs still count in every total.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Any

from checker.model import (
    SENSITIVE_FIELDS,
    Attributes,
    CostComponent,
    Resource,
    SensitiveField,
)

REDACTED = "(sensitive)"
# A string no real value starts or ends with: the common start and end of the two names of a
# component are then what does not come from the value.
_PROBE = "\x00costcheck-probe\x00"

Reads = set[tuple[str, str]]  # (resource address, attribute path) of sensitive values read


def touches_sensitive(
    sensitive: frozenset[str], path: str, holders: frozenset[str] | None = None
) -> bool:
    """True when ``path``, a value containing it or a value inside it is marked sensitive.
    ``holders``: :func:`sensitive_holders` of ``sensitive``, where the caller keeps it."""
    if not sensitive:
        return False
    if path in sensitive:
        return True
    end = path.find(".")
    while end != -1:
        if path[:end] in sensitive:
            return True
        end = path.find(".", end + 1)
    if holders is not None:
        return path in holders
    below = path + "."
    return any(p.startswith(below) for p in sensitive)


def sensitive_holders(sensitive: frozenset[str]) -> frozenset[str]:
    """The paths holding a sensitive value deeper inside (``a`` and ``a.b`` of ``a.b.c``): a
    path has one inside exactly when it is one of these."""
    return frozenset(p[:i] for p in sensitive for i, char in enumerate(p) if char == ".")


@dataclass(frozen=True)
class WatchedAttributes(Attributes):
    """Attributes that record each read of a sensitive value into ``reads`` (a set owned by one
    pricer call), by the resource's address and the full path (``prefix`` for a nested view)."""

    address: str = ""
    prefix: str = ""
    reads: Reads = field(default_factory=set, compare=False, hash=False)

    @cached_property
    def _holders(self) -> frozenset[str]:
        # Found once a view: a pricer reads dozens of attributes of a resource holding a secret.
        return sensitive_holders(self.sensitive)

    def get(self, path: str, default: Any = None) -> Any:
        if touches_sensitive(self.sensitive, path, self._holders):
            self.reads.add((self.address, self.prefix + path))
        return super().get(path, default)

    def child(self, path: str) -> Attributes:
        plain = super().child(path)
        return WatchedAttributes(
            values=plain.values,
            unknown=plain.unknown,
            sensitive=plain.sensitive,
            unknown_reasons=plain.unknown_reasons,
            address=self.address,
            prefix=f"{self.prefix}{path}.",
            reads=self.reads,
        )


def watched(resource: Resource, reads: Reads) -> Resource:
    """``resource`` whose sensitive reads go to ``reads`` (itself when it has none)."""
    attrs = resource.attributes
    if not attrs.sensitive:
        return resource
    return replace(
        resource,
        attributes=WatchedAttributes(
            values=attrs.values,
            unknown=attrs.unknown,
            sensitive=attrs.sensitive,
            unknown_reasons=attrs.unknown_reasons,
            address=resource.address,
            reads=reads,
        ),
    )


class WatchedResources(Mapping[str, Resource]):
    """The other resources of a plan side, each read through :func:`watched`: a pricer that
    follows a reference (a launch template) records the sensitive values it reads there too."""

    def __init__(self, others: Mapping[str, Resource], reads: Reads) -> None:
        self._others = others
        self._reads = reads

    def __getitem__(self, address: str) -> Resource:
        return watched(self._others[address], self._reads)

    def __iter__(self) -> Iterator[str]:
        return iter(self._others)

    def __len__(self) -> int:
        return len(self._others)

    def referring_to(self, address: str, attribute_path: str) -> list[Resource] | None:
        """The plan side's own reverse index, read through :func:`watched` (None: it has none)."""
        found = referring_to(self._others, address, attribute_path)
        return None if found is None else [watched(r, self._reads) for r in found]


def referring_to(
    others: Mapping[str, Resource], address: str, attribute_path: str
) -> list[Resource] | None:
    """What ``others``' reverse-reference index (a plan side's, built once) says refers to
    ``address`` at ``attribute_path``; None where ``others`` keeps no such index."""
    method = getattr(others, "referring_to", None)
    found: list[Resource] | None = method(address, attribute_path) if method else None
    return found


class Overlay(Mapping[str, Resource]):
    """``first`` in front of ``then``, read-only: the perturbed copies over a plan side."""

    def __init__(self, first: Mapping[str, Resource], then: Mapping[str, Resource]) -> None:
        self._first = first
        self._then = then

    def __getitem__(self, address: str) -> Resource:
        found = self._first.get(address)
        return found if found is not None else self._then[address]

    def __iter__(self) -> Iterator[str]:
        yield from self._first
        yield from (a for a in self._then if a not in self._first)

    def __len__(self) -> int:
        return len(self._first) + sum(1 for a in self._then if a not in self._first)

    def referring_to(self, address: str, attribute_path: str) -> list[Resource] | None:
        """As an index of this overlay would answer, in its order (``first``, then the rest),
        from ``then``'s index: no index of the whole side is built per perturbed copy."""
        found = referring_to(self._then, address, attribute_path)
        if found is None:
            return None
        first = [
            r
            for r in self._first.values()
            for target in r.references.get(attribute_path, ())
            if target == address
        ]
        return first + [r for r in found if r.address not in self._first]


def perturbed(resource: Resource, paths: Iterable[str]) -> Resource:
    """``resource`` with every sensitive value at, above or below ``paths`` replaced by another
    of the same kind (a number by another number, a string by a probe string)."""
    attrs = resource.attributes
    read = list(paths)
    targets = sorted(
        {s for s in attrs.sensitive if any(touches_sensitive(frozenset({s}), p) for p in read)}
    )
    values: Any = _copy(attrs.values)
    for target in targets:
        values = _set_at(values, target.split("."))
    return replace(resource, attributes=replace(attrs, values=values))


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _set_at(node: Any, parts: list[str]) -> Any:
    """``node`` with the value at ``parts`` changed (in place below the copied root)."""
    if not parts:
        return _other(node)
    head, rest = parts[0], parts[1:]
    if isinstance(node, dict) and head in node:
        node[head] = _set_at(node[head], rest)
    elif isinstance(node, list) and head.isdigit() and int(head) < len(node):
        node[int(head)] = _set_at(node[int(head)], rest)
    return node


def _other(value: Any) -> Any:
    """A different value of the same kind: what a pricer reading it must react to if it uses it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value * 10 + 7
    if isinstance(value, (float, Decimal)):
        return value * 10 + 7
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            return _PROBE
        return str(number * 10 + 7) if number.is_finite() else _PROBE
    if isinstance(value, Mapping):
        return {k: _other(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_other(v) for v in value]
    return value


def derived_fields(
    first: list[CostComponent], second: list[CostComponent] | None
) -> list[CostComponent]:
    """``first`` (the real run) with each component's ``sensitive`` fields: those that differ in
    ``second`` (the run on perturbed values; None when that run failed). A different list of
    components means the structure itself depends on the value: everything is sensitive."""
    if second is None or len(second) != len(first):
        return [_hidden(c, SENSITIVE_FIELDS, None) for c in first]
    out = []
    for real, probe in zip(first, second, strict=True):
        fields: set[SensitiveField] = set()
        if real.monthly_quantity != probe.monthly_quantity:
            fields.add("quantity")
        if real.query != probe.query or real.price_multiplier != probe.price_multiplier:
            fields.add("price")
        if real.name != probe.name or real.unit != probe.unit:
            fields.add("name")
        out.append(_hidden(real, frozenset(fields), probe) if fields else real)
    return out


def _hidden(
    component: CostComponent, fields: frozenset[SensitiveField], probe: CostComponent | None
) -> CostComponent:
    name, unit = component.name, component.unit
    if "name" in fields:
        name = _masked(component.name, probe.name if probe else None)
        unit = _masked(component.unit, probe.unit if probe else None)
    return replace(
        component, name=name, unit=unit, sensitive=component.sensitive | frozenset(fields)
    )


# Characters of one token (a number, an instance type): the mask widens to whole tokens, so the
# digits the two runs happen to share (13 and 137) are not left showing.
_TOKEN_END = re.compile(r"[\w.\-/:]+$")
_TOKEN_START = re.compile(r"^[\w.\-/:]+")


def _masked(real: str, probe: str | None) -> str:
    """``real`` with what differs from ``probe`` replaced by ``(sensitive)``; all of it when
    there is nothing to compare with."""
    if probe is None:
        return REDACTED
    if real == probe:
        return real
    start = 0
    while start < min(len(real), len(probe)) and real[start] == probe[start]:
        start += 1
    end = 0
    while end < min(len(real), len(probe)) - start and real[-1 - end] == probe[-1 - end]:
        end += 1
    prefix, suffix = real[:start], real[len(real) - end :]
    prefix = _TOKEN_END.sub("", prefix)
    suffix = _TOKEN_START.sub("", suffix)
    return f"{prefix}{REDACTED}{suffix}"


def with_sensitive_fields(
    resource: Resource,
    others: Mapping[str, Resource],
    components: list[CostComponent],
    reads: Reads,
    price_again: Callable[[Mapping[str, Resource]], list[CostComponent]],
) -> list[CostComponent]:
    """``components`` of ``resource`` marked where they derive from the sensitive values in
    ``reads`` (its own or those of ``others`` it refers to). ``price_again`` prices the resource
    once more with the perturbed copies it is given (by address) in place of the real ones; if it
    fails, nothing can be told apart and everything is marked."""
    if not reads:
        return components
    by_address: dict[str, list[str]] = {}
    for address, path in sorted(reads):
        by_address.setdefault(address, []).append(path)
    probes: dict[str, Resource] = {}
    for address, paths in by_address.items():
        original = resource if address == resource.address else others.get(address)
        if original is not None:
            probes[address] = perturbed(original, paths)
    try:
        second: list[CostComponent] | None = price_again(probes)
    except Exception:  # a pricer failing on a changed value tells nothing apart: fail closed
        second = None
    return derived_fields(components, second)
