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
    "aws_lightsail_instance": PricedType(
        aws_lightsail_instance.price, aws_lightsail_instance.USAGE
    ),
    "aws_instance": PricedType(
        aws_instance.price, aws_instance.USAGE, follows=aws_instance.FOLLOWS
    ),
    "aws_ebs_volume": PricedType(aws_ebs_volume.price, aws_ebs_volume.USAGE),
    "aws_ebs_snapshot": PricedType(
        aws_ebs_snapshot.price, aws_ebs_snapshot.USAGE, follows=aws_ebs_snapshot.FOLLOWS
    ),
    "aws_autoscaling_group": PricedType(
        aws_autoscaling_group.price,
        aws_autoscaling_group.USAGE,
        follows=aws_autoscaling_group.FOLLOWS,
    ),
    "aws_eks_cluster": PricedType(aws_eks_cluster.price, aws_eks_cluster.USAGE),
    "aws_eks_node_group": PricedType(
        aws_eks_node_group.price,
        aws_eks_node_group.USAGE,
        follows=aws_eks_node_group.FOLLOWS,
        effective_values=aws_eks_node_group.effective_values,
    ),
    "aws_eks_fargate_profile": PricedType(
        aws_eks_fargate_profile.price, aws_eks_fargate_profile.USAGE
    ),
    "aws_ecs_service": PricedType(
        aws_ecs_service.price,
        aws_ecs_service.USAGE,
        follows=aws_ecs_service.FOLLOWS,
        follows_on=aws_ecs_service.FOLLOWS_ON,
    ),
    "aws_lambda_function": PricedType(aws_lambda_function.price, aws_lambda_function.USAGE),
    "aws_ami": PricedType(aws_ami.price, aws_ami.USAGE, follows=aws_ami.FOLLOWS),
    "aws_ami_copy": PricedType(
        aws_ami_copy.price, aws_ami_copy.USAGE, follows=aws_ami_copy.FOLLOWS
    ),
    "aws_ebs_snapshot_copy": PricedType(
        aws_ebs_snapshot_copy.price,
        aws_ebs_snapshot_copy.USAGE,
        follows=aws_ebs_snapshot_copy.FOLLOWS,
        follows_on=aws_ebs_snapshot_copy.FOLLOWS_ON,
    ),
    "aws_ec2_capacity_reservation": PricedType(
        aws_ec2_capacity_reservation.price, aws_ec2_capacity_reservation.USAGE
    ),
    "aws_ec2_host": PricedType(aws_ec2_host.price, aws_ec2_host.USAGE),
    "aws_ecs_task_set": PricedType(
        aws_ecs_task_set.price, aws_ecs_task_set.USAGE, follows=aws_ecs_task_set.FOLLOWS
    ),
    "aws_lambda_provisioned_concurrency_config": PricedType(
        aws_lambda_provisioned_concurrency_config.price,
        aws_lambda_provisioned_concurrency_config.USAGE,
        follows=aws_lambda_provisioned_concurrency_config.FOLLOWS,
    ),
    "aws_spot_instance_request": PricedType(
        aws_spot_instance_request.price,
        aws_spot_instance_request.USAGE,
        follows=aws_spot_instance_request.FOLLOWS,
    ),
    "aws_elastic_beanstalk_environment": PricedType(
        aws_elastic_beanstalk_environment.price, aws_elastic_beanstalk_environment.USAGE
    ),
    "aws_emr_cluster": PricedType(aws_emr_cluster.price, aws_emr_cluster.USAGE),
    "aws_emr_instance_fleet": PricedType(
        aws_emr_instance_fleet.price, aws_emr_instance_fleet.USAGE
    ),
    "aws_emr_instance_group": PricedType(
        aws_emr_instance_group.price, aws_emr_instance_group.USAGE
    ),
    # Real-world coverage (issue #12): types the public examples use.
    "aws_batch_compute_environment": PricedType(
        aws_batch_compute_environment.price,
        aws_batch_compute_environment.USAGE,
        defaulted=aws_batch_compute_environment.DEFAULTS,
    ),
}
