"""aws_redshift_cluster: a provisioned Redshift cluster's nodes.

Components: "Node (<type>)" (node-hours: ``number_of_nodes``, 1 for a single-node cluster, x
hours) and, for RA3 nodes, "Managed storage" (GB-months; its price is not in the pricing data:
priced through ``--pricing-source aws``). Managed storage is usage (``managed_storage_gb``,
Infracost's key): without a usage file the line waits for one, and the cluster stays priced by
its nodes whether or not the price source has the storage price (no data costs nothing); a
quantity the catalog cannot price is unknown with the catalog's reason.

Not included: concurrency scaling beyond the free credits, Spectrum scans, backup storage beyond
the cluster's size, and Redshift Serverless.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.network.defaults import value_or_default
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(managed_storage_gb="GB kept in RA3 managed storage")

DEFAULTS = ("cluster_type", "number_of_nodes")
SERVICE = "AmazonRedshift"


def price(view: ResourceView) -> list[CostComponent]:
    """Price a cluster's node-hours (and RA3 managed storage)."""
    nodes = _nodes(view)
    node_type = view.attrs.get("node_type")
    if isinstance(node_type, Missing) or not isinstance(node_type, str):
        why = node_type if isinstance(node_type, Missing) else Missing.unknown("node_type")
        return [hourly("Node (unknown type)", why, nodes)]
    shown = clip(node_type)
    query = PriceQuery.of(SERVICE, view.region, "Compute Instance", instanceType=node_type)
    components = [hourly(f"Node ({shown})", query, nodes)]
    if node_type.startswith("ra3."):
        storage = PriceQuery.of(SERVICE, view.region, "Redshift Managed Storage")
        quantity = view.usage_quantity("managed_storage_gb")
        components.append(
            CostComponent("Managed storage", "GB", quantity, storage, optional_usage=True)
        )
    return components


def _nodes(view: ResourceView) -> Quantity:
    kind = value_or_default(view, "cluster_type", None)
    if kind == "single-node":
        return Decimal(1)
    value = value_or_default(view, "number_of_nodes", Decimal(1))  # the provider's default
    if isinstance(value, Missing):
        return value
    found = read.number(value)
    if found is None:
        return Missing("unknown", f"number_of_nodes {clip(repr(value))} is not a count", None)
    return found
