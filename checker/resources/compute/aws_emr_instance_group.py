"""aws_emr_instance_group: a task instance group added to an EMR cluster.

Components: "Task (<type>): EC2 instance" (hours, ``instance_count`` default 1, on-demand Linux
from the catalog), "Task (<type>): EMR surcharge" (hours, not in the catalog) and the
``ebs_config`` volumes. A group with a ``bid_price`` runs on spot capacity: its EC2 hours are
unknown (spot prices are not in the price data), the surcharge is still named. Usage keys: none.
"""

from __future__ import annotations

from dataclasses import replace

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.compute import ec2, emr
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price a task group's nodes."""
    count = emr.instance_count(view.attrs, "instance_count", 1)
    components = emr.node_components(view, "Task", view.attrs, count)
    bid = read.text(view.attrs, "bid_price")
    if bid is not None:
        spot = bid if isinstance(bid, Missing) else Missing("unknown", ec2.SPOT_REASON, "bid_price")
        components = [
            replace(c, query=spot) if c.name.endswith(": EC2 instance") else c for c in components
        ]
    return components
