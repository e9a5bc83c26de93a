"""aws_cloudtrail: additional management copies, data events, Insights events (100k events).

Prices read from pricing-data-extra (QP processed/cloudtrail.json, 2025-06-18, us-east-1):
"Management Paid Events Recorded" 0.00002, "Data Events Recorded" 0.000001, "Insights Events"
0.0000035 (per event).
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, names, reason

DATA_AND_INSIGHTS = {
    "event_selector": [{"data_resource": [{"type": "AWS::S3::Object", "values": ["arn:x"]}]}],
    "insight_selector": [{"insight_type": "ApiCallRateInsight"}],
}


def test_data_and_insights_events_from_usage() -> None:
    usage = {
        "monthly_additional_management_events": 500_000,
        "monthly_data_events": 1_000_000,
        "monthly_insight_events": 200_000,
    }
    priced = price(make_resource("aws_cloudtrail", DATA_AND_INSIGHTS), usage=usage)
    assert_golden("aws_cloudtrail/all_events", golden_rows(priced))
    assert monthly(priced, "Management events (additional copies)") == Decimal("10")  # 5 x $2
    assert monthly(priced, "Data events") == Decimal("1")  # 10 x $0.10
    assert monthly(priced, "Insights events") == Decimal("0.7")  # 2 x $0.35


def test_management_only_trail() -> None:
    priced = price(make_resource("aws_cloudtrail", {"event_selector": [{}]}))
    assert_golden("aws_cloudtrail/management_only", golden_rows(priced))
    assert names(priced) == ["Management events (additional copies)"]
    assert "monthly_additional_management_events" in reason(
        priced, "Management events (additional copies)"
    )


def test_advanced_selectors_select_data_events_by_category() -> None:
    def selector(category: str) -> dict[str, object]:
        field = {"field": "eventCategory", "equals": [category]}
        return {"advanced_event_selector": [{"field_selector": [field]}]}

    data = price(make_resource("aws_cloudtrail", selector("Data")))
    management = price(make_resource("aws_cloudtrail", selector("Management")))
    assert "Data events" in names(data)
    assert "Data events" not in names(management)
