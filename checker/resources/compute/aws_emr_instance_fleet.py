"""aws_emr_instance_fleet: a task instance fleet of an EMR cluster.

EMR fills a fleet's ``target_on_demand_capacity`` and ``target_spot_capacity`` (in units of
each instance type's ``weighted_capacity``) from the types of its ``instance_type_configs``, as
it chooses: which types run cannot be known from the configuration. With a single instance type
and no spot capacity, the fleet is priced as the nodes that meet the target (rounded up) ("Task fleet (<type>): EC2
instance", "... EMR surcharge", EBS); otherwise one unknown line says why. Usage keys: none.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.compute import emr
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price a fleet with one on-demand instance type; name the rest unknown."""
    attrs = view.attrs
    configs = attrs.blocks("instance_type_configs")
    on_demand = read.decimal(attrs, "target_on_demand_capacity")
    spot = read.decimal(attrs, "target_spot_capacity")
    if len(configs) == 1 and isinstance(on_demand, Decimal) and not spot:
        weight = read.decimal(configs[0], "weighted_capacity")
        if weight is None or (isinstance(weight, Decimal) and weight > 0):
            nodes = on_demand / (weight or Decimal(1))
            return emr.node_components(
                view, "Task fleet", configs[0], nodes.to_integral_value(rounding=ROUND_CEILING)
            )
    return [
        hourly(
            "Task fleet instances",
            Missing(
                "unknown",
                "EMR picks the fleet's instance types and spot capacity among "
                "instance_type_configs; costcheck prices a fleet of one on-demand type",
                "instance_type_configs",
            ),
        )
    ]
