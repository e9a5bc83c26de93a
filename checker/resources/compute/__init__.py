"""Priced types of the compute group: one module per resource type (its ``price``
function and ``USAGE`` schema), mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import PricedType, Pricer
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

TYPES: Mapping[str, PricedType] = {
    "aws_instance": PricedType(aws_instance.price, aws_instance.USAGE),
    "aws_ebs_volume": PricedType(aws_ebs_volume.price, aws_ebs_volume.USAGE),
    "aws_ebs_snapshot": PricedType(aws_ebs_snapshot.price, aws_ebs_snapshot.USAGE),
    "aws_autoscaling_group": PricedType(aws_autoscaling_group.price, aws_autoscaling_group.USAGE),
    "aws_eks_cluster": PricedType(aws_eks_cluster.price, aws_eks_cluster.USAGE),
    "aws_eks_node_group": PricedType(aws_eks_node_group.price, aws_eks_node_group.USAGE),
    "aws_eks_fargate_profile": PricedType(
        aws_eks_fargate_profile.price, aws_eks_fargate_profile.USAGE
    ),
    "aws_ecs_service": PricedType(aws_ecs_service.price, aws_ecs_service.USAGE),
    "aws_lambda_function": PricedType(aws_lambda_function.price, aws_lambda_function.USAGE),
}

PRICERS: Mapping[str, Pricer] = {rtype: t.price for rtype, t in TYPES.items()}
