"""Plan-mode regions written as public modules write them: locals, variables given with -var,
conditionals and function calls (real plans from terraform 1.11 + AWS provider 5.100), and
provider 6's per-resource ``region`` (a real plan with what provider 6 adds: see its README)."""

from __future__ import annotations

import copy
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import InputError
from checker.model import Plan
from checker.plan import load_plan_file, parse_plan_document
from checker.plan.code import CodeBeside
from checker.plan.config import read_configuration
from checker.plan.loader import config_files
from checker.plan.regions import ConfigFiles, carried_region, data_source_regions, own_region
from tests import terraform_tools

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
EXPRESSIONS = FIXTURES / "region_expressions"
PROVIDER6 = Path(__file__).parent / "fixtures" / "edited_plans" / "provider6_region"

# What terraform would use for each resource, read from the .tf files by hand.
EVERY_REGION = {
    "aws_ebs_volume.data": "eu-west-1",  # region = local.region
    "aws_sqs_queue.main": "eu-west-1",  # region = local.region
    "aws_sqs_queue.given": "ap-south-1",  # region = var.region: -var, not the default us-west-1
    "aws_sqs_queue.conditional": "ca-central-1",  # var.environment == "prod" ? ... : ...
    "aws_sqs_queue.dr": "eu-central-1",  # a local that is a conditional
    "aws_sqs_queue.called": "eu-west-2",  # lower("EU-WEST-2")
    "aws_ebs_volume.home": "eu-north-1",  # lower(var.home_region)
}


def regions(plan: Plan) -> dict[str, str]:
    return {change.address: change.current.region for change in plan}


def raw(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text())
    return doc


def test_the_plan_alone_gives_variables_and_what_resources_carry() -> None:
    # AWS_REGION (the default) is not what a provider that sets its own region uses: the
    # conditional and the function call cannot be read, so that is an input error...
    with pytest.raises(InputError, match="do not apply to a provider that sets its own region"):
        load_plan_file(EXPRESSIONS / "plan.json", default_region="us-east-1")
    # ...unless the operator's explicit --region stands in, and says so.
    plan = load_plan_file(
        EXPRESSIONS / "plan.json", default_region="us-east-1", assumed_region="sa-east-1"
    )
    assert regions(plan) == {
        # local.region: the plan does not show it, but the volume's availability zone does,
        # and the queue uses the same provider configuration
        "aws_ebs_volume.data": "eu-west-1",
        "aws_sqs_queue.main": "eu-west-1",
        "aws_sqs_queue.given": "ap-south-1",  # the plan holds the -var value
        # lower(var.home_region): "EU-NORTH-1" is no region code; the zone eu-north-1b is
        "aws_ebs_volume.home": "eu-north-1",
        # a local conditional: data.aws_region.dr, read while planning, uses that provider
        "aws_sqs_queue.dr": "eu-central-1",
        # a conditional, a function call: only the default is left (data.aws_region.named
        # uses aws.called, but names its own region: it says nothing of the provider's)
        "aws_sqs_queue.conditional": "sa-east-1",
        "aws_sqs_queue.called": "sa-east-1",
    }
    assert len(plan.warnings) == 2
    assert all("because --region says so" in warning for warning in plan.warnings)
    assert any(
        w.startswith('provider configuration "aws.called" sets region with') for w in plan.warnings
    )
    assert plan.incomplete == ()


def test_the_tf_files_beside_the_plan_give_every_region() -> None:
    # The default region is not used: every provider's region is known.
    plan = load_plan_file(
        EXPRESSIONS / "plan.json", default_region="sa-east-1", config_dir=EXPRESSIONS
    )
    assert regions(plan) == EVERY_REGION


def test_the_tf_files_are_evaluated_with_the_plans_variable_values(tmp_path: Path) -> None:
    # The conditionals' branches depend on var.environment: the .tf files are evaluated with
    # the value the plan was made with, not the default written there.
    doc = raw(EXPRESSIONS / "plan.json")
    doc["variables"]["environment"]["value"] = "prod"  # as if planned with -var environment=prod
    del doc["prior_state"]  # data.aws_region.dr read there was planned with "staging"
    plan = parse_plan_document(
        doc, source="plan.json", default_region=None, assumed_region="sa-east-1"
    )
    assert regions(plan)["aws_sqs_queue.conditional"] == "sa-east-1"  # the plan cannot tell
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    plan = load_plan_file(path, config_dir=EXPRESSIONS)
    assert regions(plan)["aws_sqs_queue.conditional"] == "us-west-2"  # the "prod" branch
    assert regions(plan)["aws_sqs_queue.dr"] == "us-east-1"  # its local's "prod" branch


def test_the_error_says_what_was_tried() -> None:
    path = EXPRESSIONS / "plan.json"
    with pytest.raises(InputError) as caught:
        load_plan_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: aws_sqs_queue.called: cannot tell which AWS region")
    assert 'provider configuration "aws.called" sets region with an expression' in message
    assert "no resource or aws_region data source using it shows a region" in message
    assert "the .tf files were not given (pass --config DIR" in message
    assert message.endswith("or --region to price it there (with a warning)")

    doc = raw(path)
    doc["resource_changes"] = [c for c in doc["resource_changes"] if c["name"] == "dr"]
    del doc["prior_state"]  # where data.aws_region.dr tells it
    with pytest.raises(InputError) as caught:
        parse_plan_document(doc, source="plan.json", default_region=None)
    assert "sets region from local.dr_region, which the plan does not evaluate" in str(caught.value)


def test_a_config_dir_that_cannot_be_evaluated_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_plan_file(EXPRESSIONS / "plan.json", config_dir=tmp_path)
    message = str(caught.value)
    assert (
        f"evaluating the .tf files in {tmp_path} failed: {tmp_path}: no .tf files here" in message
    )


def test_a_config_dir_without_that_provider_says_so(tmp_path: Path) -> None:
    main_tf = tmp_path / "main.tf"
    main_tf.write_text('provider "aws" {\n  region = "us-east-1"\n}\n')
    with pytest.raises(InputError) as caught:
        load_plan_file(EXPRESSIONS / "plan.json", config_dir=tmp_path)
    # Another configuration: the plan's variables are not declared there.
    assert 'the root module declares no variable "environment"' in str(caught.value)
    variables = "".join(
        f'variable "{name}" {{}}\n' for name in ("environment", "home_region", "region")
    )
    main_tf.write_text(main_tf.read_text() + variables)
    with pytest.raises(InputError) as caught:
        load_plan_file(EXPRESSIONS / "plan.json", config_dir=tmp_path)
    message = str(caught.value)
    assert f"the .tf files in {tmp_path} do not give it a region either" in message
    assert "(it is not in the configuration)" in message


def test_resources_that_disagree_give_no_region() -> None:
    doc = raw(EXPRESSIONS / "plan.json")
    home = next(c for c in doc["resource_changes"] if c["address"] == "aws_ebs_volume.home")
    twin = copy.deepcopy(home)
    twin["address"], twin["name"] = "aws_ebs_volume.twin", "twin"
    twin["change"]["after"]["availability_zone"] = "eu-south-1a"
    doc["resource_changes"].append(twin)
    doc["configuration"]["root_module"]["resources"].append(
        next(r for r in doc["configuration"]["root_module"]["resources"] if r["name"] == "home")
        | {"address": "aws_ebs_volume.twin", "name": "twin"}
    )
    doc["resource_changes"] = [c for c in doc["resource_changes"] if c["type"] == "aws_ebs_volume"]
    with pytest.raises(InputError) as caught:
        parse_plan_document(doc, source="plan.json", default_region=None)
    assert "the resources using it disagree on the region (eu-north-1, eu-south-1)" in str(
        caught.value
    )


def test_the_ambient_region_does_not_stand_in_for_a_region_the_provider_sets(
    tmp_path: Path,
) -> None:
    # Red-team finding 4: a CI job's AWS_REGION is not the region of a provider that writes
    # its own (a conditional, a function call): asked for --config, not priced there silently.
    env = {"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1"}
    args = ["breakdown", str(EXPRESSIONS / "plan.json"), "--format", "json"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 2, result.output
    assert 'provider configuration "aws.called" sets region with an expression' in result.stderr
    assert "do not apply to a provider that sets its own region" in result.stderr
    # An explicit --region stands in, and every output says where it was assumed.
    result = CliRunner().invoke(main, [*args, "--region", "sa-east-1"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    found = {r["address"]: r["region"] for r in report["resources"]}
    assert found["aws_sqs_queue.called"] == found["aws_sqs_queue.conditional"] == "sa-east-1"
    assert found["aws_sqs_queue.given"] == "ap-south-1"  # read from the plan: not assumed
    warnings = sorted(d["message"] for d in report["diagnostics"])
    assert [d["severity"] for d in report["diagnostics"]] == ["warning", "warning"]
    assert warnings[0].startswith('provider configuration "aws.called" sets region with')
    assert warnings[1].startswith(
        'provider configuration "aws.conditional" sets region from var.environment'
    )
    assert all("priced in sa-east-1 because --region says so" in w for w in warnings)
    text = CliRunner().invoke(main, [*args[:-2], "--region", "sa-east-1"], env=env)
    assert "because --region says so" in text.output
    # .tf files that fail to evaluate: the error says why, AWS_REGION or not.
    result = CliRunner().invoke(main, [*args, "--config", str(tmp_path)], env=env)
    assert result.exit_code == 2, result.output
    assert f"evaluating the .tf files in {tmp_path} failed" in result.stderr
    # A provider that sets no region still takes the environment's (what it uses itself).
    doc = raw(EXPRESSIONS / "plan.json")
    for entry in doc["configuration"]["provider_config"].values():
        entry.get("expressions", {}).pop("region", None)
    plan = parse_plan_document(doc, source="plan.json", default_region="us-east-1")
    assert regions(plan)["aws_sqs_queue.called"] == "us-east-1" and plan.warnings == ()


def test_config_option_through_the_cli() -> None:
    result = CliRunner().invoke(
        main,
        [
            "breakdown",
            str(EXPRESSIONS / "plan.json"),
            "--config",
            str(EXPRESSIONS),
            "--format",
            "json",
        ],
        env={"AWS_REGION": "", "AWS_DEFAULT_REGION": ""},
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert {r["address"]: r["region"] for r in doc["resources"]} == EVERY_REGION


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--config", "nope"], "nope: --config must be the directory holding the .tf files"),
        (["--config", str(EXPRESSIONS / "main.tf")], "--config must be the directory"),
    ],
)
def test_config_option_misuse(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(main, ["breakdown", str(EXPRESSIONS / "plan.json"), *args])
    assert result.exit_code == 2 and expected in result.output
    result = CliRunner().invoke(main, ["breakdown", str(EXPRESSIONS), "--config", str(EXPRESSIONS)])
    assert result.exit_code == 2
    assert "--config names the .tf files of a plan file" in result.output


def test_a_directory_without_a_region_is_told_what_works(tmp_path: Path) -> None:
    # HCL mode: the .tf files are the input, so the error must not send the user to --config
    # (refused with a directory) nor speak of a plan they did not give.
    (tmp_path / "main.tf").write_text(
        'resource "aws_instance" "a" {\n  ami = "ami-1"\n  instance_type = "t3.micro"\n}\n'
    )
    result = CliRunner().invoke(
        main, ["breakdown", str(tmp_path)], env={"AWS_REGION": "", "AWS_DEFAULT_REGION": ""}
    )
    assert result.exit_code == 2
    assert result.output == (
        f"costcheck: error: {tmp_path}: aws_instance.a: cannot tell which AWS region it is in: "
        'provider configuration "aws" sets no region; '
        "pass --region or set AWS_REGION / AWS_DEFAULT_REGION\n"
    )
    priced = CliRunner().invoke(main, ["breakdown", str(tmp_path), "--region", "eu-west-1"])
    assert priced.exit_code == 0, priced.output


# --- AWS provider 6: a region on every resource ------------------------------------------------


def test_provider6_resource_region_wins() -> None:
    # No default region, no .tf files: each resource's own region attribute is enough.
    plan = load_plan_file(PROVIDER6 / "plan.json")
    assert regions(plan) == EVERY_REGION | {"aws_sqs_queue.main": "ap-northeast-1"}


def test_provider6_region_per_side_of_a_replacement() -> None:
    # Changing a resource's region replaces it: the old one is where it was, the new one
    # where it goes.
    doc = raw(PROVIDER6 / "plan.json")
    queue = next(c for c in doc["resource_changes"] if c["address"] == "aws_sqs_queue.main")
    queue["change"]["actions"] = ["delete", "create"]
    queue["change"]["before"] = copy.deepcopy(queue["change"]["after"]) | {
        "region": "us-east-2",
        "arn": "arn:aws:sqs:us-east-2:123456789012:jobs",
    }
    change = next(
        c
        for c in parse_plan_document(doc, source="p", default_region=None)
        if c.address == queue["address"]
    )
    assert change.before is not None and change.after is not None
    assert (change.before.region, change.after.region) == ("us-east-2", "ap-northeast-1")


def test_provider6_unknown_region_falls_back_to_the_provider() -> None:
    doc = raw(PROVIDER6 / "plan.json")
    queue = next(c for c in doc["resource_changes"] if c["address"] == "aws_sqs_queue.given")
    queue["change"]["after"]["region"] = None
    queue["change"]["after_unknown"]["region"] = True
    plan = parse_plan_document(doc, source="p", default_region=None)
    assert regions(plan)["aws_sqs_queue.given"] == "ap-south-1"  # var.region


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"arn": "arn:aws:sqs:eu-west-3:123456789012:q"}, "eu-west-3"),
        ({"arn": "arn:aws:iam::123456789012:role/x"}, None),  # global: no region in it
        ({"arn": "arn:aws:s3:::bucket"}, None),
        ({"availability_zone": "us-east-1a"}, "us-east-1"),
        ({"availability_zone": "us-west-2-lax-1a"}, "us-west-2"),  # a Local Zone
        ({"availability_zone": "us-east-1-wl1-bos-wlz-1"}, "us-east-1"),  # a Wavelength Zone
        ({"availability_zone": "use1-az1"}, None),  # a zone ID says no region code
        ({"availability_zones": ["ap-southeast-2b", "ap-southeast-2c"]}, "ap-southeast-2"),
        ({"availability_zone": None, "arn": None}, None),
        ({"availability_zone": 5}, None),
    ],
)
def test_carried_region(values: dict[str, Any], expected: str | None) -> None:
    assert carried_region(values) == expected


def test_own_region_needs_a_region_code() -> None:
    assert own_region({"region": "eu-west-1"}) == "eu-west-1"
    assert own_region({"region": "EU-WEST-1"}) is None
    assert own_region({"region": None}) is None
    assert own_region("x") is None


# --- the binary plan: its directory holds the .tf files -------------------------------------------


@pytest.mark.terraform
@pytest.mark.skipif(
    terraform_tools.missing_tools_reason() is not None,
    reason=terraform_tools.missing_tools_reason() or "",
)
def test_a_binary_plan_is_read_with_the_tf_files_in_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_file, env = terraform_tools.make_offline_binary_plan(EXPRESSIONS, tmp_path / "work")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert zipfile.is_zipfile(plan_file)
    assert regions(load_plan_file(plan_file)) == EVERY_REGION


def test_the_tf_files_are_evaluated_only_when_a_region_needs_them() -> None:
    def refuse(variables: Any) -> Any:
        raise AssertionError("the .tf files were evaluated")

    never = ConfigFiles(shown="never", evaluate=refuse)
    # Every region in the plan itself (region = var.region, constants, aliases, modules)
    plan = parse_plan_document(
        raw(FIXTURES / "regions" / "plan.json"), source="p", default_region=None, config_files=never
    )
    assert len(plan.changes) == 6
    # A resource of another provider is not priced: no region is looked for
    doc = raw(EXPRESSIONS / "plan.json")
    doc["resource_changes"] = [
        {
            "address": "random_id.suffix",
            "mode": "managed",
            "type": "random_id",
            "name": "suffix",
            "provider_name": "registry.terraform.io/hashicorp/random",
            "change": {"actions": ["create"], "before": None, "after": {"byte_length": 4}},
        }
    ]
    plan = parse_plan_document(doc, source="p", default_region=None, config_files=never)
    assert plan.changes[0].current.region == ""


def test_the_tf_files_are_evaluated_once() -> None:
    calls: list[Mapping[str, Any]] = []
    files = config_files(CodeBeside(EXPRESSIONS, {}))  # the loader's own, counted

    def counted(variables: Mapping[str, Any]) -> Any:
        calls.append(variables)
        return files.evaluate(variables)

    plan = parse_plan_document(
        raw(EXPRESSIONS / "plan.json"),
        source="p",
        default_region=None,
        config_files=ConfigFiles(shown=files.shown, evaluate=counted),
    )
    assert regions(plan) == EVERY_REGION
    assert len(calls) == 1
    assert calls[0]["region"] == "ap-south-1"  # the plan's -var value, not the default


def test_data_sources_read_while_planning() -> None:
    def data(kind: str, name: str, values: dict[str, Any]) -> dict[str, Any]:
        return {"address": f"data.{kind}.{name}", "mode": "data", "type": kind, "name": name,
                "values": values}  # fmt: skip

    def declared(
        kind: str, name: str, key: str, expressions: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {"address": f"data.{kind}.{name}", "mode": "data", "type": kind, "name": name,
                "provider_config_key": key, "expressions": expressions or {}}  # fmt: skip

    configuration = read_configuration(
        {
            "root_module": {
                "resources": [
                    declared("aws_region", "here", "aws"),
                    declared(
                        "aws_region", "there", "aws", {"name": {"constant_value": "us-west-1"}}
                    ),
                ],
                "module_calls": {
                    "net": {
                        "module": {
                            "resources": [declared("aws_availability_zones", "all", "aws.net")]
                        }
                    }
                },
            }
        }
    )
    prior_state = {
        "values": {
            "root_module": {
                "resources": [
                    data("aws_region", "here", {"name": "eu-west-3", "id": "eu-west-3"}),
                    data("aws_region", "there", {"name": "us-west-1"}),  # its own region
                    data("aws_region", "undeclared", {"name": "us-west-2"}),
                ],
                "child_modules": [
                    {
                        "address": "module.net",
                        "resources": [
                            data("aws_availability_zones", "all", {"names": ["sa-east-1a"]}),
                        ],
                    }
                ],
            }
        }
    }
    assert sorted(data_source_regions(prior_state, configuration)) == [
        ("aws", "eu-west-3"),
        ("aws.net", "sa-east-1"),
    ]
    assert data_source_regions({"values": "x"}, configuration) == []
    # Malformed entries are skipped (found by fuzzing: a list as the type was looked up in a dict)
    broken = {"values": {"root_module": {"resources": [{"mode": "data", "type": [], "name": {}}]}}}
    assert data_source_regions(broken, configuration) == []
    assert data_source_regions(None, configuration) == []
