"""aws_cognito_user_pool: monthly active users by tier (no Cognito prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import reason
from tests.pricers.uncatalogued import assert_not_in_catalog


def test_essentials_by_default() -> None:
    priced = price(
        make_resource("aws_cognito_user_pool", {"name": "users"}),
        usage={"monthly_active_users": 20_000},
    )
    assert_golden("aws_cognito_user_pool/essentials", golden_rows(priced))
    assert_not_in_catalog(
        priced, "AmazonCognito", {"Monthly active users (essentials)": Decimal(20_000)}
    )


def test_plus_tier_is_unknown_with_the_reason() -> None:
    priced = price(make_resource("aws_cognito_user_pool", {"user_pool_tier": "PLUS"}))
    assert "PLUS tier" in reason(priced, "Monthly active users (plus)")
