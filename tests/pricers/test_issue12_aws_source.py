"""Issue #12's named types through ``--pricing-source aws``: the real AWS Price List source
(botocore) against the loopback Price List server.

The server holds product records built here in the GetProducts format, priced at MARKER_USD (or
OTHER_MARKER for a neighbour the query must not pick): markers to follow through the estimate,
not AWS's price for anything (no genuine price for these products is stored offline). What the
tests check is the request (service code and the filters the modules cite: terracost's for FSx,
Infracost's for Direct Connect), the product picked, and quantity x the record's price; and
that a type whose Price List product is not confirmed sends no request at all (the products
picked by a selector, ElastiCache Serverless's, IPAM's and MemoryDB Valkey's, are tested in
test_price_selector_aws.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from checker.cli import main
from checker.pricing.aws_api import AwsPriceListSource
from tests.helpers import make_resource, price, write_tree
from tests.pricers.aws_source_support import (
    AWS_SOURCE_MARKS,
    MARKER,
    MARKER_USD,
    OTHER_MARKER,
    priced_from,
    record,
    sent_filters,
    served_source,
)
from tests.pricers.components import component, reason
from tests.pricing_server import PricingServer, serving

pytestmark = AWS_SOURCE_MARKS

FSX = "AmazonFSx"
DX = "AWSDirectConnect"
MEMORYDB = "AmazonMemoryDB"
APPSYNC = "AWSAppSync"


def fsx(family: str, usagetype: str, sku: str, usd: str, unit: str, **attrs: str) -> dict[str, Any]:
    return record(FSX, family, usagetype, sku, usd, unit, **attrs)


def items() -> Sequence[Mapping[str, Any]]:
    return [
        fsx(
            "Storage",
            "USE1-Storage.SSD.250",
            "TESTLUSTRESSD250",
            MARKER_USD,
            "GB-Mo",
            fileSystemType="Lustre",
            deploymentOption="Persistent",
            storageType="SSD",
            throughputCapacity="250",
        ),
        # Another throughput tier of the same storage: the throughputCapacity filter leaves it.
        fsx(
            "Storage",
            "USE1-Storage.SSD.125",
            "TESTLUSTRESSD125",
            OTHER_MARKER,
            "GB-Mo",
            fileSystemType="Lustre",
            deploymentOption="Persistent",
            storageType="SSD",
            throughputCapacity="125",
        ),
        fsx(
            "Storage",
            "USE1-BackupUsage",
            "TESTLUSTREBACKUP",
            MARKER_USD,
            "GB-Mo",
            fileSystemType="Lustre",
            deploymentOption="Persistent",
        ),
        fsx(
            "Storage",
            "USE1-Storage.MultiAZ:SSD",
            "TESTONTAPSSDMAZ1",
            MARKER_USD,
            "GB-Mo",
            fileSystemType="ONTAP",
            deploymentOption="Multi-AZ",
            storageType="SSD",
        ),
        fsx(
            "Storage",
            "USE1-Storage:SSD",
            "TESTONTAPSSDSAZ1",
            OTHER_MARKER,
            "GB-Mo",
            fileSystemType="ONTAP",
            deploymentOption="Single-AZ",
            storageType="SSD",
        ),
        fsx(
            "Provisioned Throughput",
            "USE1-ThroughputCapacity.MultiAZ",
            "TESTONTAPTPUTMAZ",
            MARKER_USD,
            "MiBps-Mo",
            fileSystemType="ONTAP",
            deploymentOption="Multi-AZ",
        ),
        fsx(
            "Storage",
            "USE1-BackupUsage",
            "TESTONTAPBACKUP1",
            MARKER_USD,
            "GB-Mo",
            fileSystemType="ONTAP",
            deploymentOption="N/A",
        ),
        record(
            APPSYNC,
            "API Calls",
            "USE1-AppSyncCacheUsage:12.3GB",
            "TESTAPPSYNC123GB",
            MARKER_USD,
            "Hrs",
        ),
        # The next size up: the usagetype leaves it out.
        record(
            APPSYNC,
            "API Calls",
            "USE1-AppSyncCacheUsage:25.05GB",
            "TESTAPPSYNC2505G",
            OTHER_MARKER,
            "Hrs",
        ),
        record(MEMORYDB, "", "USE1-NodeUsage:db.r6g.large", "TESTMEMDBR6GLRG1", MARKER_USD, "Hrs"),
        # Another node type: the usagetype leaves it out.
        record(
            MEMORYDB, "", "USE1-NodeUsage:db.r6g.xlarge", "TESTMEMDBR6GXL01", OTHER_MARKER, "Hrs"
        ),
        record(MEMORYDB, "", "USE1-DataWritten", "TESTMEMDBWRITTEN", MARKER_USD, "GB"),
        record(
            DX,
            "Direct Connect",
            "USE1-EqDC2-PortUsage:1G",
            "TESTDXEQDC21GDED",
            MARKER_USD,
            "Hrs",
            capacity="1G",
        ),
        # The same location's hosted 1G port, and another location's dedicated one: the
        # usagetype leaves them out.
        record(
            DX,
            "Direct Connect",
            "USE1-EqDC2-HCPortUsage:1G",
            "TESTDXEQDC21GHC1",
            OTHER_MARKER,
            "Hrs",
            capacity="1G",
        ),
        record(
            DX,
            "Direct Connect",
            "USE1-EqNY5-PortUsage:1G",
            "TESTDXEQNY51GDED",
            OTHER_MARKER,
            "Hrs",
            capacity="1G",
        ),
    ]


@pytest.fixture
def source() -> Iterator[tuple[PricingServer, AwsPriceListSource]]:
    yield from served_source(items())


def test_fsx_lustre_persistent_storage_by_throughput_tier(
    source: tuple[PricingServer, AwsPriceListSource],
) -> None:
    server, aws = source
    values = {
        "storage_capacity": 2400,
        "deployment_type": "PERSISTENT_2",
        "per_unit_storage_throughput": 250,
    }
    priced = price(
        make_resource("aws_fsx_lustre_file_system", values),
        usage={"backup_storage_gb": 300},
        source=aws,
    )
    storage = priced_from(priced, "SSD storage (PERSISTENT_2, 250 MB/s/TiB)", "TESTLUSTRESSD250")
    assert storage.monthly_cost == Decimal(2400) * MARKER
    priced_from(priced, "Backup storage", "TESTLUSTREBACKUP")
    assert priced.status == "priced"
    assert priced.monthly_cost == Decimal(2700) * MARKER
    # terracost's filters: family, file system type, deployment option, storage type, tier.
    assert {
        ("regionCode", "us-east-1"),
        ("productFamily", "Storage"),
        ("fileSystemType", "Lustre"),
        ("deploymentOption", "Persistent"),
        ("storageType", "SSD"),
        ("throughputCapacity", "250"),
    } in sent_filters(server, FSX)


def test_fsx_ontap_storage_throughput_and_backups(
    source: tuple[PricingServer, AwsPriceListSource],
) -> None:
    server, aws = source
    values = {"storage_capacity": 1024, "deployment_type": "MULTI_AZ_1", "throughput_capacity": 256}
    priced = price(
        make_resource("aws_fsx_ontap_file_system", values),
        usage={"backup_storage_gb": 100, "capacity_pool_storage_gb": 500},
        source=aws,
    )
    assert component(priced, "SSD storage").monthly_cost == Decimal(1024) * MARKER
    assert component(priced, "Throughput capacity").monthly_cost == Decimal(256) * MARKER
    assert component(priced, "Backup storage").monthly_cost == Decimal(100) * MARKER
    # Capacity pool storage has no confirmed product: unknown, whatever the source.
    assert "no public source confirms" in reason(priced, "Capacity pool storage")
    assert priced.status == "unknown"
    sent = sent_filters(server, FSX)
    assert {
        ("regionCode", "us-east-1"),
        ("productFamily", "Provisioned Throughput"),
        ("fileSystemType", "ONTAP"),
        ("deploymentOption", "Multi-AZ"),
    } in sent
    assert ("deploymentOption", "N/A") in set().union(*sent)


def test_dx_connection_port_hours_by_location_and_capacity(
    source: tuple[PricingServer, AwsPriceListSource],
) -> None:
    server, aws = source
    priced = price(
        make_resource("aws_dx_connection", {"bandwidth": "1Gbps", "location": "EqDC2"}),
        source=aws,
    )
    port = priced_from(priced, "DX connection (1G, EqDC2)", "TESTDXEQDC21GDED")
    assert port.monthly_cost == Decimal(730) * MARKER
    # One query (paged): Infracost's filters; the usagetype is matched on the answers.
    assert {frozenset(s) for s in sent_filters(server, DX)} == {
        frozenset(
            {
                ("regionCode", "us-east-1"),
                ("productFamily", "Direct Connect"),
                ("capacity", "1G"),
            }
        )
    }


def test_dx_hosted_connection_picks_the_hosted_port(
    source: tuple[PricingServer, AwsPriceListSource],
) -> None:
    _, aws = source
    priced = price(
        make_resource("aws_dx_connection", {"bandwidth": "1Gbps", "location": "EqDC2"}),
        usage={"dx_connection_type": "hosted"},
        source=aws,
    )
    priced_from(priced, "DX connection (hosted, 1G, EqDC2)", "TESTDXEQDC21GHC1")


def test_memorydb_redis_nodes_and_data_written_by_usagetype(
    source: tuple[PricingServer, AwsPriceListSource],
) -> None:
    server, aws = source
    values = {
        "engine": "redis",
        "node_type": "db.r6g.large",
        "num_shards": 2,
        "num_replicas_per_shard": 1,
    }
    priced = price(
        make_resource("aws_memorydb_cluster", values),
        usage={"monthly_data_written_gb": 40},
        source=aws,
    )
    nodes = priced_from(
        priced, "MemoryDB nodes (Redis OSS, on-demand, db.r6g.large)", "TESTMEMDBR6GLRG1"
    )
    assert nodes.monthly_cost == Decimal(4 * 730) * MARKER
    priced_from(priced, "Data written", "TESTMEMDBWRITTEN")
    assert priced.status == "priced"
    assert priced.monthly_cost == Decimal(4 * 730 + 40) * MARKER
    # No family is sent (none is confirmed): the region only; the usagetype is matched after.
    assert {frozenset(s) for s in sent_filters(server, MEMORYDB)} == {
        frozenset({("regionCode", "us-east-1")})
    }


def test_appsync_cache_by_its_memory(source: tuple[PricingServer, AwsPriceListSource]) -> None:
    server, aws = source
    for cache_type in ("LARGE", "R4_LARGE"):
        priced = price(make_resource("aws_appsync_api_cache", {"type": cache_type}), source=aws)
        line = priced_from(priced, f"Cache ({cache_type})", "TESTAPPSYNC123GB")
        assert line.monthly_cost == Decimal(730) * MARKER
    assert {frozenset(s) for s in sent_filters(server, APPSYNC)} == {
        frozenset({("regionCode", "us-east-1"), ("productFamily", "API Calls")})
    }


@pytest.mark.parametrize(
    ("rtype", "values", "usage"),
    [
        ("aws_appsync_graphql_api", {"name": "api"}, {"monthly_requests": 10**6}),
    ],
)
def test_unconfirmed_products_are_never_asked_for(
    source: tuple[PricingServer, AwsPriceListSource],
    rtype: str,
    values: dict[str, Any],
    usage: dict[str, Any],
) -> None:
    server, aws = source
    priced = price(make_resource(rtype, values), usage=usage or None, source=aws)
    assert priced.status == "unknown"
    assert all(
        c.unknown_reason and "no public source confirms" in c.unknown_reason
        for c in priced.components
    )
    assert server.requests == []


def test_unused_usage_lines_stay_usage_based() -> None:
    """Without a usage file, a line no source prices is usage-based, not unknown: the resource
    is unknown only once the usage file says the product is used."""
    priced = price(make_resource("aws_appsync_graphql_api", {"name": "api"}))
    assert priced.status == "usage"
    assert all(c.usage_based for c in priced.components)
    assert all("no public source confirms" in (c.unknown_reason or "") for c in priced.components)


CONFIG = """
provider "aws" {
  region = "us-east-1"
}

resource "aws_dx_connection" "port" {
  name      = "dc"
  bandwidth = "1Gbps"
  location  = "EqDC2"
}

resource "aws_memorydb_cluster" "db" {
  name                   = "db"
  acl_name               = "open-access"
  node_type              = "db.r6g.large"
  num_shards             = 2
  num_replicas_per_shard = 1
}

resource "aws_appsync_api_cache" "cache" {
  api_id               = "abc"
  api_caching_behavior = "FULL_REQUEST_CACHING"
  type                 = "LARGE"
  ttl                  = 60
}
"""

USAGE = """
version: 0.1
resource_usage:
  aws_memorydb_cluster.db:
    monthly_data_written_gb: 40
"""


def test_through_the_cli_in_hcl_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A configuration through ``breakdown``: the catalog leaves the lines unknown with its
    reason, the Price List API prices them (the MemoryDB engine left to AWS: Redis OSS)."""
    code = write_tree(tmp_path / "net", {"main.tf": CONFIG, "usage.yml": USAGE})
    args = ["breakdown", code, "--usage-file", code / "usage.yml", "--no-cache", "--format"]

    def by_address(result: Result) -> dict[str, dict[str, Any]]:
        assert result.exit_code == 0, result.output
        return {r["address"]: r for r in json.loads(result.stdout)["resources"]}

    offline = by_address(run(*args, "json"))
    assert {r["status"] for r in offline.values()} == {"unknown"}
    port = offline["aws_dx_connection.port"]["components"][0]
    assert "the catalog has no prices for service 'AWSDirectConnect'" in port["unknown_reason"]

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with serving(items(), page_size=2) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_PRICING", server.url)
        live = by_address(run(*args, "json", "--pricing-source", "aws"))
    expected = {
        "aws_dx_connection.port": Decimal(730),
        "aws_memorydb_cluster.db": Decimal(4 * 730 + 40),
        "aws_appsync_api_cache.cache": Decimal(730),
    }
    for address, quantity in expected.items():
        assert live[address]["status"] == "priced", live[address]
        assert Decimal(live[address]["monthly_cost"]) == quantity * MARKER, address


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result
