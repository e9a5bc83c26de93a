"""aws_lambda_provisioned_concurrency_config: execution environments kept warm for a function.

Components: "Provisioned concurrency" GB-seconds = ``provisioned_concurrent_executions`` x the
function's memory GB x the seconds it is configured (all month, 730 hours, unless
``monthly_duration_hrs`` says otherwise); "Duration (provisioned)" GB-seconds for the requests
served by it = ``monthly_requests`` x ``request_duration_ms`` (rounded up to the next ms) / 1000
x memory GB. Arm (Graviton) functions use the Arm prices. The requests themselves are billed at
the function's request price, priced on ``aws_lambda_function``.

The memory and architecture are the referenced ``aws_lambda_function``'s (``function_name``);
usage keys ``memory_mb`` and ``architecture`` give them where the function is not in the plan.

Usage keys (Infracost's): ``monthly_duration_hrs``, ``monthly_requests``, ``request_duration_ms``,
``memory_mb``, ``architecture`` (x86_64 or arm64).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, fewer_hours_assumption, follow, times, usage_or
from checker.resources.usage_schema import UsageSchema, text

SECONDS_PER_HOUR = Decimal(3600)
MB_PER_GB = Decimal(1024)
MS_PER_SECOND = Decimal(1000)
DEFAULT_MEMORY_MB = Decimal(128)  # Lambda's default memory_size
ARCHITECTURES = ("x86_64", "arm64")

USAGE = UsageSchema.of(
    monthly_duration_hrs="hours a month the concurrency is configured (default 730)",
    monthly_requests="invocations a month served by provisioned environments",
    request_duration_ms="average duration of an invocation, ms",
    memory_mb="the function's memory, MB (default: the function's memory_size)",
    architecture=text("the function's architecture (default: the function's)", ARCHITECTURES),
)

FOLLOWS = (follow("function_name", to="aws_lambda_function"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Price provisioned concurrency and the duration it serves."""
    executions = read.integer(view.attrs, "provisioned_concurrent_executions")
    if executions is None:
        executions = Missing(
            "unknown",
            "provisioned_concurrent_executions is not set",
            "provisioned_concurrent_executions",
        )
    memory_gb = _memory_gb(view)
    arm = _is_arm(view)
    hours = usage_or(view.usage, "monthly_duration_hrs", HOURS_PER_MONTH)
    configured = times(
        Decimal(executions) if isinstance(executions, int) else executions,
        memory_gb,
        hours,
        SECONDS_PER_HOUR,
    )
    requests = view.usage_quantity("monthly_requests")
    seconds = times(requests, _billed_seconds(view.usage_quantity("request_duration_ms")))
    suffix = "" if arm is False else "-ARM"
    label = " (Arm)" if arm is True else ""

    def query(group: str, usagetype: str) -> PriceQuery | Missing:
        if isinstance(arm, Missing):
            return arm
        return PriceQuery.of(
            "AWSLambda",
            view.region,
            "Serverless",
            group=f"{group}{suffix}",
            usagetype=f"{usagetype}{suffix}",
        )

    return [
        CostComponent(
            f"Provisioned concurrency{label}",
            "GB-seconds",
            configured,
            query("AWS-Lambda-Provisioned-Concurrency", "Lambda-Provisioned-Concurrency"),
        ).assuming(fewer_hours_assumption(view.usage, "monthly_duration_hrs")),
        CostComponent(
            f"Duration (provisioned){label}",
            "GB-seconds",
            times(seconds, memory_gb),
            query("AWS-Lambda-Duration-Provisioned", "Lambda-Provisioned-GB-Second"),
        ),
    ]


def _billed_seconds(duration_ms: Quantity) -> Quantity:
    """Lambda bills each invocation's duration rounded up to the next millisecond."""
    if isinstance(duration_ms, Missing):
        return duration_ms
    return duration_ms.to_integral_value(rounding=ROUND_CEILING) / MS_PER_SECOND


def _memory_gb(view: ResourceView) -> Quantity:
    given = view.usage_quantity("memory_mb")
    if not isinstance(given, Missing) or given.kind != "usage":
        return given if isinstance(given, Missing) else given / MB_PER_GB
    function = view.referenced("function_name", "aws_lambda_function")
    if function is None:
        return Missing(
            "unknown",
            "the function is not in the plan, so its memory_size cannot be read: set memory_mb "
            "in a usage file",
            "function_name",
        )
    memory = function.attributes.get("memory_size")
    if memory is None:
        return DEFAULT_MEMORY_MB / MB_PER_GB
    mb = read.known_number(memory, "memory_size")
    return mb if isinstance(mb, Missing) else mb / MB_PER_GB


def _is_arm(view: ResourceView) -> bool | Missing:
    given = view.usage.get("architecture")
    if given is not None:
        return str(given).strip().lower() == "arm64"
    function = view.referenced("function_name", "aws_lambda_function")
    if function is None:
        return Missing(
            "unknown",
            "the function is not in the plan, so its architecture cannot be read: set "
            "architecture in a usage file",
            "function_name",
        )
    architectures = function.attributes.get("architectures")
    if isinstance(architectures, Missing):
        return False  # computed when unset: Lambda's default, x86_64
    return isinstance(architectures, list) and "arm64" in architectures
