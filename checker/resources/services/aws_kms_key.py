"""aws_kms_key: a customer managed KMS key and its API requests.

Components: "Customer managed key" (months) and the key's requests (10k requests), named by the
rate class the key spec bills at: "Requests (symmetric)", "Requests (HMAC)", "Requests
(asymmetric, RSA_2048)" or "Requests (asymmetric, <spec>)" for the other asymmetric specs.
Usage keys: ``monthly_requests``.

Every customer managed key costs the same per month whatever its spec. Not included: the extra
$1/month AWS adds for each of the first two automatic rotations (``enable_key_rotation``: the
first comes a rotation period, 365 days by default, after creation) and GenerateDataKeyPair
requests. Keys with imported material (aws_kms_external_key) and multi-Region replicas
(aws_kms_replica_key) bill the same, through :func:`key_components`.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.units import TEN_THOUSAND, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_requests="API requests a month")

SPEC_PATH = "customer_master_key_spec"
DEFAULT_SPEC = "SYMMETRIC_DEFAULT"  # AWS's and the provider's default key spec
# Key spec prefixes of asymmetric keys (KMS developer guide, "Key spec reference"): RSA, elliptic
# curve, SM2 (China Regions) and ML-DSA.
_ASYMMETRIC_PREFIXES = ("RSA_", "ECC_", "SM2", "ML_DSA_")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a KMS key: one key-month and its requests."""
    return key_components(view, view.attrs.get(SPEC_PATH) or DEFAULT_SPEC)


def key_components(view: ResourceView, spec: object) -> list[CostComponent]:
    """One customer managed key-month and the requests of a key of ``spec`` (every KMS key a
    customer creates, imports or replicates bills the same per month)."""
    label, query = _requests(view.region, spec)
    return [
        CostComponent(
            name="Customer managed key",
            unit="months",
            monthly_quantity=Decimal(1),
            query=PriceQuery.of("awskms", view.region, "Encryption Key", usagetype="KMS-Keys"),
        ),
        per_block(
            f"Requests ({label})",
            "10k requests",
            view.usage_quantity("monthly_requests"),
            TEN_THOUSAND,
            query,
        ),
    ]


def _requests(region: str, spec: object) -> tuple[str, PriceQuery | Missing]:
    """(rate class shown in the name, the Price List product of its requests).

    The Price List has three request rates (us-east-1, per request): ``KMS-Requests`` $0.000003
    ("API request"), ``KMS-Requests-Asymmetric-RSA_2048`` $0.000003 ("Asymmetric Requests
    RSA_2048") and ``KMS-Requests-Asymmetric`` $0.000015 ("Asymmetric Requests except
    RSA_2048"). So an RSA_2048 key's requests cost the symmetric $0.03 per 10k, and every other
    asymmetric spec's $0.15. HMAC keys are symmetric keys (KMS developer guide, "HMAC keys in
    AWS KMS") and have no rate of their own: they bill as API requests.
    """
    if isinstance(spec, Missing):
        return "unknown key spec", spec
    text = str(spec).strip().upper()
    if text == DEFAULT_SPEC:
        label, usagetype = "symmetric", "KMS-Requests"
    elif text.startswith("HMAC_"):
        label, usagetype = "HMAC", "KMS-Requests"
    elif text == "RSA_2048":
        label, usagetype = "asymmetric, RSA_2048", "KMS-Requests-Asymmetric-RSA_2048"
    elif text.startswith(_ASYMMETRIC_PREFIXES):
        label, usagetype = f"asymmetric, {text}", "KMS-Requests-Asymmetric"
    else:
        # Not a key spec AWS documents: its request rate would be a guess.
        return "unknown key spec", Missing(
            "unknown", f"{SPEC_PATH} {spec!r} is not a KMS key spec", SPEC_PATH
        )
    return label, PriceQuery.of("awskms", region, "API Request", usagetype=usagetype)
