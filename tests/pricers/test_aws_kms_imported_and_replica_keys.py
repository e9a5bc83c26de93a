"""aws_kms_external_key and aws_kms_replica_key bill as any customer managed key: $1 a key-month
(the catalog's awskms "Encryption Key" row KMS-Keys, us-east-1 and eu-west-1), requests at their
key spec's rate (awskms "API Request": KMS-Requests $0.000003, KMS-Requests-Asymmetric $0.000015
per request, i.e. $0.03 and $0.15 per 10,000). A replica's spec is its primary's."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly


def test_imported_key_material_bills_as_a_key_month() -> None:
    priced = price(make_resource("aws_kms_external_key", {}), usage={"monthly_requests": 20_000})
    assert_golden("aws_kms_external_key/symmetric", golden_rows(priced))
    assert monthly(priced, "Customer managed key") == Decimal("1.00")
    assert monthly(priced, "Requests (symmetric)") == Decimal("0.06")  # 2 x $0.03


def test_imported_asymmetric_key_spec() -> None:
    priced = price(
        make_resource("aws_kms_external_key", {"key_spec": "ECC_NIST_P384"}),
        usage={"monthly_requests": 10_000},
    )
    assert monthly(priced, "Requests (asymmetric, ECC_NIST_P384)") == Decimal("0.15")


def test_replica_in_its_own_region_with_its_primarys_spec() -> None:
    primary = make_resource("aws_kms_key", {"customer_master_key_spec": "RSA_4096"}, name="primary")
    replica = make_resource(
        "aws_kms_replica_key",
        {},
        name="replica",
        region="eu-west-1",
        references={"primary_key_arn": ("aws_kms_key.primary",)},
    )
    priced = price(replica, others=[primary], usage={"monthly_requests": 10_000})
    assert_golden("aws_kms_replica_key/primary_in_plan", golden_rows(priced))
    assert priced.status == "priced"
    assert monthly(priced, "Customer managed key") == Decimal("1.00")  # eu-west-1 KMS-Keys
    assert monthly(priced, "Requests (asymmetric, RSA_4096)") == Decimal("0.15")


def test_replica_whose_primary_is_elsewhere() -> None:
    priced = price(make_resource("aws_kms_replica_key", {}), usage={"monthly_requests": 10_000})
    assert monthly(priced, "Customer managed key") == Decimal("1.00")
    requests = component(priced, "Requests (unknown key spec)")
    assert requests.monthly_cost is None
    assert "primary key is not in the plan" in (requests.unknown_reason or "")
    assert priced.status == "unknown"
