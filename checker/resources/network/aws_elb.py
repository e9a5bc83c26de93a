"""aws_elb: a Classic Load Balancer.

Components: "Classic load balancer" (hours), "Data processed" (GB).
Usage keys: ``monthly_data_processed_gb``.

An internet-facing Classic Load Balancer also holds public IPv4 addresses, but how many depends
on how AWS scales it (nothing in the configuration says), so they are not estimated here.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.network.data_processed import data_processed
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_data_processed_gb="GB processed a month")


def _query(region: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of("AWSELB", region, "Load Balancer", usagetype=usagetype)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Classic Load Balancer: its hours and the data it processes."""
    return [
        hourly("Classic load balancer", _query(view.region, "LoadBalancerUsage")),
        data_processed(view, _query(view.region, "DataProcessing-Bytes")),
    ]
