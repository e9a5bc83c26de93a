"""Issue #12's named types never raise, whatever attribute and usage values they are given:
each gives a list of components whose quantities are unknown or finite and non-negative, and
whose queries carry only strings (a query is sent to AWS as it is)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.model import Attributes, CostComponent, Missing, PriceQuery, Resource
from checker.resources import TYPES
from checker.resources.base import ResourceView

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

# Thousands of characters, control and bidi characters among them, sometimes after a word a
# pricer knows: a reason quoting such a value must stay bounded (clip()).
long_text = st.builds(
    lambda head, chunk, times: head + chunk * times,
    st.sampled_from(["", "us-west-2", "redis", "db.r6g.large", "S3", "FARGATE", "eu-west-2 "]),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8)
    | st.sampled_from(["\x1b[2J", "\u202e", "\x00", "\n", "[x](http://evil) @octo "]),
    st.integers(min_value=500, max_value=5_000),
)
scalars = st.one_of(
    long_text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        ["redis", "valkey", "VALKEY", "free", "advanced", "1Gbps", "400Gbps", "50Mbps", "EqDC2"]
    ),
    st.sampled_from(
        ["PERSISTENT_1", "PERSISTENT_2", "SCRATCH_2", "MULTI_AZ_2", "SINGLE_AZ_2", "HDD", "READ"]
    ),
    st.sampled_from(["USER_PROVISIONED", "hosted", "dedicated", "db.r6g.large", "", " "]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                ["data_storage", "maximum", "minimum", "unit", "mode", "iops", "ecpu_per_second"]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=8,
)


@given(rtype=st.sampled_from(sorted(READS)), data=st.data(), unknown=st.booleans())
def test_issue12_pricers_never_raise(rtype: str, data: st.DataObject, unknown: bool) -> None:
    reads = READS[rtype]
    attributes: dict[str, Any] = {name: data.draw(values, label=name) for name in reads}
    usage: dict[str, Any] = {
        key.name: data.draw(values, label=key.name)
        for key in TYPES[rtype].usage
        if key.priced and data.draw(st.booleans(), label=f"use {key.name}")
    }
    resource = Resource(
        address=f"{rtype}.fuzz",
        type=rtype,
        name="fuzz",
        attributes=Attributes(attributes, frozenset(reads) if unknown else frozenset()),
        region="us-east-1",
    )
    view = ResourceView(resource, usage=usage, schema=TYPES[rtype].usage)
    components = TYPES[rtype].price(view)
    assert isinstance(components, list)
    assert all(isinstance(c, CostComponent) for c in components)
    for component in components:
        quantity = component.monthly_quantity
        assert isinstance(quantity, Missing) or (quantity.is_finite() and quantity >= 0)
        if isinstance(component.query, PriceQuery):
            assert all(isinstance(v, str) for _, v in component.query.attributes)
            assert len(component.query.region) <= MAX_REGION
        for unknown_value in (quantity, component.query):
            if isinstance(unknown_value, Missing):
                assert len(unknown_value.reason) <= MAX_REASON, unknown_value.reason[:300]


# A reason quotes input only clipped (200 characters): a few hundred characters at most.
MAX_REASON = 700
MAX_REGION = 30
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
    assert set(READS) == ISSUE12_TYPES
    assert set(TYPES) >= ISSUE12_TYPES
