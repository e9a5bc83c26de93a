"""Price-audit findings mended end to end through the CLI (HCL mode and plan JSON): a figure
that is only a floor or an assumption is stated in the reports and an assumption policy can
block it; an instance whose AMI shows a non-Linux OS is never priced as Linux."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from checker.cli import main
from tests.policy_support import one_policy

AURORA_TF = """\
provider "aws" { region = "us-east-1" }
resource "aws_rds_cluster" "db" {
  cluster_identifier = "db"
  engine             = "aurora-postgresql"
  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 64
  }
}
resource "aws_rds_cluster_instance" "one" {
  cluster_identifier = aws_rds_cluster.db.id
  instance_class     = "db.serverless"
  engine             = "aurora-postgresql"
}
"""

NO_ASSUMED_CAPACITY = one_policy(
    "      kind: condition\n      definition:\n        cond_type: assumption\n"
    "        resource_types: [aws_rds_cluster]\n        operator: not_exists\n"
    "        component: 'Aurora Serverless v2 capacity*'\n"
)


def _invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result


def test_aurora_serverless_v2_floor_is_a_stated_assumption_in_every_format(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.tf").write_text(AURORA_TF)
    outs = {name: tmp_path / f"{name}.out" for name in ("html", "table")}
    args = ["breakdown", str(tmp_path), "--format", "json"]
    for name, path in outs.items():
        args += ["--out", f"{name}={path}"]
    result = _invoke(*args)
    cluster = next(
        r for r in json.loads(result.stdout)["resources"] if r["address"] == "aws_rds_cluster.db"
    )
    line = cluster["components"][0]
    assert line["name"].startswith("Aurora Serverless v2 capacity")
    assert "min_capacity 0.5 ACU" in line["assumption"]
    assert "max_capacity 64 ACU" in line["assumption"]
    for name, path in outs.items():
        assert "max_capacity 64 ACU" in path.read_text(), name
    comment = _invoke("diff", str(tmp_path), "--format", "markdown").stdout
    assert "priced with stated assumptions" in comment
    assert "max_capacity 64 ACU" in comment


def test_an_assumption_policy_blocks_the_serverless_v2_floor(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(AURORA_TF)
    policy = tmp_path / "exact.yml"
    policy.write_text(NO_ASSUMED_CAPACITY)
    blocked = _invoke("check", str(tmp_path), "--policy", str(policy), "--format", "markdown")
    assert blocked.exit_code == 1
    # With the expected load in a usage file the figure is the user's own: the policy passes.
    usage = tmp_path / "usage.yml"
    usage.write_text(
        "version: 0.1\nresource_usage:\n  aws_rds_cluster.db:\n    capacity_units_per_hr: 8\n"
    )
    passed = _invoke("check", str(tmp_path), "--policy", str(policy), "--usage-file", str(usage))
    assert passed.exit_code == 0, passed.output


# --- finding 1: the OS AWS bills, read from the AMI the plan read ------------------------------

PROVIDER = "registry.terraform.io/hashicorp/aws"
AMI_ID = "ami-0aaaabbbbccccdddd"


def _ami(name: str, platform_details: str, usage_operation: str) -> dict[str, Any]:
    return {
        "address": f"data.aws_ami.{name}",
        "mode": "data",
        "type": "aws_ami",
        "name": name,
        "provider_name": PROVIDER,
        "schema_version": 0,
        "values": {
            "id": AMI_ID,
            "image_id": AMI_ID,
            "platform": "windows" if platform_details.startswith("Windows") else "",
            "platform_details": platform_details,
            "usage_operation": usage_operation,
        },
    }


def _managed(
    type_: str, name: str, after: dict[str, Any], expressions: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    change = {
        "address": f"{type_}.{name}",
        "mode": "managed",
        "type": type_,
        "name": name,
        "provider_name": PROVIDER,
        "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": {}},
    }
    config = {
        "address": f"{type_}.{name}",
        "mode": "managed",
        "type": type_,
        "name": name,
        "provider_config_key": "aws",
        "expressions": expressions,
        "schema_version": 0,
    }
    return change, config


def _plan(
    tmp_path: Path, managed: list[tuple[dict[str, Any], dict[str, Any]]], amis: list[Any]
) -> Path:
    doc = {
        "format_version": "1.2",
        "terraform_version": "1.11.0",
        "resource_changes": [change for change, _ in managed],
        "prior_state": {
            "format_version": "1.0",
            "terraform_version": "1.11.0",
            "values": {"root_module": {"resources": amis}},
        },
        "configuration": {
            "provider_config": {
                "aws": {
                    "name": "aws",
                    "full_name": PROVIDER,
                    "expressions": {"region": {"constant_value": "us-east-1"}},
                }
            },
            "root_module": {"resources": [config for _, config in managed]},
        },
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    return path


def _instance(ami_expression: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return _managed(
        "aws_instance",
        "web",
        {
            "ami": AMI_ID,
            "instance_type": "m5.xlarge",
            "tenancy": "default",
            "associate_public_ip_address": False,
            "root_block_device": [{"volume_size": 50, "volume_type": "gp3"}],
            "ebs_block_device": [],
            "credit_specification": [],
        },
        {"ami": ami_expression, "instance_type": {"constant_value": "m5.xlarge"}},
    )


FROM_DATA = {"references": ["data.aws_ami.img.id", "data.aws_ami.img"]}


def _resources(path: Path, *args: str) -> dict[str, Any]:
    result = _invoke("breakdown", str(path), "--format", "json", *args)
    return {r["address"]: r for r in json.loads(result.stdout)["resources"]}


def _hours(resource: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in resource["components"] if c["name"].startswith("Instance usage"))


def test_a_sql_server_ami_is_never_priced_as_linux(tmp_path: Path) -> None:
    ami = _ami("img", "Windows with SQL Server Standard", "RunInstances:0006")
    plan = _plan(tmp_path, [_instance(FROM_DATA)], [ami])
    web = _resources(plan)["aws_instance.web"]
    hours = _hours(web)
    assert "Linux" not in hours["name"]
    assert hours["monthly_cost"] is None
    assert "Windows with SQL Server Standard" in hours["unknown_reason"]
    assert web["status"] == "unknown"
    # A usage file saying linux does not override what the AMI bills.
    usage = tmp_path / "usage.yml"
    usage.write_text(
        "version: 0.1\nresource_usage:\n  aws_instance.web:\n    operating_system: linux\n"
    )
    assert (
        _hours(_resources(plan, "--usage-file", str(usage))["aws_instance.web"])["monthly_cost"]
        is None
    )


def test_a_windows_ami_is_queried_as_windows_and_unknown_without_its_price(
    tmp_path: Path,
) -> None:
    ami = _ami("img", "Windows", "RunInstances:0002")
    hours = _hours(_resources(_plan(tmp_path, [_instance(FROM_DATA)], [ami]))["aws_instance.web"])
    assert hours["name"].startswith("Instance usage (Windows, on-demand")
    assert hours["monthly_cost"] is None and "Windows" in hours["unknown_reason"]


def test_a_linux_ami_prices_as_the_same_instance_without_one(tmp_path: Path) -> None:
    ami = _ami("img", "Linux/UNIX", "RunInstances")
    read = _hours(_resources(_plan(tmp_path, [_instance(FROM_DATA)], [ami]))["aws_instance.web"])
    literal = _plan(tmp_path, [_instance({"constant_value": AMI_ID})], [])
    plain = _hours(_resources(literal)["aws_instance.web"])
    assert read["monthly_cost"] is not None
    assert (read["name"], read["monthly_cost"]) == (plain["name"], plain["monthly_cost"])


def test_a_launch_templates_ami_decides_the_groups_os(tmp_path: Path) -> None:
    template = _managed(
        "aws_launch_template",
        "lt",
        {"image_id": AMI_ID, "instance_type": "m5.large", "block_device_mappings": []},
        {"image_id": FROM_DATA, "instance_type": {"constant_value": "m5.large"}},
    )
    group = _managed(
        "aws_autoscaling_group",
        "asg",
        {
            "desired_capacity": 2,
            "min_size": 1,
            "max_size": 3,
            "launch_template": [{"id": "lt-1", "name": None, "version": "$Latest"}],
        },
        {
            "desired_capacity": {"constant_value": 2},
            "launch_template": [
                {"id": {"references": ["aws_launch_template.lt.id", "aws_launch_template.lt"]}}
            ],
        },
    )
    ami = _ami("img", "Red Hat Enterprise Linux with HA", "RunInstances:1010")
    asg = _resources(_plan(tmp_path, [template, group], [ami]))["aws_autoscaling_group.asg"]
    hours = _hours(asg)
    assert hours["monthly_cost"] is None
    assert "Red Hat Enterprise Linux with HA" in hours["unknown_reason"]


def test_malformed_read_data_is_ignored_not_a_crash(tmp_path: Path) -> None:
    odd: list[Any] = [
        "x",
        {
            "mode": "data",
            "type": "aws_ami",
            "name": "img",
            "address": "data.aws_ami.img",
            "index": True,
            "values": {"platform_details": "Windows"},
        },
        {
            "mode": "data",
            "type": "aws_ami",
            "name": "img",
            "address": "data.aws_ami.img",
            "values": {"platform_details": ["Windows"], "usage_operation": 7},
        },
    ]
    hours = _hours(_resources(_plan(tmp_path, [_instance(FROM_DATA)], odd))["aws_instance.web"])
    # The AMI's values say nothing readable: the stated Linux default, as without the AMI.
    assert hours["name"].startswith("Instance usage (Linux/UNIX, on-demand")


def test_get_password_data_means_windows_in_hcl_mode(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" { region = "us-east-1" }\n'
        'resource "aws_instance" "win" {\n'
        '  ami               = "ami-1"\n'
        '  instance_type     = "m6i.large"\n'
        "  get_password_data = true\n"
        "}\n"
    )
    hours = _hours(_resources(tmp_path)["aws_instance.win"])
    assert hours["name"].startswith("Instance usage (Windows, on-demand")
    assert hours["monthly_cost"] is None


def test_identical_instances_on_different_amis_are_priced_apart(tmp_path: Path) -> None:
    # Same attributes (even the ami value), one AMI read as Windows, one as Linux: the shared
    # naming of identical resources must tell them apart by what their AMI holds.
    windows = _ami("win", "Windows", "RunInstances:0002")
    linux = _ami("lin", "Linux/UNIX", "RunInstances")
    managed = []
    for name, ami in (("a", "win"), ("b", "lin"), ("c", "win"), ("d", "lin")):
        change, config = _instance({"references": [f"data.aws_ami.{ami}.id"]})
        for entry in (change, config):
            entry["address"] = f"aws_instance.{name}"
            entry["name"] = name
        managed.append((change, config))
    found = _resources(_plan(tmp_path, managed, [windows, linux]))
    names = {address: _hours(r)["name"].split(",")[0] for address, r in found.items()}
    assert names == {
        "aws_instance.a": "Instance usage (Windows",
        "aws_instance.b": "Instance usage (Linux/UNIX",
        "aws_instance.c": "Instance usage (Windows",
        "aws_instance.d": "Instance usage (Linux/UNIX",
    }


def test_an_ami_read_inside_a_module_decides_its_instances_os(tmp_path: Path) -> None:
    change, config = _instance(FROM_DATA)
    change["address"] = "module.app.aws_instance.web"
    change["module_address"] = "module.app"
    ami = _ami("img", "Windows with SQL Server Enterprise", "RunInstances:0102")
    ami["address"] = "module.app.data.aws_ami.img"
    doc = json.loads(_plan(tmp_path, [], []).read_text())
    doc["resource_changes"] = [change]
    doc["prior_state"]["values"]["root_module"] = {
        "child_modules": [{"address": "module.app", "resources": [ami]}]
    }
    doc["configuration"]["root_module"] = {
        "module_calls": {"app": {"source": "./app", "module": {"resources": [config]}}}
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    hours = _hours(_resources(path)["module.app.aws_instance.web"])
    assert hours["monthly_cost"] is None
    assert "Windows with SQL Server Enterprise" in hours["unknown_reason"]


DATA_AMI_TF = """\
provider "aws" { region = "us-east-1" }
data "aws_ami" "img" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["Windows_Server-2022-English-Full-Base-*"]
  }
}
resource "aws_instance" "a" {
  ami           = data.aws_ami.img.id
  instance_type = "m5.large"
}
resource "aws_instance" "literal" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m5.large"
}
"""


def test_linux_for_an_ami_known_only_later_is_a_stated_assumption(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(DATA_AMI_TF)
    found = _resources(tmp_path)
    stated = _hours(found["aws_instance.a"])["assumption"] or ""
    assert "Linux/UNIX" in stated and "data.aws_ami.img" in stated
    assert "operating_system" in stated
    # A literal AMI id: the Linux default stays the line's label, as before.
    assert _hours(found["aws_instance.literal"])["assumption"] is None
    # The usage file saying the OS replaces the assumption.
    usage = tmp_path / "usage.yml"
    usage.write_text(
        "version: 0.1\nresource_usage:\n  aws_instance.a:\n    operating_system: linux\n"
    )
    said = _resources(tmp_path, "--usage-file", str(usage))["aws_instance.a"]
    assert _hours(said)["assumption"] is None
    comment = _invoke("diff", str(tmp_path), "--format", "markdown").stdout
    assert "priced with stated assumptions" in comment and "data.aws_ami.img" in comment
