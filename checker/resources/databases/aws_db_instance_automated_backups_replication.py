"""aws_db_instance_automated_backups_replication: an RDS instance's automated backups copied to
this (the destination) region.

Components (usage-based): "Replicated backup storage" (GB-month in this region, at the RDS
backup storage price: usage key ``backup_storage_gb``) and "Cross-region data transfer" (GB a
month sent from the source region, at the inter-region transfer price between the two regions:
``monthly_data_transfer_gb``). The source region is the referenced ``aws_db_instance``'s, or the
one in ``source_db_instance_arn``; unknown otherwise.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.regions import LOCATIONS
from checker.resources import read
from checker.resources.base import ResourceView, follow
from checker.resources.locations import inter_region_transfer
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    backup_storage_gb="GB of replicated backups stored in this region",
    monthly_data_transfer_gb="GB a month sent from the source region",
)

FOLLOWS = (follow("source_db_instance_arn", to="aws_db_instance"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Price replicated backup storage and the transfer that feeds it."""
    storage = PriceQuery.of(
        "AmazonRDS",
        view.region,
        "Storage Snapshot",
        usagetype="RDS:ChargedBackupUsage",
    )
    return [
        CostComponent(
            "Replicated backup storage", "GB", view.usage_quantity("backup_storage_gb"), storage
        ),
        CostComponent(
            "Cross-region data transfer",
            "GB",
            view.usage_quantity("monthly_data_transfer_gb"),
            inter_region_transfer(_source_region(view), view.region, "source_db_instance_arn"),
        ),
    ]


def _source_region(view: ResourceView) -> str | Missing:
    instance = view.referenced("source_db_instance_arn", "aws_db_instance")
    if instance is not None:
        return instance.region
    arn = read.text(view.attrs, "source_db_instance_arn")
    if isinstance(arn, Missing):
        return arn
    parts = (arn or "").split(":")
    if len(parts) > 3 and parts[3] in LOCATIONS:
        return parts[3]
    return Missing(
        "unknown",
        "the source instance's region cannot be read from source_db_instance_arn",
        "source_db_instance_arn",
    )
