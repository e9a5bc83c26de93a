"""The types added with pricing-data-extra on a genuine plan (tests/fixtures/plans/
extra_services, made by terraform 1.11 and the AWS provider 5.100): every resource is priced,
free, usage based or honestly unknown, never an error; with the fixture's usage file the
usage-based lines are priced as checked by hand below.

Unit prices (pricing-data-extra, us-east-1, QP 2025-06-18 unless said): OpenSearch r6g.large.search
0.167 and m6g.large.search 0.128 Hrs; Client VPN association 0.1 and connection 0.05 Hrs; Network
Firewall endpoint 0.395 Hrs and 0.065/GB; Resolver ENI 0.125 Hrs; Private CA 400/month,
certificates 0.75 (first 1,000) and 0.35 (next 9,000); WAF ACL 5, rule 1, request 0.0000006;
CloudTrail data event 0.000001; Config rule evaluation 0.001 (first 100,000); Glue 0.44 per
DPU-hour, catalog 0.00001 per object-month and 0.000001 per request; Step Functions transition
0.000025, express request 0.000001, GB-second 0.00001667 (first 3.6M); Route 53 non-AWS health
check 0.75 and its optional feature 2 a month.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.estimate import estimate_plan
from checker.model import Estimate, Plan
from checker.plan.loader import load_plan_file
from checker.usage import EMPTY_USAGE, UsageFile, load_usage_file
from tests.helpers import catalog
from tests.pricers.plan_outcomes import assert_priced_without_errors, fresh_plan, outcomes
from tests.terraform_tools import FIXTURES

FIXTURE = FIXTURES / "extra_services"

EXPECTED = {
    "aws_acmpca_certificate_authority.internal": ("priced", "400"),  # certificates: usage
    "aws_cloudtrail.audit": ("usage", "0"),
    "aws_config_config_rule.encrypted_volumes": ("usage", "0"),
    "aws_ec2_client_vpn_endpoint.staff": ("usage", "0"),
    "aws_ec2_client_vpn_network_association.staff[0]": ("priced", "73"),  # 730 x 0.1
    "aws_ec2_client_vpn_network_association.staff[1]": ("priced", "73"),
    "aws_glue_catalog_database.lake": ("usage", "0"),
    "aws_glue_crawler.lake": ("usage", "0"),
    "aws_glue_job.etl": ("usage", "0"),
    "aws_glue_job.report": ("usage", "0"),
    "aws_networkfirewall_firewall.main": ("priced", "576.7"),  # 2 endpoints x 730 x 0.395
    "aws_networkfirewall_firewall_policy.main": ("free", "0"),
    # 3 x 730 x 0.167 + 3 x 730 x 0.128; the gp3 storage has no offline price
    "aws_opensearch_domain.logs": ("unknown", "646.05"),
    "aws_route53_health_check.api": ("unknown", "0"),  # endpoint_type is usage
    # 2 ENIs x 730 x 0.125; the catalog has no us-east-1 DNS-Queries product
    "aws_route53_resolver_endpoint.outbound": ("unknown", "182.5"),
    "aws_sfn_state_machine.events": ("usage", "0"),
    "aws_sfn_state_machine.orders": ("usage", "0"),
    "aws_wafv2_web_acl.edge": ("priced", "7"),  # ACL 5 + 2 rules
    # From the original data (QP 2025-06-18): Kafka.m5.large 0.21 Hrs, GP2 0.1 GB-Mo; shard-hour
    # 0.015, PUT unit 0.000000014; on-demand stream-hour 0.04, ingest 0.08/GB; ra3.xlplus 1.086
    # Hrs; ECR 0.1 GB-Mo; REST request 0.0000035.
    "aws_msk_cluster.events": ("priced", "406.6"),  # 2 x 730 x 0.21 + 2 x 500 GB x 0.1
    "aws_kinesis_stream.clicks": ("priced", "21.9"),  # 2 shards x 730 x 0.015
    "aws_kinesis_stream.audit": ("priced", "29.2"),  # 730 x 0.04
    # 2 x 730 x 1.086; RA3 managed storage is usage (no usage file here): it waits for one
    "aws_redshift_cluster.warehouse": ("priced", "1585.56"),
    "aws_ecr_repository.app": ("usage", "0"),
    "aws_api_gateway_rest_api.public": ("usage", "0"),
    # db.r5.large General Purpose 0.277 Hrs (the cluster leaves storage_type to AWS: standard)
    "aws_docdb_cluster_instance.docs[0]": ("priced", "202.21"),
    "aws_docdb_cluster_instance.docs[1]": ("priced", "202.21"),
    "aws_docdb_cluster.docs": ("usage", "0"),
}

WITH_USAGE = {
    **EXPECTED,
    "aws_acmpca_certificate_authority.internal": ("priced", "1500"),  # 400 + 750 + 350
    "aws_cloudtrail.audit": ("priced", "3"),  # 0 extra copies; 30 x $0.10 per 100k
    "aws_config_config_rule.encrypted_volumes": ("priced", "50"),  # 50,000 x 0.001
    "aws_ec2_client_vpn_endpoint.staff": ("priced", "200"),  # 4,000 h x 0.05
    "aws_glue_catalog_database.lake": ("priced", "7"),  # 5 x $1 + 2 x $1
    "aws_glue_crawler.lake": ("priced", "8.8"),  # 20 DPU-h x 0.44
    "aws_glue_job.etl": ("priced", "132"),  # 10 G.1X workers x 30 h x 0.44
    "aws_glue_job.report": ("priced", "2.75"),  # Python shell 0.0625 DPU x 100 h x 0.44
    "aws_networkfirewall_firewall.main": ("priced", "706.7"),  # + 2,000 GB x 0.065
    "aws_route53_health_check.api": ("priced", "2.75"),  # non-AWS 0.75 + HTTPS feature 2
    # 5M x $1 per 1M + 5M x 0.8 s x 64/1024 GB = 250,000 GB-s x 0.00001667
    "aws_sfn_state_machine.events": ("priced", "9.1675"),
    "aws_sfn_state_machine.orders": ("priced", "50"),  # 2,000 x $0.025 per 1K
    "aws_wafv2_web_acl.edge": ("priced", "37"),  # + 50 x $0.60 per 1M
    "aws_kinesis_stream.clicks": ("priced", "22.04"),  # + 10 x $0.014 per 1M PUT units
    "aws_kinesis_stream.audit": ("priced", "33.2"),  # + 50 GB x 0.08
    "aws_ecr_repository.app": ("priced", "2"),  # 20 GB x 0.1
    "aws_api_gateway_rest_api.public": ("priced", "35"),  # 10 x $3.50 per 1M
    "aws_docdb_cluster.docs": ("priced", "14"),  # 100 GB x 0.1 + 20 x $0.20 per 1M I/O
}


def _estimate(plan: Plan, usage: UsageFile = EMPTY_USAGE) -> Estimate:
    return estimate_plan(plan, catalog(), usage=usage)


def test_cached_plan_prices_as_expected() -> None:
    estimate = _estimate(load_plan_file(FIXTURE / "plan.json"))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
    assert_priced_without_errors(estimate)
    unsupported = [r.change.address for r in estimate.resources if r.status == "unsupported"]
    assert unsupported == []


def test_cached_plan_with_the_usage_file() -> None:
    usage = load_usage_file(FIXTURE / "usage.yml")
    estimate = _estimate(load_plan_file(FIXTURE / "plan.json"), usage)
    assert outcomes(estimate, only=WITH_USAGE) == WITH_USAGE
    domain = next(r for r in estimate.resources if r.change.address == "aws_opensearch_domain.logs")
    assert domain.current is not None
    storage = next(c for c in domain.current.components if c.name == "Storage (gp3)")
    assert storage.monthly_quantity == Decimal(300)  # 3 data nodes x 100 GB


@pytest.mark.terraform
def test_fresh_plan_from_terraform(tmp_path: Path) -> None:
    estimate = _estimate(fresh_plan(FIXTURE, tmp_path))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
