"""The pricers of the types added with pricing-data-extra never raise on odd input.

Attributes and usage come from whoever opened the pull request: any JSON-like value may sit
where a pricer expects a count, a word or a block. Each pricer must name its components and say
why one cannot be priced (a Missing), never raise, and never produce a negative or non-finite
quantity.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import PRICERS
from checker.resources.base import ResourceView
from tests.helpers import make_resource

# The attributes (and nested blocks) each pricer reads, to aim the values where they matter.
READS: dict[str, list[str]] = {
    "aws_opensearch_domain": ["cluster_config", "ebs_options"],
    "aws_elasticsearch_domain": ["cluster_config", "ebs_options"],
    "aws_glue_job": ["command", "execution_class", "number_of_workers", "worker_type",
                     "max_capacity"],
    "aws_glue_crawler": [],
    "aws_glue_catalog_database": [],
    "aws_acmpca_certificate_authority": ["usage_mode"],
    "aws_cloudtrail": ["event_selector", "advanced_event_selector", "insight_selector"],
    "aws_config_config_rule": [],
    "aws_config_configuration_recorder": [],
    "aws_waf_web_acl": ["rules"],
    "aws_wafv2_web_acl": ["rule", "rule_json"],
    "aws_ec2_client_vpn_endpoint": [],
    "aws_ec2_client_vpn_network_association": [],
    "aws_networkfirewall_firewall": ["subnet_mapping"],
    "aws_route53_health_check": ["type", "request_interval", "measure_latency"],
    "aws_route53_resolver_endpoint": ["ip_address"],
    "aws_sfn_state_machine": ["type"],
    "aws_msk_cluster": ["number_of_broker_nodes", "broker_node_group_info"],
    "aws_kinesis_stream": ["shard_count", "stream_mode_details"],
    "aws_redshift_cluster": ["node_type", "number_of_nodes", "cluster_type"],
    "aws_ecr_repository": [],
    "aws_api_gateway_rest_api": [],
    "aws_api_gateway_stage": ["cache_cluster_enabled", "cache_cluster_size"],
    "aws_docdb_cluster": ["storage_type"],
    "aws_kinesis_firehose_delivery_stream": ["extended_s3_configuration", "opensearch_configuration"],
    "aws_docdb_cluster_instance": ["instance_class", "cluster_identifier"],
}  # fmt: skip
BLOCK_KEYS = [
    "instance_type", "instance_count", "dedicated_master_enabled", "dedicated_master_type",
    "dedicated_master_count", "warm_enabled", "warm_type", "warm_count", "ebs_enabled",
    "volume_size", "volume_type", "name", "data_resource", "field_selector", "field", "equals",
    "subnet_id", "instance_type", "storage_info", "ebs_storage_info", "stream_mode",
    "data_format_conversion_configuration", "enabled", "vpc_config", "subnet_ids",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["EXPRESS", "STANDARD", "G.1X", "pythonshell", "FLEX", "HTTPS_STR_MATCH",
                     "10", "gp3", "m5.large.search", "SHORT_LIVED_CERTIFICATE", "Data", "[]",
                     "[{}]", "non_aws", "aws", "kafka.m5.large", "express.m7g.large", "ON_DEMAND",
                     "single-node", "ra3.xlplus", "HTTP", "WEBSOCKET", "iopt1", "db.r5.large", "6.1", "true"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(BLOCK_KEYS), inner, max_size=4),
    ),
    max_leaves=12,
)


# Once per type, not on every draw (as tests/fuzz/test_fuzz_policy.py's field_value).
@functools.cache
def _attributes(rtype: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(READS[rtype] or ["unused"]), values, max_size=5)


@functools.cache
def _usage(rtype: str) -> st.SearchStrategy[dict[str, Any]]:
    schema = PRICERS[rtype].__module__
    names = list(__import__(schema, fromlist=["USAGE"]).USAGE.keys) or ["unused"]
    return st.dictionaries(st.sampled_from(names), scalars, max_size=4)


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, Any], list[str]]:
    rtype = draw(st.sampled_from(sorted(READS)))
    attributes = draw(_attributes(rtype))
    unknown = draw(st.lists(st.sampled_from(sorted(attributes) or ["id"]), max_size=2))
    return rtype, attributes, draw(_usage(rtype)), unknown


@given(cases())
def test_odd_attributes_and_usage_never_raise(
    case: tuple[str, dict[str, Any], dict[str, Any], list[str]],
) -> None:
    rtype, attributes, usage, unknown = case
    resource = make_resource(rtype, attributes, unknown=unknown)
    components = PRICERS[rtype](ResourceView(resource, usage))
    for component in components:
        assert isinstance(component, CostComponent)
        assert isinstance(component.query, (PriceQuery, Missing))
        quantity = component.monthly_quantity
        assert isinstance(quantity, (Decimal, Missing))
        if isinstance(quantity, Decimal):
            assert quantity.is_finite() and quantity >= 0, (component.name, quantity)
        assert len(component.name) < 400  # input text in names is clipped
