"""aws_kinesis_firehose_delivery_stream: the data a Firehose stream ingests and delivers.

Components: "Data ingested" (GB, tiered per month: first 500 TB, next 1.5 PB, over), "Format
conversion" (GB, when ``extended_s3_configuration`` converts the record format), and for a
destination in a VPC (OpenSearch / Elasticsearch ``vpc_config``) "VPC data" (GB) and "VPC
delivery" (AZ-hours: one per subnet of the ``vpc_config``).
Usage keys: ``monthly_data_ingested_gb`` (infracost's key: GB as billed, each record rounded up
to 5 KB).

The pricing data has no Firehose prices: every line is unknown with that reason in catalog mode
and priced through ``--pricing-source aws`` (service ``AmazonKinesisFirehose``, family
``Kinesis Firehose``; vocabulary from infracost's filters). Not included: dynamic partitioning,
and delivery to Snowflake, Iceberg or in-VPC Splunk/HTTP endpoints.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_data_ingested_gb="GB ingested a month (records rounded to 5 KB)")
SERVICE = "AmazonKinesisFirehose"
FAMILY = "Kinesis Firehose"
_VPC_DESTINATIONS = (
    "opensearch_configuration",
    "elasticsearch_configuration",
    "opensearchserverless_configuration",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a delivery stream's ingestion, format conversion and VPC delivery."""
    ingested = view.usage_quantity("monthly_data_ingested_gb")
    components = [
        CostComponent(
            "Data ingested",
            "GB",
            ingested,
            PriceQuery.of(SERVICE, view.region, FAMILY, group="Event-by-Event Processing"),
            tiered=True,
        )
    ]
    conversion = read.flag_value(
        view.attrs.get("extended_s3_configuration.0.data_format_conversion_configuration.0.enabled")
    )
    has_conversion = view.attrs.blocks(
        "extended_s3_configuration.0.data_format_conversion_configuration"
    )
    if isinstance(conversion, Missing) or (has_conversion and conversion is not False):
        query = (
            conversion
            if isinstance(conversion, Missing)
            else _operation(view, "DataFormatConversion")
        )
        components.append(CostComponent("Format conversion", "GB", ingested, query))
    subnets = _vpc_subnets(view)
    if subnets is not None:
        components.append(
            CostComponent("VPC data", "GB", ingested, _operation(view, "VpcBandwidth"))
        )
        components.append(hourly("VPC delivery", _operation(view, "RunVpcInstance"), subnets))
    return components


def _vpc_subnets(view: ResourceView) -> Quantity | None:
    """AZ count of an in-VPC destination (one delivery ENI per subnet); None when not in a VPC."""
    for destination in _VPC_DESTINATIONS:
        for config in view.attrs.blocks(f"{destination}.0.vpc_config"):
            subnets = config.get("subnet_ids")
            if isinstance(subnets, Missing):
                return subnets
            if isinstance(subnets, list) and subnets:
                return Decimal(len(subnets))
            return Missing("unknown", f"{destination}.vpc_config has no subnet_ids", None)
    return None


def _operation(view: ResourceView, operation: str) -> PriceQuery:
    return PriceQuery.of(SERVICE, view.region, FAMILY, operation=operation)
