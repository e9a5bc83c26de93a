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
    "aws_elasticsearch_domain": PricedType.of(aws_elasticsearch_domain),
    "aws_glue_catalog_database": PricedType.of(aws_glue_catalog_database),
    "aws_glue_crawler": PricedType.of(aws_glue_crawler),
    "aws_glue_job": PricedType.of(aws_glue_job),
    "aws_kinesis_firehose_delivery_stream": PricedType.of(aws_kinesis_firehose_delivery_stream),
    "aws_kinesis_stream": PricedType.of(aws_kinesis_stream),
    "aws_msk_cluster": PricedType.of(aws_msk_cluster),
    "aws_opensearch_domain": PricedType.of(aws_opensearch_domain),
    "aws_redshift_cluster": PricedType.of(aws_redshift_cluster),
    # Real-world coverage (issue #12): types the public examples use.
    "aws_msk_vpc_connection": PricedType.of(aws_msk_vpc_connection),
    "aws_redshift_endpoint_access": PricedType.of(aws_redshift_endpoint_access),
    "aws_redshift_snapshot_copy": PricedType.of(aws_redshift_snapshot_copy),
}
