"""aws_msk_cluster: an MSK (provisioned) cluster's brokers and their storage.

Components: "Broker (<type>)" (broker-hours: ``number_of_broker_nodes`` x hours) and "Storage"
(GB-months: ``volume_size`` is per broker, so brokers x size). No usage keys.

Standard brokers (``kafka.<type>``) bill EBS storage per GB-month; Express brokers
(``express.<type>``) have no EBS volume: their pay-as-you-go storage and data-in charges are not
in the pricing data and are not included. Not included either: provisioned storage throughput,
MSK Serverless (aws_msk_serverless_cluster) and MSK Connect.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly, times
from checker.resources.usage_schema import NO_USAGE
from checker.safe_text import clip

USAGE = NO_USAGE
SERVICE = "AmazonMSK"
FAMILY = "Managed Streaming for Apache Kafka (MSK)"
_BROKERS = "broker_node_group_info.0"
_VOLUME = f"{_BROKERS}.storage_info.0.ebs_storage_info.0.volume_size"
# Price List usagetype prefix of each broker kind (``kafka.m5.large`` -> ``Kafka.m5.large``).
_KINDS = {"kafka": "Kafka", "express": "Express"}


def price(view: ResourceView) -> list[CostComponent]:
    """Price an MSK cluster's broker-hours and EBS storage."""
    brokers = _count(view.attrs.get("number_of_broker_nodes"), "number_of_broker_nodes")
    instance_type = view.attrs.get(f"{_BROKERS}.instance_type")
    if isinstance(instance_type, Missing) or not isinstance(instance_type, str):
        why = instance_type if isinstance(instance_type, Missing) else _unset("instance_type")
        return [hourly("Broker (unknown type)", why, brokers)]
    kind, _, size = instance_type.partition(".")
    prefix = _KINDS.get(kind)
    shown = clip(instance_type)
    if prefix is None or not size:
        why = Missing("unknown", f"{shown} is not an MSK broker type", f"{_BROKERS}.instance_type")
        return [hourly(f"Broker ({shown})", why, brokers)]
    query = PriceQuery.of(
        SERVICE, view.region, FAMILY, operation="RunBroker", usagetype=f"{prefix}.{size}"
    )
    components = [hourly(f"Broker ({shown})", query, brokers)]
    if prefix == "Kafka":
        volume = _count(view.attrs.get(_VOLUME), "volume_size")
        storage = PriceQuery.of(SERVICE, view.region, FAMILY, storageFamily="GP2")
        components.append(CostComponent("Storage", "GB", times(brokers, volume), storage))
    return components


def _count(value: object, name: str) -> Quantity:
    if isinstance(value, Missing):
        return value
    if value is None:
        return _unset(name)
    found = read.number(value)
    if found is None:
        return Missing("unknown", f"{name} {clip(repr(value))} is not a number", name)
    return found


def _unset(name: str) -> Missing:
    return Missing("unknown", f"{name} is not set", name)
