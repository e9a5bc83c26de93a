"""aws_redshift_endpoint_access: a Redshift-managed VPC endpoint (powered by AWS PrivateLink) to a
cluster.

Named but unknown, with the reason: Redshift's documentation describes the endpoint as powered by
AWS PrivateLink but neither it, the Redshift pricing page nor the PrivateLink pricing page that
costcheck could check says whether, or as what, AWS bills a Redshift-managed endpoint (PrivateLink
pricing leaves that to "each of those services pricing information"), and the offline data holds
no such product. Not free: it may well be billed, so a budget is not allowed to pass on it.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.unconfirmed import named_unknown
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

REASON = (
    "no AWS pricing page costcheck knows says how a Redshift-managed VPC endpoint is billed (it "
    "is powered by AWS PrivateLink), so it names no Price List product for it"
)


def price(view: ResourceView) -> list[CostComponent]:
    """Name the endpoint, unknown with the reason."""
    return named_unknown("Redshift-managed VPC endpoint", REASON)
