variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name prefix for every resource."
  type        = string
  default     = "shop"
}

variable "environment" {
  description = "Deployment environment."
  type        = string
  default     = "production"
}

variable "availability_zones" {
  description = "Availability zones for subnets and NAT gateways (one NAT gateway each)."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "vpc_cidr" {
  type    = string
  default = "10.10.0.0/16"
}

variable "ami_id" {
  description = "Amazon Linux 2023 AMI for the web tier (pinned; no AMI lookup at plan time)."
  type        = string
  default     = "ami-0fff1b9a61dec8a5f"
}

variable "web_instance_type" {
  type    = string
  default = "m6i.large"
}

variable "web_capacity" {
  description = "Auto Scaling group sizes for the web tier."
  type = object({
    min     = number
    desired = number
    max     = number
  })
  default = {
    min     = 2
    desired = 3
    max     = 6
  }
}

variable "db_instance_class" {
  type    = string
  default = "db.m6g.large"
}

variable "db_storage_gb" {
  type    = number
  default = 100
}

variable "cache_node_type" {
  type    = string
  default = "cache.r6g.large"
}

variable "log_retention_days" {
  type    = number
  default = 30
}
