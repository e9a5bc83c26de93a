"""The pricers of the types added this round never raise, whatever attribute and usage values
they are given: each gives a list of components (unknown where it must be) whose quantities are
unknown or finite and non-negative.

Attribute values come from the JSON-like values a plan or HCL evaluation can hold (numbers as
numbers or strings, booleans, nulls, lists, nested blocks), at the paths each pricer reads.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.resources import TYPES
from tests.fuzz.pricer_fuzz_support import assert_sane, fuzz_view, json_values

# Each new type and the top-level attributes its pricer reads.
READS: dict[str, tuple[str, ...]] = {
    "aws_ami": ("ebs_block_device",),
    "aws_apigatewayv2_api": ("protocol_type",),
    "aws_ami_copy": ("ebs_block_device", "source_ami_id"),
    "aws_backup_vault": (),
    "aws_cloudwatch_composite_alarm": (),
    "aws_cloudwatch_dashboard": (),
    "aws_cloudwatch_event_bus": (),
    "aws_cloudwatch_metric_stream": (),
    "aws_codebuild_project": ("environment",),
    "aws_cognito_user_pool": ("user_pool_tier",),
    "aws_directory_service_directory": ("type", "edition", "size"),
    "aws_dms_replication_instance": ("replication_instance_class", "allocated_storage", "multi_az"),
    "aws_db_instance_automated_backups_replication": ("source_db_instance_arn",),
    "aws_docdb_cluster": ("storage_type",),
    "aws_ebs_snapshot_copy": ("volume_size", "source_snapshot_id"),
    "aws_ec2_capacity_reservation": (
        "instance_type",
        "instance_platform",
        "instance_count",
        "tenancy",
    ),
    "aws_ec2_host": ("instance_type", "instance_family"),
    "aws_ec2_traffic_mirror_session": (),
    "aws_ec2_transit_gateway_peering_attachment": (),
    "aws_ecs_task_set": ("launch_type", "capacity_provider_strategy", "scale"),
    "aws_elastic_beanstalk_environment": ("setting",),
    "aws_emr_cluster": (
        "master_instance_group",
        "core_instance_group",
        "master_instance_fleet",
        "core_instance_fleet",
    ),
    "aws_emr_instance_group": ("instance_type", "instance_count", "bid_price", "ebs_config"),
    "aws_emr_instance_fleet": (
        "target_on_demand_capacity",
        "target_spot_capacity",
        "instance_type_configs",
    ),
    "aws_fsx_openzfs_file_system": (
        "deployment_type",
        "storage_capacity",
        "throughput_capacity",
        "disk_iops_configuration",
    ),
    "aws_fsx_windows_file_system": (
        "deployment_type",
        "storage_type",
        "storage_capacity",
        "throughput_capacity",
    ),
    "aws_glacier_vault": (),
    "aws_globalaccelerator_accelerator": ("enabled",),
    "aws_kinesisanalyticsv2_application": ("runtime_environment",),
    "aws_lambda_provisioned_concurrency_config": ("provisioned_concurrent_executions",),
    "aws_lightsail_instance": ("bundle_id",),
    "aws_msk_serverless_cluster": (),
    "aws_mq_broker": ("engine_type", "host_instance_type", "deployment_mode", "storage_type"),
    "aws_mwaa_environment": ("environment_class",),
    "aws_neptune_cluster_instance": ("instance_class",),
    "aws_s3_bucket_analytics_configuration": (),
    "aws_sagemaker_endpoint": ("endpoint_config_name",),
    "aws_sagemaker_notebook_instance": ("instance_type",),
    "aws_s3_bucket_inventory": (),
    "aws_spot_instance_request": ("instance_type", "root_block_device", "ebs_block_device"),
    "aws_ssm_parameter": ("tier",),
    "aws_transfer_server": ("protocols",),
}

# Types that bill something whatever their attributes (others, e.g. a Standard SSM parameter,
# can be free and give no component).
ALWAYS_BILLED = frozenset({"aws_apigatewayv2_api", "aws_lightsail_instance"})

values = json_values(
    [
        # Words the pricers compare against, and near misses of them.
        ["0", "-1", "1e3", "Advanced", "FLINK-1_18", "MULTI_AZ_1", "USER_PROVISIONED"],
        ["HTTP", "WEBSOCKET", "http", "small_3_0", "medium_win_3_0", "nano_ipv6_3_0", "_", "", " "],
    ],
    [
        "mode",
        "iops",
        "type",
        "compute_type",
        "value",
        "unit",
        "namespace",
        "name",
        "volume_size",
        "snapshot_id",
        "capacity_provider",
        "weight",
        "base",
        "instance_type",
        "instance_count",
        "ebs_config",
        "size",
        "weighted_capacity",
        "volumes_per_instance",
    ],
    max_leaves=8,
)


@given(
    rtype=st.sampled_from(sorted(READS)),
    data=st.data(),
    unknown=st.booleans(),
)
def test_new_pricers_never_raise(rtype: str, data: st.DataObject, unknown: bool) -> None:
    view = fuzz_view(data, rtype, READS[rtype], values, unknown=unknown)
    components = assert_sane(TYPES[rtype].price(view))
    assert components or rtype not in ALWAYS_BILLED


def test_every_new_type_is_fuzzed() -> None:
    assert ALWAYS_BILLED <= set(READS) <= set(TYPES)
