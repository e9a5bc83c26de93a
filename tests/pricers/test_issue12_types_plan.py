"""Issue #12's eight types on a genuine plan (tests/fixtures/plans/issue12_types, made by
terraform 1.11 and the AWS provider 5.100 with ``python -m tests.terraform_tools regenerate``):
written as a module author writes them (variables, a local for the region, ``for_each`` over a
local map, ``count`` over a variable, ``try()`` for optional values, a dynamic block).

Plan mode and HCL mode give the same estimate for every resource, component by component, in
catalog mode and through ``--pricing-source aws`` against the loopback Price List server; the
components and quantities are the ones worked out by hand below from what the plan says.

The catalog holds no price for any of these services: there every line is unknown with the
catalog's reason, "no offline price" (the products a selector picks) or unconfirmed. The
loopback server holds records built here in the GetProducts format at MARKER_USD (neighbours at
OTHER_MARKER): markers to follow, not AWS's prices; and, for the ElastiCache Serverless
products picked by a selector, TEST DATA derived from a genuine record (its borrowed genuine
price followed the same way, see :func:`derived_record`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import InputError
from checker.model import Estimate
from checker.pipeline import InputOptions, estimate_input
from checker.plan.loader import load_plan_file
from checker.pricing.source import PriceSource
from tests.helpers import catalog
from tests.pricers.aws_source_support import (
    MARKER,
    MARKER_USD,
    OTHER_MARKER,
    derived_record,
    derived_usd,
    record,
)
from tests.pricers.plan_outcomes import assert_priced_without_errors
from tests.pricers.test_issue12_aws_source import fsx
from tests.pricing_server import isolate_aws_environment, pricing_data_dir, serving
from tests.terraform_tools import FIXTURES, missing_tools_reason, shared_fresh_plan, write_plan

FIXTURE = FIXTURES / "issue12_types"
USAGE = FIXTURE / "usage.yml"

MEMORYDB = 'aws_memorydb_cluster.this["sessions"]'
FLAGS = 'aws_memorydb_cluster.this["flags"]'
SERVERLESS = "aws_elasticache_serverless_cache.this"
GRAPHQL = "aws_appsync_graphql_api.this"
CACHE = "aws_appsync_api_cache.this"
IPAM = "aws_vpc_ipam.this"
TRAINING = 'aws_fsx_lustre_file_system.this["training"]'
ARCHIVE = 'aws_fsx_lustre_file_system.this["archive"]'
SHARED = 'aws_fsx_ontap_file_system.this["shared"]'
SCRATCH = 'aws_fsx_ontap_file_system.this["scratch"]'
ANALYTICS = 'aws_fsx_ontap_file_system.this["analytics"]'
DX_DC2 = "aws_dx_connection.this[0]"
DX_NY5 = "aws_dx_connection.this[1]"

NODES = "MemoryDB nodes (Redis OSS, on-demand, db.r6g.large)"
FLAG_NODES = "MemoryDB nodes (Redis OSS, on-demand, db.t4g.small)"
LUSTRE_SSD = "SSD storage (PERSISTENT_2, 250 MB/s/TiB)"
LUSTRE_HDD = "HDD storage (PERSISTENT_1, 12 MB/s/TiB)"
ONTAP_LINES = ("SSD storage", "Throughput capacity")

# Component -> monthly quantity (None: usage-based, not given), without a usage file.
QUANTITIES: dict[str, dict[str, Decimal | None]] = {
    # 2 shards x (1 primary + 2 replicas) = 6 nodes, all month; 7 days of snapshots kept.
    MEMORYDB: {NODES: Decimal(6 * 730), "Data written": None, "Snapshot storage": None},
    # engine, shards, replicas and snapshots left to AWS (try(..., null)): Redis OSS, 1 shard
    # of a primary and 1 replica, no snapshots kept (the provider's default retention, 0).
    FLAGS: {FLAG_NODES: Decimal(2 * 730), "Data written": None},
    # snapshot_retention_limit 1: a snapshot line; the configured 2 GB minimum is billed with
    # or without usage: 2 x 730 GB-hours (a fixed line, not usage-based).
    SERVERLESS: {
        "Data stored (Valkey)": Decimal(2 * 730),
        "ElastiCache Processing Units (Valkey)": None,
        "Snapshot storage": None,
    },
    GRAPHQL: {
        "Query and data modification operations": None,
        "Real-time updates": None,
        "Real-time connection minutes": None,
    },
    CACHE: {"Cache (LARGE)": Decimal(730)},
    IPAM: {"Active IP addresses (advanced tier)": None},
    TRAINING: {LUSTRE_SSD: Decimal(2400), "Backup storage": None},
    # The read cache is 20% of the HDD storage: 6000 / 5.
    ARCHIVE: {LUSTRE_HDD: Decimal(6000), "SSD read cache": Decimal(1200), "Backup storage": None},
    # USER_PROVISIONED 5 IOPS per GB, less the 3 per GB included: 2 x 1024.
    SHARED: {
        "SSD storage": Decimal(1024),
        "Throughput capacity": Decimal(256),
        "Provisioned SSD IOPS": Decimal(2048),
        "Capacity pool storage": None,
        "Backup storage": None,
    },
    SCRATCH: {
        "SSD storage": Decimal(2048),
        "Throughput capacity": Decimal(128),
        "Provisioned SSD IOPS": Decimal(4096),
        "Capacity pool storage": None,
        "Backup storage": None,
    },
    # 1536 MBps per HA pair x 2 pairs (the plan shows throughput_capacity known after apply);
    # no disk_iops_configuration block (the plan shows it known after apply): AWS's AUTOMATIC
    # mode, its IOPS included, no line.
    ANALYTICS: {
        "SSD storage": Decimal(2048),
        "Throughput capacity": Decimal(3072),
        "Capacity pool storage": None,
        "Backup storage": None,
    },
    DX_DC2: {"DX connection (10G, EqDC2)": Decimal(730), "Outbound data transfer (to EqDC2)": None},
    DX_NY5: {"DX connection (10G, EqNY5)": Decimal(730), "Outbound data transfer (to EqNY5)": None},
}

# With the fixture's usage.yml.
WITH_USAGE: dict[str, dict[str, Decimal | None]] = {
    MEMORYDB: {
        NODES: Decimal(6 * 730),
        "Data written": Decimal(40),
        "Snapshot storage": Decimal(20),
    },
    FLAGS: {FLAG_NODES: Decimal(2 * 730), "Data written": Decimal(5)},
    # 1 GB stored on average, but the cache's minimum of 2 GB is billed: 2 x 730 GB-hours.
    SERVERLESS: {
        "Data stored (Valkey)": Decimal(2 * 730),
        "ElastiCache Processing Units (Valkey)": Decimal(30),
        "Snapshot storage": Decimal(2),
    },
    GRAPHQL: {
        "Query and data modification operations": Decimal(4),
        "Real-time updates": Decimal("1.5"),
        "Real-time connection minutes": Decimal("2.5"),
    },
    CACHE: QUANTITIES[CACHE],
    IPAM: {"Active IP addresses (advanced tier)": Decimal(250 * 730)},
    TRAINING: {LUSTRE_SSD: Decimal(2400), "Backup storage": Decimal(300)},
    ARCHIVE: {
        LUSTRE_HDD: Decimal(6000),
        "SSD read cache": Decimal(1200),
        "Backup storage": Decimal(300),
    },
    SHARED: {
        **QUANTITIES[SHARED],
        "Capacity pool storage": Decimal(500),
        "Backup storage": Decimal(100),
    },
    SCRATCH: {
        **QUANTITIES[SCRATCH],
        "Capacity pool storage": Decimal(500),
        "Backup storage": Decimal(100),
    },
    # The exact address wins over the [*] pattern.
    ANALYTICS: {
        **QUANTITIES[ANALYTICS],
        "Capacity pool storage": Decimal(4000),
        "Backup storage": Decimal(800),
    },
    DX_DC2: {
        "DX connection (10G, EqDC2)": Decimal(730),
        "Outbound data transfer (to EqDC2)": Decimal(1000),
    },
    DX_NY5: {
        "DX connection (10G, EqNY5)": Decimal(730),
        "Outbound data transfer (to EqNY5)": Decimal(1000),
    },
}

# The lines the Price List API prices, by the record each must pick; every other line is unknown
# because no public source confirms its product (no request is made for it).
PRICED_BY_AWS: dict[tuple[str, str], str] = {
    (SERVERLESS, "Data stored (Valkey)"): "TESTDERIVEDVKSTO",
    (SERVERLESS, "ElastiCache Processing Units (Valkey)"): "TESTDERIVEDVKECP",
    (SERVERLESS, "Snapshot storage"): "TESTDERIVEDSNAPS",
    (IPAM, "Active IP addresses (advanced tier)"): "TESTDERIVEDIPAM1",
    (MEMORYDB, NODES): "TESTMEMDBR6GLRG1",
    (MEMORYDB, "Data written"): "TESTMEMDBWRITTEN",
    (FLAGS, FLAG_NODES): "TESTMEMDBT4GSML1",
    (FLAGS, "Data written"): "TESTMEMDBWRITTEN",
    (CACHE, "Cache (LARGE)"): "TESTAPPSYNC123GB",
    (TRAINING, LUSTRE_SSD): "TESTLUSTRESSD250",
    (TRAINING, "Backup storage"): "TESTLUSTREBACKUP",
    (ARCHIVE, LUSTRE_HDD): "TESTLUSTREHDD012",
    (ARCHIVE, "Backup storage"): "TESTLUSTREBACKUP",
    (SHARED, "SSD storage"): "TESTONTAPSSDMAZ1",
    (SHARED, "Throughput capacity"): "TESTONTAPTPUTMAZ",
    (SHARED, "Backup storage"): "TESTONTAPBACKUP1",
    (SCRATCH, "SSD storage"): "TESTONTAPSSDSAZ1",
    (SCRATCH, "Throughput capacity"): "TESTONTAPTPUTSAZ",
    (SCRATCH, "Backup storage"): "TESTONTAPBACKUP1",
    (ANALYTICS, "SSD storage"): "TESTONTAPSSDSAZ2",
    (ANALYTICS, "Throughput capacity"): "TESTONTAPTPUTSZ2",
    (ANALYTICS, "Backup storage"): "TESTONTAPBACKUP1",
    (DX_DC2, "DX connection (10G, EqDC2)"): "TESTDXEQDC210GDD",
    (DX_NY5, "DX connection (10G, EqNY5)"): "TESTDXEQNY510GDD",
}


def _lustre(usagetype: str, sku: str, usd: str, **attrs: str) -> dict[str, Any]:
    return fsx("Storage", usagetype, sku, usd, "GB-Mo", fileSystemType="Lustre", **attrs)


def _ontap(family: str, usagetype: str, sku: str, usd: str, unit: str, **attrs: str) -> Any:
    return fsx(family, usagetype, sku, usd, unit, fileSystemType="ONTAP", **attrs)


def _dx(location: str, capacity: str, sku: str, usd: str, hosted: bool = False) -> Any:
    port = f"USE1-{location}-{'HC' if hosted else ''}PortUsage:{capacity}"
    return record("AWSDirectConnect", "Direct Connect", port, sku, usd, "Hrs", capacity=capacity)


def _serverless(usagetype: str, sku: str, unit: str, **attrs: str) -> dict[str, Any]:
    family = "ElastiCache Serverless"
    return derived_record("AmazonElastiCache", family, usagetype, sku, unit, usagetype, **attrs)


DERIVED_ITEMS = [
    _serverless(
        "USE1-ElastiCache:CachedData", "TESTDERIVEDVKSTO", "GB-Hours", cacheEngine="Valkey"
    ),
    _serverless(
        "USE1-ElastiCache:ElastiCacheProcessingUnits",
        "TESTDERIVEDVKECP",
        "ECPU",
        cacheEngine="Valkey",
    ),
    # The Redis OSS neighbour: the cacheEngine filter leaves it out.
    _serverless("USE1-ElastiCache:CachedData", "TESTDERIVEDRDSTO", "GB-Hours", cacheEngine="Redis"),
    _serverless("USE1-ElastiCache:BackupUsage", "TESTDERIVEDSNAPS", "GB-Mo"),
    derived_record(
        "AmazonVPC",
        "IP Address Manager",
        "USE1-IPAddressManager-IP-Hours",
        "TESTDERIVEDIPAM1",
        "Hrs",
        "IPAM active IP hours",
    ),
]
# SKU -> the price per unit its record carries (MARKER, or a derived record's borrowed price).
USD_BY_SKU = {item["product"]["sku"]: derived_usd(item) for item in DERIVED_ITEMS}

ITEMS = [
    *DERIVED_ITEMS,
    record("AmazonMemoryDB", "", "USE1-NodeUsage:db.r6g.large", "TESTMEMDBR6GLRG1", "1", "Hrs"),
    record("AmazonMemoryDB", "", "USE1-NodeUsage:db.r6gd.large", "TESTMEMDBR6GDLRG", "2", "Hrs"),
    record("AmazonMemoryDB", "", "USE1-NodeUsage:db.t4g.small", "TESTMEMDBT4GSML1", "1", "Hrs"),
    record("AmazonMemoryDB", "", "USE1-DataWritten", "TESTMEMDBWRITTEN", MARKER_USD, "GB"),
    record(
        "AWSAppSync", "API Calls", "USE1-AppSyncCacheUsage:12.3GB", "TESTAPPSYNC123GB", "1", "Hrs"
    ),
    record(
        "AWSAppSync", "API Calls", "USE1-AppSyncCacheUsage:25.05GB", "TESTAPPSYNC2505G", "2", "Hrs"
    ),
    _lustre(
        "USE1-Storage.SSD.250",
        "TESTLUSTRESSD250",
        MARKER_USD,
        deploymentOption="Persistent",
        storageType="SSD",
        throughputCapacity="250",
    ),
    _lustre(
        "USE1-Storage.SSD.125",
        "TESTLUSTRESSD125",
        OTHER_MARKER,
        deploymentOption="Persistent",
        storageType="SSD",
        throughputCapacity="125",
    ),
    _lustre(
        "USE1-Storage.HDD.12",
        "TESTLUSTREHDD012",
        MARKER_USD,
        deploymentOption="Persistent",
        storageType="HDD",
        throughputCapacity="12",
    ),
    _lustre(
        "USE1-Storage.HDD.40",
        "TESTLUSTREHDD040",
        OTHER_MARKER,
        deploymentOption="Persistent",
        storageType="HDD",
        throughputCapacity="40",
    ),
    _lustre("USE1-BackupUsage", "TESTLUSTREBACKUP", MARKER_USD, deploymentOption="Persistent"),
    _ontap(
        "Storage",
        "USE1-Storage.MultiAZ:SSD",
        "TESTONTAPSSDMAZ1",
        MARKER_USD,
        "GB-Mo",
        deploymentOption="Multi-AZ",
        storageType="SSD",
    ),
    _ontap(
        "Storage",
        "USE1-Storage:SSD",
        "TESTONTAPSSDSAZ1",
        MARKER_USD,
        "GB-Mo",
        deploymentOption="Single-AZ",
        storageType="SSD",
    ),
    _ontap(
        "Storage",
        "USE1-Storage.SingleAZ2N:SSD",
        "TESTONTAPSSDSAZ2",
        MARKER_USD,
        "GB-Mo",
        deploymentOption="Single-AZ_2N",
        storageType="SSD",
    ),
    _ontap(
        "Provisioned Throughput",
        "USE1-ThroughputCapacity.MultiAZ",
        "TESTONTAPTPUTMAZ",
        MARKER_USD,
        "MiBps-Mo",
        deploymentOption="Multi-AZ",
    ),
    _ontap(
        "Provisioned Throughput",
        "USE1-ThroughputCapacity",
        "TESTONTAPTPUTSAZ",
        MARKER_USD,
        "MiBps-Mo",
        deploymentOption="Single-AZ",
    ),
    _ontap(
        "Provisioned Throughput",
        "USE1-ThroughputCapacity.SingleAZ2N",
        "TESTONTAPTPUTSZ2",
        MARKER_USD,
        "MiBps-Mo",
        deploymentOption="Single-AZ_2N",
    ),
    _ontap(
        "Storage",
        "USE1-BackupUsage",
        "TESTONTAPBACKUP1",
        MARKER_USD,
        "GB-Mo",
        deploymentOption="N/A",
    ),
    _dx("EqDC2", "10G", "TESTDXEQDC210GDD", MARKER_USD),
    _dx("EqNY5", "10G", "TESTDXEQNY510GDD", MARKER_USD),
    # The hosted port at the same location, and the 1G dedicated one: left out.
    _dx("EqDC2", "10G", "TESTDXEQDC210GHC", OTHER_MARKER, hosted=True),
    _dx("EqDC2", "1G", "TESTDXEQDC201GDD", OTHER_MARKER),
]


def _plan_mode(source: PriceSource, usage: Path | None = None) -> Estimate:
    # The provider's region is local.region: the plan shows only the expression, so the .tf
    # files it was made from are given, as with --config.
    options = InputOptions(config_dir=FIXTURE, usage_file=usage, environ={})
    return estimate_input(FIXTURE / "plan.json", options, source=source)[0]


def _hcl_mode(source: PriceSource, usage: Path | None = None) -> Estimate:
    # No --region: HCL mode evaluates local.region itself.
    return estimate_input(FIXTURE, InputOptions(usage_file=usage, environ={}), source=source)[0]


Line = tuple[str, str, Decimal | None, Decimal | None, str | None, str | None, str | None]


def _lines(estimate: Estimate) -> dict[str, tuple[str, str, Decimal, tuple[Line, ...]]]:
    """Everything a report shows of each resource: status, region, cost and every component's
    name, unit, quantity, cost, unknown reason, price reference and assumption."""
    out = {}
    for item in estimate.resources:
        side = item.current
        assert side is not None, item.change.address
        out[item.change.address] = (
            item.status,
            side.resource.region,
            item.monthly_cost,
            tuple(
                (
                    c.name,
                    c.unit,
                    c.monthly_quantity,
                    c.monthly_cost,
                    c.unknown_reason,
                    c.price.reference if c.price is not None else None,
                    c.assumption,
                )
                for c in side.components
            ),
        )
    return out


def _quantities(estimate: Estimate) -> dict[str, dict[str, Decimal | None]]:
    return {
        item.change.address: {c.name: c.monthly_quantity for c in item.current.components}
        for item in estimate.resources
        if item.current is not None
    }


def _assert_modes_agree(plan: Estimate, hcl: Estimate) -> None:
    plan_lines, hcl_lines = _lines(plan), _lines(hcl)
    assert sorted(plan_lines) == sorted(hcl_lines)
    for address, shown in plan_lines.items():
        assert shown == hcl_lines[address], address
    assert plan.total_monthly_cost == hcl.total_monthly_cost


@pytest.mark.parametrize("usage", [None, USAGE], ids=["no-usage", "usage-file"])
def test_catalog_mode_plan_and_hcl_agree(usage: Path | None) -> None:
    plan, hcl = _plan_mode(catalog(), usage), _hcl_mode(catalog(), usage)
    _assert_modes_agree(plan, hcl)
    assert _quantities(plan) == (QUANTITIES if usage is None else WITH_USAGE)
    assert_priced_without_errors(plan)
    for item in plan.resources:
        assert item.current is not None and item.current.resource.region == "us-east-1"
        # No price in the catalog for any of these services: nothing is given a cost.
        assert item.monthly_cost == 0, item.change.address
        for line in item.current.components:
            assert line.unknown_reason, (item.change.address, line.name)
            assert line.monthly_cost is None, (item.change.address, line.name)
    # The lines --pricing-source aws prices by selector say so here, in both modes (they agree).
    for item in plan.resources:
        if item.change.address in (SERVERLESS, IPAM):
            assert item.current is not None
            for line in item.current.components:
                why = line.unknown_reason or ""
                assert "no offline price: the catalog holds no such product" in why, line.name
                assert "price it with --pricing-source aws" in why, line.name


def test_values_left_to_aws_through_try_null_are_aws_defaults() -> None:
    """`engine = try(each.value.engine, null)`: the plan shows the engine known only after
    apply with a reference behind it; the code beside the plan says it is null, AWS's default,
    and the line says so, as in HCL mode."""
    for estimate in (_plan_mode(catalog()), _hcl_mode(catalog())):
        flags = next(r for r in estimate.resources if r.change.address == FLAGS)
        assert flags.current is not None
        nodes = flags.current.components[0]
        assert nodes.name == FLAG_NODES
        assert nodes.assumption == "engine not set: Redis OSS, AWS's default engine"


def test_without_usage_the_usage_lines_say_so() -> None:
    statuses = {r.change.address: r.status for r in _plan_mode(catalog()).resources}
    # Only usage lines: usage-based until the usage file gives them; the others hold a line
    # with a quantity the catalog cannot price.
    # (The serverless cache's billed minimum is such a line: the catalog has no price for it.)
    assert {a for a, s in statuses.items() if s == "usage"} == {GRAPHQL, IPAM}
    assert {a for a, s in statuses.items() if s == "unknown"} == set(QUANTITIES) - {
        GRAPHQL,
        IPAM,
    }


def test_the_plan_alone_cannot_tell_the_region() -> None:
    """local.region is an expression the plan does not evaluate: without the .tf files the
    plan asks for them (or --region), rather than guessing."""
    with pytest.raises(InputError, match=r"local\.region.*--config DIR"):
        load_plan_file(FIXTURE / "plan.json")


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    if not (pricing_data_dir() / "region_location_map.json").is_file():
        pytest.skip("shared pricing data not found (set COSTCHECK_PRICING_DATA)")
    isolate_aws_environment(monkeypatch, tmp_path)
    from checker.pricing.aws_api import AwsPriceListSource

    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    with serving(ITEMS, page_size=3) as server:
        yield server, AwsPriceListSource(session, endpoint_url=server.url)


def _priced_by_aws(estimate: Estimate) -> Mapping[tuple[str, str], tuple[str, Decimal]]:
    """(address, line) -> (price reference, monthly cost) of every line given a cost."""
    found = {}
    for item in estimate.resources:
        assert item.current is not None
        for line in item.current.components:
            if line.monthly_cost is not None:
                assert line.price is not None
                found[(item.change.address, line.name)] = (line.price.reference, line.monthly_cost)
    return found


def test_price_list_source_plan_and_hcl_agree(aws: Any) -> None:
    server, source = aws
    plan = _plan_mode(source, USAGE)
    asked = len(server.requests)
    hcl = _hcl_mode(source, USAGE)
    _assert_modes_agree(plan, hcl)
    assert asked > 0
    assert _quantities(plan) == WITH_USAGE
    priced = _priced_by_aws(plan)
    assert sorted(priced) == sorted(PRICED_BY_AWS)
    for key, (reference, cost) in priced.items():
        address, name = key
        assert reference.startswith(PRICED_BY_AWS[key]), key
        quantity = WITH_USAGE[address][name]
        usd = USD_BY_SKU.get(PRICED_BY_AWS[key], MARKER)
        if name.startswith("ElastiCache Processing Units"):
            quantity = None if quantity is None else quantity * 10**6  # shown per 1M ECPUs
        assert quantity is not None and cost == quantity * usd, key
    for item in plan.resources:
        assert item.current is not None
        for line in item.current.components:
            if (item.change.address, line.name) not in PRICED_BY_AWS:
                assert "no public source confirms" in (line.unknown_reason or ""), line
    # Only the services with a confirmed product (or family) are asked about.
    services = {request.body.get("ServiceCode") for request in server.requests}
    assert services == {
        "AmazonMemoryDB",
        "AWSAppSync",
        "AmazonFSx",
        "AWSDirectConnect",
        "AmazonElastiCache",
        "AmazonVPC",
    }
    # The total is what is priced; a resource with an unconfirmed line the usage file gives a
    # quantity stays unknown (the DX ports' data transfer out, ONTAP's capacity pool...).
    assert plan.total_monthly_cost == sum(cost for _, cost in priced.values())
    assert {r.change.address for r in plan.resources if r.status == "priced"} == {
        CACHE,
        TRAINING,
        FLAGS,
        SERVERLESS,
        IPAM,
    }


@pytest.mark.terraform
def test_fresh_plan_from_terraform(tmp_path: Path) -> None:
    """Planned now by the real terraform, the fixture still gives the quantities above."""
    reason = missing_tools_reason()
    if reason:
        pytest.skip(reason)
    path = tmp_path / "plan.json"
    write_plan(shared_fresh_plan(FIXTURE), path)
    options = InputOptions(config_dir=FIXTURE, environ={})
    estimate = estimate_input(path, options, source=catalog())[0]
    assert _quantities(estimate) == QUANTITIES
    _assert_modes_agree(estimate, _hcl_mode(catalog()))


def test_breakdown_json_is_the_same_in_both_modes() -> None:
    """Through the CLI: the plan with --config DIR (for its region) and the folder itself give
    the same JSON report but for what only HCL knows (each resource's file and lines) and the
    input's name."""

    def report(*args: object) -> dict[str, Any]:
        common = ["--usage-file", USAGE, "--no-cache", "--format", "json"]
        result = CliRunner().invoke(main, ["breakdown", *map(str, [*args, *common])])
        assert result.exit_code == 0, result.output
        doc: dict[str, Any] = json.loads(result.stdout)
        assert doc.pop("source")
        for resource in doc["resources"]:
            resource.pop("location")
        return doc

    from_plan = report(FIXTURE / "plan.json", "--config", FIXTURE)
    assert from_plan == report(FIXTURE)
    assert {r["address"] for r in from_plan["resources"]} == set(QUANTITIES)
