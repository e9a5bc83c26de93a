"""Priced types of the databases group: one module per resource type (its ``price``
function and ``USAGE`` schema), mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import PricedType
from checker.resources.databases import (
    aws_db_instance,
    aws_db_instance_automated_backups_replication,
    aws_dms_replication_instance,
    aws_docdb_cluster,
    aws_docdb_cluster_instance,
    aws_dynamodb_table,
    aws_elasticache_cluster,
    aws_elasticache_replication_group,
    aws_elasticache_serverless_cache,
    aws_memorydb_cluster,
    aws_neptune_cluster_instance,
    aws_rds_cluster,
    aws_rds_cluster_activity_stream,
    aws_rds_cluster_instance,
)

TYPES: Mapping[str, PricedType] = {
    "aws_db_instance": PricedType.of(aws_db_instance),
    "aws_rds_cluster": PricedType.of(aws_rds_cluster),
    "aws_rds_cluster_instance": PricedType.of(aws_rds_cluster_instance),
    "aws_elasticache_cluster": PricedType.of(aws_elasticache_cluster),
    "aws_elasticache_replication_group": PricedType.of(aws_elasticache_replication_group),
    "aws_dynamodb_table": PricedType.of(aws_dynamodb_table),
    "aws_docdb_cluster": PricedType.of(aws_docdb_cluster),
    "aws_docdb_cluster_instance": PricedType.of(aws_docdb_cluster_instance),
    "aws_dms_replication_instance": PricedType.of(aws_dms_replication_instance),
    "aws_neptune_cluster_instance": PricedType.of(aws_neptune_cluster_instance),
    "aws_db_instance_automated_backups_replication": PricedType.of(
        aws_db_instance_automated_backups_replication
    ),
    # Issue #12's named types.
    "aws_memorydb_cluster": PricedType.of(aws_memorydb_cluster),
    "aws_elasticache_serverless_cache": PricedType.of(aws_elasticache_serverless_cache),
    # Real-world coverage (issue #12): types the public examples use.
    "aws_rds_cluster_activity_stream": PricedType.of(aws_rds_cluster_activity_stream),
}
