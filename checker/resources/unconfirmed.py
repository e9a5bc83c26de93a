"""Components whose AWS Price List product costcheck cannot name with confidence.

A pricer names such a component (with its quantity) but gives it this reason instead of a
query: no public source seen confirms the product's service code, family, attributes or
usagetype, and a guessed query could pick a wrong product. The line is unknown, with the reason,
whichever price source is used (never a guessed price, never a silent $0).
"""

from __future__ import annotations

from checker.model import Missing


def unconfirmed(product: str, detail: str) -> Missing:
    """The reason a ``product`` line is not priced: its Price List vocabulary is not confirmed
    (``detail`` says what is missing), so neither the catalog nor the AWS Price List API is
    asked."""
    return Missing(
        "unknown",
        f"no public source confirms the AWS Price List product of {product} ({detail}); "
        "costcheck prices it from neither the catalog nor the Price List API rather than guess",
    )
