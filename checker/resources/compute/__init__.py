"""Pricers for the compute group: one module per resource type, mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import Pricer
from checker.resources.compute import (
    aws_autoscaling_group,
    aws_ebs_snapshot,
    aws_ebs_volume,
    aws_ecs_service,
    aws_eks_cluster,
    aws_eks_fargate_profile,
    aws_eks_node_group,
    aws_instance,
    aws_lambda_function,
)

PRICERS: Mapping[str, Pricer] = {
    "aws_instance": aws_instance.price,
    "aws_ebs_volume": aws_ebs_volume.price,
    "aws_ebs_snapshot": aws_ebs_snapshot.price,
    "aws_autoscaling_group": aws_autoscaling_group.price,
    "aws_eks_cluster": aws_eks_cluster.price,
    "aws_eks_node_group": aws_eks_node_group.price,
    "aws_eks_fargate_profile": aws_eks_fargate_profile.price,
    "aws_ecs_service": aws_ecs_service.price,
    "aws_lambda_function": aws_lambda_function.price,
}
