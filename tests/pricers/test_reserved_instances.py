"""Infracost's reserved_instance_* usage keys: the catalog has no reserved prices, so reserved
hours stay priced at on-demand (the known upper bound: a usage file must not turn a known cost
unknown and so weaken blocking caps into warnings), with the reservation as a stated assumption,
on every type that bills instance or node hours. Everything else is priced as before.

On-demand list prices (us-east-1): m5.large $0.096/h, gp3 $0.08 per GB-month; MySQL
db.t3.large Single-AZ $0.136/h, gp2 $0.115 per GB-month; Aurora PostgreSQL db.r5.large $0.29/h;
Multi-AZ DB cluster MySQL db.m6gd.large $0.522/h; Redis cache.m6g.12xlarge $3.557/h.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checker.estimate import price_resources
from checker.model import PricedResource, Resource
from checker.resources.reserved import reservation
from checker.usage import load_usage_file
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

EC2_RESERVATION = {
    "reserved_instance_type": "standard",
    "reserved_instance_term": "1_year",
    "reserved_instance_payment_option": "no_upfront",
}
EC2_REASON = (
    "reserved (standard, 1_year, no_upfront) in the usage file: on-demand price shown, "
    "a reservation would lower it (reserved prices are not in the price catalog)"
)
# RDS and ElastiCache reservations have no type (Infracost reads term and payment option only).
DB_RESERVATION = {
    "reserved_instance_term": "3_year",
    "reserved_instance_payment_option": "all_upfront",
}
DB_REASON = (
    "reserved (3_year, all_upfront) in the usage file: on-demand price shown, "
    "a reservation would lower it (reserved prices are not in the price catalog)"
)
M5 = "Instance usage (Linux/UNIX, on-demand, m5.large)"
ROOT_GP3 = "Root volume: Storage (general purpose SSD, gp3)"
TEMPLATE_GP3 = "Volume /dev/xvda: Storage (general purpose SSD, gp3)"
MYSQL = "Database instance (MySQL, on-demand, Single-AZ, db.t3.large)"


def ec2_instance() -> Resource:
    return make_resource(
        "aws_instance",
        {
            "ami": "ami-0123456789abcdef0",
            "instance_type": "m5.large",
            "root_block_device": [{"volume_size": 20, "volume_type": "gp3"}],
            "associate_public_ip_address": False,
        },
    )


def launch_template() -> Resource:
    return make_resource(
        "aws_launch_template",
        {
            "image_id": "ami-0123456789abcdef0",
            "instance_type": "m5.large",
            "block_device_mappings": [
                {"device_name": "/dev/xvda", "ebs": [{"volume_size": 20, "volume_type": "gp3"}]}
            ],
            "network_interfaces": [{"associate_public_ip_address": "false"}],
        },
        name="web",
    )


def mysql() -> Resource:
    return make_resource(
        "aws_db_instance",
        {
            "engine": "mysql",
            "instance_class": "db.t3.large",
            "allocated_storage": 20,
            "storage_type": "gp2",
            "multi_az": False,
            "backup_retention_period": 0,
        },
    )


def assert_reserved_hours(
    priced: PricedResource,
    name: str,
    on_demand_unit_price: str,
    why: str,
    status: str = "priced",
) -> None:
    """The hours line keeps its on-demand unit price and cost, stating the reservation."""
    hours = component(priced, name)
    assert hours.unit_price == Decimal(on_demand_unit_price)
    assert hours.monthly_quantity is not None and hours.monthly_quantity > 0
    assert hours.monthly_cost == hours.monthly_quantity * hours.unit_price
    assert hours.unknown_reason is None
    assert hours.assumption is not None and hours.assumption.endswith(why)
    assert not hours.usage_based
    assert priced.status == status


def test_reserved_ec2_instance_keeps_the_on_demand_cost_as_an_assumption() -> None:
    priced = price(ec2_instance(), usage=EC2_RESERVATION)
    assert_golden("reserved/aws_instance", golden_rows(priced))
    assert_reserved_hours(priced, M5, "0.096", EC2_REASON)
    # The root volume is not part of a reservation: priced as before (20 GB x $0.08).
    assert monthly(priced, ROOT_GP3) == Decimal("1.60")
    # The same total as without a usage file: the reservation cannot lower a gate.
    assert priced.monthly_cost == price(ec2_instance()).monthly_cost


def test_without_reservation_keys_the_instance_is_on_demand() -> None:
    priced = price(ec2_instance(), usage={"reserved_instance_type": ""})
    assert priced.status == "priced"
    assert monthly(priced, M5) == Decimal("70.08")  # 730 x $0.096


def test_any_one_key_names_a_reservation() -> None:
    priced = price(ec2_instance(), usage={"reserved_instance_term": "3_year"})
    assert component(priced, M5).assumption == (
        "reserved (3_year) in the usage file: on-demand price shown, "
        "a reservation would lower it (reserved prices are not in the price catalog)"
    )


def test_reserved_autoscaling_group_instances() -> None:
    group = make_resource(
        "aws_autoscaling_group",
        {"min_size": 1, "max_size": 4, "desired_capacity": 3, "launch_template": [{}]},
        unknown=["launch_template.0.id", "vpc_zone_identifier"],
        references={"launch_template.0.id": ("aws_launch_template.web",)},
    )
    priced = price(group, usage=EC2_RESERVATION, others=[launch_template()])
    assert_reserved_hours(priced, M5, "0.096", EC2_REASON)
    assert monthly(priced, TEMPLATE_GP3) == Decimal("4.80")  # 3 x 20 GB x $0.08


def test_spot_share_of_a_mixed_group_keeps_its_own_reason() -> None:
    group = make_resource(
        "aws_autoscaling_group",
        {
            "min_size": 0,
            "max_size": 4,
            "desired_capacity": 2,
            "mixed_instances_policy": [
                {
                    "instances_distribution": [{"on_demand_percentage_above_base_capacity": 50}],
                    "launch_template": [{"launch_template_specification": [{}]}],
                }
            ],
        },
        references={
            "mixed_instances_policy.0.launch_template.0.launch_template_specification.0."
            "launch_template_id": ("aws_launch_template.web",)
        },
    )
    priced = price(group, usage=EC2_RESERVATION, others=[launch_template()])
    # Unknown for its spot share only: the reserved on-demand share keeps its cost.
    assert_reserved_hours(priced, M5, "0.096", EC2_REASON, status="unknown")
    spot = "Instance usage (Linux/UNIX, spot, m5.large)"
    assert "spot prices are not in the catalog" in reason(priced, spot)


def test_reserved_eks_node_group() -> None:
    node_group = make_resource(
        "aws_eks_node_group",
        {
            "instance_types": ["m5.large"],
            "scaling_config": [{"desired_size": 2}],
            "launch_template": [],
            "disk_size": 20,
        },
        unknown=["capacity_type", "ami_type"],
        references={"subnet_ids": ("aws_subnet.private",)},
    )
    subnet = make_resource("aws_subnet", {"map_public_ip_on_launch": False}, name="private")
    priced = price(node_group, usage=EC2_RESERVATION, others=[subnet])
    assert_reserved_hours(priced, M5, "0.096", EC2_REASON)
    assert monthly(priced, "Node disk: Storage (general purpose SSD, gp2)") == Decimal("4.00")


def test_reserved_rds_instance() -> None:
    priced = price(mysql(), usage=DB_RESERVATION)
    assert_golden("reserved/aws_db_instance", golden_rows(priced))
    assert_reserved_hours(priced, MYSQL, "0.136", DB_REASON)
    assert monthly(priced, "Storage (general purpose SSD, gp2)") == Decimal("2.30")  # 20 x $0.115


def test_reserved_aurora_instance() -> None:
    cluster = make_resource("aws_rds_cluster", {"engine": "aurora-postgresql"}, name="main")
    instance = make_resource(
        "aws_rds_cluster_instance",
        {"engine": "aurora-postgresql", "instance_class": "db.r5.large"},
        references={"cluster_identifier": ("aws_rds_cluster.main",)},
    )
    priced = price(instance, usage=DB_RESERVATION, others=[cluster])
    name = "Database instance (Aurora PostgreSQL, Standard, on-demand, db.r5.large)"
    assert_reserved_hours(priced, name, "0.29", DB_REASON)


def test_reserved_multi_az_db_cluster() -> None:
    cluster = make_resource(
        "aws_rds_cluster",
        {
            "engine": "mysql",
            "db_cluster_instance_class": "db.m6gd.large",
            "storage_type": "io1",
            "allocated_storage": 100,
            "iops": 1000,
        },
    )
    priced = price(cluster, usage=DB_RESERVATION)
    name = (
        "DB cluster instances (MySQL, on-demand, Multi-AZ (readable standbys), db.m6gd.large, "
        "writer + 2 readers)"
    )
    assert_reserved_hours(priced, name, "0.522", DB_REASON)
    assert monthly(priced, "Provisioned IOPS (io1)") == Decimal("300.0")  # 1000 x $0.10 x 3


@pytest.mark.parametrize(
    ("resource_type", "values"),
    [
        ("aws_elasticache_cluster", {"engine": "redis", "node_type": "cache.m6g.12xlarge"}),
        (
            "aws_elasticache_replication_group",
            {"engine": "redis", "node_type": "cache.m6g.12xlarge", "num_cache_clusters": 2},
        ),
    ],
)
def test_reserved_cache_nodes(resource_type: str, values: dict[str, Any]) -> None:
    priced = price(make_resource(resource_type, values), usage=DB_RESERVATION)
    name = "Cache nodes (Redis, on-demand, cache.m6g.12xlarge)"
    assert_reserved_hours(priced, name, "3.557", DB_REASON)
    assert names(priced) == [name]


def test_an_unknown_instance_type_keeps_its_own_reason() -> None:
    resource = make_resource("aws_instance", {"ami": "ami-1"}, unknown=["instance_type"])
    priced = price(resource, usage=EC2_RESERVATION)
    hours = "Instance usage (Linux/UNIX, on-demand, unknown type)"
    assert reason(priced, hours) == "instance_type is known only after apply"


def test_a_region_the_catalog_lacks_reports_the_missing_price() -> None:
    resource = make_resource(
        "aws_instance",
        {
            "instance_type": "m5.large",
            "root_block_device": [{"volume_size": 8, "volume_type": "gp3"}],
        },
        region="ap-southeast-6",
    )
    priced = price(resource, usage=EC2_RESERVATION)
    assert priced.status == "unknown"
    assert "ap-southeast-6" in reason(priced, M5)


def test_reservation_reason_names_the_keys_given() -> None:
    assert reservation({}) is None
    assert reservation({"operating_system": "linux", "reserved_instance_type": " "}) is None
    why = reservation({"reserved_instance_payment_option": "partial_upfront"})
    assert why is not None and why.startswith("reserved (partial_upfront) in the usage file")
    # A long value is clipped, never echoed whole into every report.
    long = reservation({"reserved_instance_type": "x" * 5000})
    assert long is not None and len(long) < 400


def test_keys_from_an_infracost_usage_file(tmp_path: Path) -> None:
    usage_path = tmp_path / "usage.yml"
    usage_path.write_text(
        "version: 0.1\n"
        "resource_usage:\n"
        "  aws_instance.this:\n"
        "    operating_system: linux\n"
        "    reserved_instance_type: convertible\n"
        "    reserved_instance_term: 3_year\n"
        "    reserved_instance_payment_option: partial_upfront\n"
        "  aws_db_instance.this:\n"
        "    reserved_instance_term: 1_year\n"
        "    reserved_instance_payment_option: no_upfront\n"
    )
    usage = load_usage_file(usage_path)
    instance, database = price_resources([ec2_instance(), mysql()], catalog(), usage=usage)
    assert str(component(instance, M5).assumption).startswith(
        "reserved (convertible, 3_year, partial_upfront) in the usage file"
    )
    assert str(component(database, MYSQL).assumption).startswith(
        "reserved (1_year, no_upfront) in the usage file"
    )
