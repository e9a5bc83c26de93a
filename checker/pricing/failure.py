"""Why the AWS Price List API could not answer a query: kept apart from
:mod:`checker.pricing.aws_api` so that code handling failures (the ``auto`` source) does not import
the AWS SDK before it is used."""

from __future__ import annotations

from dataclasses import dataclass

from checker.errors import PricingError

OFFLINE_HINT = "--pricing-source catalog (offline prices, no AWS account needed)"


@dataclass(frozen=True)
class QueryFailure:
    """Why the API could not answer a query, and what to do about it. A ``fatal`` failure (no
    credentials, access denied, unreachable) would fail every other query too."""

    reason: str
    fatal: bool

    def error(self) -> PricingError:
        """The failure as the user sees it when the API is the only source."""
        return PricingError(f"{self.reason}; or use {OFFLINE_HINT}")
