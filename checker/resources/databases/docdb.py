"""What the DocumentDB pricers share: the cluster's storage type, which sets the instance rate
(Price List ``volumeType``: ``General Purpose``, or ``IO-Optimized-DocDB`` for ``iopt1``)."""

from __future__ import annotations

from checker.model import Missing, Resource
from checker.resources.base import ResourceView
from checker.resources.network.defaults import value_or_default
from checker.safe_text import clip

SERVICE = "AmazonDocDB"
IO_OPTIMIZED = "iopt1"
_VOLUME_TYPES = {
    "": "General Purpose",
    "standard": "General Purpose",
    IO_OPTIMIZED: "IO-Optimized-DocDB",
}

# The cluster's storage type, computed by the provider (also read by the cluster's instances).
CLUSTER_DEFAULTS = ("storage_type",)


def storage_type(cluster: Resource) -> str | Missing:
    """The cluster's storage type (``""`` when left to AWS's default, standard)."""
    # Computed by the provider: unknown in a plan when the configuration leaves it to AWS.
    value = value_or_default(ResourceView(cluster), "storage_type", "")
    return value if isinstance(value, Missing) else str(value)


def volume_type(storage: str) -> str | Missing:
    """The Price List ``volumeType`` of a storage type."""
    found = _VOLUME_TYPES.get(storage)
    if found is None:
        return Missing(
            "unknown",
            f"storage_type {clip(repr(storage))} is not a DocumentDB storage type",
            "storage_type",
        )
    return found
