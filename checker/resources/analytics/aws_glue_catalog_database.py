"""aws_glue_catalog_database: Glue Data Catalog storage and requests.

Components: "Storage" (100k objects a month) and "Requests" (1M requests).
Usage keys: ``monthly_objects`` (objects stored: tables, partitions, versions...),
``monthly_requests``.

The free tier (the first 1M objects stored and 1M requests a month, per account) is not deducted:
a plan cannot see what the account's other databases use.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent
from checker.resources.analytics.glue import catalog_requests, catalog_storage
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_objects="objects stored in the catalog (tables, partitions, table versions...)",
    monthly_requests="Data Catalog requests a month",
)
_HUNDRED_THOUSAND = Decimal(100_000)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Data Catalog database's storage and requests."""
    return [
        per_block(
            "Storage",
            "100k objects",
            view.usage_quantity("monthly_objects"),
            _HUNDRED_THOUSAND,
            catalog_storage(view.region),
        ),
        per_block(
            "Requests",
            "1M requests",
            view.usage_quantity("monthly_requests"),
            MILLION,
            catalog_requests(view.region),
        ),
    ]
