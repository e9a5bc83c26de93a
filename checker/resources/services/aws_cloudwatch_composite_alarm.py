"""aws_cloudwatch_composite_alarm: one composite alarm a month.

Component: "Composite alarm" (alarms, per month). AWS bills each composite alarm a flat monthly
fee whatever its rule; the alarms its rule names are billed as their own resources.
Usage keys: none.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price a composite alarm."""
    query = PriceQuery.of(
        "AmazonCloudWatch",
        view.region,
        "Alarm",
        usagetype="CW:CompositeAlarmMonitorUsage",
    )
    return [CostComponent("Composite alarm", "alarms", Decimal(1), query)]
