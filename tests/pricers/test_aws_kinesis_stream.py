"""aws_kinesis_stream: provisioned shards and PUT units, or on-demand stream-hours and ingest.

Prices read from pricing-data (QP, 2025-06-18, us-east-1): AmazonKinesis "Kinesis Streams"
Storage-ShardHour 0.015 ("Provisioned shard hour"), PutRequestPayloadUnits 0.000000014,
OnDemand-StreamHour 0.04, OnDemand-BilledIncomingBytes 0.08 GB.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, names, reason


def test_provisioned_shards_and_put_units() -> None:
    priced = price(
        make_resource("aws_kinesis_stream", {"shard_count": 4}),
        usage={"monthly_provisioned_put_units": 100_000_000},
    )
    assert_golden("aws_kinesis_stream/provisioned", golden_rows(priced))
    assert monthly(priced, "Shards") == Decimal("43.8")  # 4 x 730 x 0.015
    assert monthly(priced, "PUT payload units") == Decimal("1.4")  # 100 x $0.014 per 1M


def test_on_demand_stream_and_optional_lines() -> None:
    values = {"stream_mode_details": [{"stream_mode": "ON_DEMAND"}]}
    priced = price(make_resource("aws_kinesis_stream", values))
    assert_golden("aws_kinesis_stream/on_demand", golden_rows(priced))
    assert names(priced) == ["Stream", "Data ingested"]
    assert monthly(priced, "Stream") == Decimal("29.2")  # 730 x 0.04
    with_usage = price(
        make_resource("aws_kinesis_stream", values),
        usage={"monthly_on_demand_data_in_gb": 100, "monthly_on_demand_data_out_gb": 200},
    )
    assert monthly(with_usage, "Data ingested") == Decimal("8")
    assert "OnDemandDataRetrieval" in reason(with_usage, "Data retrieval")  # not in the data
