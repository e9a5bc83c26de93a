"""aws_db_instance: instance hours by engine / licence / deployment, storage by type, IOPS,
throughput, magnetic I/O and backup storage.

Public list prices checked (aws.amazon.com/rds/pricing, us-east-1 unless said): MySQL
db.t3.large $0.136/h Single-AZ ($99.28 a month), $0.272/h Multi-AZ; gp2 $0.115 per GB-month
($0.23 Multi-AZ); io1 $0.125 per GB-month and $0.10 per IOPS-month; magnetic $0.10 per GB-month
and $0.10 per 1M I/O requests; backup storage $0.095 per GB-month; PostgreSQL db.r5.large in
eu-west-1 $0.28/h; gp3 in eu-west-1 $0.127 per GB-month, $0.022 per IOPS-month and $0.088 per
MiB/s-month above the baseline; SQL Server Enterprise db.m5.xlarge $2.336/h.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from checker.model import Price, PriceQuery, Resource
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import assert_no_error, component, monthly, names, reason, unit_price

# What the provider computes when the configuration leaves it out (unknown in a plan).
COMPUTED = (
    "multi_az",
    "storage_type",
    "iops",
    "storage_throughput",
    "license_model",
    "backup_retention_period",
)
MYSQL = "Database instance (MySQL, on-demand, Single-AZ, db.t3.large)"
GP2 = "Storage (general purpose SSD, gp2)"
GP3 = "Storage (general purpose SSD, gp3)"
BACKUP = "Additional backup storage"


def db(values: dict[str, Any], *, computed: tuple[str, ...] = COMPUTED, **kwargs: Any) -> Resource:
    """An instance as a plan shows it: what is not configured is known only after apply."""
    unknown = [path for path in computed if path not in values]
    return make_resource("aws_db_instance", values, unknown=unknown, **kwargs)


def configured(resource: Resource, *paths: str) -> Resource:
    """``resource`` whose configuration sets ``paths`` with an expression referring to something
    (as a plan's configuration shows it): unknown there is not AWS's default."""
    return replace(resource, configured_references=frozenset(paths))


def mysql(region: str = "us-east-1", **values: Any) -> Resource:
    return db(
        {"engine": "mysql", "instance_class": "db.t3.large", "allocated_storage": 20, **values},
        region=region,
    )


def test_mysql_single_az_list_price() -> None:
    priced = price(mysql())
    assert_golden("aws_db_instance/mysql_single_az", golden_rows(priced))
    assert priced.status == "priced"
    assert names(priced) == [MYSQL, "CPU credits", GP2, BACKUP]
    assert unit_price(priced, MYSQL) == Decimal("0.136")
    assert monthly(priced, MYSQL) == Decimal("99.28")
    assert unit_price(priced, GP2) == Decimal("0.115")
    assert monthly(priced, GP2) == Decimal("2.30")
    # Backup storage beyond the free allocation is usage-based: listed with its price.
    backup = component(priced, BACKUP)
    assert backup.usage_based and backup.monthly_cost is None
    assert backup.unit_price == Decimal("0.095")
    assert reason(priced, BACKUP) == (
        "usage-based: set additional_backup_storage_gb in a usage file to estimate"
    )
    assert priced.monthly_cost == Decimal("101.58")


def test_mysql_multi_az_uses_the_multi_az_rates() -> None:
    priced = price(mysql(multi_az=True), usage={"additional_backup_storage_gb": 50})
    assert_golden("aws_db_instance/mysql_multi_az", golden_rows(priced))
    name = "Database instance (MySQL, on-demand, Multi-AZ, db.t3.large)"
    assert unit_price(priced, name) == Decimal("0.272")
    assert monthly(priced, name) == Decimal("198.56")
    assert unit_price(priced, GP2) == Decimal("0.23")
    assert monthly(priced, BACKUP) == Decimal("4.75")
    assert priced.monthly_cost == Decimal("198.56") + Decimal("4.60") + Decimal("4.75")


def test_postgres_gp3_above_the_striped_baseline_in_eu_west_1() -> None:
    resource = db(
        {
            "engine": "postgres",
            "instance_class": "db.r5.large",
            "allocated_storage": 500,
            "storage_type": "gp3",
            "iops": 15000,
            "storage_throughput": 600,
            "backup_retention_period": 7,
        },
        region="eu-west-1",
    )
    priced = price(resource)
    assert_golden("aws_db_instance/postgres_gp3_eu_west_1", golden_rows(priced))
    instance = "Database instance (PostgreSQL, on-demand, Single-AZ, db.r5.large)"
    assert unit_price(priced, instance) == Decimal("0.28")
    assert monthly(priced, instance) == Decimal("204.40")
    assert monthly(priced, GP3) == Decimal("63.50")  # 500 GB x $0.127
    # 500 GB is past the 400 GB striping size: 12,000 IOPS and 500 MiB/s are included.
    assert monthly(priced, "Provisioned IOPS (gp3, above 12,000 included)") == Decimal("66.00")
    throughput = "Provisioned throughput (gp3, above 500 MiB/s included)"
    assert component(priced, throughput).monthly_quantity == Decimal(100)
    assert monthly(priced, throughput) == Decimal("8.80")


@pytest.mark.parametrize(
    ("engine", "allocated", "included"),
    [
        ("postgres", 399, "3,000"),
        ("postgres", 400, "12,000"),
        ("mysql", 400, "12,000"),
        ("oracle-ee", 200, "12,000"),  # Oracle stripes from 200 GiB
        ("oracle-ee", 199, "3,000"),
        ("sqlserver-ee", 1000, "3,000"),  # SQL Server never stripes
    ],
)
def test_gp3_baseline_depends_on_engine_and_size(
    engine: str, allocated: int, included: str
) -> None:
    resource = db(
        {
            "engine": engine,
            "instance_class": "db.m5.xlarge",
            "allocated_storage": allocated,
            "storage_type": "gp3",
            "iops": 16000,
        }
    )
    priced = price(resource)
    iops = component(priced, f"Provisioned IOPS (gp3, above {included} included)")
    assert iops.monthly_quantity == Decimal(16000) - Decimal(included.replace(",", ""))
    assert iops.unit_price == Decimal("0.02")


def test_gp3_at_the_baseline_adds_nothing() -> None:
    # iops / storage_throughput not configured: AWS applies the included baseline.
    priced = price(mysql(storage_type="gp3"))
    assert names(priced) == [MYSQL, "CPU credits", GP3, BACKUP]  # db.t3: always Unlimited
    assert priced.status == "priced"


def test_sql_server_multi_az_io1_is_billed_as_mirroring() -> None:
    resource = db(
        {
            "engine": "sqlserver-se",
            "instance_class": "db.m5.xlarge",
            "allocated_storage": 200,
            "storage_type": "io1",
            "iops": 3000,
            "multi_az": True,
            "backup_retention_period": 0,
        }
    )
    priced = price(resource)
    assert_golden("aws_db_instance/sqlserver_se_multi_az_io1", golden_rows(priced))
    assert names(priced) == [
        "Database instance (SQL Server Standard, on-demand, Multi-AZ, db.m5.xlarge)",
        "Storage (provisioned IOPS SSD, io1)",
        "Provisioned IOPS (io1)",
    ]  # no backup line: backup_retention_period = 0 turns automated backups off
    assert unit_price(priced, "Storage (provisioned IOPS SSD, io1)") == Decimal("0.25")
    assert monthly(priced, "Provisioned IOPS (io1)") == Decimal("600.0")  # 3,000 x $0.20


def test_sql_server_enterprise_list_price() -> None:
    priced = price(
        db({"engine": "sqlserver-ee", "instance_class": "db.m5.xlarge", "allocated_storage": 20})
    )
    name = "Database instance (SQL Server Enterprise, on-demand, Single-AZ, db.m5.xlarge)"
    assert monthly(priced, name) == Decimal("1705.28")  # $2.336/h


def test_oracle_se2_licence_models() -> None:
    values = {"engine": "oracle-se2", "instance_class": "db.m5.xlarge", "allocated_storage": 100}
    included = price(db({**values, "license_model": "license-included"}))
    byol = price(db({**values, "license_model": "bring-your-own-license"}))
    assert_golden("aws_db_instance/oracle_se2_license_included", golden_rows(included))
    li_name = "Database instance (Oracle SE2, license included, on-demand, Single-AZ, db.m5.xlarge)"
    byol_name = "Database instance (Oracle SE2, BYOL, on-demand, Single-AZ, db.m5.xlarge)"
    assert unit_price(included, li_name) == Decimal("0.876")
    assert unit_price(byol, byol_name) == Decimal("0.342")


def test_oracle_se2_without_license_model_is_unknown() -> None:
    priced = price(
        db({"engine": "oracle-se2", "instance_class": "db.m5.xlarge", "allocated_storage": 100})
    )
    assert priced.status == "unknown"
    name = "Database instance (oracle-se2, on-demand, Single-AZ, db.m5.xlarge)"
    assert reason(priced, name) == (
        "license_model is known only after apply, and oracle-se2 is billed at different prices "
        "with license-included and bring-your-own-license: set license_model to price it"
    )
    # The rest of the instance is still priced.
    assert monthly(priced, GP2) == Decimal("11.50")


def test_oracle_ee_magnetic_with_io_usage() -> None:
    resource = db(
        {
            "engine": "oracle-ee-cdb",
            "instance_class": "db.m5.xlarge",
            "allocated_storage": 100,
            "storage_type": "standard",
        }
    )
    priced = price(resource, usage={"monthly_standard_io_requests": 25_000_000})
    assert_golden("aws_db_instance/oracle_ee_magnetic", golden_rows(priced))
    # Enterprise Edition is bring-your-own-license only.
    name = "Database instance (Oracle EE, BYOL, on-demand, Single-AZ, db.m5.xlarge)"
    assert unit_price(priced, name) == Decimal("0.342")
    assert monthly(priced, "Storage (magnetic)") == Decimal("10.0")
    assert monthly(priced, "I/O requests (magnetic)") == Decimal("2.5")  # 25M x $0.10/M


def test_magnetic_io_without_usage_is_usage_based() -> None:
    priced = price(mysql(storage_type="standard"))
    assert reason(priced, "I/O requests (magnetic)") == (
        "usage-based: set monthly_standard_io_requests in a usage file to estimate"
    )
    assert unit_price(priced, "I/O requests (magnetic)") == Decimal("0.1")
    assert priced.status == "priced"


def test_db2_defaults_to_bring_your_own_license() -> None:
    priced = price(
        db(
            {
                "engine": "db2-se",
                "instance_class": "db.t3.large",
                "allocated_storage": 100,
                "storage_type": "gp3",
            }
        )
    )
    assert_golden("aws_db_instance/db2_se", golden_rows(priced))
    name = "Database instance (Db2 Standard, BYOL, on-demand, Single-AZ, db.t3.large)"
    assert unit_price(priced, name) == Decimal("0.145")


def _db2_instance_price(license_model: str) -> Decimal:
    query = PriceQuery.of(
        "AmazonRDS",
        "us-east-1",
        "Database Instance",
        databaseEngine="Db2",
        licenseModel=license_model,
        instanceType="db.m6i.large",
        deploymentOption="Single-AZ",
    )
    answer = catalog().lookup([query])[query]
    assert isinstance(answer, Price), answer
    return answer.unit_price


def test_db2_marketplace_licence_is_an_unknown_line() -> None:
    # Price audit finding 3: the Marketplace row is the instance price alone (the same as BYOL),
    # so IBM's licence fee, billed on top, must show as a line rather than vanish.
    priced = price(
        db(
            {
                "engine": "db2-se",
                "license_model": "marketplace-license",
                "instance_class": "db.m6i.large",
                "allocated_storage": 100,
                "storage_type": "gp3",
            }
        )
    )
    assert_golden("aws_db_instance/db2_marketplace", golden_rows(priced))
    instance = (
        "Database instance (Db2 Standard, Marketplace license, on-demand, Single-AZ, db.m6i.large)"
    )
    assert unit_price(priced, instance) == _db2_instance_price("Marketplace")
    assert _db2_instance_price("Marketplace") == _db2_instance_price("Bring your own license")
    why = reason(priced, "Db2 Standard licence (AWS Marketplace)")
    assert "AWS Marketplace" in why and "marketplace-license" in why
    assert priced.status == "unknown"


def test_db2_bring_your_own_licence_has_no_licence_line() -> None:
    priced = price(
        db(
            {
                "engine": "db2-ae",
                "license_model": "bring-your-own-license",
                "instance_class": "db.m6i.large",
                "allocated_storage": 100,
                "storage_type": "gp3",
            }
        )
    )
    assert not [n for n in names(priced) if "licence" in n]


def test_read_replica_inherits_engine_and_storage_from_its_source() -> None:
    source = mysql()
    replica = make_resource(
        "aws_db_instance",
        {"instance_class": "db.t3.large", "replicate_source_db": None},
        name="replica",
        unknown=[*COMPUTED, "engine", "allocated_storage", "replicate_source_db"],
        references={"replicate_source_db": ("aws_db_instance.this",)},
    )
    priced = price(replica, others=[source])
    assert_golden("aws_db_instance/read_replica", golden_rows(priced))
    name = "Database instance (MySQL, on-demand, Single-AZ, db.t3.large, read replica)"
    assert monthly(priced, name) == Decimal("99.28")
    # A replica AWS creates without a storage type gets gp3, at the source's size.
    assert component(priced, GP3).monthly_quantity == Decimal(20)


def test_read_replica_of_a_database_outside_the_plan() -> None:
    replica = db(
        {"instance_class": "db.t3.large", "replicate_source_db": "arn:aws:rds:us-east-1:1:db:x"},
        computed=(*COMPUTED, "engine", "allocated_storage"),
    )
    priced = price(replica)
    assert priced.status == "unknown"
    name = "Database instance (unknown engine, on-demand, Single-AZ, db.t3.large, read replica)"
    assert reason(priced, name) == (
        "engine is inherited from replicate_source_db, which is not in this plan"
    )
    storage = component(priced, GP3)
    assert storage.monthly_quantity == Decimal(20)
    assert (storage.assumption or "").startswith("20 GB (Infracost's default allocated storage)")
    assert "the source database, not in this plan, sets it" in (storage.assumption or "")


def test_io2_storage_price_and_unknown_iops_price() -> None:
    priced = price(mysql(storage_type="io2", iops=3000, allocated_storage=100))
    assert_golden("aws_db_instance/io2", golden_rows(priced))
    assert monthly(priced, "Storage (provisioned IOPS SSD, io2)") == Decimal("12.500")
    # The price data has no RDS io2 IOPS product: unknown, with the catalog's reason.
    assert priced.status == "unknown"
    assert "usagetype='RDS:IO2-PIOPS' is not in the catalog" in reason(
        priced, "Provisioned IOPS (io2)"
    )


def test_aurora_engine_is_an_aurora_instance_without_storage() -> None:
    priced = price(db({"engine": "aurora-postgresql", "instance_class": "db.r5.large"}))
    assert names(priced) == [
        "Database instance (Aurora PostgreSQL, Standard, on-demand, db.r5.large)"
    ]
    assert monthly(priced, names(priced)[0]) == Decimal("211.70")  # $0.29/h


def test_instance_class_not_offered_in_the_region() -> None:
    priced = price(mysql("af-south-1", instance_class="db.m7g.large"))
    assert priced.status == "unknown"
    assert reason(priced, "Database instance (MySQL, on-demand, Single-AZ, db.m7g.large)") == (
        "no price: db.m7g.large is not offered in af-south-1 according to the catalog "
        "(it has AmazonRDS prices for it in 30 other regions)"
    )


def test_instance_class_not_offered_for_the_engine() -> None:
    priced = price(
        db({"engine": "sqlserver-ex", "instance_class": "db.m5.xlarge", "allocated_storage": 20})
    )
    why = reason(
        priced, "Database instance (SQL Server Express, on-demand, Single-AZ, db.m5.xlarge)"
    )
    assert why.startswith("no price: no catalog product matches AmazonRDS/Database Instance")
    assert "instanceType='db.m5.xlarge' is not in the catalog" in why


def test_a_region_the_catalog_lacks() -> None:
    priced = price(mysql("ap-southeast-6"))
    assert_golden("aws_db_instance/region_not_in_catalog", golden_rows(priced))
    assert priced.status == "unknown"
    assert reason(priced, MYSQL).startswith(
        "no price: the catalog has no AmazonRDS prices in ap-southeast-6"
    )


def test_unknown_instance_class_and_storage() -> None:
    resource = db({"engine": "mysql"}, computed=(*COMPUTED, "instance_class", "allocated_storage"))
    # Both set by the configuration from something known only after apply.
    priced = price(configured(resource, "instance_class", "allocated_storage"))
    assert priced.status == "unknown"
    name = "Database instance (MySQL, on-demand, Single-AZ, unknown class)"
    assert reason(priced, name) == "instance_class is known only after apply"
    assert reason(priced, GP2) == "allocated_storage is known only after apply"


@pytest.mark.parametrize(
    "values",
    [
        {"engine": "mysql", "instance_class": "db.t3.large", "allocated_storage": "20"},
        {"engine": "mysql", "instance_class": "db.t3.large", "allocated_storage": "lots"},
        {"engine": None, "instance_class": None},
        {"engine": "cockroach", "instance_class": "db.t3.large", "allocated_storage": 20},
        {"engine": "custom-oracle-ee", "instance_class": "db.m5.large", "allocated_storage": 40},
        {
            "engine": "mysql",
            "instance_class": "db.t3.large",
            "allocated_storage": 20,
            "storage_type": "nvme",
        },
        {
            "engine": "postgres",
            "instance_class": "db.t3.large",
            "multi_az": "true",
            "allocated_storage": 20,
        },
        {
            "engine": "mysql",
            "instance_class": "db.t3.large",
            "allocated_storage": 20,
            "license_model": "free",
        },
        {},
    ],
)
def test_odd_input_never_errors(values: dict[str, Any]) -> None:
    priced = price(make_resource("aws_db_instance", values))
    assert priced.components, priced.note  # an error would leave no components
    assert_no_error(priced)


def test_gp3_iops_above_every_baseline_with_unknown_size() -> None:
    resource = db(
        {"engine": "mysql", "instance_class": "db.t3.large", "storage_type": "gp3", "iops": 16000},
        computed=(*COMPUTED, "allocated_storage"),
    )
    priced = price(configured(resource, "allocated_storage"))
    # Whether 3,000 or 12,000 IOPS are included depends on the size, known only after apply.
    name = "Provisioned IOPS (gp3, above the included baseline)"
    assert reason(priced, name) == "allocated_storage is known only after apply"
    assert unit_price(priced, name) == Decimal("0.02")


def test_publicly_accessible_instance_pays_for_its_public_ipv4_address() -> None:
    priced = price(mysql(publicly_accessible=True))
    assert_golden("aws_db_instance/publicly_accessible", golden_rows(priced))
    assert monthly(priced, "Public IPv4 address") == Decimal("3.650")  # $0.005/h
    assert "Public IPv4 address" not in names(price(mysql(publicly_accessible=False)))


def test_t3_class_credits_are_usage_based_and_never_make_the_instance_unknown() -> None:
    # us-east-1: no RDS CPU-credit price in the catalog; without usage the line is usage-based.
    priced = price(mysql())
    assert priced.status == "priced"
    credits = component(priced, "CPU credits")
    assert credits.usage_based and credits.monthly_cost is None
    assert "monthly_cpu_credit_hrs" in (credits.unknown_reason or "")
    zero = price(mysql(), usage={"monthly_cpu_credit_hrs": 0})
    assert component(zero, "CPU credits").monthly_cost == Decimal(0)
    assert zero.status == "priced"
    bursting = price(mysql(), usage={"monthly_cpu_credit_hrs": 10})
    assert bursting.status == "unknown"  # a non-zero use without a price is unknown, with why
    assert "CPUCredits:db.t3" in (component(bursting, "CPU credits").unknown_reason or "")
    m5 = price(db({"engine": "mysql", "instance_class": "db.m5.large", "allocated_storage": 20}))
    assert "CPU credits" not in names(m5)


def test_t4g_class_credits_priced_from_the_extra_data() -> None:
    from tests.pricers.extra_catalog import cpu_credit_catalog

    resource = db(
        {"engine": "postgres", "instance_class": "db.t4g.medium", "allocated_storage": 20},
        region="eu-west-1",
    )
    priced = price(resource, usage={"monthly_cpu_credit_hrs": 30}, source=cpu_credit_catalog())
    assert_golden("aws_db_instance/t4g_credits_eu_west_1", golden_rows(priced))
    credits = component(priced, "CPU credits")
    assert credits.monthly_quantity == Decimal(60)  # 30 h x 2 vCPUs
    # ../shared/pricing-data-extra: eu-west-1 PostgreSQL CPUCredits:db.t4g, $0.075/vCPU-hour.
    assert credits.unit_price == Decimal("0.075")
    assert credits.monthly_cost == Decimal("4.5")
    assert credits.price is not None and "FKRFVHM6SSJDRCNS" in credits.price.reference


def test_storage_left_to_a_snapshot_is_an_assumed_20_gb() -> None:
    resource = db(
        {"engine": "postgres", "instance_class": "db.m5.large", "snapshot_identifier": "snap-1"},
        computed=(*COMPUTED, "allocated_storage"),
    )
    priced = price(resource)
    assert_golden("aws_db_instance/storage_from_snapshot", golden_rows(priced))
    assert priced.status == "priced"
    storage = component(priced, GP2)
    assert storage.monthly_quantity == Decimal(20)
    # gp2 Single-AZ in us-east-1: $0.115 per GB-month in ../shared/pricing-data (RDS:GP2-Storage).
    assert storage.unit_price == Decimal("0.115")
    assert storage.assumption == (
        "20 GB (Infracost's default allocated storage): the snapshot (snap-1) sets it, and the "
        "plan does not show the size; set allocated_storage (or the usage key "
        "allocated_storage_gb) to price your own"
    )
    told = price(resource, usage={"allocated_storage_gb": 120})
    assert component(told, GP2).monthly_quantity == Decimal(120)
    assert component(told, GP2).assumption is None
    given = price(
        db(
            {
                "engine": "postgres",
                "instance_class": "db.m5.large",
                "snapshot_identifier": "snap-1",
                "allocated_storage": 50,
            }
        )
    )
    assert component(given, GP2).monthly_quantity == Decimal(50)
    assert component(given, GP2).assumption is None


def test_aurora_engine_instance_has_no_storage_lines() -> None:
    resource = db({"engine": "aurora-postgresql", "instance_class": "db.r5.large"})
    priced = price(resource)
    assert names(priced) == [
        "Database instance (Aurora PostgreSQL, Standard, on-demand, db.r5.large)"
    ]
    assert priced.status == "priced"


def test_extended_support_for_a_version_past_standard_support() -> None:
    from checker.model import PriceQuery

    resource = db(
        {
            "engine": "postgres",
            "engine_version": "12.19",
            "instance_class": "db.m5.xlarge",
            "allocated_storage": 100,
        }
    )
    priced = price(resource)
    assert_golden("aws_db_instance/extended_support", golden_rows(priced))
    name = "Extended Support (PostgreSQL 12, years 1-2)"
    line = component(priced, name)
    assert line.monthly_quantity == Decimal(4 * 730)  # 4 vCPUs all month
    why = reason(priced, name)
    assert "RDS Extended Support prices are not in the offline catalog's data" in why
    assert "--pricing-source aws" in why
    assert priced.status == "unknown"  # a charge there is, whose price the catalog lacks
    # What --pricing-source aws is asked: the usage type AWS bills.
    from checker.resources.databases.rds_extras import extended_support

    named = extended_support("us-east-1", resource.attributes, "postgres", "db.m5.xlarge", {})
    assert named is not None
    assert named.query == PriceQuery.of(
        "AmazonRDS", "us-east-1", None, usagetype="ExtendedSupport:Yr1-Yr2:PostgreSQL12"
    )


@pytest.mark.parametrize(
    ("engine", "version", "expected"),
    [
        ("mysql", "5.7.44", "Extended Support (MySQL 5.7, years 1-2)"),
        ("mysql", "8.0.36", None),  # in standard support on 2025-06-18, the suite's date
        ("postgres", "16.3", None),
        ("postgres", "11.22", "Extended Support (PostgreSQL 11, years 1-2)"),
    ],
)
def test_extended_support_follows_the_release_calendar(
    engine: str, version: str, expected: str | None
) -> None:
    resource = db(
        {
            "engine": engine,
            "engine_version": version,
            "instance_class": "db.r5.large",
            "allocated_storage": 20,
        }
    )
    found = [n for n in names(price(resource)) if n.startswith("Extended Support")]
    assert found == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("engine", "version", "expected"),
    [
        # MySQL 8.0 left standard support on 2026-08-01, PostgreSQL 13 on 2026-03-01; MySQL 5.7
        # reached its year-3 rate on 2026-03-01.
        ("mysql", "8.0.36", "Extended Support (MySQL 8.0, years 1-2)"),
        ("postgres", "13.15", "Extended Support (PostgreSQL 13, years 1-2)"),
        ("mysql", "5.7.44", "Extended Support (MySQL 5.7, year 3)"),
        ("postgres", "14.12", None),
    ],
)
def test_extended_support_judged_on_the_run_date(
    engine: str, version: str, expected: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COSTCHECK_TODAY", "2026-12-08")
    resource = db(
        {
            "engine": engine,
            "engine_version": version,
            "instance_class": "db.r5.large",
            "allocated_storage": 20,
        }
    )
    priced = price(resource)
    found = [c for c in priced.components if c.name.startswith("Extended Support")]
    assert [c.name for c in found] == ([expected] if expected else [])
    for line in found:
        assert line.assumption is not None
        assert line.assumption.startswith("support judged on 2026-12-08")


def test_extended_support_turned_off_has_no_line() -> None:
    resource = db(
        {
            "engine": "mysql",
            "engine_version": "5.7.44",
            "engine_lifecycle_support": "open-source-rds-extended-support-disabled",
            "instance_class": "db.r5.large",
            "allocated_storage": 20,
        }
    )
    assert not [n for n in names(price(resource)) if n.startswith("Extended Support")]


def test_performance_insights_long_term_retention() -> None:
    values = {
        "engine": "postgres",
        "instance_class": "db.r6g.2xlarge",
        "allocated_storage": 100,
        "performance_insights_enabled": True,
    }
    free = price(db({**values, "performance_insights_retention_period": 7}))
    assert not [n for n in names(free) if n.startswith("Performance Insights")]
    priced = price(db({**values, "performance_insights_retention_period": 731}))
    name = "Performance Insights long-term retention (731 days)"
    line = component(priced, name)
    assert line.monthly_quantity == Decimal(8)  # db.r6g.2xlarge: 8 vCPUs
    assert "Performance Insights prices are not in the offline catalog's data" in reason(
        priced, name
    )
    assert "usagetype=PI_LTR:R6G" in reason(priced, name)
    off = price(db({**values, "performance_insights_enabled": False}))
    assert not [n for n in names(off) if n.startswith("Performance Insights")]


def test_major_versions_and_class_vcpus() -> None:
    from checker.model import Missing
    from checker.resources.databases.rds_extras import class_vcpus, major_version

    assert major_version("aurora-mysql", "5.7.mysql_aurora.2.11.2") == "2"
    assert major_version("aurora-mysql", "8.0.mysql_aurora.3.05.2") == "3"
    assert major_version("mysql", "5.7") == "5.7"
    assert major_version("postgres", "12.19") == "12"
    assert major_version("postgres", "latest") is None
    assert class_vcpus("db.r5.large", {}) == 2
    assert class_vcpus("db.m5.12xlarge", {}) == 48
    assert class_vcpus("db.t4g.micro", {}) == 2
    assert class_vcpus("db.m5.12xlarge", {"vcpu_count": 24}) == 24
    assert isinstance(class_vcpus("db.m5.metal", {}), Missing)
