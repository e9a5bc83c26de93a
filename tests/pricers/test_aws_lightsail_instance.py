"""aws_lightsail_instance: the bundle's hours, named by the Price List's BundleUsage product (no
Lightsail prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import reason
from tests.pricers.uncatalogued import assert_not_in_catalog


def test_linux_bundle() -> None:
    priced = price(make_resource("aws_lightsail_instance", {"bundle_id": "small_3_0"}))
    assert_golden("aws_lightsail_instance/small", golden_rows(priced))
    assert_not_in_catalog(
        priced, "AmazonLightsail", {"Virtual server (Linux/UNIX, 2GB)": Decimal(730)}
    )


def test_windows_bundle() -> None:
    priced = price(make_resource("aws_lightsail_instance", {"bundle_id": "medium_win_3_0"}))
    assert_not_in_catalog(
        priced, "AmazonLightsail", {"Virtual server (Windows, 4GB)": Decimal(730)}
    )


def test_bundles_it_cannot_name_are_unknown_with_the_reason() -> None:
    ipv6 = price(make_resource("aws_lightsail_instance", {"bundle_id": "medium_ipv6_3_0"}))
    assert "'medium_ipv6_3_0' is not a bundle" in reason(ipv6, "Virtual server (Linux/UNIX)")
    odd = price(make_resource("aws_lightsail_instance", {"bundle_id": "gigantic_1_0"}))
    assert "'gigantic_1_0' is not a bundle" in reason(odd, "Virtual server (Linux/UNIX)")
    unset = price(make_resource("aws_lightsail_instance", {}))
    assert reason(unset, "Virtual server") == "bundle_id is not set"
    assert ipv6.status == odd.status == unset.status == "unknown"
