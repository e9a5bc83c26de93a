"""Price a plan: resources -> cost components (pricers) -> prices (one source call) -> estimate.

All price queries of a run are collected first and sent to the source once, deduplicated, so a
source can answer distinct queries in parallel and a 10,000-resource plan makes no more lookups
than it has distinct products.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal, NoReturn

from checker.errors import InputError
from checker.frozen import quick_init
from checker.gc_passes import collector_paused, few_gc_passes
from checker.model import (
    Action,
    ChangeEstimate,
    CostComponent,
    Estimate,
    Missing,
    Plan,
    Price,
    PricedComponent,
    PricedResource,
    PriceQuery,
    PriceResult,
    PriceTier,
    PriceUnavailable,
    Resource,
    SensitiveField,
    Status,
)
from checker.pricing.source import PriceSource
from checker.resources import (
    EFFECTIVE_VALUES,
    FREE_TYPES,
    PRICERS,
    USAGE_SCHEMAS,
    EffectiveValues,
    Pricer,
    is_free,
)
from checker.resources.base import DeclaredUsage, PlanResources, ResourceView
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip
from checker.sensitivity import (
    REDACTED,
    Overlay,
    Reads,
    WatchedResources,
    watched,
    with_sensitive_fields,
)
from checker.usage import EMPTY_USAGE, UsageFile
from checker.usage_check import check_usage, unmatched_addresses

log = logging.getLogger(__name__)

# What reading an input value may raise in a resolver of effective values (decimal's
# InvalidOperation and overflow are ArithmeticErrors): the input's fault, not a bug.
_VALUE_ERRORS = (ArithmeticError, ValueError)

# Sides of a change that exist for each action: (price the before state, price the after state).
_SIDES: Mapping[Action, tuple[bool, bool]] = {
    Action.CREATE: (False, True),
    Action.DELETE: (True, False),
    Action.UPDATE: (True, True),
    Action.REPLACE: (True, True),
    Action.NOOP: (True, True),
    Action.READ: (False, False),
}


# "components": named, to be priced; "error": the pricer failed (priced as unknown).
PendingStatus = Literal["components", "free", "unsupported", "error"]


@quick_init
@dataclass(frozen=True)
class _Pending:
    """A resource whose components are named but not yet priced."""

    resource: Resource
    status: PendingStatus
    components: tuple[CostComponent, ...] = ()
    note: str | None = None
    effective: Mapping[str, Any] = field(default_factory=dict)


def estimate_plan(
    plan: Plan,
    source: PriceSource,
    *,
    usage: UsageFile = EMPTY_USAGE,
    pricers: Mapping[str, Pricer] = PRICERS,
    free_types: frozenset[str] = FREE_TYPES,
    schemas: Mapping[str, UsageSchema] = USAGE_SCHEMAS,
    effective_values: Mapping[str, EffectiveValues] = EFFECTIVE_VALUES,
) -> Estimate:
    """Price every resource change of ``plan``: its cost before and after, component by component.

    The three steps, also callable one by one (the pricing benchmark times each):
    :func:`name_components`, :func:`look_up_prices`, :func:`price_named`.
    """
    # Naming and pricing the components build objects that all live until the run ends,
    # bounded by the plan already in memory: a collection there frees nothing and walks what
    # was built so far (a fifth of a 10,000-resource plan's time), so the collector is off.
    # The lookup between them keeps few passes: a price source may be the Price List API
    # (boto3, threads), whose garbage the plan does not bound.
    with collector_paused():
        named = name_components(
            plan,
            usage=usage,
            pricers=pricers,
            free_types=free_types,
            schemas=schemas,
            effective_values=effective_values,
        )
    with few_gc_passes(age_on_exit=True):  # the answers and the source's data stay alive
        prices = look_up_prices(source, named)
    with collector_paused():
        return price_named(named, prices, source.name)


@dataclass(frozen=True)
class NamedComponents:
    """A plan's cost components as the pricers named them, not yet priced: for each change, the
    before and after side (None where that side is not priced)."""

    plan: Plan
    sides: tuple[tuple[_Pending | None, _Pending | None], ...]

    def pending(self) -> Iterator[_Pending]:
        for pair in self.sides:
            for side in pair:
                if side is not None:
                    yield side


def name_components(
    plan: Plan,
    *,
    usage: UsageFile = EMPTY_USAGE,
    pricers: Mapping[str, Pricer] = PRICERS,
    free_types: frozenset[str] = FREE_TYPES,
    schemas: Mapping[str, UsageSchema] = USAGE_SCHEMAS,
    effective_values: Mapping[str, EffectiveValues] = EFFECTIVE_VALUES,
) -> NamedComponents:
    """Run each resource's pricer on the sides of its change that cost something.

    The usage file is checked against the types' usage schemas first: a wrong key or value is an
    :class:`~checker.errors.InputError`; usage for a type costcheck does not price, a warning.
    """
    # Only usage for addresses is checked against the plan's resources.
    resources = (
        [r for c in plan for r in (c.before, c.after) if r is not None] if usage.by_address else []
    )
    for warning in check_usage(usage, resources, schemas=schemas):
        log.warning("%s", warning.render())
    for warning in unmatched_addresses(usage, resources):
        log.warning("%s", warning.render())
    # One index per plan side, built once: a pricer asking who refers to a resource (a cluster
    # counting its instances) reads its reverse-reference index, built on first use.
    after = PlanResources([*(c.after for c in plan if c.after is not None), *plan.read_data])
    before = PlanResources([*(c.before for c in plan if c.before is not None), *plan.read_data])
    # Where a side holds no sensitive value (most plans), pricers read it unwatched.
    watch_after = any(r.attributes.sensitive for r in after.values())
    watch_before = any(r.attributes.sensitive for r in before.values())
    # Identical resources (count/for_each instances, copies of a module) are named once a side:
    # only with the built-in pricers, whose inputs _Memo.key covers (see there). A sensitive
    # value elsewhere on the side does not stop it: _Memo.key shares only resources holding
    # none, with no references, that none refers to, so their pricers read no sensitive value.
    shared = pricers is PRICERS and effective_values is EFFECTIVE_VALUES
    memo_after = _Memo(after, plan.read_data) if shared else None
    memo_before = _Memo(before, plan.read_data) if shared else None
    sides: list[tuple[_Pending | None, _Pending | None]] = []
    for change in plan:
        price_before, price_after = _SIDES[change.action]
        past = (
            _components(
                change.before,
                usage,
                before,
                pricers,
                free_types,
                schemas,
                watch=watch_before,
                effective_values=effective_values,
                memo=memo_before,
                refuse_secret_cost=plan.from_code,
            )
            if price_before and change.before is not None
            else None
        )
        current = (
            _components(
                change.after,
                usage,
                after,
                pricers,
                free_types,
                schemas,
                watch=watch_after,
                effective_values=effective_values,
                memo=memo_after,
                refuse_secret_cost=plan.from_code,
            )
            if price_after and change.after is not None
            else None
        )
        sides.append((past, current))
    return NamedComponents(plan, tuple(sides))


def look_up_prices(source: PriceSource, named: NamedComponents) -> Mapping[PriceQuery, PriceResult]:
    """Ask ``source`` once for every distinct query the components name."""
    return _lookup_all(source, named.pending())


def price_named(
    named: NamedComponents, prices: Mapping[PriceQuery, PriceResult], source_name: str
) -> Estimate:
    """The estimate: each component's quantity times its looked-up price. ``source_name`` is
    reported when no price was found at all."""
    # Resources named alike share one components tuple (see _Memo): priced once too.
    lines = _PricedLines()
    resources = tuple(
        ChangeEstimate(
            change=change,
            past=_priced(past, prices, lines) if past else None,
            current=_priced(current, prices, lines) if current else None,
        )
        for change, (past, current) in zip(named.plan.changes, named.sides, strict=True)
        if change.action is not Action.READ
    )
    used = sorted({p.source for p in prices.values() if isinstance(p, Price)})
    return Estimate(
        plan=named.plan, resources=resources, price_sources=tuple(used) or (source_name,)
    )


def price_resources(
    resources: Sequence[Resource],
    source: PriceSource,
    *,
    usage: UsageFile = EMPTY_USAGE,
    pricers: Mapping[str, Pricer] = PRICERS,
    free_types: frozenset[str] = FREE_TYPES,
    schemas: Mapping[str, UsageSchema] = USAGE_SCHEMAS,
) -> list[PricedResource]:
    """Price resources that are not part of a plan (tests, policy fixtures): each as it is."""
    others = PlanResources(resources)
    watch = any(r.attributes.sensitive for r in resources)
    pending = [
        _components(r, usage, others, pricers, free_types, schemas, watch=watch) for r in resources
    ]
    prices = _lookup_all(source, pending)
    return [_priced(p, prices) for p in pending]


# The fields of a component its cost is computed from: one derived from a sensitive value makes
# the cost (shown per resource in every report) a readout of that value.
_COST_FIELDS: frozenset[SensitiveField] = frozenset({"quantity", "price"})


def _refuse_secret_cost(
    resource: Resource,
    others: Mapping[str, Resource],
    components: list[CostComponent],
    reads: Reads,
    price_again: Callable[[Mapping[str, Resource]], list[CostComponent]],
) -> NoReturn:
    """Refuse ``resource``, whose cost derives from a sensitive value it read, naming the
    attributes (one at a time: which of the values read the cost derives from), never a value.
    Not "unknown": a pull request could route a price through a secret to dodge a gate."""
    culprits = [
        read
        for read in sorted(reads)
        if any(
            _COST_FIELDS & c.sensitive
            for c in with_sensitive_fields(resource, others, components, {read}, price_again)
        )
    ] or sorted(reads)  # only together (or the probe failed): name every value read
    named = ", ".join(
        clip(path if address == resource.address else f"{address}.{path}")
        for address, path in culprits
    )
    raise InputError(
        f"{clip(resource.address)}: its cost derives from a sensitive value ({named}), so the "
        "cost would reveal that value; give a value that is no secret (a literal, a .tfvars file "
        "or --var), or, if the TF_VAR_ variable it comes from holds no secret, list that "
        "variable in COSTCHECK_PUBLIC_TF_VARS",
        path=clip(resource.location.file) if resource.location else None,
        line=resource.location.start_line if resource.location else None,
    )


def _components(
    resource: Resource,
    usage: UsageFile,
    others: Mapping[str, Resource],
    pricers: Mapping[str, Pricer],
    free_types: frozenset[str],
    schemas: Mapping[str, UsageSchema],
    *,
    watch: bool = False,
    effective_values: Mapping[str, EffectiveValues] = EFFECTIVE_VALUES,
    memo: _Memo | None = None,
    refuse_secret_cost: bool = False,
) -> _Pending:
    pricer = pricers.get(resource.type)
    if pricer is None:
        if is_free(resource.type, free_types):
            return _Pending(resource, "free")
        return _Pending(
            resource, "unsupported", note=f"costcheck does not price {resource.type} yet"
        )
    # Most runs give no usage file: then no lookup per resource (a fresh dict each, as before).
    # Where the usage file gives each key too (its assumptions name the line): part of the
    # memo key.
    resource_usage, origins = (
        usage.lookup(resource.address, resource.type)
        if usage.by_type or usage.by_address
        else ({}, {})
    )
    key = memo.key(resource, resource_usage, origins) if memo is not None else None
    if key is not None:
        assert memo is not None
        named = memo.named.get(key)
        if named is not None:
            return _Pending(resource, named.status, named.components, named.note, named.effective)
    pending = _named(
        resource,
        resource_usage,
        others,
        pricer,
        schemas,
        watch,
        effective_values,
        refuse_secret_cost=refuse_secret_cost,
        usage_origins=origins,
    )
    if key is not None and pending.status != "error":
        assert memo is not None
        memo.named[key] = pending
    return pending


def _named(
    resource: Resource,
    resource_usage: Mapping[str, Any],
    others: Mapping[str, Resource],
    pricer: Pricer,
    schemas: Mapping[str, UsageSchema],
    watch: bool,
    effective_values: Mapping[str, EffectiveValues],
    *,
    refuse_secret_cost: bool = False,
    usage_origins: Mapping[str, str] | None = None,
) -> _Pending:
    """What the pricer of ``resource`` names for it (or why it cannot).

    ``refuse_secret_cost`` (HCL mode): a component whose quantity or price derives from a
    sensitive value is an :class:`~checker.errors.InputError`, as its cost would show the value."""
    reads: Reads = set()
    # Which usage keys the pricer reads: one it returns nothing for never read says so (below).
    usage_read: set[str] = set()
    schema = schemas.get(resource.type)
    view = ResourceView(
        resource=watched(resource, reads) if watch else resource,
        usage=DeclaredUsage(resource_usage, schema, usage_read, usage_origins)
        if schema is not None
        else resource_usage,
        others=WatchedResources(others, reads) if watch else others,
        schema=schema,
    )
    try:
        components = pricer(view)
    except Exception as exc:
        return _Pending(
            resource, "error", note=f"could not price: {type(exc).__name__}: {clip(str(exc))}"
        )

    if reads:  # the pricer read a sensitive value: find which fields derive from it

        def price_again(probes: Mapping[str, Resource]) -> list[CostComponent]:
            again = ResourceView(
                resource=probes.get(resource.address, resource),
                usage=resource_usage,
                others=Overlay(probes, others),  # no copy of the whole plan side per resource
                schema=schemas.get(resource.type),
            )
            return pricer(again)

        components = with_sensitive_fields(resource, others, components, reads, price_again)
        if refuse_secret_cost and any(_COST_FIELDS & c.sensitive for c in components):
            _refuse_secret_cost(resource, others, components, reads, price_again)
    if not components:
        unread = (
            [k for k in resource_usage if schema.reads(k) and k not in usage_read]
            if schema is not None
            else []  # untracked (a view without a schema): nothing said
        )
        return _Pending(resource, "free", note=_free_note(resource_usage, unread))
    if resource.region_unknown:
        # Prices differ by region: none can be looked up for a region not known yet.
        missing = Missing("unknown", resource.region_unknown, "region")
        components = [replace(c, query=missing) for c in components]
    resolve = effective_values.get(resource.type)
    try:
        effective = resolve(view) if resolve is not None else {}
    except _VALUE_ERRORS:
        # A value of the input the pricer got past but the resolver cannot read (a number out
        # of Decimal's range): policies then read the attribute as the plan gives it. Any
        # other exception is a bug in the resolver, and surfaces (exit 70), not hidden.
        effective = {}
    return _Pending(resource, "components", tuple(components), effective=effective)


# The scalar types of JSON, as json.loads makes them: their repr tells value and type apart.
_PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})


def _free_note(usage: Mapping[str, Any], unread_keys: Iterable[str]) -> str:
    """Why nothing is priced, naming the usage the pricer left unread (a free alias record's
    queries): usage given for a resource is never dropped without a word. A zero says nothing
    (Infracost's usage example gives every key)."""
    unread = sorted(k for k in unread_keys if not _nothing(usage[k]))
    note = "no billable component in this configuration"
    if not unread:
        return note
    return f"{note}: the usage file's {clip(', '.join(unread))} for it is not used"


def _nothing(value: Any) -> bool:
    """None or a zero (a Decimal NaN, even signalling, is not one and is not compared)."""
    if value is None:
        return True
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return False
    return not (isinstance(value, Decimal) and value.is_nan()) and value == 0


def _plain_repr(value: Any) -> str | None:
    """``repr(value)`` where ``value`` is JSON data of exactly the types json.loads makes (dicts
    with str keys, lists, the scalars above): then equal texts mean equal values of the same
    types (1, 1.0, True and "1" differ). None for anything else: a subclass (HCL mode's
    OpenObject), a tuple, a Decimal, whose repr may read as another's."""
    if type(value) is not dict:
        return None
    stack = [value]
    scalars = _PLAIN_SCALARS
    while stack:
        node = stack.pop()
        items: Iterable[Any]
        if type(node) is dict:
            for name in node:
                if type(name) is not str:
                    return None
            items = node.values()
        else:
            items = node
        for item in items:
            kind = type(item)
            if kind is dict or kind is list:
                stack.append(item)
            elif kind not in scalars:
                return None
    return repr(value)


class _Memo:
    """What the built-in pricers named for resources of one plan side, by everything they can
    read of such a resource, so that identical ones are named once.

    A pricer sees a :class:`ResourceView`: the resource's type, region, attributes (values,
    unknown and sensitive paths, reasons), configured references, unknown count, its usage and
    schema (by type), and other resources only through addresses: those its references name,
    and those referring to it (the reverse index, by its address). No built-in pricer reads
    a resource's own address, name, index, module, provider configuration or location
    otherwise: tests/test_estimate_shared.py prices each resource the memo may share in the real
    plans among the fixtures and examples (51 of the 126 priced types, when written) moved and
    renamed, and compares every byte of those plans' estimates, renamed twins added, shared and
    not. So a resource with no references that no resource refers to is priced alike wherever
    those parts are equal; the rest are not shared. References that all lead to data sources
    the plan read (:attr:`Plan.read_data`: an instance's AMI) are keyed by what those hold."""

    def __init__(self, side: PlanResources, read_data: Iterable[Resource] = ()) -> None:
        self.named: dict[tuple[Any, ...], _Pending] = {}
        # The side's reverse-reference index, which pricers asking who refers to a resource
        # read too: built once for both.
        self._referred = side.referred
        # Data sources the plan read (an instance's AMI): a reference only to them is shared
        # by what they hold (type and values), not by address (count instances all name one).
        self._read: dict[str, tuple[str, str] | None] = {}
        for data in read_data:
            values = _plain_repr(data.attributes.values)
            self._read[data.address] = (data.type, values) if values is not None else None

    def _read_references(self, resource: Resource) -> tuple[Any, ...] | None:
        """What the resource's references lead to where every one is a read data source (by
        its content); None where any leads elsewhere (then the resource is not shared)."""
        read = self._read
        found: list[Any] = []
        for path, addresses in resource.references.items():
            targets = []
            for address in addresses:
                content = read.get(address)
                if content is None:
                    return None
                targets.append(content)
            found.append((path, tuple(targets)))
        return tuple(found)

    def key(
        self,
        resource: Resource,
        usage: Mapping[str, Any],
        origins: Mapping[str, str] | None = None,
    ) -> tuple[Any, ...] | None:
        """The key of everything the pricer can read of ``resource``; None: not shared."""
        attrs = resource.attributes
        if attrs.sensitive or resource.address in self._referred:
            return None
        followed: tuple[Any, ...] = ()
        if resource.references:
            found = self._read_references(resource) if self._read else None
            if found is None:
                return None
            followed = found
        reasons = attrs.unknown_reasons
        if type(reasons) is not dict or type(usage) is not dict:
            return None
        values = _plain_repr(attrs.values)
        plain_usage = _plain_repr(usage) if usage else "{}"
        if values is None or plain_usage is None:
            return None
        return (
            resource.type,
            resource.region,
            resource.region_unknown,
            resource.unknown_count,
            resource.configured_references,
            attrs.unknown,
            tuple(reasons.items()),
            values,
            plain_usage,
            tuple(origins.items()) if origins else (),
            followed,
        )


def _lookup_all(
    source: PriceSource, pending: Iterable[_Pending]
) -> Mapping[PriceQuery, PriceResult]:
    # Resources named alike share one components tuple (see _Memo): each tuple's queries are
    # gathered once, not hashed again for every resource holding it.
    seen: dict[int, tuple[CostComponent, ...]] = {}
    for p in pending:
        seen.setdefault(id(p.components), p.components)  # kept: no other tuple takes its id
    queries = sorted(
        {
            c.query
            for components in seen.values()
            for c in components
            if isinstance(c.query, PriceQuery)
        },
        key=PriceQuery.sort_key,
    )
    return source.lookup(queries) if queries else {}


_Lines = tuple[Status, tuple[PricedComponent, ...]]


class _PricedLines:
    """The status and lines of each components tuple priced so far (a pure function of it and
    the prices), so that resources named alike are priced once and share one lines tuple,
    which the reports then render once too.

    By the tuple's id (the pendings, alive throughout, hold the tuples: resources the memo
    named as one), then by its value: resources with references are named one by one, but the
    copies of a module name equal components. Equal is not enough to share: 730 and 730.0 are
    equal Decimals that print differently, so the key adds the repr of each quantity and
    multiplier; the other fields are strings, booleans and sets of strings, equal only when
    they read alike."""

    def __init__(self) -> None:
        self.by_id: dict[int, _Lines] = {}
        self.by_value: dict[tuple[Any, ...], _Lines] = {}

    def lines(
        self, components: tuple[CostComponent, ...], prices: Mapping[PriceQuery, PriceResult]
    ) -> _Lines:
        known = self.by_id.get(id(components))
        if known is not None:
            return known
        key = _value_key(components)
        try:
            known = self.by_value.get(key)
            shareable = True
        except TypeError:  # a signalling NaN has no hash
            known, shareable = None, False
        if known is None:
            known = _lines(components, prices)
            if shareable:
                self.by_value[key] = known
        self.by_id[id(components)] = known
        return known


def _value_key(components: tuple[CostComponent, ...]) -> tuple[Any, ...]:
    """``components`` with the exact text of each number beside them (hashed by the lookup
    only: a tuple does not keep its hash)."""
    texts = []
    for c in components:
        quantity = c.monthly_quantity
        texts.append(quantity if type(quantity) is Missing else repr(quantity))
        texts.append(repr(c.price_multiplier))
    return (components, *texts)


def _priced(
    pending: _Pending,
    prices: Mapping[PriceQuery, PriceResult],
    shared: _PricedLines | None = None,
) -> PricedResource:
    """``pending`` priced; ``shared``: the lines priced so far (see :class:`_PricedLines`)."""
    if pending.status == "error":
        priced = PricedResource(pending.resource, "unknown", note=pending.note)
    elif pending.status == "free" or pending.status == "unsupported":
        priced = PricedResource(pending.resource, pending.status, note=pending.note)
    else:
        if shared is not None:
            known = shared.lines(pending.components, prices)
        else:
            known = _lines(pending.components, prices)
        status, lines = known
        priced = PricedResource(pending.resource, status, lines, pending.note, pending.effective)
        if pending.resource.unknown_count:
            priced = _count_unknown(priced, pending.resource.unknown_count)
    # Checked here, not by a call per resource: most resources hold no sensitive value.
    return _without_secrets(priced) if pending.resource.attributes.sensitive else priced


def _lines(
    components: Sequence[CostComponent], prices: Mapping[PriceQuery, PriceResult]
) -> tuple[Status, tuple[PricedComponent, ...]]:
    """The priced lines of ``components`` and the status they give their resource."""
    lines: list[PricedComponent] = []
    for component in components:
        lines.extend(price_component(component, prices))
    unknown, all_usage = False, True
    for line in lines:
        if line.unknown_reason is not None and not line.usage_based:
            unknown = True
            break
        if not line.usage_based or line.monthly_cost is not None:
            all_usage = False
    status: Status
    if unknown:
        status = "unknown"
    elif all_usage:
        status = "usage"
    else:
        status = "priced"
    return status, tuple(lines)


def _count_unknown(priced: PricedResource, reason: str) -> PricedResource:
    """A resource whose number of instances is unknown: each line keeps its unit price, its cost
    is unknown; the note says what one instance would cost."""
    one = priced.monthly_cost
    lines = tuple(
        replace(c, monthly_cost=None, unknown_reason=f"how many instances is unknown: {reason}")
        for c in priced.components
    )
    note = f"number of instances unknown ({reason}); one instance: ${one.quantize(Decimal('0.01'))} a month"
    return replace(priced, status="unknown", components=lines, note=note)


def _secret_texts(value: Any) -> set[str]:
    if isinstance(value, Mapping):
        return {t for v in value.values() for t in _secret_texts(v)}
    if isinstance(value, (list, tuple)):
        return {t for v in value for t in _secret_texts(v)}
    if value is None or isinstance(value, bool):
        return set()
    return {str(value)}


def _without_secrets(priced: PricedResource) -> PricedResource:
    """Names, reasons and notes may quote attribute values (an instance type, an AMI id); a value
    Terraform marks sensitive must never reach any output, so it is replaced wherever it appears."""
    attrs = priced.resource.attributes
    if not attrs.sensitive:
        return priced
    secrets = sorted(
        (t for path in attrs.sensitive for t in _secret_texts(attrs.get(path)) if t),
        key=len,
        reverse=True,  # longest first, so a secret that contains another is replaced whole
    )
    if not secrets:
        return priced

    def scrub(text: str | None) -> str | None:
        if text is None:
            return None
        for secret in secrets:
            text = text.replace(secret, REDACTED)
        return text

    def scrubbed(c: PricedComponent) -> PricedComponent:
        name, reason, assumption = scrub(c.name) or "", scrub(c.unknown_reason), scrub(c.assumption)
        if name == c.name and reason == c.unknown_reason and assumption == c.assumption:
            return c  # quotes no secret: kept as it is
        return replace(c, name=name, unknown_reason=reason, assumption=assumption)

    components = tuple(scrubbed(c) for c in priced.components)
    note = scrub(priced.note)
    if note == priced.note and all(map(operator.is_, components, priced.components)):
        # Nothing quoted a secret (most resources holding one, a password): the lines stay
        # the ones resources priced alike share, and are rendered once (the reports).
        return priced
    return replace(priced, components=components, note=note)


def price_component(
    component: CostComponent, prices: Mapping[PriceQuery, PriceResult]
) -> list[PricedComponent]:
    """Resolve one component against looked-up prices. A quantity spread over several price tiers
    becomes one line per tier used ("Storage (first 51200 GB)", "Storage (next ...)")."""
    query = component.query
    quantity = component.monthly_quantity
    if isinstance(query, Missing):
        return _without_price(component, query.reason)
    result = prices.get(query)
    if "price" in component.sensitive and not isinstance(result, Price):
        # The query and the source's answer (its "did you mean") would show the value.
        return _unknown(
            component, "no price for a value marked sensitive (the details would show it)"
        )
    if result is None:
        return _without_price(component, f"no answer for {query.describe()}")
    if isinstance(result, PriceUnavailable):
        note = f"{component.price_note}; " if component.price_note else ""
        lead = "" if result.kind == "no_offline_price" else "no price: "
        return _without_price(component, f"{note}{lead}{result.reason}")
    if isinstance(quantity, Missing):
        return _unknown(component, quantity.reason, result)
    return _tiered_lines(component, quantity, result)


def _without_price(component: CostComponent, reason: str) -> list[PricedComponent]:
    """A component whose price is not known: none of it used costs nothing (zero CPU-credit
    hours are $0 whether or not the price source has the credit price); an optional usage line
    whose quantity the usage file does not give stays usage-based, saying both what is missing."""
    quantity = component.monthly_quantity
    if isinstance(quantity, Decimal) and quantity == 0:
        return [
            PricedComponent(
                name=component.name,
                unit=component.unit,
                monthly_quantity=quantity,
                unit_price=None,
                monthly_cost=Decimal(0),
                assumption=component.assumption,
            )
        ]
    if component.optional_usage and isinstance(quantity, Missing) and quantity.kind == "usage":
        line = _unknown(component, f"{quantity.reason}; {reason}")[0]
        return [replace(line, usage_based=True)]
    return _unknown(component, reason)


def _unknown(
    component: CostComponent, reason: str, price: Price | None = None
) -> list[PricedComponent]:
    """A component that cannot be costed, and why (with its price where one was found)."""
    quantity = component.monthly_quantity
    if isinstance(quantity, Missing):
        shown, usage_based = None, price is not None and quantity.kind == "usage"
    else:
        shown, usage_based = quantity, False
    return [
        PricedComponent(
            name=component.name,
            unit=component.unit,
            monthly_quantity=shown,
            unit_price=price.unit_price * component.price_multiplier if price else None,
            monthly_cost=None,
            price=price,
            unknown_reason=reason,
            usage_based=usage_based,
            assumption=component.assumption,
            sensitive=component.sensitive,
        )
    ]


def _tiered_lines(
    component: CostComponent, quantity: Decimal, price: Price
) -> list[PricedComponent]:
    multiplier = component.price_multiplier
    tiers = price.tiers
    if len(tiers) == 1 or not component.tiered:
        tier = tiers[0] if len(tiers) == 1 else _tier_for(tiers, quantity * multiplier)
        unit_price = tier.usd * multiplier
        return [
            PricedComponent(
                name=component.name,
                unit=component.unit,
                monthly_quantity=quantity,
                unit_price=unit_price,
                monthly_cost=quantity * unit_price,
                price=price,
                assumption=component.assumption,
                sensitive=component.sensitive,
            )
        ]
    lines: list[PricedComponent] = []
    remaining = quantity * multiplier  # in the price's own unit
    for i, tier in enumerate(tiers):
        if remaining <= 0:
            break
        width = None if tier.end is None else tier.end - tier.begin
        used = remaining if width is None else min(remaining, width)
        remaining -= used
        if i == 0:
            label = (
                f"first {_fmt(width / multiplier)} {component.unit}" if width is not None else ""
            )
        elif width is None:
            label = f"over {_fmt(tier.begin / multiplier)} {component.unit}"
        else:
            label = f"next {_fmt(width / multiplier)} {component.unit}"
        shown = used / multiplier
        unit_price = tier.usd * multiplier
        lines.append(
            PricedComponent(
                name=f"{component.name} ({label})" if label else component.name,
                unit=component.unit,
                monthly_quantity=shown,
                unit_price=unit_price,
                monthly_cost=shown * unit_price,
                price=price,
                assumption=component.assumption,
                sensitive=component.sensitive,
            )
        )
    return lines


def _tier_for(tiers: Sequence[PriceTier], quantity: Decimal) -> PriceTier:
    """The tier a whole quantity falls in, for components billed at one rate (not spread)."""
    for tier in tiers:  # tiers are sorted by begin
        if tier.end is None or quantity < tier.end:
            return tier
    return tiers[-1]


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return f"{int(value):,}" if value == int(value) else text
