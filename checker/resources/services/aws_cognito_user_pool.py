"""aws_cognito_user_pool: monthly active users of a Cognito user pool.

Component: "Monthly active users (<tier>)" (MAUs, usage key ``monthly_active_users``, spread over
the price's MAU tiers), at the price of the pool's ``user_pool_tier``: ``ESSENTIALS`` (AWS's
default for a new pool, applied when the attribute is unset, or left to the provider to compute
with nothing set behind it) is the Price List usagetype
``CognitoEssentialsMAU``; ``LITE`` and ``PLUS`` are unknown, with the reason (costcheck does not
name their products yet). The account-wide free MAUs are not deducted. Users signing in through
SAML or OIDC federation are billed at another rate, not named.

The offline catalog holds no Cognito prices: ``--pricing-source aws`` prices the line. Users
are usage: without a usage file the line waits for one (no users cost nothing, whether or not
the price source has the price); a number of users the catalog cannot price is unknown with the
catalog's reason.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, left_to_aws
from checker.resources.usage_schema import UsageSchema

SERVICE = "AmazonCognito"
TIERS = ("LITE", "ESSENTIALS", "PLUS")
DEFAULT_TIER = "ESSENTIALS"  # AWS's tier for a new user pool that names none

USAGE = UsageSchema.of(monthly_active_users="users active in a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a user pool's monthly active users."""
    # The provider computes user_pool_tier when the configuration leaves it out: AWS's default.
    tier = (
        DEFAULT_TIER
        if left_to_aws(view.resource, "user_pool_tier")
        else read.choice(view.attrs, "user_pool_tier", TIERS) or DEFAULT_TIER
    )
    shown = tier.lower() if isinstance(tier, str) else "unknown tier"
    query: PriceQuery | Missing
    if isinstance(tier, Missing):
        query = tier
    elif tier == "ESSENTIALS":
        query = PriceQuery.of(SERVICE, view.region, None, usagetype="CognitoEssentialsMAU")
    else:
        query = Missing(
            "unknown",
            f"the {tier} tier's Price List product is not named by costcheck yet",
            "user_pool_tier",
        )
    return [
        CostComponent(
            f"Monthly active users ({shown})",
            "MAU",
            view.usage_quantity("monthly_active_users"),
            query,
            tiered=True,
            optional_usage=True,
        )
    ]
