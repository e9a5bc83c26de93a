"""aws_rds_cluster_instance: Aurora instance hours, at the I/O-Optimized rate when the cluster
uses aurora-iopt1 storage; db.serverless instances leave their capacity to the cluster.

Public list prices checked (aws.amazon.com/rds/aurora/pricing, us-east-1): Aurora MySQL and
PostgreSQL db.r5.large $0.29/h Standard, $0.377/h I/O-Optimized; db.r6g.large PostgreSQL $0.26/h
Standard; Serverless v2 $0.12 per ACU-hour ($0.16 I/O-Optimized).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason, unit_price

CLUSTER = "aws_rds_cluster.main"


def cluster(**values: Any) -> Resource:
    return make_resource("aws_rds_cluster", {"engine": "aurora-postgresql", **values}, name="main")


def instance(values: dict[str, Any], *, referenced: bool = True, **kwargs: Any) -> Resource:
    return make_resource(
        "aws_rds_cluster_instance",
        {"engine": "aurora-postgresql", "instance_class": "db.r5.large", **values},
        unknown=["cluster_identifier"],
        references={"cluster_identifier": (CLUSTER,)} if referenced else {},
        **kwargs,
    )


def test_standard_cluster_instance() -> None:
    priced = price(instance({}), others=[cluster()])
    assert_golden("aws_rds_cluster_instance/standard", golden_rows(priced))
    name = "Database instance (Aurora PostgreSQL, Standard, on-demand, db.r5.large)"
    assert names(priced) == [name]
    assert unit_price(priced, name) == Decimal("0.29")
    assert monthly(priced, name) == Decimal("211.70")


def test_io_optimized_cluster_instance() -> None:
    priced = price(instance({}), others=[cluster(storage_type="aurora-iopt1")])
    assert_golden("aws_rds_cluster_instance/io_optimized", golden_rows(priced))
    name = "Database instance (Aurora PostgreSQL, I/O-Optimized, on-demand, db.r5.large)"
    assert unit_price(priced, name) == Decimal("0.377")


def test_engine_taken_from_the_cluster_when_unknown() -> None:
    resource = make_resource(
        "aws_rds_cluster_instance",
        {"instance_class": "db.r6g.large"},
        unknown=["engine", "cluster_identifier"],
        references={"cluster_identifier": (CLUSTER,)},
    )
    priced = price(resource, others=[cluster()])
    name = "Database instance (Aurora PostgreSQL, Standard, on-demand, db.r6g.large)"
    assert unit_price(priced, name) == Decimal("0.26")


def test_serverless_instance_has_no_instance_hours() -> None:
    priced = price(
        instance({"instance_class": "db.serverless"}), others=[cluster(storage_type="aurora-iopt1")]
    )
    assert_golden("aws_rds_cluster_instance/serverless", golden_rows(priced))
    name = "Aurora Serverless v2 capacity (I/O-Optimized, billed on aws_rds_cluster.main)"
    line = component(priced, name)
    assert line.monthly_quantity == Decimal(0)
    assert line.monthly_cost == Decimal(0)
    assert line.unit_price == Decimal("0.16")  # the rate the cluster's ACU-hours are billed at
    assert priced.monthly_cost == Decimal(0)


def test_cluster_outside_the_plan_assumes_standard_storage_and_says_so() -> None:
    priced = price(instance({"instance_class": "db.r5.large"}, referenced=False))
    name = (
        "Database instance (Aurora PostgreSQL, Standard, on-demand, db.r5.large, "
        "cluster not in plan: Standard storage assumed)"
    )
    assert monthly(priced, name) == Decimal("211.70")


def test_class_not_offered_for_aurora() -> None:
    priced = price(instance({"instance_class": "db.m1.small"}), others=[cluster()])
    assert priced.status == "unknown"
    why = reason(priced, "Database instance (Aurora PostgreSQL, Standard, on-demand, db.m1.small)")
    assert why.startswith("no price:")


def test_unknown_class_and_engine() -> None:
    resource = make_resource(
        "aws_rds_cluster_instance", {}, unknown=["instance_class", "engine", "cluster_identifier"]
    )
    priced = price(resource)
    assert priced.status == "unknown"
    assert reason(priced, names(priced)[0]) == "engine is known only after apply"


def test_a_region_the_catalog_lacks() -> None:
    priced = price(instance({}, region="ap-southeast-6"))
    assert priced.status == "unknown"
    assert reason(priced, names(priced)[0]).startswith(
        "no price: the catalog has no AmazonRDS prices in ap-southeast-6"
    )


def test_non_aurora_engine_is_unknown_not_an_error() -> None:
    priced = price(instance({"engine": "mysql"}, referenced=False))
    assert priced.status == "unknown"
    assert reason(priced, names(priced)[0]) == "engine 'mysql' is not an Aurora engine"


def test_publicly_accessible_instance_pays_for_its_public_ipv4_address() -> None:
    priced = price(instance({"publicly_accessible": True}), others=[cluster()])
    assert monthly(priced, "Public IPv4 address") == Decimal("3.650")
    serverless = price(
        instance({"instance_class": "db.serverless", "publicly_accessible": True}),
        others=[cluster()],
    )
    assert monthly(serverless, "Public IPv4 address") == Decimal("3.650")
    # Unset, the provider computes it: taken as private.
    assert "Public IPv4 address" not in names(price(instance({}), others=[cluster()]))


def test_aurora_t4g_instance_credits_priced_from_the_extra_data() -> None:
    from tests.pricers.extra_catalog import cpu_credit_catalog

    resource = instance({"instance_class": "db.t4g.medium"}, region="eu-west-1")
    priced = price(
        resource,
        others=[make_resource("aws_rds_cluster", {"engine": "aurora-postgresql"}, name="main")],
        usage={"monthly_cpu_credit_hrs": 10},
        source=cpu_credit_catalog(),
    )
    credits = component(priced, "CPU credits")
    assert credits.monthly_quantity == Decimal(20)  # 10 h x 2 vCPUs
    # ../shared/pricing-data-extra: eu-west-1 Aurora PostgreSQL CPUCredits:db.t4g, $0.09.
    assert credits.unit_price == Decimal("0.09")
    assert credits.price is not None and "P2UJAZ6NFNESYAQF" in credits.price.reference
    # Without usage, in a region without the credit price: usage-based, the instance priced.
    plain = price(instance({"instance_class": "db.t4g.medium"}), others=[cluster()])
    assert plain.status == "priced"
    assert component(plain, "CPU credits").usage_based


def test_extended_support_of_the_clusters_engine_version() -> None:
    old = cluster(engine="aurora-mysql", engine_version="5.7.mysql_aurora.2.11.2")
    resource = instance({"engine": "aurora-mysql", "instance_class": "db.r5.large"})
    priced = price(resource, others=[old])
    name = "Extended Support (AuroraMySQL 2, years 1-2)"
    assert component(priced, name).monthly_quantity == Decimal(2 * 730)
    assert "--pricing-source aws" in reason(priced, name)
    current = cluster(engine="aurora-mysql", engine_version="8.0.mysql_aurora.3.05.2")
    assert name not in names(price(resource, others=[current]))
