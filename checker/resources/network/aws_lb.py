"""aws_lb and aws_alb: application, network and gateway load balancers.

Components: "<Type> load balancer" (hours); "Load balancer capacity units" (LCU-hours, usage
based; with ``minimum_load_balancer_capacity`` the reserved units are a fixed line and only use
above them is usage based); for internet-facing application and network load balancers,
"Public IPv4 addresses" (hours): one address per subnet (Availability Zone) at least, as AWS
bills the addresses a load balancer holds since February 2024.
Usage keys: ``new_connections``, ``active_connections``, ``processed_bytes_gb``,
``rule_evaluations`` (see :mod:`checker.resources.network.capacity_units`).

An address given by an Elastic IP (``subnet_mapping.allocation_id``) is billed on that aws_eip.
ALBs scale out with more nodes and so more addresses under load: the count here is the minimum.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, first_missing, follow, hourly
from checker.resources.network.capacity_units import DIMENSIONS, average_capacity_units
from checker.resources.network.defaults import value_or_default
from checker.resources.network.public_ipv4 import public_ipv4_hours
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    new_connections="average new connections a second",
    active_connections="average active connections a minute",
    processed_bytes_gb="average GB processed an hour",
    rule_evaluations="average rule evaluations a second (application load balancers)",
)

FOLLOWS = (follow("subnets", to="aws_subnet"),)
DEFAULTS = ("internal", "ip_address_type")

_FAMILIES: Mapping[str, str] = {
    "application": "Load Balancer-Application",
    "network": "Load Balancer-Network",
    "gateway": "Load Balancer-Gateway",
}
_NO_PUBLIC_IPV4 = "dualstack-without-public-ipv4"


def price(view: ResourceView) -> list[CostComponent]:
    """Price a load balancer: hours, capacity units and the public IPv4 addresses it holds."""
    lb_type = view.attrs.get("load_balancer_type") or "application"
    if isinstance(lb_type, Missing):
        return [hourly("Load balancer", lb_type)]
    family = _FAMILIES.get(lb_type) if isinstance(lb_type, str) else None
    if family is None:
        reason = f"unknown load_balancer_type {lb_type!r}"
        return [hourly("Load balancer", Missing("unknown", reason, "load_balancer_type"))]
    components = [
        hourly(
            f"{lb_type.capitalize()} load balancer",
            _query(view.region, family, "LoadBalancerUsage"),
        ),
        *_capacity_units(view, lb_type, _query(view.region, family, "LCUUsage")),
    ]
    addresses = _public_ipv4_count(view) if lb_type != "gateway" else None
    if addresses is not None:
        components.append(public_ipv4_hours(view.region, addresses, "Public IPv4 addresses"))
    return components


def _query(region: str, family: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of("AWSELB", region, family, usagetype=usagetype)


def _capacity_units(view: ResourceView, lb_type: str, query: PriceQuery) -> list[CostComponent]:
    used = average_capacity_units(view, DIMENSIONS[lb_type])
    reserved = read.decimal(view.attrs, "minimum_load_balancer_capacity.0.capacity_units")
    if reserved is None or reserved == 0:
        return [_lcu_hours("Load balancer capacity units", used, query)]
    # Reserved units are billed whether used or not; only use beyond them adds to the bill.
    above: Quantity
    if isinstance(reserved, Missing):
        above = reserved
    elif isinstance(used, Missing):
        above = used
    else:
        above = max(Decimal(0), used - reserved)
    return [
        _lcu_hours("Reserved load balancer capacity units", reserved, query),
        _lcu_hours("Load balancer capacity units above the reservation", above, query),
    ]


def _lcu_hours(name: str, per_hour: Quantity, query: PriceQuery) -> CostComponent:
    quantity = per_hour if isinstance(per_hour, Missing) else per_hour * HOURS_PER_MONTH
    return CostComponent(name=name, unit="LCU-hours", monthly_quantity=quantity, query=query)


def _public_ipv4_count(view: ResourceView) -> Quantity | None:
    """How many public IPv4 addresses AWS bills on the load balancer; None when it has none.

    AWS's defaults apply where the configuration leaves them unset (the provider shows them
    unknown): scheme internet-facing, address type ipv4."""
    internal = value_or_default(view, "internal", False)
    address_type = value_or_default(view, "ip_address_type", "ipv4")
    if internal is True or address_type == _NO_PUBLIC_IPV4:
        return None
    unknown = first_missing(internal, address_type)
    if unknown is not None:
        return unknown
    if view.attrs.blocks("ipam_pools"):
        return Missing(
            "unknown",
            "addresses come from the IPAM pool in ipam_pools: BYOIP addresses are free, "
            "Amazon-provided ones are billed, and the plan does not say which",
            "ipam_pools",
        )
    return _subnet_addresses(view)


def _subnet_addresses(view: ResourceView) -> Quantity:
    """One address per subnet, less those an Elastic IP provides (billed on the aws_eip)."""
    mappings = view.attrs.get("subnet_mapping")
    if isinstance(mappings, list) and mappings:
        own = [
            i
            for i in range(len(mappings))
            if not view.attrs.get(f"subnet_mapping.{i}.allocation_id")
        ]
        return Decimal(len(own))
    subnets = view.attrs.get("subnets")
    if isinstance(subnets, list) and subnets:
        return Decimal(len(subnets))
    if isinstance(subnets, Missing) and not isinstance(mappings, list):
        # The subnet ids are known only after apply, but how many subnets is often plain from
        # the configuration: the aws_subnet instances the expression refers to.
        referenced = view.referenced_all("subnets", "aws_subnet")
        if referenced:
            return Decimal(len(referenced))
    return first_missing(subnets, mappings) or Missing(
        "unknown", "neither subnets nor subnet_mapping is set", "subnets"
    )
