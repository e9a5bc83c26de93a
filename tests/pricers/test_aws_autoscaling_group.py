"""aws_autoscaling_group: per-instance components of its launch template or configuration x
the instance count.

List prices (us-east-1): m5.large $0.096/h ($70.08 a month), c5.large $0.085/h, gp3 $0.08 and
gp2 $0.10 per GB-month, CloudWatch custom metrics $0.30, public IPv4 $0.005/h.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

M5 = "Instance usage (Linux/UNIX, on-demand, m5.large)"
GP3 = "Volume /dev/xvda: Storage (general purpose SSD, gp3)"


def template(values: dict[str, Any] | None = None) -> Resource:
    base: dict[str, Any] = {
        "name": "web",
        "image_id": "ami-0123456789abcdef0",
        "instance_type": "m5.large",
        "block_device_mappings": [
            {"device_name": "/dev/xvda", "ebs": [{"volume_size": 20, "volume_type": "gp3"}]}
        ],
        "network_interfaces": [{"associate_public_ip_address": "false"}],
        "credit_specification": [],
        "monitoring": [],
    }
    return make_resource("aws_launch_template", {**base, **(values or {})}, name="web")


def group(values: dict[str, Any], **kwargs: Any) -> Resource:
    """A group launching aws_launch_template.web; ``unknown``/``references`` replace the
    plan's usual ones (the template id and name are known only after apply)."""
    base: dict[str, Any] = {"min_size": 1, "max_size": 6, "desired_capacity": 3}
    references = kwargs.pop("references", {"launch_template.0.id": ("aws_launch_template.web",)})
    unknown = kwargs.pop(
        "unknown", ["launch_template.0.id", "launch_template.0.name", "vpc_zone_identifier"]
    )
    return make_resource(
        "aws_autoscaling_group",
        {"launch_template": [{"version": "$Latest"}], **base, **values},
        unknown=unknown,
        references=references,
        **kwargs,
    )


def test_three_m5_large_with_20_gb_gp3() -> None:
    priced = price(group({}), others=[template()])
    assert_golden("aws_autoscaling_group/launch_template", golden_rows(priced))
    assert priced.status == "priced"
    assert component(priced, M5).monthly_quantity == Decimal(2190)
    assert monthly(priced, M5) == Decimal("210.24")
    assert monthly(priced, GP3) == Decimal("4.80")
    assert priced.monthly_cost == 3 * (Decimal("70.08") + Decimal("1.60"))


def test_instances_usage_overrides_the_count() -> None:
    priced = price(group({}), usage={"instances": 5}, others=[template()])
    assert priced.monthly_cost == 5 * (Decimal("70.08") + Decimal("1.60"))


def test_without_desired_capacity_the_group_starts_at_min_size() -> None:
    priced = price(group({"desired_capacity": None, "min_size": 2}), others=[template()])
    assert priced.monthly_cost == 2 * (Decimal("70.08") + Decimal("1.60"))


def test_launch_configuration() -> None:
    configuration = make_resource(
        "aws_launch_configuration",
        {
            "image_id": "ami-0123456789abcdef0",
            "instance_type": "m5.large",
            "root_block_device": [{"volume_size": 10, "volume_type": "gp2"}],
            "associate_public_ip_address": False,
            "enable_monitoring": True,
        },
        name="web",
    )
    resource = make_resource(
        "aws_autoscaling_group",
        {"min_size": 2, "max_size": 4, "launch_configuration": "web-lc"},
        unknown=["desired_capacity", "launch_template", "vpc_zone_identifier"],
        references={"launch_configuration": ("aws_launch_configuration.web",)},
    )
    priced = price(resource, others=[configuration])
    assert_golden("aws_autoscaling_group/launch_configuration", golden_rows(priced))
    assert monthly(priced, M5) == Decimal("140.16")
    assert monthly(priced, "Root volume: Storage (general purpose SSD, gp2)") == Decimal("2.00")
    # Launch configurations turn detailed monitoring on by default: 7 metrics an instance.
    assert monthly(priced, "EC2 detailed monitoring") == Decimal("4.20")


def mixed(desired: Any, distribution: dict[str, Any], **kwargs: Any) -> Resource:
    """A mixed instances group launching aws_launch_template.web with c5.large (the first
    override) and ``distribution`` as its instances_distribution."""
    return make_resource(
        "aws_autoscaling_group",
        {
            "min_size": 0,
            "max_size": 50,
            "desired_capacity": desired,
            "mixed_instances_policy": [
                {
                    "instances_distribution": [distribution],
                    "launch_template": [
                        {
                            "launch_template_specification": [{"version": "$Latest"}],
                            "override": [
                                {"instance_type": "c5.large"},
                                {"instance_type": "m5.large"},
                            ],
                        }
                    ],
                }
            ],
        },
        references={
            "mixed_instances_policy.0.launch_template.0.launch_template_specification.0."
            "launch_template_id": ("aws_launch_template.web",)
        },
        **kwargs,
    )


C5_ON_DEMAND = "Instance usage (Linux/UNIX, on-demand, c5.large)"
C5_SPOT = "Instance usage (Linux/UNIX, spot, c5.large)"


def test_mixed_instances_policy_first_override_and_spot_share() -> None:
    distribution = {"on_demand_base_capacity": 1, "on_demand_percentage_above_base_capacity": 50}
    priced = price(mixed(5, distribution), others=[template()])
    assert_golden("aws_autoscaling_group/mixed_instances", golden_rows(priced))
    assert component(priced, C5_ON_DEMAND).monthly_quantity == Decimal(3 * 730)  # 1 + 50% of 4
    assert monthly(priced, C5_ON_DEMAND) == Decimal("186.15")  # 3 x 730 x 0.085
    assert component(priced, C5_SPOT).monthly_quantity == Decimal(2 * 730)
    assert "spot prices are not in the catalog" in reason(priced, C5_SPOT)
    assert monthly(priced, GP3) == Decimal("8.00")  # every instance has its volume


def test_a_fractional_on_demand_share_rounds_up_to_a_whole_instance() -> None:
    # desired 4, base 1, 50% above: 1.5 of the 3 above the base would be on-demand; AWS rounds
    # that up in favour of On-Demand: 1 + 2 on-demand, 1 spot (never 2.5 + 1.5).
    distribution = {"on_demand_base_capacity": 1, "on_demand_percentage_above_base_capacity": 50}
    priced = price(mixed(4, distribution), others=[template()])
    assert_golden("aws_autoscaling_group/mixed_instances_rounded", golden_rows(priced))
    assert component(priced, C5_ON_DEMAND).monthly_quantity == Decimal(3 * 730)
    assert monthly(priced, C5_ON_DEMAND) == Decimal("186.15")  # 3 x 730 x $0.085
    assert component(priced, C5_SPOT).monthly_quantity == Decimal(730)
    assert monthly(priced, GP3) == Decimal("6.40")  # 4 x 20 GB x $0.08


@pytest.mark.parametrize(
    ("desired", "base", "percentage", "on_demand", "spot"),
    [
        # The EC2 Auto Scaling user guide's "Scaling behavior" table (mixed instances groups).
        (10, 10, 50, 10, 0),  # example 1, base of 10, 50/50
        (20, 10, 50, 15, 5),
        (40, 10, 50, 25, 15),
        (10, 0, 0, 0, 10),  # example 2, 0/100
        (30, 0, 60, 18, 12),  # example 3, 60/40
        (20, 0, 100, 20, 0),  # example 4, 100/0
        (10, 12, 0, 10, 0),  # example 5, base of 12 above the group's size
        (20, 12, 0, 12, 8),
        # Fractions round up in favour of On-Demand.
        (10, 0, 33, 4, 6),  # 3.3 -> 4
        (3, 0, 1, 1, 2),  # 0.03 -> 1
        (7, 2, 50, 5, 2),  # 2 + 2.5 -> 2 + 3
    ],
)
def test_on_demand_and_spot_instances_follow_the_user_guide(
    desired: int, base: int, percentage: int, on_demand: int, spot: int
) -> None:
    distribution = {
        "on_demand_base_capacity": base,
        "on_demand_percentage_above_base_capacity": percentage,
    }
    priced = price(mixed(desired, distribution), others=[template()])
    hours = {c.name: c.monthly_quantity for c in priced.components}
    assert hours.get(C5_ON_DEMAND) == on_demand * 730
    assert hours.get(C5_SPOT, Decimal(0) if spot == 0 else None) == spot * 730


def test_an_unset_distribution_is_all_on_demand() -> None:
    # on_demand_base_capacity defaults to 0 and the percentage to 100.
    priced = price(mixed(3, {}), others=[template()])
    assert priced.status == "priced"
    assert component(priced, C5_ON_DEMAND).monthly_quantity == Decimal(3 * 730)
    assert C5_SPOT not in names(priced)


def test_a_fractional_instances_usage_keeps_a_proportional_share() -> None:
    # usage instances 2.5 is a monthly average, not a group size AWS could round.
    distribution = {"on_demand_percentage_above_base_capacity": 50}
    priced = price(mixed(2, distribution), usage={"instances": "2.5"}, others=[template()])
    assert component(priced, C5_ON_DEMAND).monthly_quantity == Decimal("1.25") * 730
    assert component(priced, C5_SPOT).monthly_quantity == Decimal("1.25") * 730


def test_an_unknown_distribution_makes_the_instance_hours_unknown() -> None:
    path = "mixed_instances_policy.0.instances_distribution.0.on_demand_base_capacity"
    priced = price(
        mixed(4, {"on_demand_percentage_above_base_capacity": 50}, unknown=[path]),
        others=[template()],
    )
    assert priced.status == "unknown"
    assert "on_demand_base_capacity is known only after apply" in reason(priced, C5_ON_DEMAND)


def test_launch_template_not_in_the_plan_is_unknown() -> None:
    priced = price(group({}, references={}))
    assert_golden("aws_autoscaling_group/template_not_in_plan", golden_rows(priced))
    assert priced.status == "unknown"
    assert "launch template is not in the plan" in reason(priced, "Instance usage")
    by_id = price(
        group({"launch_template": [{"id": "lt-0abc", "version": "1"}]}, references={}, unknown=[])
    )
    assert "launch template 'lt-0abc' is not in the plan" in reason(by_id, "Instance usage")


def test_launch_configuration_not_in_the_plan_is_unknown() -> None:
    resource = make_resource(
        "aws_autoscaling_group",
        {"min_size": 1, "max_size": 2, "launch_configuration": "legacy-lc"},
        unknown=["launch_template"],
    )
    assert "'legacy-lc' is not in the plan" in reason(price(resource), "Instance usage")


def test_public_ips_follow_the_subnets() -> None:
    no_interface = template({"network_interfaces": []})
    # availability_zones only: the default VPC's default subnets, which assign public IPs.
    default_subnets = price(group({"availability_zones": ["us-east-1a"]}), others=[no_interface])
    assert monthly(default_subnets, "Public IPv4 address") == Decimal("10.95")
    unknown = price(
        group({"vpc_zone_identifier": ["subnet-0abc"]}, unknown=["launch_template.0.id"]),
        others=[no_interface],
    )
    assert_golden("aws_autoscaling_group/public_ip_unknown", golden_rows(unknown))
    assert "map_public_ip_on_launch" in reason(unknown, "Public IPv4 address")


def test_unknown_instance_count() -> None:
    priced = price(
        group({"desired_capacity": None}, unknown=["min_size", "launch_template.0.id"]),
        others=[template()],
    )
    assert priced.status == "unknown"
    assert "min_size is known only after apply" in reason(priced, M5)


def test_region_the_catalog_lacks() -> None:
    priced = price(group({}, region="ap-southeast-6"), others=[template()])
    assert_golden("aws_autoscaling_group/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-southeast-6" in reason(priced, M5)
    assert names(priced) == [M5, GP3]


def test_template_root_mapping_without_size_or_type_is_the_assumed_8_gb_gp2() -> None:
    mappings = [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true"}]}]
    priced = price(group({}), others=[template({"block_device_mappings": mappings})])
    line = component(priced, "Volume /dev/xvda: Storage (general purpose SSD, gp2)")
    assert line.monthly_quantity == Decimal(3 * 8)  # 3 instances
    assert (line.assumption or "").startswith("8 GB gp2 (Infracost's default root volume)")
    # No root mapping at all: the AMI's root volume, assumed the same way.
    bare = price(group({}), others=[template({"block_device_mappings": []})])
    root = component(bare, "Root volume: Storage (general purpose SSD, gp2)")
    assert root.monthly_quantity == Decimal(24) and root.assumption is not None
    assert bare.status == "priced"


def weighted(desired: int, distribution: dict[str, Any], weight: Any, **kwargs: Any) -> Resource:
    """:func:`mixed` whose overrides weigh c5.large ``weight`` units and m5.large 1."""
    resource = mixed(desired, distribution, **kwargs)
    policy = resource.attributes.values["mixed_instances_policy"][0]
    policy["launch_template"][0]["override"] = [
        {"instance_type": "c5.large", "weighted_capacity": weight},
        {"instance_type": "m5.large", "weighted_capacity": "1"},
    ]
    return resource


@pytest.mark.parametrize(
    ("desired", "distribution", "on_demand", "spot"),
    [
        # 5 units of a type weighing 2: 3 instances ("until the desired capacity is totally
        # fulfilled, even if this results in an overage").
        (5, {}, 3, 0),
        # 6 units: base 1 + 50% of 5 rounded up = 4 on-demand units, 2 spot: 2 + 1 instances.
        (6, {"on_demand_base_capacity": 1, "on_demand_percentage_above_base_capacity": 50}, 2, 1),
        (8, {"on_demand_percentage_above_base_capacity": 0}, 0, 4),
    ],
)
def test_weighted_overrides_count_capacity_units(
    desired: int, distribution: dict[str, Any], on_demand: int, spot: int
) -> None:
    # terraform-aws-autoscaling's complete example weighs its first override 2.
    priced = price(weighted(desired, distribution, "2"), others=[template()])
    hours = {c.name: c.monthly_quantity for c in priced.components}
    assert hours.get(C5_ON_DEMAND, Decimal(0)) == on_demand * 730
    assert hours.get(C5_SPOT, Decimal(0)) == spot * 730
    assert component(priced, GP3).monthly_quantity == 20 * (on_demand + spot)


def test_a_weight_known_only_after_apply_leaves_the_count_unknown() -> None:
    path = "mixed_instances_policy.0.launch_template.0.override.0.weighted_capacity"
    priced = price(weighted(4, {}, None, unknown=[path]), others=[template()])
    assert priced.status == "unknown"
    assert "weighted_capacity" in reason(priced, C5_ON_DEMAND)


def test_instances_usage_counts_instances_whatever_the_weights() -> None:
    priced = price(weighted(8, {}, "2"), usage={"instances": 5}, others=[template()])
    assert component(priced, C5_ON_DEMAND).monthly_quantity == 5 * 730


WARM_M5 = f"Warm pool: {M5}"
WARM_GP3 = f"Warm pool (stopped): {GP3}"


@pytest.mark.parametrize(
    ("pool", "warm"),
    [
        # max_size 6 - desired 3 (terraform-aws-autoscaling's complete example: min_size 1,
        # max_group_prepared_capacity 2 for desired 1).
        ({}, 3),
        ({"max_group_prepared_capacity": 4}, 1),
        ({"max_group_prepared_capacity": -1}, 3),  # the provider's "unset"
        ({"max_group_prepared_capacity": 2, "min_size": 2}, 2),  # at least its min_size
    ],
)
def test_a_stopped_warm_pool_keeps_its_volumes(pool: dict[str, Any], warm: int) -> None:
    priced = price(group({"warm_pool": [{"pool_state": "Stopped", **pool}]}), others=[template()])
    assert component(priced, M5).monthly_quantity == 3 * 730
    assert component(priced, WARM_GP3).monthly_quantity == 20 * warm
    assert not [n for n in names(priced) if n.startswith("Warm pool") and "Instance" in n]


def test_a_running_warm_pool_is_billed_as_instances() -> None:
    priced = price(group({"warm_pool": [{"pool_state": "Running"}]}), others=[template()])
    assert component(priced, WARM_M5).monthly_quantity == 3 * 730
    assert monthly(priced, WARM_M5) == monthly(priced, M5)  # as many as the group's own
    assert component(priced, f"Warm pool: {GP3}").monthly_quantity == 20 * 3


def test_an_unknown_pool_state_leaves_the_warm_pool_unknown() -> None:
    unknown = ["launch_template.0.id", "warm_pool.0.pool_state"]
    priced = price(group({"warm_pool": [{}]}, unknown=unknown), others=[template()])
    assert priced.status == "unknown"
    assert component(priced, M5).monthly_quantity == 3 * 730  # the group's own are known
    assert "pool_state is known only after apply" in reason(priced, WARM_M5)
