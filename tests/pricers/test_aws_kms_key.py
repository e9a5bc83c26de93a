"""aws_kms_key: $1 a key-month whatever the spec; requests priced by key spec."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.netsvc_helpers import component, monthly


def test_symmetric_key_without_usage() -> None:
    priced = price(make_resource("aws_kms_key", {"customer_master_key_spec": "SYMMETRIC_DEFAULT"}))
    assert_golden("aws_kms_key/symmetric", golden_rows(priced))
    # Public list price: $1.00 per key-month, $0.03 per 10,000 symmetric requests.
    assert monthly(priced, "Customer managed key") == Decimal("1.00")
    requests = component(priced, "Requests")
    assert requests.unit_price == Decimal("0.03") and requests.usage_based


def test_requests_from_usage() -> None:
    priced = price(make_resource("aws_kms_key", {}), usage={"monthly_requests": 1_000_000})
    assert_golden("aws_kms_key/with_usage", golden_rows(priced))
    assert monthly(priced, "Requests") == Decimal("3")


def test_asymmetric_keys() -> None:
    ecc = price(
        make_resource("aws_kms_key", {"customer_master_key_spec": "ECC_NIST_P256"}),
        usage={"monthly_requests": 10_000},
    )
    assert_golden("aws_kms_key/ecc", golden_rows(ecc))
    assert monthly(ecc, "Customer managed key") == Decimal("1.00")
    assert monthly(ecc, "Requests") == Decimal("0.15")  # $0.15 per 10k asymmetric requests
    rsa = price(make_resource("aws_kms_key", {"customer_master_key_spec": "RSA_2048"}))
    assert component(rsa, "Requests").unit_price == Decimal("0.03")
    hmac = price(make_resource("aws_kms_key", {"customer_master_key_spec": "HMAC_256"}))
    assert component(hmac, "Requests").unit_price == Decimal("0.03")


def test_unknown_spec_makes_requests_unknown() -> None:
    priced = price(
        make_resource("aws_kms_key", {}, unknown=["customer_master_key_spec"]),
        usage={"monthly_requests": 10_000},
    )
    assert priced.status == "unknown"
    assert "customer_master_key_spec" in (component(priced, "Requests").unknown_reason or "")


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_kms_key", {}, region="ap-southeast-6"))
    assert_golden("aws_kms_key/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
