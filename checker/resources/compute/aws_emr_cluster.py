"""aws_emr_cluster: an EMR cluster's master and core nodes (task nodes are
``aws_emr_instance_group`` / ``aws_emr_instance_fleet`` resources).

Components, for the master (``master_instance_group``, ``instance_count`` default 1) and core
(``core_instance_group``, default 1) groups: "<role> (<type>): EC2 instance" (hours, on-demand
Linux from the catalog), "<role> (<type>): EMR surcharge" (hours, service ElasticMapReduce: not
in the catalog, priced with ``--pricing-source aws``) and each ``ebs_config`` volume (EBS
storage x ``volumes_per_instance``). A cluster defined with instance fleets
(``master_instance_fleet``/``core_instance_fleet``) is unknown: its mix of types and spot
capacity is decided by EMR. Usage keys: none.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing
from checker.resources.base import ResourceView, hourly
from checker.resources.compute import emr
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price the master and core nodes of a cluster."""
    attrs = view.attrs
    components: list[CostComponent] = []
    for role, path in (("Master", "master_instance_group"), ("Core", "core_instance_group")):
        groups = attrs.blocks(path)
        if groups:
            count = emr.instance_count(groups[0], "instance_count", 1)
            components += emr.node_components(view, role, groups[0], count)
        elif attrs.blocks(path.replace("group", "fleet")):
            components.append(
                hourly(
                    f"{role} instance fleet",
                    Missing(
                        "unknown",
                        "instance fleets let EMR choose instance types and spot capacity; "
                        "costcheck prices instance groups",
                        path.replace("group", "fleet"),
                    ),
                )
            )
    return components
