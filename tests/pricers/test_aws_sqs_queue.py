"""aws_sqs_queue: requests (64 KB chunks), standard or FIFO."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly


def test_standard_queue_without_usage() -> None:
    priced = price(make_resource("aws_sqs_queue", {"fifo_queue": False}))
    assert_golden("aws_sqs_queue/standard", golden_rows(priced))
    # Public list price: $0.40 per 1M standard requests.
    requests = component(priced, "Requests")
    assert requests.unit_price == Decimal("0.4") and requests.usage_based
    assert priced.status == "usage"


def test_payloads_are_billed_in_64_kb_chunks() -> None:
    usage = {"monthly_requests": 10_000_000, "request_size_kb": 100}  # 2 chunks each
    priced = price(make_resource("aws_sqs_queue", {}), usage=usage)
    assert_golden("aws_sqs_queue/chunks", golden_rows(priced))
    assert component(priced, "Requests").monthly_quantity == Decimal(20)
    assert monthly(priced, "Requests") == Decimal("8")


def test_fifo_queue() -> None:
    priced = price(
        make_resource("aws_sqs_queue", {"fifo_queue": True}), usage={"monthly_requests": 1_000_000}
    )
    assert_golden("aws_sqs_queue/fifo", golden_rows(priced))
    assert monthly(priced, "Requests (FIFO)") == Decimal("0.50")  # $0.50 per 1M FIFO requests


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_sqs_queue", {}, region="ap-southeast-6"))
    assert_golden("aws_sqs_queue/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
