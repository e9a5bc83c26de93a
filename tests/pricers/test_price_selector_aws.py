"""Products picked by a :class:`~checker.model.PriceSelector` where only their family and some
attributes are confirmed (ElastiCache Serverless), or where it guards the unit of a product
named by its usagetype (IPAM): the real AWS Price List source (botocore) against the loopback
Price List server, and ``select_price`` on the same records.

The records served are TEST DATA (:func:`derived_record`): built from the genuine EC2 m5.large
record of the shared data, its genuine price borrowed, with the family, attributes and unit of
the product under test. They prove which product is selected (the right one among neighbours,
several passing -> unknown, none -> unknown, the selector in the cache key), not what AWS
charges for it. In catalog mode the lines are unknown: "no offline price", naming the source
that prices them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from checker.cli import main
from checker.model import Price, PriceQuery, PriceSelector, PriceUnavailable
from checker.pricing.aws_api import AwsPriceListSource
from checker.pricing.cache import PriceCache, cache_key
from checker.pricing.price_list import select_price
from checker.resources.base import ResourceView
from checker.resources.databases import aws_elasticache_serverless_cache as serverless
from checker.resources.databases import aws_memorydb_cluster as memorydb
from tests.helpers import catalog, make_resource, price, write_tree
from tests.pricers.aws_source_support import (
    AWS_SOURCE_MARKS,
    derived_record,
    derived_usd,
    fake_session,
    priced_from,
    sent_filters,
    served_source,
)
from tests.pricers.components import component, reason
from tests.pricing_server import PricingServer, serving

pytestmark = AWS_SOURCE_MARKS

SERVICE = "AmazonElastiCache"
FAMILY = "ElastiCache Serverless"
VALKEY_STORED = "TESTDERIVEDVKSTO"
VALKEY_ECPU = "TESTDERIVEDVKECP"
REDIS_STORED = "TESTDERIVEDRDSTO"
REDIS_ECPU = "TESTDERIVEDRDECP"
SNAPSHOTS = "TESTDERIVEDSNAPS"


def _serverless(usagetype: str, sku: str, unit: str, **attributes: str) -> dict[str, Any]:
    return derived_record(
        SERVICE, FAMILY, usagetype, sku, unit, f"ElastiCache Serverless {usagetype}", **attributes
    )


def items() -> list[dict[str, Any]]:
    """One product of each kind per engine, as the family holds them: the selector must tell
    them apart by usagetype (and unit), the engine filter by cacheEngine."""
    return [
        _serverless("USE1-ElastiCache:CachedData", VALKEY_STORED, "GB-Hours", cacheEngine="Valkey"),
        _serverless(
            "USE1-ElastiCache:ElastiCacheProcessingUnits",
            VALKEY_ECPU,
            "ECPU",
            cacheEngine="Valkey",
        ),
        _serverless("USE1-ElastiCache:CachedData", REDIS_STORED, "GB-Hours", cacheEngine="Redis"),
        _serverless(
            "USE1-ElastiCache:ElastiCacheProcessingUnits",
            REDIS_ECPU,
            "ECPU",
            cacheEngine="Redis",
        ),
        _serverless("USE1-ElastiCache:BackupUsage", SNAPSHOTS, "GB-Mo"),
    ]


USD = derived_usd(items()[0])  # the genuine price the records borrow, read, never typed


@pytest.fixture
def source() -> Iterator[tuple[PricingServer, AwsPriceListSource]]:
    yield from served_source(items())


VALUES = {"engine": "valkey", "snapshot_retention_limit": 1}
USAGE = {"average_data_stored_gb": 3, "monthly_ecpus": 30_000_000, "snapshot_storage_size_gb": 2}


def test_each_line_gets_its_own_product(source: tuple[PricingServer, AwsPriceListSource]) -> None:
    server, aws = source
    priced = price(
        make_resource("aws_elasticache_serverless_cache", VALUES), usage=USAGE, source=aws
    )
    stored = priced_from(priced, "Data stored (Valkey)", VALKEY_STORED)
    assert stored.monthly_cost == Decimal(3 * 730) * USD
    ecpus = priced_from(priced, "ElastiCache Processing Units (Valkey)", VALKEY_ECPU)
    # Shown per 1M ECPUs over the per-ECPU price.
    assert ecpus.monthly_quantity == Decimal(30)
    assert ecpus.monthly_cost == Decimal(30_000_000) * USD
    snapshots = priced_from(priced, "Snapshot storage", SNAPSHOTS)
    assert snapshots.monthly_cost == Decimal(2) * USD
    assert priced.status == "priced"
    # The filters are the confirmed vocabulary only; the usagetype is chosen on the answers.
    sent = sent_filters(server, SERVICE)
    base = {("regionCode", "us-east-1"), ("productFamily", FAMILY)}
    assert base | {("cacheEngine", "Valkey")} in sent
    assert base in sent  # snapshots: no engine (ElastiCache backups carry none)


def test_redis_engine_is_the_price_list_s_redis(
    source: tuple[PricingServer, AwsPriceListSource],
) -> None:
    _, aws = source
    priced = price(
        make_resource("aws_elasticache_serverless_cache", {"engine": "redis"}),
        usage={"average_data_stored_gb": 1, "monthly_ecpus": 10**6},
        source=aws,
    )
    priced_from(priced, "Data stored (Redis OSS)", REDIS_STORED)
    priced_from(priced, "ElastiCache Processing Units (Redis OSS)", REDIS_ECPU)


def test_several_passing_is_unknown_never_the_first() -> None:
    twin = _serverless(
        "USE1-ElastiCache:ServerlessCachedData",
        "TESTDERIVEDTWIN1",
        "GB-Hours",
        cacheEngine="Valkey",
    )
    for ordered in ([*items(), twin], [twin, *items()]):
        with serving(ordered, page_size=2) as server:
            aws = AwsPriceListSource(fake_session(), endpoint_url=server.url)
            priced = price(
                make_resource("aws_elasticache_serverless_cache", VALUES), usage=USAGE, source=aws
            )
        why = reason(priced, "Data stored (Valkey)")
        assert "ambiguous: 2 products" in why
        assert VALKEY_STORED in why and "TESTDERIVEDTWIN1" in why
        assert 'usagetype containing "CachedData"' in why
        assert component(priced, "Data stored (Valkey)").monthly_cost is None
        # The other lines are still priced from their one product.
        priced_from(priced, "ElastiCache Processing Units (Valkey)", VALKEY_ECPU)


def test_a_price_per_million_is_never_taken_for_a_price_per_ecpu() -> None:
    """The unit guards the quantity's meaning: the only ECPU product is per 1M ECPUs (not a
    unit the line is shown over), so the line is unknown, saying which unit was found."""
    per_million = _serverless(
        "USE1-ElastiCache:ElastiCacheProcessingUnits",
        "TESTDERIVEDMECPU",
        "Million ECPUs",
        cacheEngine="Valkey",
    )
    served = [i for i in items() if i["product"]["sku"] != VALKEY_ECPU] + [per_million]
    with serving(served, page_size=2) as server:
        aws = AwsPriceListSource(fake_session(), endpoint_url=server.url)
        priced = price(
            make_resource("aws_elasticache_serverless_cache", VALUES), usage=USAGE, source=aws
        )
    why = reason(priced, "ElastiCache Processing Units (Valkey)")
    assert "none has unit ECPU or ECPUs or ElastiCacheProcessingUnits" in why
    assert "USE1-ElastiCache:ElastiCacheProcessingUnits (Million ECPUs)" in why
    assert priced.status == "unknown"


def test_none_passing_is_unknown_saying_what_was_asked() -> None:
    served = [i for i in items() if i["product"]["sku"] != VALKEY_STORED]
    with serving(served, page_size=2) as server:
        aws = AwsPriceListSource(fake_session(), endpoint_url=server.url)
        priced = price(
            make_resource("aws_elasticache_serverless_cache", VALUES), usage=USAGE, source=aws
        )
    why = reason(priced, "Data stored (Valkey)")
    assert "1 product(s) in the AWS Price List API match" in why
    assert "productFamily=ElastiCache Serverless, cacheEngine=Valkey" in why
    assert 'none has usagetype containing "CachedData"' in why
    assert "USE1-ElastiCache:ElastiCacheProcessingUnits (ECPU)" in why


def test_catalog_mode_says_no_offline_price() -> None:
    priced = price(make_resource("aws_elasticache_serverless_cache", VALUES), usage=USAGE)
    for line in ("Data stored (Valkey)", "ElastiCache Processing Units (Valkey)"):
        why = reason(priced, line)
        assert why.startswith("no offline price: ")  # said once, not "no price: no offline..."
        assert "no offline price: the catalog holds no such product" in why
        assert "price it with --pricing-source aws" in why
        assert "no public source confirms" not in why
    assert component(priced, "Data stored (Valkey)").monthly_quantity == Decimal(3 * 730)
    assert priced.status == "unknown"


# --- IPAM: the usagetype named by AWS's docs, the unit guarding its meaning --------------------


def _vpc(usagetype: str, sku: str, unit: str) -> dict[str, Any]:
    return derived_record("AmazonVPC", "TEST DATA", usagetype, sku, unit, usagetype)


def test_ipam_active_ips_by_usagetype_and_hourly_unit() -> None:
    served = [
        _vpc("USE1-IPAddressManager-IP-Hours", "TESTDERIVEDIPAM1", "Hrs"),
        # Neighbours no family filter leaves out: the usagetype does.
        _vpc("USE1-PublicIPv4:InUseAddress", "TESTDERIVEDIPV41", "Hrs"),
        _vpc("USE2-IPAddressManager-IP-Hours", "TESTDERIVEDIPAM2", "Hrs"),
    ]
    with serving(served, page_size=2) as server:
        aws = AwsPriceListSource(fake_session(), endpoint_url=server.url)
        priced = price(
            make_resource("aws_vpc_ipam", {}), usage={"active_ip_addresses": 250}, source=aws
        )
        sent = sent_filters(server, "AmazonVPC")
    line = priced_from(priced, "Active IP addresses (advanced tier)", "TESTDERIVEDIPAM1")
    assert line.monthly_cost == Decimal(250 * 730) * USD
    assert sent and all(filters == {("regionCode", "us-east-1")} for filters in sent)


def test_ipam_priced_other_than_by_the_hour_is_unknown() -> None:
    served = [_vpc("USE1-IPAddressManager-IP-Hours", "TESTDERIVEDIPAMM", "IP-Mo")]
    with serving(served, page_size=2) as server:
        aws = AwsPriceListSource(fake_session(), endpoint_url=server.url)
        priced = price(
            make_resource("aws_vpc_ipam", {}), usage={"active_ip_addresses": 250}, source=aws
        )
    why = reason(priced, "Active IP addresses (advanced tier)")
    assert "none has unit Hrs" in why and "(IP-Mo)" in why
    assert priced.status == "unknown"


# --- MemoryDB Valkey: the engine named by the product, not by a confirmed usagetype ----------


def _memorydb(usagetype: str, sku: str, unit: str, description: str) -> dict[str, Any]:
    return derived_record("AmazonMemoryDB", "TEST DATA", usagetype, sku, unit, description)


def _memorydb_items() -> list[dict[str, Any]]:
    """Valkey and Redis OSS products sharing their usagetypes, told apart by description."""
    return [
        _memorydb("USE1-NodeUsage:db.r6g.large", "TESTDERIVEDRDR6G", "Hrs", "Redis OSS node"),
        _memorydb("USE1-NodeUsage:db.r6g.large", "TESTDERIVEDVKR6G", "Hrs", "Valkey node"),
        _memorydb("USE1-NodeUsage:db.r6g.xlarge", "TESTDERIVEDVKR6X", "Hrs", "Valkey node"),
        _memorydb("USE1-DataWritten", "TESTDERIVEDRDWRT", "GB", "Redis OSS data written"),
        _memorydb("USE1-DataWritten", "TESTDERIVEDVKWRT", "GB", "Valkey data written"),
    ]


def test_memorydb_valkey_nodes_and_data_written() -> None:
    values = {"engine": "valkey", "node_type": "db.r6g.large", "num_shards": 2}
    with serving(_memorydb_items(), page_size=2) as server:
        aws = AwsPriceListSource(fake_session(), endpoint_url=server.url)
        valkey = price(
            make_resource("aws_memorydb_cluster", values),
            usage={"monthly_data_written_gb": 40},
            source=aws,
        )
        redis = price(
            make_resource("aws_memorydb_cluster", {**values, "engine": "redis"}),
            usage={"monthly_data_written_gb": 40},
            source=aws,
        )
    nodes = priced_from(
        valkey, "MemoryDB nodes (Valkey, on-demand, db.r6g.large)", "TESTDERIVEDVKR6G"
    )
    assert nodes.monthly_cost == Decimal(2 * 2 * 730) * USD
    written = priced_from(valkey, "Data written", "TESTDERIVEDVKWRT")
    assert written.monthly_cost == Decimal(40) * USD
    assert valkey.status == "priced"
    # Redis OSS asks by exact usagetype, which both engines share here: unknown, never a guess.
    why = reason(redis, "MemoryDB nodes (Redis OSS, on-demand, db.r6g.large)")
    assert why.startswith("no price: ambiguous: 2 products")


def test_memorydb_data_written_is_tiered_for_valkey_only() -> None:
    """Valkey's data written is spread over whatever tiers its price carries, Redis OSS's is
    one rate: the served test records have one tier each, so the flag is read on the pricer's
    component itself."""
    tiered = {}
    for engine in ("valkey", "redis"):
        view = ResourceView(
            make_resource("aws_memorydb_cluster", {"engine": engine, "node_type": "db.r6g.large"}),
            usage={"monthly_data_written_gb": 40},
            schema=memorydb.USAGE,
        )
        (written,) = (c for c in memorydb.price(view) if c.name == "Data written")
        tiered[engine] = written.tiered
    assert tiered == {"valkey": True, "redis": False}


def test_memorydb_valkey_without_its_product_is_unknown() -> None:
    served = [i for i in _memorydb_items() if "Valkey" not in str(i)]
    with serving(served, page_size=2) as server:
        aws = AwsPriceListSource(fake_session(), endpoint_url=server.url)
        priced = price(
            make_resource(
                "aws_memorydb_cluster", {"engine": "valkey", "node_type": "db.r6g.large"}
            ),
            source=aws,
        )
    why = reason(priced, "MemoryDB nodes (Valkey, on-demand, db.r6g.large)")
    assert 'none has unit Hrs, usagetype containing "NodeUsage"' in why
    assert 'usagetype or price description mentioning "Valkey"' in why


# --- AppSync MEDIUM and SMALL caches: the usagetype by the t2 node's memory -----------------


def _appsync_cache(memory: str, sku: str) -> dict[str, Any]:
    usagetype = f"USE1-AppSyncCacheUsage:{memory}GB"
    return derived_record("AWSAppSync", "API Calls", usagetype, sku, "Hrs", usagetype)


def test_appsync_medium_and_small_caches_by_memory() -> None:
    served = [
        _appsync_cache("3.22", "TESTDERIVEDAS322"),
        _appsync_cache("12.3", "TESTDERIVEDAS123"),
    ]
    with serving(served, page_size=2) as server:
        aws = AwsPriceListSource(fake_session(), endpoint_url=server.url)
        medium = {
            cache_type: price(
                make_resource("aws_appsync_api_cache", {"type": cache_type}), source=aws
            )
            for cache_type in ("MEDIUM", "T2_MEDIUM")
        }
        small = price(make_resource("aws_appsync_api_cache", {"type": "SMALL"}), source=aws)
    for cache_type, priced in medium.items():
        line = priced_from(priced, f"Cache ({cache_type})", "TESTDERIVEDAS322")
        assert line.monthly_cost == Decimal(730) * USD
    # No 1.55 GB product served: unknown, saying which usagetype was asked, never a neighbour.
    why = reason(small, "Cache (SMALL)")
    assert "none has usagetype AppSyncCacheUsage:1.55GB" in why
    assert small.status == "unknown"


# --- select_price, the catalog and the cache on the same selector ---------------------------


def _query(selector: PriceSelector) -> PriceQuery:
    return PriceQuery.of(SERVICE, "us-east-1", FAMILY, cacheEngine="Valkey").selecting(selector)


def _valkey(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    # What the server's cacheEngine filter leaves: select_price sees only the answers.
    return [r for r in records if r["product"]["attributes"].get("cacheEngine") == "Valkey"]


def test_select_price_picks_by_selector() -> None:
    answer = select_price(_query(serverless.DATA_STORED), _valkey(items()))
    assert isinstance(answer, Price)
    assert answer.reference.startswith(VALKEY_STORED)
    assert answer.unit == "GB-Hours"
    # A word may be in the price description instead of the usagetype (case-insensitive).
    # ("Serverless USE1-..." is only in the record's description.)
    described = PriceSelector(mentions=("SERVERLESS use1-elasticache:cacheddata",))
    by_description = select_price(_query(described), _valkey(items()))
    assert isinstance(by_description, Price)
    assert by_description.reference.startswith(VALKEY_STORED)
    by_unit = select_price(_query(PriceSelector(units=("GB-Hours",))), _valkey(items()))
    assert isinstance(by_unit, Price) and by_unit.reference.startswith(VALKEY_STORED)
    both = select_price(_query(PriceSelector(mentions=("ElastiCache",))), _valkey(items()))
    assert isinstance(both, PriceUnavailable)
    assert both.reason.startswith("ambiguous: 2 products")


def test_a_query_without_selector_is_unchanged() -> None:
    plain = PriceQuery.of(SERVICE, "us-east-1", FAMILY, cacheEngine="Valkey")
    answer = select_price(plain, _valkey(items()))
    assert isinstance(answer, PriceUnavailable) and answer.reason.startswith("ambiguous")
    assert "answer with" not in plain.describe()
    assert (
        'answer with usagetype containing "CachedData"' in _query(serverless.DATA_STORED).describe()
    )


def test_the_catalog_words_a_query_as_it_describes_itself() -> None:
    """One wording of what a query asks (PriceQuery.asked): in its description and in the
    catalog's reason, which names the region apart."""
    query = _query(serverless.DATA_STORED)
    asked = 'cacheEngine=Valkey; answer with usagetype containing "CachedData"'
    assert query.asked() == asked
    assert query.describe() == f"{SERVICE}/{FAMILY} in us-east-1 ({asked})"
    answer = catalog().lookup([query])[query]
    assert isinstance(answer, PriceUnavailable)
    assert f"({SERVICE}/{FAMILY} ({asked}) in us-east-1)" in answer.reason
    plain = PriceQuery.of(SERVICE, "us-east-1", FAMILY, cacheEngine="Valkey")
    assert plain.asked() == "cacheEngine=Valkey"


def test_selector_needs_something_to_select_by() -> None:
    with pytest.raises(ValueError, match="a unit or a word"):
        PriceSelector()
    # A missing comma, an empty word: each would pass what it should not, so neither is made.
    with pytest.raises(TypeError, match=r"PriceSelector\.units must be a tuple"):
        PriceSelector(units="Hrs")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"PriceSelector\.usagetype_has must be a tuple"):
        PriceSelector(usagetype_has=("",))
    with pytest.raises(TypeError, match=r"PriceSelector\.mentions must be a tuple"):
        PriceSelector(mentions=["Valkey"])  # type: ignore[arg-type]


def test_catalog_applies_the_selector_to_its_products() -> None:
    """ElastiCache backups are in the catalog (family Storage Snapshot): a selector that
    accepts the one product prices it from the catalog; one that rejects it is no offline
    price, whatever the product's filters matched. A selector with ``mentions`` is never
    answered: the catalog keeps no price descriptions, so it cannot see what the API would."""
    query = PriceQuery.of(SERVICE, "us-east-1", "Storage Snapshot")
    plain = catalog().lookup([query])[query]
    assert isinstance(plain, Price)
    accepted = query.selecting(PriceSelector(units=(plain.unit,), usagetype_has=("backupusage",)))
    rejected = query.selecting(PriceSelector(units=("GB-Hours",)))
    described = query.selecting(PriceSelector(mentions=("snapshot storage",)))
    # The one product's usagetype holds the word: still unanswered (the API might find two).
    mentioned = query.selecting(PriceSelector(mentions=("BackupUsage",)))
    # Many Valkey node products pass: unknown, never the first.
    several = PriceQuery.of(SERVICE, "us-east-1", "Cache Instance", cacheEngine="Valkey").selecting(
        PriceSelector(units=("Hrs",), usagetype_has=("NodeUsage",))
    )
    answers = catalog().lookup([accepted, rejected, described, mentioned, several])
    assert answers[accepted] == plain
    why: dict[PriceQuery, str] = {}
    for unpriced in (rejected, described, mentioned, several):
        answer = answers[unpriced]
        assert isinstance(answer, PriceUnavailable), unpriced
        why[unpriced] = answer.reason
        assert answer.reason.startswith("no offline price: ")
        assert answer.reason.endswith("price it with --pricing-source aws")
    assert why[rejected].startswith("no offline price: the catalog holds no such product")
    for unconfirmed, word in ((described, "'snapshot storage'"), (mentioned, "'BackupUsage'")):
        assert why[unconfirmed].startswith(
            f"no offline price: the catalog keeps no price descriptions to confirm {word}"
        )
    assert "catalog products match it" in why[several]


# The queries one Valkey and one Redis OSS serverless cache send, in the order a source gets them.
_SENT_ORDER = """
from checker.estimate import price_resources
from tests.helpers import make_resource

class Recording:
    name = "recording"
    def lookup(self, queries):
        print(*(q.describe() for q in queries), sep="\\n")
        return {}

price_resources(
    [make_resource("aws_elasticache_serverless_cache", {"engine": e}) for e in ("valkey", "redis")],
    Recording(),
)
"""


def test_queries_reach_the_source_in_one_order_whatever_the_hash_seed() -> None:
    """Stored data and ECPUs differ only in their selector: without it in the sort key, their
    order (and so the requests') followed the set's, which follows the hash seed."""
    orders = {
        subprocess.run(
            [sys.executable, "-c", _SENT_ORDER],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(4)
    }
    assert len(orders) == 1, orders
    sent = orders.pop().splitlines()
    assert len(sent) == 4  # stored data and ECPUs per engine
    expected = [("Redis", "CachedData"), ("Redis", "ECPU"), ("Valkey", "CachedData")]
    expected.append(("Valkey", "ECPU"))
    for line, (engine, word) in zip(sent, expected, strict=True):
        assert f"cacheEngine={engine};" in line and word in line, line


def test_the_selector_is_part_of_the_cache_key(tmp_path: Path) -> None:
    plain = PriceQuery.of(SERVICE, "us-east-1", FAMILY, cacheEngine="Valkey")
    stored, ecpus = _query(serverless.DATA_STORED), _query(serverless.ECPUS)
    keys = {cache_key("aws", q) for q in (plain, stored, ecpus)}
    assert len(keys) == 3
    # A key without a selector is what it was before selectors existed.
    assert cache_key("aws", plain) == (
        '["aws","AmazonElastiCache","us-east-1","ElastiCache Serverless",'
        '[["cacheEngine","Valkey"]]]'
    )
    cache = PriceCache(tmp_path / "cache.sqlite3")
    with serving(items(), page_size=2) as server:
        aws = AwsPriceListSource(fake_session(), endpoint_url=server.url, cache=cache)
        first = aws.lookup([stored, ecpus])
        asked = len(server.requests)
        again = aws.lookup([stored, ecpus])
        assert len(server.requests) == asked  # both served from the cache
    assert first == again
    assert first[stored] != first[ecpus]
    for query, sku in ((stored, VALKEY_STORED), (ecpus, VALKEY_ECPU)):
        answer = first[query]
        assert isinstance(answer, Price) and answer.reference.startswith(sku)
    cache.close()


# --- end to end: the CLI, catalog mode then --pricing-source aws -----------------------------

CONFIG = """
provider "aws" {
  region = "us-east-1"
}

resource "aws_elasticache_serverless_cache" "cache" {
  name                     = "cache"
  engine                   = "valkey"
  snapshot_retention_limit = 1
}

resource "aws_vpc_ipam" "ipam" {
  operating_regions {
    region_name = "us-east-1"
  }
}
"""

USAGE_FILE = """
version: 0.1
resource_usage:
  aws_elasticache_serverless_cache.cache:
    average_data_stored_gb: 3
    monthly_ecpus: 30000000
    snapshot_storage_size_gb: 2
  aws_vpc_ipam.ipam:
    active_ip_addresses: 250
"""


def test_through_the_cli_in_hcl_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = write_tree(tmp_path / "cfg", {"main.tf": CONFIG, "usage.yml": USAGE_FILE})
    args = ["breakdown", code, "--usage-file", code / "usage.yml", "--no-cache", "--format", "json"]

    def by_address(result: Result) -> dict[str, dict[str, Any]]:
        assert "Traceback" not in result.output
        assert result.exit_code == 0, result.output
        return {r["address"]: r for r in json.loads(result.stdout)["resources"]}

    offline = by_address(_run(*args))
    for resource in offline.values():
        assert resource["status"] == "unknown"
        for line in resource["components"]:
            assert "no offline price: " in line["unknown_reason"], line
            assert "price it with --pricing-source aws" in line["unknown_reason"], line

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    served = [*items(), _vpc("USE1-IPAddressManager-IP-Hours", "TESTDERIVEDIPAM1", "Hrs")]
    with serving(served, page_size=2) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_PRICING", server.url)
        live = by_address(_run(*args, "--pricing-source", "aws"))
    expected = {
        "aws_elasticache_serverless_cache.cache": Decimal(3 * 730 + 30_000_000 + 2) * USD,
        "aws_vpc_ipam.ipam": Decimal(250 * 730) * USD,
    }
    for address, cost in expected.items():
        assert live[address]["status"] == "priced", live[address]
        assert Decimal(live[address]["monthly_cost"]) == cost, address
    # The test records share one borrowed price: only the SKU tells a swap of products apart.
    skus = {
        line["name"]: line["price_source"]["reference"].split(".")[0]
        for resource in live.values()
        for line in resource["components"]
    }
    assert skus == {
        "Data stored (Valkey)": VALKEY_STORED,
        "ElastiCache Processing Units (Valkey)": VALKEY_ECPU,
        "Snapshot storage": SNAPSHOTS,
        "Active IP addresses (advanced tier)": "TESTDERIVEDIPAM1",
    }


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
