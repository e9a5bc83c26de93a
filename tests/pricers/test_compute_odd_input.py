"""Odd input never makes a compute pricer raise: nulls, strings for numbers, wrong shapes and
whole blocks known only after apply give components (unknown where they must be), never an
exception (which the estimate would report as "could not price")."""

from __future__ import annotations

from typing import Any

import pytest

from checker.model import Attributes, Resource
from checker.resources.base import ResourceView
from checker.resources.compute import TYPES

ODD_VALUES: list[Any] = [
    None,
    "",
    "abc",
    "-5",
    -5,
    1e400,
    True,
    [],
    {},
    ["x"],
    [{}],
    [None],
    {"a": 1},
]

ATTRIBUTES: dict[str, list[str]] = {
    "aws_instance": [
        "instance_type",
        "ami",
        "tenancy",
        "host_id",
        "root_block_device",
        "ebs_block_device",
        "credit_specification",
        "monitoring",
        "associate_public_ip_address",
        "instance_market_options",
        "launch_template",
        "network_interface",
    ],
    "aws_ebs_volume": ["type", "size", "iops", "throughput", "snapshot_id"],
    "aws_ebs_snapshot": ["volume_id", "volume_size"],
    "aws_autoscaling_group": [
        "desired_capacity",
        "min_size",
        "launch_template",
        "launch_configuration",
        "mixed_instances_policy",
        "vpc_zone_identifier",
    ],
    "aws_eks_cluster": ["version", "upgrade_policy"],
    "aws_eks_node_group": [
        "instance_types",
        "scaling_config",
        "disk_size",
        "capacity_type",
        "ami_type",
        "launch_template",
        "subnet_ids",
    ],
    "aws_eks_fargate_profile": ["selector"],
    "aws_ecs_service": ["desired_count", "launch_type", "capacity_provider_strategy"],
    "aws_lambda_function": ["memory_size", "architectures", "ephemeral_storage"],
    "aws_ami": ["ebs_block_device"],
    "aws_ami_copy": ["ebs_block_device", "source_ami_id"],
    "aws_ebs_snapshot_copy": ["volume_size", "source_snapshot_id"],
    "aws_ec2_capacity_reservation": [
        "instance_type",
        "instance_platform",
        "instance_count",
        "tenancy",
    ],
    "aws_ec2_host": ["instance_type", "instance_family"],
    "aws_ecs_task_set": ["launch_type", "capacity_provider_strategy", "scale"],
    "aws_elastic_beanstalk_environment": ["setting"],
    "aws_lambda_provisioned_concurrency_config": ["provisioned_concurrent_executions"],
    "aws_lightsail_instance": ["bundle_id"],
    "aws_spot_instance_request": ["instance_type", "root_block_device", "ebs_block_device"],
    "aws_emr_cluster": [
        "master_instance_group",
        "core_instance_group",
        "master_instance_fleet",
        "core_instance_fleet",
    ],
    "aws_emr_instance_group": ["instance_type", "instance_count", "bid_price", "ebs_config"],
    "aws_emr_instance_fleet": [
        "target_on_demand_capacity",
        "target_spot_capacity",
        "instance_type_configs",
    ],
    "aws_batch_compute_environment": ["type", "compute_resources"],
}

USAGE: dict[str, Any] = {
    "instances": "many",
    "operating_system": 7,
    "monthly_hrs": "x",
    "monthly_cpu_credit_hrs": [],
    "vcpu_count": None,
    "monthly_requests": "lots",
    "request_duration_ms": -1,
    "monthly_gb": {},
    "monthly_pod_hours": "1e3",
}


def _view(
    rtype: str, values: dict[str, Any], unknown: frozenset[str] = frozenset()
) -> ResourceView:
    resource = Resource(
        address=f"{rtype}.odd",
        type=rtype,
        name="odd",
        attributes=Attributes(values, unknown),
        region="us-east-1",
        references={"launch_template.0.id": ("aws_launch_template.gone",)},
    )
    return ResourceView(resource=resource, usage=USAGE, others={})


def test_every_compute_type_is_covered() -> None:
    assert set(ATTRIBUTES) == set(TYPES)


@pytest.mark.parametrize("rtype", sorted(ATTRIBUTES))
def test_odd_values_do_not_raise(rtype: str) -> None:
    for attribute in ATTRIBUTES[rtype]:
        for value in ODD_VALUES:
            components = TYPES[rtype].price(_view(rtype, {attribute: value}))
            assert isinstance(components, list), (attribute, value)


@pytest.mark.parametrize("rtype", sorted(ATTRIBUTES))
def test_everything_unknown_does_not_raise(rtype: str) -> None:
    unknown = frozenset(ATTRIBUTES[rtype])
    components = TYPES[rtype].price(_view(rtype, {}, unknown))
    assert isinstance(components, list)


@pytest.mark.parametrize("rtype", sorted(ATTRIBUTES))
def test_odd_nested_blocks_do_not_raise(rtype: str) -> None:
    nested: dict[str, Any] = {
        name: [
            {
                "volume_size": "x",
                "ebs": [None],
                "override": "y",
                "cpu_credits": 3,
                "desired_size": "z",
                "size": [],
                "base": "b",
                "weight": None,
                "capacity_provider": 5,
                "launch_template": [{"override": [{}]}],
            }
        ]
        for name in ATTRIBUTES[rtype]
    }
    assert isinstance(TYPES[rtype].price(_view(rtype, nested)), list)
