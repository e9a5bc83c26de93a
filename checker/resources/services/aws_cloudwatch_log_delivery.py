"""aws_cloudwatch_log_delivery: vended logs (CloudFront standard logs v2, EventBridge, ...) that
CloudWatch delivers from a delivery source to a delivery destination.

Component: "Vended logs delivered (<destination>)" (GB a month, usage key
``monthly_logs_delivered_gb``, over the price's volume tiers), at CloudWatch's vended-log price
for the kind of destination (AmazonCloudWatch "Data Payload"; all three in the catalog):

- ``S3``: group "Delivered Logs", usagetype S3-Egress-Bytes;
- ``FH`` (Data Firehose): group "Delivered Logs", usagetype FH-Egress-Bytes;
- ``CWL`` (a log group): group "Ingested Logs", usagetype VendedLog-Bytes (the group's storage is
  billed on the log group).

An S3 destination writing ``output_format = "parquet"`` adds "Conversion to Apache Parquet" (the
same GB): CloudWatch bills the conversion per GB, but the offline data has no price for it and
costcheck names no Price List product for it, so a quantity for it is unknown with that reason.

The kind of destination is the referenced ``aws_cloudwatch_log_delivery_destination``'s
``delivery_destination_type``, else what its ``destination_resource_arn`` is (a bucket, a log
group, a delivery stream, by the resource referred to or the ARN's service). The delivery source
and destination resources cost nothing by themselves (see :mod:`checker.resources.free`): the
logs are billed here, where source meets destination.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from checker.model import CostComponent, Missing, PriceQuery, Quantity, Resource
from checker.resources import read
from checker.resources.base import ResourceView, follow
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(monthly_logs_delivered_gb="GB of logs delivered a month")

KEY = "monthly_logs_delivered_gb"
DESTINATION_TYPE = "aws_cloudwatch_log_delivery_destination"

FOLLOWS = (follow("delivery_destination_arn", to=DESTINATION_TYPE),)
# The delivery is priced by what its destination sends to (a second hop).
FOLLOWS_ON = {
    DESTINATION_TYPE: (
        follow("delivery_destination_configuration.0.destination_resource_arn", to=None),
    )
}
_ARN_PATH = "delivery_destination_configuration.0.destination_resource_arn"


@dataclass(frozen=True)
class _Destination:
    label: str
    group: str
    usagetype: str


DESTINATIONS: Mapping[str, _Destination] = {
    "S3": _Destination("S3", "Delivered Logs", "S3-Egress-Bytes"),
    "FH": _Destination("Firehose", "Delivered Logs", "FH-Egress-Bytes"),
    "CWL": _Destination("CloudWatch Logs", "Ingested Logs", "VendedLog-Bytes"),
}
# The resource a destination_resource_arn refers to -> the kind of destination.
_BY_RESOURCE: Mapping[str, str] = {
    "aws_s3_bucket": "S3",
    "aws_kinesis_firehose_delivery_stream": "FH",
    "aws_cloudwatch_log_group": "CWL",
}
# The service part of a destination ARN (arn:aws:<service>:...) -> the kind of destination.
_BY_ARN_SERVICE: Mapping[str, str] = {"s3": "S3", "firehose": "FH", "logs": "CWL"}

_PARQUET_UNPRICED = unconfirmed(
    "CloudWatch's conversion of vended logs to Apache Parquet", "not in the offline data"
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price the logs a delivery sends, by the kind of destination."""
    destination = view.referenced("delivery_destination_arn", DESTINATION_TYPE)
    kind = _kind(view, destination)
    parquet = kind == "S3" and destination is not None and _parquet(destination)
    return delivered(view, "Vended logs delivered", kind, view.usage_quantity(KEY), parquet)


def delivered(
    view: ResourceView,
    name: str,
    kind: str | Missing,
    quantity: Quantity,
    parquet: bool,
) -> list[CostComponent]:
    """ "<name> (<destination>)": ``quantity`` GB at CloudWatch's vended-log price for the kind
    of destination (a key of :data:`DESTINATIONS`, or why it is not known), over the price's
    volume tiers; with ``parquet``, the unpriced conversion of the same GB."""
    if isinstance(kind, Missing):
        return [CostComponent(name, "GB", quantity, kind, tiered=True)]
    found = DESTINATIONS[kind]
    query = PriceQuery.of(
        "AmazonCloudWatch",
        view.region,
        "Data Payload",
        group=found.group,
        usagetype=found.usagetype,
    )
    components = [CostComponent(f"{name} ({found.label})", "GB", quantity, query, tiered=True)]
    if parquet:
        components.append(
            CostComponent(
                "Conversion to Apache Parquet",
                "GB",
                quantity,
                _PARQUET_UNPRICED,
                optional_usage=True,
            )
        )
    return components


def _kind(view: ResourceView, destination: Resource | None) -> str | Missing:
    """S3, FH or CWL: the kind of destination the logs go to, or why it is not known."""
    if destination is None:
        return Missing(
            "unknown",
            "delivery_destination_arn names no aws_cloudwatch_log_delivery_destination in the "
            "plan: whether the logs go to S3, Firehose or CloudWatch Logs is not known",
            "delivery_destination_arn",
        )
    attrs = destination.attributes
    written = read.text(attrs, "delivery_destination_type")
    if isinstance(written, str):
        if written.upper() in DESTINATIONS:
            return written.upper()
        return Missing(
            "unknown",
            f"delivery_destination_type {clip(repr(written))} has no vended-log price "
            f"(priced: {', '.join(DESTINATIONS)})",
            "delivery_destination_type",
        )
    for address in destination.references.get(_ARN_PATH, ()):
        target = view.others.get(address)
        if target is not None and target.type in _BY_RESOURCE:
            return _BY_RESOURCE[target.type]
    arn = read.text(attrs, _ARN_PATH)
    if isinstance(arn, str):
        service = arn.split(":")[2] if arn.count(":") >= 2 else ""
        if service in _BY_ARN_SERVICE:
            return _BY_ARN_SERVICE[service]
    if isinstance(written, Missing):
        return written
    return Missing(
        "unknown",
        "the delivery destination's type and resource are not known before apply",
        "delivery_destination_type",
    )


def _parquet(destination: Resource) -> bool:
    value = read.text(destination.attributes, "output_format")
    return isinstance(value, str) and value.lower() == "parquet"
