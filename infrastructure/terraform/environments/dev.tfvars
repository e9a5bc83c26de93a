environment        = "dev"
aws_region         = "us-east-1"
availability_zones = ["us-east-1a", "us-east-1b"]
vpc_cidr           = "10.40.0.0/16"
nat_gateway_count  = 1
container_image    = "123456789012.dkr.ecr.us-east-1.amazonaws.com/costcheck:dev"

app_cpu           = 256
app_memory        = 512
app_desired_count = 1
app_workers       = 1
log_level         = "DEBUG"

db_instance_class        = "db.t4g.micro"
db_allocated_storage     = 20
db_multi_az              = false
db_backup_retention_days = 1

redis_node_type = "cache.t4g.micro"
redis_replicas  = 0

log_retention_days = 7
