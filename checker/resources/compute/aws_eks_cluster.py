"""``aws_eks_cluster``: the EKS control plane.

Components: "EKS cluster" hours; "Extended support" hours when the configured ``version`` is past
its end of standard support on the run's date (:func:`checker.run_date.run_date`,
``$COSTCHECK_TODAY`` pins it; see :mod:`eks_versions` for the version table and its source) and
``upgrade_policy.support_type`` is not ``STANDARD`` (a STANDARD cluster is auto-upgraded instead
of entering extended support). The line states the date the status was judged on; a version the
table does not know makes the surcharge line unknown.

Usage keys: none.
"""

from __future__ import annotations

from datetime import date

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.compute import eks_versions
from checker.resources.usage_schema import NO_USAGE
from checker.run_date import run_date
from checker.safe_text import clip

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly components of the cluster."""
    cluster = hourly(
        "EKS cluster",
        PriceQuery.of("AmazonEKS", view.region, "Compute", usagetype="AmazonEKS-Hours:perCluster"),
    )
    surcharge = hourly(
        "Extended support",
        PriceQuery.of(
            "AmazonEKS", view.region, "Compute", usagetype="AmazonEKS-Hours:extendedSupport"
        ),
    )
    support_type = view.attrs.get("upgrade_policy.0.support_type")
    if isinstance(support_type, str) and support_type.upper() == "STANDARD":
        return [cluster]
    version = view.attrs.get("version")
    # Unset, the provider computes it and EKS creates the cluster on its default version, which
    # is always in standard support.
    if version is None or isinstance(version, Missing):
        return [cluster]
    shown = clip(str(version), 40)
    parsed = eks_versions.parse_version(str(version))
    if parsed is None:
        reason = f"version {shown!r} is not a Kubernetes version costcheck can read"
        return [cluster, _unknown(surcharge, reason)]
    on = run_date()
    status = eks_versions.support_status(parsed, on)
    if status == "unknown":
        newest = ".".join(map(str, eks_versions.NEWEST_KNOWN))
        reason = (
            f"costcheck's EKS version table does not know when standard support of Kubernetes "
            f"{shown} ends (newest listed: {newest}), so whether it pays extended support on "
            f"{on.isoformat()} is unknown"
        )
        return [cluster, _unknown(surcharge, reason)]
    said = _judged(shown, eks_versions.end_of_standard_support(parsed), on)
    if status == "standard":
        return [cluster.assuming(said)]
    return [cluster, surcharge.assuming(said)]


def _judged(version: str, end: date | None, on: date) -> str:
    """Which date the support status was judged on, and the version's end of standard support."""
    if end is None:
        ended = "older than costcheck's version table, auto-upgraded into extended support"
    elif on > end:
        ended = f"standard support ended {end.isoformat()}"
    else:
        ended = f"standard support until {end.isoformat()}"
    return f"Kubernetes {version} support judged on {on.isoformat()} ({ended})"


def _unknown(component: CostComponent, reason: str) -> CostComponent:
    return CostComponent(
        component.name, component.unit, component.monthly_quantity, Missing("unknown", reason)
    )
