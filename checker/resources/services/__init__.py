"""Priced types of the services group: one module per resource type (its ``price``
function and ``USAGE`` schema), mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import PricedType
from checker.resources.services import (
    aws_api_gateway_rest_api,
    aws_api_gateway_stage,
    aws_apigatewayv2_api,
    aws_appsync_api_cache,
    aws_appsync_graphql_api,
    aws_backup_vault,
    aws_cloudwatch_composite_alarm,
    aws_cloudwatch_dashboard,
    aws_cloudwatch_event_api_destination,
    aws_cloudwatch_event_bus,
    aws_cloudwatch_log_delivery,
    aws_cloudwatch_log_group,
    aws_cloudwatch_metric_alarm,
    aws_cloudwatch_metric_stream,
    aws_codebuild_project,
    aws_cognito_user_pool,
    aws_directory_service_directory,
    aws_ecr_repository,
    aws_efs_file_system,
    aws_efs_replication_configuration,
    aws_fsx_lustre_file_system,
    aws_fsx_ontap_file_system,
    aws_fsx_openzfs_file_system,
    aws_fsx_windows_file_system,
    aws_glacier_vault,
    aws_kinesisanalyticsv2_application,
    aws_kms_external_key,
    aws_kms_key,
    aws_kms_replica_key,
    aws_mq_broker,
    aws_msk_serverless_cluster,
    aws_mwaa_environment,
    aws_s3_bucket,
    aws_s3_bucket_analytics_configuration,
    aws_s3_bucket_inventory,
    aws_s3_bucket_metric,
    aws_sagemaker_endpoint,
    aws_sagemaker_notebook_instance,
    aws_schemas_discoverer,
    aws_secretsmanager_secret,
    aws_sfn_state_machine,
    aws_sns_topic,
    aws_sns_topic_data_protection_policy,
    aws_sqs_queue,
    aws_ssm_parameter,
    aws_transfer_server,
)

TYPES: Mapping[str, PricedType] = {
    "aws_api_gateway_rest_api": PricedType(
        aws_api_gateway_rest_api.price, aws_api_gateway_rest_api.USAGE
    ),
    "aws_apigatewayv2_api": PricedType(aws_apigatewayv2_api.price, aws_apigatewayv2_api.USAGE),
    "aws_api_gateway_stage": PricedType(
        aws_api_gateway_stage.price,
        aws_api_gateway_stage.USAGE,
        defaulted=aws_api_gateway_stage.DEFAULTS,
    ),
    "aws_cloudwatch_log_group": PricedType(
        aws_cloudwatch_log_group.price,
        aws_cloudwatch_log_group.USAGE,
        defaulted=aws_cloudwatch_log_group.DEFAULTS,
    ),
    "aws_cloudwatch_metric_alarm": PricedType(
        aws_cloudwatch_metric_alarm.price, aws_cloudwatch_metric_alarm.USAGE
    ),
    "aws_ecr_repository": PricedType(aws_ecr_repository.price, aws_ecr_repository.USAGE),
    "aws_efs_file_system": PricedType(
        aws_efs_file_system.price, aws_efs_file_system.USAGE, defaulted=aws_efs_file_system.DEFAULTS
    ),
    "aws_kms_key": PricedType(aws_kms_key.price, aws_kms_key.USAGE),
    "aws_kms_external_key": PricedType(aws_kms_external_key.price, aws_kms_external_key.USAGE),
    "aws_kms_replica_key": PricedType(
        aws_kms_replica_key.price, aws_kms_replica_key.USAGE, follows=aws_kms_replica_key.FOLLOWS
    ),
    "aws_s3_bucket": PricedType(aws_s3_bucket.price, aws_s3_bucket.USAGE),
    "aws_secretsmanager_secret": PricedType(
        aws_secretsmanager_secret.price, aws_secretsmanager_secret.USAGE
    ),
    "aws_sfn_state_machine": PricedType(
        aws_sfn_state_machine.price,
        aws_sfn_state_machine.USAGE,
        defaulted=aws_sfn_state_machine.DEFAULTS,
    ),
    "aws_sns_topic": PricedType(aws_sns_topic.price, aws_sns_topic.USAGE),
    "aws_sqs_queue": PricedType(aws_sqs_queue.price, aws_sqs_queue.USAGE),
    "aws_cloudwatch_composite_alarm": PricedType(
        aws_cloudwatch_composite_alarm.price, aws_cloudwatch_composite_alarm.USAGE
    ),
    "aws_cloudwatch_dashboard": PricedType(
        aws_cloudwatch_dashboard.price, aws_cloudwatch_dashboard.USAGE
    ),
    "aws_cloudwatch_event_api_destination": PricedType(
        aws_cloudwatch_event_api_destination.price, aws_cloudwatch_event_api_destination.USAGE
    ),
    "aws_cloudwatch_event_bus": PricedType(
        aws_cloudwatch_event_bus.price,
        aws_cloudwatch_event_bus.USAGE,
        follows_on=aws_cloudwatch_event_bus.FOLLOWS_ON,
    ),
    "aws_cloudwatch_metric_stream": PricedType(
        aws_cloudwatch_metric_stream.price, aws_cloudwatch_metric_stream.USAGE
    ),
    "aws_glacier_vault": PricedType(aws_glacier_vault.price, aws_glacier_vault.USAGE),
    "aws_s3_bucket_analytics_configuration": PricedType(
        aws_s3_bucket_analytics_configuration.price, aws_s3_bucket_analytics_configuration.USAGE
    ),
    "aws_s3_bucket_inventory": PricedType(
        aws_s3_bucket_inventory.price, aws_s3_bucket_inventory.USAGE
    ),
    "aws_ssm_parameter": PricedType(aws_ssm_parameter.price, aws_ssm_parameter.USAGE),
    "aws_backup_vault": PricedType(aws_backup_vault.price, aws_backup_vault.USAGE),
    "aws_codebuild_project": PricedType(aws_codebuild_project.price, aws_codebuild_project.USAGE),
    "aws_directory_service_directory": PricedType(
        aws_directory_service_directory.price, aws_directory_service_directory.USAGE
    ),
    "aws_fsx_openzfs_file_system": PricedType(
        aws_fsx_openzfs_file_system.price, aws_fsx_openzfs_file_system.USAGE
    ),
    "aws_fsx_windows_file_system": PricedType(
        aws_fsx_windows_file_system.price, aws_fsx_windows_file_system.USAGE
    ),
    "aws_kinesisanalyticsv2_application": PricedType(
        aws_kinesisanalyticsv2_application.price, aws_kinesisanalyticsv2_application.USAGE
    ),
    "aws_mq_broker": PricedType(aws_mq_broker.price, aws_mq_broker.USAGE),
    "aws_mwaa_environment": PricedType(aws_mwaa_environment.price, aws_mwaa_environment.USAGE),
    "aws_transfer_server": PricedType(aws_transfer_server.price, aws_transfer_server.USAGE),
    "aws_sagemaker_endpoint": PricedType(
        aws_sagemaker_endpoint.price,
        aws_sagemaker_endpoint.USAGE,
        follows=aws_sagemaker_endpoint.FOLLOWS,
    ),
    "aws_sagemaker_notebook_instance": PricedType(
        aws_sagemaker_notebook_instance.price, aws_sagemaker_notebook_instance.USAGE
    ),
    "aws_cognito_user_pool": PricedType(aws_cognito_user_pool.price, aws_cognito_user_pool.USAGE),
    "aws_msk_serverless_cluster": PricedType(
        aws_msk_serverless_cluster.price, aws_msk_serverless_cluster.USAGE
    ),
    # Issue #12's named types.
    "aws_appsync_graphql_api": PricedType(
        aws_appsync_graphql_api.price, aws_appsync_graphql_api.USAGE
    ),
    "aws_appsync_api_cache": PricedType(aws_appsync_api_cache.price, aws_appsync_api_cache.USAGE),
    "aws_fsx_lustre_file_system": PricedType(
        aws_fsx_lustre_file_system.price, aws_fsx_lustre_file_system.USAGE
    ),
    "aws_fsx_ontap_file_system": PricedType(
        aws_fsx_ontap_file_system.price,
        aws_fsx_ontap_file_system.USAGE,
        defaulted=aws_fsx_ontap_file_system.DEFAULTS,
    ),
    # Real-world coverage (issue #12): types the public examples use.
    "aws_cloudwatch_log_delivery": PricedType(
        aws_cloudwatch_log_delivery.price,
        aws_cloudwatch_log_delivery.USAGE,
        follows=aws_cloudwatch_log_delivery.FOLLOWS,
        follows_on=aws_cloudwatch_log_delivery.FOLLOWS_ON,
    ),
    "aws_efs_replication_configuration": PricedType(
        aws_efs_replication_configuration.price,
        aws_efs_replication_configuration.USAGE,
        defaulted=aws_efs_replication_configuration.DEFAULTS,
    ),
    "aws_s3_bucket_metric": PricedType(aws_s3_bucket_metric.price, aws_s3_bucket_metric.USAGE),
    "aws_schemas_discoverer": PricedType(
        aws_schemas_discoverer.price, aws_schemas_discoverer.USAGE
    ),
    "aws_sns_topic_data_protection_policy": PricedType(
        aws_sns_topic_data_protection_policy.price, aws_sns_topic_data_protection_policy.USAGE
    ),
}
