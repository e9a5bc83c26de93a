"""aws_msk_cluster: broker-hours and per-broker EBS storage; Express brokers have no EBS.

Prices read from pricing-data (QP raw/msk.json, 2025-06-18, us-east-1): AmazonMSK
"Managed Streaming for Apache Kafka (MSK)" Kafka.m5.large 0.21 Hrs, Express.m7g.large 0.408 Hrs,
storageFamily GP2 0.1 GB-Mo ("RunVolume GP2").

Quantities cross-checked with infracost's golden msk_cluster_test: 4 brokers are 2,920
broker-hours and 4 x 1,000 GB = 4,000 GB of storage.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checker.model import HOURS_PER_MONTH, Price, PriceQuery
from checker.resources.analytics.aws_msk_cluster import FAMILY, SERVICE
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
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
    assert "Storage" not in names(priced)
    assert monthly(priced, "Broker (express.m7g.large)") == Decimal("893.52")  # 3 x 730 x 0.408


def test_express_storage_and_data_in_are_unknown_lines() -> None:
    # Price audit finding 4: Express brokers bill storage used and data written; the data has
    # no price for either, so they are lines saying so, not absent.
    priced = price(make_resource("aws_msk_cluster", _cluster("express.m7g.large", None)))
    assert names(priced) == ["Broker (express.m7g.large)", "Express storage", "Express data in"]
    assert "no MSK price" in reason(priced, "Express storage")
    assert "data written" in reason(priced, "Express data in")
    assert priced.status == "unknown"


THROUGHPUT = "Provisioned storage throughput (above 250 MiB/s per broker)"


def _throughput(**settings: Any) -> dict[str, object]:
    values = _cluster("kafka.m7g.large")
    group = values["broker_node_group_info"][0]  # type: ignore[index]
    group["storage_info"][0]["ebs_storage_info"][0]["provisioned_throughput"] = [settings]
    return values


def test_provisioned_throughput_above_the_baseline_is_an_unknown_line() -> None:
    # Price audit finding 4 (/tmp/pa10): 3 x kafka.m7g.large, 1000 GB, 500 MiB/s.
    priced = price(
        make_resource("aws_msk_cluster", _throughput(enabled=True, volume_throughput=500))
    )
    assert_golden("aws_msk_cluster/provisioned_throughput", golden_rows(priced))
    assert component(priced, THROUGHPUT).monthly_quantity == 3 * (500 - 250)
    assert "provisioned storage throughput" in reason(priced, THROUGHPUT)
    assert priced.status == "unknown"
    # The priced lines stay as they were: broker-hours and storage from the data.
    broker = PriceQuery.of(
        SERVICE, "us-east-1", FAMILY, operation="RunBroker", usagetype="Kafka.m7g.large"
    )
    answer = catalog().lookup([broker])[broker]
    assert isinstance(answer, Price), answer
    assert monthly(priced, "Broker (kafka.m7g.large)") == 3 * HOURS_PER_MONTH * answer.unit_price


@pytest.mark.parametrize(
    "settings",
    [{"enabled": False, "volume_throughput": 500}, {"enabled": True, "volume_throughput": 250}],
)
def test_no_throughput_line_when_nothing_is_billed(settings: dict[str, object]) -> None:
    priced = price(make_resource("aws_msk_cluster", _throughput(**settings)))
    assert THROUGHPUT not in names(priced)
    assert priced.status == "priced"


def test_throughput_known_only_after_apply_is_unknown() -> None:
    resource = make_resource(
        "aws_msk_cluster",
        _throughput(enabled=True, volume_throughput=None),
        unknown=[
            "broker_node_group_info.0.storage_info.0.ebs_storage_info.0"
            ".provisioned_throughput.0.volume_throughput"
        ],
    )
    priced = price(resource)
    assert component(priced, THROUGHPUT).monthly_quantity is None
    assert priced.status == "unknown"


def test_unset_volume_and_odd_type_are_named() -> None:
    priced = price(make_resource("aws_msk_cluster", _cluster("kafka.m5.large", None)))
    assert "volume_size is not set" in reason(priced, "Storage")
    odd = price(make_resource("aws_msk_cluster", _cluster("m5.large")))
    assert "not an MSK broker type" in reason(odd, "Broker (m5.large)")
