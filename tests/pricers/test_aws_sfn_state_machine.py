"""aws_sfn_state_machine: standard transitions, express requests and GB-seconds.

Prices read from pricing-data-extra (QP processed/states.json, 2025-06-18, us-east-1):
"AWS Step Functions" StateTransition 0.000025; "Number of Workflow Requests" 0.000001;
"Duration of Workflows from 0 to 3600000" 0.00001667, "from 3600000 to 18000000" 0.00000833,
"over 18000000" 0.00000456 (GB-Second).

Quantities cross-checked with infracost's golden sfn_state_machine_test (its prices, its date):
the same 1,000 / 4,000 GB-hour tier bounds (3.6M / 18M GB-seconds) and 1K-transition unit.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason


def test_standard_transitions() -> None:
    priced = price(
        make_resource("aws_sfn_state_machine", {}), usage={"monthly_transitions": 1_000_000}
    )
    assert_golden("aws_sfn_state_machine/standard", golden_rows(priced))
    assert monthly(priced, "Transitions") == Decimal("25")  # 1,000 x $0.025 per 1K


def test_standard_without_usage_is_usage_based() -> None:
    priced = price(make_resource("aws_sfn_state_machine", {"type": "STANDARD"}))
    assert_golden("aws_sfn_state_machine/standard_no_usage", golden_rows(priced))
    assert priced.status == "usage"
    assert "monthly_transitions" in reason(priced, "Transitions")


def test_express_requests_and_duration_rounded_up() -> None:
    usage = {"monthly_requests": 10_000_000, "workflow_duration_ms": 1450, "memory_mb": 100}
    priced = price(make_resource("aws_sfn_state_machine", {"type": "EXPRESS"}), usage=usage)
    assert_golden("aws_sfn_state_machine/express", golden_rows(priced))
    assert monthly(priced, "Requests") == Decimal("10")
    # 1,450 ms bills as 1.5 s, 100 MB as 128 MB: 10M x 1.5 x 0.125 GB = 1,875,000 GB-s.
    duration = component(priced, "Duration (first 3,600,000 GB-seconds)")
    assert duration.monthly_quantity == Decimal(1_875_000)
    assert duration.monthly_cost == Decimal("31.25625")  # x $0.00001667


def test_express_duration_spreads_over_the_tiers() -> None:
    usage = {"monthly_requests": 100_000_000, "workflow_duration_ms": 1000, "memory_mb": 256}
    priced = price(make_resource("aws_sfn_state_machine", {"type": "EXPRESS"}), usage=usage)
    assert_golden("aws_sfn_state_machine/express_tiers", golden_rows(priced))
    # 100M x 1 s x 0.25 GB = 25,000,000 GB-s: 3.6M + 14.4M + 7M.
    assert names(priced) == [
        "Requests",
        "Duration (first 3,600,000 GB-seconds)",
        "Duration (next 14,400,000 GB-seconds)",
        "Duration (over 18,000,000 GB-seconds)",
    ]
    assert monthly(priced, "Duration (next 14,400,000 GB-seconds)") == Decimal("119.952")
    assert monthly(priced, "Duration (over 18,000,000 GB-seconds)") == Decimal("31.92")


def test_unknown_type_is_named() -> None:
    priced = price(make_resource("aws_sfn_state_machine", {"type": "TURBO"}))
    assert "not STANDARD or EXPRESS" in reason(priced, "Executions")
