locals {
  prefix = "${var.name}-${var.environment}"
}

module "network" {
  source = "./modules/network"

  name               = local.prefix
  cidr_block         = var.vpc_cidr
  availability_zones = var.availability_zones
}

# --- security groups -------------------------------------------------------------------------

resource "aws_security_group" "alb" {
  name        = "${local.prefix}-alb"
  description = "Public HTTP(S) to the load balancer"
  vpc_id      = module.network.vpc_id

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "web" {
  name        = "${local.prefix}-web"
  description = "Web instances: traffic from the load balancer only"
  vpc_id      = module.network.vpc_id

  ingress {
    description     = "HTTP from the ALB"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "data" {
  name        = "${local.prefix}-data"
  description = "PostgreSQL and Redis from the web tier"
  vpc_id      = module.network.vpc_id

  dynamic "ingress" {
    for_each = { postgres = 5432, redis = 6379 }
    content {
      description     = ingress.key
      from_port       = ingress.value
      to_port         = ingress.value
      protocol        = "tcp"
      security_groups = [aws_security_group.web.id]
    }
  }
}

# --- load balancer -----------------------------------------------------------------------------

resource "aws_lb" "web" {
  name               = "${local.prefix}-web"
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = module.network.public_subnet_ids

  enable_deletion_protection = true
}

resource "aws_lb_target_group" "web" {
  name     = "${local.prefix}-web"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = module.network.vpc_id

  health_check {
    path                = "/healthz"
    healthy_threshold   = 3
    unhealthy_threshold = 3
    interval            = 15
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# --- web tier ----------------------------------------------------------------------------------

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "web" {
  name               = "${local.prefix}-web"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy_attachment" "web_ssm" {
  role       = aws_iam_role.web.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "web" {
  name = "${local.prefix}-web"
  role = aws_iam_role.web.name
}

resource "aws_launch_template" "web" {
  name_prefix   = "${local.prefix}-web-"
  image_id      = var.ami_id
  instance_type = var.web_instance_type

  vpc_security_group_ids = [aws_security_group.web.id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.web.arn
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 30
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  metadata_options {
    http_tokens = "required"
  }

  monitoring {
    enabled = true
  }

  user_data = base64encode(<<-EOT
    #!/bin/bash
    dnf install -y nginx
    systemctl enable --now nginx
  EOT
  )

  tag_specifications {
    resource_type = "instance"
    tags = {
      Name = "${local.prefix}-web"
    }
  }
}

resource "aws_autoscaling_group" "web" {
  name                = "${local.prefix}-web"
  min_size            = var.web_capacity.min
  desired_capacity    = var.web_capacity.desired
  max_size            = var.web_capacity.max
  vpc_zone_identifier = module.network.private_subnet_ids
  target_group_arns   = [aws_lb_target_group.web.arn]
  health_check_type   = "ELB"

  launch_template {
    id      = aws_launch_template.web.id
    version = "$Latest"
  }

  instance_refresh {
    strategy = "Rolling"
  }
}

resource "aws_cloudwatch_log_group" "web" {
  name              = "/${var.name}/${var.environment}/web"
  retention_in_days = var.log_retention_days
}

# --- data tier ---------------------------------------------------------------------------------

resource "aws_db_subnet_group" "main" {
  name       = "${local.prefix}-db"
  subnet_ids = module.network.private_subnet_ids
}

resource "aws_db_instance" "main" {
  identifier     = "${local.prefix}-db"
  engine         = "postgres"
  engine_version = "16.3"
  instance_class = var.db_instance_class
  multi_az       = true

  allocated_storage     = var.db_storage_gb
  max_allocated_storage = var.db_storage_gb * 4
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name                     = "shop"
  username                    = "shop_admin"
  manage_master_user_password = true

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.data.id]

  backup_retention_period   = 7
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.prefix}-db-final"

  performance_insights_enabled = true
}

resource "aws_elasticache_subnet_group" "main" {
  name       = "${local.prefix}-cache"
  subnet_ids = module.network.private_subnet_ids
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "${local.prefix}-sessions"
  description          = "Session store for the web tier"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = var.cache_node_type
  num_cache_clusters   = 2
  port                 = 6379

  automatic_failover_enabled = true
  multi_az_enabled           = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true

  subnet_group_name  = aws_elasticache_subnet_group.main.name
  security_group_ids = [aws_security_group.data.id]

  snapshot_retention_limit = 3
}

# --- static assets -----------------------------------------------------------------------------

resource "aws_s3_bucket" "assets" {
  bucket = "${local.prefix}-assets"
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
