"""aws_msk_cluster: broker-hours and per-broker EBS storage; Express brokers have no EBS.

Prices read from pricing-data (QP raw/msk.json, 2025-06-18, us-east-1): AmazonMSK
"Managed Streaming for Apache Kafka (MSK)" Kafka.m5.large 0.21 Hrs, Express.m7g.large 0.408 Hrs,
storageFamily GP2 0.1 GB-Mo ("RunVolume GP2").

Quantities cross-checked with infracost's golden msk_cluster_test: 4 brokers are 2,920
broker-hours and 4 x 1,000 GB = 4,000 GB of storage.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason


def _cluster(instance_type: str, volume: int | None = 1000) -> dict[str, object]:
    group: dict[str, object] = {"instance_type": instance_type}
    if volume is not None:
        group["storage_info"] = [{"ebs_storage_info": [{"volume_size": volume}]}]
    return {"number_of_broker_nodes": 3, "broker_node_group_info": [group]}


def test_standard_brokers_and_storage() -> None:
    priced = price(make_resource("aws_msk_cluster", _cluster("kafka.m5.large")))
    assert_golden("aws_msk_cluster/standard", golden_rows(priced))
    assert monthly(priced, "Broker (kafka.m5.large)") == Decimal("459.9")  # 3 x 730 x 0.21
    assert component(priced, "Storage").monthly_quantity == Decimal(3000)  # per broker
    assert monthly(priced, "Storage") == Decimal("300")


def test_express_brokers_have_no_ebs_line() -> None:
    priced = price(make_resource("aws_msk_cluster", _cluster("express.m7g.large", None)))
    assert_golden("aws_msk_cluster/express", golden_rows(priced))
    assert names(priced) == ["Broker (express.m7g.large)"]
    assert monthly(priced, "Broker (express.m7g.large)") == Decimal("893.52")  # 3 x 730 x 0.408


def test_unset_volume_and_odd_type_are_named() -> None:
    priced = price(make_resource("aws_msk_cluster", _cluster("kafka.m5.large", None)))
    assert "volume_size is not set" in reason(priced, "Storage")
    odd = price(make_resource("aws_msk_cluster", _cluster("m5.large")))
    assert "not an MSK broker type" in reason(odd, "Broker (m5.large)")
