"""HCL evaluation of patterns public modules (terraform-aws-modules) use: modules reading each
other's outputs, computed attributes of nested blocks, counts and for_each Terraform can or
cannot know, diagnostics met once per module rather than once per instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.hcl import HclResult, evaluate_directory
from tests.helpers import write_tree

PROVIDER = """
provider "aws" {
  region = "us-east-1"
}
"""

QUEUE_MODULE = """
variable "name" { type = string }
variable "redrive_policy" {
  type    = any
  default = {}
}
variable "allow_policy" {
  type    = any
  default = {}
}
resource "aws_sqs_queue" "this" {
  name           = var.name
  redrive_policy = length(var.redrive_policy) > 0 ? jsonencode(var.redrive_policy) : null
}
# A resource of its own, as in the module: the queue itself does not wait for the policy.
resource "aws_sqs_queue_redrive_allow_policy" "this" {
  count                = length(var.allow_policy) > 0 ? 1 : 0
  queue_url            = aws_sqs_queue.this.url
  redrive_allow_policy = jsonencode(var.allow_policy)
}
output "queue_arn" { value = aws_sqs_queue.this.arn }
output "queue_name" { value = aws_sqs_queue.this.name }
"""


def evaluate(root: Path, files: dict[str, str], **options: Any) -> HclResult:
    options.setdefault("environ", {})
    options.setdefault("cache_dir", root / ".cache")
    return evaluate_directory(write_tree(root, files), **options)


def changes(result: HclResult) -> dict[str, dict[str, Any]]:
    return {c["address"]: c for c in result.document["resource_changes"]}


def messages(result: HclResult) -> list[str]:
    return [d.message for d in result.diagnostics]


def test_two_modules_reading_each_others_outputs_are_no_cycle(tmp_path: Path) -> None:
    # terraform-aws-sqs's complete example: a queue and its dead-letter queue, each told the
    # other's ARN. Terraform orders outputs and inputs one by one, so this plans.
    result = evaluate(
        tmp_path,
        {
            "queue/main.tf": QUEUE_MODULE,
            "main.tf": PROVIDER
            + """
            module "source" {
              source         = "./queue"
              name           = "src"
              redrive_policy = { deadLetterTargetArn = module.dlq.queue_arn }
            }
            module "dlq" {
              source       = "./queue"
              name         = "dlq"
              allow_policy = { sourceQueueArns = [module.source.queue_arn] }
            }
            output "names" { value = [module.source.queue_name, module.dlq.queue_name] }
            """,
        },
    )
    assert messages(result) == []
    found = changes(result)
    assert set(found) == {
        "module.source.aws_sqs_queue.this",
        "module.dlq.aws_sqs_queue.this",
        "module.dlq.aws_sqs_queue_redrive_allow_policy.this[0]",
    }
    assert found["module.dlq.aws_sqs_queue.this"]["change"]["after"]["name"] == "dlq"


def test_a_real_cycle_through_module_inputs_is_still_reported(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "queue/main.tf": QUEUE_MODULE,
            "main.tf": PROVIDER
            + """
            module "a" {
              source = "./queue"
              name   = module.b.queue_name
            }
            module "b" {
              source = "./queue"
              name   = module.a.queue_name
            }
            """,
        },
    )
    cycles = [m for m in messages(result) if "refers to itself (a cycle)" in m]
    assert cycles, messages(result)


def test_a_required_module_input_left_out_is_still_an_input_error(tmp_path: Path) -> None:
    import pytest

    from checker.errors import InputError

    with pytest.raises(InputError, match='does not set its required variable "name"'):
        evaluate(
            tmp_path,
            {
                "queue/main.tf": QUEUE_MODULE,
                "main.tf": PROVIDER + 'module "q" { source = "./queue" }',
            },
        )


def test_a_computed_attribute_of_a_nested_block_is_unknown_not_an_error(tmp_path: Path) -> None:
    # terraform-aws-apigateway-v2: a Route 53 alias reads the domain's
    # domain_name_configuration[0].target_domain_name, which the provider computes.
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_apigatewayv2_domain_name" "this" {
              domain_name = "api.example.com"
              domain_name_configuration {
                certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/x"
                endpoint_type   = "REGIONAL"
                security_policy = "TLS_1_2"
              }
            }
            resource "aws_route53_record" "this" {
              zone_id = "Z123"
              name    = "api.example.com"
              type    = "A"
              alias {
                name                   = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].target_domain_name
                zone_id                = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].hosted_zone_id
                evaluate_target_health = false
              }
            }
            """,
        },
    )
    assert messages(result) == []
    record = changes(result)["aws_route53_record.this"]["change"]
    assert record["after_unknown"]["alias"] == [{"name": True, "zone_id": True}]


def test_for_each_with_known_keys_and_unknown_values_has_known_instances(tmp_path: Path) -> None:
    # terraform-aws-ecs: for_each = var.create && var.services != null ? var.services : {},
    # where each service's values carry an ALB's computed target group ARN.
    result = evaluate(
        tmp_path,
        {
            "service/main.tf": """
            variable "target_group_arn" { type = string }
            resource "aws_sqs_queue" "this" {
              name   = "svc"
              policy = var.target_group_arn
            }
            """,
            "main.tf": PROVIDER
            + """
            variable "create" { default = true }
            resource "aws_lb_target_group" "tg" { name = "tg" }
            locals {
              services = {
                front = { target_group_arn = aws_lb_target_group.tg.arn }
                back  = { target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:1:x" }
              }
            }
            module "service" {
              source           = "./service"
              for_each         = var.create && local.services != null ? local.services : {}
              target_group_arn = each.value.target_group_arn
            }
            resource "aws_sqs_queue" "null_check" {
              count = local.services == null ? 0 : 2
              name  = "q${count.index}"
            }
            """,
        },
    )
    assert messages(result) == []
    found = changes(result)
    assert {
        'module.service["back"].aws_sqs_queue.this',
        'module.service["front"].aws_sqs_queue.this',
        "aws_sqs_queue.null_check[0]",
        "aws_sqs_queue.null_check[1]",
    } <= set(found)
    assert not any(c.get("x_costcheck_unknown_count") for c in found.values())


def test_an_unknown_count_is_not_one_subnet_of_a_load_balancer(tmp_path: Path) -> None:
    # An ALB's public IPv4 addresses are one per subnet: subnets made with a count Terraform
    # knows only at plan (the AZs of a data source) must leave that line unknown, not 1.
    from checker.pipeline import InputOptions, estimate_input

    code = write_tree(
        tmp_path / "code",
        {
            "main.tf": PROVIDER
            + """
            data "aws_availability_zones" "available" {}
            locals {
              azs = slice(data.aws_availability_zones.available.names, 0, 3)
            }
            resource "aws_subnet" "public" {
              count      = length(local.azs)
              vpc_id     = "vpc-1"
              cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
            }
            resource "aws_subnet" "known" {
              count      = 2
              vpc_id     = "vpc-1"
              cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
            }
            resource "aws_lb" "unknown_azs" {
              load_balancer_type = "application"
              subnets            = aws_subnet.public[*].id
            }
            resource "aws_lb" "two_azs" {
              load_balancer_type = "application"
              subnets            = aws_subnet.known[*].id
            }
            """
        },
    )
    estimate, _ = estimate_input(code, InputOptions(environ={}))
    by_address = {r.change.address: r for r in estimate.resources}

    def ipv4(address: str) -> Any:
        current = by_address[address].current
        assert current is not None
        (line,) = [c for c in current.components if c.name.startswith("Public IPv4")]
        return line

    unknown_line = ipv4("aws_lb.unknown_azs")
    assert unknown_line.monthly_quantity is None
    assert "aws_subnet.public, whose count" in str(unknown_line.unknown_reason)
    assert by_address["aws_lb.unknown_azs"].status == "unknown"
    assert str(ipv4("aws_lb.two_azs").monthly_quantity) == "1460"


def test_provider_6_data_aws_region_with_a_null_region_is_the_providers(tmp_path: Path) -> None:
    # terraform-aws-opensearch: data "aws_region" "current" { region = var.region } (null by
    # default) then "arn:...:${data.aws_region.current.region}:...".
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            variable "region" {
              type    = string
              default = null
            }
            data "aws_region" "current" {
              region = var.region
            }
            data "aws_region" "other" {
              region = "eu-west-1"
            }
            resource "aws_sqs_queue" "q" {
              name = "q-${data.aws_region.current.region}-${data.aws_region.other.region}"
            }
            """,
        },
    )
    assert messages(result) == []
    assert changes(result)["aws_sqs_queue.q"]["change"]["after"]["name"] == "q-us-east-1-eu-west-1"


def test_a_list_holding_unknowns_is_not_equal_to_true(tmp_path: Path) -> None:
    # terraform-aws-step-functions: resources = statement.value == true ? <defaults> : tolist(
    # statement.value), where the value is a list with a Lambda ARN known only after apply.
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_lambda_function" "f" {
              function_name = "f"
              role          = "arn:aws:iam::123456789012:role/r"
              handler       = "index.handler"
              runtime       = "python3.12"
              filename      = "f.zip"
            }
            locals {
              defaults = { lambda = { default_resources = ["*"] }, xray = { default_resources = ["*"] } }
              given    = { lambda = [aws_lambda_function.f.arn, "arn:aws:lambda:x"], xray = true }
            }
            resource "aws_sqs_queue" "q" {
              for_each = local.given
              name     = each.key
              policy   = jsonencode(each.value == true ? local.defaults[each.key]["default_resources"] : tolist(each.value))
              tags     = { same = tostring([aws_lambda_function.f.arn] != "x") }
            }
            """,
        },
    )
    assert messages(result) == []
    found = changes(result)
    assert found['aws_sqs_queue.q["xray"]']["change"]["after"]["policy"] == '["*"]'
    lam = found['aws_sqs_queue.q["lambda"]']["change"]
    assert lam["after_unknown"]["policy"] is True  # the list, with its unknown ARN
    assert lam["after"]["tags"] == {"same": "true"}


def test_an_error_in_a_branch_is_no_error_while_the_condition_is_unknown(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_sqs_queue" "src" { name = "src" }
            locals {
              table = { a = "x" }
            }
            resource "aws_sqs_queue" "q" {
              name = aws_sqs_queue.src.arn == "" ? local.table["missing"] : "q"
            }
            resource "aws_sqs_queue" "known" {
              name = 1 == 1 ? local.table["missing"] : "q"
            }
            """,
        },
    )
    # Only the known condition's chosen branch is an error, as terraform reports it.
    assert [m.split(": ", 1)[0] for m in messages(result)] == ["aws_sqs_queue.known.name"]
    assert changes(result)["aws_sqs_queue.q"]["change"]["after_unknown"]["name"] is True


def test_a_resource_and_a_module_reading_each_other_are_no_cycle(tmp_path: Path) -> None:
    # terraform-aws-alb's complete example: an instance in the ALB module's security group is
    # registered in one of the module's target groups.
    result = evaluate(
        tmp_path,
        {
            "alb/main.tf": """
            variable "targets" { type = map(string) }
            resource "aws_security_group" "this" { name = "alb" }
            resource "aws_lb" "this" {
              load_balancer_type = "application"
              subnets            = ["subnet-1", "subnet-2"]
              security_groups    = [aws_security_group.this.id]
            }
            resource "aws_lb_target_group" "this" {
              name     = "tg"
              port     = 80
              protocol = "HTTP"
              vpc_id   = "vpc-1"
            }
            resource "aws_lb_target_group_attachment" "this" {
              for_each         = var.targets
              target_group_arn = aws_lb_target_group.this.arn
              target_id        = each.value
            }
            output "security_group_id" { value = aws_security_group.this.id }
            """,
            "main.tf": PROVIDER
            + """
            module "alb" {
              source  = "./alb"
              targets = { web = aws_instance.web.id }
            }
            resource "aws_instance" "web" {
              ami                    = "ami-1"
              instance_type          = "t3.micro"
              vpc_security_group_ids = [module.alb.security_group_id]
            }
            """,
        },
    )
    assert messages(result) == []
    assert 'module.alb.aws_lb_target_group_attachment.this["web"]' in changes(result)


def test_a_name_declared_nowhere_is_reported_even_under_an_unknown_condition(
    tmp_path: Path,
) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_sqs_queue" "src" { name = "src" }
            resource "aws_sqs_queue" "q" {
              name = aws_sqs_queue.src.arn == "" ? local.typo : "q"
            }
            """,
        },
    )
    assert messages(result) == ['aws_sqs_queue.q.name: reference to undeclared "local.typo"']


def test_serverless_instances_of_unknown_number_give_no_minimum(tmp_path: Path) -> None:
    # An Aurora Serverless v2 cluster bills at least min_capacity ACUs per instance: one entry
    # standing for a number of instances known only after apply is not one instance.
    from checker.pipeline import InputOptions, estimate_input

    cluster = """
    resource "aws_rds_cluster" "db" {
      cluster_identifier = "db"
      engine             = "aurora-postgresql"
      engine_mode        = "provisioned"
      master_username    = "u"
      master_password    = "p4ssw0rd-long"
      serverlessv2_scaling_configuration {
        min_capacity = 2
        max_capacity = 8
      }
    }
    """
    instance = """
    resource "aws_rds_cluster_instance" "db" {
      count              = COUNT
      cluster_identifier = aws_rds_cluster.db.id
      instance_class     = "db.serverless"
      engine             = aws_rds_cluster.db.engine
    }
    """
    unknown_count = "length(data.aws_availability_zones.az.names)"
    found = {}
    for name, count in (("two", "2"), ("unknown", unknown_count)):
        code = write_tree(
            tmp_path / name,
            {
                "main.tf": PROVIDER
                + 'data "aws_availability_zones" "az" {}\n'
                + cluster
                + instance.replace("COUNT", count)
            },
        )
        estimate, _ = estimate_input(code, InputOptions(environ={}))
        found[name] = next(
            r for r in estimate.resources if r.change.address == "aws_rds_cluster.db"
        )

    def capacity(item: Any) -> Any:
        return next(c for c in item.current.components if "Serverless v2" in c.name)

    assert "minimum 2 ACU x 2" in capacity(found["two"]).name
    assert capacity(found["two"]).monthly_quantity == 2 * 2 * 730
    unknown = capacity(found["unknown"])
    assert unknown.monthly_quantity is None
    assert "how many Serverless v2 instances the cluster has is unknown" in unknown.unknown_reason
