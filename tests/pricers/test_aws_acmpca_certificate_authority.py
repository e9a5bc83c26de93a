"""aws_acmpca_certificate_authority: CA month and certificate tiers, general or short-lived.

Prices read from pricing-data-extra (QP processed/certificatemanager.json, 2025-06-18,
us-east-1): "Certificate Authority Paid" 400 (PaidPrivateCA), "Certificate Issued from 0 to 1000"
0.75, "from 1000 to 10000" 0.35, "from 10001 and above" 0.001 (PrivateCertificatesIssued),
"Short lived Certificate Authority" 50, "Short lived Certificate Issued" 0.058.

Quantities cross-checked with infracost's golden acmpca_certificate_authority_test: tiers of
1,000 / 9,000 / over 10,000 certificates; short-lived CAs $50 a month plus each certificate.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, names, reason


def test_general_purpose_ca_and_certificate_tiers() -> None:
    priced = price(
        make_resource("aws_acmpca_certificate_authority", {}), usage={"monthly_requests": 20_000}
    )
    assert_golden("aws_acmpca_certificate_authority/general_purpose", golden_rows(priced))
    assert monthly(priced, "Private certificate authority") == Decimal("400")
    assert names(priced)[1:] == [
        "Certificates (first 1,000 certificates)",
        "Certificates (next 9,000 certificates)",
        "Certificates (over 10,000 certificates)",
    ]
    assert priced.monthly_cost == Decimal("4310")  # 400 + 750 + 3150 + 10


def test_short_lived_mode() -> None:
    priced = price(
        make_resource(
            "aws_acmpca_certificate_authority", {"usage_mode": "SHORT_LIVED_CERTIFICATE"}
        ),
        usage={"monthly_requests": 1000},
    )
    assert_golden("aws_acmpca_certificate_authority/short_lived", golden_rows(priced))
    assert monthly(priced, "Short-lived certificate authority") == Decimal("50")
    assert monthly(priced, "Short-lived certificates") == Decimal("58")


def test_unknown_mode_is_named() -> None:
    priced = price(make_resource("aws_acmpca_certificate_authority", {"usage_mode": "CHEAP"}))
    assert "not a Private CA usage mode" in reason(priced, "Private certificate authority")
