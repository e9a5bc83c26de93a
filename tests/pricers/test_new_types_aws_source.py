"""New types priced through ``--pricing-source aws``: the real AWS Price List source (botocore's
serializer, signer and parser) against the loopback Price List server, answering with product
records built here in the GetProducts format.

A type the catalog prices gets a record carrying the catalog's genuine price (read from the
catalog at test time, with its genuine SKU), so both sources must agree. A type the offline data
has no price for gets a record whose price is MARKER_USD: a marker to follow through the
estimate, not a price of anything (no genuine price for those products is stored offline); the
test checks that the pricer's query finds the product AWS lists (service, family, attributes,
region-prefixed usagetype) and that quantity x the record's price is the cost.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import boto3
import pytest

from checker.model import Price, PriceQuery
from checker.pricing.aws_api import AwsPriceListSource
from tests.helpers import catalog, make_resource, price
from tests.pricers.aws_source_support import (
    AWS_SOURCE_MARKS,
    MARKER_USD,
    any_sent_filters,
    fake_session,
    priced_from,
    record,
)
from tests.pricers.components import component, monthly, unit_price
from tests.pricing_server import PricingServer, serving

pytestmark = AWS_SOURCE_MARKS


def catalog_price(query: PriceQuery) -> Price:
    answer = catalog().lookup([query])[query]
    assert isinstance(answer, Price), answer
    return answer


def genuine_sku(found: Price) -> str:
    """The SKU in a QuinnyPig reference (``...json#SKU.OFFER.RATE``)."""
    return found.reference.rsplit("#", 1)[1].split(".", 1)[0]


@pytest.fixture
def session() -> boto3.Session:
    return fake_session()


COMPOSITE = PriceQuery.of(
    "AmazonCloudWatch", "us-east-1", "Alarm", usagetype="CW:CompositeAlarmMonitorUsage"
)


def items() -> Sequence[Mapping[str, Any]]:
    composite = catalog_price(COMPOSITE)
    return [
        record(
            "AmazonCloudWatch",
            "Alarm",
            "USE1-CW:CompositeAlarmMonitorUsage",
            genuine_sku(composite),
            str(composite.unit_price),
            "Alarms",
            group="Alarm",
        ),
        record(
            "AWSSystemsManager",
            "AWS Systems Manager",
            "USE1-PS-Advanced-Param-Tier1",
            "TESTSSMADVPARAM1",
            MARKER_USD,
            "Hrs",
        ),
        record(
            "AWSSystemsManager",
            "API Request",
            "USE1-PS-Param-Processed-Tier2",
            "TESTSSMAPITIER21",
            MARKER_USD,
            "Requests",
        ),
        record(
            "AWSEvents",
            "EventBridge",
            "USE1-Event-64K-Chunks",
            "TESTEVENTSCUSTOM",
            MARKER_USD,
            "Events",
            eventType="Custom Event",
        ),
        # The partner-event product shares the usagetype: eventType tells them apart.
        record(
            "AWSEvents",
            "EventBridge",
            "USE1-Event-64K-Chunks",
            "TESTEVENTSPARTNR",
            MARKER_USD,
            "Events",
            eventType="Partner Event",
        ),
        # A neighbour the host query must not pick: another family's hosts.
        record("AmazonEC2", "Dedicated Host", "USE1-HostUsage:c5", "TESTHOSTC5000001", "2", "Hrs"),
        record(
            "AmazonEC2",
            "Dedicated Host",
            "USE1-HostUsage:m5",
            "TESTHOSTM5000001",
            MARKER_USD,
            "Hrs",
        ),
        record(
            "ElasticMapReduce",
            "Elastic Map Reduce Instance",
            "USE1-BoxUsage:m5.xlarge",
            "TESTEMRM5XLARGE1",
            MARKER_USD,
            "Hrs",
            instanceType="m5.xlarge",
            softwareType="EMR",
        ),
    ]


@pytest.fixture
def server() -> Iterator[PricingServer]:
    with serving(items(), page_size=2) as srv:
        yield srv


def aws(server: PricingServer, session: boto3.Session) -> AwsPriceListSource:
    return AwsPriceListSource(session, endpoint_url=server.url)


def test_composite_alarm_agrees_with_the_catalog(
    server: PricingServer, session: boto3.Session
) -> None:
    resource = make_resource("aws_cloudwatch_composite_alarm", {"alarm_rule": "ALARM(a)"})
    from_aws = price(resource, source=aws(server, session))
    from_catalog = price(resource)
    line = "Composite alarm"
    assert component(from_aws, line).price is not None
    assert component(from_aws, line).price.source == "aws"  # type: ignore[union-attr]
    assert monthly(from_aws, line) == monthly(from_catalog, line)


def test_ssm_advanced_parameter(server: PricingServer, session: boto3.Session) -> None:
    priced = price(
        make_resource("aws_ssm_parameter", {"tier": "Advanced"}),
        usage={"api_throughput_limit": "advanced", "monthly_api_interactions": 30_000},
        source=aws(server, session),
    )
    assert priced.status == "priced"
    storage = component(priced, "Parameter storage (advanced)")
    assert storage.monthly_quantity == Decimal(730)
    assert storage.monthly_cost == Decimal(730) * Decimal(MARKER_USD)
    api = "API interactions (advanced)"
    # 3 blocks of 10k, each priced 10,000 x the per-interaction price.
    assert component(priced, api).monthly_quantity == Decimal(3)
    assert unit_price(priced, api) == Decimal(10_000) * Decimal(MARKER_USD)
    sent = any_sent_filters(server, "AWSSystemsManager")
    assert ("productFamily", "AWS Systems Manager") in sent
    assert ("regionCode", "us-east-1") in sent


def test_event_bus_custom_events_pick_the_custom_product(
    server: PricingServer, session: boto3.Session
) -> None:
    priced = price(
        make_resource("aws_cloudwatch_event_bus", {"name": "orders"}),
        usage={"monthly_custom_events": 2_000_000},
        source=aws(server, session),
    )
    custom = priced_from(priced, "Custom events published", "TESTEVENTSCUSTOM")
    assert custom.monthly_cost == Decimal(2) * Decimal(1_000_000) * Decimal(MARKER_USD)


def test_dedicated_host_by_family(server: PricingServer, session: boto3.Session) -> None:
    priced = price(
        make_resource("aws_ec2_host", {"instance_type": "m5.large"}), source=aws(server, session)
    )
    hours = priced_from(priced, "Dedicated host (on-demand, m5)", "TESTHOSTM5000001")
    assert hours.monthly_cost == Decimal(730) * Decimal(MARKER_USD)


def test_emr_surcharge_beside_the_ec2_hours(server: PricingServer, session: boto3.Session) -> None:
    """The EMR surcharge is found by instance type and softwareType (the test server holds no
    EC2 product, so the node's EC2 hours are unknown here; the catalog prices them)."""
    cluster = make_resource(
        "aws_emr_cluster", {"master_instance_group": [{"instance_type": "m5.xlarge"}]}
    )
    priced = price(cluster, source=aws(server, session))
    surcharge = priced_from(priced, "Master (m5.xlarge): EMR surcharge", "TESTEMRM5XLARGE1")
    assert surcharge.monthly_cost == Decimal(730) * Decimal(MARKER_USD)
