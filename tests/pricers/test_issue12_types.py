"""Issue #12's named types in catalog mode: every component named with its quantity, and
unknown with the reason (the catalog holds no prices for them; where no public source confirms
the Price List product, that reason, in both modes)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from checker.model import Attributes, PricedResource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason
from tests.pricers.uncatalogued import assert_not_in_catalog

UNCONFIRMED = "no public source confirms the AWS Price List product"
NO_OFFLINE = "no offline price: "
PRICED_LIVE = "price it with --pricing-source aws"


def assert_unconfirmed(priced: PricedResource, quantities: dict[str, Decimal | None]) -> None:
    """The components are ``quantities``' names in order, each with its quantity and unknown
    because its Price List product is not confirmed (no price source is asked)."""
    assert names(priced) == list(quantities)
    for name, quantity in quantities.items():
        assert component(priced, name).monthly_quantity == quantity, name
        assert UNCONFIRMED in reason(priced, name), name
    assert priced.status == "unknown"


def assert_offline_unpriced(priced: PricedResource, quantities: dict[str, Decimal | None]) -> None:
    """The components are ``quantities``' names in order, each with its quantity and unknown
    in catalog mode because the catalog holds no such product, the reason naming the source
    that prices it (their family is confirmed; the AWS source picks the product by selector)."""
    assert names(priced) == list(quantities)
    for name, quantity in quantities.items():
        assert component(priced, name).monthly_quantity == quantity, name
        assert NO_OFFLINE in reason(priced, name), name
        assert PRICED_LIVE in reason(priced, name), name
    assert priced.status == "unknown"


def test_memorydb_cluster_counts_shards_and_replicas() -> None:
    """The public example's cluster (terraform-aws-memory-db/examples/redis): 2 shards of a
    primary and 2 replicas, data tiering, 7 days of snapshots."""
    values = {
        "engine": "redis",
        "node_type": "db.r6gd.xlarge",
        "num_shards": 2,
        "num_replicas_per_shard": 2,
        "data_tiering": True,
        "snapshot_retention_limit": 7,
    }
    priced = price(
        make_resource("aws_memorydb_cluster", values, region="eu-west-1"),
        usage={"monthly_data_written_gb": 50},
    )
    assert_golden("aws_memorydb_cluster/sharded", golden_rows(priced))
    nodes = "MemoryDB nodes (Redis OSS, on-demand, db.r6gd.xlarge, data tiering)"
    assert names(priced) == [nodes, "Data written", "Snapshot storage"]
    assert component(priced, nodes).monthly_quantity == Decimal(6 * 730)
    assert component(priced, "Data written").monthly_quantity == Decimal(50)
    for line in (nodes, "Data written"):
        assert "the catalog has no prices for service 'AmazonMemoryDB'" in reason(priced, line)
    assert UNCONFIRMED in reason(priced, "Snapshot storage")


def test_memorydb_defaults_and_valkey() -> None:
    """The provider's defaults: one shard with one replica; no snapshots kept, no snapshot
    line. Valkey's products are picked by selector: no offline price."""
    priced = price(
        make_resource("aws_memorydb_cluster", {"engine": "valkey", "node_type": "db.t4g.small"})
    )
    assert_offline_unpriced(
        priced,
        {
            "MemoryDB nodes (Valkey, on-demand, db.t4g.small)": Decimal(2 * 730),
            "Data written": None,
        },
    )


def test_memorydb_engine_left_to_aws_is_redis_oss_said_so() -> None:
    priced = price(
        make_resource("aws_memorydb_cluster", {"node_type": "db.r7g.large"}, unknown=["engine"])
    )
    nodes = component(priced, "MemoryDB nodes (Redis OSS, on-demand, db.r7g.large)")
    assert nodes.assumption == "engine not set: Redis OSS, AWS's default engine"


def test_memorydb_odd_node_type_is_not_sent_anywhere() -> None:
    priced = price(make_resource("aws_memorydb_cluster", {"node_type": "db.r6g.large'}"}))
    why = reason(priced, "MemoryDB nodes (Redis OSS, on-demand, unknown node type)")
    assert "is not a MemoryDB node type" in why


def test_memorydb_unknown_shard_count_says_so() -> None:
    priced = price(
        make_resource("aws_memorydb_cluster", {"node_type": "db.r6g.large"}, unknown=["num_shards"])
    )
    # The product's reason is shown first; the quantity itself is unknown too, not a guess.
    assert priced.components[0].monthly_quantity is None
    assert priced.status == "unknown"


def test_elasticache_serverless_cache_bills_at_least_the_minimum() -> None:
    values = {
        "engine": "valkey",
        "snapshot_retention_limit": 1,
        "cache_usage_limits": [
            {"data_storage": [{"maximum": 10, "minimum": 2, "unit": "GB"}]},
        ],
    }
    priced = price(
        make_resource("aws_elasticache_serverless_cache", values),
        usage={"average_data_stored_gb": 1, "monthly_ecpus": 30_000_000},
    )
    assert_golden("aws_elasticache_serverless_cache/valkey", golden_rows(priced))
    # 1 GB stored on average, but 2 GB is the configured minimum AWS bills.
    assert_offline_unpriced(
        priced,
        {
            "Data stored (Valkey)": Decimal(2 * 730),
            "ElastiCache Processing Units (Valkey)": Decimal(30),
            "Snapshot storage": None,
        },
    )


def test_elasticache_serverless_minimums_are_billed_without_usage() -> None:
    """A configured minimum (pre-scaling) is billed whatever the cache is used for: with no
    usage file the data and ECPU lines carry the floor and are not optional usage, so the
    resource is unknown (the catalog has no such product), never $0."""
    values = {
        "engine": "valkey",
        "cache_usage_limits": [
            {
                "data_storage": [{"maximum": 200, "minimum": 100, "unit": "GB"}],
                "ecpu_per_second": [{"minimum": 100_000}],
            },
        ],
    }
    priced = price(make_resource("aws_elasticache_serverless_cache", values))
    seconds = 730 * 3600
    assert_offline_unpriced(
        priced,
        {
            "Data stored (Valkey)": Decimal(100 * 730),
            "ElastiCache Processing Units (Valkey)": Decimal(100_000 * seconds) / 1_000_000,
        },
    )
    # Usage above the floor is what is billed.
    used = price(
        make_resource("aws_elasticache_serverless_cache", values),
        usage={"average_data_stored_gb": 150, "monthly_ecpus": 10**12},
    )
    assert component(used, "Data stored (Valkey)").monthly_quantity == Decimal(150 * 730)
    units = component(used, "ElastiCache Processing Units (Valkey)")
    assert units.monthly_quantity == Decimal(10**6)


def test_elasticache_serverless_without_minimums_is_optional_usage() -> None:
    priced = price(make_resource("aws_elasticache_serverless_cache", {"engine": "redis"}))
    assert priced.status != "unknown"
    assert all(c.monthly_quantity is None for c in priced.components)


def test_elasticache_serverless_odd_minimum_says_so() -> None:
    values = {"engine": "valkey", "cache_usage_limits": [{"data_storage": [{"minimum": -5}]}]}
    priced = price(make_resource("aws_elasticache_serverless_cache", values))
    # Not a floor to bill, nor no floor: the line is unknown (its product's reason shown first).
    assert component(priced, "Data stored (Valkey)").monthly_quantity is None
    assert priced.status == "unknown"


def test_appsync_graphql_api_and_cache() -> None:
    api = price(
        make_resource("aws_appsync_graphql_api", {"name": "orders"}),
        usage={"monthly_requests": 4_000_000, "monthly_connection_minutes": 2_500_000},
    )
    assert_golden("aws_appsync_graphql_api/usage", golden_rows(api))
    assert_unconfirmed(
        api,
        {
            "Query and data modification operations": Decimal(4),
            "Real-time updates": None,
            "Real-time connection minutes": Decimal("2.5"),
        },
    )
    cache = price(make_resource("aws_appsync_api_cache", {"type": "R4_LARGE"}))
    assert_golden("aws_appsync_api_cache/r4_large", golden_rows(cache))
    assert_not_in_catalog(cache, "AWSAppSync", {"Cache (R4_LARGE)": Decimal(730)})
    small = price(make_resource("aws_appsync_api_cache", {"type": "SMALL"}))
    assert_not_in_catalog(small, "AWSAppSync", {"Cache (SMALL)": Decimal(730)})
    odd = price(make_resource("aws_appsync_api_cache", {"type": "HUGE"}))
    assert "is not an AppSync cache type" in reason(odd, "Cache (HUGE)")


def test_vpc_ipam_advanced_tier_bills_active_ips() -> None:
    priced = price(make_resource("aws_vpc_ipam", {}), usage={"active_ip_addresses": 250})
    assert_golden("aws_vpc_ipam/advanced", golden_rows(priced))
    assert_offline_unpriced(priced, {"Active IP addresses (advanced tier)": Decimal(250 * 730)})


def test_vpc_ipam_free_tier_costs_nothing() -> None:
    priced = price(make_resource("aws_vpc_ipam", {"tier": "free"}))
    assert priced.components == () or list(priced.components) == []
    assert priced.monthly_cost == 0


def test_dx_connection_port_hours() -> None:
    priced = price(make_resource("aws_dx_connection", {"bandwidth": "10Gbps", "location": "EqDC2"}))
    assert_golden("aws_dx_connection/dedicated", golden_rows(priced))
    port = "DX connection (10G, EqDC2)"
    assert component(priced, port).monthly_quantity == Decimal(730)
    assert "the catalog has no prices for service 'AWSDirectConnect'" in reason(priced, port)
    assert UNCONFIRMED in reason(priced, "Outbound data transfer (to EqDC2)")


def test_dx_connection_odd_location_is_not_sent_anywhere() -> None:
    """A location that is not a location code never reaches a query (it would be sent to AWS)."""
    priced = price(
        make_resource("aws_dx_connection", {"bandwidth": "1Gbps", "location": "Eq DC2; x"})
    )
    why = reason(priced, "DX connection (1G, unknown location)")
    assert "not a Direct Connect location code" in why
    assert "AWSDirectConnect" not in why


def test_fsx_lustre_persistent() -> None:
    values = {
        "storage_capacity": 2400,
        "deployment_type": "PERSISTENT_2",
        "per_unit_storage_throughput": 250,
    }
    priced = price(
        make_resource("aws_fsx_lustre_file_system", values), usage={"backup_storage_gb": 300}
    )
    assert_golden("aws_fsx_lustre_file_system/persistent_2", golden_rows(priced))
    assert_not_in_catalog(
        priced,
        "AmazonFSx",
        {
            "SSD storage (PERSISTENT_2, 250 MB/s/TiB)": Decimal(2400),
            "Backup storage": Decimal(300),
        },
    )


def test_fsx_lustre_hdd_read_cache_and_scratch() -> None:
    hdd = {
        "storage_capacity": 6000,
        "deployment_type": "PERSISTENT_1",
        "storage_type": "HDD",
        "per_unit_storage_throughput": 12,
        "drive_cache_type": "READ",
    }
    priced = price(make_resource("aws_fsx_lustre_file_system", hdd))
    assert component(priced, "SSD read cache").monthly_quantity == Decimal(1200)
    assert UNCONFIRMED in reason(priced, "SSD read cache")
    assert "AmazonFSx" in reason(priced, "HDD storage (PERSISTENT_1, 12 MB/s/TiB)")
    # The provider's default deployment is SCRATCH_1: no backups, storage not confirmed.
    scratch = price(make_resource("aws_fsx_lustre_file_system", {"storage_capacity": 1200}))
    assert_unconfirmed(scratch, {"SSD storage (SCRATCH_1)": Decimal(1200)})


def test_fsx_lustre_persistent_needs_its_throughput() -> None:
    values = {"storage_capacity": 1200, "deployment_type": "PERSISTENT_1"}
    priced = price(make_resource("aws_fsx_lustre_file_system", values))
    assert "per_unit_storage_throughput is not set" in reason(priced, "SSD storage (PERSISTENT_1)")


def test_fsx_ontap_multi_az() -> None:
    values = {
        "storage_capacity": 1024,
        "deployment_type": "MULTI_AZ_1",
        "throughput_capacity": 256,
        "disk_iops_configuration": [{"mode": "USER_PROVISIONED", "iops": 5000}],
    }
    priced = price(make_resource("aws_fsx_ontap_file_system", values))
    assert_golden("aws_fsx_ontap_file_system/multi_az", golden_rows(priced))
    # 5,000 IOPS less the 3 per GB included (3,072).
    assert component(priced, "Provisioned SSD IOPS").monthly_quantity == Decimal(1928)
    for line in ("Provisioned SSD IOPS", "Capacity pool storage"):
        assert UNCONFIRMED in reason(priced, line)
    for line in ("SSD storage", "Throughput capacity", "Backup storage"):
        assert "the catalog has no prices for service 'AmazonFSx'" in reason(priced, line)


def test_fsx_ontap_throughput_per_ha_pair_and_multi_az_2() -> None:
    values = {
        "storage_capacity": 2048,
        "deployment_type": "SINGLE_AZ_2",
        "throughput_capacity_per_ha_pair": 1536,
        "ha_pairs": 2,
    }
    priced = price(make_resource("aws_fsx_ontap_file_system", values))
    assert component(priced, "Throughput capacity").monthly_quantity == Decimal(3072)
    values["deployment_type"] = "MULTI_AZ_2"
    newer = price(make_resource("aws_fsx_ontap_file_system", values))
    assert UNCONFIRMED in reason(newer, "SSD storage")


def test_fsx_ontap_per_pair_throughput_as_a_plan_shows_it() -> None:
    """A plan shows throughput_capacity (and an unset ha_pairs) unknown when the per-pair
    figure is set: the total is the per-pair figure x AWS's one pair."""
    values = {
        "storage_capacity": 1024,
        "deployment_type": "SINGLE_AZ_2",
        "throughput_capacity_per_ha_pair": 1536,
    }
    resource = make_resource(
        "aws_fsx_ontap_file_system", values, unknown=["throughput_capacity", "ha_pairs"]
    )
    assert component(price(resource), "Throughput capacity").monthly_quantity == Decimal(1536)


def test_fsx_ontap_iops_left_to_aws_is_automatic() -> None:
    """Without a disk_iops_configuration block a plan shows it known only after apply: AWS's
    AUTOMATIC mode (3 IOPS per GB, included), no line. Set from something unknown (HCL mode
    gives the reason), the line stays, unknown."""
    values = {
        "storage_capacity": 1024,
        "deployment_type": "SINGLE_AZ_1",
        "throughput_capacity": 128,
    }
    left = price(
        make_resource("aws_fsx_ontap_file_system", values, unknown=["disk_iops_configuration"])
    )
    assert "Provisioned SSD IOPS" not in names(left)
    resource = make_resource("aws_fsx_ontap_file_system", values)
    why = "depends on aws_ebs_volume.v.iops, which is known only after apply"
    attributes = Attributes(
        values,
        frozenset({"disk_iops_configuration"}),
        unknown_reasons={"disk_iops_configuration": why},
    )
    unknown = price(replace(resource, attributes=attributes))
    assert component(unknown, "Provisioned SSD IOPS").monthly_quantity is None
    assert unknown.status == "unknown"


def test_memorydb_values_set_from_something_unknown_stay_unknown() -> None:
    """Left to AWS (unknown, nothing behind it), the engine is Redis OSS and no snapshots are
    kept; set from another resource's value known only after apply, both stay unknown."""
    values = {"node_type": "db.r6g.large"}
    unknown = ["engine", "snapshot_retention_limit"]
    left = price(make_resource("aws_memorydb_cluster", values, unknown=unknown))
    assert names(left) == ["MemoryDB nodes (Redis OSS, on-demand, db.r6g.large)", "Data written"]
    origin = ("aws_ssm_parameter.settings",)
    referenced = make_resource(
        "aws_memorydb_cluster",
        values,
        unknown=unknown,
        references={"engine": origin, "snapshot_retention_limit": origin},
    )
    priced = price(referenced)
    assert names(priced) == [
        "MemoryDB nodes (unknown engine, on-demand, db.r6g.large)",
        "Data written",
        "Snapshot storage",
    ]
    assert priced.components[0].monthly_quantity == Decimal(2 * 730)
    assert priced.status == "unknown"


def test_snapshot_storage_is_one_rule_for_both_caches() -> None:
    """MemoryDB (product unconfirmed) and ElastiCache Serverless (its query) bill snapshot
    storage by one rule: a line where snapshots are kept (retention above 0 or unknown), none
    where none are; the serverless line carries its own query, MemoryDB's the reason."""
    from checker.model import Missing, PriceQuery
    from checker.resources.base import ResourceView
    from checker.resources.databases import aws_elasticache_serverless_cache as serverless
    from checker.resources.unconfirmed import snapshot_storage, unconfirmed, unconfirmed_snapshots

    view = ResourceView(make_resource("aws_memorydb_cluster", {}), usage={})
    query = PriceQuery.of(serverless.SERVICE, "us-east-1", serverless.FAMILY)
    unknown_days = Missing("unknown", "known after apply", "snapshot_retention_limit")
    for retention, kept in ((None, False), (Decimal(0), False), (Decimal(3), True)):
        lines = snapshot_storage(view, retention, query)
        assert [(c.name, c.query) for c in lines] == ([("Snapshot storage", query)] if kept else [])
    [line] = snapshot_storage(view, unknown_days, query)
    assert line.optional_usage and line.unit == "GB"
    why = unconfirmed("MemoryDB snapshots", "no usagetype")
    assert unconfirmed_snapshots(view, unknown_days, "MemoryDB snapshots", "no usagetype") == (
        snapshot_storage(view, unknown_days, why)
    )
    for retention, kept in ((0, False), (5, True)):
        for rtype in ("aws_memorydb_cluster", "aws_elasticache_serverless_cache"):
            values = {"engine": "valkey", "snapshot_retention_limit": retention}
            priced = price(make_resource(rtype, values))
            assert ("Snapshot storage" in names(priced)) is kept, rtype
            if kept and rtype == "aws_elasticache_serverless_cache":  # its query, asked
                assert NO_OFFLINE in reason(priced, "Snapshot storage")
            elif kept:
                assert UNCONFIRMED in reason(priced, "Snapshot storage")
