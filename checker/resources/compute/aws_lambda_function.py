"""``aws_lambda_function``: requests, compute duration and extra ephemeral storage.

Components (usage-based): "Requests" per 1M requests (``monthly_requests``); "Duration"
GB-seconds = requests x ``request_duration_ms`` (rounded up to the next ms, as Lambda bills) /
1000 x ``memory_size`` MB / 1024, spread over the duration price tiers; "Ephemeral storage"
GB-seconds for ``ephemeral_storage.size`` above the free 512 MB. ``architectures = ["arm64"]``
uses the Arm (Graviton) prices. The account-wide free tier is not deducted.

Usage keys (Infracost's): ``monthly_requests``, ``request_duration_ms``.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import ResourceView, times
from checker.resources.read import known_number
from checker.resources.usage_schema import UsageSchema

REQUESTS_KEY = "monthly_requests"
DURATION_KEY = "request_duration_ms"

USAGE = UsageSchema.of(
    monthly_requests="invocations a month",
    request_duration_ms="average duration of an invocation, ms",
)

DEFAULT_MEMORY_MB = Decimal(128)  # Lambda's default memory_size
FREE_EPHEMERAL_MB = Decimal(512)  # included /tmp storage
MILLION = Decimal(1_000_000)
MB_PER_GB = Decimal(1024)
MS_PER_SECOND = Decimal(1000)


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly components of the function."""
    arm = _is_arm(view)
    suffix = "-ARM" if arm else ""
    requests = view.usage_quantity(REQUESTS_KEY)
    seconds = times(requests, _billed_seconds(view.usage_quantity(DURATION_KEY)))
    # memory_size has a schema default (128), so an unknown one is a real unknown.
    memory_gb = _megabytes(view, "memory_size", DEFAULT_MEMORY_MB, unknown_is_default=False)
    components = [
        CostComponent(
            "Requests",
            "1M requests",
            times(requests, 1 / MILLION),
            _query(view, f"AWS-Lambda-Requests{suffix}", f"Request{suffix}"),
            price_multiplier=MILLION,
        ),
        CostComponent(
            "Duration (Arm)" if arm else "Duration",
            "GB-seconds",
            times(seconds, memory_gb),
            _query(view, f"AWS-Lambda-Duration{suffix}", f"Lambda-GB-Second{suffix}"),
            tiered=True,
        ),
    ]
    # The ephemeral_storage block is computed when unset: Lambda then gives 512 MB.
    storage_gb = _megabytes(view, "ephemeral_storage.0.size", FREE_EPHEMERAL_MB)
    free_gb = FREE_EPHEMERAL_MB / MB_PER_GB
    if isinstance(storage_gb, Missing) or storage_gb > free_gb:
        above = storage_gb if isinstance(storage_gb, Missing) else storage_gb - free_gb
        components.append(
            CostComponent(
                "Ephemeral storage (above 512 MB)",
                "GB-seconds",
                times(seconds, above),
                _query(
                    view,
                    f"AWS-Lambda-Storage-Duration{suffix}",
                    f"Lambda-Storage-GB-Second{suffix}",
                ),
            )
        )
    return components


def _query(view: ResourceView, group: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of("AWSLambda", view.region, "Serverless", group=group, usagetype=usagetype)


def _is_arm(view: ResourceView) -> bool:
    architectures = view.attrs.get("architectures")
    # Unset, the provider computes ["x86_64"], Lambda's default.
    return isinstance(architectures, list) and "arm64" in architectures


def _billed_seconds(duration_ms: Quantity) -> Quantity:
    if isinstance(duration_ms, Missing):
        return duration_ms
    return duration_ms.to_integral_value(rounding=ROUND_CEILING) / MS_PER_SECOND


def _megabytes(
    view: ResourceView, path: str, default: Decimal, *, unknown_is_default: bool = True
) -> Decimal | Missing:
    """A size in MB as GB; Lambda's default where unset (and, with ``unknown_is_default``,
    where the provider computes it)."""
    value = view.attrs.get(path)
    if isinstance(value, Missing) and not unknown_is_default:
        return value
    if value is None or isinstance(value, Missing):
        return default / MB_PER_GB
    mb = known_number(value, path)
    return mb if isinstance(mb, Missing) else mb / MB_PER_GB
