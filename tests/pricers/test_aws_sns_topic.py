"""aws_sns_topic: publishes and deliveries; FIFO topics."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names


def test_standard_topic_without_usage() -> None:
    priced = price(make_resource("aws_sns_topic", {"name": "alerts"}))
    assert_golden("aws_sns_topic/no_usage", golden_rows(priced))
    assert names(priced) == ["API requests"]  # no delivery kind named in the usage file
    assert component(priced, "API requests").unit_price == Decimal("0.5")  # $0.50 per 1M
    assert priced.status == "usage"


def test_deliveries_per_subscription() -> None:
    usage = {
        "monthly_requests": 1_000_000,
        "http_subscriptions": 2,
        "email_subscriptions": 1,
        "kinesis_subscriptions": 1,
    }
    priced = price(make_resource("aws_sns_topic", {}), usage=usage)
    assert_golden("aws_sns_topic/deliveries", golden_rows(priced))
    assert monthly(priced, "API requests") == Decimal("0.50")
    # HTTP: 2M deliveries, first 100k free, then $0.60 per 1M: 1.9M x 0.0000006 = $1.14.
    assert monthly(priced, "HTTP/HTTPS notifications (over 100,000 notifications)") == Decimal(
        "1.14"
    )
    # E-mail: first 1,000 free, then $2.00 per 100k: 999,000 x 0.00002 = $19.98.
    assert monthly(priced, "Email/Email-JSON notifications (over 1,000 notifications)") == Decimal(
        "19.98"
    )
    assert monthly(priced, "Kinesis Data Firehose notifications") == Decimal("0.19")


def test_subscription_count_without_requests_is_usage() -> None:
    priced = price(make_resource("aws_sns_topic", {}), usage={"http_subscriptions": 1})
    http = component(priced, "HTTP/HTTPS notifications")
    assert http.monthly_cost is None and "monthly_requests" in (http.unknown_reason or "")


def test_fifo_topic() -> None:
    usage = {"monthly_requests": 1_000_000, "request_size_kb": 1, "sqs_subscriptions": 2}
    priced = price(make_resource("aws_sns_topic", {"fifo_topic": True}), usage=usage)
    assert_golden("aws_sns_topic/fifo", golden_rows(priced))
    assert monthly(priced, "FIFO API requests") == Decimal("0.30")  # $0.30 per 1M
    assert monthly(priced, "FIFO deliveries to SQS") == Decimal("0.02")  # 2M x $0.01 per 1M


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_sns_topic", {}, region="ap-southeast-6"))
    assert_golden("aws_sns_topic/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
