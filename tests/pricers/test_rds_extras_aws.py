"""Extended Support and Performance Insights go to ``--pricing-source aws``: the Price List API
is asked for them (a loopback GetProducts server serving genuine items), with the usage types
AWS bills; the offline catalog has no such prices."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from checker.pricing.aws_api import AwsPriceListSource
from tests.helpers import make_resource, price
from tests.pricers.components import component
from tests.pricing_server import genuine_items, isolate_aws_environment, serving


@pytest.fixture(autouse=True)
def _no_aws_from_this_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_aws_environment(monkeypatch, tmp_path)


def test_extended_support_and_performance_insights_are_asked_of_the_price_list_api() -> None:
    resource = make_resource(
        "aws_db_instance",
        {
            "engine": "mysql",
            "engine_version": "5.7.44",
            "instance_class": "db.r4.large",
            "allocated_storage": 100,
            "multi_az": True,
            "performance_insights_enabled": True,
            "performance_insights_retention_period": 93,
        },
        region="ap-northeast-1",
    )
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    with serving(list(genuine_items().values()), page_size=5) as server:
        source = AwsPriceListSource(session, endpoint_url=server.url)
        priced = price(resource, source=source)
        bodies = [request.body for request in server.requests]
    # The genuine db.r4.large MySQL Multi-AZ item prices the hours through the API...
    hours = component(priced, "Database instance (MySQL, on-demand, Multi-AZ, db.r4.large)")
    assert hours.price is not None and hours.price.source == "aws"
    # ...and the Extended Support and Performance Insights lines were asked of it as well.
    families = {
        next((f["Value"] for f in body["Filters"] if f["Field"] == "productFamily"), None)
        for body in bodies
        if body["ServiceCode"] == "AmazonRDS"
    }
    assert "Performance Insights" in families
    assert None in families  # Extended Support: no family filter, matched on its usage type
    support = component(priced, "Extended Support (MySQL 5.7, years 1-2)")
    assert support.monthly_quantity == 2 * 730
    # The loopback server holds no such product: unknown, with the API's answer as the reason.
    assert "ExtendedSupport:Yr1-Yr2:MySQL5.7" in (support.unknown_reason or "")
