"""aws_eks_node_group: nodes x (instance hours + node disk + CPU credits + public IPv4).

List prices (us-east-1): m5.large $0.096/h, t3.medium $0.0416/h, gp2 $0.10 and gp3 $0.08 per
GB-month; Windows and spot prices are not in the catalog.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

M5 = "Instance usage (Linux/UNIX, on-demand, m5.large)"
DISK = "Node disk: Storage (general purpose SSD, gp2)"
PRIVATE = make_resource("aws_subnet", {"map_public_ip_on_launch": False}, name="private")


def node_group(values: dict[str, Any], **kwargs: Any) -> Resource:
    base: dict[str, Any] = {
        "cluster_name": "main",
        "instance_types": ["m5.large"],
        "scaling_config": [{"desired_size": 2, "min_size": 1, "max_size": 3}],
        "launch_template": [],
    }
    unknown = kwargs.pop("unknown", ["disk_size", "capacity_type", "ami_type"])
    references = kwargs.pop("references", {"subnet_ids": ("aws_subnet.private",)})
    return make_resource(
        "aws_eks_node_group", {**base, **values}, unknown=unknown, references=references, **kwargs
    )


def test_two_m5_large_nodes_with_the_default_disk() -> None:
    priced = price(node_group({}), others=[PRIVATE])
    assert_golden("aws_eks_node_group/default_disk", golden_rows(priced))
    assert priced.status == "priced"
    assert monthly(priced, M5) == Decimal("140.16")
    # Without a launch template EKS gives each node a 20 GiB gp2 disk.
    assert component(priced, DISK).monthly_quantity == Decimal(40)
    assert monthly(priced, DISK) == Decimal("4.00")


def test_disk_size_and_instances_usage() -> None:
    priced = price(
        node_group({"disk_size": 100}, unknown=["capacity_type"]),
        usage={"instances": 4},
        others=[PRIVATE],
    )
    assert monthly(priced, M5) == Decimal("280.32")
    assert monthly(priced, DISK) == Decimal("40.00")


def test_default_instance_type_is_t3_medium_with_unlimited_credits() -> None:
    priced = price(
        node_group({}, unknown=["instance_types", "disk_size", "capacity_type"]),
        usage={"monthly_cpu_credit_hrs": 10},
        others=[PRIVATE],
    )
    assert_golden("aws_eks_node_group/default_type", golden_rows(priced))
    assert monthly(priced, "Instance usage (Linux/UNIX, on-demand, t3.medium)") == Decimal("60.736")
    # 10 h x (2 vCPUs - 0.4 earned) x 2 nodes: only the surplus above the baseline.
    assert component(priced, "CPU credits").monthly_quantity == Decimal(32)
    assert "CPU Credits" in reason(priced, "CPU credits")


def test_launch_template_disk_and_type() -> None:
    template = make_resource(
        "aws_launch_template",
        {
            "instance_type": "m5.large",
            "block_device_mappings": [
                {"device_name": "/dev/xvda", "ebs": [{"volume_size": 50, "volume_type": "gp3"}]}
            ],
        },
        name="nodes",
    )
    resource = node_group(
        {"instance_types": [], "launch_template": [{"version": "1"}]},
        references={
            "launch_template.0.id": ("aws_launch_template.nodes",),
            "subnet_ids": ("aws_subnet.private",),
        },
    )
    priced = price(resource, others=[template, PRIVATE])
    assert_golden("aws_eks_node_group/launch_template", golden_rows(priced))
    assert names(priced) == [M5, "Volume /dev/xvda: Storage (general purpose SSD, gp3)"]
    assert priced.monthly_cost == Decimal("148.16")  # 2 x (70.08 + 4.00)


def test_launch_template_not_in_the_plan() -> None:
    priced = price(node_group({"launch_template": [{"id": "lt-0abc", "version": "1"}]}))
    assert priced.status == "unknown"
    assert "launch template is not in the plan" in reason(priced, "Instance usage")


def test_spot_capacity_is_unknown() -> None:
    priced = price(node_group({"capacity_type": "SPOT"}, unknown=["disk_size"]), others=[PRIVATE])
    assert_golden("aws_eks_node_group/spot", golden_rows(priced))
    assert "spot prices are not in the catalog" in reason(
        priced, "Instance usage (Linux/UNIX, spot, m5.large)"
    )
    assert monthly(priced, DISK) == Decimal("4.00")


def test_windows_ami_type_is_windows_with_a_50_gib_disk() -> None:
    priced = price(
        node_group({"ami_type": "WINDOWS_CORE_2022_x86_64"}, unknown=["disk_size"]),
        others=[PRIVATE],
    )
    assert "operatingSystem='Windows'" in reason(
        priced, "Instance usage (Windows, on-demand, m5.large)"
    )
    assert monthly(priced, DISK) == Decimal("10.00")


def test_public_ip_when_subnets_are_outside_the_plan() -> None:
    priced = price(node_group({"subnet_ids": ["subnet-0abc"]}, references={}))
    assert_golden("aws_eks_node_group/public_ip_unknown", golden_rows(priced))
    assert priced.status == "unknown"
    assert "map_public_ip_on_launch" in reason(priced, "Public IPv4 address")


def test_unknown_desired_size() -> None:
    priced = price(
        node_group({}, unknown=["scaling_config.0.desired_size", "disk_size"]), others=[PRIVATE]
    )
    assert "desired_size is known only after apply" in reason(priced, M5)


def test_region_the_catalog_lacks() -> None:
    priced = price(node_group({}, region="ap-southeast-6"), others=[PRIVATE])
    assert_golden("aws_eks_node_group/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-southeast-6" in reason(priced, M5)
