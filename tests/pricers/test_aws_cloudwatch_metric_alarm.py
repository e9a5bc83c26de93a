"""aws_cloudwatch_metric_alarm: alarm metrics by resolution, metric math, anomaly detection."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names

SIMPLE = {"comparison_operator": "GreaterThanThreshold", "metric_name": "CPUUtilization"}


def metric(query_id: str, period: int) -> dict[str, object]:
    return {"id": query_id, "expression": "", "metric": [{"metric_name": "m", "period": period}]}


def test_standard_resolution_alarm() -> None:
    priced = price(make_resource("aws_cloudwatch_metric_alarm", {**SIMPLE, "period": 300}))
    assert_golden("aws_cloudwatch_metric_alarm/standard", golden_rows(priced))
    # Public list price: $0.10 per standard-resolution alarm metric per month.
    assert monthly(priced, "Standard resolution alarm metrics") == Decimal("0.10")


def test_high_resolution_alarm() -> None:
    priced = price(make_resource("aws_cloudwatch_metric_alarm", {**SIMPLE, "period": 10}))
    assert_golden("aws_cloudwatch_metric_alarm/high_resolution", golden_rows(priced))
    assert monthly(priced, "High resolution alarm metrics") == Decimal("0.30")  # $0.30


def test_metric_math_counts_each_metric() -> None:
    queries = [
        {"id": "e1", "expression": "m1+m2", "metric": []},
        metric("m1", 60),
        metric("m2", 10),
    ]
    values = {"comparison_operator": "GreaterThanThreshold", "metric_query": queries}
    priced = price(make_resource("aws_cloudwatch_metric_alarm", values))
    assert_golden("aws_cloudwatch_metric_alarm/metric_math", golden_rows(priced))
    assert component(priced, "Standard resolution alarm metrics").monthly_quantity == 1
    assert component(priced, "High resolution alarm metrics").monthly_quantity == 1


def test_anomaly_detection_counts_three_metrics() -> None:
    queries = [
        {"id": "e1", "expression": "ANOMALY_DETECTION_BAND(m1)", "metric": []},
        metric("m1", 60),
    ]
    values = {"comparison_operator": "GreaterThanUpperThreshold", "metric_query": queries}
    priced = price(make_resource("aws_cloudwatch_metric_alarm", values))
    assert_golden("aws_cloudwatch_metric_alarm/anomaly_detection", golden_rows(priced))
    assert monthly(priced, "Standard resolution alarm metrics") == Decimal("0.30")  # 3 x $0.10


def test_metrics_insights_alarm_is_usage_based() -> None:
    queries = [{"id": "q1", "expression": 'SELECT AVG(CPUUtilization) FROM SCHEMA("AWS/EC2")'}]
    values = {"comparison_operator": "GreaterThanThreshold", "metric_query": queries}
    priced = price(make_resource("aws_cloudwatch_metric_alarm", values))
    assert names(priced) == ["Metrics Insights alarm metrics"]
    assert priced.status == "usage"
    with_usage = price(
        make_resource("aws_cloudwatch_metric_alarm", values), usage={"metrics_insights_metrics": 20}
    )
    assert monthly(with_usage, "Metrics Insights alarm metrics") == Decimal("2.0")


def test_unknown_period() -> None:
    resource = make_resource("aws_cloudwatch_metric_alarm", SIMPLE, unknown=["period"])
    priced = price(resource)
    assert priced.status == "unknown"
    assert "period" in (priced.components[0].unknown_reason or "")


def test_region_the_catalog_lacks() -> None:
    resource = make_resource(
        "aws_cloudwatch_metric_alarm", {**SIMPLE, "period": 60}, region="ap-southeast-6"
    )
    priced = price(resource)
    assert_golden("aws_cloudwatch_metric_alarm/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
