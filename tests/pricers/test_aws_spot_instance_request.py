"""aws_spot_instance_request: volumes priced, instance hours unknown (spot), never on-demand."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason

VALUES = {
    "instance_type": "m5.large",
    "spot_price": "0.05",
    "associate_public_ip_address": False,
    "root_block_device": [{"volume_size": 20, "volume_type": "gp3"}],
}


def test_spot_hours_are_unknown_and_volumes_priced() -> None:
    priced = price(make_resource("aws_spot_instance_request", VALUES))
    assert_golden("aws_spot_instance_request/default", golden_rows(priced))
    hours = component(priced, "Instance usage (Linux/UNIX, spot, m5.large)")
    assert hours.unit_price is None and hours.monthly_cost is None
    assert "spot" in reason(priced, "Instance usage (Linux/UNIX, spot, m5.large)")
    # Genuine row: infracost golden aws_ebs_volume.gp3 (EBS:VolumeUsage.gp3, us-east-1): $0.08
    # per GB-month.
    assert monthly(priced, "Root volume: Storage (general purpose SSD, gp3)") == Decimal("1.6")
    assert priced.status == "unknown"
