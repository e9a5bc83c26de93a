"""aws_flow_log: VPC, subnet, ENI or transit gateway flow logs, billed as CloudWatch vended logs.

Component: "Flow logs delivered (<destination>)" (GB of flow log records a month, usage key
``monthly_gb``, over the price's volume tiers), at CloudWatch's vended-log price for the kind of
destination ``log_destination_type`` names (AWS's default: ``cloud-watch-logs``), the same
three products a log delivery is priced with (``DESTINATIONS`` of
:mod:`checker.resources.services.aws_cloudwatch_log_delivery`):

- ``cloud-watch-logs``: vended-log ingestion (group "Ingested Logs", VendedLog-Bytes), billed
  here instead of the log group's standard ingestion (the group's storage stays on the group);
- ``s3``: delivery to S3 (group "Delivered Logs", S3-Egress-Bytes), the bucket's storage and
  requests on the bucket;
- ``kinesis-data-firehose``: delivery to Data Firehose (group "Delivered Logs",
  FH-Egress-Bytes), the stream's own ingestion on the stream.

An S3 destination writing ``destination_options { file_format = "parquet" }`` adds
"Conversion to Apache Parquet" (the same GB), unknown: the offline data has no price for it.
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.network.defaults import value_or_default
from checker.resources.services.aws_cloudwatch_log_delivery import delivered
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(monthly_gb="GB of flow log records delivered a month")

DEFAULTS = ("log_destination_type",)

# log_destination_type (the provider's vocabulary) -> the vended-log destination kind.
_KINDS: Mapping[str, str] = {
    "cloud-watch-logs": "CWL",
    "s3": "S3",
    "kinesis-data-firehose": "FH",
}


def price(view: ResourceView) -> list[CostComponent]:
    """Price the flow log records sent to the log's destination."""
    kind = _kind(view)
    parquet = kind == "S3" and _parquet(view)
    return delivered(view, "Flow logs delivered", kind, view.usage_quantity("monthly_gb"), parquet)


def _kind(view: ResourceView) -> str | Missing:
    """CWL, S3 or FH, or why the destination's kind is not known."""
    # cloud-watch-logs is AWS's default (the provider's too).
    written = value_or_default(view, "log_destination_type", "cloud-watch-logs")
    if isinstance(written, Missing):
        return written
    kind = _KINDS.get(str(written).strip())
    if kind is None:
        return Missing(
            "unknown",
            f"log_destination_type {clip(repr(written))} has no vended-log price "
            f"(priced: {', '.join(_KINDS)})",
            "log_destination_type",
        )
    return kind


def _parquet(view: ResourceView) -> bool:
    value = read.text(view.attrs, "destination_options.0.file_format")
    return isinstance(value, str) and value.lower() == "parquet"
