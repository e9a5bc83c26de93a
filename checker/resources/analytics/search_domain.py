"""What aws_opensearch_domain and aws_elasticsearch_domain share: the nodes and storage of a
domain, priced from the OpenSearch Service Price List (service ``AmazonES``).

Components: "Instance (on-demand, <type>)" (data nodes x hours), "Dedicated master (on-demand,
<type>)", "UltraWarm instance (on-demand, <type>)" and "Storage (<volume type>)" (GB-months:
``ebs_options.volume_size`` is per data node, so nodes x size).

The Price List names instance types ``<family>.<size>.search``; Elasticsearch domains name them
``....elasticsearch``, the same product. Storage has no genuine offline price (the pricing data has
OpenSearch instance hours only): in catalog mode it is unknown with that reason, through
``--pricing-source aws`` it is priced. Not included: gp3 IOPS and throughput provisioned above
the included baseline, cold storage and UltraWarm managed storage (S3-backed, usage-based), and
Serverless collections.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, first_missing, hourly, times
from checker.resources.network.defaults import value_or_default
from checker.safe_text import clip

SERVICE = "AmazonES"
INSTANCE_FAMILY = "Amazon OpenSearch Service Instance"
VOLUME_FAMILY = "Amazon OpenSearch Service Volume"
_CLUSTER = "cluster_config.0"
_EBS = "ebs_options.0"
# Price List ``storageMedia`` of each EBS volume type OpenSearch offers (infracost's filter map,
# plus gp3, which AWS added later under the same naming).
_STORAGE_MEDIA = {"gp2": "GP2", "gp3": "GP3", "io1": "PIOPS-Storage", "standard": "Magnetic"}
DEFAULT_VOLUME_TYPE = "gp2"  # the provider's and AWS's default when ebs_options omits it

_SEARCH = ("instance_type", "dedicated_master_enabled", "warm_enabled", "instance_count")
# What the domain pricers read as AWS's default when unknown.
DEFAULTS = (
    *(f"{_CLUSTER}.{name}" for name in (*_SEARCH, "dedicated_master_count", "warm_count")),
    f"{_EBS}.volume_type",
)


def price_domain(view: ResourceView, type_suffix: str, default_type: str) -> list[CostComponent]:
    """The components of a search domain whose instance types end in ``type_suffix``."""
    instance_type = value_or_default(view, f"{_CLUSTER}.instance_type", default_type)
    count = _count(view, f"{_CLUSTER}.instance_count", Decimal(1))
    components = [_nodes("Instance", view, instance_type, count, type_suffix)]
    if (
        read.flag_value(value_or_default(view, f"{_CLUSTER}.dedicated_master_enabled", False))
        is True
    ):
        master_type = view.attrs.get(f"{_CLUSTER}.dedicated_master_type")
        masters = _count(view, f"{_CLUSTER}.dedicated_master_count", None)
        components.append(_nodes("Dedicated master", view, master_type, masters, type_suffix))
    if read.flag_value(value_or_default(view, f"{_CLUSTER}.warm_enabled", False)) is True:
        warm_type = view.attrs.get(f"{_CLUSTER}.warm_type")
        warm = _count(view, f"{_CLUSTER}.warm_count", None)
        components.append(_nodes("UltraWarm instance", view, warm_type, warm, type_suffix))
    storage = _storage(view, count)
    return components + ([storage] if storage else [])


def _count(view: ResourceView, path: str, default: Decimal | None) -> Quantity:
    value = value_or_default(view, path, default)
    if isinstance(value, Missing):
        return value
    if value is None:
        return Missing("unknown", f"{path.split('.')[-1]} is not set", path)
    found = read.number(value)
    if found is None:
        return Missing("unknown", f"{path.split('.')[-1]} {clip(repr(value))} is not a count", path)
    return found


def _nodes(
    label: str, view: ResourceView, instance_type: object, count: Quantity, type_suffix: str
) -> CostComponent:
    if isinstance(instance_type, Missing):
        return hourly(f"{label} (on-demand, unknown type)", instance_type, count)
    if not isinstance(instance_type, str) or not instance_type:
        reason = Missing("unknown", f"{label.lower()} type is not set", None)
        return hourly(f"{label} (on-demand, unknown type)", reason, count)
    shown = clip(instance_type)
    base = instance_type.removesuffix(type_suffix)
    query = PriceQuery.of(SERVICE, view.region, INSTANCE_FAMILY, instanceType=f"{base}.search")
    return hourly(f"{label} (on-demand, {shown})", query, count)


def _storage(view: ResourceView, nodes: Quantity) -> CostComponent | None:
    """EBS storage of the data nodes (None when the domain uses instance storage)."""
    enabled = read.flag_value(view.attrs.get(f"{_EBS}.ebs_enabled"))
    if enabled is False:
        return None
    volume_type = value_or_default(view, f"{_EBS}.volume_type", DEFAULT_VOLUME_TYPE)
    size = view.attrs.decimal(f"{_EBS}.volume_size")
    if size is None:
        size = Missing("unknown", "ebs_options.volume_size is not set", f"{_EBS}.volume_size")
    quantity = times(nodes, size)
    missing = first_missing(enabled, volume_type)
    if missing is not None:
        return CostComponent("Storage (unknown type)", "GB", quantity, missing)
    media = _STORAGE_MEDIA.get(str(volume_type))
    shown = clip(str(volume_type))
    if media is None:
        reason = Missing("unknown", f"{shown} is not an OpenSearch EBS volume type", None)
        return CostComponent(f"Storage ({shown})", "GB", quantity, reason)
    query = PriceQuery.of(SERVICE, view.region, VOLUME_FAMILY, storageMedia=media)
    return CostComponent(f"Storage ({shown})", "GB", quantity, query)
