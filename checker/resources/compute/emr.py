"""Amazon EMR on EC2: each node is an EC2 instance (on-demand, Linux, shared tenancy, from the
catalog) plus the EMR surcharge for its instance type (service ``ElasticMapReduce``, product
family "Elastic Map Reduce Instance", ``softwareType`` EMR: not in the offline catalog), plus
the EBS volumes of its ``ebs_config``. Shared by ``aws_emr_cluster``, ``aws_emr_instance_group``
and ``aws_emr_instance_fleet``."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Attributes, CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, times
from checker.resources.compute import ebs, ec2

SERVICE = "ElasticMapReduce"
FAMILY = "Elastic Map Reduce Instance"


def surcharge_query(region: str, instance_type: str | Missing) -> PriceQuery | Missing:
    if isinstance(instance_type, Missing):
        return instance_type
    return PriceQuery.of(SERVICE, region, FAMILY, instanceType=instance_type, softwareType="EMR")


def node_components(
    view: ResourceView, role: str, group: Attributes, count: Quantity
) -> list[CostComponent]:
    """EC2 hours, EMR surcharge hours and EBS volumes of ``count`` nodes of one instance group
    (``instance_type``, ``ebs_config`` blocks), labelled ``role`` (Master, Core, Task)."""
    instance_type = read.text(group, "instance_type")
    if instance_type is None:
        instance_type = Missing("unknown", "instance_type is not set", "instance_type")
    shown = instance_type if isinstance(instance_type, str) else "unknown type"
    hours = ec2.instance_hours(
        view.region, instance_type, os=ec2.OPERATING_SYSTEMS[ec2.LINUX], count=count
    )
    components = [
        CostComponent(
            f"{role} ({shown}): EC2 instance", "hours", hours.monthly_quantity, hours.query
        ),
        CostComponent(
            f"{role} ({shown}): EMR surcharge",
            "hours",
            hours.monthly_quantity,
            surcharge_query(view.region, instance_type),
        ),
    ]
    for index, block in enumerate(group.blocks("ebs_config")):
        per_node = read.decimal(block, "volumes_per_instance")
        volumes = times(count, Decimal(1) if per_node is None else per_node)
        volume = ebs.Volume(
            volume_type=_text_or_missing(block, "type"),
            size_gb=_number_or_missing(block, "size"),
            iops=read.decimal(block, "iops"),
            throughput=read.decimal(block, "throughput"),
            label=f"{role} EBS volume {index + 1}",
        )
        components += ebs.volume_components(view.region, volume, count=volumes)
    return components


def _text_or_missing(attrs: Attributes, path: str) -> str | Missing:
    value = read.text(attrs, path)
    return Missing("unknown", f"ebs_config.{path} is not set", path) if value is None else value


def _number_or_missing(attrs: Attributes, path: str) -> Decimal | Missing:
    value = read.decimal(attrs, path)
    return Missing("unknown", f"ebs_config.{path} is not set", path) if value is None else value


def instance_count(attrs: Attributes, path: str, default: int) -> Quantity:
    """The whole number at ``path``; ``default`` where unset."""
    value = read.integer(attrs, path)
    if value is None:
        return Decimal(default)
    return value if isinstance(value, Missing) else Decimal(value)
