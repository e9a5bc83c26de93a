"""aws_sns_topic_data_protection_policy: payload data scanned, a usage line with no nameable
Price List product."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, reason

LINE = "Payload data scanned"
VALUES = {"arn": "arn:aws:sns:us-east-1:123456789012:orders", "policy": "{}"}


def test_waits_for_usage_and_says_why_it_cannot_price_it() -> None:
    priced = price(make_resource("aws_sns_topic_data_protection_policy", VALUES))
    assert_golden("aws_sns_topic_data_protection_policy/no_usage", golden_rows(priced))
    assert priced.status == "usage"
    assert component(priced, LINE).usage_based
    assert "monthly_scanned_gb" in reason(priced, LINE)


def test_data_scanned_is_unknown_and_none_is_free() -> None:
    scanned = price(
        make_resource("aws_sns_topic_data_protection_policy", VALUES),
        usage={"monthly_scanned_gb": 50},
    )
    assert scanned.status == "unknown"
    assert component(scanned, LINE).monthly_quantity == Decimal(50)
    assert "message data protection" in reason(scanned, LINE)
    none = price(
        make_resource("aws_sns_topic_data_protection_policy", VALUES),
        usage={"monthly_scanned_gb": 0},
    )
    assert none.monthly_cost == Decimal(0)
    assert none.status == "priced"
