"""aws_globalaccelerator_accelerator: the fixed fee is named, never priced (AWS does not publish
it in the Price List API)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason


def test_fixed_fee_is_unknown_with_the_reason() -> None:
    priced = price(make_resource("aws_globalaccelerator_accelerator", {"enabled": True}))
    assert_golden("aws_globalaccelerator_accelerator/default", golden_rows(priced))
    line = "Global Accelerator fixed fee"
    assert component(priced, line).monthly_quantity == Decimal(730)
    assert "does not publish" in reason(priced, line)


def test_disabled_accelerator_has_no_fixed_fee() -> None:
    priced = price(make_resource("aws_globalaccelerator_accelerator", {"enabled": False}))
    assert names(priced) == []
