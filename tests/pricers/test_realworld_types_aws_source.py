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
from pathlib import Path
from typing import Any

import boto3
import pytest

from checker.pricing.aws_api import AwsPriceListSource
from tests.helpers import make_resource, price
from tests.pricers.components import component
from tests.pricers.test_new_types_aws_source import MARKER_USD, record
from tests.pricing_server import (
    PricingServer,
    isolate_aws_environment,
    pricing_data_dir,
    serving,
)

pytestmark = pytest.mark.skipif(
    not (pricing_data_dir() / "region_location_map.json").is_file(),
    reason="shared pricing data not found (set COSTCHECK_PRICING_DATA)",
)

MARKER = Decimal(MARKER_USD)
OTHER_MARKER = "2"  # a neighbour's marker: seeing it in a cost means the wrong product was picked


@pytest.fixture(autouse=True)
def _no_aws_from_this_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_aws_environment(monkeypatch, tmp_path)


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
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    server: PricingServer
    with serving(ITEMS, page_size=2) as server:
        yield AwsPriceListSource(session, endpoint_url=server.url)


def test_schema_discovery_events(aws: AwsPriceListSource) -> None:
    priced = price(
        make_resource("aws_schemas_discoverer", {"source_arn": "arn:aws:events:bus"}),
        usage={"monthly_schema_discovery_events": 3_000_000},
        source=aws,
    )
    line = component(priced, "Schema discovery")
    assert line.price is not None and line.price.reference.startswith("TESTEVENTSDISCOV")
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
    line = component(priced, "Copied snapshot storage")
    assert line.price is not None and line.price.reference.startswith("TESTREDSHIFTSNAP")
    assert line.monthly_cost == Decimal(250) * MARKER
