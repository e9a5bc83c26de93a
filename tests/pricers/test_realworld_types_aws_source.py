"""Real-world types whose price the offline data lacks, through ``--pricing-source aws``: the
real AWS Price List source (botocore) against the loopback Price List server.

As in test_new_types_aws_source, the records are built here in the GetProducts format, priced
at MARKER_USD (a neighbour the query must not pick at another marker): markers to follow through
the estimate, not AWS's price for anything. What is checked is the product each line asks for
and that quantity x the record's price is the cost.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from checker.pricing.aws_api import AwsPriceListSource
from tests.helpers import make_resource, price
from tests.pricers.aws_source_support import (
    AWS_SOURCE_MARKS,
    MARKER,
    MARKER_USD,
    OTHER_MARKER,
    priced_from,
    record,
    served_source,
)

pytestmark = AWS_SOURCE_MARKS


def _in_oregon(item: dict[str, Any]) -> dict[str, Any]:
    attributes = item["product"]["attributes"]
    attributes.update(regionCode="us-west-2", location="US West (Oregon)")
    return item


ITEMS = [
    record(
        "AWSEvents",
        "EventBridge",
        "USE1-Event-8K-Chunks",
        "TESTEVENTSDISCOV",
        MARKER_USD,
        "Events",
        eventType="Discovery Event",
    ),
    # Custom events share the family: eventType and usagetype tell them apart.
    record(
        "AWSEvents",
        "EventBridge",
        "USE1-Event-64K-Chunks",
        "TESTEVENTSCUSTOM",
        OTHER_MARKER,
        "Events",
        eventType="Custom Event",
    ),
    _in_oregon(
        record(
            "AmazonRedshift",
            "Storage Snapshot",
            "USW2-PaidSnapshots",
            "TESTREDSHIFTSNAP",
            MARKER_USD,
            "GB-Mo",
        )
    ),
    # The same family in the cluster's own region: the copy is billed where it is kept.
    record(
        "AmazonRedshift",
        "Storage Snapshot",
        "PaidSnapshots",
        "TESTREDSHIFTUSE1",
        OTHER_MARKER,
        "GB-Mo",
    ),
]


@pytest.fixture
def aws() -> Iterator[AwsPriceListSource]:
    for _, aws in served_source(ITEMS):
        yield aws


def test_schema_discovery_events(aws: AwsPriceListSource) -> None:
    priced = price(
        make_resource("aws_schemas_discoverer", {"source_arn": "arn:aws:events:bus"}),
        usage={"monthly_schema_discovery_events": 3_000_000},
        source=aws,
    )
    line = priced_from(priced, "Schema discovery", "TESTEVENTSDISCOV")
    assert line.monthly_cost == Decimal(3) * Decimal(1_000_000) * MARKER
    assert priced.status == "priced"


def test_copied_snapshots_stored_in_the_destination_region(aws: AwsPriceListSource) -> None:
    priced = price(
        make_resource(
            "aws_redshift_snapshot_copy",
            {"cluster_identifier": "w", "destination_region": "us-west-2"},
        ),
        usage={"snapshot_storage_gb": 250},
        source=aws,
    )
    line = priced_from(priced, "Copied snapshot storage", "TESTREDSHIFTSNAP")
    assert line.monthly_cost == Decimal(250) * MARKER
