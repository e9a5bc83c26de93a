"""Pricers for analytics services (OpenSearch, Glue, MSK, Kinesis, Redshift): one module per
resource type."""

from collections.abc import Mapping

from checker.resources.analytics import (
    aws_elasticsearch_domain,
    aws_glue_catalog_database,
    aws_glue_crawler,
    aws_glue_job,
    aws_kinesis_firehose_delivery_stream,
    aws_kinesis_stream,
    aws_msk_cluster,
    aws_msk_vpc_connection,
    aws_opensearch_domain,
    aws_redshift_cluster,
    aws_redshift_endpoint_access,
    aws_redshift_snapshot_copy,
)
from checker.resources.base import PricedType

TYPES: Mapping[str, PricedType] = {
    "aws_elasticsearch_domain": PricedType(
        aws_elasticsearch_domain.price,
        aws_elasticsearch_domain.USAGE,
        defaulted=aws_elasticsearch_domain.DEFAULTS,
    ),
    "aws_glue_catalog_database": PricedType(
        aws_glue_catalog_database.price, aws_glue_catalog_database.USAGE
    ),
    "aws_glue_crawler": PricedType(aws_glue_crawler.price, aws_glue_crawler.USAGE),
    "aws_glue_job": PricedType(
        aws_glue_job.price, aws_glue_job.USAGE, defaulted=aws_glue_job.DEFAULTS
    ),
    "aws_kinesis_firehose_delivery_stream": PricedType(
        aws_kinesis_firehose_delivery_stream.price, aws_kinesis_firehose_delivery_stream.USAGE
    ),
    "aws_kinesis_stream": PricedType(
        aws_kinesis_stream.price, aws_kinesis_stream.USAGE, defaulted=aws_kinesis_stream.DEFAULTS
    ),
    "aws_msk_cluster": PricedType(aws_msk_cluster.price, aws_msk_cluster.USAGE),
    "aws_opensearch_domain": PricedType(
        aws_opensearch_domain.price,
        aws_opensearch_domain.USAGE,
        defaulted=aws_opensearch_domain.DEFAULTS,
    ),
    "aws_redshift_cluster": PricedType(
        aws_redshift_cluster.price,
        aws_redshift_cluster.USAGE,
        defaulted=aws_redshift_cluster.DEFAULTS,
    ),
    # Real-world coverage (issue #12): types the public examples use.
    "aws_msk_vpc_connection": PricedType(
        aws_msk_vpc_connection.price, aws_msk_vpc_connection.USAGE
    ),
    "aws_redshift_endpoint_access": PricedType(
        aws_redshift_endpoint_access.price, aws_redshift_endpoint_access.USAGE
    ),
    "aws_redshift_snapshot_copy": PricedType(
        aws_redshift_snapshot_copy.price,
        aws_redshift_snapshot_copy.USAGE,
        follows=aws_redshift_snapshot_copy.FOLLOWS,
    ),
}
