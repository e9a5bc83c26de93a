"""Issue #12's named types never raise, whatever attribute and usage values they are given:
each gives a list of components whose quantities are unknown or finite and non-negative, and
whose queries carry only strings (a query is sent to AWS as it is)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.model import PriceQuery
from checker.resources import TYPES
from tests.fuzz.pricer_fuzz_support import (
    assert_every_type_fuzzed,
    assert_sane,
    fuzz_view,
    json_values,
)

READS: dict[str, tuple[str, ...]] = {
    "aws_memorydb_cluster": (
        "engine",
        "node_type",
        "num_shards",
        "num_replicas_per_shard",
        "data_tiering",
        "snapshot_retention_limit",
    ),
    "aws_elasticache_serverless_cache": (
        "engine",
        "cache_usage_limits",
        "snapshot_retention_limit",
    ),
    "aws_appsync_graphql_api": (),
    "aws_appsync_api_cache": ("type",),
    "aws_vpc_ipam": ("tier",),
    "aws_dx_connection": ("bandwidth", "location"),
    "aws_fsx_lustre_file_system": (
        "storage_capacity",
        "deployment_type",
        "storage_type",
        "per_unit_storage_throughput",
        "drive_cache_type",
    ),
    "aws_fsx_ontap_file_system": (
        "storage_capacity",
        "deployment_type",
        "throughput_capacity",
        "throughput_capacity_per_ha_pair",
        "ha_pairs",
        "disk_iops_configuration",
    ),
}

values = json_values(
    [
        ["redis", "valkey", "VALKEY", "free", "advanced", "1Gbps", "400Gbps", "50Mbps", "EqDC2"],
        ["PERSISTENT_1", "PERSISTENT_2", "SCRATCH_2", "MULTI_AZ_2", "SINGLE_AZ_2", "HDD", "READ"],
        ["USER_PROVISIONED", "hosted", "dedicated", "db.r6g.large", "", " "],
    ],
    ["data_storage", "maximum", "minimum", "unit", "mode", "iops", "ecpu_per_second"],
    max_leaves=8,
    hostile=True,
)


@given(rtype=st.sampled_from(sorted(READS)), data=st.data(), unknown=st.booleans())
def test_issue12_pricers_never_raise(rtype: str, data: st.DataObject, unknown: bool) -> None:
    view = fuzz_view(data, rtype, READS[rtype], values, unknown=unknown)
    for component in assert_sane(TYPES[rtype].price(view), bounded=True):
        # A query is sent to AWS as it is: strings only.
        if isinstance(component.query, PriceQuery):
            assert all(isinstance(v, str) for _, v in component.query.attributes)


# The eight types issue #12 names: each is fuzzed (a type dropped from READS fails here).
ISSUE12_TYPES = frozenset(
    {
        "aws_memorydb_cluster",
        "aws_elasticache_serverless_cache",
        "aws_appsync_graphql_api",
        "aws_appsync_api_cache",
        "aws_vpc_ipam",
        "aws_dx_connection",
        "aws_fsx_lustre_file_system",
        "aws_fsx_ontap_file_system",
    }
)


def test_every_issue12_type_is_fuzzed() -> None:
    assert_every_type_fuzzed(READS, ISSUE12_TYPES)
