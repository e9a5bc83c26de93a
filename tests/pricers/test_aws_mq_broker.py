"""aws_mq_broker: broker hours and storage (no Amazon MQ prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names
from tests.pricers.uncatalogued import assert_not_in_catalog


def test_rabbitmq_cluster_stores_on_three_nodes() -> None:
    values = {
        "engine_type": "RabbitMQ",
        "host_instance_type": "mq.m5.large",
        "deployment_mode": "CLUSTER_MULTI_AZ",
    }
    priced = price(make_resource("aws_mq_broker", values), usage={"storage_size_gb": 20})
    assert_golden("aws_mq_broker/rabbitmq_cluster", golden_rows(priced))
    assert_not_in_catalog(
        priced,
        "AmazonMQ",
        {
            "Instance usage (RabbitMQ, mq.m5.large, cluster_multi_az)": Decimal(730),
            "Storage (RabbitMQ, EBS)": Decimal(60),
        },
    )


def test_activemq_single_instance_on_efs() -> None:
    values = {"engine_type": "ActiveMQ", "host_instance_type": "mq.t3.micro"}
    priced = price(make_resource("aws_mq_broker", values), usage={"storage_size_gb": 5})
    assert names(priced) == [
        "Instance usage (ActiveMQ, mq.t3.micro, single_instance)",
        "Storage (ActiveMQ, EFS)",
    ]
    assert component(priced, "Storage (ActiveMQ, EFS)").monthly_quantity == Decimal(5)
