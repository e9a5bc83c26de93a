"""aws_lambda_function: requests and GB-seconds from usage.

us-east-1 list prices: $0.20 per 1M requests (x86 and Arm); duration $0.0000166667 per
GB-second for the first 6B GB-seconds, $0.000015 for the next 9B, $0.0000133334 above (x86);
Arm $0.0000133334 / $0.0000120001 / $0.0000106667 (tiers at 7.5B and 18.75B); ephemeral storage
above 512 MB $0.0000000309 per GB-second. The account-wide free tier is not deducted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

# One duration line per price tier used, named by its bounds.
FIRST = "Duration (first 6,000,000,000 GB-seconds)"
ARM_FIRST = "Duration (Arm) (first 7,500,000,000 GB-seconds)"


def function(values: dict[str, Any] | None = None, **kwargs: Any) -> Resource:
    base: dict[str, Any] = {
        "function_name": "api",
        "runtime": "python3.12",
        "memory_size": 128,
        "architectures": ["x86_64"],
    }
    return make_resource(
        "aws_lambda_function",
        {**base, **(values or {})},
        unknown=kwargs.pop("unknown", ["ephemeral_storage"]),
        **kwargs,
    )


def test_without_usage_prices_are_shown() -> None:
    priced = price(function())
    assert_golden("aws_lambda_function/no_usage", golden_rows(priced))
    assert priced.status == "usage"
    assert component(priced, "Requests").unit_price == Decimal("0.2")
    assert component(priced, "Duration").unit_price == Decimal("0.0000166667")
    assert "monthly_requests" in reason(priced, "Requests")


def test_requests_and_duration_from_usage() -> None:
    usage = {"monthly_requests": 10_000_000, "request_duration_ms": 250}
    priced = price(function({"memory_size": 512}), usage=usage)
    assert_golden("aws_lambda_function/usage", golden_rows(priced))
    assert monthly(priced, "Requests") == Decimal("2.00")
    # 10M x 0.25 s x 0.5 GB = 1,250,000 GB-s x 0.0000166667
    assert component(priced, FIRST).monthly_quantity == Decimal(1_250_000)
    assert monthly(priced, FIRST) == Decimal("20.833375")


def test_duration_is_billed_per_started_millisecond() -> None:
    usage = {"monthly_requests": 1000, "request_duration_ms": 0.4}
    priced = price(function({"memory_size": 1024}), usage=usage)
    assert component(priced, FIRST).monthly_quantity == Decimal(1)  # 1,000 x 1 ms x 1 GB


def test_duration_tiers_are_spread() -> None:
    usage = {"monthly_requests": 1_000_000_000, "request_duration_ms": 1000}
    priced = price(function({"memory_size": 10240}), usage=usage)  # 10B GB-seconds
    assert_golden("aws_lambda_function/tiers", golden_rows(priced))
    assert names(priced) == [
        "Requests",
        FIRST,
        "Duration (next 9,000,000,000 GB-seconds)",
    ]
    assert monthly(priced, FIRST) == Decimal("100000.2")
    assert monthly(priced, "Duration (next 9,000,000,000 GB-seconds)") == Decimal("60000")


def test_arm64_and_ephemeral_storage() -> None:
    usage = {"monthly_requests": 1_000_000, "request_duration_ms": 100}
    priced = price(
        function({"architectures": ["arm64"], "ephemeral_storage": [{"size": 2560}]}, unknown=[]),
        usage=usage,
    )
    assert_golden("aws_lambda_function/arm64_storage", golden_rows(priced))
    # 1M x 0.1 s x 0.125 GB = 12,500 GB-s at the Arm price
    assert monthly(priced, ARM_FIRST) == Decimal("0.16666750")
    # (2,560 - 512) MB = 2 GB x 100,000 s = 200,000 GB-s x 0.0000000309
    assert monthly(priced, "Ephemeral storage (above 512 MB)") == Decimal("0.00618")


def test_default_memory_and_unknown_memory() -> None:
    usage = {"monthly_requests": 1_000_000, "request_duration_ms": 1000}
    default = price(function({"memory_size": None}), usage=usage)
    assert component(default, FIRST).monthly_quantity == Decimal(125_000)  # 128 MB
    unknown = price(function({}, unknown=["memory_size", "ephemeral_storage"]), usage=usage)
    assert "memory_size is known only after apply" in reason(unknown, "Duration")


def test_region_the_catalog_lacks() -> None:
    priced = price(function(region="ap-southeast-6"), usage={"monthly_requests": 5_000_000})
    assert_golden("aws_lambda_function/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-southeast-6" in reason(priced, "Requests")
