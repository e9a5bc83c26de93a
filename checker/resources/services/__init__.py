"""Priced types of the services group: one module per resource type (its ``price``
function and ``USAGE`` schema), mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import PricedType, Pricer
from checker.resources.services import (
    aws_api_gateway_rest_api,
    aws_api_gateway_stage,
    aws_cloudwatch_log_group,
    aws_cloudwatch_metric_alarm,
    aws_ecr_repository,
    aws_efs_file_system,
    aws_kms_key,
    aws_s3_bucket,
    aws_secretsmanager_secret,
    aws_sfn_state_machine,
    aws_sns_topic,
    aws_sqs_queue,
)

TYPES: Mapping[str, PricedType] = {
    "aws_api_gateway_rest_api": PricedType(
        aws_api_gateway_rest_api.price, aws_api_gateway_rest_api.USAGE
    ),
    "aws_api_gateway_stage": PricedType(aws_api_gateway_stage.price, aws_api_gateway_stage.USAGE),
    "aws_cloudwatch_log_group": PricedType(
        aws_cloudwatch_log_group.price, aws_cloudwatch_log_group.USAGE
    ),
    "aws_cloudwatch_metric_alarm": PricedType(
        aws_cloudwatch_metric_alarm.price, aws_cloudwatch_metric_alarm.USAGE
    ),
    "aws_ecr_repository": PricedType(aws_ecr_repository.price, aws_ecr_repository.USAGE),
    "aws_efs_file_system": PricedType(aws_efs_file_system.price, aws_efs_file_system.USAGE),
    "aws_kms_key": PricedType(aws_kms_key.price, aws_kms_key.USAGE),
    "aws_s3_bucket": PricedType(aws_s3_bucket.price, aws_s3_bucket.USAGE),
    "aws_secretsmanager_secret": PricedType(
        aws_secretsmanager_secret.price, aws_secretsmanager_secret.USAGE
    ),
    "aws_sfn_state_machine": PricedType(aws_sfn_state_machine.price, aws_sfn_state_machine.USAGE),
    "aws_sns_topic": PricedType(aws_sns_topic.price, aws_sns_topic.USAGE),
    "aws_sqs_queue": PricedType(aws_sqs_queue.price, aws_sqs_queue.USAGE),
}

PRICERS: Mapping[str, Pricer] = {rtype: t.price for rtype, t in TYPES.items()}
