"""Regenerate :mod:`checker.hcl.aws_schema_data` from the real AWS provider.

Run ``python -m tools.schema_gen`` in a checkout, with ``terraform`` on PATH and the provider in a
plugin mirror (``COSTCHECK_TF_PLUGIN_DIR``, or found where the tests look). It plans the minimal
resources below offline and records, per type:

* from ``terraform providers schema -json``: attribute types (to convert what the code writes, as
  Terraform does), sensitive attributes, nested block nesting modes, and which attributes the
  provider computes;
* from the plan itself, for the types planned here: what an omitted attribute or block turns
  into, a known default (``health_check_grace_period = 300``, ``null``, ``[]``) or an unknown
  (``id``, ``arn``, an omitted ``root_block_device``), at the top level (from the resource named
  ``t``, which writes only what the type requires) and inside the nested blocks some resource of
  the type writes.

The schema alone cannot say this: provider defaults are not in it, and SDK blocks that are
"optional + computed" look like plain blocks there. Types costcheck prices or lists as free but
does not plan here get the schema's view only.

Beside the output it writes ``tools/aws_schema_data.inputs.json``, the record of what the output
was made from (this module's hash, the types recorded from the schema alone, the terraform and
provider versions, the output's own hash): the test suite checks that record, not a regeneration
(tests/test_generated_data.py). ``python -m tools.schema_gen --check`` (``make check-generated``)
regenerates in memory and compares byte for byte instead: exit 1 with the first difference.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.generated import PLUGIN_PATTERN, GeneratedFile, check, find_plugin_dir, tool_versions

TARGET = Path(__file__).resolve().parent.parent / "checker" / "hcl" / "aws_schema_data.py"
RECORD = Path(__file__).resolve().with_name("aws_schema_data.inputs.json")
PROVIDER = """
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
"""

# Minimal valid resources. "t" writes only what the type requires (its plan shows every omitted
# top-level name); "b", "b2" write the nested blocks whose contents matter for pricing;
# "v__<attribute>__<value>" is "t" with one attribute set to a value for which the provider plans
# other defaults.
MINIMAL_CONFIGURATION = """
resource "aws_instance" "t" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}
resource "aws_instance" "b" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  root_block_device { volume_size = 8 }
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 10
  }
  credit_specification { cpu_credits = "unlimited" }
}
resource "aws_instance" "b3" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  instance_market_options { market_type = "spot" }
}
resource "aws_instance" "b2" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  instance_market_options {
    market_type = "spot"
    spot_options { max_price = "0.01" }
  }
  launch_template { id = "lt-123" }
}
resource "aws_ebs_volume" "t" {
  availability_zone = "us-east-1a"
  size              = 10
}
resource "aws_ebs_snapshot" "t" { volume_id = "vol-12345678" }
resource "aws_eip" "t" { domain = "vpc" }
resource "aws_nat_gateway" "t" { subnet_id = "subnet-12345678" }
resource "aws_lb" "t" {
  name    = "t"
  subnets = ["subnet-1", "subnet-2"]
}
resource "aws_lb" "v__load_balancer_type__network" {
  name               = "t"
  load_balancer_type = "network"
  subnets            = ["subnet-1", "subnet-2"]
}
resource "aws_lb" "v__load_balancer_type__gateway" {
  name               = "t"
  load_balancer_type = "gateway"
  subnets            = ["subnet-1", "subnet-2"]
}
resource "aws_alb" "t" {
  name    = "t"
  subnets = ["subnet-1", "subnet-2"]
}
resource "aws_elb" "t" {
  availability_zones = ["us-east-1a"]
  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
resource "aws_db_instance" "t" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "u"
  password            = "password123"
  skip_final_snapshot = true
}
resource "aws_rds_cluster" "t" {
  engine              = "aurora-postgresql"
  master_username     = "u"
  master_password     = "password123"
  skip_final_snapshot = true
}
resource "aws_rds_cluster" "b" {
  engine              = "aurora-postgresql"
  master_username     = "u"
  master_password     = "password123"
  skip_final_snapshot = true
  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 1
  }
}
resource "aws_rds_cluster_instance" "t" {
  cluster_identifier = "c"
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
}
resource "aws_autoscaling_group" "t" {
  min_size             = 1
  max_size             = 2
  availability_zones   = ["us-east-1a"]
  launch_configuration = "lc"
}
resource "aws_autoscaling_group" "b" {
  min_size           = 1
  max_size           = 2
  availability_zones = ["us-east-1a"]
  launch_template {
    id      = "lt-123"
    version = "$Latest"
  }
}
resource "aws_autoscaling_group" "b2" {
  min_size           = 1
  max_size           = 2
  availability_zones = ["us-east-1a"]
  mixed_instances_policy {
    instances_distribution { on_demand_base_capacity = 0 }
    launch_template {
      launch_template_specification { launch_template_id = "lt-123" }
      override { instance_type = "t3.micro" }
    }
  }
}
resource "aws_launch_template" "t" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
}
resource "aws_launch_template" "b" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
  block_device_mappings {
    device_name = "/dev/sda1"
    ebs { volume_size = 20 }
  }
  instance_market_options { market_type = "spot" }
  credit_specification { cpu_credits = "standard" }
}
resource "aws_launch_configuration" "t" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
}
resource "aws_launch_configuration" "b" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
  root_block_device { volume_size = 8 }
}
resource "aws_s3_bucket" "t" { bucket = "costcheck-schema-bucket" }
resource "aws_lambda_function" "t" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.12"
  handler       = "h.handler"
  s3_bucket     = "b"
  s3_key        = "k"
}
resource "aws_lambda_function" "b" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.12"
  handler       = "h.handler"
  s3_bucket     = "b"
  s3_key        = "k"
  ephemeral_storage { size = 512 }
}
resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  billing_mode = "PAY_PER_REQUEST"
}
resource "aws_dynamodb_table" "b" {
  name             = "t"
  hash_key         = "id"
  billing_mode     = "PAY_PER_REQUEST"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "id"
    type = "S"
  }
  global_secondary_index {
    name            = "g"
    hash_key        = "id"
    projection_type = "ALL"
  }
  replica { region_name = "us-west-2" }
}
resource "aws_elasticache_cluster" "t" {
  cluster_id      = "t"
  engine          = "redis"
  node_type       = "cache.t3.micro"
  num_cache_nodes = 1
}
resource "aws_elasticache_replication_group" "t" {
  replication_group_id = "t"
  description          = "d"
  node_type            = "cache.t3.micro"
  num_cache_clusters   = 2
}
resource "aws_elasticache_subnet_group" "t" {
  name       = "sg"
  subnet_ids = ["subnet-1"]
}
resource "aws_eks_cluster" "t" {
  name     = "t"
  role_arn = "arn:aws:iam::123456789012:role/r"
  vpc_config { subnet_ids = ["subnet-1", "subnet-2"] }
}
resource "aws_eks_node_group" "t" {
  cluster_name    = "c"
  node_group_name = "n"
  node_role_arn   = "arn:aws:iam::123456789012:role/r"
  subnet_ids      = ["subnet-1"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
}
resource "aws_eks_fargate_profile" "t" {
  cluster_name           = "c"
  fargate_profile_name   = "f"
  pod_execution_role_arn = "arn:aws:iam::123456789012:role/r"
  subnet_ids             = ["subnet-1"]
  selector { namespace = "default" }
}
resource "aws_eks_addon" "t" {
  cluster_name = "c"
  addon_name   = "vpc-cni"
}
resource "aws_ecs_cluster" "t" { name = "t" }
resource "aws_ecs_service" "t" {
  name            = "s"
  task_definition = "td:1"
  desired_count   = 1
  launch_type     = "FARGATE"
}
resource "aws_ecs_service" "b" {
  name            = "s"
  task_definition = "td:1"
  network_configuration { subnets = ["subnet-1"] }
  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 1
  }
}
resource "aws_ecs_task_definition" "t" {
  family                   = "f"
  container_definitions    = "[{\\"name\\":\\"a\\",\\"image\\":\\"nginx\\",\\"essential\\":true}]"
  cpu                      = "256"
  memory                   = "512"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
}
resource "aws_efs_file_system" "t" { creation_token = "t" }
resource "aws_efs_file_system" "b" {
  lifecycle_policy { transition_to_ia = "AFTER_30_DAYS" }
}
resource "aws_cloudwatch_log_group" "t" { name = "t" }
resource "aws_cloudwatch_metric_alarm" "t" {
  alarm_name          = "a"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 60
  statistic           = "Average"
  threshold           = 80
}
resource "aws_kms_key" "t" { description = "k" }
resource "aws_kms_external_key" "t" { description = "k" }
resource "aws_kms_replica_key" "t" {
  primary_key_arn = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
}
resource "aws_route53_zone" "t" { name = "example.com" }
resource "aws_route53_record" "t" {
  zone_id = "Z123456"
  name    = "a"
  type    = "A"
  ttl     = 300
  records = ["10.0.0.1"]
}
resource "aws_secretsmanager_secret" "t" { name = "s" }
resource "aws_sqs_queue" "t" { name = "q" }
resource "aws_sns_topic" "t" { name = "t" }
resource "aws_vpc_endpoint" "t" {
  vpc_id       = "vpc-12345678"
  service_name = "com.amazonaws.us-east-1.s3"
}
resource "aws_ecr_repository" "t" { name = "r" }
resource "aws_kinesis_stream" "t" {
  name        = "s"
  shard_count = 1
}
resource "aws_msk_cluster" "t" {
  cluster_name           = "c"
  kafka_version          = "3.5.1"
  number_of_broker_nodes = 2
  broker_node_group_info {
    client_subnets  = ["subnet-1", "subnet-2"]
    instance_type   = "kafka.m5.large"
    security_groups = ["sg-12345678"]
    storage_info {
      ebs_storage_info { volume_size = 100 }
    }
  }
}
resource "aws_redshift_cluster" "t" {
  cluster_identifier = "c"
  node_type          = "ra3.xlplus"
  master_username    = "u"
  master_password    = "Password123"
  cluster_type       = "single-node"
}
resource "aws_docdb_cluster" "t" {
  master_username     = "u"
  master_password     = "password123"
  skip_final_snapshot = true
}
resource "aws_docdb_cluster_instance" "t" {
  cluster_identifier = "c"
  instance_class     = "db.r5.large"
}
resource "aws_api_gateway_rest_api" "t" { name = "a" }
resource "aws_apigatewayv2_api" "t" {
  name          = "a"
  protocol_type = "HTTP"
}
resource "aws_ec2_transit_gateway" "t" { description = "t" }
resource "aws_ec2_transit_gateway_vpc_attachment" "t" {
  subnet_ids         = ["subnet-1"]
  transit_gateway_id = "tgw-1"
  vpc_id             = "vpc-1"
}
resource "aws_vpn_connection" "t" {
  customer_gateway_id = "cgw-1"
  type                = "ipsec.1"
  transit_gateway_id  = "tgw-1"
}
resource "aws_opensearch_domain" "t" { domain_name = "dom" }
resource "aws_opensearch_domain" "b" {
  domain_name = "dom"
  cluster_config { instance_type = "t3.small.search" }
  ebs_options {
    ebs_enabled = true
    volume_size = 10
  }
}
resource "aws_elasticsearch_domain" "t" { domain_name = "dom" }
resource "aws_elasticsearch_domain" "b" {
  domain_name = "dom"
  cluster_config { instance_type = "t3.small.elasticsearch" }
  ebs_options {
    ebs_enabled = true
    volume_size = 10
  }
}
resource "aws_sfn_state_machine" "t" {
  role_arn = "arn:aws:iam::123456789012:role/r"
  # Names a topic of this plan: the provider then skips validating it against AWS.
  definition = jsonencode({ StartAt = "a", States = { a = {
    Type = "Task", Resource = "arn:aws:states:::sns:publish", End = true
    Parameters = { TopicArn = aws_sns_topic.t.arn } } } })
}
resource "aws_wafv2_web_acl" "t" {
  name  = "w"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  visibility_config {
    cloudwatch_metrics_enabled = false
    metric_name                = "w"
    sampled_requests_enabled   = false
  }
}
resource "aws_wafv2_web_acl" "b" {
  name  = "w"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "r"
    priority = 1
    action {
      block {}
    }
    statement {
      rate_based_statement { limit = 2000 }
    }
    visibility_config {
      cloudwatch_metrics_enabled = false
      metric_name                = "r"
      sampled_requests_enabled   = false
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = false
    metric_name                = "w"
    sampled_requests_enabled   = false
  }
}
resource "aws_wafv2_web_acl" "b2" {
  name  = "w"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "m"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = false
      metric_name                = "m"
      sampled_requests_enabled   = false
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = false
    metric_name                = "w"
    sampled_requests_enabled   = false
  }
}
resource "aws_waf_web_acl" "t" {
  name        = "w"
  metric_name = "w"
  default_action { type = "ALLOW" }
}
resource "aws_route53_health_check" "t" { type = "CALCULATED" }
resource "aws_route53_resolver_endpoint" "t" {
  direction          = "OUTBOUND"
  security_group_ids = ["sg-12345678"]
  ip_address { subnet_id = "subnet-1" }
  ip_address { subnet_id = "subnet-2" }
}
resource "aws_cloudtrail" "t" {
  name           = "trail"
  s3_bucket_name = "b"
}
resource "aws_cloudtrail" "b" {
  name           = "trail"
  s3_bucket_name = "b"
  event_selector {
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
  insight_selector { insight_type = "ApiCallRateInsight" }
}
resource "aws_config_config_rule" "t" {
  name = "r"
  source {
    owner             = "AWS"
    source_identifier = "S3_BUCKET_VERSIONING_ENABLED"
  }
}
resource "aws_config_configuration_recorder" "t" { role_arn = "arn:aws:iam::123456789012:role/r" }
resource "aws_networkfirewall_firewall" "t" {
  name                = "f"
  firewall_policy_arn = "arn:aws:network-firewall:us-east-1:123456789012:firewall-policy/p"
  vpc_id              = "vpc-1"
  subnet_mapping { subnet_id = "subnet-1" }
}
resource "aws_ec2_client_vpn_endpoint" "t" {
  server_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/s"
  client_cidr_block      = "10.100.0.0/22"
  authentication_options {
    type                       = "certificate-authentication"
    root_certificate_chain_arn = "arn:aws:acm:us-east-1:123456789012:certificate/r"
  }
  connection_log_options { enabled = false }
}
resource "aws_ec2_client_vpn_network_association" "t" {
  client_vpn_endpoint_id = "cvpn-endpoint-1"
  subnet_id              = "subnet-1"
}
resource "aws_acmpca_certificate_authority" "t" {
  certificate_authority_configuration {
    key_algorithm     = "RSA_4096"
    signing_algorithm = "SHA512WITHRSA"
    subject { common_name = "example.com" }
  }
}
resource "aws_glue_job" "t" {
  name     = "j"
  role_arn = "arn:aws:iam::123456789012:role/r"
  command { script_location = "s3://b/j.py" }
}
resource "aws_glue_job" "b" {
  name     = "j"
  role_arn = "arn:aws:iam::123456789012:role/r"
  command {
    name            = "pythonshell"
    script_location = "s3://b/j.py"
  }
}
resource "aws_glue_crawler" "t" {
  name          = "c"
  database_name = "d"
  role          = "arn:aws:iam::123456789012:role/r"
  s3_target { path = "s3://b/" }
}
resource "aws_glue_catalog_database" "t" { name = "d" }
resource "aws_kinesis_firehose_delivery_stream" "t" {
  name        = "f"
  destination = "extended_s3"
  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/r"
    bucket_arn = "arn:aws:s3:::b"
  }
}
resource "aws_api_gateway_stage" "t" {
  rest_api_id   = "a1b2c3"
  deployment_id = "d1e2f3"
  stage_name    = "s"
}
resource "aws_glacier_vault" "t" { name = "v" }
resource "aws_ssm_parameter" "t" {
  name  = "p"
  type  = "String"
  value = "v"
}
resource "aws_vpc" "t" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "t" {
  vpc_id     = "vpc-1"
  cidr_block = "10.0.1.0/24"
}
resource "aws_security_group" "t" { name = "sg" }
resource "aws_db_subnet_group" "t" { subnet_ids = ["subnet-1", "subnet-2"] }
resource "aws_lb_target_group" "t" {
  name     = "tg"
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-1"
}
resource "aws_iam_role" "t" {
  name               = "r"
  assume_role_policy = "{}"
}
resource "aws_ami" "t" { name = "a" }
resource "aws_ami" "b" {
  name = "a"
  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = "snap-1"
  }
}
resource "aws_ami_copy" "t" {
  name              = "a"
  source_ami_id     = "ami-12345678"
  source_ami_region = "us-west-2"
}
resource "aws_backup_vault" "t" { name = "vault" }
resource "aws_cloudwatch_composite_alarm" "t" {
  alarm_name = "a"
  alarm_rule = "ALARM(x)"
}
resource "aws_cloudwatch_dashboard" "t" {
  dashboard_name = "d"
  dashboard_body = "{}"
}
resource "aws_cloudwatch_event_bus" "t" { name = "b" }
resource "aws_cloudwatch_event_api_destination" "t" {
  name                = "d"
  invocation_endpoint = "https://example.com/hook"
  http_method         = "POST"
  connection_arn      = "arn:aws:events:us-east-1:123456789012:connection/c/1"
}
resource "aws_cloudwatch_metric_stream" "t" {
  firehose_arn  = "arn:aws:firehose:us-east-1:123456789012:deliverystream/s"
  role_arn      = "arn:aws:iam::123456789012:role/r"
  output_format = "json"
}
resource "aws_codebuild_project" "t" {
  name         = "p"
  service_role = "arn:aws:iam::123456789012:role/r"
  artifacts { type = "NO_ARTIFACTS" }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }
  source { type = "NO_SOURCE" }
}
resource "aws_cognito_user_pool" "t" { name = "p" }
resource "aws_directory_service_directory" "t" {
  name     = "corp.example.com"
  password = "SuperSecretPassw0rd"
}
resource "aws_dms_replication_instance" "t" {
  replication_instance_class = "dms.t3.medium"
  replication_instance_id    = "replication"
}
resource "aws_ebs_snapshot_copy" "t" {
  source_region      = "us-west-2"
  source_snapshot_id = "snap-1"
}
resource "aws_ec2_capacity_reservation" "t" {
  availability_zone = "us-east-1a"
  instance_count    = 1
  instance_platform = "Linux/UNIX"
  instance_type     = "m5.large"
}
resource "aws_ec2_host" "t" {
  availability_zone = "us-east-1a"
  instance_family   = "m5"
}
resource "aws_ec2_traffic_mirror_session" "t" {
  network_interface_id     = "eni-1"
  session_number           = 1
  traffic_mirror_filter_id = "tmf-1"
  traffic_mirror_target_id = "tmt-1"
}
resource "aws_ec2_transit_gateway_peering_attachment" "t" {
  peer_region             = "us-west-2"
  peer_transit_gateway_id = "tgw-2"
  transit_gateway_id      = "tgw-1"
}
resource "aws_ecs_task_set" "t" {
  cluster         = "c"
  service         = "s"
  task_definition = "td:1"
}
resource "aws_elastic_beanstalk_environment" "t" {
  application = "a"
  name        = "e"
}
resource "aws_emr_cluster" "t" {
  name          = "c"
  release_label = "emr-7.0.0"
  service_role  = "r"
  master_instance_group { instance_type = "m5.xlarge" }
}
resource "aws_emr_cluster" "b" {
  name          = "c"
  release_label = "emr-7.0.0"
  service_role  = "r"
  master_instance_group { instance_type = "m5.xlarge" }
  core_instance_group {
    instance_type = "m5.xlarge"
    ebs_config {
      size = 64
      type = "gp2"
    }
  }
}
resource "aws_emr_instance_fleet" "t" { cluster_id = "j-1" }
resource "aws_emr_instance_group" "t" {
  cluster_id    = "j-1"
  instance_type = "m5.xlarge"
}
resource "aws_fsx_openzfs_file_system" "t" {
  deployment_type     = "SINGLE_AZ_1"
  subnet_ids          = ["subnet-1"]
  throughput_capacity = 64
  storage_capacity    = 64
}
resource "aws_fsx_windows_file_system" "t" {
  active_directory_id = "d-1"
  subnet_ids          = ["subnet-1"]
  throughput_capacity = 8
  storage_capacity    = 32
}
resource "aws_globalaccelerator_accelerator" "t" { name = "g" }
resource "aws_kinesisanalyticsv2_application" "t" {
  name                   = "a"
  runtime_environment    = "FLINK-1_18"
  service_execution_role = "arn:aws:iam::123456789012:role/r"
}
resource "aws_lambda_provisioned_concurrency_config" "t" {
  function_name                     = "f"
  provisioned_concurrent_executions = 1
  qualifier                         = "live"
}
resource "aws_mq_broker" "t" {
  broker_name        = "b"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  user {
    username = "admin"
    password = "passwordpassword"
  }
}
resource "aws_mwaa_environment" "t" {
  name               = "e"
  dag_s3_path        = "dags/"
  execution_role_arn = "arn:aws:iam::123456789012:role/r"
  source_bucket_arn  = "arn:aws:s3:::b"
  network_configuration {
    security_group_ids = ["sg-1"]
    subnet_ids         = ["subnet-1", "subnet-2"]
  }
}
resource "aws_neptune_cluster_instance" "t" {
  cluster_identifier = "c"
  instance_class     = "db.r5.large"
}
resource "aws_s3_bucket_analytics_configuration" "t" {
  bucket = "b"
  name   = "a"
}
resource "aws_s3_bucket_inventory" "t" {
  bucket                   = "b"
  name                     = "i"
  included_object_versions = "All"
  schedule { frequency = "Daily" }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = "arn:aws:s3:::d"
    }
  }
}
resource "aws_sagemaker_endpoint" "t" { endpoint_config_name = "c" }
resource "aws_sagemaker_notebook_instance" "t" {
  name          = "n"
  role_arn      = "arn:aws:iam::123456789012:role/r"
  instance_type = "ml.t3.medium"
}
resource "aws_spot_instance_request" "t" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}
resource "aws_transfer_server" "t" {}
resource "aws_msk_serverless_cluster" "t" {
  cluster_name = "c"
  client_authentication {
    sasl {
      iam { enabled = true }
    }
  }
  vpc_config { subnet_ids = ["subnet-1", "subnet-2"] }
}
resource "aws_db_instance_automated_backups_replication" "t" {
  source_db_instance_arn = "arn:aws:rds:us-west-2:123456789012:db:src"
}
resource "aws_lightsail_instance" "t" {
  name              = "server"
  availability_zone = "us-east-1a"
  blueprint_id      = "amazon_linux_2023"
  bundle_id         = "small_3_0"
}
resource "aws_cloudfront_distribution" "t" {
  enabled = true
  origin {
    domain_name = "example.com"
    origin_id   = "o"
  }
  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "o"
    viewer_protocol_policy = "allow-all"
  }
  restrictions {
    geo_restriction { restriction_type = "none" }
  }
  viewer_certificate { cloudfront_default_certificate = true }
}
resource "aws_cloudfront_distribution" "b" {
  enabled = true
  origin {
    domain_name = "example.com"
    origin_id   = "o"
    origin_shield {
      enabled              = true
      origin_shield_region = "us-east-1"
    }
  }
  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "o"
    viewer_protocol_policy = "allow-all"
  }
  ordered_cache_behavior {
    path_pattern           = "/api/*"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "o"
    viewer_protocol_policy = "https-only"
  }
  restrictions {
    geo_restriction { restriction_type = "none" }
  }
  viewer_certificate {
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/c"
    ssl_support_method  = "vip"
  }
}
resource "aws_cloudfront_function" "t" {
  name    = "f"
  runtime = "cloudfront-js-2.0"
  code    = "function handler(event) { return event.request; }"
}
resource "aws_dx_gateway_association" "t" {
  dx_gateway_id         = "dxgw-1"
  associated_gateway_id = "tgw-1"
}
resource "aws_memorydb_cluster" "t" {
  name      = "t"
  acl_name  = "open-access"
  node_type = "db.t4g.small"
}
resource "aws_elasticache_serverless_cache" "t" {
  engine = "redis"
  name   = "t"
}
resource "aws_elasticache_serverless_cache" "b" {
  engine = "valkey"
  name   = "b"
  cache_usage_limits {
    data_storage {
      maximum = 10
      minimum = 1
      unit    = "GB"
    }
    ecpu_per_second { maximum = 5000 }
  }
}
resource "aws_appsync_graphql_api" "t" {
  name                = "t"
  authentication_type = "API_KEY"
}
resource "aws_appsync_api_cache" "t" {
  api_id               = "abc"
  api_caching_behavior = "FULL_REQUEST_CACHING"
  type                 = "LARGE"
  ttl                  = 60
}
resource "aws_vpc_ipam" "t" {
  operating_regions { region_name = "us-east-1" }
}
resource "aws_dx_connection" "t" {
  name      = "t"
  bandwidth = "1Gbps"
  location  = "EqDC2"
}
resource "aws_fsx_lustre_file_system" "t" {
  subnet_ids       = ["subnet-12345678"]
  storage_capacity = 1200
}
resource "aws_fsx_ontap_file_system" "t" {
  subnet_ids          = ["subnet-12345678"]
  preferred_subnet_id = "subnet-12345678"
  deployment_type     = "SINGLE_AZ_1"
  throughput_capacity = 128
  storage_capacity    = 1024
}
resource "aws_fsx_ontap_file_system" "b" {
  subnet_ids          = ["subnet-12345678"]
  preferred_subnet_id = "subnet-12345678"
  deployment_type     = "SINGLE_AZ_1"
  throughput_capacity = 128
  storage_capacity    = 1024
  disk_iops_configuration {
    mode = "USER_PROVISIONED"
    iops = 4000
  }
}
resource "aws_cloudwatch_log_delivery_source" "t" {
  name         = "t"
  log_type     = "ACCESS_LOGS"
  resource_arn = "arn:aws:cloudfront::123456789012:distribution/E1"
}
resource "aws_cloudwatch_log_delivery_destination" "t" {
  name = "t"
  delivery_destination_configuration {
    destination_resource_arn = "arn:aws:s3:::t"
  }
}
resource "aws_cloudwatch_log_delivery" "t" {
  delivery_source_name     = "t"
  delivery_destination_arn = "arn:aws:logs:us-east-1:123456789012:delivery-destination:t"
}
resource "aws_s3_bucket_metric" "t" {
  bucket = "t"
  name   = "t"
}
resource "aws_cloudfront_monitoring_subscription" "t" {
  distribution_id = "E1"
  monitoring_subscription {
    realtime_metrics_subscription_config {
      realtime_metrics_subscription_status = "Enabled"
    }
  }
}
resource "aws_efs_replication_configuration" "t" {
  source_file_system_id = "fs-1"
  destination {
    region = "eu-west-2"
  }
}
resource "aws_flow_log" "t" {
  vpc_id = "vpc-12345678"
}
resource "aws_flow_log" "b" {
  vpc_id               = "vpc-12345678"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::t"
  destination_options { file_format = "parquet" }
}
resource "aws_batch_compute_environment" "t" {
  type = "MANAGED"
  compute_resources {
    type               = "FARGATE"
    max_vcpus          = 4
    subnets            = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
}
resource "aws_schemas_discoverer" "t" {
  source_arn = "arn:aws:events:us-east-1:123456789012:event-bus/default"
}
resource "aws_sns_topic_data_protection_policy" "t" {
  arn    = "arn:aws:sns:us-east-1:123456789012:t"
  policy = "{}"
}
resource "aws_opensearch_vpc_endpoint" "t" {
  domain_arn = "arn:aws:es:us-east-1:123456789012:domain/t"
  vpc_options {
    subnet_ids = ["subnet-1"]
  }
}
resource "aws_redshift_snapshot_copy" "t" {
  cluster_identifier = "t"
  destination_region = "us-west-2"
}
resource "aws_msk_vpc_connection" "t" {
  authentication     = "SASL_IAM"
  client_subnets     = ["subnet-1", "subnet-2"]
  security_groups    = ["sg-1"]
  target_cluster_arn = "arn:aws:kafka:us-east-1:123456789012:cluster/t/11111111-1111-1111-1111-111111111111-1"
  vpc_id             = "vpc-1"
}
resource "aws_rds_cluster_activity_stream" "t" {
  resource_arn = "arn:aws:rds:us-east-1:123456789012:cluster:t"
  mode         = "async"
  kms_key_id   = "k"
}
resource "aws_redshift_endpoint_access" "t" {
  cluster_identifier = "t"
  endpoint_name      = "t"
  subnet_group_name  = "t"
}
"""

# Types recorded from the schema alone (no plan): the types costcheck prices or knows to be free,
# and these, which real code uses around them.
SCHEMA_ONLY_EXTRA = [
    "aws_apigatewayv2_integration",
    "aws_apigatewayv2_route",
    "aws_apigatewayv2_stage",
    "aws_customer_gateway",
    "aws_internet_gateway",
    "aws_kms_alias",
    "aws_lambda_permission",
    "aws_lambda_event_source_mapping",
    "aws_sns_topic_subscription",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_route_table",
    "aws_route_table_association",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_instance_profile",
    "aws_lb_listener",
    "aws_cloudfront_distribution",
    "aws_eks_access_entry",
]

# Data sources recorded from the schema: what they read is unknown without a plan, but their
# attribute list says which references are known (what the code wrote) and which are not.
DATA_SOURCES = [
    "aws_ami",
    "aws_availability_zones",
    "aws_caller_identity",
    "aws_vpc",
    "aws_subnets",
    "aws_subnet",
    "aws_security_group",
    "aws_iam_policy_document",
    "aws_ssm_parameter",
    "aws_eks_cluster",
    "aws_kms_key",
    "aws_route53_zone",
    "aws_ec2_instance_type",
    "aws_launch_template",
    "aws_db_instance",
    "aws_secretsmanager_secret_version",
    "aws_acm_certificate",
    "aws_lb",
    "aws_iam_role",
    "aws_s3_bucket",
    "aws_ecr_repository",
]


def require_plugin_dir() -> Path:
    """The local mirror holding the AWS provider (as :func:`tools.generated.find_plugin_dir`
    finds it, where the tests look too); exits saying what to set when there is none."""
    found = find_plugin_dir()
    if found is None:
        configured = os.environ.get("COSTCHECK_TF_PLUGIN_DIR")
        raise SystemExit(
            f"COSTCHECK_TF_PLUGIN_DIR={configured} holds no AWS provider ({PLUGIN_PATTERN})"
            if configured
            else "no AWS provider mirror found: set COSTCHECK_TF_PLUGIN_DIR to a folder holding "
            f"{PLUGIN_PATTERN}"
        )
    return found


def _terraform(args: list[str], cwd: Path) -> str:
    env = {
        **os.environ,
        "TF_CLI_CONFIG_FILE": os.devnull,
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
    }
    done = subprocess.run(
        ["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"terraform {' '.join(args)} failed:\n{done.stderr}{done.stdout[-3000:]}")
    return done.stdout


# Nested-block depth kept per type. WAFv2 statements nest recursively (and/or/not statements of
# statements): the provider schema unrolls them into a 1.4 MB tree per type. Pricing counts
# rules; blocks below this depth are kept as the code writes them.
MAX_BLOCK_DEPTH = {"aws_wafv2_web_acl": 4, "aws_wafv2_rule_group": 4}


def _resource_block(rtype: str, block: dict[str, Any]) -> dict[str, Any]:
    return _schema_block(block, MAX_BLOCK_DEPTH.get(rtype))


def _schema_block(block: dict[str, Any], depth: int | None = None) -> dict[str, Any]:
    attributes: dict[str, Any] = block.get("attributes", {})
    out: dict[str, Any] = {
        "types": {name: attr["type"] for name, attr in attributes.items() if "type" in attr},
        "computed": sorted(n for n, a in attributes.items() if a.get("computed")),
        "sensitive": sorted(n for n, a in attributes.items() if a.get("sensitive")),
        "defaults": {},
        "blocks": {},
    }
    if depth == 0:
        return out
    for name, nested in block.get("block_types", {}).items():
        child = _schema_block(nested["block"], None if depth is None else depth - 1)
        child["nesting"] = nested["nesting_mode"]
        out["blocks"][name] = child
    return out


def _observe(entry: dict[str, Any], after: Any, unknown: Any, written: set[str]) -> None:
    """Record what the plan shows for the names the configuration did not write."""
    if not isinstance(after, dict):
        return
    unknown = unknown if isinstance(unknown, dict) else {}
    # Several resources may show one level: what one of them omitted and the plan showed wins
    # over what another wrote (for which only the schema can say what omitting it means).
    seen: set[str] = set(entry.setdefault("_seen", []))
    computed = set(entry["computed"]) if entry.get("observed") else set()
    schema_computed = set(entry.setdefault("_schema_computed", list(entry["computed"])))
    for name in sorted(set(after) | set(unknown)):
        if name in written:
            continue
        seen.add(name)
        entry["defaults"].pop(name, None)
        computed.discard(name)
        if unknown.get(name) is True:
            computed.add(name)
        elif name in after:
            entry["defaults"][name] = after[name]
    for name in written - seen:
        if name in schema_computed:
            computed.add(name)
        elif name in entry["types"]:
            entry["defaults"].setdefault(name, None)  # optional, not computed: null if omitted
    entry["computed"] = sorted(computed)
    entry["_seen"] = sorted(seen)
    entry["observed"] = True


def _observe_blocks(
    entry: dict[str, Any], after: dict[str, Any], unknown: dict[str, Any], config: dict[str, Any]
) -> None:
    """Observe the first instance of every nested block the configuration wrote, recursively."""
    for name, written in config.items():
        block = entry["blocks"].get(name)
        values = after.get(name)
        if block is None or not written or not isinstance(values, list) or not values:
            continue
        marks = unknown.get(name)
        first_marks = marks[0] if isinstance(marks, list) and marks else {}
        if isinstance(values[0], dict):
            _observe(block, values[0], first_marks, set(written[0]))
            nested = {k: v for k, v in written[0].items() if isinstance(v, list)}
            _observe_blocks(block, values[0], first_marks, nested)


def _drop_work_keys(node: Any) -> None:
    if isinstance(node, dict):
        for key in [k for k in node if k.startswith("_")]:
            del node[key]
        for value in node.values():
            _drop_work_keys(value)


def _config_shape(expressions: dict[str, Any]) -> dict[str, Any]:
    """The names a configuration ``expressions`` object writes, blocks as lists of shapes."""
    return {
        name: [_config_shape(e) for e in expr if isinstance(e, dict)]
        if isinstance(expr, list)
        else {}
        for name, expr in expressions.items()
    }


def _schema_only_types() -> list[str]:
    from checker.resources import FREE_TYPES, PRICERS

    return sorted(set(PRICERS) | set(FREE_TYPES) | set(SCHEMA_ONLY_EXTRA))


def build_table(plan: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The data module's content from a plan of :data:`MINIMAL_CONFIGURATION` and the schema."""
    provider = schema["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
    resources = provider["resource_schemas"]
    config = {r["address"]: r for r in plan["configuration"]["root_module"]["resources"]}
    table: dict[str, Any] = {}
    for change in plan["resource_changes"]:
        rtype = change["type"]
        entry = table.setdefault(rtype, _resource_block(rtype, resources[rtype]["block"]))
        shape = _config_shape(config[change["address"]].get("expressions", {}))
        after, unknown = change["change"]["after"], change["change"]["after_unknown"]
        if change["name"] == "t":
            _observe(entry, after, unknown, set(shape))
        elif change["name"].startswith("v__"):
            _, attribute, value = change["name"].split("__")
            variant: dict[str, Any] = {"defaults": {}, "computed": list(entry["computed"])}
            variant["types"] = entry["types"]
            _observe(variant, after, unknown, set(shape))
            entry.setdefault("variants", {}).setdefault(attribute, {})[value] = {
                "defaults": variant["defaults"],
                "computed": variant["computed"],
            }
        blocks = {k: v for k, v in shape.items() if isinstance(v, list)}
        _observe_blocks(entry, after, unknown, blocks)
    for rtype in _schema_only_types():
        if rtype not in table and rtype in resources:
            table[rtype] = _resource_block(rtype, resources[rtype]["block"])
    _drop_work_keys(table)
    data_sources = {
        name: _schema_block(provider["data_source_schemas"][name]["block"]) for name in DATA_SOURCES
    }
    return {"resources": table, "data_sources": data_sources}


@dataclass(frozen=True)
class Observed:
    """What the real provider says: a plan of :data:`MINIMAL_CONFIGURATION`, its schema
    (``terraform providers schema -json``) and its version."""

    plan: dict[str, Any]
    schema: dict[str, Any]
    provider_version: str


def observe(plugin_dir: Path) -> Observed:
    """Plan the minimal configuration offline against the provider in ``plugin_dir``."""
    with tempfile.TemporaryDirectory(prefix="costcheck-schema-") as tmp:
        work = Path(tmp)
        (work / "main.tf").write_text(PROVIDER + MINIMAL_CONFIGURATION)
        _terraform(["init", "-input=false", f"-plugin-dir={plugin_dir}"], work)
        _terraform(["plan", "-input=false", "-refresh=false", "-out=plan.bin"], work)
        plan = json.loads(_terraform(["show", "-json", "plan.bin"], work))
        schema = json.loads(_terraform(["providers", "schema", "-json"], work))
    return Observed(plan, schema, _provider_version(plugin_dir))


def provider_schema(plugin_dir: Path) -> tuple[dict[str, Any], str]:
    """``terraform providers schema -json`` of the provider in ``plugin_dir`` and its version
    (no plan: what tools.taggable_gen needs)."""
    with tempfile.TemporaryDirectory(prefix="costcheck-schema-") as tmp:
        work = Path(tmp)
        (work / "main.tf").write_text(PROVIDER)
        _terraform(["init", "-input=false", f"-plugin-dir={plugin_dir}"], work)
        schema = json.loads(_terraform(["providers", "schema", "-json"], work))
    return schema, _provider_version(plugin_dir)


def render(observed: Observed) -> str:
    """The data module's text (what :data:`TARGET` holds)."""
    table = build_table(observed.plan, observed.schema)
    data = json.dumps(table, sort_keys=True, indent=0)
    if '"""' in data:
        raise SystemExit("the schema data cannot be kept in a triple-quoted string")
    return (
        '"""Generated by ``python -m tools.schema_gen`` from terraform-provider-aws '
        f"{observed.provider_version}.\n"
        "\n"
        "Do not edit by hand. Per resource type: attribute types, provider-computed and sensitive\n"
        "attributes, nested blocks, and what an omitted attribute is in a plan (``defaults``;\n"
        "``computed`` ones are unknown). ``observed`` marks the levels read from a real plan.\n"
        "Kept as JSON text: parsing it is several times faster than importing a dict literal.\n"
        '"""\n\n'
        "import json\n"
        "from typing import Any\n\n"
        f'_DATA: dict[str, Any] = json.loads(\n    r"""\n{data}\n"""\n)\n'
        'RESOURCES: dict[str, Any] = _DATA["resources"]\n'
        'DATA_SOURCES: dict[str, Any] = _DATA["data_sources"]\n'
    )


def _provider_version(plugin_dir: Path) -> str:
    found = sorted(plugin_dir.glob("registry.terraform.io/hashicorp/aws/*"))
    return found[-1].name if found else "(unknown version)"


def generated_file() -> GeneratedFile:
    """:data:`TARGET` and its record. Its inputs: this module (the minimal configuration, the
    lists, how it renders) and, as the recipe, the types recorded from the schema alone (they
    come from costcheck's pricers and free types: a new one changes the output)."""
    return GeneratedFile(
        output=TARGET,
        record=RECORD,
        inputs=(Path(__file__).resolve(),),
        recipe="1\n" + "\n".join(_schema_only_types()),
    )


_USAGE = "usage: python -m tools.schema_gen [--check]"


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.schema_gen``: rewrite :data:`TARGET` and its record; with ``--check``,
    regenerate in memory and compare instead."""
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--check"]):
        print(_USAGE, file=sys.stderr)
        return 2
    plugin_dir = require_plugin_dir()
    text = render(observe(plugin_dir))
    if args:
        return check(generated_file(), text, "python -m tools.schema_gen", plugin_dir)
    TARGET.write_text(text, encoding="utf-8")
    generated_file().write_record(tool_versions(plugin_dir))
    print(f"wrote {TARGET} and {RECORD.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
