output "alb_dns_name" {
  description = "Public DNS name of the load balancer."
  value       = aws_lb.web.dns_name
}

output "db_endpoint" {
  value = aws_db_instance.main.endpoint
}

output "redis_endpoint" {
  value = aws_elasticache_replication_group.sessions.primary_endpoint_address
}

output "nat_public_ips" {
  value = module.network.nat_public_ips
}
