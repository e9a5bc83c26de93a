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
    aws_opensearch_domain,
    aws_redshift_cluster,
)
from checker.resources.base import Pricer

PRICERS: Mapping[str, Pricer] = {
    "aws_elasticsearch_domain": aws_elasticsearch_domain.price,
    "aws_glue_catalog_database": aws_glue_catalog_database.price,
    "aws_glue_crawler": aws_glue_crawler.price,
    "aws_glue_job": aws_glue_job.price,
    "aws_kinesis_firehose_delivery_stream": aws_kinesis_firehose_delivery_stream.price,
    "aws_kinesis_stream": aws_kinesis_stream.price,
    "aws_msk_cluster": aws_msk_cluster.price,
    "aws_opensearch_domain": aws_opensearch_domain.price,
    "aws_redshift_cluster": aws_redshift_cluster.price,
}
