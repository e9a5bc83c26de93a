"""aws_cloudwatch_log_group: log ingestion, archived storage and Logs Insights scans.

Components: "Data ingested" (GB), "Storage (<retention>)" (GB), "Logs Insights data scanned" (GB).
Usage keys: ``monthly_data_ingested_gb``, ``storage_gb``, ``monthly_data_scanned_gb``.

Retention matters: ``storage_gb`` is what the group holds in a steady month (compressed), which
``retention_in_days`` bounds; with no retention (``0``, the default: never expire) storage only
grows. The component name carries the retention so a reviewer sees it. The Infrequent Access log
class (``log_group_class = "INFREQUENT_ACCESS"``) has its own ingestion price, which the data
does not hold: its ingestion is reported unknown.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.network.defaults import value_or_default
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_data_ingested_gb="GB ingested a month",
    storage_gb="GB archived",
    monthly_data_scanned_gb="GB scanned by Logs Insights a month",
)

DEFAULTS = ("log_group_class",)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a log group's ingestion, storage and queries."""
    region = view.region
    # STANDARD is AWS's default class; the provider leaves it unknown when unset.
    log_class = value_or_default(view, "log_group_class", "STANDARD")
    ingestion: PriceQuery | Missing = PriceQuery.of(
        "AmazonCloudWatch", region, "Data Payload", usagetype="DataProcessing-Bytes"
    )
    if isinstance(log_class, Missing):
        ingestion = log_class
    elif log_class != "STANDARD":
        ingestion = Missing(
            "unknown",
            f"ingestion for log class {log_class} is not in the price data",
            "log_group_class",
        )
    return [
        CostComponent(
            "Data ingested", "GB", view.usage_quantity("monthly_data_ingested_gb"), ingestion
        ),
        CostComponent(
            f"Storage ({_retention(view.attrs.get('retention_in_days'))})",
            "GB",
            view.usage_quantity("storage_gb"),
            PriceQuery.of(
                "AmazonCloudWatch", region, "Storage Snapshot", usagetype="TimedStorage-ByteHrs"
            ),
        ),
        CostComponent(
            "Logs Insights data scanned",
            "GB",
            view.usage_quantity("monthly_data_scanned_gb"),
            PriceQuery.of(
                "AmazonCloudWatch", region, "Data Payload", usagetype="DataScanned-Bytes"
            ),
        ),
    ]


def _retention(days: object) -> str:
    if isinstance(days, Missing):
        return "retention known after apply"
    if not days:
        return "never expires"
    return f"{days}-day retention"
