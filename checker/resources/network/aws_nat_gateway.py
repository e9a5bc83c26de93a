"""aws_nat_gateway: NAT gateway hours and data processed.

Components: "NAT gateway" (hours), "Data processed" (GB).
Usage keys: ``monthly_data_processed_gb``.

``connectivity_type = "private"`` gateways are billed the same hourly and per-GB rates as public
ones (AWS prices both as NAT gateway-hours and GB processed). A private NAT gateway holds no
public IP; a public one holds the Elastic IP(s) of ``allocation_id`` and
``secondary_allocation_ids``, which are billed on those ``aws_eip`` resources, not here.
Only us-east-1 and eu-west-1 have NAT gateway prices in the data.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.network.data_processed import data_processed
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_data_processed_gb="GB processed a month")


def _query(region: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of("AmazonEC2", region, "NAT Gateway", usagetype=usagetype)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a NAT gateway: its hours and the data it processes."""
    return [
        hourly("NAT gateway", _query(view.region, "NatGateway-Hours")),
        data_processed(view, _query(view.region, "NatGateway-Bytes")),
    ]
