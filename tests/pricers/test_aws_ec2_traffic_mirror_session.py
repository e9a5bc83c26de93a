"""aws_ec2_traffic_mirror_session: session hours (no traffic mirroring price in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, reason


def test_session_hours() -> None:
    priced = price(make_resource("aws_ec2_traffic_mirror_session", {"session_number": 1}))
    assert_golden("aws_ec2_traffic_mirror_session/default", golden_rows(priced))
    assert component(priced, "Traffic mirror").monthly_quantity == Decimal(730)
    assert "ENI-Mirror" in reason(priced, "Traffic mirror")
