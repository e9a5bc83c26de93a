variable "name" {
  description = "Name prefix."
  type        = string
}

variable "cidr_block" {
  description = "VPC CIDR block; subnets are carved out of it."
  type        = string
}

variable "availability_zones" {
  description = "One public and one private subnet, and one NAT gateway, per zone."
  type        = list(string)
}
