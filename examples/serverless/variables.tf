variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "service" {
  description = "Service name, used as a prefix."
  type        = string
  default     = "orders"
}

variable "environment" {
  type    = string
  default = "production"
}

variable "functions" {
  description = "Lambda functions: architecture, memory (MB) and timeout (s)."
  type = map(object({
    architecture = string
    memory_size  = number
    timeout      = number
    handler      = string
  }))
  default = {
    api = {
      architecture = "arm64"
      memory_size  = 512
      timeout      = 10
      handler      = "orders.api.handler"
    }
    worker = {
      architecture = "x86_64"
      memory_size  = 1769
      timeout      = 120
      handler      = "orders.worker.handler"
    }
    report = {
      architecture = "arm64"
      memory_size  = 2048
      timeout      = 300
      handler      = "orders.report.handler"
    }
  }
}

variable "log_retention_days" {
  type    = number
  default = 14
}
