"""Resource pricers: one small module per AWS resource type, grouped by kind.

Adding a type = one module in a group package, one line in that group's ``PRICERS`` mapping, and
its golden test. Types that cost nothing are listed in :mod:`checker.resources.free`.
"""

from collections.abc import Mapping
from types import MappingProxyType

from checker.resources import analytics, compute, databases, network, security, services
from checker.resources.base import Pricer
from checker.resources.free import FREE_TYPES

PRICERS: Mapping[str, Pricer] = MappingProxyType(
    {
        **compute.PRICERS,
        **network.PRICERS,
        **databases.PRICERS,
        **services.PRICERS,
        **analytics.PRICERS,
        **security.PRICERS,
    }
)

__all__ = ["FREE_TYPES", "PRICERS", "Pricer"]
