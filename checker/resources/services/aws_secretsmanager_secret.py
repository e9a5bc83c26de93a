"""aws_secretsmanager_secret: a secret, its replicas and its API requests.

Components: "Secret" (months), "Secret replica (<region>)" (months, one per ``replica`` block,
priced in the replica's region), "API requests" (10k requests).
Usage keys: ``monthly_requests``.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.units import TEN_THOUSAND, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_requests="API requests a month")


def _secret(name: str, region: object) -> CostComponent:
    query: PriceQuery | Missing
    if isinstance(region, str) and region:
        query = PriceQuery.of(
            "AWSSecretsManager", region, "Secret", usagetype="AWSSecretsManager-Secrets"
        )
    elif isinstance(region, Missing):
        query = region
    else:
        query = Missing("unknown", "replica has no region", "replica.region")
    return CostComponent(name=name, unit="months", monthly_quantity=Decimal(1), query=query)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a secret: one secret-month, one per replica, and API requests."""
    components = [_secret("Secret", view.region)]
    for replica in view.attrs.blocks("replica"):
        region = replica.get("region")
        label = region if isinstance(region, str) else "unknown region"
        components.append(_secret(f"Secret replica ({label})", region))
    components.append(
        per_block(
            "API requests",
            "10k requests",
            view.usage_quantity("monthly_requests"),
            TEN_THOUSAND,
            PriceQuery.of(
                "AWSSecretsManager",
                view.region,
                "API Request",
                usagetype="AWSSecretsManager-APIRequest",
            ),
        )
    )
    return components
