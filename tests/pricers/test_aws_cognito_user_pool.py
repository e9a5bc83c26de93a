"""aws_cognito_user_pool: monthly active users by tier (no Cognito prices in the catalog)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason
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


def test_tier_the_provider_computes_is_awss_default() -> None:
    # HCL and plans leave an unset user_pool_tier unknown (the provider computes it): that is
    # AWS's default tier, not an unknown one. One set from something unknown stays unknown.
    computed = price(make_resource("aws_cognito_user_pool", {}, unknown=["user_pool_tier"]))
    assert names(computed) == ["Monthly active users (essentials)"]
    assert computed.status == "usage"
    referred = replace(
        make_resource("aws_cognito_user_pool", {}, unknown=["user_pool_tier"]),
        configured_references=frozenset({"user_pool_tier"}),
    )
    assert names(price(referred)) == ["Monthly active users (unknown tier)"]


def test_users_are_usage_whatever_the_catalog_holds() -> None:
    # No usage file: the line waits for one (usage), although the catalog has no Cognito price.
    priced = price(make_resource("aws_cognito_user_pool", {"name": "users"}))
    assert priced.status == "usage"
    line = component(priced, "Monthly active users (essentials)")
    assert line.usage_based and line.monthly_cost is None
    assert "monthly_active_users" in reason(priced, "Monthly active users (essentials)")
    none = price(
        make_resource("aws_cognito_user_pool", {"name": "users"}), usage={"monthly_active_users": 0}
    )
    assert none.monthly_cost == Decimal(0)
