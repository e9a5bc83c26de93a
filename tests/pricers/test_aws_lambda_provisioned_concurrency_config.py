"""aws_lambda_provisioned_concurrency_config: concurrency GB-seconds all month, and the duration
of the requests it serves, with the function's memory and architecture."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason, unit_price

FUNCTION = make_resource(
    "aws_lambda_function", {"function_name": "api", "memory_size": 1024}, name="api"
)
REFS = {"function_name": ("aws_lambda_function.api",)}


def config(executions: int = 2, **extra: object) -> Resource:
    return make_resource(
        "aws_lambda_provisioned_concurrency_config",
        {"provisioned_concurrent_executions": executions, "qualifier": "live", **extra},
        references=REFS,
    )


def test_x86_function_all_month() -> None:
    priced = price(
        config(),
        others=[FUNCTION],
        usage={"monthly_requests": 1_000_000, "request_duration_ms": 200},
    )
    assert_golden("aws_lambda_provisioned_concurrency_config/x86", golden_rows(priced))
    # 2 environments x 1 GB x 730 h x 3600 s.
    assert component(priced, "Provisioned concurrency").monthly_quantity == Decimal(5_256_000)
    # Genuine rows, QuinnyPig raw/lambda.json (us-east-1): Lambda-Provisioned-Concurrency
    # #BMKCD2ZCEYKTYYCB.JRTCKXETXF.6YS6EN2CT7 $0.0000041667 per GB-second;
    # Lambda-Provisioned-GB-Second #ZZF88MXYPS4DGSEZ.JRTCKXETXF.6YS6EN2CT7 $0.0000097222.
    assert unit_price(priced, "Provisioned concurrency") == Decimal("0.0000041667")
    assert monthly(priced, "Provisioned concurrency") == Decimal("21.9001752")
    # 1M requests x 0.2 s x 1 GB.
    assert component(priced, "Duration (provisioned)").monthly_quantity == Decimal(200_000)
    assert monthly(priced, "Duration (provisioned)") == Decimal("1.94444")


def test_arm_function_uses_the_arm_prices() -> None:
    arm = make_resource(
        "aws_lambda_function",
        {"function_name": "api", "memory_size": 512, "architectures": ["arm64"]},
        name="api",
    )
    priced = price(config(executions=1), others=[arm], usage={"monthly_duration_hrs": 100})
    # 1 x 0.5 GB x 100 h x 3600 s; Lambda-Provisioned-Concurrency-ARM
    # #MV7PTBS82AVCMXJJ.JRTCKXETXF.6YS6EN2CT7 $0.0000033334 per GB-second.
    line = "Provisioned concurrency (Arm)"
    assert component(priced, line).monthly_quantity == Decimal(180_000)
    assert unit_price(priced, line) == Decimal("0.0000033334")
    # Fewer hours than the always-on month configured: a stated assumption (finding 7).
    assert component(priced, line).assumption == (
        "monthly_duration_hrs 100 from the usage file (always-on: 730 hours a month)"
    )
    assert component(priced, "Duration (provisioned) (Arm)").assumption is None


def test_function_outside_the_plan_needs_usage() -> None:
    priced = price(config())
    assert "memory_size" in reason(priced, "Provisioned concurrency") or "architecture" in reason(
        priced, "Provisioned concurrency"
    )
    given = price(config(), usage={"memory_mb": 2048, "architecture": "x86_64"})
    assert component(given, "Provisioned concurrency").monthly_quantity == Decimal(10_512_000)
