"""Components whose AWS Price List product costcheck cannot name with confidence.

A pricer names such a component (with its quantity) but gives it this reason instead of a
query: no public source seen confirms the product's service code, family, attributes or
usagetype, and a guessed query could pick a wrong product. The line is unknown, with the reason,
whichever price source is used (never a guessed price, never a silent $0).

Some resources are billed in a way not known at all (what is metered, or how much of it): they
are named with neither quantity nor price, unknown with the reason (:func:`named_unknown`).
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView


def unconfirmed(product: str, detail: str) -> Missing:
    """The reason a ``product`` line is not priced: its Price List vocabulary is not confirmed
    (``detail`` says what is missing), so neither the catalog nor the AWS Price List API is
    asked."""
    return Missing(
        "unknown",
        f"no public source confirms the AWS Price List product of {product} ({detail}); "
        "costcheck prices it from neither the catalog nor the Price List API rather than guess",
    )


def named_unknown(name: str, reason: str) -> list[CostComponent]:
    """The one line ``name`` of a resource that may well be billed, unknown with ``reason``: how
    it is metered is part of what is not known, so no quantity is claimed either."""
    why = Missing("unknown", reason, None)
    return [CostComponent(name, "months", why, why)]


def snapshot_storage(
    view: ResourceView, retention: Decimal | Missing | None, query: PriceQuery | Missing
) -> list[CostComponent]:
    """The "Snapshot storage" line (GB from usage, priced by ``query``) where snapshots are kept
    (``retention``, in days, unknown or above 0); none where none are kept."""
    if not (isinstance(retention, Missing) or (retention is not None and retention > 0)):
        return []
    return [
        CostComponent(
            "Snapshot storage",
            "GB",
            view.usage_quantity("snapshot_storage_size_gb"),
            query,
            optional_usage=True,
        )
    ]


def unconfirmed_snapshots(
    view: ResourceView, retention: Decimal | Missing | None, product: str, detail: str
) -> list[CostComponent]:
    """:func:`snapshot_storage`, its product unconfirmed."""
    return snapshot_storage(view, retention, unconfirmed(product, detail))
