variable "environment" {
  description = "Deployment environment: dev, staging or prod."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "aws_region" {
  description = "AWS region of the whole stack."
  type        = string
  default     = "us-east-1"
}

variable "availability_zones" {
  # Named, not looked up: the same names in every plan, and the stack plans without AWS access.
  # Two AZs: enough for the ALB, RDS Multi-AZ and ElastiCache failover; a third adds cost, not need.
  description = "The two availability zones of the subnets, in aws_region."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 2
    error_message = "availability_zones must name exactly two zones."
  }
}

variable "vpc_cidr" {
  description = "CIDR of the VPC; subnets are carved from it (2 public, 2 private, one per AZ)."
  type        = string
  default     = "10.40.0.0/16"
}

variable "nat_gateway_count" {
  description = "NAT gateways: 1 (shared, cheaper, one AZ's outage cuts egress) or 2 (one per AZ)."
  type        = number
  default     = 1

  validation {
    condition     = var.nat_gateway_count == 1 || var.nat_gateway_count == 2
    error_message = "nat_gateway_count must be 1 or 2."
  }
}

variable "container_image" {
  description = "Image of the costcheck service (built from the repository's Dockerfile), pinned by digest or tag."
  type        = string
}

variable "app_cpu" {
  description = "Fargate task CPU units (256 = 0.25 vCPU)."
  type        = number
}

variable "app_memory" {
  description = "Fargate task memory in MiB (must be a valid pairing with app_cpu)."
  type        = number
}

variable "app_desired_count" {
  description = "Running tasks of the service."
  type        = number

  validation {
    condition     = var.app_desired_count >= 1
    error_message = "app_desired_count must be at least 1."
  }
}

variable "app_workers" {
  description = "uvicorn workers per task (`costcheck serve --workers N`)."
  type        = number
  default     = 2
}

variable "log_level" {
  description = "LOG_LEVEL of the service."
  type        = string
  default     = "INFO"
}

variable "db_instance_class" {
  description = "RDS PostgreSQL instance class."
  type        = string
}

variable "db_allocated_storage" {
  description = "RDS storage in GB (gp3)."
  type        = number
  default     = 20
}

variable "db_multi_az" {
  description = "Run RDS with a standby in the second AZ."
  type        = bool
  default     = false
}

variable "db_backup_retention_days" {
  description = "RDS automated backup retention (days)."
  type        = number
  default     = 7
}

variable "db_engine_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "redis_replicas" {
  description = "Read replicas besides the primary (0 = a single node, no automatic failover)."
  type        = number
  default     = 0
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener; empty serves plain HTTP (dev only)."
  type        = string
  default     = ""
}

variable "ingress_cidrs" {
  description = "Networks allowed to reach the load balancer."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "log_retention_days" {
  description = "CloudWatch retention of the service's logs."
  type        = number
  default     = 30
}

variable "owner" {
  description = "Team owning the service (the owner cost-allocation tag)."
  type        = string
  default     = "platform"
}

variable "cost_center" {
  description = "The cost-center cost-allocation tag."
  type        = string
  default     = "costcheck"
}

variable "metrics_scraper_cidrs" {
  description = "Private networks of the Prometheus servers that scrape the tasks' /metrics (the load balancer hides it)."
  type        = list(string)
  default     = []

  validation {
    condition     = !contains(var.metrics_scraper_cidrs, "0.0.0.0/0")
    error_message = "metrics_scraper_cidrs must name private networks, not 0.0.0.0/0."
  }
}
