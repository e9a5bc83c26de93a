environment        = "prod"
aws_region         = "us-east-1"
availability_zones = ["us-east-1a", "us-east-1b"]
vpc_cidr           = "10.42.0.0/16"
nat_gateway_count  = 2
container_image    = "123456789012.dkr.ecr.us-east-1.amazonaws.com/costcheck:1.0.0"
certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000002"

app_cpu           = 1024
app_memory        = 2048
app_desired_count = 2
app_workers       = 4

db_instance_class        = "db.t4g.medium"
db_allocated_storage     = 50
db_multi_az              = true
db_backup_retention_days = 14

redis_node_type = "cache.t4g.small"
redis_replicas  = 1

log_retention_days = 90

metrics_scraper_cidrs = ["10.42.0.0/16"]
