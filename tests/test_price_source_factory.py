"""Choosing the price source: catalog, aws, and auto (the API where it answers, the catalog for
every other price)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.model import Price, PriceQuery, PriceResult, PriceTier, PriceUnavailable
from checker.pricing.aws_api import AwsPriceListSource
from checker.pricing.cache import CACHE_FILE, open_cache
from checker.pricing.factory import AutoSource, has_aws_credentials, make_price_source
from checker.pricing.source import PriceSource
from tests.pricing_server import (
    ACCESS_DENIED,
    THROTTLING,
    PricingServer,
    genuine_items,
    isolate_aws_environment,
    pricing_data_dir,
    serving,
)
from tests.test_aws_pricing import EBS_IO1, EC2_M5

pytestmark = pytest.mark.skipif(
    not (pricing_data_dir() / "examples").is_dir(),
    reason="genuine PriceList items not found (set COSTCHECK_PRICING_DATA)",
)

EC2_M5_IRELAND = dataclasses.replace(EC2_M5, region="eu-west-1")  # not on the test server
NOWHERE = PriceQuery.of("AmazonEC2", "eu-west-1", "Compute Instance", instanceType="x9.huge")


class FakeCatalog:
    """A stand-in catalog that knows one price and records what it was asked."""

    name = "catalog"

    def __init__(self) -> None:
        self.asked: list[PriceQuery] = []

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        self.asked.extend(queries)
        return {q: self._answer(q) for q in queries}

    @staticmethod
    def _answer(query: PriceQuery) -> PriceResult:
        if query.region == "eu-west-1" and query.attributes == EC2_M5.attributes:
            return Price((PriceTier(Decimal("0.107")),), "Hrs", "catalog", "2025-06-18", "fake")
        return PriceUnavailable(f"fake catalog: no {query.describe()}")


@pytest.fixture(autouse=True)
def _no_aws_from_this_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_aws_environment(monkeypatch, tmp_path)


@pytest.fixture
def mock_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


@pytest.fixture
def server() -> Iterator[PricingServer]:
    with serving(list(genuine_items().values()), page_size=1) as srv:
        yield srv


def auto(server: PricingServer, catalog: PriceSource) -> PriceSource:
    return make_price_source("auto", endpoint_url=server.url, catalog_factory=lambda: catalog)


def test_auto_without_credentials_is_the_catalog_alone(server: PricingServer) -> None:
    catalog = FakeCatalog()
    source = auto(server, catalog)

    answers = source.lookup([EC2_M5_IRELAND, NOWHERE])

    assert source.name == "auto"
    assert isinstance(source, AutoSource) and source.api is None
    assert answers[EC2_M5_IRELAND].source == "catalog"  # type: ignore[union-attr]
    missing = answers[NOWHERE]
    assert isinstance(missing, PriceUnavailable)
    assert missing.reason.endswith("(AWS API not used: no AWS credentials found)")
    assert server.requests == []


@pytest.mark.usefixtures("mock_credentials")
def test_auto_with_credentials_falls_back_to_the_catalog_per_price(server: PricingServer) -> None:
    catalog = FakeCatalog()
    source = auto(server, catalog)

    answers = source.lookup([EC2_M5, EC2_M5_IRELAND, NOWHERE, EC2_M5])

    from_api = answers[EC2_M5]
    assert isinstance(from_api, Price) and from_api.source == "aws"
    assert from_api.unit_price == Decimal("0.096")
    from_catalog = answers[EC2_M5_IRELAND]
    assert isinstance(from_catalog, Price) and from_catalog.source == "catalog"
    neither = answers[NOWHERE]
    assert isinstance(neither, PriceUnavailable)
    assert neither.reason.startswith("AWS API: no product in the AWS Price List API matches")
    assert "; catalog: fake catalog: no AmazonEC2" in neither.reason
    assert catalog.asked == [EC2_M5_IRELAND, NOWHERE]  # the API's price is not asked again
    assert len(server.requests) == 3


@pytest.mark.usefixtures("mock_credentials")
def test_auto_answers_from_the_catalog_when_the_api_refuses(
    server: PricingServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.fail_always(ACCESS_DENIED)
    catalog = FakeCatalog()

    with caplog.at_level(logging.WARNING, logger="checker.pricing.factory"):
        answers = auto(server, catalog).lookup([EC2_M5, EC2_M5_IRELAND])

    assert answers[EC2_M5_IRELAND].source == "catalog"  # type: ignore[union-attr]
    refused = answers[EC2_M5]
    assert isinstance(refused, PriceUnavailable)
    assert "pricing:GetProducts" in refused.reason and "catalog: fake catalog" in refused.reason
    [warning] = caplog.records  # one warning, not one per price
    assert "needs the IAM permission pricing:GetProducts" in warning.getMessage()
    assert "--pricing-source catalog" not in warning.getMessage()  # auto already falls back


@pytest.mark.usefixtures("mock_credentials")
def test_auto_falls_back_for_the_one_query_that_failed(server: PricingServer) -> None:
    # One worker asks in query order; one attempt: the first query's throttle is final.
    server.fail_next(THROTTLING)
    first = EC2_M5_IRELAND
    api = AwsPriceListSource(endpoint_url=server.url, max_workers=1, max_attempts=1)
    catalog = FakeCatalog()

    answers = AutoSource(lambda: catalog, api).lookup([first, EBS_IO1])

    assert answers[first].source == "catalog"  # type: ignore[union-attr]
    assert answers[EBS_IO1].source == "aws"  # type: ignore[union-attr]
    assert catalog.asked == [first]


@pytest.mark.usefixtures("mock_credentials")
def test_auto_does_not_open_the_catalog_when_the_api_answers_everything(
    server: PricingServer,
) -> None:
    def no_catalog() -> PriceSource:
        raise AssertionError("the catalog was opened")

    source = make_price_source("auto", endpoint_url=server.url, catalog_factory=no_catalog)

    assert source.lookup([EC2_M5])[EC2_M5].source == "aws"  # type: ignore[union-attr]


def test_credentials_are_found_without_a_network_call(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert has_aws_credentials() is False

    credentials = tmp_path / "credentials"
    credentials.write_text("[ci]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    assert has_aws_credentials("ci") is True
    assert has_aws_credentials() is False  # the default profile has none
    monkeypatch.setenv("AWS_PROFILE", "ci")
    assert has_aws_credentials() is True


def test_a_container_credentials_endpoint_counts_without_being_called(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/unused")

    assert has_aws_credentials() is True


def test_a_missing_profile_means_no_credentials_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")

    with caplog.at_level(logging.WARNING, logger="checker.pricing.factory"):
        assert has_aws_credentials() is False

    assert "no-such-profile" in caplog.text


@pytest.mark.usefixtures("mock_credentials")
def test_aws_source_caches_in_the_cache_folder(server: PricingServer, tmp_path: Path) -> None:
    source = make_price_source("aws", endpoint_url=server.url)
    assert isinstance(source, AwsPriceListSource)

    source.lookup([EC2_M5])
    make_price_source("aws", endpoint_url=server.url).lookup([EC2_M5])

    assert (tmp_path / "costcheck-cache" / CACHE_FILE).is_file()  # $COSTCHECK_CACHE_DIR
    assert len(server.requests) == 1


@pytest.mark.usefixtures("mock_credentials")
def test_the_cache_can_be_turned_off(server: PricingServer, tmp_path: Path) -> None:
    for _ in range(2):
        make_price_source("aws", endpoint_url=server.url, use_cache=False).lookup([EC2_M5])

    assert len(server.requests) == 2
    assert not (tmp_path / "costcheck-cache").exists()


def test_catalog_kind_is_the_catalog() -> None:
    catalog = FakeCatalog()

    assert make_price_source("catalog", catalog_factory=lambda: catalog) is catalog


def test_an_unknown_kind_is_an_input_error() -> None:
    with pytest.raises(InputError, match="use one of catalog, aws, auto"):
        make_price_source("cheapest")  # type: ignore[arg-type]


@pytest.mark.usefixtures("mock_credentials")
def test_auto_with_the_real_catalog(server: PricingServer) -> None:
    pytest.importorskip("checker.pricing.catalog")

    source = make_price_source("auto", endpoint_url=server.url)
    answers = source.lookup([EC2_M5, EC2_M5_IRELAND])

    from_api = answers[EC2_M5]
    assert isinstance(from_api, Price) and from_api.source == "aws"
    assert from_api.tiers == (PriceTier(Decimal("0.096")),)
    ireland = answers[EC2_M5_IRELAND]
    assert isinstance(ireland, Price) and ireland.source == "catalog"
    assert ireland.unit_price == Decimal("0.107")  # spot-checked against terracost's SKU


@pytest.mark.usefixtures("mock_credentials")
def test_botocore_endpoint_variable_reaches_the_source_and_keeps_its_own_cache(
    server: PricingServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # What the CLI gets with no endpoint option: botocore's own AWS_ENDPOINT_URL_PRICING.
    monkeypatch.setenv("AWS_ENDPOINT_URL_PRICING", server.url)
    cache = open_cache(tmp_path / "cache")
    assert cache is not None
    cache.put("aws", EC2_M5, PriceUnavailable("what AWS itself said"))

    answer = make_price_source("aws", cache_dir=tmp_path / "cache").lookup([EC2_M5])[EC2_M5]

    assert isinstance(answer, Price) and answer.unit_price == Decimal("0.096")
    assert len(server.requests) == 1


def test_a_named_profile_is_checked_probed_and_used_in_one_session(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: PricingServer
) -> None:
    """--aws-profile: the profile is checked, its credentials found and the API asked with
    them, all from one session (the AWS files are read once); the default profile has none."""
    credentials = tmp_path / "profiles"
    credentials.write_text("[ci]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))

    source = make_price_source(
        "auto", endpoint_url=server.url, profile="ci", catalog_factory=FakeCatalog
    )

    assert isinstance(source, AutoSource) and source.api is not None
    assert source.lookup([EC2_M5])[EC2_M5].source == "aws"  # type: ignore[union-attr]
    with pytest.raises(InputError, match="'nobody' is not defined"):
        make_price_source("auto", endpoint_url=server.url, profile="nobody")


def test_an_environment_profile_that_does_not_exist_fails_when_the_api_is_asked(
    monkeypatch: pytest.MonkeyPatch, server: PricingServer
) -> None:
    """AWS_PROFILE naming no profile: no session can be made up front, so the aws source says
    why at its first question (exit 3), as before; auto prices from the catalog."""
    from checker.errors import PricingError

    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")

    api = make_price_source("aws", endpoint_url=server.url, use_cache=False)
    with pytest.raises(PricingError, match="cannot set up the AWS SDK"):
        api.lookup([EC2_M5])
    fallback = make_price_source("auto", endpoint_url=server.url, catalog_factory=FakeCatalog)
    assert isinstance(fallback, AutoSource) and fallback.api is None
