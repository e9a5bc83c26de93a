"""aws_kms_replica_key: a multi-Region replica of a KMS key, in its own region.

Components: as aws_kms_key, "Customer managed key" (months) and its requests (10k requests):
AWS bills each replica as a separate customer managed key in the replica's region. A replica has
its primary's key spec, which sets the request rate: read from the primary key when the plan
holds it (``primary_key_arn``), else the requests' rate is unknown, saying why.
Usage keys: ``monthly_requests``.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing
from checker.resources.base import ResourceView, follow
from checker.resources.services.aws_kms_key import DEFAULT_SPEC, SPEC_PATH, key_components
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_requests="API requests a month")

FOLLOWS = (follow("primary_key_arn", to="aws_kms_key"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a replica key: one key-month in its region and its requests."""
    primary = view.referenced("primary_key_arn", "aws_kms_key")
    spec: object = (
        primary.attributes.get(SPEC_PATH) or DEFAULT_SPEC
        if primary is not None
        else Missing(
            "unknown",
            "the primary key is not in the plan, so the key spec that sets the request rate is "
            "not known",
            "primary_key_arn",
        )
    )
    return key_components(view, spec)
