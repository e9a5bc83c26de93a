"""Pricers for the services group: one module per resource type, mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import Pricer
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

PRICERS: Mapping[str, Pricer] = {
    "aws_api_gateway_rest_api": aws_api_gateway_rest_api.price,
    "aws_api_gateway_stage": aws_api_gateway_stage.price,
    "aws_cloudwatch_log_group": aws_cloudwatch_log_group.price,
    "aws_cloudwatch_metric_alarm": aws_cloudwatch_metric_alarm.price,
    "aws_ecr_repository": aws_ecr_repository.price,
    "aws_efs_file_system": aws_efs_file_system.price,
    "aws_kms_key": aws_kms_key.price,
    "aws_s3_bucket": aws_s3_bucket.price,
    "aws_secretsmanager_secret": aws_secretsmanager_secret.price,
    "aws_sfn_state_machine": aws_sfn_state_machine.price,
    "aws_sns_topic": aws_sns_topic.price,
    "aws_sqs_queue": aws_sqs_queue.price,
}
