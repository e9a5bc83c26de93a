"""Pricers for the databases group: one module per resource type, mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import Pricer
from checker.resources.databases import (
    aws_db_instance,
    aws_docdb_cluster,
    aws_docdb_cluster_instance,
    aws_dynamodb_table,
    aws_elasticache_cluster,
    aws_elasticache_replication_group,
    aws_rds_cluster,
    aws_rds_cluster_instance,
)

PRICERS: Mapping[str, Pricer] = {
    "aws_db_instance": aws_db_instance.price,
    "aws_rds_cluster": aws_rds_cluster.price,
    "aws_rds_cluster_instance": aws_rds_cluster_instance.price,
    "aws_elasticache_cluster": aws_elasticache_cluster.price,
    "aws_elasticache_replication_group": aws_elasticache_replication_group.price,
    "aws_dynamodb_table": aws_dynamodb_table.price,
    "aws_docdb_cluster": aws_docdb_cluster.price,
    "aws_docdb_cluster_instance": aws_docdb_cluster_instance.price,
}
