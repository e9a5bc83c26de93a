"""Resource pricers: one small module per AWS resource type, grouped by kind.

Adding a type = one module in a group package (a ``price`` function, its ``USAGE`` schema and,
where its pricer reads them, the references it ``FOLLOWS`` (``FOLLOWS_ON`` other types) and
the values it reads as AWS's ``DEFAULTS``), one ``PricedType.of(module)`` line in that
group's ``TYPES`` mapping (it reads them by those names), and its golden test. Everything else here is derived from ``TYPES``.
Types that cost nothing are listed in :mod:`checker.resources.free`.
"""

from collections.abc import Mapping
from types import MappingProxyType

from checker.resources import analytics, compute, databases, network, security, services
from checker.resources.base import EffectiveValues, Follow, PricedType, Pricer
from checker.resources.free import FREE_TYPES, is_free
from checker.resources.usage_schema import UsageSchema

TYPES: Mapping[str, PricedType] = MappingProxyType(
    {
        **compute.TYPES,
        **network.TYPES,
        **databases.TYPES,
        **services.TYPES,
        **analytics.TYPES,
        **security.TYPES,
    }
)
PRICERS: Mapping[str, Pricer] = MappingProxyType({t: p.price for t, p in TYPES.items()})
USAGE_SCHEMAS: Mapping[str, UsageSchema] = MappingProxyType({t: p.usage for t, p in TYPES.items()})

# Types whose pricer resolves attribute values the plan leaves unset or unknown, and the
# function that says which (the estimate keeps them on the priced resource, for policies).
EFFECTIVE_VALUES: Mapping[str, EffectiveValues] = MappingProxyType(
    {t: p.effective_values for t, p in TYPES.items() if p.effective_values is not None}
)


def _followed() -> dict[str, tuple[Follow, ...]]:
    """Per type, the references some pricer follows on resources of that type: its own
    pricer's, then those other pricers follow on it (a type that is not priced, such as
    aws_ecs_cluster_capacity_providers, has only these), each once."""
    found: dict[str, dict[Follow, None]] = {}
    for kind, priced in TYPES.items():
        found.setdefault(kind, {}).update(dict.fromkeys(priced.follows))
    for priced in TYPES.values():
        for kind, follows in priced.follows_on.items():
            found.setdefault(kind, {}).update(dict.fromkeys(follows))
    return {kind: tuple(follows) for kind, follows in found.items() if follows}


# What linking a plan through its code must resolve for the pricers (checker.hcl.links):
# per type, the references followed from its resources, and the values read as AWS's default.
FOLLOWED: Mapping[str, tuple[Follow, ...]] = MappingProxyType(_followed())
DEFAULTED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {t: p.defaulted for t, p in TYPES.items() if p.defaulted}
)

__all__ = [
    "DEFAULTED",
    "EFFECTIVE_VALUES",
    "FOLLOWED",
    "FREE_TYPES",
    "PRICERS",
    "TYPES",
    "USAGE_SCHEMAS",
    "EffectiveValues",
    "Follow",
    "PricedType",
    "Pricer",
    "is_free",
]
