"""aws_directory_service_directory: domain controller hours and sharing (no Directory Service
prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import names
from tests.pricers.uncatalogued import assert_not_in_catalog


def test_microsoft_ad_with_usage() -> None:
    priced = price(
        make_resource(
            "aws_directory_service_directory", {"type": "MicrosoftAD", "edition": "Standard"}
        ),
        usage={"additional_domain_controllers": 1, "shared_accounts": 2},
    )
    assert_golden("aws_directory_service_directory/microsoft_ad", golden_rows(priced))
    assert_not_in_catalog(
        priced,
        "AWSDirectoryService",
        {
            "Directory service (Microsoft AD, Standard)": Decimal(1460),
            "Additional domain controllers": Decimal(730),
            "Directory sharing": Decimal(1460),
        },
    )


def test_simple_ad_defaults() -> None:
    priced = price(make_resource("aws_directory_service_directory", {}))
    assert names(priced) == [
        "Directory service (Simple AD, Large)",
        "Additional domain controllers",
    ]
