"""aws_vpc_ipam: an Amazon VPC IP Address Manager.

The Free Tier (``tier = "free"``) costs nothing; the Advanced Tier (the provider's default) is
billed an hourly rate per active IP address IPAM manages (AWS's VPC pricing page, "IP Address
Manager"). Component, Advanced Tier only: "Active IP addresses (advanced tier)" (IP-hours: usage
key ``active_ip_addresses``, the average number managed, over the month's hours). Pools, scopes
and CIDRs are not billed by themselves (:mod:`checker.resources.free`).

Price List vocabulary: service AmazonVPC, usagetype ``IPAddressManager-IP-Hours`` (after the
region prefix): "The time that IP addresses are managed by IPAM Advanced Tier", in Hours (Amazon
VPC User Guide, "Understand codes for Amazon VPC in billing and usage reports", whose codes for
public IPv4 addresses, VPC endpoints and transit gateways are the usagetypes of the genuine
AmazonVPC records in the shared pricing data). No product family is sent: no source names it.
The answer must be priced per hour, the line being IP-hours: unit ``Hrs``, the unit of
AmazonVPC's hourly records read from AWS's raw offer in the shared data (PublicIPv4,
VpcEndpoint, TransitGateway, VPN), and the one the Amazon VPC IPAM User Guide ("Pricing for
IPAM") is reported to show, "USE1-IPAddressManager-IP-Hours(Hrs)" (not found in the sources
searched here). The offline catalog holds no IPAM price: there the line is
unknown ("no offline price"); ``--pricing-source aws`` prices it.
"""

from __future__ import annotations

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, PriceQuery, PriceSelector
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(active_ip_addresses="average number of active IP addresses IPAM manages")
TIERS = ("free", "advanced")
SERVICE = "AmazonVPC"
USAGETYPE = "IPAddressManager-IP-Hours"
PER_HOUR = PriceSelector(units=("Hrs",))


def price(view: ResourceView) -> list[CostComponent]:
    """Price an Advanced Tier IPAM's active-IP hours (a Free Tier IPAM costs nothing)."""
    tier = read.choice(view.attrs, "tier", TIERS) or "advanced"  # the provider's default
    if tier == "free":
        return []
    addresses = view.usage_quantity("active_ip_addresses")
    quantity = addresses if isinstance(addresses, Missing) else addresses * HOURS_PER_MONTH
    query = (
        tier
        if isinstance(tier, Missing)
        else PriceQuery.of(SERVICE, view.region, None, usagetype=USAGETYPE).selecting(PER_HOUR)
    )
    return [
        CostComponent(
            "Active IP addresses (advanced tier)", "IP-hours", quantity, query, optional_usage=True
        )
    ]
