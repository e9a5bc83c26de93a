environment        = "staging"
aws_region         = "us-east-1"
availability_zones = ["us-east-1a", "us-east-1b"]
vpc_cidr           = "10.41.0.0/16"
nat_gateway_count  = 1
container_image    = "123456789012.dkr.ecr.us-east-1.amazonaws.com/costcheck:staging"
certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"

app_cpu           = 512
app_memory        = 1024
app_desired_count = 2
app_workers       = 2

db_instance_class        = "db.t4g.small"
db_allocated_storage     = 20
db_multi_az              = false
db_backup_retention_days = 7

redis_node_type = "cache.t4g.small"
redis_replicas  = 0

log_retention_days = 14
