output "load_balancer_dns" {
  description = "Public name of the service (point the DNS record here)."
  value       = aws_lb.main.dns_name
}

output "rds_endpoint" {
  description = "PostgreSQL endpoint (private)."
  value       = aws_db_instance.main.endpoint
}

output "redis_endpoint" {
  description = "Redis primary endpoint (private, TLS)."
  value       = aws_elasticache_replication_group.main.primary_endpoint_address
}

output "ecs_cluster" {
  description = "ECS cluster name (RUNBOOK: scale, deploy, one-off migrations)."
  value       = aws_ecs_cluster.main.name
}

output "ecs_service" {
  description = "ECS service name."
  value       = aws_ecs_service.app.name
}

output "task_definition_family" {
  description = "Task definition family (one-off `costcheck db upgrade` runs use it)."
  value       = aws_ecs_task_definition.app.family
}

output "private_subnet_ids" {
  description = "Subnets for one-off tasks."
  value       = aws_subnet.private[*].id
}

output "app_security_group_id" {
  description = "Security group for one-off tasks."
  value       = aws_security_group.app.id
}

output "log_group" {
  description = "CloudWatch log group of the service."
  value       = aws_cloudwatch_log_group.app.name
}

output "private_subnet_ids_csv" {
  description = "The private subnets, comma-separated (for `aws ecs run-task --network-configuration`)."
  value       = join(",", aws_subnet.private[*].id)
}
