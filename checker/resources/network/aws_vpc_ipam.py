"""aws_vpc_ipam: an Amazon VPC IP Address Manager.

The Free Tier (``tier = "free"``) costs nothing; the Advanced Tier (the provider's default) is
billed an hourly rate per active IP address IPAM manages (AWS's VPC pricing page, "IP Address
Manager"). Component, Advanced Tier only: "Active IP addresses (advanced tier)" (IP-hours: usage
key ``active_ip_addresses``, the average number managed, over the month's hours). Pools, scopes
and CIDRs are not billed by themselves (:mod:`checker.resources.free`).

Not priced by either source: no public source seen names the IPAM Price List product (Infracost
has no IPAM pricer); the line is unknown with that reason.
"""

from __future__ import annotations

from checker.model import HOURS_PER_MONTH, CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(active_ip_addresses="average number of active IP addresses IPAM manages")
TIERS = ("free", "advanced")


def price(view: ResourceView) -> list[CostComponent]:
    """Name an Advanced Tier IPAM's active-IP hours (a Free Tier IPAM costs nothing)."""
    tier = read.choice(view.attrs, "tier", TIERS) or "advanced"  # the provider's default
    if tier == "free":
        return []
    addresses = view.usage_quantity("active_ip_addresses")
    quantity = addresses if isinstance(addresses, Missing) else addresses * HOURS_PER_MONTH
    why = (
        tier
        if isinstance(tier, Missing)
        else unconfirmed(
            "IPAM active IP addresses", "the AmazonVPC product family and usagetype of IPAM"
        )
    )
    return [
        CostComponent(
            "Active IP addresses (advanced tier)", "IP-hours", quantity, why, optional_usage=True
        )
    ]
