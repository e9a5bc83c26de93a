"""aws_mq_broker: an Amazon MQ broker (ActiveMQ or RabbitMQ).

Components: "Instance usage (<engine>, <type>, <deployment mode>)" (broker hours, 730 a month;
a Multi-AZ deployment is its own Price List product, priced per broker: the active/standby pair
or the 3-node cluster) and "Storage (<engine>, <EFS|EBS>)" (GB-month, usage key
``storage_size_gb``, Infracost's; a RabbitMQ cluster stores it on each of its 3 nodes).

The offline catalog holds no Amazon MQ prices: there the components are unknown with the
catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, hourly, times
from checker.resources.usage_schema import UsageSchema

SERVICE = "AmazonMQ"
ENGINES = {"ActiveMQ": "ActiveMQ", "RabbitMQ": "RabbitMQ"}
MODES = ("SINGLE_INSTANCE", "ACTIVE_STANDBY_MULTI_AZ", "CLUSTER_MULTI_AZ")
RABBITMQ_CLUSTER_NODES = Decimal(3)

USAGE = UsageSchema.of(storage_size_gb="GB stored per broker instance")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a broker's instances and storage."""
    attrs = view.attrs
    engine = read.choice(attrs, "engine_type", tuple(ENGINES))
    instance_type = read.text(attrs, "host_instance_type")
    mode = read.choice(attrs, "deployment_mode", MODES) or "SINGLE_INSTANCE"
    if engine is None:
        engine = Missing("unknown", "engine_type is not set", "engine_type")
    if instance_type is None:
        instance_type = Missing("unknown", "host_instance_type is not set", "host_instance_type")
    blocked = next((v for v in (engine, instance_type, mode) if isinstance(v, Missing)), None)
    engine_name = engine if isinstance(engine, str) else "unknown engine"
    type_name = instance_type if isinstance(instance_type, str) else "unknown type"
    mode_name = mode.lower() if isinstance(mode, str) else "unknown mode"
    instance_query: PriceQuery | Missing = blocked or PriceQuery.of(
        SERVICE,
        view.region,
        "Broker Instances",
        brokerEngine=str(engine),
        instanceType=str(instance_type),
        deploymentOption="Single-AZ" if mode == "SINGLE_INSTANCE" else "Multi-AZ",
    )
    rabbit = engine == "RabbitMQ"
    storage_type = "EBS" if rabbit or read.text(attrs, "storage_type") == "ebs" else "EFS"
    usagetype = (
        "TimedStorage-RabbitMQ-ByteHrs"
        if rabbit
        else "TimedStorage-EBS-ByteHrs"
        if storage_type == "EBS"
        else "TimedStorage-ByteHrs"
    )
    storage_query: PriceQuery | Missing = (
        engine
        if isinstance(engine, Missing)
        else PriceQuery.of(SERVICE, view.region, "Broker Storage", usagetype=usagetype)
    )
    # ActiveMQ's active/standby pair shares its storage; each RabbitMQ node has its own.
    storage_copies: Decimal | Missing = (
        mode
        if isinstance(mode, Missing)
        else RABBITMQ_CLUSTER_NODES
        if rabbit and mode == "CLUSTER_MULTI_AZ"
        else Decimal(1)
    )
    return [
        hourly(f"Instance usage ({engine_name}, {type_name}, {mode_name})", instance_query),
        CostComponent(
            f"Storage ({engine_name}, {storage_type})",
            "GB",
            times(view.usage_quantity("storage_size_gb"), storage_copies),
            storage_query,
        ),
    ]
