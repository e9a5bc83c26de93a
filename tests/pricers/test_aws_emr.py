"""aws_emr_cluster, aws_emr_instance_group, aws_emr_instance_fleet: EC2 hours from the catalog,
the EMR surcharge named (not in the catalog), EBS volumes; spot and fleets unknown."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

CLUSTER = {
    "master_instance_group": [{"instance_type": "m5.xlarge"}],
    "core_instance_group": [
        {
            "instance_type": "m5.xlarge",
            "instance_count": 2,
            "ebs_config": [{"size": 64, "type": "gp2", "volumes_per_instance": 2}],
        }
    ],
}


def test_cluster_master_and_core() -> None:
    priced = price(make_resource("aws_emr_cluster", CLUSTER))
    assert_golden("aws_emr_cluster/groups", golden_rows(priced))
    assert names(priced) == [
        "Master (m5.xlarge): EC2 instance",
        "Master (m5.xlarge): EMR surcharge",
        "Core (m5.xlarge): EC2 instance",
        "Core (m5.xlarge): EMR surcharge",
        "Core EBS volume 1: Storage (general purpose SSD, gp2)",
    ]
    # Genuine row: QuinnyPig processed/ec2.json "OnDemand Linux-instancetype-m5.xlarge"
    # (us-east-1) $0.192 an hour.
    assert monthly(priced, "Master (m5.xlarge): EC2 instance") == Decimal("140.16")
    assert component(priced, "Core (m5.xlarge): EC2 instance").monthly_quantity == Decimal(1460)
    surcharge = "Core (m5.xlarge): EMR surcharge"
    assert component(priced, surcharge).monthly_quantity == Decimal(1460)
    assert "no prices for service 'ElasticMapReduce'" in reason(priced, surcharge)
    # 2 nodes x 2 volumes x 64 GB; infracost golden aws_ebs_volume.gp2 $0.10 per GB-month.
    ebs = "Core EBS volume 1: Storage (general purpose SSD, gp2)"
    assert component(priced, ebs).monthly_quantity == Decimal(256)
    assert monthly(priced, ebs) == Decimal("25.6")


def test_cluster_with_fleets_is_unknown() -> None:
    values = {"master_instance_fleet": [{"target_on_demand_capacity": 1}]}
    priced = price(make_resource("aws_emr_cluster", values))
    assert "instance fleets" in reason(priced, "Master instance fleet")


def test_spot_task_group_never_uses_on_demand() -> None:
    values = {"instance_type": "c5.xlarge", "instance_count": 3, "bid_price": "0.10"}
    priced = price(make_resource("aws_emr_instance_group", values))
    assert_golden("aws_emr_instance_group/spot", golden_rows(priced))
    hours = component(priced, "Task (c5.xlarge): EC2 instance")
    assert hours.monthly_quantity == Decimal(2190) and hours.unit_price is None
    assert "spot" in reason(priced, "Task (c5.xlarge): EC2 instance")


def test_on_demand_task_group() -> None:
    priced = price(make_resource("aws_emr_instance_group", {"instance_type": "m5.xlarge"}))
    assert monthly(priced, "Task (m5.xlarge): EC2 instance") == Decimal("140.16")


def test_fleet_of_one_on_demand_type() -> None:
    values = {
        "target_on_demand_capacity": 5,
        "instance_type_configs": [{"instance_type": "m5.xlarge", "weighted_capacity": 2}],
    }
    priced = price(make_resource("aws_emr_instance_fleet", values))
    # 5 units at 2 units a node: 3 nodes (rounded up).
    line = "Task fleet (m5.xlarge): EC2 instance"
    assert component(priced, line).monthly_quantity == Decimal(2190)


def test_fleet_with_spot_or_several_types_is_unknown() -> None:
    values = {
        "target_spot_capacity": 2,
        "instance_type_configs": [{"instance_type": "m5.xlarge"}, {"instance_type": "m5.2xlarge"}],
    }
    priced = price(make_resource("aws_emr_instance_fleet", values))
    assert "EMR picks" in reason(priced, "Task fleet instances")
