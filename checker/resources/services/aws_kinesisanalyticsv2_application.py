"""aws_kinesisanalyticsv2_application: Managed Service for Apache Flink (Kinesis Data Analytics).

Components: "Processing (stream)" (KPU-hours: usage key ``kinesis_processing_units``, the
average KPUs running, x 730); for a Flink runtime (``runtime_environment`` FLINK-*), also
"Processing (orchestration)" (one KPU all month), "Running storage" (50 GB per KPU, GB-month)
and "Backup" (GB-month, ``durable_application_backup_gb``). Usage keys: Infracost's, as above.

The offline catalog holds no Kinesis Data Analytics prices: there the components are unknown
with the catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, times
from checker.resources.usage_schema import UsageSchema

SERVICE = "AmazonKinesisAnalytics"
STORAGE_GB_PER_KPU = Decimal(50)

USAGE = UsageSchema.of(
    kinesis_processing_units="average KPUs the application runs on",
    durable_application_backup_gb="GB of durable application backups",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an application's KPUs, storage and backups."""
    runtime = read.text(view.attrs, "runtime_environment")

    def query(usagetype: str) -> PriceQuery:
        return PriceQuery.of(SERVICE, view.region, "Kinesis Analytics", usagetype=usagetype)

    kpus = view.usage_quantity("kinesis_processing_units")
    components = [
        CostComponent(
            "Processing (stream)",
            "KPU-hours",
            times(kpus, HOURS_PER_MONTH),
            query("KPU-Hour-Java"),
        )
    ]
    if isinstance(runtime, Missing) or (runtime or "").upper().startswith("FLINK"):
        # An unknown runtime may be Flink: its lines are shown, unknown for that reason.
        def flink(usagetype: str) -> PriceQuery | Missing:
            return runtime if isinstance(runtime, Missing) else query(usagetype)

        components += [
            CostComponent(
                "Processing (orchestration)", "KPU-hours", HOURS_PER_MONTH, flink("KPU-Hour-Java")
            ),
            CostComponent(
                "Running storage",
                "GB",
                times(kpus, STORAGE_GB_PER_KPU),
                flink("RunningApplicationStorage"),
            ),
            CostComponent(
                "Backup",
                "GB",
                view.usage_quantity("durable_application_backup_gb"),
                flink("DurableApplicationBackups"),
            ),
        ]
    return components
