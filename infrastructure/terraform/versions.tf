terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project     = "costcheck"
      Environment = var.environment
      ManagedBy   = "terraform"
      # The cost-allocation tags costcheck's own tagging policy requires (make deploy checks it).
      owner         = var.owner
      "cost-center" = var.cost_center
    }
  }
}
