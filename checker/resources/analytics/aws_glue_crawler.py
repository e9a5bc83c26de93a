"""aws_glue_crawler: the DPU-hours a Glue crawler runs a month.

Components: "Duration" (DPU-hours). Usage keys: ``monthly_hours`` (DPU-hours a month: AWS bills a
crawler per DPU-hour of run time, billed per second with a 10-minute minimum per run; infracost's
key, whose value it prices per DPU-hour too).
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.analytics.glue import crawler_run
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_hours="DPU-hours the crawler runs a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a crawler's DPU-hours."""
    hours = view.usage_quantity("monthly_hours")
    return [CostComponent("Duration", "DPU-hours", hours, crawler_run(view.region))]
