"""Whatever sensitive size or type a resource has, what derives from it is "(sensitive)" and the
cost is the one the same resource costs unmarked (genuine catalog prices)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.report.json_report import component_to_dict
from checker.sensitivity import REDACTED
from tests.helpers import make_resource, price

VOLUME_TYPES = ["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"]
INSTANCE_TYPES = ["t3.micro", "m5.large", "c6i.xlarge", "r5.2xlarge", "zz.unknown"]


@given(
    size=st.integers(min_value=1, max_value=64_000),
    volume_type=st.sampled_from(VOLUME_TYPES),
    secret_type=st.booleans(),
)
def test_a_sensitive_volume_size_or_type_shows_as_sensitive(
    size: int, volume_type: str, secret_type: bool
) -> None:
    values = {"size": size, "type": volume_type, "availability_zone": "us-east-1a"}
    if volume_type in ("io1", "io2"):
        values["iops"] = 3000
    marks = {"size", "type"} if secret_type else {"size"}
    marked = price(make_resource("aws_ebs_volume", values, sensitive=marks))
    plain = price(make_resource("aws_ebs_volume", values))
    assert marked.monthly_cost == plain.monthly_cost
    storage = component_to_dict(marked.components[0])
    assert storage["monthly_quantity"] == REDACTED
    if secret_type:
        assert volume_type not in storage["name"]
        assert storage["unit_price"] in (REDACTED, None)


@given(instance_type=st.sampled_from(INSTANCE_TYPES), root=st.integers(1, 16_000))
def test_a_sensitive_instance_type_hides_its_price_and_name(instance_type: str, root: int) -> None:
    values = {
        "instance_type": instance_type,
        "ami": "ami-0c55b159cbfafe1f0",
        "root_block_device": [{"volume_size": root, "volume_type": "gp3"}],
    }
    marks = {"instance_type", "root_block_device.0.volume_size"}
    marked = price(make_resource("aws_instance", values, sensitive=marks))
    plain = price(make_resource("aws_instance", values))
    assert marked.monthly_cost == plain.monthly_cost
    for component in marked.components:
        shown = component_to_dict(component)
        assert instance_type not in str(shown)
        if component.name.startswith("Instance usage"):
            assert shown["unit_price"] in (REDACTED, None)
        if component.name.startswith("Root volume"):
            assert shown["monthly_quantity"] == REDACTED
