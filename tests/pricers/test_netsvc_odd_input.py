"""Odd attribute and usage values never make a network or services pricer raise: the estimate
would report the resource unknown with "could not price", which these tests rule out."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import make_resource, price
from tests.pricers.components import assert_no_error

CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("aws_eip", {"public_ipv4_pool": None, "customer_owned_ipv4_pool": ""}, {}),
    ("aws_nat_gateway", {"connectivity_type": 3}, {"monthly_data_processed_gb": "lots"}),
    (
        "aws_lb",
        {"subnets": "subnet-a", "subnet_mapping": {}, "internal": "no"},
        {"new_connections": "x"},
    ),
    ("aws_lb", {"minimum_load_balancer_capacity": [{"capacity_units": "ten"}]}, {}),
    ("aws_elb", {}, {"monthly_data_processed_gb": True}),
    ("aws_vpc_endpoint", {"vpc_endpoint_type": ["Interface"], "subnet_ids": None}, {}),
    ("aws_vpc_endpoint", {"vpc_endpoint_type": "Interface", "subnet_ids": []}, {}),
    ("aws_vpn_connection", {"transit_gateway_id": ""}, {}),
    ("aws_route53_zone", {}, {"monthly_standard_queries": -5}),
    ("aws_s3_bucket", {}, {"standard.storage_gb": "1e3", "glacier_deep_archive.storage_gb": None}),
    ("aws_efs_file_system", {"throughput_mode": "provisioned"}, {}),
    ("aws_efs_file_system", {"throughput_mode": 7, "availability_zone_name": 1}, {}),
    ("aws_cloudwatch_log_group", {"retention_in_days": "30", "log_group_class": None}, {}),
    ("aws_cloudwatch_metric_alarm", {"comparison_operator": ["x"], "period": "ten"}, {}),
    ("aws_cloudwatch_metric_alarm", {"metric_query": [{"metric": [{}]}, "junk"]}, {}),
    ("aws_kms_key", {"customer_master_key_spec": 5}, {"monthly_requests": "1000"}),
    ("aws_secretsmanager_secret", {"replica": [{"region": None}, {}]}, {}),
    ("aws_sqs_queue", {"fifo_queue": "true"}, {"monthly_requests": 10, "request_size_kb": "big"}),
    ("aws_sns_topic", {"fifo_topic": "false"}, {"http_subscriptions": "two"}),
]


@pytest.mark.parametrize(("rtype", "values", "usage"), CASES)
def test_odd_values_are_named_not_raised(
    rtype: str, values: dict[str, Any], usage: dict[str, Any]
) -> None:
    priced = price(make_resource(rtype, values), usage=usage)
    assert_no_error(priced)
    for component in priced.components:
        assert component.monthly_cost is not None or component.unknown_reason
