"""aws_glacier_vault: archives stored in an S3 Glacier vault.

Component: "Storage" (GB-month). Usage keys: ``storage_gb`` (Infracost's key).

Requests, retrievals and early deletion are billed too; the catalog holds no price for them and
costcheck does not name them yet, so the vault's cost here is its storage only (documented in
docs/resources/services.md).
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(storage_gb="GB of archives stored")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a vault's storage."""
    query = PriceQuery.of("AmazonGlacier", view.region, "Storage", usagetype="TimedStorage-ByteHrs")
    return [CostComponent("Storage", "GB", view.usage_quantity("storage_gb"), query)]
