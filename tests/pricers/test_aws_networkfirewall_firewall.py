"""aws_networkfirewall_firewall: one endpoint-hour per subnet mapping, and data processed.

Prices read from pricing-data-extra (QP processed/networkfirewall.json, 2025-06-18): us-east-1
"AWS Firewall per Endpoint" 0.395 (Endpoint-Hour), "AWS Firewall per Throughput" 0.065 (GB).

Cross-check with infracost's golden networkfirewall_firewall_test: it bills 730 endpoint-hours
per firewall whatever its subnets; AWS bills each firewall endpoint (one per subnet mapping, i.e.
per AZ) per hour, as here.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason

TWO_AZS = {"subnet_mapping": [{"subnet_id": "subnet-a"}, {"subnet_id": "subnet-b"}]}


def test_two_endpoints_and_traffic() -> None:
    priced = price(
        make_resource("aws_networkfirewall_firewall", TWO_AZS),
        usage={"monthly_data_processed_gb": 1000},
    )
    assert_golden("aws_networkfirewall_firewall/two_endpoints", golden_rows(priced))
    assert monthly(priced, "Firewall endpoints") == Decimal("576.7")  # 2 x 730 x 0.395
    assert monthly(priced, "Data processed") == Decimal("65")


def test_without_usage_and_without_subnets() -> None:
    priced = price(make_resource("aws_networkfirewall_firewall", TWO_AZS))
    assert_golden("aws_networkfirewall_firewall/no_usage", golden_rows(priced))
    assert component(priced, "Data processed").usage_based
    empty = price(make_resource("aws_networkfirewall_firewall", {}))
    assert "no subnet_mapping" in reason(empty, "Firewall endpoints")
