"""aws_kms_key: a customer managed KMS key and its API requests.

Components: "Customer managed key" (months), "Requests" (10k requests; the rate depends on the
key spec: symmetric and HMAC keys, RSA_2048, other asymmetric keys).
Usage keys: ``monthly_requests``.

Every customer managed key costs the same per month whatever its spec. Not included: the extra
$1/month AWS adds for each of the first two automatic rotations (``enable_key_rotation``: the
first comes a rotation period, 365 days by default, after creation) and replica keys
(aws_kms_replica_key).
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.units import TEN_THOUSAND, per_block


def price(view: ResourceView) -> list[CostComponent]:
    """Price a KMS key: one key-month and its requests."""
    spec = view.attrs.get("customer_master_key_spec") or view.attrs.get("key_spec")
    spec = spec or "SYMMETRIC_DEFAULT"  # AWS's default key spec
    return [
        CostComponent(
            name="Customer managed key",
            unit="months",
            monthly_quantity=Decimal(1),
            query=PriceQuery.of("awskms", view.region, "Encryption Key", usagetype="KMS-Keys"),
        ),
        per_block(
            "Requests",
            "10k requests",
            view.usage_quantity("monthly_requests"),
            TEN_THOUSAND,
            _requests_query(view.region, spec),
        ),
    ]


def _requests_query(region: str, spec: object) -> PriceQuery | Missing:
    if isinstance(spec, Missing):
        return spec
    if not isinstance(spec, str):
        return Missing("unknown", f"unexpected key spec {spec!r}", "customer_master_key_spec")
    if spec == "SYMMETRIC_DEFAULT" or spec.startswith("HMAC_"):
        usagetype = "KMS-Requests"
    elif spec == "RSA_2048":
        usagetype = "KMS-Requests-Asymmetric-RSA_2048"
    else:  # RSA_3072/4096, ECC_*, SM2
        usagetype = "KMS-Requests-Asymmetric"
    return PriceQuery.of("awskms", region, "API Request", usagetype=usagetype)
