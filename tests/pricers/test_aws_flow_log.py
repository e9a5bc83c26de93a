"""aws_flow_log: flow log records priced as CloudWatch vended logs, by the destination type
(CloudWatch Logs by default, S3, Data Firehose), over the catalog's volume tiers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.model import Price, PriceQuery
from checker.pipeline import InputOptions, estimate_input
from tests.helpers import REPO, assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

NETWORK = REPO / "tests" / "fixtures" / "plans" / "public_network"
VPC = {"vpc_id": "vpc-1", "traffic_type": "ALL", "max_aggregation_interval": 600}


def _flow_log(values: dict[str, Any], gb: int | None = None, **kwargs: Any) -> Any:
    usage = {"monthly_gb": gb} if gb is not None else None
    return price(make_resource("aws_flow_log", {**VPC, **values}, **kwargs), usage=usage)


def _vended(group: str, usagetype: str, region: str = "us-east-1") -> Price:
    """The catalog's tiered price (never typed here)."""
    query = PriceQuery.of(
        "AmazonCloudWatch", region, "Data Payload", group=group, usagetype=usagetype
    )
    found = catalog().lookup([query])[query]
    assert isinstance(found, Price)
    return found


def test_cloudwatch_logs_by_default_over_the_volume_tiers() -> None:
    # 40 TB: 10 TB at the first tier, 20 TB at the second, 10 TB at the third.
    priced = _flow_log({}, gb=40_960)
    assert_golden("aws_flow_log/cloudwatch_default", golden_rows(priced))
    tiers = _vended("Ingested Logs", "VendedLog-Bytes").tiers
    assert len(tiers) == 4
    assert priced.monthly_cost == (
        10_240 * tiers[0].usd + 20_480 * tiers[1].usd + 10_240 * tiers[2].usd
    )
    assert priced.status == "priced"


def test_s3_destination_and_its_region() -> None:
    values = {"log_destination_type": "s3", "log_destination": "arn:aws:s3:::flow-logs"}
    priced = _flow_log(values, gb=100, region="eu-west-1")
    line = component(priced, "Flow logs delivered (S3) (first 10,240 GB)")
    eu = _vended("Delivered Logs", "S3-Egress-Bytes", "eu-west-1").tiers[0].usd
    assert line.unit_price == eu
    assert line.unit_price != _vended("Delivered Logs", "S3-Egress-Bytes").tiers[0].usd
    assert priced.monthly_cost == 100 * eu


def test_firehose_destination() -> None:
    priced = _flow_log({"log_destination_type": "kinesis-data-firehose"}, gb=10)
    first = _vended("Delivered Logs", "FH-Egress-Bytes").tiers[0].usd
    assert monthly(priced, "Flow logs delivered (Firehose) (first 10,240 GB)") == 10 * first


def test_no_usage_waits_for_it() -> None:
    priced = _flow_log({"log_destination_type": "cloud-watch-logs"})
    assert names(priced) == ["Flow logs delivered (CloudWatch Logs)"]
    assert priced.status == "usage"


def test_parquet_to_s3_is_named_and_unknown_given_a_quantity() -> None:
    values = {"log_destination_type": "s3", "destination_options": [{"file_format": "parquet"}]}
    assert names(_flow_log(values)) == [
        "Flow logs delivered (S3)",
        "Conversion to Apache Parquet",
    ]
    priced = _flow_log(values, gb=100)
    assert priced.status == "unknown"
    assert "Parquet" in reason(priced, "Conversion to Apache Parquet")
    plain = {"log_destination_type": "s3", "destination_options": [{"file_format": "plain-text"}]}
    assert names(_flow_log(plain, gb=100)) == ["Flow logs delivered (S3) (first 10,240 GB)"]


def test_a_destination_type_without_a_price_is_unknown_saying_so() -> None:
    priced = _flow_log({"log_destination_type": "x" * 500}, gb=10)
    assert priced.status == "unknown"
    why = reason(priced, "Flow logs delivered")
    assert "has no vended-log price" in why
    assert "cloud-watch-logs, s3, kinesis-data-firehose" in why
    assert len(why) < 400  # the input is clipped


def test_a_destination_type_known_only_after_apply_is_unknown() -> None:
    resource = make_resource(
        "aws_flow_log",
        VPC,
        unknown=["log_destination_type"],
        references={"log_destination_type": ("random_shuffle.kind",)},
    )
    priced = price(resource, usage={"monthly_gb": 10})
    assert priced.status == "unknown"
    assert component(priced, "Flow logs delivered").monthly_cost is None


@pytest.mark.parametrize("mode", ["hcl", "plan"])
def test_the_vpc_modules_flow_log_in_plan_and_hcl_mode(mode: str, tmp_path: Path) -> None:
    # terraform-aws-modules/vpc's flow log (enable_flow_log, to its own CloudWatch log group).
    usage = tmp_path / "usage.yml"
    usage.write_text(
        "version: 0.1\nresource_usage:\n  module.vpc.aws_flow_log.this[0]:\n    monthly_gb: 100\n"
    )
    path = NETWORK if mode == "hcl" else NETWORK / "plan.json"
    options = InputOptions(usage_file=usage, environ={})
    estimate, diagnostics = estimate_input(path, options, source=catalog())
    assert [d.render() for d in diagnostics] == []
    (flow_log,) = [r for r in estimate.resources if r.change.type == "aws_flow_log"]
    assert flow_log.status == "priced"
    first = _vended("Ingested Logs", "VendedLog-Bytes").tiers[0].usd
    assert flow_log.monthly_cost == 100 * first
