"""aws_kms_external_key: a KMS key whose key material is imported (BYOK).

Components: as aws_kms_key, "Customer managed key" (months) and its requests (10k requests):
AWS bills a key with imported material as any customer managed key. Its spec is ``key_spec``
(symmetric by default). Usage keys: ``monthly_requests``.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.services.aws_kms_key import DEFAULT_SPEC, key_components
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_requests="API requests a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a KMS key with imported material: one key-month and its requests."""
    return key_components(view, view.attrs.get("key_spec") or DEFAULT_SPEC)
