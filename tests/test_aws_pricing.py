"""The AWS Price List API source, through botocore's real serializer, signer, retries and parser,
against a loopback server that serves genuine PriceList items."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest

from checker.errors import EXIT_PRICING_UNAVAILABLE, PricingError
from checker.model import Price, PriceQuery, PriceTier, PriceUnavailable
from checker.pricing.aws_api import AwsPriceListSource
from checker.pricing.cache import PriceCache
from tests.pricing_server import (
    ACCESS_DENIED,
    THROTTLING,
    PricingServer,
    ec2_variants,
    genuine_items,
    isolate_aws_environment,
    pricing_data_dir,
    serving,
    unused_port,
)

pytestmark = pytest.mark.skipif(
    not (pricing_data_dir() / "examples").is_dir(),
    reason="genuine PriceList items not found (set COSTCHECK_PRICING_DATA)",
)

EC2_M5 = PriceQuery.of(
    "AmazonEC2",
    "us-east-1",
    "Compute Instance",
    capacitystatus="Used",
    instanceType="m5.large",
    licenseModel="No License required",
    operatingSystem="Linux",
    operation="RunInstances",
    preInstalledSw="NA",
    tenancy="Shared",
    usagetype="BoxUsage:m5.large",
)
RDS_R4 = PriceQuery.of(
    "AmazonRDS",
    "ap-northeast-1",
    "Database Instance",
    databaseEngine="MySQL",
    deploymentOption="Multi-AZ",
    instanceType="db.r4.large",
    licenseModel="No license required",
    usagetype="Multi-AZUsage:db.r4.large",
)
EBS_IO1 = PriceQuery.of(
    "AmazonEC2",
    "ca-central-1",
    "Storage",
    volumeType="Provisioned IOPS",
    usagetype="EBS:VolumeUsage.piops",
)
M5_SKU_RATE = "6C86BEPQVG73ZGGR.JRTCKXETXF.6YS6EN2CT7"


@pytest.fixture(autouse=True)
def _no_aws_from_this_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_aws_environment(monkeypatch, tmp_path)


@pytest.fixture
def session() -> boto3.Session:
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture
def server() -> Iterator[PricingServer]:
    items = genuine_items()
    m5 = items["ec2_m5.large_us-east-1_linux_priceitem"]
    with serving([*items.values(), *ec2_variants(m5)], page_size=1) as srv:
        yield srv


def source(server: PricingServer, session: boto3.Session, **kwargs: Any) -> AwsPriceListSource:
    return AwsPriceListSource(session, endpoint_url=server.url, **kwargs)


def m5_variant(**changes: str) -> PriceQuery:
    """The m5.large query with some attributes changed or (value "") dropped."""
    attributes = dict(EC2_M5.attributes) | changes
    return PriceQuery.of(
        "AmazonEC2",
        "us-east-1",
        "Compute Instance",
        **{k: v for k, v in attributes.items() if v},
    )


def test_exact_prices_from_the_genuine_items(server: PricingServer, session: boto3.Session) -> None:
    answers = source(server, session).lookup([EC2_M5, RDS_R4, EBS_IO1])

    assert answers[EC2_M5] == Price(
        tiers=(PriceTier(usd=Decimal("0.096"), begin=Decimal(0), end=None),),
        unit="Hrs",
        source="aws",
        as_of="2021-02-01",
        reference=M5_SKU_RATE,
    )
    assert str(answers[EC2_M5].unit_price) == "0.096"  # type: ignore[union-attr]
    assert answers[RDS_R4] == Price(
        tiers=(PriceTier(usd=Decimal("0.57")),),
        unit="Hrs",
        source="aws",
        as_of="2018-10-01",
        reference="D8GBHQEK73G5ADCK.JRTCKXETXF.6YS6EN2CT7",
    )
    assert answers[EBS_IO1] == Price(
        tiers=(PriceTier(usd=Decimal("0.138")),),
        unit="GB-Mo",
        source="aws",
        as_of="2017-08-01",
        reference="WQGC34PB2AWS8R4U.JRTCKXETXF.6YS6EN2CT7",
    )


def test_the_filters_sent_for_an_ec2_query(server: PricingServer, session: boto3.Session) -> None:
    source(server, session).lookup([EC2_M5])

    [request] = server.requests
    assert request.body == {
        "ServiceCode": "AmazonEC2",
        "Filters": [
            {"Type": "TERM_MATCH", "Field": "regionCode", "Value": "us-east-1"},
            {"Type": "TERM_MATCH", "Field": "productFamily", "Value": "Compute Instance"},
            {"Type": "TERM_MATCH", "Field": "capacitystatus", "Value": "Used"},
            {"Type": "TERM_MATCH", "Field": "instanceType", "Value": "m5.large"},
            {"Type": "TERM_MATCH", "Field": "licenseModel", "Value": "No License required"},
            {"Type": "TERM_MATCH", "Field": "operatingSystem", "Value": "Linux"},
            {"Type": "TERM_MATCH", "Field": "operation", "Value": "RunInstances"},
            {"Type": "TERM_MATCH", "Field": "preInstalledSw", "Value": "NA"},
            {"Type": "TERM_MATCH", "Field": "tenancy", "Value": "Shared"},
        ],
        "FormatVersion": "aws_v1",
        "MaxResults": 100,
    }
    assert request.headers["X-Amz-Target"] == "AWSPriceListService.GetProducts"
    assert request.headers["Content-Type"] == "application/x-amz-json-1.1"
    assert "Credential=testing/" in request.headers["Authorization"]
    assert "/us-east-1/pricing/aws4_request" in request.headers["Authorization"]


def test_no_product_family_means_no_family_filter(
    server: PricingServer, session: boto3.Session
) -> None:
    query = PriceQuery.of("AmazonEC2", "ca-central-1", None, usagetype="EBS:VolumeUsage.piops")

    answer = source(server, session).lookup([query])[query]

    assert isinstance(answer, Price) and answer.unit_price == Decimal("0.138")
    assert server.requests[0].body["Filters"] == [
        {"Type": "TERM_MATCH", "Field": "regionCode", "Value": "ca-central-1"}
    ]


def test_pages_are_followed_with_next_token(server: PricingServer, session: boto3.Session) -> None:
    # Without capacitystatus two products match (Used and UnusedCapacityReservation): two pages.
    query = m5_variant(capacitystatus="")

    answer = source(server, session).lookup([query])[query]

    assert isinstance(answer, Price) and answer.reference == M5_SKU_RATE
    first, second = server.requests
    assert "NextToken" not in first.body
    assert second.body["NextToken"]
    assert second.body["Filters"] == first.body["Filters"]


def test_usagetype_is_matched_on_the_answer_with_the_region_prefix_stripped(
    server: PricingServer, session: boto3.Session
) -> None:
    wrong_type = PriceQuery.of(
        "AmazonEC2", "ca-central-1", "Storage", volumeType="Provisioned IOPS",
        usagetype="EBS:VolumeUsage.gp2",
    )  # fmt: skip
    answers = source(server, session).lookup([EBS_IO1, RDS_R4, wrong_type])

    # Live CAN1-EBS:VolumeUsage.piops and APN1-Multi-AZUsage:db.r4.large match unprefixed types.
    assert isinstance(answers[EBS_IO1], Price)
    assert isinstance(answers[RDS_R4], Price)
    missing = answers[wrong_type]
    assert isinstance(missing, PriceUnavailable)
    assert "none has usagetype EBS:VolumeUsage.gp2" in missing.reason
    assert "CAN1-EBS:VolumeUsage.piops" in missing.reason
    assert all(f["Field"] != "usagetype" for r in server.requests for f in r.body["Filters"])


def test_the_usagetype_filter_picks_one_product_among_several(
    server: PricingServer, session: boto3.Session
) -> None:
    # Used (BoxUsage) and UnusedCapacityReservation (UnusedBox) both match the filters.
    query = m5_variant(capacitystatus="")
    unused = m5_variant(capacitystatus="", usagetype="UnusedBox:m5.large")

    answers = source(server, session).lookup([query, unused])

    assert answers[query].reference == M5_SKU_RATE  # type: ignore[union-attr]
    assert answers[unused].reference.startswith("DERIVEDUNUSED001.")  # type: ignore[union-attr]


def test_several_products_are_ambiguous_not_a_guess(
    server: PricingServer, session: boto3.Session
) -> None:
    # Linux and Windows BYOL m5.large share usagetype BoxUsage:m5.large.
    query = m5_variant(capacitystatus="", operatingSystem="", licenseModel="", operation="")

    answer = source(server, session).lookup([query])[query]

    assert isinstance(answer, PriceUnavailable)
    assert answer.reason.startswith("ambiguous: 2 products")
    assert "6C86BEPQVG73ZGGR" in answer.reason and "DERIVEDBYOLWIN01" in answer.reason
    assert "operatingSystem: Linux | Windows" in answer.reason
    assert len(server.requests) == 3  # three matching products, one a page


def test_no_product_echoes_the_filters(server: PricingServer, session: boto3.Session) -> None:
    query = m5_variant(instanceType="m5.xlarge", usagetype="BoxUsage:m5.xlarge")

    answer = source(server, session).lookup([query])[query]

    assert answer == PriceUnavailable(
        "no product in the AWS Price List API matches ServiceCode=AmazonEC2, "
        "regionCode=us-east-1, productFamily=Compute Instance, capacitystatus=Used, "
        "instanceType=m5.xlarge, licenseModel=No License required, operatingSystem=Linux, "
        "operation=RunInstances, preInstalledSw=NA, tenancy=Shared and usagetype "
        "BoxUsage:m5.xlarge"
    )


def test_one_call_sequence_per_distinct_query(
    server: PricingServer, session: boto3.Session
) -> None:
    answers = source(server, session).lookup([EC2_M5, RDS_R4, EC2_M5, EBS_IO1, RDS_R4, EC2_M5])

    assert set(answers) == {EC2_M5, RDS_R4, EBS_IO1}
    assert sorted(r.body["ServiceCode"] for r in server.requests) == [
        "AmazonEC2", "AmazonEC2", "AmazonRDS",
    ]  # fmt: skip


def many_queries() -> list[PriceQuery]:
    """Three that the server prices and nine that it does not (other sizes, other regions)."""
    others = [
        m5_variant(instanceType=size, usagetype=f"BoxUsage:{size}")
        for size in ("m5.xlarge", "m5.2xlarge", "m5.4xlarge")
    ]
    regions = [
        PriceQuery.of("AmazonEC2", region, "Storage", volumeType="Provisioned IOPS",
                      usagetype="EBS:VolumeUsage.piops")
        for region in ("us-east-2", "eu-west-1", "ap-south-1", "sa-east-1", "eu-north-1",
                       "us-west-2")
    ]  # fmt: skip
    return [EC2_M5, RDS_R4, EBS_IO1, *others, *regions]


def test_parallel_lookups_give_the_sequential_answers(session: boto3.Session) -> None:
    queries = many_queries()
    items = genuine_items()
    with serving(list(items.values()), delay=0.05) as slow:
        sequential = source(slow, session, max_workers=1).lookup(queries)
        assert slow.max_in_flight == 1
        parallel = source(slow, session, max_workers=6).lookup(queries)
        assert slow.max_in_flight > 1

    assert parallel == sequential
    assert sum(isinstance(a, Price) for a in parallel.values()) == 3
    assert len(slow.requests) == 2 * len(queries)


def test_throttling_is_retried_then_succeeds(server: PricingServer, session: boto3.Session) -> None:
    server.fail_next(THROTTLING, times=2)

    answer = source(server, session, max_attempts=3).lookup([EC2_M5])[EC2_M5]

    assert isinstance(answer, Price) and answer.unit_price == Decimal("0.096")
    attempts = [
        next(p.strip() for p in r.headers["amz-sdk-request"].split(";") if "attempt=" in p)
        for r in server.requests
    ]
    assert attempts == ["attempt=1", "attempt=2", "attempt=3"]


def test_throttling_past_the_retries_is_a_pricing_error(
    server: PricingServer, session: boto3.Session
) -> None:
    server.fail_always(THROTTLING)

    with pytest.raises(PricingError, match="ThrottlingException after 2 attempts") as caught:
        source(server, session, max_attempts=2).lookup([EC2_M5])

    assert caught.value.exit_code == EXIT_PRICING_UNAVAILABLE
    assert "--pricing-source catalog" in caught.value.message
    assert len(server.requests) == 2


def test_access_denied_names_the_permission_and_stops_the_other_queries(
    server: PricingServer, session: boto3.Session
) -> None:
    server.fail_always(ACCESS_DENIED)

    with pytest.raises(PricingError, match="pricing:GetProducts") as caught:
        source(server, session, max_workers=1).lookup([EC2_M5, RDS_R4, EBS_IO1])

    assert "not authorized" in caught.value.message
    assert len(server.requests) == 1  # not retried, and the queued queries were not sent


def test_no_credentials_is_a_pricing_error_that_says_what_to_do(server: PricingServer) -> None:
    no_credentials = AwsPriceListSource(endpoint_url=server.url)  # default session: none found

    with pytest.raises(PricingError) as caught:
        no_credentials.lookup([EC2_M5])

    message = caught.value.message
    assert message.startswith("no usable AWS credentials")
    assert "AWS_ACCESS_KEY_ID" in message and "--pricing-source catalog" in message
    assert server.requests == []


def test_a_profile_that_does_not_exist_is_a_pricing_error(server: PricingServer) -> None:
    with pytest.raises(PricingError, match=r"cannot set up the AWS SDK: .*no-such-profile"):
        AwsPriceListSource(profile="no-such-profile", endpoint_url=server.url).lookup([EC2_M5])

    assert server.requests == []


def test_an_unreachable_endpoint_is_a_pricing_error(session: boto3.Session) -> None:
    closed = AwsPriceListSource(
        session, endpoint_url=f"http://127.0.0.1:{unused_port()}", max_attempts=2
    )

    with pytest.raises(PricingError, match=r"cannot reach http://127\.0\.0\.1:"):
        closed.lookup([EC2_M5])


def test_a_cache_hit_sends_no_request(
    server: PricingServer, session: boto3.Session, tmp_path: Path
) -> None:
    cache = PriceCache(tmp_path / "prices.sqlite3")
    missing = m5_variant(instanceType="m5.xlarge", usagetype="BoxUsage:m5.xlarge")
    first = source(server, session, cache=cache).lookup([EC2_M5, missing])
    sent = len(server.requests)

    again = source(server, session, cache=PriceCache(tmp_path / "prices.sqlite3")).lookup(
        [EC2_M5, missing]
    )

    assert len(server.requests) == sent == 2
    assert again == first
    assert isinstance(again[missing], PriceUnavailable)


def test_expired_cache_entries_are_asked_again(
    server: PricingServer, session: boto3.Session, tmp_path: Path
) -> None:
    now = [1_700_000_000.0]
    cache = PriceCache(tmp_path / "p.sqlite3", ttl=timedelta(days=7), clock=lambda: now[0])
    cached = source(server, session, cache=cache)

    cached.lookup([EC2_M5])
    now[0] += timedelta(days=7).total_seconds() - 1
    cached.lookup([EC2_M5])
    assert len(server.requests) == 1
    now[0] += 2
    answer = cached.lookup([EC2_M5])[EC2_M5]

    assert len(server.requests) == 2
    assert isinstance(answer, Price) and answer.unit_price == Decimal("0.096")


def test_a_corrupt_cache_is_rebuilt_with_a_warning(
    server: PricingServer,
    session: boto3.Session,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "p.sqlite3"
    path.write_bytes(b"this is not an SQLite database" * 100)

    with caplog.at_level(logging.WARNING):
        answer = source(server, session, cache=PriceCache(path)).lookup([EC2_M5])[EC2_M5]

    assert "is unreadable" in caplog.text and "rebuilding it empty" in caplog.text
    assert isinstance(answer, Price)
    source(server, session, cache=PriceCache(path)).lookup([EC2_M5])
    assert len(server.requests) == 1  # the rebuilt cache served the second lookup
