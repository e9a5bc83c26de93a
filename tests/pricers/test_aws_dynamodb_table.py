"""aws_dynamodb_table: provisioned capacity (table and GSIs), on-demand requests, global-table
replicas, storage, point-in-time recovery, streams and on-demand backups.

Public list prices checked (aws.amazon.com/dynamodb/pricing, us-east-1, after the November 2024
cut): $0.00065 per WCU-hour and per rWCU-hour, $0.00013 per RCU-hour; $0.625 per 1M write
request units (and replicated), $0.125 per 1M read request units; $0.25 per GB-month of storage;
$0.20 per GB-month of PITR backup; $0.10 per GB-month of on-demand backup; $0.02 per 100,000
streams read requests. eu-west-1: $0.000735 per WCU-hour, $0.000147 per RCU-hour, $0.283 per
GB-month.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import assert_no_error, component, monthly, names, reason, unit_price

# Computed by the provider: unknown in a plan when not configured.
COMPUTED = ("point_in_time_recovery", "read_capacity", "write_capacity", "stream_view_type")


def table(values: dict[str, Any], **kwargs: Any) -> Resource:
    unknown = [path for path in COMPUTED if path not in values]
    return make_resource(
        "aws_dynamodb_table",
        {"name": "t", "hash_key": "id", "attribute": [{"name": "id", "type": "S"}], **values},
        unknown=unknown,
        **kwargs,
    )


def test_provisioned_table_list_prices() -> None:
    priced = price(
        table({"billing_mode": "PROVISIONED", "read_capacity": 100, "write_capacity": 20}),
        usage={"storage_gb": 40},
    )
    assert_golden("aws_dynamodb_table/provisioned", golden_rows(priced))
    assert names(priced) == ["Write capacity (WCU)", "Read capacity (RCU)", "Data storage"]
    write = component(priced, "Write capacity (WCU)")
    assert write.monthly_quantity == Decimal(20)
    assert write.unit_price == Decimal("0.474500")  # $0.00065 x 730 h per WCU-month
    assert monthly(priced, "Write capacity (WCU)") == Decimal("9.49")
    assert monthly(priced, "Read capacity (RCU)") == Decimal("9.49")  # 100 x $0.00013 x 730
    assert monthly(priced, "Data storage") == Decimal("10.00")


def test_gsis_replicas_pitr_and_streams() -> None:
    resource = table(
        {
            "billing_mode": "PROVISIONED",
            "read_capacity": 10,
            "write_capacity": 5,
            "global_secondary_index": [
                {"name": "by_email", "read_capacity": 3, "write_capacity": 2}
            ],
            "replica": [{"region_name": "eu-west-1", "point_in_time_recovery": False}],
            "point_in_time_recovery": [{"enabled": True}],
            "stream_enabled": True,
        }
    )
    usage = {
        "storage_gb": 100,
        "pitr_backup_storage_gb": 100,
        "monthly_streams_read_request_units": 5_000_000,
    }
    priced = price(resource, usage=usage)
    assert_golden("aws_dynamodb_table/global_table", golden_rows(priced))
    assert names(priced) == [
        "Replicated write capacity (rWCU, us-east-1)",
        "Read capacity (RCU, us-east-1)",
        "Write capacity (GSI by_email, WCU, us-east-1)",
        "Read capacity (GSI by_email, RCU, us-east-1)",
        "Data storage (us-east-1)",
        "Point-in-time recovery backup storage (us-east-1)",
        "Replicated write capacity (rWCU, eu-west-1)",
        "Read capacity (RCU, eu-west-1)",
        "Write capacity (GSI by_email, WCU, eu-west-1)",
        "Read capacity (GSI by_email, RCU, eu-west-1)",
        "Data storage (eu-west-1)",
        "Streams read requests",
    ]
    # Base-table writes of a global table are replicated writes in every region, GSI writes
    # stay plain WCU; the replica is billed at its own region's rates.
    assert unit_price(priced, "Replicated write capacity (rWCU, us-east-1)") == Decimal("0.474500")
    assert unit_price(priced, "Replicated write capacity (rWCU, eu-west-1)") == Decimal("0.536550")
    assert unit_price(priced, "Read capacity (RCU, eu-west-1)") == Decimal("0.107310")
    assert monthly(priced, "Data storage (eu-west-1)") == Decimal("28.300")
    assert monthly(priced, "Point-in-time recovery backup storage (us-east-1)") == Decimal("20.0")
    assert monthly(priced, "Streams read requests") == Decimal("1.0")  # 5M x $0.20 per 1M


def test_on_demand_table() -> None:
    usage = {
        "monthly_read_request_units": 40_000_000,
        "monthly_write_request_units": 8_000_000,
        "storage_gb": 5,
        "on_demand_backup_storage_gb": 10,
    }
    priced = price(table({"billing_mode": "PAY_PER_REQUEST"}), usage=usage)
    assert_golden("aws_dynamodb_table/on_demand", golden_rows(priced))
    assert monthly(priced, "Write request units (WRU)") == Decimal("5.0")  # 8M x $0.625
    assert monthly(priced, "Read request units (RRU)") == Decimal("5.0")  # 40M x $0.125
    assert monthly(priced, "On-demand backup storage") == Decimal("1.0")


def test_on_demand_without_usage_is_usage_based() -> None:
    priced = price(table({"billing_mode": "PAY_PER_REQUEST"}))
    assert priced.status == "usage"
    assert reason(priced, "Write request units (WRU)") == (
        "usage-based: set monthly_write_request_units in a usage file to estimate"
    )
    assert unit_price(priced, "Read request units (RRU)") == Decimal("0.125")
    assert (
        reason(priced, "Data storage") == "usage-based: set storage_gb in a usage file to estimate"
    )


def test_on_demand_global_table_replicates_writes_to_every_region() -> None:
    resource = table({"billing_mode": "PAY_PER_REQUEST", "replica": [{"region_name": "eu-west-1"}]})
    priced = price(resource, usage={"monthly_write_request_units": 1_000_000})
    assert monthly(priced, "Replicated write request units (rWRU, us-east-1)") == Decimal("0.625")
    assert monthly(priced, "Replicated write request units (rWRU, eu-west-1)") == Decimal("0.705")


def test_provisioned_capacity_known_only_after_apply() -> None:
    resource = make_resource(
        "aws_dynamodb_table",
        {"billing_mode": "PROVISIONED"},
        unknown=["read_capacity", "write_capacity"],
    )
    priced = price(resource)
    assert priced.status == "unknown"
    assert reason(priced, "Write capacity (WCU)") == "write_capacity is known only after apply"


def test_billing_mode_defaults_to_provisioned() -> None:
    resource = make_resource("aws_dynamodb_table", {"read_capacity": 1, "write_capacity": 1})
    assert names(price(resource))[:2] == ["Write capacity (WCU)", "Read capacity (RCU)"]


def test_infrequent_access_class_is_not_in_the_price_data() -> None:
    resource = table(
        {"billing_mode": "PAY_PER_REQUEST", "table_class": "STANDARD_INFREQUENT_ACCESS"}
    )
    priced = price(resource)
    assert priced.status == "unknown"
    assert "usagetype='IA-TimedStorage-ByteHrs' is not in the catalog" in reason(
        priced, "Data storage"
    )


def test_a_region_the_catalog_lacks() -> None:
    resource = table(
        {"billing_mode": "PROVISIONED", "read_capacity": 1, "write_capacity": 1},
        region="ap-southeast-6",
    )
    priced = price(resource)
    assert priced.status == "unknown"
    assert reason(priced, "Write capacity (WCU)").startswith(
        "no price: the catalog has no AmazonDynamoDB prices in ap-southeast-6"
    )


@pytest.mark.parametrize(
    "values",
    [
        {"billing_mode": "PROVISIONED", "read_capacity": "5", "write_capacity": "x"},
        {"billing_mode": "PAY_PER_REQUEST", "replica": [{"region_name": None}]},
        {"billing_mode": "PAY_PER_REQUEST", "global_secondary_index": [{}], "replica": "eu-west-1"},
        {"billing_mode": "ON_DEMAND"},
        {"point_in_time_recovery": [{"enabled": "yes"}], "stream_enabled": "true"},
        {},
    ],
)
def test_odd_input_never_errors(values: dict[str, Any]) -> None:
    priced = price(make_resource("aws_dynamodb_table", values))
    assert priced.components
    assert_no_error(priced)


def scaling_target(name: str, dimension: str, minimum: Any, resource_id: str) -> Resource:
    return make_resource(
        "aws_appautoscaling_target",
        {
            "service_namespace": "dynamodb",
            "scalable_dimension": dimension,
            "resource_id": resource_id,
            "min_capacity": minimum,
            "max_capacity": 100,
        },
        name=name,
        references={"resource_id": ("aws_dynamodb_table.this",)},
    )


def test_autoscaled_capacity_is_priced_at_the_targets_minimum() -> None:
    # read_capacity / write_capacity left to autoscaling (unknown), a GSI scaled too.
    resource = table(
        {
            "billing_mode": "PROVISIONED",
            "global_secondary_index": [
                {"name": "by_date", "read_capacity": 7, "write_capacity": 3}
            ],
        }
    )
    targets = [
        scaling_target("read", "dynamodb:table:ReadCapacityUnits", 5, "table/t"),
        scaling_target("write", "dynamodb:table:WriteCapacityUnits", 2, "table/t"),
        scaling_target("gsi_read", "dynamodb:index:ReadCapacityUnits", 4, "table/t/index/by_date"),
    ]
    priced = price(resource, others=targets)
    assert_golden("aws_dynamodb_table/autoscaled", golden_rows(priced))
    assert priced.status == "priced"
    read = component(priced, "Read capacity (RCU)")
    assert read.monthly_quantity == Decimal(5)
    # us-east-1 ReadCapacityUnit-Hrs: $0.00013 an hour in ../shared/pricing-data.
    assert read.unit_price == Decimal("0.00013") * 730
    assert read.assumption == (
        "autoscaled: read capacity priced at 5, the min_capacity of "
        "aws_appautoscaling_target.read (the floor it scales from; it uses more under load)"
    )
    assert component(priced, "Write capacity (WCU)").monthly_quantity == Decimal(2)
    gsi_read = component(priced, "Read capacity (GSI by_date, RCU)")
    assert gsi_read.monthly_quantity == Decimal(4)
    assert "GSI by_date read capacity priced at 4" in (gsi_read.assumption or "")
    # The GSI's writes are not scaled: its own write_capacity, nothing assumed.
    gsi_write = component(priced, "Write capacity (GSI by_date, WCU)")
    assert gsi_write.monthly_quantity == Decimal(3) and gsi_write.assumption is None
    # The usage file's average replaces the table's assumed minimum (the GSI's stays assumed).
    usage = {"autoscaled_read_capacity_units": 40, "autoscaled_write_capacity_units": 9}
    told = price(resource, others=targets, usage=usage)
    read = component(told, "Read capacity (RCU)")
    assert read.monthly_quantity == Decimal(40) and read.assumption is None
    write = component(told, "Write capacity (WCU)")
    assert write.monthly_quantity == Decimal(9) and write.assumption is None
    assert component(told, "Read capacity (GSI by_date, RCU)").assumption is not None


def test_usage_capacity_does_not_override_fixed_capacity() -> None:
    fixed = table({"billing_mode": "PROVISIONED", "read_capacity": 10, "write_capacity": 5})
    told = price(fixed, usage={"autoscaled_read_capacity_units": 40})
    assert component(told, "Read capacity (RCU)").monthly_quantity == Decimal(10)


def test_autoscaling_target_without_a_known_minimum_is_unknown() -> None:
    resource = table({"billing_mode": "PROVISIONED", "read_capacity": 10, "write_capacity": 5})
    target = make_resource(
        "aws_appautoscaling_target",
        {
            "service_namespace": "dynamodb",
            "scalable_dimension": "dynamodb:table:ReadCapacityUnits",
            "resource_id": "table/t",
        },
        name="read",
        unknown=["min_capacity"],
        references={"resource_id": ("aws_dynamodb_table.this",)},
    )
    priced = price(resource, others=[target])
    assert priced.status == "unknown"
    assert "min_capacity" in reason(priced, "Read capacity (RCU)")
    # Another service's target referring to the table does not scale it.
    other = replace(
        target,
        attributes=replace(
            target.attributes, values={**target.attributes.values, "service_namespace": "ecs"}
        ),
    )
    assert component(price(resource, others=[other]), "Read capacity (RCU)").monthly_quantity == 10
