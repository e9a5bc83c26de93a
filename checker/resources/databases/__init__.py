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
    "aws_db_instance": PricedType(
        aws_db_instance.price,
        aws_db_instance.USAGE,
        follows=aws_db_instance.FOLLOWS,
        effective_values=aws_db_instance.effective_values,
    ),
    "aws_rds_cluster": PricedType(
        aws_rds_cluster.price, aws_rds_cluster.USAGE, follows_on=aws_rds_cluster.FOLLOWS_ON
    ),
    "aws_rds_cluster_instance": PricedType(
        aws_rds_cluster_instance.price,
        aws_rds_cluster_instance.USAGE,
        follows=aws_rds_cluster_instance.FOLLOWS,
    ),
    "aws_elasticache_cluster": PricedType(
        aws_elasticache_cluster.price,
        aws_elasticache_cluster.USAGE,
        follows=aws_elasticache_cluster.FOLLOWS,
    ),
    "aws_elasticache_replication_group": PricedType(
        aws_elasticache_replication_group.price,
        aws_elasticache_replication_group.USAGE,
        follows_on=aws_elasticache_replication_group.FOLLOWS_ON,
    ),
    "aws_dynamodb_table": PricedType(
        aws_dynamodb_table.price, aws_dynamodb_table.USAGE, follows_on=aws_dynamodb_table.FOLLOWS_ON
    ),
    "aws_docdb_cluster": PricedType(
        aws_docdb_cluster.price, aws_docdb_cluster.USAGE, defaulted=aws_docdb_cluster.DEFAULTS
    ),
    "aws_docdb_cluster_instance": PricedType(
        aws_docdb_cluster_instance.price,
        aws_docdb_cluster_instance.USAGE,
        follows=aws_docdb_cluster_instance.FOLLOWS,
    ),
    "aws_dms_replication_instance": PricedType(
        aws_dms_replication_instance.price, aws_dms_replication_instance.USAGE
    ),
    "aws_neptune_cluster_instance": PricedType(
        aws_neptune_cluster_instance.price, aws_neptune_cluster_instance.USAGE
    ),
    "aws_db_instance_automated_backups_replication": PricedType(
        aws_db_instance_automated_backups_replication.price,
        aws_db_instance_automated_backups_replication.USAGE,
        follows=aws_db_instance_automated_backups_replication.FOLLOWS,
    ),
    # Issue #12's named types.
    "aws_memorydb_cluster": PricedType(
        aws_memorydb_cluster.price,
        aws_memorydb_cluster.USAGE,
        defaulted=aws_memorydb_cluster.DEFAULTS,
    ),
    "aws_elasticache_serverless_cache": PricedType(
        aws_elasticache_serverless_cache.price, aws_elasticache_serverless_cache.USAGE
    ),
    # Real-world coverage (issue #12): types the public examples use.
    "aws_rds_cluster_activity_stream": PricedType(
        aws_rds_cluster_activity_stream.price, aws_rds_cluster_activity_stream.USAGE
    ),
}
