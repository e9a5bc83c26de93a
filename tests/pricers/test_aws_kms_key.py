"""aws_kms_key: $1 a key-month whatever the spec; requests priced by the spec's rate class.

Price List rates (us-east-1, per request; the catalog's awskms "API Request" rows):
KMS-Requests $0.000003 ("API request"), KMS-Requests-Asymmetric-RSA_2048 $0.000003 ("Asymmetric
Requests RSA_2048"), KMS-Requests-Asymmetric $0.000015 ("Asymmetric Requests except RSA_2048").
So per 10,000 requests: symmetric, HMAC and RSA_2048 keys $0.03; every other asymmetric spec
(RSA_3072, RSA_4096, ECC_*, SM2, ML_DSA_*) $0.15.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names

SYMMETRIC = "Requests (symmetric)"


def test_symmetric_key_without_usage() -> None:
    priced = price(make_resource("aws_kms_key", {"customer_master_key_spec": "SYMMETRIC_DEFAULT"}))
    assert_golden("aws_kms_key/symmetric", golden_rows(priced))
    # Public list price: $1.00 per key-month, $0.03 per 10,000 symmetric requests.
    assert monthly(priced, "Customer managed key") == Decimal("1.00")
    requests = component(priced, SYMMETRIC)
    assert requests.unit_price == Decimal("0.03") and requests.usage_based


def test_requests_from_usage() -> None:
    # An unset spec is SYMMETRIC_DEFAULT, AWS's default.
    priced = price(make_resource("aws_kms_key", {}), usage={"monthly_requests": 1_000_000})
    assert_golden("aws_kms_key/with_usage", golden_rows(priced))
    assert monthly(priced, SYMMETRIC) == Decimal("3")  # 100 x $0.03


def test_asymmetric_ecc_key() -> None:
    ecc = price(
        make_resource("aws_kms_key", {"customer_master_key_spec": "ECC_NIST_P256"}),
        usage={"monthly_requests": 10_000},
    )
    assert_golden("aws_kms_key/ecc", golden_rows(ecc))
    assert monthly(ecc, "Customer managed key") == Decimal("1.00")
    assert monthly(ecc, "Requests (asymmetric, ECC_NIST_P256)") == Decimal("0.15")


def test_rsa_2048_key() -> None:
    rsa = price(
        make_resource(
            "aws_kms_key", {"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"}
        ),
        usage={"monthly_requests": 50_000},
    )
    assert_golden("aws_kms_key/rsa_2048", golden_rows(rsa))
    # RSA_2048 has its own Price List product, at the symmetric rate: 5 x $0.03.
    assert monthly(rsa, "Requests (asymmetric, RSA_2048)") == Decimal("0.15")
    assert component(rsa, "Requests (asymmetric, RSA_2048)").unit_price == Decimal("0.03")


@pytest.mark.parametrize(
    ("spec", "name", "per_10k"),
    [
        ("SYMMETRIC_DEFAULT", SYMMETRIC, "0.03"),
        ("HMAC_224", "Requests (HMAC)", "0.03"),
        ("HMAC_256", "Requests (HMAC)", "0.03"),
        ("HMAC_512", "Requests (HMAC)", "0.03"),
        ("RSA_2048", "Requests (asymmetric, RSA_2048)", "0.03"),
        ("RSA_3072", "Requests (asymmetric, RSA_3072)", "0.15"),
        ("RSA_4096", "Requests (asymmetric, RSA_4096)", "0.15"),
        ("ECC_NIST_P384", "Requests (asymmetric, ECC_NIST_P384)", "0.15"),
        ("ECC_NIST_P521", "Requests (asymmetric, ECC_NIST_P521)", "0.15"),
        ("ECC_SECG_P256K1", "Requests (asymmetric, ECC_SECG_P256K1)", "0.15"),
        ("ML_DSA_65", "Requests (asymmetric, ML_DSA_65)", "0.15"),
    ],
)
def test_every_key_spec_bills_its_rate_class(spec: str, name: str, per_10k: str) -> None:
    priced = price(
        make_resource("aws_kms_key", {"customer_master_key_spec": spec}),
        usage={"monthly_requests": 200_000},
    )
    assert names(priced) == ["Customer managed key", name]
    assert component(priced, name).unit_price == Decimal(per_10k)
    assert monthly(priced, name) == 20 * Decimal(per_10k)
    assert priced.monthly_cost == Decimal(1) + 20 * Decimal(per_10k)


def test_unknown_spec_makes_requests_unknown() -> None:
    priced = price(
        make_resource("aws_kms_key", {}, unknown=["customer_master_key_spec"]),
        usage={"monthly_requests": 10_000},
    )
    assert priced.status == "unknown"
    requests = component(priced, "Requests (unknown key spec)")
    assert requests.unknown_reason == "customer_master_key_spec is known only after apply"
    assert monthly(priced, "Customer managed key") == Decimal("1.00")


def test_a_spec_aws_does_not_document_is_not_guessed() -> None:
    priced = price(
        make_resource("aws_kms_key", {"customer_master_key_spec": "QUANTUM_9000"}),
        usage={"monthly_requests": 10_000},
    )
    assert priced.status == "unknown"
    requests = component(priced, "Requests (unknown key spec)")
    assert (
        requests.unknown_reason == "customer_master_key_spec 'QUANTUM_9000' is not a KMS key spec"
    )


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_kms_key", {}, region="ap-southeast-6"))
    assert_golden("aws_kms_key/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
