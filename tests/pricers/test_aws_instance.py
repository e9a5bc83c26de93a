"""aws_instance: instance hours, root and EBS block devices, CPU credits, monitoring, public IPv4.

Figures asserted here are AWS public list prices (us-east-1 unless said): m5.large $0.096/h,
t3.medium $0.0416/h, gp2 $0.10 and gp3 $0.08 per GB-month, gp3 IOPS $0.005 per IOPS-month above
3,000, gp3 throughput $0.04 per MiB/s-month above 125, io1 $0.125/GB and $0.065/IOPS, public IPv4
$0.005/h, CloudWatch custom metrics $0.30 each.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

M5 = "Instance usage (Linux/UNIX, on-demand, m5.large)"


def instance(values: dict[str, Any], **kwargs: Any) -> Resource:
    base: dict[str, Any] = {
        "ami": "ami-0123456789abcdef0",
        "instance_type": "m5.large",
        "associate_public_ip_address": False,
        "root_block_device": [{"volume_size": 20, "volume_type": "gp3"}],
    }
    return make_resource("aws_instance", {**base, **values}, **kwargs)


def test_m5_large_with_gp3_root() -> None:
    priced = price(instance({}))
    assert_golden("aws_instance/m5_large_gp3_root", golden_rows(priced))
    assert priced.status == "priced"
    assert component(priced, M5).unit_price == Decimal("0.096")
    assert monthly(priced, M5) == Decimal("70.08")
    assert monthly(priced, "Root volume: Storage (general purpose SSD, gp3)") == Decimal("1.60")
    assert priced.monthly_cost == Decimal("71.68")


def test_eu_west_1_prices() -> None:
    priced = price(instance({}, region="eu-west-1"))
    assert_golden("aws_instance/eu_west_1", golden_rows(priced))
    # eu-west-1 list prices: m5.large $0.107/h, gp3 $0.088/GB-month.
    assert monthly(priced, M5) == Decimal("78.11")
    assert monthly(priced, "Root volume: Storage (general purpose SSD, gp3)") == Decimal("1.76")


def test_block_devices_of_every_kind() -> None:
    priced = price(
        instance(
            {
                "ebs_block_device": [
                    {
                        "device_name": "/dev/sdf",
                        "volume_type": "gp3",
                        "volume_size": 100,
                        "iops": 4000,
                        "throughput": 250,
                    },
                    {
                        "device_name": "/dev/sdg",
                        "volume_type": "io1",
                        "volume_size": 50,
                        "iops": 1000,
                    },
                    {"device_name": "/dev/sdh", "volume_size": 10},
                    {"device_name": "/dev/sdi", "volume_type": "st1", "volume_size": 500},
                ]
            },
            unknown=["ebs_block_device.2.volume_type", "ebs_block_device.2.iops"],
        )
    )
    assert_golden("aws_instance/block_devices", golden_rows(priced))
    assert priced.status == "priced"
    assert monthly(priced, "Volume /dev/sdf: Provisioned IOPS") == Decimal("5.00")  # 1,000 x 0.005
    assert monthly(priced, "Volume /dev/sdf: Provisioned throughput") == Decimal(
        "5.00"
    )  # 125 x 0.04
    assert monthly(priced, "Volume /dev/sdg: Storage (provisioned IOPS SSD, io1)") == Decimal(
        "6.25"
    )
    assert monthly(priced, "Volume /dev/sdg: Provisioned IOPS") == Decimal("65.00")
    # An unset ebs_block_device volume_type is gp2, the provider's and EC2's default.
    assert monthly(priced, "Volume /dev/sdh: Storage (general purpose SSD, gp2)") == Decimal("1.00")
    assert monthly(priced, "Volume /dev/sdi: Storage (throughput optimized HDD, st1)") == Decimal(
        "22.50"
    )


def test_gp3_at_its_baseline_has_no_iops_or_throughput_line() -> None:
    priced = price(
        instance(
            {"root_block_device": [{"volume_size": 20, "volume_type": "gp3"}]},
            unknown=["root_block_device.0.iops", "root_block_device.0.throughput"],
        )
    )
    assert names(priced) == [M5, "Root volume: Storage (general purpose SSD, gp3)"]


def test_t3_default_credits_are_unlimited_and_unpriced_in_the_catalog() -> None:
    priced = price(
        instance({"instance_type": "t3.medium", "credit_specification": []}),
        usage={"monthly_cpu_credit_hrs": 100},
    )
    assert_golden("aws_instance/t3_unlimited_default", golden_rows(priced))
    hours = "Instance usage (Linux/UNIX, on-demand, t3.medium)"
    assert component(priced, hours).unit_price == Decimal("0.0416")
    assert monthly(priced, hours) == Decimal("30.368")
    credits = component(priced, "CPU credits")
    # 100 h x (2 vCPUs - the 24 credits/h = 0.4 vCPU a t3.medium earns): surplus only.
    assert credits.monthly_quantity == Decimal(160)
    assert "CPU Credits" in reason(priced, "CPU credits")
    assert priced.status == "unknown"


def test_t3_standard_credits_have_no_credit_line() -> None:
    priced = price(
        instance(
            {"instance_type": "t3.medium", "credit_specification": [{"cpu_credits": "standard"}]}
        )
    )
    assert priced.status == "priced"
    assert "CPU credits" not in names(priced)


def test_t2_defaults_to_standard_and_t2_unlimited_is_a_credit_line() -> None:
    standard = price(instance({"instance_type": "t2.micro"}))
    assert "CPU credits" not in names(standard)
    unlimited = price(
        instance(
            {"instance_type": "t2.micro", "credit_specification": [{"cpu_credits": "unlimited"}]}
        )
    )
    assert_golden("aws_instance/t2_unlimited_no_usage", golden_rows(unlimited))
    assert "CPU credits" in names(unlimited)


def test_public_ip_and_detailed_monitoring() -> None:
    priced = price(instance({"associate_public_ip_address": True, "monitoring": True}))
    assert_golden("aws_instance/public_ip_monitoring", golden_rows(priced))
    assert monthly(priced, "Public IPv4 address") == Decimal("3.65")
    assert monthly(priced, "EC2 detailed monitoring") == Decimal("2.10")


def test_public_ip_depending_on_a_subnet_outside_the_plan_is_unknown() -> None:
    priced = price(
        instance(
            {"subnet_id": "subnet-0abc"},
            unknown=["associate_public_ip_address"],
        )
    )
    assert_golden("aws_instance/public_ip_unknown", golden_rows(priced))
    assert priced.status == "unknown"
    assert "map_public_ip_on_launch" in reason(priced, "Public IPv4 address")


def test_public_ip_follows_the_subnet_in_the_plan() -> None:
    subnet = make_resource("aws_subnet", {"map_public_ip_on_launch": True}, name="public")
    resource = instance(
        {},
        unknown=["associate_public_ip_address", "subnet_id"],
        references={"subnet_id": ("aws_subnet.public",)},
    )
    priced = price(resource, others=[subnet])
    assert monthly(priced, "Public IPv4 address") == Decimal("3.65")
    private = make_resource("aws_subnet", {"map_public_ip_on_launch": False}, name="public")
    assert "Public IPv4 address" not in names(price(resource, others=[private]))


def test_no_subnet_at_all_is_the_default_subnet_which_assigns_public_ips() -> None:
    priced = price(instance({}, unknown=["associate_public_ip_address", "subnet_id"]))
    assert monthly(priced, "Public IPv4 address") == Decimal("3.65")


def test_root_volume_from_the_ami_is_an_assumed_8_gb_gp2() -> None:
    # No root_block_device: the plan shows the block as known only after apply (the AMI's).
    priced = price(instance({"root_block_device": []}, unknown=["root_block_device"]))
    assert_golden("aws_instance/root_from_ami", golden_rows(priced))
    assert priced.status == "priced"
    root = component(priced, "Root volume: Storage (general purpose SSD, gp2)")
    assert root.monthly_quantity == Decimal(8)
    # gp2 in us-east-1: $0.1 per GB-month in ../shared/pricing-data (EBS:VolumeUsage.gp2).
    assert root.unit_price == Decimal("0.1")
    assert root.monthly_cost == Decimal("0.8")
    assert root.assumption is not None
    assert root.assumption.startswith("8 GB gp2 (Infracost's default root volume)")
    assert "the AMI (ami-0123456789abcdef0)" in root.assumption
    # The instance hours are as configured: no assumption there.
    assert component(priced, M5).assumption is None


def test_root_volume_attributes_override_the_assumption() -> None:
    sized = price(
        instance(
            {"root_block_device": [{"volume_size": 30}]},
            unknown=["root_block_device.0.volume_type"],
        )
    )
    root = component(sized, "Root volume: Storage (general purpose SSD, gp2)")
    assert root.monthly_quantity == Decimal(30)
    assert root.assumption is not None
    assert root.assumption.startswith("gp2 (Infracost's default root volume)")
    assert "sets the root volume's type," in root.assumption
    typed = price(instance({"root_block_device": [{"volume_type": "gp3"}]}))
    root = component(typed, "Root volume: Storage (general purpose SSD, gp3)")
    assert root.monthly_quantity == Decimal(8)
    assert (root.assumption or "").startswith("8 GB (Infracost's default root volume)")
    given = price(instance({}))  # both set: nothing assumed
    assert all(c.assumption is None for c in given.components)


def test_usage_file_says_what_the_ami_supplies_instead_of_the_assumption() -> None:
    from_ami = instance({"root_block_device": []}, unknown=["root_block_device"])
    told = price(from_ami, usage={"root_volume_size_gb": 50, "root_volume_type": "gp3"})
    root = component(told, "Root volume: Storage (general purpose SSD, gp3)")
    assert root.monthly_quantity == Decimal(50) and root.assumption is None
    # Half told: the rest stays assumed and the assumption names only it.
    half = price(from_ami, usage={"root_volume_size_gb": 50})
    root = component(half, "Root volume: Storage (general purpose SSD, gp2)")
    assert root.monthly_quantity == Decimal(50)
    assert (root.assumption or "").startswith("gp2 (Infracost's default root volume)")
    assert "the usage key root_volume_type" in (root.assumption or "")
    # The attribute is what Terraform asks AWS for: it wins over the usage file.
    sized = price(
        instance({"root_block_device": [{"volume_size": 30, "volume_type": "gp2"}]}),
        usage={"root_volume_size_gb": 50, "root_volume_type": "io1"},
    )
    root = component(sized, "Root volume: Storage (general purpose SSD, gp2)")
    assert root.monthly_quantity == Decimal(30) and root.assumption is None


def test_dedicated_and_host_tenancy_are_unknown_not_shared_prices() -> None:
    dedicated = price(instance({"tenancy": "dedicated"}))
    assert_golden("aws_instance/dedicated", golden_rows(dedicated))
    assert "tenancy='Dedicated'" in reason(dedicated, M5)
    host = price(instance({"tenancy": "host"}))
    assert "Dedicated Host" in reason(host, M5)
    on_host = price(instance({"host_id": "h-0123"}, unknown=["tenancy"]))
    assert "Dedicated Host" in reason(on_host, M5)


def test_unset_tenancy_is_shared() -> None:
    priced = price(instance({}, unknown=["tenancy"]))
    assert monthly(priced, M5) == Decimal("70.08")


def test_windows_from_usage_is_unknown_in_the_catalog_not_linux() -> None:
    priced = price(instance({}), usage={"operating_system": "windows"})
    assert_golden("aws_instance/windows", golden_rows(priced))
    hours = "Instance usage (Windows, on-demand, m5.large)"
    assert "operatingSystem='Windows'" in reason(priced, hours)
    bogus = price(instance({}), usage={"operating_system": "plan9"})
    assert "plan9" in reason(bogus, "Instance usage (unknown OS, on-demand, m5.large)")


def test_spot_instances_are_unknown() -> None:
    priced = price(instance({"instance_market_options": [{"market_type": "spot"}]}))
    assert "spot prices are not in the catalog" in reason(
        priced, "Instance usage (Linux/UNIX, spot, m5.large)"
    )


def test_monthly_hours_from_usage() -> None:
    priced = price(instance({"associate_public_ip_address": True}), usage={"monthly_hrs": 100})
    assert monthly(priced, M5) == Decimal("9.60")
    assert monthly(priced, "Public IPv4 address") == Decimal("0.50")


def test_fewer_hours_than_always_on_is_a_stated_assumption() -> None:
    # The configuration alone prices an instance all month: a usage file that lowers it (to 0,
    # a red-team reproducer) says so on every hourly line, where reports and policies see it.
    resource = instance({"associate_public_ip_address": True})
    priced = price(resource, usage={"monthly_hrs": 0})
    assumed = "monthly_hrs 0 from the usage file (always-on: 730 hours a month)"
    assert component(priced, M5).assumption == assumed
    assert component(priced, "Public IPv4 address").assumption == assumed
    assert monthly(priced, M5) == Decimal(0)
    # The root volume is billed whether the instance runs or not: no hours assumption there.
    assert component(priced, "Root volume: Storage (general purpose SSD, gp3)").assumption is None


def test_always_on_hours_from_usage_state_nothing() -> None:
    for hours in (730, 744, None):
        usage = {} if hours is None else {"monthly_hrs": hours}
        priced = price(instance({"associate_public_ip_address": True}), usage=usage)
        assert component(priced, M5).assumption is None
        assert component(priced, "Public IPv4 address").assumption is None


def test_fewer_hours_joins_an_assumption_already_stated() -> None:
    # A reservation and fewer hours on one line: both stated, neither replaces the other.
    usage = {"monthly_hrs": 12.5, "reserved_instance_term": "1_year"}
    priced = price(instance({}), usage=usage)
    assert component(priced, M5).assumption == (
        "reserved (1_year) in the usage file: on-demand price shown, a reservation would lower "
        "it (reserved prices are not in the price catalog); "
        "monthly_hrs 12.5 from the usage file (always-on: 730 hours a month)"
    )
    assert monthly(priced, M5) == component(priced, M5).unit_price * Decimal("12.5")


def test_instance_type_from_its_launch_template() -> None:
    template = make_resource("aws_launch_template", {"instance_type": "c5.xlarge"}, name="lt")
    resource = instance(
        {"launch_template": [{"id": None}]},
        unknown=["instance_type", "launch_template.0.id"],
        references={"launch_template.0.id": ("aws_launch_template.lt",)},
    )
    priced = price(resource, others=[template])
    # c5.xlarge us-east-1 list price: $0.17/h.
    assert monthly(priced, "Instance usage (Linux/UNIX, on-demand, c5.xlarge)") == Decimal("124.10")


def test_unknown_instance_type() -> None:
    priced = price(instance({}, unknown=["instance_type"]))
    assert_golden("aws_instance/unknown_type", golden_rows(priced))
    assert priced.status == "unknown"
    assert "instance_type is known only after apply" in reason(
        priced, "Instance usage (Linux/UNIX, on-demand, unknown type)"
    )


def test_region_the_catalog_lacks_for_ebs() -> None:
    # ap-south-2 opened after the extra data's 2021 EBS map.
    priced = price(instance({}, region="ap-south-2"))
    assert_golden("aws_instance/ebs_region_missing", golden_rows(priced))
    assert monthly(priced, M5) == Decimal("73.73")  # ap-south-2 m5.large $0.101/h (QP) x 730
    assert "ap-south-2" in reason(priced, "Root volume: Storage (general purpose SSD, gp3)")


def test_region_the_catalog_lacks_entirely() -> None:
    priced = price(instance({}, region="ap-southeast-6"))
    assert_golden("aws_instance/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-southeast-6" in reason(priced, M5)


def test_odd_input_does_not_raise() -> None:
    priced = price(
        make_resource(
            "aws_instance",
            {
                "instance_type": "m5.large",
                "root_block_device": [{"volume_size": "20", "volume_type": "gp3", "iops": None}],
                "ebs_block_device": [{"device_name": "/dev/sdf", "volume_size": "lots"}, "junk"],
                "credit_specification": None,
                "associate_public_ip_address": None,
                "monitoring": "true",
            },
        )
    )
    assert priced.status == "unknown"  # the unparseable size, not an exception
    assert "'lots'" in reason(priced, "Volume /dev/sdf: Storage (general purpose SSD, gp2)")
    assert monthly(priced, "Root volume: Storage (general purpose SSD, gp3)") == Decimal("1.60")


T3 = "Instance usage (Linux/UNIX, on-demand, t3.medium)"


def test_t3_credits_without_usage_never_make_the_instance_unknown() -> None:
    # us-east-1: the catalog has no CPU-credit price; the credits are usage-based, the rest priced.
    priced = price(instance({"instance_type": "t3.medium", "credit_specification": []}))
    assert_golden("aws_instance/t3_credits_no_usage_no_price", golden_rows(priced))
    assert priced.status == "priced"
    credits = component(priced, "CPU credits")
    assert credits.usage_based and credits.monthly_cost is None
    assert "monthly_cpu_credit_hrs" in reason(priced, "CPU credits")
    assert priced.monthly_cost == monthly(priced, T3) + monthly(
        priced, "Root volume: Storage (general purpose SSD, gp3)"
    )


@pytest.mark.parametrize(
    ("instance_type", "surplus_per_hour"),
    [
        # vCPUs less the credits earned an hour / 60 (EC2 user guide credit table).
        ("t3.large", Decimal("1.4")),  # 2 - 36/60: the audit's 30 % baseline
        ("t3.xlarge", Decimal("2.4")),  # 4 - 96/60
        ("t2.xlarge", Decimal("3.1")),  # 4 - 54/60
        ("t4g.nano", Decimal("1.9")),  # 2 - 6/60
    ],
)
def test_cpu_credits_bill_only_the_surplus_above_the_baseline(
    instance_type: str, surplus_per_hour: Decimal
) -> None:
    priced = price(
        instance(
            {"instance_type": instance_type, "credit_specification": [{"cpu_credits": "unlimited"}]}
        ),
        usage={"monthly_cpu_credit_hrs": 100},
    )
    assert component(priced, "CPU credits").monthly_quantity == 100 * surplus_per_hour


def test_cpu_credits_with_a_given_vcpu_count_keep_the_types_baseline() -> None:
    priced = price(
        instance({"instance_type": "t3.large", "credit_specification": []}),
        usage={"monthly_cpu_credit_hrs": 10, "vcpu_count": 1},
    )
    assert component(priced, "CPU credits").monthly_quantity == Decimal(4)  # 10 x (1 - 0.6)


def test_t3_zero_credit_hours_cost_nothing_without_a_price() -> None:
    priced = price(
        instance({"instance_type": "t3.medium", "credit_specification": []}),
        usage={"monthly_cpu_credit_hrs": 0},
    )
    assert priced.status == "priced"
    credits = component(priced, "CPU credits")
    assert credits.monthly_cost == Decimal(0) and credits.unknown_reason is None


def test_t3_credits_priced_where_the_data_has_them() -> None:
    from tests.pricers.extra_catalog import cpu_credit_catalog

    priced = price(
        instance({"instance_type": "t3.medium", "credit_specification": []}, region="eu-west-1"),
        usage={"monthly_cpu_credit_hrs": 100},
        source=cpu_credit_catalog(),
    )
    assert_golden("aws_instance/t3_credits_eu_west_1", golden_rows(priced))
    assert priced.status == "priced"
    credits = component(priced, "CPU credits")
    assert credits.monthly_quantity == Decimal(160)  # 100 h x (2 vCPUs - 0.4 baseline)
    # ../shared/pricing-data-extra: eu-west-1 Linux CPUCredits:t3, $0.05 per vCPU-hour.
    assert credits.unit_price == Decimal("0.05")
    assert credits.monthly_cost == Decimal(160) * credits.unit_price
    assert credits.price is not None and "Z25C5STUBANBQC5Y" in credits.price.reference


def test_subnet_known_only_after_apply_is_not_the_default_vpc() -> None:
    # subnet_id = data.aws_subnet.app.id, read only at apply: no resource of the plan to follow.
    resource = replace(
        instance({}, unknown=["associate_public_ip_address", "subnet_id"]),
        configured_references=frozenset({"subnet_id"}),
    )
    priced = price(resource)
    line = component(priced, "Public IPv4 address")
    assert line.monthly_cost is None  # unknown, not billed as the default VPC's address
    assert "map_public_ip_on_launch" in reason(priced, "Public IPv4 address")
    assert priced.status == "unknown"


def test_root_size_set_from_something_unknown_is_not_the_amis() -> None:
    # volume_size = data.external.sizing.result.gb: the configuration sets it; apply tells.
    resource = replace(
        instance(
            {"root_block_device": [{"volume_type": "gp3"}]},
            unknown=["root_block_device.0.volume_size"],
        ),
        configured_references=frozenset({"root_block_device.0.volume_size"}),
    )
    priced = price(resource)
    line = component(priced, "Root volume: Storage (general purpose SSD, gp3)")
    assert line.monthly_cost is None and line.assumption is None
    assert "known only after apply" in (line.unknown_reason or "")
