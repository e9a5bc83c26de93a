"""``aws_eks_cluster``: the EKS control plane.

Components: "EKS cluster" hours; "Extended support" hours when the configured ``version`` is in
extended support as of the catalog's data date (see :mod:`eks_versions` for the version table
and its source) and ``upgrade_policy.support_type`` is not ``STANDARD`` (a STANDARD cluster is
auto-upgraded instead of entering extended support).

Usage keys: none.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.compute import eks_versions
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly components of the cluster."""
    components = [
        hourly(
            "EKS cluster",
            PriceQuery.of(
                "AmazonEKS", view.region, "Compute", usagetype="AmazonEKS-Hours:perCluster"
            ),
        )
    ]
    if _pays_extended_support(view):
        components.append(
            hourly(
                "Extended support",
                PriceQuery.of(
                    "AmazonEKS", view.region, "Compute", usagetype="AmazonEKS-Hours:extendedSupport"
                ),
            )
        )
    return components


def _pays_extended_support(view: ResourceView) -> bool:
    support_type = view.attrs.get("upgrade_policy.0.support_type")
    if isinstance(support_type, str) and support_type.upper() == "STANDARD":
        return False
    version = view.attrs.get("version")
    # Unset, the provider computes it and EKS creates the cluster on its default version, which
    # is always in standard support.
    if version is None or isinstance(version, Missing):
        return False
    parsed = eks_versions.parse_version(str(version))
    return parsed is not None and eks_versions.in_extended_support(parsed)
