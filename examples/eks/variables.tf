variable "region" {
  type    = string
  default = "us-east-1"
}

variable "cluster_name" {
  type    = string
  default = "platform"
}

variable "kubernetes_version" {
  type    = string
  default = "1.31"
}

variable "vpc_cidr" {
  type    = string
  default = "10.30.0.0/16"
}

variable "availability_zones" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}

variable "general_node_instance_type" {
  description = "Instance type of the launch-template node group."
  type        = string
  default     = "m6i.xlarge"
}

variable "batch_instance_types" {
  description = "Instance types the spot batch node group may use (the first one is priced)."
  type        = list(string)
  default     = ["c6i.2xlarge", "c5.2xlarge"]
}
