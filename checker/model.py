"""The data model, flowing one way: resources -> cost components -> priced estimate.

Everything here is a frozen dataclass. Money and quantities are :class:`~decimal.Decimal`, never
binary floats. A value Terraform only knows after apply is never guessed: it travels as
:class:`Missing` and makes the components that need it *unknown*, with the reason.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal, get_args

from checker.frozen import quick_init

HOURS_PER_MONTH = Decimal(730)

# The parts of a cost component that may come from a value Terraform marks sensitive, and so
# are shown as "(sensitive)" (checker/sensitivity.py finds which).
SensitiveField = Literal["quantity", "price", "name"]
# What became of pricing a resource (one side of a change): see PricedResource.
Status = Literal["priced", "free", "usage", "unsupported", "unknown"]
STATUSES: tuple[Status, ...] = get_args(Status)
# Where a price came from: the embedded catalog or the AWS Price List API.
PriceOrigin = Literal["catalog", "aws"]
PRICE_ORIGINS: tuple[PriceOrigin, ...] = get_args(PriceOrigin)
# Why a value cannot be priced: see Missing.
MissingKind = Literal["unknown", "usage"]
# Why a source has no price: see PriceUnavailable.
UnavailableKind = Literal["no_price", "no_offline_price"]
UNAVAILABLE_KINDS: tuple[UnavailableKind, ...] = get_args(UnavailableKind)
SENSITIVE_FIELDS: frozenset[SensitiveField] = frozenset({"quantity", "price", "name"})


class Action(str, enum.Enum):
    """What a plan does to a resource (``replace`` is delete + create)."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    REPLACE = "replace"
    NOOP = "no-op"
    READ = "read"


@quick_init
@dataclass(frozen=True)
class SourceLocation:
    """Where a resource is written, for annotations: file and 1-based line range."""

    file: str
    start_line: int
    end_line: int


@quick_init
@dataclass(frozen=True)
class Missing:
    """A value that cannot be used for pricing, and why.

    ``kind`` is ``"unknown"`` (Terraform knows it only after apply, or it depends on something
    that is) or ``"usage"`` (a usage-based quantity the usage file does not give).
    """

    kind: MissingKind
    reason: str
    attribute: str | None = None

    @staticmethod
    def unknown(attribute: str, reason: str | None = None) -> Missing:
        return Missing("unknown", reason or f"{attribute} is known only after apply", attribute)

    @staticmethod
    def usage(key: str) -> Missing:
        return Missing("usage", f"usage-based: set {key} in a usage file to estimate", key)


_NOTHING: Any = object()


@quick_init
@dataclass(frozen=True)
class Attributes:
    """A resource's attribute values, with the paths Terraform marks unknown or sensitive.

    Paths are dotted, list indexes included: ``root_block_device.0.volume_size``.
    """

    values: Mapping[str, Any]
    unknown: frozenset[str] = frozenset()
    sensitive: frozenset[str] = frozenset()
    # Why a path is unknown, where the producer knows better than "known only after apply"
    # (HCL mode: "depends on data.aws_ami.x, which is read only during plan").
    unknown_reasons: Mapping[str, str] = field(default_factory=dict)

    def is_unknown(self, path: str) -> bool:
        """True when the value at ``path``, or a value containing it, is known only after apply."""
        unknown = self.unknown
        if not unknown:
            return False
        if path in unknown:
            return True
        # Walk the path's ancestors ("a", "a.b", ...): pricers call this for every attribute read.
        end = path.find(".")
        while end != -1:
            if path[:end] in unknown:
                return True
            end = path.find(".", end + 1)
        return False

    def get(self, path: str, default: Any = None) -> Any:
        """The value at ``path``; a :class:`Missing` if unknown; ``default`` if absent or null."""
        node: Any = self.values
        # Pricers read thousands of attributes a plan: a top-level name (most reads) is one set
        # and one dict lookup; exact dicts and lists are told apart by type before the slower
        # isinstance checks (Mapping's is an ABC's), which then see subclasses alike.
        if "." not in path:
            if path in self.unknown:
                return Missing.unknown(path, self.unknown_reasons.get(path))
            if type(node) is dict or isinstance(node, Mapping):
                node = node.get(path)
                return default if node is None else node
        elif self.unknown and self.is_unknown(path):
            return Missing.unknown(path, self.unknown_reasons.get(path))
        for part in path.split("."):
            kind = type(node)
            if kind is dict:
                node = node.get(part, _NOTHING)
            elif kind is list:
                if not part.isdigit():
                    return default
                node = node[int(part)] if int(part) < len(node) else _NOTHING
            elif isinstance(node, Mapping):
                node = node.get(part, _NOTHING)
            elif isinstance(node, list) and part.isdigit():
                node = node[int(part)] if int(part) < len(node) else _NOTHING
            else:
                return default
            if node is _NOTHING or node is None:
                return default
        return node

    def decimal(
        self, path: str, default: Decimal | int | str | None = None
    ) -> Decimal | Missing | None:
        """The value at ``path`` as a Decimal (numbers only; strings that hold numbers too)."""
        value = self.get(path)
        if isinstance(value, Missing):
            return value
        if value is None or isinstance(value, bool):
            return None if default is None else Decimal(default)
        try:
            return Decimal(str(value))
        except ArithmeticError:
            return None if default is None else Decimal(default)

    def blocks(self, path: str) -> list[Attributes]:
        """The nested blocks at ``path`` (a list of objects), each as its own Attributes view."""
        value = self.get(path)
        if not isinstance(value, list):
            return []
        if type(self) is Attributes and not (
            self.unknown or self.sensitive or self.unknown_reasons
        ):
            # Nothing to re-root (most blocks): each item is the child's values, as child()
            # would find them, without walking the path again per item.
            return [Attributes(item) for item in value if _is_mapping(item)]
        return [self.child(f"{path}.{i}") for i, item in enumerate(value) if _is_mapping(item)]

    def child(self, path: str) -> Attributes:
        """A view rooted at ``path``; unknown and sensitive paths are re-rooted with it."""
        value = self.get(path)
        prefix = path + "."
        return Attributes(
            values=value if _is_mapping(value) else {},
            unknown=_rerooted(self.unknown, prefix),
            sensitive=_rerooted(self.sensitive, prefix),
            unknown_reasons={
                k[len(prefix) :]: v for k, v in self.unknown_reasons.items() if k.startswith(prefix)
            }
            if self.unknown_reasons
            else {},
        )


def _is_mapping(value: Any) -> bool:
    """``isinstance(value, Mapping)``, a plain dict told by its type first (Mapping's check is
    an ABC's: the slow part of reading a nested block)."""
    return type(value) is dict or isinstance(value, Mapping)


def _rerooted(paths: frozenset[str], prefix: str) -> frozenset[str]:
    """The paths below ``prefix``, without it."""
    if not paths:
        return paths
    return frozenset(p[len(prefix) :] for p in paths if p.startswith(prefix))


@quick_init
@dataclass(frozen=True)
class Resource:
    """One instance of a managed resource, as it is before or after the change."""

    address: str
    type: str
    name: str
    attributes: Attributes
    region: str
    module_address: str = ""
    index: int | str | None = None
    provider_config_key: str = "aws"
    location: SourceLocation | None = None
    # Attribute path -> addresses of the resources the configuration refers to there, already
    # resolved to this resource's module instance (how an ASG finds its launch template).
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Attribute paths the configuration sets with an expression that refers to something (a
    # resource, a data source, a local...), resolved or not: a value known only after apply there
    # comes from that expression, not from a provider default (an instance's subnet_id).
    configured_references: frozenset[str] = frozenset()
    # Set where this one entry stands for a count/for_each whose size is known only after apply
    # (HCL mode: count = length(data.aws_availability_zones.x.names)): why it is unknown.
    unknown_count: str | None = None
    # Set where the resource's own ``region`` argument (AWS provider 6) is known only after
    # apply: why. ``region`` is then its provider's, and no price can be looked up.
    region_unknown: str | None = None


@quick_init
@dataclass(frozen=True)
class ResourceChange:
    """A resource's planned change: its state before (None when created) and after (None when
    destroyed)."""

    address: str
    type: str
    action: Action
    before: Resource | None
    after: Resource | None

    @property
    def current(self) -> Resource:
        """The after state, or the before state of a destroyed resource."""
        resource = self.after or self.before
        assert resource is not None, "a change has a before or an after state"
        return resource


@dataclass(frozen=True)
class DefaultTags:
    """The tags one provider configuration's ``default_tags`` add to the resources using it.

    ``known`` is False when they are an expression whose value the plan does not show
    (``tags = local.common``, a function call): then ``tags`` is empty and says nothing.

    ``exhaustive`` is False when ``tags`` came through a variable: the plan writes
    ``merge(var.tags, {team = "x"})`` exactly as it writes ``var.tags`` (the references alone),
    so the variable's keys are there but more may be added; a key not among them is not known
    to be missing.
    """

    known: bool
    tags: Mapping[str, Any] = field(default_factory=dict)
    exhaustive: bool = True


NO_DEFAULT_TAGS = DefaultTags(known=True)  # a provider configuration without default_tags
UNREADABLE_DEFAULT_TAGS = DefaultTags(known=False)


@dataclass(frozen=True)
class Plan:
    """What costcheck reads from a plan (or from HCL evaluated into the same shape).

    ``default_tags`` maps each ``provider_config_key`` a resource of the plan uses to what that
    provider configuration's ``default_tags`` add (:class:`DefaultTags`), inheritance through
    modules followed. A key that is absent means "cannot tell": the plan does not hold that
    configuration (a resource already removed from it, a plan made without a configuration, an
    inline test resource).
    """

    changes: tuple[ResourceChange, ...]
    source: str
    terraform_version: str | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    default_tags: Mapping[str, DefaultTags] = field(default_factory=dict)
    # Why the plan is not the whole input, one line each (``main.tf:12: module.vpc is not
    # followed: ...``, a file that did not parse): costs and policies over it are incomplete.
    incomplete: tuple[str, ...] = ()
    # What was assumed while reading it that every output must show (--region standing in
    # for a provider region nothing here evaluates), one line each.
    warnings: tuple[str, ...] = ()
    # Evaluated from .tf files (HCL mode), not planned by terraform: a cost derived from a
    # sensitive value is refused there (the pull request chose the code that prices it).
    from_code: bool = False
    # Data sources Terraform read while planning that pricers follow references to (the AMIs
    # instances launch): never priced, not changes; in both sides' resources for pricers.
    read_data: tuple[Resource, ...] = ()

    def __iter__(self) -> Iterator[ResourceChange]:
        return iter(self.changes)


# --- pricing vocabulary -------------------------------------------------------------------------


# The region of a query for products AWS prices by edge area rather than by region (CloudFront:
# location "United States", "Europe", ...); such products carry no regionCode.
EDGE_REGION = "edge"


@quick_init
@dataclass(frozen=True)
class PriceSelector:
    """What the one answer to a query must also satisfy, where public sources confirm a
    product's service, family and attributes but not the exact usagetype that tells it from its
    neighbours.

    ``units``: the answer's OnDemand unit must be one of these (exact): it guards the quantity's
    meaning (a GB-hour line is never priced per GB-month). ``usagetype_has``: words its
    usagetype must contain; ``mentions``: words its usagetype or a price dimension's
    ``description`` must contain (both case-insensitive). A source applies it to every product
    the filters leave: exactly one must pass, else the answer is unknown (never the first).
    """

    units: tuple[str, ...] = ()
    usagetype_has: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A missing comma (``units=("Hrs")``) makes a str, and ``in`` a substring test; an
        # empty word is in every usagetype: either would silently pass products it should not.
        for name in ("units", "usagetype_has", "mentions"):
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(isinstance(w, str) and w for w in value):
                raise TypeError(
                    f"PriceSelector.{name} must be a tuple of non-empty str, not {value!r}"
                )
        if not (self.units or self.usagetype_has or self.mentions):
            raise ValueError("a PriceSelector needs a unit or a word to look for")

    def accepts(self, unit: str, usagetype: str, descriptions: Iterable[str]) -> bool:
        """Whether a product with this price ``unit``, ``usagetype`` and price dimension
        ``descriptions`` passes."""
        if self.units and unit not in self.units:
            return False
        lowered = usagetype.lower()
        if any(word.lower() not in lowered for word in self.usagetype_has):
            return False
        if self.mentions:
            texts = [lowered, *(d.lower() for d in descriptions)]
            return all(any(word.lower() in t for t in texts) for word in self.mentions)
        return True

    def describe(self) -> str:
        """``unit GB-Mo, usagetype containing "BackupUsage"``: what the answer must be, as a
        user reads it."""
        parts = [f"unit {' or '.join(self.units)}"] if self.units else []
        parts += [f'usagetype containing "{w}"' for w in self.usagetype_has]
        parts += [f'usagetype or price description mentioning "{w}"' for w in self.mentions]
        return ", ".join(parts)


@quick_init
@dataclass(frozen=True)
class PriceQuery:
    """A question for a price source, in the AWS Price List vocabulary.

    ``attributes`` are TERM_MATCH filters. ``usagetype`` is given without its region prefix
    (``BoxUsage:m5.large``, not ``USE2-BoxUsage:m5.large``) and is matched by suffix.
    ``selector``, where given, is what the one answer must also satisfy (:class:`PriceSelector`).
    """

    service_code: str
    region: str
    product_family: str | None
    attributes: tuple[tuple[str, str], ...]
    selector: PriceSelector | None = None

    def __hash__(self) -> int:
        # Kept after the first call (the dataclass's own hashed a new tuple of the fields every
        # time): a plan's components ask for a few hundred queries, looked up thousands of
        # times. Not a field: equality, repr and replace() do not see it.
        try:
            return self.__dict__["_hash"]  # type: ignore[no-any-return]
        except KeyError:
            value = self.__dict__["_hash"] = hash(
                (
                    self.service_code,
                    self.region,
                    self.product_family,
                    self.attributes,
                    self.selector,
                )
            )
            return value

    def __getstate__(self) -> dict[str, Any]:
        # The kept hash follows this process's string hash seed: a pickle (or a copy) carries
        # the fields only, and the query hashes itself afresh wherever it is loaded.
        state = dict(self.__dict__)
        state.pop("_hash", None)
        return state

    @staticmethod
    def of(
        service_code: str, region: str, product_family: str | None, **attributes: str
    ) -> PriceQuery:
        return PriceQuery(service_code, region, product_family, tuple(sorted(attributes.items())))

    def selecting(self, selector: PriceSelector) -> PriceQuery:
        """This query, its answer also required to pass ``selector``."""
        return PriceQuery(
            self.service_code, self.region, self.product_family, self.attributes, selector
        )

    def sort_key(
        self,
    ) -> tuple[str, str, str, tuple[tuple[str, str], ...], tuple[tuple[str, ...], ...]]:
        """An order on queries that never follows the hash seed: two queries may differ only
        in their selector (ElastiCache Serverless's stored data and ECPUs)."""
        chosen = self.selector
        words = (chosen.units, chosen.usagetype_has, chosen.mentions) if chosen else ()
        return (self.service_code, self.region, self.product_family or "", self.attributes, words)

    def asked(self) -> str:
        """What the query asks of a product, region apart: ``volumeApiName=gp2`` and, where it
        has a selector, ``; answer with ...``."""
        attrs = ", ".join(f"{k}={v}" for k, v in self.attributes)
        chosen = f"answer with {self.selector.describe()}" if self.selector else ""
        return "; ".join(part for part in (attrs, chosen) if part)

    def describe(self) -> str:
        family = f"/{self.product_family}" if self.product_family else ""
        return f"{self.service_code}{family} in {self.region} ({self.asked()})"


@quick_init
@dataclass(frozen=True)
class PriceTier:
    """One price dimension: ``usd`` per unit for quantities from ``begin`` up to ``end``."""

    usd: Decimal
    begin: Decimal = Decimal(0)
    end: Decimal | None = None  # None = no upper bound


@quick_init
@dataclass(frozen=True)
class Price:
    """A price found by a source, with where it came from."""

    tiers: tuple[PriceTier, ...]
    unit: str
    source: PriceOrigin
    as_of: str  # date of the data, "unknown" where the source does not say
    reference: str = ""  # the row's origin (repo@commit:path#rateCode) or the SKU

    @property
    def unit_price(self) -> Decimal:
        return self.tiers[0].usd


@quick_init
@dataclass(frozen=True)
class PriceUnavailable:
    """A source's answer that it has no price for a query, and why.

    ``kind`` is ``"no_price"`` (reports lead the reason with "no price: ") or
    ``"no_offline_price"``: the offline catalog cannot hold the product, and ``reason`` says so
    itself and names the live source that prices it (shown as it is).
    """

    reason: str
    kind: UnavailableKind = "no_price"


PriceResult = Price | PriceUnavailable


# --- components -----------------------------------------------------------------------------------

Quantity = Decimal | Missing


@quick_init
@dataclass(frozen=True)
class CostComponent:
    """One line of a resource's cost, before pricing: what is bought, how much a month, at which
    price.

    ``price_multiplier`` turns the source's unit into the shown unit: a component shown "per 1M
    requests" over a per-request price has multiplier 1,000,000 and quantity in millions.

    ``assumption`` says which value AWS fills in that the configuration leaves out was priced
    ("8 GB gp2 root volume, ..."): a stated default, shown in every report, that the attribute
    or the usage file overrides. None when every quantity and product is as configured.
    """

    name: str
    unit: str
    monthly_quantity: Quantity
    query: PriceQuery | Missing
    price_multiplier: Decimal = Decimal(1)
    tiered: bool = False  # quantity is spread over the price's tiers
    assumption: str | None = None
    # A usage-based line the resource runs without (T-family bursting above its baseline):
    # while the usage file does not give its quantity, a price the source lacks leaves the line
    # usage-based instead of making the whole resource unknown.
    optional_usage: bool = False
    # Said with the reason where the price source has no price: why the offline data lacks the
    # product and which source prices it (Performance Insights, RDS Extended Support).
    price_note: str | None = None
    sensitive: frozenset[SensitiveField] = frozenset()  # derived from a sensitive value

    def assuming(self, assumption: str | None) -> CostComponent:
        """This line, also priced with ``assumption`` (after any it states already); itself
        when ``assumption`` is None. A usage value that lowers what the configuration alone
        prices is stated here like a default, so reports show it and policies can judge it."""
        if assumption is None:
            return self
        joined = assumption if self.assumption is None else f"{self.assumption}; {assumption}"
        return replace(self, assumption=joined)


@quick_init
@dataclass(frozen=True)
class PricedComponent:
    """A component with its price resolved."""

    name: str
    unit: str
    monthly_quantity: Decimal | None
    unit_price: Decimal | None
    monthly_cost: Decimal | None
    price: Price | None = None
    unknown_reason: str | None = None
    usage_based: bool = False
    assumption: str | None = None  # the stated default the line is priced with (CostComponent)
    # Shown as "(sensitive)": "quantity", "price" (the unit price and its reference name the
    # product), "name" (already masked in ``name``). The cost still counts in every total.
    sensitive: frozenset[SensitiveField] = frozenset()


@quick_init
@dataclass(frozen=True)
class PricedResource:
    """A resource (one side of a change) with its priced components.

    ``status`` is ``priced``, ``free``, ``usage`` (only usage-based components, none estimated),
    ``unsupported`` or ``unknown`` (a component could not be priced).
    """

    resource: Resource
    status: Status
    components: tuple[PricedComponent, ...] = ()
    note: str | None = None
    # Top-level attribute -> the value the pricer priced where the plan leaves the attribute
    # unset or unknown (the provider's default storage_type, a launch template's instance
    # type): policies judge what was priced. Empty for most types.
    effective: Mapping[str, Any] = field(default_factory=dict)

    @property
    def monthly_cost(self) -> Decimal:
        """The sum of the known component costs."""
        return sum(
            (c.monthly_cost for c in self.components if c.monthly_cost is not None), Decimal(0)
        )


@quick_init
@dataclass(frozen=True)
class ChangeEstimate:
    """The cost of one resource change: before (past) and after."""

    change: ResourceChange
    past: PricedResource | None
    current: PricedResource | None

    @property
    def monthly_cost(self) -> Decimal:
        return self.current.monthly_cost if self.current else Decimal(0)

    @property
    def past_monthly_cost(self) -> Decimal:
        return self.past.monthly_cost if self.past else Decimal(0)

    @property
    def status(self) -> Status:
        side = self.current or self.past
        assert side is not None
        return side.status


@dataclass(frozen=True)
class Estimate:
    """The priced plan."""

    plan: Plan
    resources: tuple[ChangeEstimate, ...]
    currency: str = "USD"
    price_sources: tuple[str, ...] = ()

    @property
    def total_monthly_cost(self) -> Decimal:
        return sum((r.monthly_cost for r in self.resources), Decimal(0))

    @property
    def incomplete(self) -> tuple[str, ...]:
        """What the input held that the estimate leaves out (empty: nothing)."""
        return self.plan.incomplete

    @property
    def past_total_monthly_cost(self) -> Decimal:
        return sum((r.past_monthly_cost for r in self.resources), Decimal(0))

    @property
    def diff_total_monthly_cost(self) -> Decimal:
        return self.total_monthly_cost - self.past_total_monthly_cost
