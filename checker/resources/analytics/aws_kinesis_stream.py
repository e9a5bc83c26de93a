"""aws_kinesis_stream: a Kinesis data stream, provisioned or on-demand.

Components, PROVISIONED (the default ``stream_mode``): "Shards" (shard-hours: ``shard_count`` x
hours) and "PUT payload units" (1M units of 25 KB). ON_DEMAND: "Stream" (stream-hours) and "Data
ingested" (GB); "Data retrieval", "Enhanced fan-out data retrieval", "Extended retention" and
"Long-term retention" (GB) when the usage file gives them (their prices are not in the pricing
data: unknown in catalog mode, priced through ``--pricing-source aws``).
Usage keys (infracost's): ``monthly_provisioned_put_units``, ``monthly_on_demand_data_in_gb``,
``monthly_on_demand_data_out_gb``, ``monthly_on_demand_efo_data_out_gb``,
``monthly_on_demand_extended_retention_gb``, ``monthly_on_demand_long_term_retention_gb``.

Not included for provisioned streams: extended retention (``retention_period`` over 24 hours,
billed per shard-hour) and enhanced fan-out consumers.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.network.defaults import value_or_default
from checker.resources.services.units import MILLION, per_block
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(
    monthly_provisioned_put_units="PUT payload units (25 KB each) a month, provisioned mode",
    monthly_on_demand_data_in_gb="GB written a month, on-demand mode",
    monthly_on_demand_data_out_gb="GB read a month, on-demand mode",
    monthly_on_demand_efo_data_out_gb="GB read by enhanced fan-out consumers, on-demand mode",
    monthly_on_demand_extended_retention_gb="GB-months kept 24 hours to 7 days, on-demand mode",
    monthly_on_demand_long_term_retention_gb="GB-months kept over 7 days, on-demand mode",
)

DEFAULTS = ("stream_mode_details.0.stream_mode",)
SERVICE = "AmazonKinesis"
FAMILY = "Kinesis Streams"
# usage key -> (component, usagetype, operation); listed when the usage file gives them.
_ON_DEMAND_EXTRAS = (
    ("monthly_on_demand_data_out_gb", "Data retrieval", "OnDemand-BilledOutgoingBytes",
     "OnDemandDataRetrieval"),
    ("monthly_on_demand_efo_data_out_gb", "Enhanced fan-out data retrieval",
     "OnDemand-BilledOutgoingEFOBytes", "OnDemandEFODataRetrieval"),
    ("monthly_on_demand_extended_retention_gb", "Extended retention",
     "OnDemand-ExtendedRetention-ByteHrs", "OnDemandExtendedRetentionByteHrs"),
    ("monthly_on_demand_long_term_retention_gb", "Long-term retention",
     "OnDemand-LongTermRetention-ByteHrs", "OnDemandLongTermRetentionByteHrs"),
)  # fmt: skip


def price(view: ResourceView) -> list[CostComponent]:
    """Price a stream's shards or on-demand capacity and its traffic."""
    mode = value_or_default(view, "stream_mode_details.0.stream_mode", "PROVISIONED")
    if isinstance(mode, Missing) or mode not in ("PROVISIONED", "ON_DEMAND"):
        why = mode if isinstance(mode, Missing) else _bad_mode(mode)
        return [hourly("Stream (unknown mode)", why)]
    if mode == "PROVISIONED":
        shards = PriceQuery.of(SERVICE, view.region, FAMILY, usagetype="Storage-ShardHour")
        puts = PriceQuery.of(SERVICE, view.region, FAMILY, usagetype="PutRequestPayloadUnits")
        return [
            hourly("Shards", shards, _shard_count(view)),
            per_block(
                "PUT payload units",
                "1M units",
                view.usage_quantity("monthly_provisioned_put_units"),
                MILLION,
                puts,
            ),
        ]
    components = [
        hourly("Stream", _query(view.region, "OnDemand-StreamHour", "OnDemandStreamHr")),
        CostComponent(
            "Data ingested",
            "GB",
            view.usage_quantity("monthly_on_demand_data_in_gb"),
            _query(view.region, "OnDemand-BilledIncomingBytes", "OnDemandDataIngested"),
        ),
    ]
    for key, name, usagetype, operation in _ON_DEMAND_EXTRAS:
        if key in view.usage:
            query = _query(view.region, usagetype, operation)
            components.append(CostComponent(name, "GB", view.usage_quantity(key), query))
    return components


def _shard_count(view: ResourceView) -> Quantity:
    value = view.attrs.get("shard_count")
    if isinstance(value, Missing):
        return value
    found = read.number(value)
    if found is None:
        return Missing("unknown", "shard_count is not set to a number", "shard_count")
    return found


def _bad_mode(mode: object) -> Missing:
    return Missing(
        "unknown", f"stream_mode {clip(repr(mode))} is not PROVISIONED or ON_DEMAND", None
    )


def _query(region: str, usagetype: str, operation: str) -> PriceQuery:
    return PriceQuery.of(SERVICE, region, FAMILY, usagetype=usagetype, operation=operation)
