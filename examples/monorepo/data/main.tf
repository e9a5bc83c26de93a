terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

module "tags" {
  source = "../modules/tags"
  team   = "data"
}

resource "aws_db_instance" "main" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t3.medium"
  allocated_storage           = 100
  storage_type                = "gp3"
  username                    = "orders"
  manage_master_user_password = true
  skip_final_snapshot         = true
  tags                        = module.tags.tags
}

resource "aws_s3_bucket" "exports" {
  bucket = "orders-exports-example"
  tags   = module.tags.tags
}
