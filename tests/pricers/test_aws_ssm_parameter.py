"""aws_ssm_parameter: advanced-tier storage and API interactions (advanced parameters, or higher
throughput). The catalog holds no Systems Manager prices: components are named, unknown with the
catalog's reason."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason


def test_standard_parameter_costs_nothing() -> None:
    priced = price(make_resource("aws_ssm_parameter", {"tier": "Standard", "type": "String"}))
    assert names(priced) == []


def test_advanced_parameter_in_catalog_mode() -> None:
    priced = price(
        make_resource("aws_ssm_parameter", {"tier": "Advanced"}),
        usage={"api_throughput_limit": "higher", "monthly_api_interactions": 50_000},
    )
    assert_golden("aws_ssm_parameter/advanced", golden_rows(priced))
    assert names(priced) == ["Parameter storage (advanced)", "API interactions (higher)"]
    assert component(priced, "Parameter storage (advanced)").monthly_quantity == Decimal(730)
    assert component(priced, "API interactions (higher)").monthly_quantity == 5
    for name in names(priced):
        assert "no prices for service 'AWSSystemsManager'" in reason(priced, name)
    assert priced.status == "unknown"


def test_advanced_parameter_interactions_without_a_throughput_setting() -> None:
    # As Infracost's golden case: an advanced parameter's interactions are billed regardless.
    priced = price(
        make_resource("aws_ssm_parameter", {"tier": "Advanced"}),
        usage={"monthly_api_interactions": 100_000},
    )
    assert names(priced) == ["Parameter storage (advanced)", "API interactions (advanced)"]
    assert component(priced, "API interactions (advanced)").monthly_quantity == Decimal(10)


def test_standard_parameter_at_higher_throughput() -> None:
    priced = price(
        make_resource("aws_ssm_parameter", {"tier": "Standard"}),
        usage={"api_throughput_limit": "higher", "monthly_api_interactions": 20_000},
    )
    assert names(priced) == ["API interactions (higher)"]


def test_storage_hours_from_usage() -> None:
    priced = price(
        make_resource("aws_ssm_parameter", {"tier": "Advanced"}),
        usage={"parameter_storage_hrs": 100},
    )
    storage = component(priced, "Parameter storage (advanced)")
    assert storage.monthly_quantity == Decimal(100)
    # Fewer hours than the always-on month the parameter exists: a stated assumption.
    assert storage.assumption == (
        "parameter_storage_hrs 100 from the usage file (always-on: 730 hours a month)"
    )
    whole_month = price(make_resource("aws_ssm_parameter", {"tier": "Advanced"}))
    assert component(whole_month, "Parameter storage (advanced)").assumption is None


def test_intelligent_tiering_is_unknown_with_the_reason() -> None:
    priced = price(make_resource("aws_ssm_parameter", {"tier": "Intelligent-Tiering"}))
    assert "Intelligent-Tiering" in reason(priced, "Parameter storage (advanced)")


def test_a_tier_that_is_not_one_of_the_three() -> None:
    priced = price(make_resource("aws_ssm_parameter", {"tier": "Premium"}))
    assert "not one of" in reason(priced, "Parameter storage (advanced)")
