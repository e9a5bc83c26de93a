"""Public IPv4 addresses, billed per address-hour whether attached or idle (AWS, since
1 February 2024: AmazonVPC "VPC Public IPv4 Address", $0.005 an hour in every region the data
holds). Used by Elastic IPs and internet-facing load balancers.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, PriceQuery, Quantity
from checker.resources.base import hourly


def public_ipv4_query(region: str) -> PriceQuery:
    """The in-use public IPv4 address-hour (the idle rate is the same price in every region)."""
    return PriceQuery.of(
        "AmazonVPC", region, "VPC Public IPv4 Address", usagetype="PublicIPv4:InUseAddress"
    )


def public_ipv4_hours(
    region: str, count: Quantity = Decimal(1), name: str = "Public IPv4 address"
) -> CostComponent:
    """``count`` public IPv4 addresses held all month."""
    return hourly(name, public_ipv4_query(region), count)
