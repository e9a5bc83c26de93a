"""What a resource pricer sees, and the small helpers most pricers share.

A pricer is a plain function ``(ResourceView) -> list[CostComponent]``: it reads attributes and
usage and names cost components (quantity x a Price List query). It never looks up a price and
never knows whether its input came from a plan or from HCL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, ValuesView
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from types import ModuleType
from typing import Any, NamedTuple, TypeVar

from checker.frozen import quick_init
from checker.model import (
    HOURS_PER_MONTH,
    Attributes,
    CostComponent,
    Missing,
    PriceQuery,
    Quantity,
    Resource,
)
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip
from checker.sensitivity import referring_to

A = TypeVar("A")
B = TypeVar("B")


class PlanResources(Mapping[str, Resource]):
    """The resources of one side of a plan by address, and which of them refer to which.

    The reverse index is built on first use, once per plan side, so a pricer asking "who refers
    to me" (a cluster counting its instances) does not scan the whole plan per resource.
    """

    def __init__(self, resources: Iterable[Resource]) -> None:
        self._by_address = {r.address: r for r in resources}

    def __getitem__(self, address: str) -> Resource:
        return self._by_address[address]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_address)

    def __len__(self) -> int:
        return len(self._by_address)

    def get(self, address: str, default: Any = None) -> Any:
        # Pricers call this per reference: the dict's own get, not Mapping's try/except.
        return self._by_address.get(address, default)

    def values(self) -> ValuesView[Resource]:
        # The dict's own view: Mapping's looks each address up again through __getitem__.
        return self._by_address.values()

    def referring_to(self, address: str, attribute_path: str) -> list[Resource]:
        """The resources whose ``attribute_path`` refers to the resource at ``address``."""
        return self._referrers.get((address, attribute_path), [])

    @cached_property
    def referred(self) -> frozenset[str]:
        """The addresses some resource of this side refers to, anywhere."""
        # From the reverse index's keys: the side's references are walked once, for both.
        return frozenset(target for target, _ in self._referrers)

    @cached_property
    def _referrers(self) -> dict[tuple[str, str], list[Resource]]:
        index: dict[tuple[str, str], list[Resource]] = {}
        for resource in self._by_address.values():
            for path, targets in resource.references.items():
                for target in targets:
                    index.setdefault((target, path), []).append(resource)
        return index


class UndeclaredUsageKey(LookupError):
    """A pricer read a usage key its type's ``USAGE`` schema does not declare: a bug in the
    pricer (declare the key), never a problem with the input."""


class DeclaredUsage(Mapping[str, Any]):
    """The usage values of one resource as its pricer may read them: only the keys its type's
    schema declares. Looking up any other key raises :class:`UndeclaredUsageKey`, so a pricer
    cannot read a key the usage-file check would have called a typo. ``read``, where given,
    gathers each key looked up (every key, where the values are walked)."""

    def __init__(
        self,
        values: Mapping[str, Any],
        schema: UsageSchema,
        read: set[str] | None = None,
        origins: Mapping[str, str] | None = None,
    ) -> None:
        self._values = {k: v for k, v in values.items() if schema.reads(k)}
        self._schema = schema
        self._read = read
        self._origins = origins or {}

    def origin(self, key: str) -> str | None:
        """Where the usage file gives ``key`` (``file:line``), where known."""
        return self._origins.get(key)

    def _check(self, key: object) -> None:
        if not self._schema.reads(key):
            raise UndeclaredUsageKey(
                f"usage key {key!r} is not declared in the type's USAGE (or declared not_priced)"
            )
        if self._read is not None and isinstance(key, str):
            self._read.add(key)

    def __getitem__(self, key: str) -> Any:
        self._check(key)
        return self._values[key]

    def __contains__(self, key: object) -> bool:
        self._check(key)
        return key in self._values

    def get(self, key: str, default: Any = None) -> Any:
        self._check(key)
        return self._values.get(key, default)

    def __iter__(self) -> Iterator[str]:
        if self._read is not None:
            self._read.update(self._values)
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def with_default(self, key: str, value: Any) -> DeclaredUsage:
        """These values, with ``value`` for ``key`` where the usage file does not give it."""
        self._check(key)
        return DeclaredUsage({key: value, **self._values}, self._schema, self._read, self._origins)


@quick_init
@dataclass(frozen=True)
class ResourceView:
    """A resource as its pricer sees it: attributes, region, usage, and the resources it refers to.

    With a ``schema`` (the estimate always gives the type's), ``usage`` holds only declared keys
    and reading an undeclared one raises :class:`UndeclaredUsageKey`; views built by hand in
    tests may leave it out.
    """

    resource: Resource
    usage: Mapping[str, Any] = field(default_factory=dict)
    # address -> Resource for the whole plan side (after or before), to follow references.
    others: Mapping[str, Resource] = field(default_factory=dict)
    schema: UsageSchema | None = None

    def __post_init__(self) -> None:
        if self.schema is not None and not isinstance(self.usage, DeclaredUsage):
            object.__setattr__(self, "usage", DeclaredUsage(self.usage, self.schema))

    @property
    def attrs(self) -> Attributes:
        return self.resource.attributes

    @property
    def region(self) -> str:
        return self.resource.region

    def with_usage_default(self, key: str, value: Any) -> ResourceView:
        """This view, with ``value`` for usage ``key`` where the usage file does not give it (a
        Windows node group's operating system)."""
        usage = self.usage
        if isinstance(usage, DeclaredUsage):
            return replace(self, usage=usage.with_default(key, value))
        return replace(self, usage={key: value, **usage})

    def usage_quantity(self, key: str) -> Quantity:
        """A usage-file quantity (see :func:`usage_quantity`)."""
        return usage_quantity(self.usage, key)

    def referenced(self, attribute_path: str, resource_type: str | None = None) -> Resource | None:
        """The resource the configuration refers to at ``attribute_path`` (e.g.
        ``launch_template.0.id``), optionally of a given type; None where there is none."""
        for address in self.resource.references.get(attribute_path, ()):
            other = self.others.get(address)
            if other is not None and (resource_type is None or other.type == resource_type):
                return other
        return None

    def referring(self, attribute_path: str, resource_type: str) -> list[Resource]:
        """The resources of ``resource_type`` whose ``attribute_path`` refers to this one (the
        instances of a cluster: ``cluster_identifier``)."""
        return self.others_referring(self.resource.address, attribute_path, resource_type)

    def others_referring(
        self, address: str, attribute_path: str, resource_type: str
    ) -> list[Resource]:
        """The resources of ``resource_type`` whose ``attribute_path`` refers to the resource at
        ``address`` (the capacity providers of the cluster a service runs in)."""
        # The plan side's index, built once (also through the sensitivity watch's wrappers);
        # a mapping without one (built by hand in tests) is indexed here.
        found = referring_to(self.others, address, attribute_path)
        if found is None:
            found = PlanResources(self.others.values()).referring_to(address, attribute_path)
        return [r for r in found if r.type == resource_type]

    def referenced_all(self, attribute_path: str, resource_type: str) -> list[Resource] | None:
        """Every resource the configuration refers to at ``attribute_path`` when all of them are of
        ``resource_type`` and in the plan (all instances of a splat such as
        ``aws_subnet.public[*].id``); None when any reference is something else (a data source,
        a resource outside the plan, one whose count is not known and whose one entry stands
        for however many instances there will be), so a count made from it would not be sure."""
        addresses = self.resource.references.get(attribute_path, ())
        found = [self.others.get(address) for address in addresses]
        if not found or any(
            r is None or r.type != resource_type or r.unknown_count is not None for r in found
        ):
            return None
        return [r for r in found if r is not None]


def usage_quantity(usage: Mapping[str, Any], key: str) -> Quantity:
    """The quantity ``usage`` gives for ``key``, or ``Missing.usage(key)`` when it gives none; a
    value that is not a number is an unknown that says so (never silently no usage)."""
    value = usage.get(key)
    if value is None:
        return Missing.usage(key)
    shown = clip(repr(value))
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return Missing("unknown", f"the usage file gives {shown} for {key}, not a number", key)
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return Missing("unknown", f"the usage file gives {shown} for {key}, not a number", key)
    if not number.is_finite() or number < 0:
        return Missing(
            "unknown", f"the usage file gives {shown} for {key}, not a usable number", key
        )
    return number


def usage_or(usage: Mapping[str, Any], key: str, default: Quantity) -> Quantity:
    """The quantity ``usage`` gives for ``key``, ``default`` where it gives none; a value that is
    not a number stays an unknown that says so."""
    value = usage_quantity(usage, key)
    return default if isinstance(value, Missing) and value.kind == "usage" else value


def fewer_hours_assumption(usage: Mapping[str, Any], key: str) -> str | None:
    """The stated assumption of a usage ``key`` giving fewer hours than the always-on month:
    the configuration alone prices the line all month (an instance, provisioned concurrency),
    so a usage file that lowers it (to 0, say) is a claim reviewers must see and ``assumption``
    policies can judge. None at 730 or above, or where the usage file gives no number."""
    hours = usage_quantity(usage, key)
    if isinstance(hours, Missing) or hours >= HOURS_PER_MONTH:
        return None
    where = (usage.origin(key) if isinstance(usage, DeclaredUsage) else None) or "the usage file"
    return f"{key} {clip(str(hours))} from {where} (always-on: {HOURS_PER_MONTH} hours a month)"


Pricer = Callable[[ResourceView], list[CostComponent]]
# Top-level attribute -> the value a pricer priced where the plan leaves it unset or unknown.
EffectiveValues = Callable[[ResourceView], Mapping[str, Any]]


class Follow(NamedTuple):
    """A reference a pricer follows to another resource: the attribute paths it tries in turn
    (``"*"`` stands for each block's index) and the type it looks for (None: any resource of
    the plan). ``only_unknown``: the pricer answers from the value itself where the plan knows
    it (a DNS name's domain), so only an unknown value there is worth the code's evaluation."""

    paths: tuple[str, ...]
    wanted: str | None
    only_unknown: bool = False


def follow(*paths: str, to: str | None, only_unknown: bool = False) -> Follow:
    """``Follow(paths, to, only_unknown)``, written as a pricer module declares it:
    ``follow("subnet_id", to="aws_subnet")``."""
    return Follow(paths, to, only_unknown)


@dataclass(frozen=True)
class PricedType:
    """What costcheck knows of one priced resource type: its pricer, the usage keys it reads,
    and what else about the input its pricer reads, declared beside it (each module's
    ``FOLLOWS``, ``FOLLOWS_ON``, ``DEFAULTS``) so that linking a plan through its code knows
    what to resolve without the input layer encoding what pricers read."""

    price: Pricer
    usage: UsageSchema
    # The references the pricer follows from a resource of this type.
    follows: tuple[Follow, ...] = ()
    # References it follows on resources of other types (a second hop, or the resources that
    # refer to this one): declared here, beside the pricer that reads them, since those types
    # (a capacity provider, a scaling target) are not priced and have no module of their own.
    follows_on: Mapping[str, tuple[Follow, ...]] = field(default_factory=dict)
    # Values the pricer reads as AWS's default when unknown, unless a reference shows that the
    # configuration sets them from something (:func:`checker.resources.network.defaults.
    # value_or_default`).
    defaulted: tuple[str, ...] = ()
    # Top-level attribute -> the value the pricer priced where the plan leaves it unset or
    # unknown (the estimate keeps them on the priced resource, for policies).
    effective_values: EffectiveValues | None = None

    @classmethod
    def of(cls, module: ModuleType) -> PricedType:
        """The priced type a pricer module declares: its ``price`` and ``USAGE``, and its
        ``FOLLOWS``, ``FOLLOWS_ON``, ``DEFAULTS`` and ``effective_values`` where it has them.
        Read by those names, so a group's entry cannot leave out a declaration its pricer
        relies on; one of the wrong kind is a TypeError when the group is imported."""
        name = module.__name__
        price = getattr(module, "price", None)
        usage = getattr(module, "USAGE", None)
        if not callable(price) or not isinstance(usage, UsageSchema):
            raise TypeError(f"{name} is no pricer module: it needs price() and a USAGE schema")
        follows = getattr(module, "FOLLOWS", ())
        follows_on = getattr(module, "FOLLOWS_ON", {})
        defaulted = getattr(module, "DEFAULTS", ())
        effective = getattr(module, "effective_values", None)
        if not _follows(follows):
            raise TypeError(f"{name}.FOLLOWS must be a tuple of follow(...)")
        if not (
            isinstance(follows_on, Mapping)
            and all(isinstance(k, str) and _follows(v) for k, v in follows_on.items())
        ):
            raise TypeError(f"{name}.FOLLOWS_ON must map type names to tuples of follow(...)")
        if not (isinstance(defaulted, tuple) and all(isinstance(d, str) for d in defaulted)):
            raise TypeError(f"{name}.DEFAULTS must be a tuple of attribute names")
        if effective is not None and not callable(effective):
            raise TypeError(f"{name}.effective_values must be a function")
        return cls(
            price,
            usage,
            follows=follows,
            follows_on=follows_on,
            defaulted=defaulted,
            effective_values=effective,
        )


def _follows(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(f, Follow) for f in value)


def left_to_aws(resource: Resource, path: str) -> bool:
    """True when the configuration leaves ``path`` to AWS: null or absent, or known only after
    apply with no expression behind it (the provider computes it). A value known only after
    apply because the configuration sets it from something unknown is not AWS's default: the
    HCL evaluator gives such a value a reason, a plan an expression that refers to something."""
    attrs = resource.attributes
    value = attrs.get(path)
    if isinstance(value, Missing):
        return path not in attrs.unknown_reasons and path not in resource.configured_references
    return value is None


def hourly(name: str, query: PriceQuery | Missing, count: Quantity = Decimal(1)) -> CostComponent:
    """A component billed per hour, running all month (``count`` at once)."""
    quantity: Quantity = count if isinstance(count, Missing) else count * HOURS_PER_MONTH
    return CostComponent(name=name, unit="hours", monthly_quantity=quantity, query=query)


def block_count(view: ResourceView, path: str, holder: str) -> Quantity:
    """How many ``path`` blocks the resource has, where each is billed (a firewall endpoint per
    ``subnet_mapping``): unknown if not known before apply, or if there are none (``holder``
    names the resource in that reason: "the firewall")."""
    blocks = view.attrs.get(path)
    if isinstance(blocks, Missing):
        return blocks
    if not isinstance(blocks, list) or not blocks:
        return Missing("unknown", f"{holder} has no {path} blocks", path)
    return Decimal(len(blocks))


def first_missing(*values: Any) -> Missing | None:
    """The first :class:`Missing` among ``values``: what makes a query or quantity unknown."""
    for value in values:
        if isinstance(value, Missing):
            return value
    return None


def query_of(
    first: A | Missing, second: B | Missing, build: Callable[[A, B], PriceQuery]
) -> PriceQuery | Missing:
    """The query ``build`` makes of two values a price depends on (engine and node type, OS and
    size), or the first of them that is :class:`Missing`: why that price is unknown."""
    if isinstance(first, Missing):
        return first
    if isinstance(second, Missing):
        return second
    return build(first, second)


def times(*factors: Quantity) -> Quantity:
    """The product of ``factors``; the first :class:`Missing` among them if any is missing."""
    product = Decimal(1)
    for factor in factors:
        if isinstance(factor, Missing):
            return factor
        product *= factor
    return product


def plus(*terms: Quantity) -> Quantity:
    """The sum of ``terms``; the first :class:`Missing` among them if any is missing."""
    total = Decimal(0)
    for term in terms:
        if isinstance(term, Missing):
            return term
        total += term
    return total


def fmt(value: Decimal) -> str:
    """A quantity for a component name: ``3,000``, ``0.5``."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return format(value.normalize(), "f")
