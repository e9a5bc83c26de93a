"""Evaluating a directory of .tf files into a plan document: modules, variables, providers,
unknowns, diagnostics, the parse cache, and what the plan loader makes of the result."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.hcl import HclResult, evaluate_directory
from checker.model import Missing
from checker.plan.loader import parse_plan_document
from tests.helpers import write_tree

PROVIDER = """
provider "aws" {
  region = "us-east-1"
}
"""


def _file(path: Path) -> Path:
    path.write_text("")
    return path


def evaluate(root: Path, files: dict[str, str], **options: Any) -> HclResult:
    options.setdefault("environ", {})
    options.setdefault("cache_dir", root / ".cache")
    return evaluate_directory(write_tree(root, files), **options)


def changes(result: HclResult) -> dict[str, dict[str, Any]]:
    return {c["address"]: c for c in result.document["resource_changes"]}


def after(result: HclResult, address: str) -> dict[str, Any]:
    return changes(result)[address]["change"]["after"]  # type: ignore[no-any-return]


def unknown(result: HclResult, address: str) -> dict[str, Any]:
    return changes(result)[address]["change"]["after_unknown"]  # type: ignore[no-any-return]


# --- addresses, count, for_each, modules ------------------------------------------------------


def test_addresses_are_written_as_terraform_prints_them(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_instance" "web" {
              for_each      = toset(["a", "b"])
              ami           = "ami-1"
              instance_type = "t3.micro"
            }
            resource "aws_ebs_volume" "disk" {
              count             = 2
              availability_zone = "us-east-1a"
              size              = 10 * (count.index + 1)
            }
            module "app" {
              source   = "./modules/app"
              for_each = { x = "db.t3.micro" }
              class    = each.value
            }
            module "one" {
              source = "./modules/db"
              count  = 1
              class  = "db.m5.large"
            }
            """,
            "modules/app/main.tf": """
            variable "class" { type = string }
            module "db" {
              source = "../db"
              class  = var.class
            }
            """,
            "modules/db/main.tf": """
            variable "class" { type = string }
            resource "aws_db_instance" "this" {
              engine            = "postgres"
              instance_class    = var.class
              allocated_storage = 20
            }
            """,
        },
    )
    found = changes(result)
    assert sorted(found) == [
        "aws_ebs_volume.disk[0]",
        "aws_ebs_volume.disk[1]",
        'aws_instance.web["a"]',
        'aws_instance.web["b"]',
        'module.app["x"].module.db.aws_db_instance.this',
        "module.one[0].aws_db_instance.this",
    ]
    nested = found['module.app["x"].module.db.aws_db_instance.this']
    assert nested["module_address"] == 'module.app["x"].module.db'
    assert nested["change"]["after"]["instance_class"] == "db.t3.micro"
    assert found["aws_ebs_volume.disk[1]"]["index"] == 1
    assert found["aws_ebs_volume.disk[1]"]["change"]["after"]["size"] == 20
    assert found['aws_instance.web["b"]']["index"] == "b"
    assert found["module.one[0].aws_db_instance.this"]["x_costcheck_location"] == {
        "file": "modules/db/main.tf",
        "start_line": 3,
        "end_line": 7,
    }
    assert result.diagnostics == ()


def test_for_each_over_a_map_and_references_between_instances(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            variable "sizes" {
              default = { small = 10, big = 100 }
            }
            resource "aws_ebs_volume" "v" {
              for_each          = var.sizes
              availability_zone = "us-east-1a"
              size              = each.value
              tags              = { Name = each.key }
            }
            resource "aws_ebs_snapshot" "s" {
              volume_id = aws_ebs_volume.v["big"].id
              tags      = { Size = tostring(aws_ebs_volume.v["big"].size) }
            }
            """
        },
    )
    assert after(result, 'aws_ebs_volume.v["small"]')["size"] == 10
    assert after(result, "aws_ebs_snapshot.s")["tags"] == {"Size": "100"}
    assert unknown(result, "aws_ebs_snapshot.s")["volume_id"] is True
    reasons = changes(result)["aws_ebs_snapshot.s"]["x_costcheck_unknown_reasons"]
    assert reasons == {
        "volume_id": 'depends on aws_ebs_volume.v["big"].id, which is known only after apply'
    }


def test_for_each_over_a_list_is_refused_like_terraform(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_sqs_queue" "q" {
              for_each = ["a", "b"]
              name     = each.key
            }
            resource "aws_sqs_queue" "ok" {
              name = "ok"
            }
            """
        },
    )
    (problem,) = result.diagnostics
    assert (problem.file, problem.line, problem.severity) == ("main.tf", 7, "error")
    assert "toset()" in problem.message
    # Not dropped: one entry, its number of instances not known.
    refused = changes(result)["aws_sqs_queue.q"]
    assert "index" not in refused
    assert refused["x_costcheck_unknown_count"] == "for_each is not a map or a set of strings"
    assert refused["change"]["after_unknown"]["name"] is True


def test_for_each_over_fileset_makes_one_resource_per_file(tmp_path: Path) -> None:
    # The keys are as `terraform console` gives them for the same files: relative to the
    # fileset's path, which is relative to the root module (path.module is "modules/more").
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_sqs_queue" "q" {
              for_each      = fileset(path.module, "queues/*.json")
              name          = jsondecode(file("${path.module}/${each.value}")).name
              delay_seconds = 5
            }
            module "more" {
              source = "./modules/more"
            }
            """,
            "queues/orders.json": '{"name": "orders"}',
            "queues/payments.json": '{"name": "payments"}',
            "queues/readme.txt": "not a queue",
            "queues/nested/skipped.json": '{"name": "skipped"}',
            "modules/more/main.tf": """
            resource "aws_sqs_queue" "m" {
              for_each = fileset("${path.module}/queues", "*.json")
              name     = trimsuffix(each.key, ".json")
            }
            """,
            "modules/more/queues/audit.json": "{}",
        },
    )
    found = changes(result)
    assert sorted(found) == [
        'aws_sqs_queue.q["queues/orders.json"]',
        'aws_sqs_queue.q["queues/payments.json"]',
        'module.more.aws_sqs_queue.m["audit.json"]',
    ]
    orders = found['aws_sqs_queue.q["queues/orders.json"]']
    assert orders["index"] == "queues/orders.json"
    assert orders["change"]["after"]["name"] == "orders"
    assert orders["change"]["after"]["delay_seconds"] == 5
    assert after(result, 'aws_sqs_queue.q["queues/payments.json"]')["name"] == "payments"
    assert after(result, 'module.more.aws_sqs_queue.m["audit.json"]')["name"] == "audit"
    assert result.diagnostics == ()


def test_registry_modules_are_reported_and_used_once_installed(tmp_path: Path) -> None:
    files = {
        "main.tf": PROVIDER
        + """
        module "vpc" {
          source  = "terraform-aws-modules/vpc/aws"
          version = "5.0.0"
          nat     = 2
        }
        resource "aws_eip" "e" {
          domain = "vpc"
          tags   = { Vpc = module.vpc.vpc_id }
        }
        """
    }
    result = evaluate(tmp_path, files)
    assert result.not_followed == (
        (
            "module.vpc",
            "terraform-aws-modules/vpc/aws",
            "source terraform-aws-modules/vpc/aws is not in .terraform/modules "
            "(run terraform init to fetch it); costcheck does not download modules",
        ),
    )
    (error,) = result.diagnostics
    assert (error.file, error.line, error.severity) == ("main.tf", 6, "error")
    assert list(changes(result)) == ["aws_eip.e"]
    assert unknown(result, "aws_eip.e")["tags"] is True
    assert (
        "module.vpc, which is not followed"
        in (changes(result)["aws_eip.e"]["x_costcheck_unknown_reasons"]["tags"])
    )
    assert result.document["configuration"]["root_module"]["module_calls"]["vpc"]["module"] == {}

    # What terraform init would have installed:
    write_tree(
        tmp_path,
        {
            ".terraform/modules/modules.json": json.dumps(
                {
                    "Modules": [
                        {"Key": "", "Source": "", "Dir": "."},
                        {
                            "Key": "vpc",
                            "Source": "registry.terraform.io/terraform-aws-modules/vpc/aws",
                            "Version": "5.0.0",
                            "Dir": ".terraform/modules/vpc",
                        },
                    ]
                }
            ),
            ".terraform/modules/vpc/main.tf": """
            variable "nat" { type = number }
            resource "aws_nat_gateway" "this" {
              count     = var.nat
              subnet_id = "subnet-${count.index}"
            }
            output "vpc_id" { value = "vpc-123" }
            """,
        },
    )
    installed = evaluate_directory(tmp_path, environ={}, cache_dir=tmp_path / ".cache")
    assert installed.not_followed == ()
    assert sorted(changes(installed)) == [
        "aws_eip.e",
        "module.vpc.aws_nat_gateway.this[0]",
        "module.vpc.aws_nat_gateway.this[1]",
    ]
    assert after(installed, "aws_eip.e")["tags"] == {"Vpc": "vpc-123"}
    location = changes(installed)["module.vpc.aws_nat_gateway.this[0]"]["x_costcheck_location"]
    assert location["file"] == ".terraform/modules/vpc/main.tf"


# --- variables --------------------------------------------------------------------------------


PRECEDENCE_FILES = {
    "main.tf": PROVIDER
    + """
    variable "a" { default = "default" }
    variable "b" { default = "default" }
    variable "c" { default = "default" }
    variable "d" { default = "default" }
    variable "e" { default = "default" }
    variable "f" { default = "default" }
    variable "g" { default = "default" }
    variable "h" { default = "default" }
    resource "aws_sqs_queue" "q" {
      name = "q"
      tags = { a = var.a, b = var.b, c = var.c, d = var.d, e = var.e, f = var.f, g = var.g, h = var.h }
    }
    """,
    "terraform.tfvars": 'c = "terraform.tfvars"\nd = "terraform.tfvars"\ne = "terraform.tfvars"\nf = "terraform.tfvars"\ng = "terraform.tfvars"\nh = "terraform.tfvars"\n',
    "terraform.tfvars.json": json.dumps({k: "terraform.tfvars.json" for k in "defgh"}),
    "a.auto.tfvars": 'e = "a.auto.tfvars"\nf = "a.auto.tfvars"\ng = "a.auto.tfvars"\nh = "a.auto.tfvars"\n',
    "b.auto.tfvars.json": json.dumps({k: "b.auto.tfvars.json" for k in "fgh"}),
    "extra.tfvars": 'g = "--var-file"\nh = "--var-file"\n',
}


def test_variable_precedence_is_terraforms(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        PRECEDENCE_FILES,
        environ={"TF_VAR_b": "env", "TF_VAR_c": "env", "TF_VAR_h": "env"},
        var_files=[tmp_path / "extra.tfvars"],
        vars=["h=--var"],
    )
    assert after(result, "aws_sqs_queue.q")["tags"] == {
        "a": "default",
        "b": "env",
        "c": "terraform.tfvars",
        "d": "terraform.tfvars.json",
        "e": "a.auto.tfvars",
        "f": "b.auto.tfvars.json",
        "g": "--var-file",
        "h": "--var",
    }
    assert result.document["variables"]["h"] == {"value": "--var"}


def test_variable_types_convert_values_and_fill_optional_attributes(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            variable "count_in" { type = number }
            variable "zones" { type = list(string) }
            variable "workers" {
              type = map(object({
                size = string
                disk = optional(number, 20)
                spot = optional(bool)
              }))
            }
            resource "aws_ebs_volume" "v" {
              count             = var.count_in
              availability_zone = var.zones[0]
              size              = var.workers["a"].disk + count.index
              tags              = { spot = tostring(var.workers["a"].spot == null) }
            }
            """
        },
        environ={"TF_VAR_zones": '["us-east-1a"]'},
        vars={"count_in": "2", "workers": '{ a = { size = "m5.large" } }'},
    )
    assert after(result, "aws_ebs_volume.v[1]")["size"] == 21
    assert after(result, "aws_ebs_volume.v[0]")["availability_zone"] == "us-east-1a"
    assert after(result, "aws_ebs_volume.v[0]")["tags"] == {"spot": "true"}


def test_a_variable_without_value_names_where_it_is_declared(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        evaluate(tmp_path, {"main.tf": '\nvariable "env" {\n  type = string\n}\n'})
    assert caught.value.path == "main.tf"
    assert caught.value.line == 2
    assert "--var env=" in caught.value.message


def test_a_module_call_missing_a_required_variable_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        evaluate(
            tmp_path,
            {
                "main.tf": 'module "m" {\n  source = "./m"\n}\n',
                "m/main.tf": 'variable "size" {}\n',
            },
        )
    assert (caught.value.path, caught.value.line) == ("main.tf", 1)
    assert 'required variable "size"' in caught.value.message


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"vars": ["noequals"]}, "write it as NAME=VALUE"),
        ({"vars": {"undeclared": "1"}}, 'declares no variable "undeclared"'),
        ({"vars": {"n": "two"}}, "does not fit its type"),
        ({"var_files": [Path("/nonexistent/x.tfvars")]}, "does not exist"),
    ],
)
def test_bad_variable_input_is_an_input_error(
    tmp_path: Path, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        evaluate(
            tmp_path, {"main.tf": 'variable "n" {\n  type = number\n  default = 1\n}\n'}, **options
        )


def test_a_broken_tfvars_file_is_named_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        evaluate(
            tmp_path,
            {"main.tf": 'variable "n" { default = 1 }\n', "terraform.tfvars": "n = 1\nm = \n"},
        )
    assert (caught.value.path, caught.value.line) == ("terraform.tfvars", 2)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p / "missing", "does not exist"),
        (lambda p: p, "no .tf files here"),
        (lambda p: _file(p / "f.tf"), "not a directory"),
    ],
)
def test_a_directory_that_cannot_be_evaluated_is_an_input_error(
    tmp_path: Path, setup: Any, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        evaluate_directory(setup(tmp_path), environ={})


# --- providers --------------------------------------------------------------------------------


def test_providers_give_regions_aliases_and_default_tags(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": """
            variable "region" { default = "eu-west-1" }
            provider "aws" {
              region = var.region
              default_tags {
                tags = { Team = "core", Env = "prod" }
              }
            }
            provider "aws" {
              alias  = "us"
              region = "us-east-1"
            }
            resource "aws_sqs_queue" "tagged" {
              name = "a"
              tags = { Env = "dev", Name = "a" }
            }
            resource "aws_sqs_queue" "untagged" {
              name = "b"
            }
            resource "aws_sqs_queue" "us" {
              provider = aws.us
              name     = "c"
            }
            module "m" {
              source    = "./m"
              providers = { aws = aws.us }
            }
            """,
            "m/main.tf": 'resource "aws_sqs_queue" "inner" {\n  name = "d"\n}\n',
        },
    )
    assert after(result, "aws_sqs_queue.tagged")["tags"] == {"Env": "dev", "Name": "a"}
    assert after(result, "aws_sqs_queue.tagged")["tags_all"] == {
        "Env": "dev",
        "Name": "a",
        "Team": "core",
    }
    assert after(result, "aws_sqs_queue.untagged")["tags_all"] == {"Env": "prod", "Team": "core"}
    # No tags at all: the provider computes tags_all at apply.
    assert unknown(result, "aws_sqs_queue.us")["tags_all"] is True
    providers = result.document["configuration"]["provider_config"]
    assert providers["aws"]["expressions"]["region"] == {
        "references": ["var.region"],
        "constant_value": "eu-west-1",
    }
    assert providers["aws.us"]["alias"] == "us"
    resources = {
        r["address"]: r for r in result.document["configuration"]["root_module"]["resources"]
    }
    assert resources["aws_sqs_queue.us"]["provider_config_key"] == "aws.us"
    inner = result.document["configuration"]["root_module"]["module_calls"]["m"]["module"]
    assert inner["resources"][0]["provider_config_key"] == "aws.us"

    plan = parse_plan_document(result.document, source="hcl", default_region=None, from_code=True)
    regions = {c.address: c.after.region for c in plan if c.after}
    assert regions == {
        "aws_sqs_queue.tagged": "eu-west-1",
        "aws_sqs_queue.untagged": "eu-west-1",
        "aws_sqs_queue.us": "us-east-1",
        "module.m.aws_sqs_queue.inner": "us-east-1",
    }


# --- dynamic blocks ---------------------------------------------------------------------------


def test_dynamic_blocks_expand_nested_and_with_iterators(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            locals {
              disks = { "/dev/sdf" = 10, "/dev/sdg" = 20 }
              rules = [{ port = 80, cidrs = ["10.0.0.0/8"] }, { port = 443, cidrs = [] }]
            }
            resource "aws_instance" "web" {
              ami           = "ami-1"
              instance_type = "t3.micro"
              root_block_device { volume_size = 8 }
              dynamic "ebs_block_device" {
                for_each = local.disks
                iterator = disk
                content {
                  device_name = disk.key
                  volume_size = disk.value
                }
              }
            }
            resource "aws_launch_template" "lt" {
              image_id = "ami-1"
              dynamic "block_device_mappings" {
                for_each = [30]
                content {
                  device_name = "/dev/sda1"
                  dynamic "ebs" {
                    for_each = [block_device_mappings.value]
                    content { volume_size = ebs.value }
                  }
                }
              }
              dynamic "instance_market_options" {
                for_each = []
                content { market_type = "spot" }
              }
            }
            """
        },
    )
    web = after(result, "aws_instance.web")
    assert [(d["device_name"], d["volume_size"]) for d in web["ebs_block_device"]] == [
        ("/dev/sdf", 10),
        ("/dev/sdg", 20),
    ]
    assert web["root_block_device"][0]["volume_size"] == 8
    # What the provider computes inside a written block is unknown, as in the plan.
    assert unknown(result, "aws_instance.web")["ebs_block_device"][0]["volume_type"] is True
    lt = after(result, "aws_launch_template.lt")
    assert lt["block_device_mappings"][0]["ebs"][0]["volume_size"] == 30
    assert lt["instance_market_options"] == []  # no block: the provider's default
    (web_config,) = [
        r
        for r in result.document["configuration"]["root_module"]["resources"]
        if r["address"] == "aws_instance.web"
    ]
    expressions = web_config["expressions"]
    assert "ebs_block_device" not in expressions  # terraform leaves dynamic blocks out too
    assert expressions["root_block_device"] == [{"volume_size": {"constant_value": 8}}]


def test_dynamic_block_over_an_unknown_is_unknown(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            data "aws_availability_zones" "all" {}
            resource "aws_launch_template" "lt" {
              image_id = "ami-1"
              dynamic "block_device_mappings" {
                for_each = data.aws_availability_zones.all.names
                content { device_name = block_device_mappings.value }
              }
            }
            """
        },
    )
    assert unknown(result, "aws_launch_template.lt")["block_device_mappings"] is True
    reasons = changes(result)["aws_launch_template.lt"]["x_costcheck_unknown_reasons"]
    assert reasons["block_device_mappings"] == (
        "depends on data.aws_availability_zones.all, which is read only during plan"
    )


def test_dynamic_block_over_null_makes_none_and_over_a_string_is_reported(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_launch_template" "lt" {
              image_id = "ami-1"
              dynamic "block_device_mappings" {
                for_each = null
                content { device_name = block_device_mappings.value }
              }
              dynamic "tag_specifications" {
                for_each = "instance"
                content { resource_type = tag_specifications.value }
              }
            }
            """
        },
    )
    values = after(result, "aws_launch_template.lt")
    assert values["block_device_mappings"] == []
    assert values["tag_specifications"] == []
    (problem,) = [d for d in result.diagnostics if "dynamic block" in d.message]
    assert problem.file == "main.tf"
    assert problem.message.endswith("a dynamic block's for_each must be a collection")


# --- unknowns ---------------------------------------------------------------------------------


def test_unknowns_travel_through_modules_and_only_where_used(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            data "aws_ami" "ubuntu" {
              most_recent = true
              owners      = ["099720109477"]
            }
            module "app" {
              source = "./app"
              ami    = data.aws_ami.ubuntu.id
              size   = "m5.large"
            }
            resource "aws_instance" "copy" {
              ami           = module.app.ami_used
              instance_type = module.app.size_used
            }
            """,
            "app/main.tf": """
            variable "ami" { type = string }
            variable "size" { type = string }
            resource "aws_instance" "this" {
              ami           = var.ami
              instance_type = var.size
              tags          = { Image = "img-${var.ami}", Fixed = "yes" }
            }
            output "ami_used" { value = aws_instance.this.ami }
            output "size_used" { value = aws_instance.this.instance_type }
            """,
        },
    )
    why = "depends on data.aws_ami.ubuntu, which is read only during plan"
    inner = changes(result)["module.app.aws_instance.this"]
    assert inner["change"]["after"]["instance_type"] == "m5.large"
    assert "ami" not in inner["change"]["after"]
    assert inner["change"]["after_unknown"]["ami"] is True
    # A map with an unknown value is unknown as a whole, as the provider plans it.
    assert inner["change"]["after_unknown"]["tags"] is True
    assert inner["x_costcheck_unknown_reasons"] == {"ami": why, "tags": why, "tags_all": why}
    copy = changes(result)["aws_instance.copy"]
    assert copy["change"]["after"]["instance_type"] == "m5.large"
    assert copy["x_costcheck_unknown_reasons"] == {"ami": why}
    assert result.diagnostics == ()

    plan = parse_plan_document(result.document, source="hcl", default_region=None, from_code=True)
    attrs = {c.address: c.after.attributes for c in plan if c.after}["module.app.aws_instance.this"]
    assert attrs.get("ami") == Missing("unknown", why, "ami")
    assert attrs.get("instance_type") == "m5.large"


def test_an_asg_finds_its_launch_template_through_the_loader(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            module "lt" {
              source = "./lt"
            }
            resource "aws_autoscaling_group" "asg" {
              min_size           = 1
              max_size           = 3
              desired_capacity   = 2
              availability_zones = ["us-east-1a"]
              launch_template {
                id      = module.lt.id
                version = "$Latest"
              }
            }
            """,
            "lt/main.tf": """
            resource "aws_launch_template" "this" {
              image_id      = "ami-1"
              instance_type = "c5.large"
            }
            output "id" { value = aws_launch_template.this.id }
            """,
        },
    )
    expressions = result.document["configuration"]["root_module"]["resources"][0]["expressions"]
    assert expressions["launch_template"][0]["id"] == {"references": ["module.lt.id", "module.lt"]}
    plan = parse_plan_document(result.document, source="hcl", default_region=None, from_code=True)
    asg = {c.address: c for c in plan}["aws_autoscaling_group.asg"]
    assert asg.after is not None
    assert asg.after.references["launch_template.0.id"] == ("module.lt.aws_launch_template.this",)
    assert asg.after.attributes.get("desired_capacity") == 2


def test_provider_defaults_and_computed_attributes_match_the_plan(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_autoscaling_group" "asg" {
              min_size             = 1
              max_size             = 1
              availability_zones   = ["us-east-1a"]
              launch_configuration = "lc"
            }
            resource "aws_lb" "nlb" {
              load_balancer_type = "network"
              subnets            = ["subnet-1"]
            }
            resource "aws_lb" "alb" {
              subnets = ["subnet-1"]
            }
            resource "aws_db_instance" "db" {
              engine            = "postgres"
              instance_class    = "db.t3.micro"
              allocated_storage = "20"
              password          = "secretsecret"
            }
            """
        },
    )
    asg = changes(result)["aws_autoscaling_group.asg"]["change"]
    assert asg["after"]["health_check_grace_period"] == 300  # the provider's default
    assert asg["after_unknown"]["arn"] is True
    assert asg["after_unknown"]["launch_template"] is True  # computed when omitted
    assert after(result, "aws_lb.alb")["idle_timeout"] == 60
    assert after(result, "aws_lb.nlb")["idle_timeout"] is None  # an NLB has no idle timeout
    db = changes(result)["aws_db_instance.db"]["change"]
    assert db["after"]["allocated_storage"] == 20  # converted to the schema's number
    assert db["after_sensitive"]["password"] is True
    assert db["after_unknown"]["storage_type"] is True


def test_a_count_that_is_not_known_gives_one_entry_with_the_reason(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            data "aws_availability_zones" "az" {}
            resource "aws_nat_gateway" "per_az" {
              count         = length(data.aws_availability_zones.az.names)
              subnet_id     = "subnet-${count.index}"
              allocation_id = "eipalloc-1"
            }
            resource "aws_eip" "ip" {
              count  = length(aws_nat_gateway.per_az)
              domain = "vpc"
            }
            resource "aws_sqs_queue" "q" {
              for_each = toset(data.aws_availability_zones.az.names)
              name     = "q-${each.key}"
              delay_seconds = 5
            }
            module "zones" {
              source = "./zone"
              count  = length(data.aws_availability_zones.az.names)
              index  = count.index
            }
            """,
            "zone/main.tf": """
            variable "index" {}
            resource "aws_sqs_queue" "z" {
              name = "z-${var.index}"
            }
            """,
        },
    )
    found = changes(result)
    assert sorted(found) == [
        "aws_eip.ip",
        "aws_nat_gateway.per_az",
        "aws_sqs_queue.q",
        "data.aws_availability_zones.az",
        "module.zones.aws_sqs_queue.z",
    ]
    nat = found["aws_nat_gateway.per_az"]
    assert "index" not in nat
    assert nat["x_costcheck_unknown_count"] == (
        "count depends on data.aws_availability_zones.az, which is read only during plan"
    )
    # What does not depend on count.index is known; what does is unknown, saying why.
    assert nat["change"]["after"]["allocation_id"] == "eipalloc-1"
    assert nat["x_costcheck_unknown_reasons"]["subnet_id"] == (
        "depends on count.index of aws_nat_gateway.per_az, whose count depends on "
        "data.aws_availability_zones.az, which is read only during plan"
    )
    assert found["aws_eip.ip"]["x_costcheck_unknown_count"] == (
        "count depends on aws_nat_gateway.per_az, whose count depends on "
        "data.aws_availability_zones.az, which is read only during plan"
    )
    queue = found["aws_sqs_queue.q"]
    assert queue["x_costcheck_unknown_count"].startswith("for_each depends on data.")
    assert queue["change"]["after"]["delay_seconds"] == 5
    assert queue["change"]["after_unknown"]["name"] is True
    zone = found["module.zones.aws_sqs_queue.z"]
    assert zone["module_address"] == "module.zones"
    assert zone["x_costcheck_unknown_count"] == (
        "module.zones: count depends on data.aws_availability_zones.az, "
        "which is read only during plan"
    )
    assert result.diagnostics == ()
    # The plan loader reads the entry as one resource of unknown count.
    plan = parse_plan_document(result.document, source="x", default_region=None, from_code=True)
    (loaded,) = [c for c in plan.changes if c.address == "aws_nat_gateway.per_az"]
    assert loaded.after is not None
    assert loaded.after.unknown_count == nat["x_costcheck_unknown_count"]


def test_local_knowledge_data_sources(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": """
            provider "aws" {
              region = "ap-south-1"
            }
            data "aws_region" "current" {}
            resource "aws_sqs_queue" "q" {
              name = "q-${data.aws_region.current.name}"
            }
            """
        },
    )
    assert after(result, "aws_sqs_queue.q")["name"] == "q-ap-south-1"


# --- diagnostics ------------------------------------------------------------------------------


def test_a_broken_file_is_reported_and_the_others_still_evaluated(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "a.tf": PROVIDER + 'resource "aws_sqs_queue" "ok" {\n  name = "ok"\n}\n',
            "b.tf": 'resource "aws_sqs_queue" "broken" {\n  name = "x"\n  delay = \n}\n',
            "c.tf": 'resource "aws_sqs_queue" "also_ok" {\n  name = local.missing\n  delay_seconds = 5\n}\n',
        },
    )
    assert sorted(changes(result)) == ["aws_sqs_queue.also_ok", "aws_sqs_queue.ok"]
    syntax, evaluation = result.diagnostics
    assert (syntax.file, syntax.line) == ("b.tf", 3)
    assert syntax.message.startswith("syntax error")
    assert (evaluation.file, evaluation.line) == ("c.tf", 2)
    assert 'undeclared "local.missing"' in evaluation.message
    also = changes(result)["aws_sqs_queue.also_ok"]
    assert also["change"]["after"]["delay_seconds"] == 5
    assert also["change"]["after_unknown"]["name"] is True
    assert result.errors == (syntax, evaluation)


def test_a_cycle_is_reported_not_followed_forever(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + 'locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_sqs_queue" "q" {\n  name = local.a\n}\n'
        },
    )
    assert any("cycle" in d.message for d in result.diagnostics)
    assert unknown(result, "aws_sqs_queue.q")["name"] is True


# --- the parse cache --------------------------------------------------------------------------


def test_a_warm_run_reads_the_parse_cache(tmp_path: Path) -> None:
    files = {"main.tf": PROVIDER + 'resource "aws_sqs_queue" "q" {\n  name = "a"\n}\n'}
    cold = evaluate(tmp_path / "root", files, cache_dir=tmp_path / "cache")
    assert (cold.cache_hits, cold.cache_misses) == (0, 1)
    warm = evaluate_directory(tmp_path / "root", environ={}, cache_dir=tmp_path / "cache")
    assert (warm.cache_hits, warm.cache_misses) == (1, 0)
    assert warm.document == cold.document
    # Changed content is parsed again; the cache is keyed by content, not by name.
    (tmp_path / "root" / "main.tf").write_text(
        PROVIDER + 'resource "aws_sqs_queue" "q" {\n  name = "b"\n}\n'
    )
    changed = evaluate_directory(tmp_path / "root", environ={}, cache_dir=tmp_path / "cache")
    assert (changed.cache_hits, changed.cache_misses) == (0, 1)
    assert after(changed, "aws_sqs_queue.q")["name"] == "b"


def test_the_cache_directory_comes_from_the_environment(tmp_path: Path) -> None:
    write_tree(tmp_path / "root", {"main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "a"\n}\n'})
    evaluate_directory(tmp_path / "root", environ={"COSTCHECK_CACHE_DIR": str(tmp_path / "c")})
    assert list((tmp_path / "c" / "hcl").rglob("*.ast"))


def test_a_corrupt_cache_entry_is_parsed_again(tmp_path: Path) -> None:
    files = {"main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "a"\n}\n'}
    evaluate(tmp_path / "root", files, cache_dir=tmp_path / "cache")
    for entry in (tmp_path / "cache").rglob("*.ast"):
        entry.write_bytes(b"\x00garbage")
    again = evaluate_directory(tmp_path / "root", environ={}, cache_dir=tmp_path / "cache")
    assert (again.cache_hits, again.cache_misses) == (0, 1)
    assert after(again, "aws_sqs_queue.q")["name"] == "a"


def test_numbers_keep_their_precision(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + """
            resource "aws_rds_cluster" "c" {
              engine = "aurora-postgresql"
              serverlessv2_scaling_configuration {
                min_capacity = 0.5
                max_capacity = 0.1 + 0.2
              }
            }
            """
        },
    )
    scaling = after(result, "aws_rds_cluster.c")["serverlessv2_scaling_configuration"][0]
    assert scaling == {**scaling, "min_capacity": Decimal("0.5"), "max_capacity": Decimal("0.3")}
