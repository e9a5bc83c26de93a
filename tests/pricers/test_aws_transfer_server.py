"""aws_transfer_server: hours per enabled protocol and data transferred (no Transfer Family
prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import names
from tests.pricers.uncatalogued import assert_not_in_catalog


def test_two_protocols() -> None:
    priced = price(
        make_resource("aws_transfer_server", {"protocols": ["SFTP", "FTPS"]}),
        usage={"monthly_data_downloaded_gb": 10},
    )
    assert_golden("aws_transfer_server/two_protocols", golden_rows(priced))
    assert_not_in_catalog(
        priced,
        "AWSTransfer",
        {
            "FTPS protocol enabled": Decimal(730),
            "SFTP protocol enabled": Decimal(730),
            "Data downloaded": Decimal(10),
            "Data uploaded": None,
        },
    )


def test_sftp_by_default() -> None:
    priced = price(make_resource("aws_transfer_server", {}))
    assert names(priced)[0] == "SFTP protocol enabled"
