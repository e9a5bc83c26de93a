"""Priced types of the compute group: one module per resource type (its ``price``
function and ``USAGE`` schema), mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import PricedType
from checker.resources.compute import (
    aws_ami,
    aws_ami_copy,
    aws_autoscaling_group,
    aws_batch_compute_environment,
    aws_ebs_snapshot,
    aws_ebs_snapshot_copy,
    aws_ebs_volume,
    aws_ec2_capacity_reservation,
    aws_ec2_host,
    aws_ecs_service,
    aws_ecs_task_set,
    aws_eks_cluster,
    aws_eks_fargate_profile,
    aws_eks_node_group,
    aws_elastic_beanstalk_environment,
    aws_emr_cluster,
    aws_emr_instance_fleet,
    aws_emr_instance_group,
    aws_instance,
    aws_lambda_function,
    aws_lambda_provisioned_concurrency_config,
    aws_lightsail_instance,
    aws_spot_instance_request,
)

TYPES: Mapping[str, PricedType] = {
    "aws_lightsail_instance": PricedType.of(aws_lightsail_instance),
    "aws_instance": PricedType.of(aws_instance),
    "aws_ebs_volume": PricedType.of(aws_ebs_volume),
    "aws_ebs_snapshot": PricedType.of(aws_ebs_snapshot),
    "aws_autoscaling_group": PricedType.of(aws_autoscaling_group),
    "aws_eks_cluster": PricedType.of(aws_eks_cluster),
    "aws_eks_node_group": PricedType.of(aws_eks_node_group),
    "aws_eks_fargate_profile": PricedType.of(aws_eks_fargate_profile),
    "aws_ecs_service": PricedType.of(aws_ecs_service),
    "aws_lambda_function": PricedType.of(aws_lambda_function),
    "aws_ami": PricedType.of(aws_ami),
    "aws_ami_copy": PricedType.of(aws_ami_copy),
    "aws_ebs_snapshot_copy": PricedType.of(aws_ebs_snapshot_copy),
    "aws_ec2_capacity_reservation": PricedType.of(aws_ec2_capacity_reservation),
    "aws_ec2_host": PricedType.of(aws_ec2_host),
    "aws_ecs_task_set": PricedType.of(aws_ecs_task_set),
    "aws_lambda_provisioned_concurrency_config": PricedType.of(
        aws_lambda_provisioned_concurrency_config
    ),
    "aws_spot_instance_request": PricedType.of(aws_spot_instance_request),
    "aws_elastic_beanstalk_environment": PricedType.of(aws_elastic_beanstalk_environment),
    "aws_emr_cluster": PricedType.of(aws_emr_cluster),
    "aws_emr_instance_fleet": PricedType.of(aws_emr_instance_fleet),
    "aws_emr_instance_group": PricedType.of(aws_emr_instance_group),
    # Real-world coverage (issue #12): types the public examples use.
    "aws_batch_compute_environment": PricedType.of(aws_batch_compute_environment),
}
