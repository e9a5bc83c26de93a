"""aws_cloudwatch_composite_alarm: a flat monthly fee per composite alarm."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, unit_price


def test_one_composite_alarm_a_month() -> None:
    priced = price(make_resource("aws_cloudwatch_composite_alarm", {"alarm_rule": "ALARM(a)"}))
    assert_golden("aws_cloudwatch_composite_alarm/default", golden_rows(priced))
    # Genuine row: QuinnyPig raw/cloudwatch.json#FXNEUU7HXFXDQXC8.JRTCKXETXF.6YS6EN2CT7
    # ("Alarm Composite", CW:CompositeAlarmMonitorUsage, us-east-1): $0.5 per alarm-month.
    assert unit_price(priced, "Composite alarm") == Decimal("0.5")
    assert monthly(priced, "Composite alarm") == Decimal("0.5")
    assert priced.status == "priced"
