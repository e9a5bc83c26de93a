"""aws_msk_cluster: an MSK (provisioned) cluster's brokers and their storage.

Components: "Broker (<type>)" (broker-hours: ``number_of_broker_nodes`` x hours) and "Storage"
(GB-months: ``volume_size`` is per broker, so brokers x size). No usage keys.

Standard brokers (``kafka.<type>``) bill EBS storage per GB-month, and with
``provisioned_throughput`` enabled the MiB/s each broker's volume gets above the 250 MiB/s
baseline, per MiB/s-month ("Provisioned storage throughput"). Express brokers
(``express.<type>``) have no EBS volume: they bill the storage they use (GB-month) and the data
written to them (GB). The pricing data has none of these three prices, so each is an unknown
line saying so, never left out. Not here: MSK Serverless (aws_msk_serverless_cluster) and MSK
Connect.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly, times
from checker.resources.usage_schema import NO_USAGE
from checker.safe_text import clip

USAGE = NO_USAGE
SERVICE = "AmazonMSK"
FAMILY = "Managed Streaming for Apache Kafka (MSK)"
_BROKERS = "broker_node_group_info.0"
_EBS = f"{_BROKERS}.storage_info.0.ebs_storage_info.0"
_VOLUME = f"{_EBS}.volume_size"
_THROUGHPUT = f"{_EBS}.provisioned_throughput.0"
# What a volume gets without provisioned throughput, and what the charge is counted above
# (MSK developer guide, "Provision storage throughput": 250 MiB/s is the default).
BASELINE_MIBPS = Decimal(250)
NOT_IN_DATA = "the pricing data has no MSK price for {what}; see the Amazon MSK pricing page"
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
        throughput = _provisioned_throughput(view, brokers)
        if throughput is not None:
            components.append(throughput)
    else:
        components += _express_usage()
    return components


def _provisioned_throughput(view: ResourceView, brokers: Quantity) -> CostComponent | None:
    """The MiB/s-months above the baseline when provisioned throughput is on (or may be)."""
    enabled = read.flag(view.attrs, f"{_THROUGHPUT}.enabled")
    if enabled is None or enabled is False:
        return None
    per_broker: Quantity
    if isinstance(enabled, Missing):
        per_broker = enabled
    else:
        rate = _count(view.attrs.get(f"{_THROUGHPUT}.volume_throughput"), "volume_throughput")
        if not isinstance(rate, Missing) and rate <= BASELINE_MIBPS:
            return None  # nothing above what every volume gets
        per_broker = rate if isinstance(rate, Missing) else rate - BASELINE_MIBPS
    why = Missing("unknown", NOT_IN_DATA.format(what="provisioned storage throughput"))
    return CostComponent(
        "Provisioned storage throughput (above 250 MiB/s per broker)",
        "MiB/s-months",
        times(brokers, per_broker),
        why,
    )


def _express_usage() -> list[CostComponent]:
    """Express brokers' storage and data-in lines: billed per use, with no price in the data."""
    lines = (
        ("Express storage", "the storage the cluster uses (GB-month)"),
        ("Express data in", "the data written to the cluster (GB)"),
    )
    return [
        CostComponent(
            name,
            "GB",
            Missing("usage", f"{what} depends on its use"),
            Missing("unknown", f"Express brokers bill {what}; " + NOT_IN_DATA.format(what="it")),
        )
        for name, what in lines
    ]


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
