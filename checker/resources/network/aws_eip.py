"""aws_eip: one public IPv4 address.

Components: "Public IPv4 address" (hours). No usage keys.

Since February 2024 AWS bills every public IPv4 address per hour, attached or idle, so ``domain``,
``instance`` and any association do not change the price (the old EC2 rule that only idle Elastic
IPs cost money no longer applies). Addresses from a BYOIP pool (``public_ipv4_pool`` other than
``amazon``) and Outposts customer-owned addresses (``customer_owned_ipv4_pool``) are not billed
as AWS public IPv4 addresses: the resource is then free.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing
from checker.resources.base import ResourceView
from checker.resources.network.defaults import value_or_default
from checker.resources.network.public_ipv4 import public_ipv4_hours
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

DEFAULTS = ("public_ipv4_pool",)

_AMAZON_POOL = "amazon"


def price(view: ResourceView) -> list[CostComponent]:
    """Price an Elastic IP: one public IPv4 address all month."""
    if view.attrs.get("customer_owned_ipv4_pool"):
        return []  # an Outposts customer-owned address, not an AWS public IPv4 address
    # AWS allocates from Amazon's pool unless told otherwise; the provider leaves it unknown.
    pool = value_or_default(view, "public_ipv4_pool", _AMAZON_POOL)
    if isinstance(pool, Missing):
        return [public_ipv4_hours(view.region, pool)]
    if pool != _AMAZON_POOL:
        return []  # BYOIP: addresses you bring are not charged
    return [public_ipv4_hours(view.region)]
