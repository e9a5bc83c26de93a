"""aws_spot_instance_request: an EC2 instance requested on the Spot market.

Components: as ``aws_instance`` (root and ``ebs_block_device`` volumes, CPU credits, detailed
monitoring, public IPv4 address), with the instance hours on the Spot market: shown, and
unknown, because spot prices change by the hour and zone and are not in the price data (never
the on-demand price in their place).

Usage keys: those of ``aws_instance`` (Infracost's).
"""

from __future__ import annotations

from dataclasses import replace

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.compute import ec2, launch
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    **launch.USAGE_KEYS, monthly_hrs="hours a month the instance runs (default 730)"
)

FOLLOWS = (launch.TEMPLATE, launch.SUBNET)


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly components of one spot instance."""
    template = view.referenced("launch_template.0.id", "aws_launch_template") or view.referenced(
        "launch_template.0.name", "aws_launch_template"
    )
    spec = replace(launch.from_instance(view, template), spot=True)
    return launch.instance_components(
        view,
        spec,
        hours=ec2.monthly_hours(view.usage),
        hours_assumption=ec2.fewer_hours_assumption(view.usage),
    )
