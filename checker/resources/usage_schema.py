"""The usage keys a resource type reads, declared beside its pricer.

Every pricer module declares ``USAGE``: the usage-file keys its ``price`` function may read, each
with what it means and what kind of value it takes. The estimate checks a usage file's entries
against the schema of the resource's type, so a misspelt key (``monthly_data_procesed_gb``) is
an error that names the close match instead of a line silently left unestimated, and a value of
the wrong kind (``monthly_hrs: "about 100"``) is an error instead of a default.

Nested usage keys (Infracost's ``standard: {storage_gb: ...}``) are declared dotted
(``"standard.storage_gb"``), the form :mod:`checker.usage` flattens them to.

Example::

    USAGE = UsageSchema.of(
        monthly_requests="requests a month",
        request_size_kb="average request size, KB",
        operating_system=text("linux or windows"),
    )
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Literal

UsageKind = Literal["number", "text"]


@dataclass(frozen=True)
class UsageKey:
    """One usage key: its (dotted) name, what it means, and the kind of value it takes."""

    name: str
    doc: str
    kind: UsageKind = "number"
    choices: tuple[str, ...] = ()  # a text key's allowed words (any word when empty)
    priced: bool = True  # False: a key Infracost defines that costcheck accepts but does not use


@dataclass(frozen=True)
class _Text:
    doc: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class _NotPriced:
    doc: str


KeySpec = str | _Text | _NotPriced
"""How a key is declared: its meaning (a number), ``text(meaning)`` (a word) or
``not_priced(meaning)``."""


def text(doc: str, choices: tuple[str, ...] = ()) -> _Text:
    """Declare a usage key whose value is a word (``operating_system: linux``), not a number;
    with ``choices``, one of those words (compared without case)."""
    return _Text(doc, choices)


def not_priced(doc: str) -> _NotPriced:
    """Declare a (number) key Infracost's usage files give that costcheck does not price yet: a
    usage file may hold it (a warning says it is not used), and no pricer may read it."""
    return _NotPriced(doc)


@dataclass(frozen=True)
class UsageSchema:
    """The usage keys one resource type reads."""

    keys: Mapping[str, UsageKey] = field(default_factory=lambda: MappingProxyType({}))

    @staticmethod
    def of(**keys: KeySpec) -> UsageSchema:
        """A schema from ``name="what it means"`` (a number) or ``name=text("...")`` (a word).
        Dotted names go through ``**{"standard.storage_gb": "..."}``."""
        return UsageSchema(
            MappingProxyType({name: _key(name, spec) for name, spec in keys.items()})
        )

    def reads(self, name: object) -> bool:
        """True for a key a pricer of this type may read (declared, and priced)."""
        key = self.keys.get(name) if isinstance(name, str) else None
        return key is not None and key.priced

    def kind(self, name: str) -> UsageKind | None:
        """The kind of value key ``name`` takes; None where it is not declared."""
        key = self.keys.get(name)
        return None if key is None else key.kind

    def problem(self, name: str, value: object) -> str | None:
        """What is wrong with ``value`` for the declared key ``name``; None when it fits."""
        key = self.keys[name]
        if key.kind == "number":
            return None if _is_number(value) else "must be a number"
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return "must be a word"
        if key.choices and str(value).strip().lower() not in key.choices:
            return f"must be one of {', '.join(key.choices)}"
        return None

    def __contains__(self, name: object) -> bool:
        return name in self.keys

    def __iter__(self) -> Iterator[UsageKey]:
        return iter(self.keys.values())

    def close_match(self, name: str) -> str | None:
        """The declared key a misspelt ``name`` most likely meant, or None."""
        matches = difflib.get_close_matches(name, list(self.keys), n=1, cutoff=0.75)
        return matches[0] if matches else None

    def undeclared(self, names: Iterable[str]) -> list[str]:
        """The names among ``names`` this schema does not declare, in the order given."""
        return [name for name in names if name not in self.keys]


def _key(name: str, spec: KeySpec) -> UsageKey:
    if isinstance(spec, _Text):
        return UsageKey(name, spec.doc, "text", spec.choices)
    if isinstance(spec, _NotPriced):
        return UsageKey(name, spec.doc, "number", priced=False)
    return UsageKey(name, spec, "number")


def _is_number(value: object) -> bool:
    """A usable quantity: an int or float, or a string that holds a finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return False
    try:
        return Decimal(str(value).strip()).is_finite()
    except (InvalidOperation, ValueError):
        return False


NO_USAGE = UsageSchema()
