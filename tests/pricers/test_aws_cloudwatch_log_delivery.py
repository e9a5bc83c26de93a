"""aws_cloudwatch_log_delivery: vended logs priced by the kind of destination the delivery's
destination resource names (S3, Firehose, CloudWatch Logs)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from checker.model import Price, PriceQuery, Resource
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason

DESTINATION = "aws_cloudwatch_log_delivery_destination.logs"


def _destination(values: Mapping[str, Any], **kwargs: Any) -> Resource:
    return make_resource("aws_cloudwatch_log_delivery_destination", values, name="logs", **kwargs)


def _delivery() -> Resource:
    return make_resource(
        "aws_cloudwatch_log_delivery",
        {"delivery_source_name": "cf", "delivery_destination_arn": "arn:aws:logs:x"},
        references={"delivery_destination_arn": (DESTINATION,)},
    )


def _priced(destination: Resource, gb: int | None = None, others: Sequence[Resource] = ()) -> Any:
    usage = {"monthly_logs_delivered_gb": gb} if gb is not None else None
    return price(_delivery(), others=[destination, *others], usage=usage)


def _vended(group: str, usagetype: str) -> Price:
    query = PriceQuery.of(
        "AmazonCloudWatch", "us-east-1", "Data Payload", group=group, usagetype=usagetype
    )
    found = catalog().lookup([query])[query]
    assert isinstance(found, Price)
    return found


def test_s3_destination_over_the_volume_tiers() -> None:
    # 15 TB: the first 10 TB at the first tier, the rest at the second.
    priced = _priced(_destination({"delivery_destination_type": "S3"}), gb=15_360)
    assert_golden("aws_cloudwatch_log_delivery/s3", golden_rows(priced))
    tiers = _vended("Delivered Logs", "S3-Egress-Bytes").tiers
    assert priced.monthly_cost == 10_240 * tiers[0].usd + 5_120 * tiers[1].usd
    assert priced.status == "priced"


def test_parquet_conversion_is_named_and_waits_for_usage() -> None:
    destination = _destination({"delivery_destination_type": "S3", "output_format": "parquet"})
    priced = _priced(destination)
    assert names(priced) == ["Vended logs delivered (S3)", "Conversion to Apache Parquet"]
    assert priced.status == "usage"
    assert "Parquet" in reason(priced, "Conversion to Apache Parquet")
    assert _priced(destination, gb=100).status == "unknown"


def test_kind_from_the_resource_the_destination_refers_to() -> None:
    group = make_resource("aws_cloudwatch_log_group", {"name": "/aws/vendedlogs/x"}, name="g")
    destination = _destination(
        {"delivery_destination_configuration": [{"destination_resource_arn": "arn"}]},
        unknown=["delivery_destination_type"],
        references={
            "delivery_destination_configuration.0.destination_resource_arn": (
                "aws_cloudwatch_log_group.g",
            )
        },
    )
    priced = _priced(destination, gb=10, others=[group])
    # Within the first volume tier: one line, named with it.
    line = component(priced, "Vended logs delivered (CloudWatch Logs) (first 10,240 GB)")
    assert line.unit_price == _vended("Ingested Logs", "VendedLog-Bytes").tiers[0].usd


def test_kind_from_the_destination_arn() -> None:
    arn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/logs"
    destination = _destination(
        {"delivery_destination_configuration": [{"destination_resource_arn": arn}]}
    )
    priced = _priced(destination, gb=10)
    line = component(priced, "Vended logs delivered (Firehose) (first 10,240 GB)")
    first = _vended("Delivered Logs", "FH-Egress-Bytes").tiers[0].usd
    assert line.monthly_cost == Decimal(10) * first


def test_no_destination_in_the_plan_is_unknown() -> None:
    alone = make_resource("aws_cloudwatch_log_delivery", {"delivery_destination_arn": "arn:x"})
    priced = price(alone)
    assert priced.status == "unknown"
    assert "S3, Firehose or CloudWatch Logs" in reason(priced, "Vended logs delivered")
