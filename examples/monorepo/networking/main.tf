terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-east-1"
}

module "tags" {
  source = "../modules/tags"
  team   = "platform"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags       = module.tags.tags
}

resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
  tags       = module.tags.tags
}

resource "aws_eip" "nat" {
  domain = "vpc"
  tags   = module.tags.tags
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
  tags          = module.tags.tags
}
