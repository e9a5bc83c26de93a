"""aws_redshift_snapshot_copy: a Redshift cluster's snapshots copied to another region.

Components (usage-based):

- "Copied snapshot storage" (GB-month in ``destination_region``, usage key
  ``snapshot_storage_gb``, over the price's volume tiers): Redshift backup storage there. Its
  Price List product is AmazonRedshift family "Storage Snapshot", tiered at 50 TB and 500 TB (the
  vocabulary of Infracost's redshift_cluster.go, "Backup storage"); the offline data does not
  hold it, so ``--pricing-source aws`` prices it, and no stored copies cost nothing whatever the
  source holds.
- "Cross-region data transfer" (GB a month sent to the destination region,
  ``monthly_data_transfer_gb``): at the inter-region transfer price from the cluster's region to
  the destination (AWSDataTransfer, InterRegion Outbound; in the catalog). The bill shows it
  under Redshift's InterRegionSnapshotCopy usage type.

How much is copied and kept follows the cluster's snapshots and ``retention_period``: usage.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView, follow
from checker.resources.locations import inter_region_transfer, region_code
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    snapshot_storage_gb="GB of copied snapshots kept in the destination region",
    monthly_data_transfer_gb="GB of snapshot data copied to the destination region a month",
)

FOLLOWS = (follow("cluster_identifier", to="aws_redshift_cluster"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Price the copies' storage and the transfer that makes them."""
    cluster = view.referenced("cluster_identifier", "aws_redshift_cluster")
    source = cluster.region if cluster is not None else view.region
    written = view.attrs.get("destination_region")
    destination = (
        Missing("unknown", "destination_region is not set", "destination_region")
        if written is None
        else region_code(written, "destination_region")
    )
    storage: PriceQuery | Missing = (
        destination
        if isinstance(destination, Missing)
        else PriceQuery.of("AmazonRedshift", destination, "Storage Snapshot")
    )
    return [
        CostComponent(
            "Copied snapshot storage",
            "GB",
            view.usage_quantity("snapshot_storage_gb"),
            storage,
            tiered=True,
            optional_usage=True,
        ),
        CostComponent(
            "Cross-region data transfer",
            "GB",
            view.usage_quantity("monthly_data_transfer_gb"),
            inter_region_transfer(source, destination, "destination_region"),
        ),
    ]
