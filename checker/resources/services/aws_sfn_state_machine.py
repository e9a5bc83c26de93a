"""aws_sfn_state_machine: the executions of a Step Functions state machine.

Components: a STANDARD workflow (the default ``type``): "Transitions" (1K state transitions).
An EXPRESS workflow: "Requests" (1M requests) and "Duration" (GB-seconds, tiered: first 3.6M,
next 14.4M, over 18M a month, i.e. 1,000 / 4,000 / 5,000 GB-hours).
Usage keys (infracost's): ``monthly_transitions`` (standard); ``monthly_requests``,
``workflow_duration_ms`` (average duration of one execution) and ``memory_mb`` (memory it uses)
(express).

Express duration is billed in 100 ms increments and memory in 64 MB increments (64 MB at least):
GB-seconds = requests x ceil(ms / 100) x 0.1 s x ceil(MB / 64) x 64 / 1024 (Step Functions
pricing). The free tier (4,000 standard transitions a month) is not deducted.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import ResourceView
from checker.resources.network.defaults import value_or_default
from checker.resources.services.units import MILLION, THOUSAND, per_block
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(
    monthly_transitions="state transitions a month (standard workflows)",
    monthly_requests="executions a month (express workflows)",
    workflow_duration_ms="average duration of one execution, ms (express workflows)",
    memory_mb="memory an execution uses, MB (express workflows)",
)

DEFAULTS = ("type",)
SERVICE = "AmazonStates"
FAMILY = "AWS Step Functions"
_DURATION_STEP_MS = Decimal(100)
_MEMORY_STEP_MB = Decimal(64)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a state machine's transitions (standard) or requests and duration (express)."""
    kind = value_or_default(view, "type", "STANDARD")
    if isinstance(kind, Missing) or str(kind).upper() not in ("STANDARD", "EXPRESS"):
        why = kind if isinstance(kind, Missing) else _bad_type(kind)
        return [CostComponent("Executions", "executions", why, why)]
    if str(kind).upper() == "STANDARD":
        transitions = view.usage_quantity("monthly_transitions")
        query = _query(view.region, "StateTransition")
        return [per_block("Transitions", "1K transitions", transitions, THOUSAND, query)]
    requests = view.usage_quantity("monthly_requests")
    return [
        per_block(
            "Requests",
            "1M requests",
            requests,
            MILLION,
            _query(view.region, "StepFunctions-Request"),
        ),
        CostComponent(
            "Duration",
            "GB-seconds",
            gb_seconds(
                requests,
                view.usage_quantity("workflow_duration_ms"),
                view.usage_quantity("memory_mb"),
            ),
            _query(view.region, "StepFunctions-GB-Second"),
            tiered=True,
        ),
    ]


def gb_seconds(requests: Quantity, duration_ms: Quantity, memory_mb: Quantity) -> Quantity:
    """Billed GB-seconds of express executions (100 ms and 64 MB increments)."""
    if isinstance(requests, Missing):
        return requests
    if isinstance(duration_ms, Missing):
        return duration_ms
    if isinstance(memory_mb, Missing):
        return memory_mb
    steps = (duration_ms / _DURATION_STEP_MS).to_integral_value(rounding=ROUND_CEILING)
    chunks = max(
        (memory_mb / _MEMORY_STEP_MB).to_integral_value(rounding=ROUND_CEILING), Decimal(1)
    )
    seconds = steps * _DURATION_STEP_MS / 1000
    return requests * seconds * chunks * _MEMORY_STEP_MB / 1024


def _bad_type(kind: object) -> Missing:
    return Missing("unknown", f"type {clip(repr(kind))} is not STANDARD or EXPRESS", "type")


def _query(region: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of(SERVICE, region, FAMILY, usagetype=usagetype)
