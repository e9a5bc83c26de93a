"""The plan loader on real plans (cached fixtures made by terraform) and on bad input."""

from __future__ import annotations

import copy
import dataclasses
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.model import (
    NO_DEFAULT_TAGS,
    UNREADABLE_DEFAULT_TAGS,
    Action,
    DefaultTags,
    Missing,
    Plan,
    ResourceChange,
    SourceLocation,
)
from checker.plan import (
    default_region_from,
    document,
    load_plan_file,
    loader,
    parse_plan_document,
    references,
)
from checker.plan.config import Configuration, read_configuration
from checker.plan.providers import provider_default_tags, provider_region
from checker.plan.values import MAX_DEPTH
from tests import terraform_tools

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
# A real plan kept with the policy fixtures: the HCL parity test does not compare it (costcheck's
# evaluator knows the tags_all the AWS provider plans as unknown there).
NESTED_DEFAULT_TAGS = Path(__file__).parent / "fixtures" / "policies" / "nested_default_tags"
EXAMPLES = Path(__file__).parent.parent / "examples"


def raw(case: str) -> dict[str, Any]:
    """A fresh copy of a cached fixture's plan JSON, to read or to damage."""
    data: dict[str, Any] = json.loads((FIXTURES / case / "plan.json").read_text())
    return data


def parse(
    doc: dict[str, Any], default_region: str | None = None, *, from_code: bool = False
) -> Plan:
    return parse_plan_document(
        doc, source="plan.json", default_region=default_region, from_code=from_code
    )


def by_address(plan: Plan) -> dict[str, ResourceChange]:
    return {change.address: change for change in plan}


def item(doc: dict[str, Any], address: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in doc["resource_changes"] if r["address"] == address)
    return found


# --- actions -------------------------------------------------------------------------------------


def test_every_action_kind_from_a_real_plan_against_state() -> None:
    changes = by_address(load_plan_file(FIXTURES / "lifecycle" / "plan.json"))
    assert {address: change.action for address, change in changes.items()} == {
        "aws_instance.resized": Action.UPDATE,
        "aws_instance.reimaged": Action.REPLACE,  # ["delete", "create"]
        "aws_instance.blue": Action.REPLACE,  # ["create", "delete"]: create_before_destroy
        "aws_instance.unchanged": Action.NOOP,
        "aws_instance.retired": Action.DELETE,  # no longer in the configuration
        "aws_ebs_volume.scratch[0]": Action.NOOP,
        "aws_ebs_volume.scratch[1]": Action.DELETE,  # count went from 2 to 1
        "aws_sqs_queue.queue": Action.CREATE,
    }
    resized = changes["aws_instance.resized"]
    assert resized.before is not None and resized.after is not None
    assert resized.before.attributes.get("instance_type") == "m5.large"
    assert resized.after.attributes.get("instance_type") == "m5.xlarge"
    replaced = changes["aws_instance.reimaged"]
    assert replaced.before is not None and replaced.after is not None
    assert replaced.before.attributes.get("ami") != replaced.after.attributes.get("ami")
    assert changes["aws_sqs_queue.queue"].before is None
    retired = changes["aws_instance.retired"]
    assert retired.after is None and retired.before is not None
    assert retired.current is retired.before
    assert retired.before.attributes.get("instance_type") == "r5.2xlarge"
    assert retired.before.region == "us-east-1"
    assert changes["aws_ebs_volume.scratch[1]"].current.index == 1


def test_only_the_after_state_has_unknown_paths() -> None:
    changes = by_address(load_plan_file(FIXTURES / "lifecycle" / "plan.json"))
    replaced = changes["aws_instance.reimaged"]
    assert replaced.before is not None and replaced.after is not None
    assert replaced.before.attributes.unknown == frozenset()
    assert replaced.before.attributes.get("id") == "i-0000000000000aa02"
    assert {"id", "arn"} <= replaced.after.attributes.unknown


def test_data_sources_are_not_read_for_cost() -> None:
    doc = json.loads((EXAMPLES / "serverless" / "plan.json").read_text())
    assert any(r["mode"] == "data" for r in doc["resource_changes"])  # the premise
    plan = parse(doc)
    assert plan.changes and not any(c.address.startswith("data.") for c in plan)


def test_read_forget_deposed_and_unknown_actions() -> None:
    doc = raw("no_region")
    doc["resource_changes"] = doc["resource_changes"][:1]
    base = doc["resource_changes"][0]
    read = copy.deepcopy(base) | {"change": base["change"] | {"actions": ["read"]}}
    forget = copy.deepcopy(base) | {"address": "aws_instance.kept", "name": "kept"}
    forget["change"] = forget["change"] | {"actions": ["forget"], "after": None}
    deposed = copy.deepcopy(base) | {"deposed": "00000001"}
    deposed["change"] = deposed["change"] | {"actions": ["delete"]}
    doc["resource_changes"] = [read, forget, deposed]
    plan = parse(doc, default_region="us-east-1")
    assert [(c.address, c.action) for c in plan] == [("aws_instance.app", Action.READ)]

    doc["resource_changes"] = [base | {"change": base["change"] | {"actions": ["transmogrify"]}}]
    with pytest.raises(InputError, match=r"aws_instance\.app: unknown change actions"):
        parse(doc, default_region="us-east-1")


# --- modules, count and for_each -----------------------------------------------------------------


def test_nested_module_instances_and_indexes() -> None:
    changes = by_address(load_plan_file(FIXTURES / "modules" / "plan.json"))
    volume = changes['module.app["blue"].module.storage[0].aws_ebs_volume.this["data"]'].current
    assert volume.module_address == 'module.app["blue"].module.storage[0]'
    assert (volume.type, volume.name, volume.index) == ("aws_ebs_volume", "this", "data")
    worker = changes["module.batch[0].aws_launch_template.worker[2]"].current
    assert worker.module_address == "module.batch[0]"
    assert worker.index == 2
    canary = changes["aws_autoscaling_group.canary"].current
    assert (canary.module_address, canary.index) == ("", None)
    # 2 environments x 2 workers + 3 batch workers, each a template and a group.
    assert sum(1 for c in changes.values() if c.type == "aws_launch_template") == 7 + 2
    assert sum(1 for a in changes if a.endswith('aws_ebs_volume.this["logs"]')) == 3


# --- regions -------------------------------------------------------------------------------------


def test_regions_from_constants_variables_aliases_and_modules() -> None:
    changes = by_address(load_plan_file(FIXTURES / "regions" / "plan.json"))
    regions = {a: (c.current.region, c.current.provider_config_key) for a, c in changes.items()}
    assert regions == {
        "aws_sqs_queue.primary": ("us-east-2", "aws"),  # region = var.region
        "aws_sqs_queue.west": ("us-west-2", "aws.west"),  # alias, constant
        "aws_sqs_queue.eu": ("eu-west-1", "aws.eu"),  # region = var.regions["eu"]
        "module.inherited.aws_sqs_queue.this": ("us-east-2", "aws"),  # inherited
        "module.passed.aws_sqs_queue.this": ("us-west-2", "aws.west"),  # providers = {...}
        # A provider block inside the module: var.region is the module's, set from the root.
        "module.pinned.aws_sqs_queue.this": ("ap-southeast-2", "module.pinned:aws"),
    }


def test_region_follows_a_module_input_that_is_a_constant() -> None:
    doc = raw("regions")
    call = doc["configuration"]["root_module"]["module_calls"]["pinned"]
    call["expressions"]["region"] = {"constant_value": "eu-north-1"}
    region = by_address(parse(doc))["module.pinned.aws_sqs_queue.this"].current.region
    assert region == "eu-north-1"


def test_region_of_a_removed_module_input_falls_back_to_the_variable_default() -> None:
    doc = raw("regions")
    call = doc["configuration"]["root_module"]["module_calls"]["pinned"]
    del call["expressions"]["region"]
    call["module"]["variables"]["region"]["default"] = "ca-central-1"
    region = by_address(parse(doc))["module.pinned.aws_sqs_queue.this"].current.region
    assert region == "ca-central-1"


def test_a_provider_without_region_needs_a_default() -> None:
    path = FIXTURES / "no_region" / "plan.json"
    with pytest.raises(InputError) as caught:
        load_plan_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: aws_instance.app: cannot tell which AWS region")
    assert "--region" in message and "AWS_REGION" in message and "AWS_DEFAULT_REGION" in message
    plan = load_plan_file(path, default_region="ap-northeast-1")
    assert {c.current.region for c in plan} == {"ap-northeast-1"}


def test_the_default_region_does_not_override_a_configured_one() -> None:
    plan = load_plan_file(FIXTURES / "regions" / "plan.json", default_region="sa-east-1")
    assert by_address(plan)["aws_sqs_queue.west"].current.region == "us-west-2"


def test_a_non_region_value_is_not_taken_for_a_region() -> None:
    doc = raw("regions")
    doc["variables"]["region"]["value"] = "${env:REGION}"
    with pytest.raises(InputError, match=r"aws_sqs_queue\.primary: cannot tell"):
        parse(doc)


def test_a_destroyed_resource_outside_the_configuration_takes_its_arn_region() -> None:
    doc = raw("lifecycle")
    del doc["configuration"]["provider_config"]["aws"]["expressions"]["region"]
    retired = item(doc, "aws_instance.retired")
    assert retired["change"]["before"]["arn"].startswith("arn:aws:ec2:us-east-1:")
    retired["change"]["before"]["arn"] = "arn:aws:ec2:eu-south-1:123456789012:instance/i-1"
    doc["resource_changes"] = [retired]
    assert parse(doc).changes[0].current.region == "eu-south-1"


def test_non_aws_resources_need_no_region() -> None:
    doc = raw("no_region")
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
    assert parse(doc).changes[0].current.region == ""


@pytest.mark.parametrize(
    ("cli", "environ", "expected"),
    [
        ("eu-west-3", {"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-2"}, "eu-west-3"),
        (None, {"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-2"}, "us-east-1"),
        (None, {"AWS_DEFAULT_REGION": "us-east-2"}, "us-east-2"),
        ("  ", {"AWS_REGION": "", "AWS_DEFAULT_REGION": " eu-west-1 "}, "eu-west-1"),
        (None, {}, None),
    ],
)
def test_default_region_from(
    cli: str | None, environ: dict[str, str], expected: str | None
) -> None:
    assert default_region_from(cli, environ) == expected


@pytest.mark.parametrize("value", ["EU-West-1", "eu west 1", "us-east", "useast1"])
def test_a_region_option_that_is_no_region_code_is_refused(value: str) -> None:
    with pytest.raises(InputError) as caught:
        default_region_from(value, {"AWS_REGION": "us-east-1"})
    assert caught.value.message == (
        f"--region {value!r} is not an AWS region code; give one like us-east-1 or eu-west-1 "
        "(`costcheck catalog info` lists the regions priced)"
    )
    assert caught.value.exit_code == 2


# --- references ----------------------------------------------------------------------------------


def test_references_resolve_to_the_same_module_instance_and_index() -> None:
    changes = by_address(load_plan_file(FIXTURES / "modules" / "plan.json"))
    refs = changes['module.app["green"].aws_autoscaling_group.worker[1]'].current.references
    assert refs["launch_template.0.id"] == ('module.app["green"].aws_launch_template.worker[1]',)


def test_references_follow_module_outputs_and_inputs() -> None:
    changes = by_address(load_plan_file(FIXTURES / "modules" / "plan.json"))
    # launch_template { id = module.app["blue"].launch_template_id } -> worker[0] in there
    canary = changes["aws_autoscaling_group.canary"].current
    assert canary.references["launch_template.0.id"] == (
        'module.app["blue"].aws_launch_template.worker[0]',
    )
    # Inside module.batch[0]: id = var.spot_template_id, set to aws_launch_template.spot["c6i"].id
    spot = changes["module.batch[0].aws_autoscaling_group.spot[0]"].current
    assert spot.references["launch_template.0.id"] == ('aws_launch_template.spot["c6i"]',)


@pytest.mark.parametrize(
    ("example", "address", "path", "target"),
    [
        (
            "web-stack",
            "aws_autoscaling_group.web",
            "launch_template.0.id",
            "aws_launch_template.web",
        ),
        (
            "eks",
            "aws_eks_node_group.general",
            "launch_template.0.id",
            "aws_launch_template.general",
        ),
        ("eks", "aws_eks_node_group.batch", "cluster_name", "aws_eks_cluster.main"),
        (
            "web-stack",
            "module.network.aws_nat_gateway.this[2]",
            "allocation_id",
            "module.network.aws_eip.nat[2]",
        ),
    ],
)
def test_references_in_the_examples(example: str, address: str, path: str, target: str) -> None:
    changes = by_address(load_plan_file(EXAMPLES / example / "plan.json"))
    assert changes[address].current.references[path] == (target,)


def test_a_collection_reference_lists_every_instance_the_referrer_first() -> None:
    # subnets = module.network.public_subnet_ids, an output over aws_subnet.public (for_each)
    changes = by_address(load_plan_file(EXAMPLES / "web-stack" / "plan.json"))
    subnets = changes["aws_lb.web"].current.references["subnets"]
    assert subnets == tuple(
        f'module.network.aws_subnet.public["us-east-1{zone}"]' for zone in "abc"
    )
    # ... while count.index / each.* still pick one instance (see the NAT gateway case above).


def test_references_drop_attribute_suffixes_and_non_resources() -> None:
    changes = by_address(load_plan_file(EXAMPLES / "serverless" / "plan.json"))
    fn = changes['aws_lambda_function.this["api"]'].current
    # role = aws_iam_role.lambda.arn; handler = each.value.handler (no resource)
    assert fn.references["role"] == ("aws_iam_role.lambda",)
    assert "handler" not in fn.references
    permission = changes["aws_lambda_permission.api"].current
    assert permission.references["function_name"] == ('aws_lambda_function.this["api"]',)


# --- unknown and sensitive values ---------------------------------------------------------------


def test_unknown_paths_are_dotted_and_whole_objects_cover_their_children() -> None:
    changes = by_address(load_plan_file(FIXTURES / "sensitive_unknown" / "plan.json"))
    volume = changes["aws_ebs_volume.restored"].current.attributes
    assert {"size", "snapshot_id", "availability_zone"} <= volume.unknown
    size = volume.get("size")
    assert isinstance(size, Missing) and size.kind == "unknown"
    assert volume.get("type") == "gp3"
    instance = changes["aws_instance.app"].current.attributes
    assert "root_block_device" in instance.unknown  # the whole list is unknown
    assert instance.is_unknown("root_block_device.0.volume_size")
    asg = by_address(load_plan_file(FIXTURES / "modules" / "plan.json"))
    lt = asg["aws_autoscaling_group.canary"].current.attributes
    assert "launch_template.0.id" in lt.unknown and "launch_template.0.version" not in lt.unknown


def test_sensitive_paths_are_marked_and_values_kept() -> None:
    plan = load_plan_file(FIXTURES / "sensitive_unknown" / "plan.json")
    changes = by_address(plan)
    instance = changes["aws_instance.app"].current.attributes
    assert "tags.CostCenter" in instance.sensitive
    assert "tags_all.CostCenter" in instance.sensitive  # the provider copies it there
    assert "tags.Environment" not in instance.sensitive
    assert instance.get("tags.CostCenter") == "CC-7731-SECRET"  # pricing may still read it
    assert "password" in changes["aws_db_instance.main"].current.attributes.sensitive
    # Sensitive root variables are left out of the plan's variables.
    assert plan.variables == {"environment": "staging"}


def test_no_error_message_contains_a_sensitive_value() -> None:
    doc = raw("sensitive_unknown")
    del doc["configuration"]["provider_config"]["aws"]["expressions"]["region"]
    del item(doc, "aws_subnet.app")["change"]["after"]["availability_zone"]  # it tells the region
    with pytest.raises(InputError) as caught:
        parse(doc)
    assert "cannot tell which AWS region" in str(caught.value)
    # Even where a sensitive value happens to be part of what a message names, it is masked.
    doc["variables"]["cost_center"]["value"] = "aws_db_instance.main"
    with pytest.raises(InputError) as caught:
        parse(doc)
    message = str(caught.value)
    assert "aws_db_instance.main" not in message and "(sensitive)" in message
    for secret in ("CC-7731-SECRET", "Tr0ub4dor-and-3"):
        assert secret not in message


def test_a_sensitive_variable_is_not_used_as_a_region() -> None:
    doc = raw("regions")
    doc["configuration"]["root_module"]["variables"]["region"]["sensitive"] = True
    with pytest.raises(InputError) as caught:
        parse(doc)
    assert "us-east-2" not in str(caught.value)
    # The provider sets its region (from the sensitive variable): AWS_REGION is not it...
    with pytest.raises(InputError, match="do not apply to a provider that sets its own region"):
        parse(doc, "eu-west-2")
    # ...an explicit --region may stand in, with a warning.
    plan = parse_plan_document(
        doc, source="plan.json", default_region=None, assumed_region="eu-west-2"
    )
    assert by_address(plan)["aws_sqs_queue.primary"].current.region == "eu-west-2"
    assert plan.warnings and "us-east-2" not in plan.warnings[0]


# --- extension fields ----------------------------------------------------------------------------


def test_extension_fields_from_the_hcl_evaluator() -> None:
    doc = raw("sensitive_unknown")
    volume = item(doc, "aws_ebs_volume.restored")
    volume["x_costcheck_location"] = {"file": "main.tf", "start_line": 71, "end_line": 75}
    volume["x_costcheck_unknown_reasons"] = {"size": "depends on aws_ebs_snapshot.seed.id"}
    change = by_address(parse(doc, from_code=True))["aws_ebs_volume.restored"]
    assert change.current.location == SourceLocation("main.tf", 71, 75)
    size = change.current.attributes.get("size")
    assert isinstance(size, Missing) and size.reason == "depends on aws_ebs_snapshot.seed.id"
    real = by_address(parse(raw("sensitive_unknown")))["aws_ebs_volume.restored"].current
    assert real.location is None and real.attributes.unknown_reasons == {}
    assert real.unknown_count is None
    # In a plan JSON anyone writes them: ignored (a location is a file costcheck would open).
    forged = by_address(parse(doc))["aws_ebs_volume.restored"].current
    assert forged.location is None and forged.attributes.unknown_reasons == {}


def test_unknown_count_extension_marks_the_resource() -> None:
    doc = raw("sensitive_unknown")
    item(doc, "aws_ebs_volume.restored")["x_costcheck_unknown_count"] = "count depends on data.x"
    change = by_address(parse(doc, from_code=True))["aws_ebs_volume.restored"]
    assert change.current.unknown_count == "count depends on data.x"
    assert by_address(parse(doc))["aws_ebs_volume.restored"].current.unknown_count is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("x_costcheck_location", {"file": "main.tf", "start_line": "71", "end_line": 75}),
        ("x_costcheck_location", "main.tf:71"),
        ("x_costcheck_unknown_reasons", {"size": 3}),
        ("x_costcheck_unknown_reasons", ["size"]),
        ("x_costcheck_unknown_count", 3),
    ],
)
def test_malformed_extension_fields_are_refused(field: str, value: Any) -> None:
    doc = raw("sensitive_unknown")
    item(doc, "aws_ebs_volume.restored")[field] = value
    with pytest.raises(InputError, match=rf"aws_ebs_volume\.restored: {field}"):
        parse(doc, from_code=True)


# --- bad input -----------------------------------------------------------------------------------


def write(tmp_path: Path, content: str | bytes, name: str = "plan.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


@pytest.mark.parametrize("content", ["", "  \n\t\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InputError, match=r"plan\.json: the plan file is empty; create it with"):
        load_plan_file(path)


def test_truncated_json_names_line_and_column(tmp_path: Path) -> None:
    text = (FIXTURES / "regions" / "plan.json").read_text()
    path = write(tmp_path, text[: len(text) // 2])
    with pytest.raises(InputError) as caught:
        load_plan_file(path)
    error = caught.value
    assert error.path == str(path) and error.line is not None and error.line > 100
    assert f"{path}:{error.line}: invalid JSON at line {error.line}, column" in str(error)
    assert "truncated" in str(error)


def test_not_json(tmp_path: Path) -> None:
    path = write(tmp_path, 'resource "aws_instance" "x" {}\n')
    with pytest.raises(InputError, match=r"plan\.json:1: invalid JSON at line 1, column 1"):
        load_plan_file(path)


def test_binary_garbage_is_not_mistaken_for_text(tmp_path: Path) -> None:
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\xfd")
    with pytest.raises(InputError, match="not a text file, nor a binary plan file"):
        load_plan_file(path)


def test_utf16_json_from_powershell_is_read(tmp_path: Path) -> None:
    text = (FIXTURES / "regions" / "plan.json").read_text()
    path = write(tmp_path, text.encode("utf-16"))
    assert len(load_plan_file(path).changes) == 6


def test_raw_state_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_plan_file(FIXTURES / "lifecycle" / "terraform.tfstate")
    message = str(caught.value)
    assert "state file, not a plan" in message
    assert "terraform plan -out tfplan && terraform show -json tfplan" in message


def test_state_shown_as_json(tmp_path: Path) -> None:
    # A plan's prior_state is exactly what `terraform show -json` prints for a state.
    state_json = raw("lifecycle")["prior_state"]
    assert set(state_json) == {"format_version", "terraform_version", "values"}
    path = write(tmp_path, json.dumps(state_json))
    with pytest.raises(InputError) as caught:
        load_plan_file(path)
    message = str(caught.value)
    assert "terraform show -json` of a state, not of a plan" in message
    assert "terraform plan -out tfplan && terraform show -json tfplan" in message


@pytest.mark.parametrize("version", ["2.0", "0.2", 1])
def test_wrong_format_version(version: Any) -> None:
    doc = raw("regions") | {"format_version": version}
    with pytest.raises(InputError, match=rf"format_version {version!r} is not supported"):
        parse(doc)


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2", "1.9"])
def test_every_minor_of_format_1_is_read(version: str) -> None:
    assert parse(raw("regions") | {"format_version": version}).changes


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"name": "my-app", "version": "1.0.0"}', "not a Terraform plan"),
        ('{"format_version": "1.2", "outputs": {}}', "not a Terraform plan"),
        ("[1, 2, 3]", "JSON list where a Terraform plan object was expected"),
        ('{"format_version": "1.2", "resource_changes": {}}', "resource_changes is not a list"),
        (
            '{"format_version": "1.2", "resource_changes": [{"mode": "managed"}]}',
            r"resource_changes\[0\] has no address",
        ),
    ],
)
def test_json_that_is_not_a_terraform_plan(tmp_path: Path, content: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        load_plan_file(write(tmp_path, content))


def test_a_directory_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory, not a plan file"):
        load_plan_file(tmp_path)
    with pytest.raises(InputError, match="cannot read the plan file"):
        load_plan_file(tmp_path / "nope.json")


def fake_binary_plan(tmp_path: Path) -> Path:
    path = tmp_path / "tfplan"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("tfplan", b"not really a plan")
    return path


def test_binary_plan_without_terraform_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(InputError) as caught:
        load_plan_file(fake_binary_plan(tmp_path))
    message = str(caught.value)
    assert "binary plan file" in message and "needs terraform on PATH" in message
    assert "terraform show -json tfplan > plan.json" in message


needs_terraform = pytest.mark.skipif(
    terraform_tools.missing_tools_reason() is not None,
    reason=terraform_tools.missing_tools_reason() or "",
)


@pytest.mark.terraform
@pytest.mark.skipif(not terraform_tools.terraform_available(), reason="terraform not on PATH")
def test_binary_plan_terraform_cannot_read_shows_its_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_plan_file(fake_binary_plan(tmp_path))
    message = str(caught.value)
    assert "terraform show -json failed (exit 1): Error" in message
    assert "\x1b[" not in message and "│" not in message


@pytest.mark.terraform
@needs_terraform
def test_binary_plan_read_through_real_terraform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ordinary init (the other binary-plan tests skip it): a user's folder.
    for name, value in terraform_tools.GO_ENV.items():
        # The provider's collector as make_binary_plan's terraform runs it: GOGC is on the
        # allow-list of costcheck's own terraform show (checker/plan/loader.py).
        monkeypatch.setenv(name, value)
    # The session's one init'ed binary plan (test_binary_plan_environment reads it too).
    plan_file = terraform_tools.shared_binary_plan(
        FIXTURES / "lifecycle",
        tmp_path / "work",
        state=FIXTURES / "lifecycle" / "terraform.tfstate",
    )
    assert zipfile.is_zipfile(plan_file)
    from_binary = load_plan_file(plan_file)
    from_json = load_plan_file(FIXTURES / "lifecycle" / "plan.json")

    def summary(plan: Plan) -> list[tuple[str, Action, str]]:
        return [(c.address, c.action, c.current.region) for c in plan]

    assert summary(from_binary) == summary(from_json)
    assert from_binary.source == str(plan_file)
    assert from_binary.terraform_version is not None


def test_a_provider_inherited_two_modules_down_keeps_the_root_region() -> None:
    # Terraform writes an empty "module.a.module.b:aws" entry; the root provider is in force.
    plan = load_plan_file(FIXTURES / "nested_inherit" / "plan.json", default_region="eu-west-1")
    (change,) = plan.changes
    assert change.address == "module.a.module.b.aws_ebs_volume.v"
    assert change.current.region == "us-east-1"


# --- provider default_tags -----------------------------------------------------------------------


def test_the_plan_carries_each_provider_configurations_default_tags() -> None:
    plan = load_plan_file(NESTED_DEFAULT_TAGS / "plan.json")
    keys = {change.address: change.current.provider_config_key for change in plan}
    assert keys["module.inherit.module.inner.aws_sqs_queue.q"] == "module.inherit.module.inner:aws"
    assert plan.default_tags == {
        # Terraform's empty entry for a provider inherited two modules down: the root's is in
        # force (its null tag value dropped, as the provider drops it).
        "module.inherit.module.inner:aws": DefaultTags(
            True, {"cost-center": "cc-1", "owner": "platform"}
        ),
        # tags = var.common_tags: the plan holds the variable's value
        "aws.vars": DefaultTags(True, {"cost-center": "cc-7", "owner": "platform"}, False),
        # a module's own provider block: tags = var.own_tags, set by the module call
        "module.own:aws": DefaultTags(True, {"cost-center": "cc-own", "owner": "own"}, False),
        "aws.secret": UNREADABLE_DEFAULT_TAGS,  # a sensitive variable: its value is not used
        "aws.local": UNREADABLE_DEFAULT_TAGS,  # a local: the plan does not show its value
        "aws.bare": NO_DEFAULT_TAGS,
    }
    assert set(plan.default_tags) == set(keys.values())  # every key a resource uses, no other


def test_default_tags_are_read_once_per_provider_configuration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def counted(key: str, configuration: Any, variables: Any) -> DefaultTags | None:
        calls.append(key)
        return provider_default_tags(key, configuration, variables)

    monkeypatch.setattr(document, "provider_default_tags", counted)
    plan = load_plan_file(FIXTURES / "modules" / "plan.json")
    used = {change.current.provider_config_key for change in plan}
    assert len(plan.changes) > len(used)
    assert sorted(calls) == sorted(used)
    assert plan.default_tags == dict.fromkeys(used, NO_DEFAULT_TAGS)


def test_a_plan_without_a_configuration_cannot_tell_default_tags() -> None:
    doc = json.loads((NESTED_DEFAULT_TAGS / "plan.json").read_text())
    del doc["configuration"]
    assert parse(doc, default_region="us-east-1").default_tags == {}


def _configuration(providers: dict[str, Any], root: dict[str, Any] | None = None) -> Configuration:
    return read_configuration({"provider_config": providers, "root_module": root or {}})


def _tags_block(expression: dict[str, Any]) -> dict[str, Any]:
    return {"expressions": {"default_tags": [{"tags": expression}]}}


def test_provider_default_tags_constants() -> None:
    def read(entry: dict[str, Any]) -> DefaultTags | None:
        return provider_default_tags("aws", _configuration({"aws": entry}), {})

    assert read({"name": "aws"}) is NO_DEFAULT_TAGS  # no block body
    assert read({"expressions": {}}) is NO_DEFAULT_TAGS
    assert read({"expressions": {"default_tags": []}}) is NO_DEFAULT_TAGS
    assert read({"expressions": {"default_tags": [{}]}}) == DefaultTags(True, {})  # no tags
    assert read(_tags_block({"constant_value": None})) == DefaultTags(True, {})  # tags = null
    assert read(_tags_block({"constant_value": {"a": "1", "b": None}})) == DefaultTags(
        True, {"a": "1"}
    )
    two_blocks = {
        "expressions": {
            "default_tags": [
                {"tags": {"constant_value": {"a": "1", "b": "1"}}},
                {"tags": {"constant_value": {"b": "2"}}},
            ]
        }
    }
    assert read(two_blocks) == DefaultTags(True, {"a": "1", "b": "2"})
    assert read({"expressions": {"default_tags": {"tags": {}}}}) is UNREADABLE_DEFAULT_TAGS
    assert read(_tags_block({"constant_value": ["a"]})) is UNREADABLE_DEFAULT_TAGS
    assert read(_tags_block({"references": ["local.common"]})) is UNREADABLE_DEFAULT_TAGS
    # a function of two values: not evaluated here
    both = {"references": ["var.a", "var.b"]}
    assert read(_tags_block(both)) is UNREADABLE_DEFAULT_TAGS


def test_provider_default_tags_from_root_variables() -> None:
    configuration = _configuration(
        {
            "aws": _tags_block({"references": ["var.tags"]}),
            "aws.nested": _tags_block({"references": ["var.settings.tags", "var.settings"]}),
            "aws.scalar": _tags_block({"references": ["var.team"]}),
        }
    )
    variables = {
        "tags": {"team": "a", "gone": None},
        "settings": {"tags": {"team": "b"}},
        "team": "c",  # tags = { team = var.team } reads as this one reference: not a map
    }

    def read(key: str, values: dict[str, Any] = variables) -> DefaultTags | None:
        return provider_default_tags(key, configuration, values)

    # Through a variable: its keys, maybe more (merge(var.tags, {...}) reads as var.tags)
    assert read("aws") == DefaultTags(True, {"team": "a"}, exhaustive=False)
    assert read("aws.nested") == DefaultTags(True, {"team": "b"}, exhaustive=False)
    assert read("aws.scalar") is UNREADABLE_DEFAULT_TAGS
    # A variable the plan does not give (parse_plan_document leaves sensitive ones out)
    assert read("aws", {}) is UNREADABLE_DEFAULT_TAGS
    assert read("aws", {"tags": None}) is UNREADABLE_DEFAULT_TAGS


def test_provider_default_tags_follow_inheritance_and_module_variables() -> None:
    net = _tags_block({"references": ["var.net_tags"]})
    configuration = _configuration(
        {
            "aws": _tags_block({"constant_value": {"team": "root"}}),
            "module.net:aws": {"module_address": "module.net", **net},
            # Terraform 1.x's empty entries for providers inherited through a module
            "module.net.module.db:aws": {"module_address": "module.net.module.db"},
            "module.app.module.web:aws": {"module_address": "module.app.module.web"},
            "module.a.module.b.module.c:aws.x": {"module_address": "module.a.module.b.module.c"},
            "aws.x": _tags_block({"constant_value": {"team": "x"}}),
        },
        root={
            "module_calls": {
                "net": {
                    "expressions": {"net_tags": {"constant_value": {"team": "net"}}},
                    "module": {"variables": {"net_tags": {}}},
                },
            }
        },
    )

    def read(key: str) -> DefaultTags | None:
        return provider_default_tags(key, configuration, {})

    net_tags = DefaultTags(True, {"team": "net"}, exhaustive=False)  # through var.net_tags
    assert read("module.net:aws") == net_tags  # set by the call
    assert read("module.net.module.db:aws") == net_tags  # one up
    assert read("module.app.module.web:aws") == DefaultTags(True, {"team": "root"})  # to the root
    assert read("module.a.module.b.module.c:aws.x") == DefaultTags(True, {"team": "x"})
    assert read("module.gone:aws") == DefaultTags(True, {"team": "root"})  # pre-1.0 key
    assert read("aws.y") is None  # not in the configuration: cannot tell


def test_a_malformed_inheritance_cycle_ends() -> None:
    # An entry that names itself as its parent: the walk stops instead of recursing forever.
    configuration = _configuration({"aws": {"module_address": "module.x"}})
    assert provider_default_tags("aws", configuration, {}) is None
    assert provider_region("aws", configuration, {}) is None


@pytest.mark.parametrize("case", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_real_plans_are_proven_within_limits_as_they_are_parsed(case: str) -> None:
    # The full walk of every value is skipped on a real plan (a fifth of reading one): the proof
    # made alongside the parse holds for what terraform writes, and the plan is the same.
    path = FIXTURES / case / "plan.json"
    doc, proof = loader._parse_json(path.read_text(), str(path))
    assert proof is not None and proof.covers(doc)
    assert not proof.covers(json.loads(path.read_text()))  # another document: walked in full
    region = {"default_region": "us-east-1", "assumed_region": "us-east-1"}
    full = parse_plan_document(doc, source=str(path), **region)
    assert load_plan_file(path, **region) == dataclasses.replace(full, source=str(path))


@pytest.mark.parametrize(
    ("text", "proven"),
    [
        ('"caf\\u00e9 \\u003c"', True),  # escapes Go writes: not surrogates
        ('"\\ud83d\\ude00"', False),  # an escaped pair is read whole: walked, and accepted
        ('"\\uD83D\\uDE00"', False),
        ('"\\\\ud800"', False),  # an escaped backslash: not a surrogate, still walked
        ('"{\\"a\\": [\\"\\\\\\\\\\"]}"', True),  # JSON in a string (a policy): escaped quotes
        ("922337203685477580", True),  # 18 digits
        ("-92233720368547758", True),
        ("9223372036854775807", False),  # 19 digits: in range, walked to tell
        ("1.5e3", True),
        ("1e18", True),
        ("1e19", False),  # out of range: refused by the walk
        ("-1e19", False),
        ("NaN", False),
    ],
)
def test_what_the_proof_takes_and_leaves_to_the_walk(text: str, proven: bool) -> None:
    plan_text = json.dumps({"format_version": "1.2", "resource_changes": [], "variables": {}})
    plan_text = plan_text.replace('"variables": {}', f'"variables": {{"v": {{"value": {text}}}}}')
    doc, proof = loader._parse_json(plan_text, "plan.json")
    assert (proof is not None) is proven
    try:
        parse_plan_document(doc, source="plan.json", default_region=None, within_limits=proof)
    except InputError as error:
        assert "variables.v.value: the number" in error.message
        assert text in ("1e19", "-1e19", "NaN")


# --- incomplete plans (-target, deferred changes) -------------------------------------------------

INCOMPLETE = (
    "the plan is incomplete (made with -target, or with deferred changes): only part of the "
    "change is priced, so totals and plan-wide policies cannot be judged on it"
)
WEB_STACK = Path(__file__).parent.parent / "examples" / "web-stack" / "plan.json"


def _targeted(tmp_path: Path, **marks: Any) -> Path:
    """The web-stack plan cut down to what `terraform plan -target=aws_s3_bucket.assets` keeps
    (one change), with the marks terraform writes on such a plan."""
    doc = json.loads(WEB_STACK.read_text())
    assert doc["complete"] is True and len(doc["resource_changes"]) > 1
    doc["resource_changes"] = [
        c for c in doc["resource_changes"] if c["address"] == "aws_s3_bucket.assets"
    ]
    doc.update(marks)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    return path


def test_a_complete_plan_is_not_marked_incomplete() -> None:
    assert load_plan_file(WEB_STACK, default_region="us-east-1").incomplete == ()
    doc = raw("regions")
    doc["deferred_changes"] = []  # present but empty: nothing was deferred
    assert parse(doc, "us-east-1").incomplete == ()


@pytest.mark.parametrize(
    "marks",
    [
        {"complete": False},
        {"deferred_changes": [{"reason": "provider_config_unknown", "resource_change": {}}]},
    ],
)
def test_a_targeted_or_deferred_plan_is_incomplete(tmp_path: Path, marks: dict[str, Any]) -> None:
    plan = load_plan_file(_targeted(tmp_path, **marks), default_region="us-east-1")
    assert len(plan.incomplete) == 1
    assert plan.incomplete[0].startswith("the plan is incomplete (made with -target")


def test_budget_policies_do_not_pass_on_a_targeted_plan(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    path = _targeted(tmp_path, complete=False)
    env = {"AWS_REGION": "us-east-1"}
    args = ["check", str(path), "--policy", "builtin:budget", "--format", "json"]
    result = CliRunner().invoke(main, args, env=env)
    report = json.loads(result.stdout)
    assert report["result"] != "pass" and report["summary"]["pass"] == 0
    assert {p["outcome"] for p in report["policies"]} == {"unknown"}
    assert [d for d in report["diagnostics"] if "the plan is incomplete" in d] == [
        f"{path}: error: " + INCOMPLETE
    ]
    # Every output shows it: the markdown comment too.
    result = CliRunner().invoke(main, [*args[:-1], "markdown"], env=env)
    assert "the plan is incomplete (made with -target" in result.stdout
    # The same plan marked complete passes (the $0 bucket is within every budget).
    doc = json.loads(path.read_text())
    doc["complete"] = True
    path.write_text(json.dumps(doc))
    report = json.loads(CliRunner().invoke(main, args, env=env).stdout)
    assert report["result"] == "pass" and report["diagnostics"] == []


def test_the_proof_covers_every_value_only_where_the_whole_text_was_told() -> None:
    # A plan's own parts nest within the limit, a part the reader does not read nests deeper:
    # proven for what the reader checks, not for every value (the service walks the rest).
    deep: Any = []
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    plain = {"format_version": "1.2", "resource_changes": [], "variables": {}}
    doc, proof = loader._parse_json(json.dumps(plain), "plan.json")
    assert proof is not None and proof.covers_every_value(doc)
    assert not proof.covers_every_value(json.loads(json.dumps(plain)))  # another document
    doc, proof = loader._parse_json(json.dumps({**plain, "prior_state": deep}), "plan.json")
    assert proof is not None and proof.covers(doc) and not proof.covers_every_value(doc)


class _Unremembered(references.ReferenceResolver):
    """A resolver that resolves every reference list again (as before answers were kept)."""

    def resolve(self, written: Any, module: Any, key: Any) -> dict[str, tuple[str, ...]]:
        self._answers.clear()
        return super().resolve(written, module, key)


@pytest.mark.parametrize("case", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_references_resolved_once_per_module_instance_and_key_are_the_same(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader resolves each list of references once per module instance and key, for all
    # the resources writing it: every resource's references are those resolved for it alone.
    doc = json.loads((FIXTURES / case / "plan.json").read_text())
    region = {"default_region": "us-east-1", "assumed_region": "us-east-1"}
    remembered = parse_plan_document(doc, source="plan.json", **region)
    monkeypatch.setattr(document, "ReferenceResolver", _Unremembered)
    alone = parse_plan_document(doc, source="plan.json", **region)
    assert remembered == alone


def test_a_module_input_read_once_is_resolved_per_instance() -> None:
    """The resolver reads a module call's input expression once per (module, variable), and
    still picks each module instance's own target by that instance's key."""
    from checker.plan.addresses import parse_module_instance
    from checker.plan.references import ReferenceResolver, build_instances

    configuration = read_configuration(
        {
            "root_module": {
                "module_calls": {
                    "m": {
                        "expressions": {"subnet": {"references": ["aws_subnet.s", "count.index"]}},
                        "module": {
                            "resources": [
                                {
                                    "address": "aws_instance.x",
                                    "type": "aws_instance",
                                    "name": "x",
                                    "expressions": {"subnet_id": {"references": ["var.subnet"]}},
                                }
                            ]
                        },
                    }
                }
            }
        }
    )
    first, second = parse_module_instance("module.m[0]"), parse_module_instance("module.m[1]")
    assert first is not None and second is not None
    resolver = ReferenceResolver(
        configuration,
        build_instances(
            [
                ((), "aws_subnet.s", 0, "aws_subnet.s[0]"),
                ((), "aws_subnet.s", 1, "aws_subnet.s[1]"),
                (first, "aws_instance.x", None, "module.m[0].aws_instance.x"),
                (second, "aws_instance.x", None, "module.m[1].aws_instance.x"),
            ]
        ),
    )
    written = (("subnet_id", ("var.subnet",)),)
    assert resolver.resolve(written, second, None) == {"subnet_id": ("aws_subnet.s[1]",)}
    assert resolver.resolve(written, first, None) == {"subnet_id": ("aws_subnet.s[0]",)}
    # A variable the call does not pass, asked twice: nothing either time.
    unset = (("ami", ("var.ami",)),)
    assert resolver.resolve(unset, first, None) == {}
    assert resolver.resolve(unset, second, None) == {}
