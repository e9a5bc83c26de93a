"""aws_s3_bucket_metric: S3 request metrics, billed as CloudWatch custom metrics (usage: only the
metrics S3 puts data to are billed)."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Price, PriceQuery
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason

LINE = "Request metrics"
VALUES = {"bucket": "logs", "name": "EntireBucket"}


def _metric_price(region: str) -> Price:
    query = PriceQuery.of("AmazonCloudWatch", region, "Metric", usagetype="CW:MetricMonitorUsage")
    found = catalog().lookup([query])[query]
    assert isinstance(found, Price)
    return found


def test_sixteen_metrics_a_month_at_the_custom_metric_price() -> None:
    priced = price(make_resource("aws_s3_bucket_metric", VALUES), usage={"request_metrics": 16})
    assert_golden("aws_s3_bucket_metric/sixteen_metrics", golden_rows(priced))
    first_tier = _metric_price("us-east-1").tiers[0].usd
    assert component(priced, LINE).unit_price == first_tier
    assert monthly(priced, LINE) == 16 * first_tier
    assert priced.status == "priced"


def test_billed_in_the_buckets_region() -> None:
    bucket = make_resource("aws_s3_bucket_metric", VALUES, region="eu-west-1")
    priced = price(bucket, usage={"request_metrics": 4})
    assert monthly(priced, LINE) == 4 * _metric_price("eu-west-1").tiers[0].usd


def test_without_usage_it_waits_for_a_usage_file() -> None:
    priced = price(make_resource("aws_s3_bucket_metric", VALUES))
    assert priced.status == "usage"
    assert "request_metrics" in reason(priced, LINE)
    none = price(make_resource("aws_s3_bucket_metric", VALUES), usage={"request_metrics": 0})
    assert none.monthly_cost == Decimal(0)
