terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "instance_count" {
  type    = number
  default = 1
}

module "tags" {
  source = "../modules/tags"
  team   = "web"
}

resource "aws_instance" "web" {
  count         = var.instance_count
  ami           = "ami-0123456789abcdef0"
  instance_type = var.instance_type
  tags          = module.tags.tags

  root_block_device {
    volume_size = 20
    volume_type = "gp3"
  }
}
