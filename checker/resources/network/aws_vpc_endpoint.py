"""aws_vpc_endpoint: Interface, Gateway Load Balancer and Gateway endpoints.

Components: Interface: "Interface endpoint" (hours, one per subnet = Availability Zone) and
"Data processed" (GB, tiered: first 1 PB, next 4 PB, over 5 PB); GatewayLoadBalancer: "Gateway
Load Balancer endpoint" (hours, per subnet) and "Data processed" (GB); Gateway (S3, DynamoDB,
the default type): free, no component.
Usage keys: ``monthly_data_processed_gb``.

An Interface endpoint whose subnets are added by aws_vpc_endpoint_subnet_association, or whose
``subnet_ids`` are known only after apply, has an unknown number of AZs: its hours are unknown,
unless every reference of the ``subnet_ids`` expression is an ``aws_subnet`` instance in the plan
(terraform-aws-vpc's vpc-endpoints module writes ``distinct(concat(var.subnet_ids, ...))``,
unknown as a whole though each subnet is plain): one AZ per subnet referred to, as
``aws_lb`` counts its subnets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import ResourceView, follow, hourly
from checker.resources.network.data_processed import data_processed
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_data_processed_gb="GB processed a month")
FOLLOWS = (follow("subnet_ids", to="aws_subnet"),)


@dataclass(frozen=True)
class _Endpoint:
    name: str
    hours_usagetype: str
    bytes_usagetype: str
    tiered: bool


_PRICED: Mapping[str, _Endpoint] = {
    "Interface": _Endpoint("Interface endpoint", "VpcEndpoint-Hours", "VpcEndpoint-Bytes", True),
    "GatewayLoadBalancer": _Endpoint(
        "Gateway Load Balancer endpoint",
        "VpcEndpoint-GWLBE-Hours",
        "VpcEndpoint-GWLBE-Bytes",
        False,
    ),
}


def price(view: ResourceView) -> list[CostComponent]:
    """Price a VPC endpoint by type (Gateway endpoints cost nothing)."""
    endpoint_type = view.attrs.get("vpc_endpoint_type") or "Gateway"
    if isinstance(endpoint_type, Missing):
        return [hourly("VPC endpoint", endpoint_type)]
    if endpoint_type == "Gateway":
        return []
    endpoint = _PRICED.get(endpoint_type) if isinstance(endpoint_type, str) else None
    if endpoint is None:
        reason = f"VPC endpoint type {endpoint_type!r} has no price in the catalog vocabulary"
        return [
            hourly(f"{endpoint_type} endpoint", Missing("unknown", reason, "vpc_endpoint_type"))
        ]
    return endpoint_components(view, endpoint, _zones(view))


def interface_components(view: ResourceView, zones: Quantity) -> list[CostComponent]:
    """An AWS PrivateLink interface endpoint's hours in ``zones`` AZs and its data processed
    (usage key ``monthly_data_processed_gb``): also what a service-managed endpoint costs where
    standard PrivateLink pricing applies to it (an OpenSearch Service-managed VPC endpoint)."""
    return endpoint_components(view, _PRICED["Interface"], zones)


def endpoint_components(
    view: ResourceView, endpoint: _Endpoint, zones: Quantity
) -> list[CostComponent]:
    return [
        hourly(endpoint.name, _query(view.region, endpoint.hours_usagetype), zones),
        data_processed(view, _query(view.region, endpoint.bytes_usagetype), tiered=endpoint.tiered),
    ]


def _query(region: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of("AmazonVPC", region, "VpcEndpoint", usagetype=usagetype)


def _zones(view: ResourceView) -> Quantity:
    """The Availability Zones the endpoint has a network interface in: one per subnet."""
    zones = subnet_zones(view, "subnet_ids", "subnet_ids")
    configured = view.attrs.blocks("subnet_configuration")
    # No subnet list: one subnet per subnet_configuration block, unless the list is only known
    # after apply (that unknown stands).
    unknown_list = isinstance(view.attrs.get("subnet_ids"), Missing)
    if isinstance(zones, Missing) and configured and not unknown_list:
        return Decimal(len(configured))
    return zones


def subnet_zones(view: ResourceView, path: str, shown: str) -> Quantity:
    """The Availability Zones billed for an interface endpoint with the subnets listed at
    ``path`` (one per subnet); ``shown`` names the list in the reasons."""
    subnets = view.attrs.get(path)
    if isinstance(subnets, Missing):
        # Unknown as a whole (distinct() or compact() of subnet ids), but the aws_subnet
        # instances the expression refers to are plain from the configuration.
        referenced = view.referenced_all(path, "aws_subnet")
        if referenced:
            return Decimal(len({subnet.address for subnet in referenced}))
        return Missing.unknown(path, f"{shown} is known only after apply (billed per subnet/AZ)")
    if isinstance(subnets, list) and subnets:
        return Decimal(len(subnets))
    return Missing("unknown", f"no {shown}: the number of AZs billed is not known", path)
