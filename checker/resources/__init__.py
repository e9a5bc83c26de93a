"""Resource pricers: one small module per AWS resource type, grouped by kind.

Adding a type = one module in a group package, one line in that group's ``PRICERS`` mapping, and
its golden test. Types that cost nothing are listed in :mod:`checker.resources.free`.
"""

from collections.abc import Mapping
from types import MappingProxyType

from checker.resources import compute, databases, network, services
from checker.resources.base import EffectiveValues, Pricer
from checker.resources.compute import aws_eks_node_group
from checker.resources.databases import aws_db_instance
from checker.resources.free import FREE_TYPES

PRICERS: Mapping[str, Pricer] = MappingProxyType(
    {**compute.PRICERS, **network.PRICERS, **databases.PRICERS, **services.PRICERS}
)

# Types whose pricer resolves attribute values the plan leaves unset or unknown, and the
# function that says which (the estimate keeps them on the priced resource, for policies).
EFFECTIVE_VALUES: Mapping[str, EffectiveValues] = MappingProxyType(
    {
        "aws_eks_node_group": aws_eks_node_group.effective_values,
        "aws_db_instance": aws_db_instance.effective_values,
    }
)

__all__ = ["EFFECTIVE_VALUES", "FREE_TYPES", "PRICERS", "EffectiveValues", "Pricer"]
