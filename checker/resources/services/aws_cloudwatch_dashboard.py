"""aws_cloudwatch_dashboard: one dashboard a month.

Component: "Dashboard" (months). AWS bills each custom dashboard a flat monthly fee (the first
three of an account are free; not deducted here). The offline catalog holds no dashboard price,
so there the component is unknown with the catalog's reason; the AWS Price List API prices it.
Usage keys: none.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price a dashboard."""
    # Price List vocabulary as Infracost queries it (product family "Dashboard").
    query = PriceQuery.of(
        "AmazonCloudWatch", view.region, "Dashboard", usagetype="DashboardsUsageHour"
    )
    return [CostComponent("Dashboard", "months", Decimal(1), query)]
