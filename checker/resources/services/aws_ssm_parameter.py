"""aws_ssm_parameter: Systems Manager Parameter Store, advanced tier.

Components, for an ``Advanced`` parameter: "Parameter storage (advanced)" (hours the parameter
exists; 730 a month unless ``parameter_storage_hrs`` says otherwise) and "API interactions
(advanced)" (10k interactions, ``monthly_api_interactions``: AWS bills an advanced parameter's
interactions whatever the throughput). A ``Standard`` parameter's interactions are billed only
at higher throughput (``api_throughput_limit`` ``advanced`` or ``higher`` in the usage file,
as Infracost reads it); at standard throughput it costs nothing: no components. ``Intelligent-Tiering`` lets AWS pick the tier when it
is written, which the plan cannot tell: unknown.

Usage keys (Infracost's): ``parameter_storage_hrs``, ``api_throughput_limit`` (standard,
advanced or higher), ``monthly_api_interactions``.

The offline catalog holds no Systems Manager prices: there the components are unknown with the
catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, fewer_hours_assumption, usage_or
from checker.resources.services.units import TEN_THOUSAND, per_block
from checker.resources.usage_schema import UsageSchema, text

SERVICE = "AWSSystemsManager"
TIERS = ("Standard", "Advanced", "Intelligent-Tiering")
THROUGHPUTS = ("standard", "advanced", "higher")

USAGE = UsageSchema.of(
    parameter_storage_hrs="hours the parameter exists a month (default 730)",
    api_throughput_limit=text("standard, advanced or higher throughput", THROUGHPUTS),
    monthly_api_interactions="API interactions a month",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an advanced parameter's storage and its higher-throughput API interactions."""
    tier = read.choice(view.attrs, "tier", TIERS)
    components: list[CostComponent] = []
    if isinstance(tier, Missing) or tier == "Intelligent-Tiering":
        unknown = (
            tier
            if isinstance(tier, Missing)
            else Missing(
                "unknown",
                "tier Intelligent-Tiering lets AWS choose Standard or Advanced when the "
                "parameter is written",
                "tier",
            )
        )
        components.append(_storage(view, unknown))
    elif tier == "Advanced":
        components.append(
            _storage(
                view,
                PriceQuery.of(
                    SERVICE,
                    view.region,
                    "AWS Systems Manager",
                    usagetype="PS-Advanced-Param-Tier1",
                ),
            )
        )
    # Interactions with an advanced parameter are billed whatever the throughput setting; with
    # a standard one only at higher throughput (the usage file's api_throughput_limit).
    given = view.usage.get("api_throughput_limit")
    throughput = str(given).strip().lower() if given is not None else None
    label = throughput if throughput not in (None, "standard") else None
    if label is None and tier == "Advanced":
        label = "advanced"
    if label is not None:
        query = PriceQuery.of(
            SERVICE, view.region, "API Request", usagetype="PS-Param-Processed-Tier2"
        )
        interactions = view.usage_quantity("monthly_api_interactions")
        components.append(
            per_block(
                f"API interactions ({label})",
                "10k interactions",
                interactions,
                TEN_THOUSAND,
                query,
            )
        )
    return components


def _storage(view: ResourceView, query: PriceQuery | Missing) -> CostComponent:
    hours = usage_or(view.usage, "parameter_storage_hrs", HOURS_PER_MONTH)
    return CostComponent("Parameter storage (advanced)", "hours", hours, query).assuming(
        fewer_hours_assumption(view.usage, "parameter_storage_hrs")
    )
