"""aws_cloudwatch_dashboard: one dashboard a month; no dashboard price in the catalog."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, reason


def test_dashboard_is_named_and_unknown_in_catalog_mode() -> None:
    priced = price(make_resource("aws_cloudwatch_dashboard", {"dashboard_name": "ops"}))
    assert_golden("aws_cloudwatch_dashboard/default", golden_rows(priced))
    assert component(priced, "Dashboard").monthly_quantity == Decimal(1)
    assert "DashboardsUsageHour" in reason(priced, "Dashboard")
    assert priced.status == "unknown"
