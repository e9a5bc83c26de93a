"""aws_kinesis_firehose_delivery_stream: components named from the configuration; the pricing
data has no Firehose price, so in catalog mode each line is unknown with that reason.

Quantities cross-checked with infracost's kinesis_firehose_delivery_stream filters: ingestion
tiers at 500 TB and 2 PB (512,000 / 2,048,000 GB), format conversion and VPC data per GB
ingested, VPC delivery per AZ-hour.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason

S3 = {
    "destination": "extended_s3",
    "extended_s3_configuration": [{"data_format_conversion_configuration": [{"enabled": True}]}],
}
OPENSEARCH_IN_VPC = {
    "destination": "opensearch",
    "opensearch_configuration": [{"vpc_config": [{"subnet_ids": ["subnet-a", "subnet-b"]}]}],
}


def test_s3_stream_with_format_conversion() -> None:
    priced = price(
        make_resource("aws_kinesis_firehose_delivery_stream", S3),
        usage={"monthly_data_ingested_gb": 1000},
    )
    assert_golden("aws_kinesis_firehose_delivery_stream/s3_conversion", golden_rows(priced))
    assert names(priced) == ["Data ingested", "Format conversion"]
    assert component(priced, "Format conversion").monthly_quantity == Decimal(1000)
    assert "AmazonKinesisFirehose" in reason(priced, "Data ingested")  # no offline price


def test_vpc_destination_bills_per_az_hour() -> None:
    priced = price(make_resource("aws_kinesis_firehose_delivery_stream", OPENSEARCH_IN_VPC))
    assert_golden("aws_kinesis_firehose_delivery_stream/opensearch_vpc", golden_rows(priced))
    assert names(priced) == ["Data ingested", "VPC data", "VPC delivery"]
    assert component(priced, "VPC delivery").monthly_quantity == Decimal(2 * 730)
