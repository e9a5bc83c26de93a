"""aws_acmpca_certificate_authority: an AWS Private CA and the certificates it issues.

Components: "Private certificate authority" (months) and "Certificates" (tiered per month: first
1,000, next 9,000, over 10,000), or for a CA in ``usage_mode`` SHORT_LIVED_CERTIFICATE
"Short-lived certificate authority" (months) and "Short-lived certificates".
Usage keys: ``monthly_requests`` (certificates issued a month; infracost's key).

A CA is billed each month until it is deleted, enabled or not. Not included: the free trial
of an account's first CA (30 days), and OCSP requests. Certificate tiers are per account and
region: one CA is priced as if it issued all of them.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.network.defaults import value_or_default
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(monthly_requests="private certificates issued a month")

DEFAULTS = ("usage_mode",)
SERVICE = "AWSCertificateManager"
FAMILY = "AWS Certificate Manager"
# usage_mode -> (CA component, CA usagetype, certificates component, certificates usagetype)
_MODES = {
    "GENERAL_PURPOSE": (
        "Private certificate authority",
        "PaidPrivateCA",
        "Certificates",
        "PrivateCertificatesIssued",
    ),
    "SHORT_LIVED_CERTIFICATE": (
        "Short-lived certificate authority",
        "ShortLivedCertificatePrivateCA",
        "Short-lived certificates",
        "ShortLivedCertificatesIssued",
    ),
}


def price(view: ResourceView) -> list[CostComponent]:
    """Price a private CA month and the certificates it issues."""
    mode = value_or_default(view, "usage_mode", "GENERAL_PURPOSE")  # AWS's default
    certificates = view.usage_quantity("monthly_requests")
    if not isinstance(mode, str) or mode not in _MODES:
        why = mode if isinstance(mode, Missing) else _bad_mode(mode)
        return [
            CostComponent("Private certificate authority", "months", Decimal(1), why),
            CostComponent("Certificates", "certificates", certificates, why),
        ]
    ca_name, ca_usage, certificates_name, certificates_usage = _MODES[mode]
    return [
        CostComponent(ca_name, "months", Decimal(1), _query(view.region, ca_usage)),
        CostComponent(
            certificates_name,
            "certificates",
            certificates,
            _query(view.region, certificates_usage),
            tiered=True,
        ),
    ]


def _bad_mode(mode: object) -> Missing:
    return Missing("unknown", f"usage_mode {clip(repr(mode))} is not a Private CA usage mode", None)


def _query(region: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of(SERVICE, region, FAMILY, usagetype=usagetype)
