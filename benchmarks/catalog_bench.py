"""Benchmark: the embedded price catalog, cold and warm.

* cold: ``Catalog.open()`` + the first lookup in a fresh process (imports included), and the same
  in-process for the smallest and the largest shard;
* warm: distinct lookups per second once the shards are parsed (hits, and misses, which also
  consult the service index).

Prints figures; asserts nothing (timing belongs here, not in tests).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial

from checker.model import PriceQuery
from checker.pricing.catalog import Catalog, default_catalog_path

_COLD_SCRIPT = """
import time
start = time.perf_counter()
from checker.model import PriceQuery
from checker.pricing.catalog import Catalog
catalog = Catalog.open()
query = PriceQuery.of("AmazonEC2", "us-east-1", "Compute Instance", instanceType="m5.large",
                      operatingSystem="Linux", tenancy="Shared", preInstalledSw="NA")
catalog.lookup([query])
print(time.perf_counter() - start)
"""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def _ec2_queries(catalog: Catalog, region: str) -> list[PriceQuery]:
    """One query per instance type the catalog prices in ``region`` (real, distinct queries)."""
    catalog.lookup([PriceQuery.of("AmazonEC2", region, None, instanceType="probe")])
    shard = catalog._shard("AmazonEC2", region)  # the benchmark may look inside
    return [
        PriceQuery.of("AmazonEC2", region, None, **dict(product.attributes))
        for product in shard.products
        if "instanceType" in product.attributes
    ]


def _rds_queries(catalog: Catalog, region: str) -> list[PriceQuery]:
    shard = catalog._shard("AmazonRDS", region)
    return [
        PriceQuery.of("AmazonRDS", region, product.family, **dict(product.attributes))
        for product in shard.products
    ]


def main() -> None:
    """Print cold-start and warm-throughput figures for the packaged catalog."""
    path = default_catalog_path()
    print(f"catalog file: {path} ({path.stat().st_size / 1e6:.2f} MB)")

    fresh = [
        float(subprocess.run([sys.executable, "-c", _COLD_SCRIPT], capture_output=True,
                             text=True, check=True).stdout)
        for _ in range(5)
    ]  # fmt: skip
    print(f"cold, fresh process (imports + open + 1 EC2 lookup), median of 5: "
          f"{_ms(statistics.median(fresh))}")  # fmt: skip

    print(f"open (meta.json only), best of 20:                        "
          f"{_ms(_best_of(20, Catalog.open))}")  # fmt: skip
    for service, region, family, attrs in (
        ("AmazonRoute53", "global", "DNS Zone", {"usagetype": "HostedZone"}),
        ("AmazonEC2", "us-east-1", None, {"instanceType": "m5.large"}),
        ("AmazonRDS", "us-east-1", "Database Instance",
         {"instanceType": "db.t3.large", "databaseEngine": "MySQL", "deploymentOption": "Multi-AZ"}),
    ):  # fmt: skip
        query = PriceQuery.of(service, region, family, **attrs)

        def first_lookup(q: PriceQuery = query) -> object:
            return Catalog.open().lookup([q])

        print(f"open + first lookup, {service} {region} shard, best of 10: "
              f"{_ms(_best_of(10, first_lookup))}")  # fmt: skip

    catalog = Catalog.open()
    for name, queries in (
        ("EC2 us-east-1, every instance type", _ec2_queries(catalog, "us-east-1")),
        ("RDS us-east-1, every product", _rds_queries(catalog, "us-east-1")),
    ):
        catalog.lookup(queries)  # parse the shard first: warm figures only
        elapsed = _best_of(3, partial(catalog.lookup, queries))
        print(f"warm hits, {name}: {len(queries):5d} queries in {_ms(elapsed)} = "
              f"{len(queries) / elapsed:9,.0f} lookups/s")  # fmt: skip

    misses = [
        PriceQuery.of("AmazonEC2", "us-east-2", "Storage", volumeApiName=f"gp{i}")
        for i in range(200)
    ]
    catalog.lookup(misses[:1])
    elapsed = _best_of(3, partial(catalog.lookup, misses))
    print(f"warm misses with explanation, EC2 index: {len(misses)} queries in {_ms(elapsed)} = "
          f"{len(misses) / elapsed:9,.0f} lookups/s")  # fmt: skip
    print(f"members read by this instance: {len(catalog.members_read)} of the catalog's shards")


if __name__ == "__main__":
    main()
