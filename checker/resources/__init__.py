"""Resource pricers: one small module per AWS resource type, grouped by kind.

Adding a type = one module in a group package (a ``price`` function and its ``USAGE`` schema),
one line in that group's ``TYPES`` mapping, and its golden test. Types that cost nothing are
listed in :mod:`checker.resources.free`.
"""

from collections.abc import Mapping
from types import MappingProxyType

from checker.resources import analytics, compute, databases, network, security, services
from checker.resources.base import EffectiveValues, PricedType, Pricer
from checker.resources.compute import aws_eks_node_group
from checker.resources.databases import aws_db_instance
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
    {
        "aws_eks_node_group": aws_eks_node_group.effective_values,
        "aws_db_instance": aws_db_instance.effective_values,
    }
)

__all__ = [
    "EFFECTIVE_VALUES",
    "FREE_TYPES",
    "PRICERS",
    "TYPES",
    "USAGE_SCHEMAS",
    "EffectiveValues",
    "PricedType",
    "Pricer",
    "is_free",
]
