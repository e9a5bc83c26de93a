"""The .tf files beside a plan: one evaluation for regions and links, the plan's variables given
with their JSON types (a null as Terraform reads one), and effective-value errors that surface."""

from __future__ import annotations

import copy
import json
import shutil
from decimal import InvalidOperation
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.estimate import estimate_plan
from checker.hcl.links import code_origins, link, unresolved_references
from checker.model import Action, Attributes, Plan, Resource, ResourceChange
from checker.pipeline import InputOptions, _linked_by_code, load_input
from checker.plan import load_plan_file
from checker.plan.code import CodeBeside, variables_file_text
from checker.plan.loader import config_files
from checker.plan.providers import provider_region
from checker.pricing.catalog import Catalog
from checker.resources import DEFAULTED, EFFECTIVE_VALUES, FOLLOWED, TYPES
from checker.resources.base import ResourceView

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
EXPRESSIONS = FIXTURES / "region_expressions"


def _with_an_instance(tmp_path: Path) -> Path:
    """region_expressions (whose regions need its .tf files) plus a resource whose pricer
    follows references (so its links need them too)."""
    shutil.copy(EXPRESSIONS / "main.tf", tmp_path / "main.tf")
    doc: dict[str, Any] = json.loads((EXPRESSIONS / "plan.json").read_text())
    volume = next(c for c in doc["resource_changes"] if c["type"] == "aws_ebs_volume")
    extra = copy.deepcopy(volume)
    extra.update(address="aws_instance.extra", type="aws_instance", name="extra")
    extra["change"]["after"] = {"instance_type": "t3.micro", "availability_zone": "eu-west-1a"}
    doc["resource_changes"].append(extra)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    return path


def test_regions_and_links_share_one_evaluation(tmp_path: Path) -> None:
    path = _with_an_instance(tmp_path)
    code = CodeBeside(tmp_path, {})
    plan = load_plan_file(path, config_dir=tmp_path, code=code)
    assert code.evaluations == 1  # the regions needed the files
    assert _linked_by_code(plan, code) is not None
    assert code.evaluations == 1  # the links read the same evaluation
    # The road the CLI takes gives the same plan.
    loaded = load_input(path, InputOptions(config_dir=tmp_path, environ={}))
    assert {c.address: c.current.region for c in loaded.plan} == {
        c.address: c.current.region for c in plan
    }


def test_an_error_is_remembered_too(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('variable "x" {\n  type = number\n}\n')
    code = CodeBeside(tmp_path, {})
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            code.evaluate({"x": "not a number"})
    assert code.evaluations == 1
    # The temporary variables file is not what the message names.
    assert "costcheck-vars-" not in caught.value.render()


NULLS = """
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
variable "nullable" {
  type    = string
  default = "eu-west-1"
}
variable "not_nullable" {
  type     = string
  default  = "eu-west-2"
  nullable = false
}
provider "aws" {
  alias  = "a"
  region = var.nullable == null ? "ap-south-1" : var.nullable == "null" ? "sa-east-1" : var.nullable
}
provider "aws" {
  alias  = "b"
  region = var.not_nullable == null ? "ap-south-1" : var.not_nullable
}
resource "aws_sqs_queue" "a" {
  provider = aws.a
}
resource "aws_sqs_queue" "b" {
  provider = aws.b
}
"""


def _regions(tmp_path: Path, variables: dict[str, Any]) -> tuple[str | None, str | None]:
    (tmp_path / "main.tf").write_text(NULLS)
    configuration = config_files(CodeBeside(tmp_path, {})).evaluate(variables)
    return provider_region("aws.a", configuration, {}), provider_region("aws.b", configuration, {})


def test_a_null_in_the_plan_is_a_given_null(tmp_path: Path) -> None:
    # terraform 1.11: a variable given null (in a .tfvars.json) shows as null in the plan's
    # variables; a nullable one is then null, a non-nullable one takes its default.
    assert _regions(tmp_path, {"nullable": None, "not_nullable": None}) == (
        "ap-south-1",
        "eu-west-2",
    )


def test_the_string_null_stays_a_string(tmp_path: Path) -> None:
    # terraform 1.11: -var x=null gives a string variable the string "null".
    assert _regions(tmp_path, {"nullable": "null", "not_nullable": "us-east-2"}) == (
        "sa-east-1",
        "us-east-2",
    )


def test_the_variables_file_keeps_json_types() -> None:
    variables = {"s": "null", "n": None, "i": 3, "l": ["a"], "m": {"k": True}}
    assert json.loads(variables_file_text(variables)) == variables


def test_a_plan_of_another_configuration_is_named(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('variable "other" {\n  default = 1\n}\n')
    with pytest.raises(InputError) as caught:
        CodeBeside(tmp_path, {}).evaluate({"environment": "prod"})
    assert 'declares no variable "environment"' in caught.value.message


def _db_plan() -> Any:
    return load_plan_file(FIXTURES / "databases" / "plan.json")


def test_an_effective_values_bug_surfaces() -> None:
    def broken(view: ResourceView) -> dict[str, Any]:
        raise TypeError("a bug in the resolver")

    resolvers = {**EFFECTIVE_VALUES, "aws_db_instance": broken}
    with pytest.raises(TypeError, match="a bug in the resolver"):
        estimate_plan(_db_plan(), Catalog.open(), effective_values=resolvers)


def test_an_input_value_a_resolver_cannot_read_leaves_the_attributes() -> None:
    def unreadable(view: ResourceView) -> dict[str, Any]:
        raise InvalidOperation("a number out of range")

    resolvers = {**EFFECTIVE_VALUES, "aws_db_instance": unreadable}
    estimate = estimate_plan(_db_plan(), Catalog.open(), effective_values=resolvers)
    databases = [
        r.current for r in estimate.resources if r.change.type == "aws_db_instance" and r.current
    ]
    assert databases and all(not d.effective for d in databases)
    normal = estimate_plan(_db_plan(), Catalog.open())
    assert any(
        r.current.effective
        for r in normal.resources
        if r.change.type == "aws_db_instance" and r.current
    )


# --- whether the code beside a plan is read at all ----------------------------------------------

WEB_STACK = Path(__file__).resolve().parent.parent / "examples" / "web-stack"
LAUNCH_TEMPLATES = FIXTURES / "module_launch_templates"


def _priced(plan: Plan) -> list[tuple[str, str]]:
    """What the catalog makes of each resource: its components, as a report would show them."""
    estimate = estimate_plan(plan, Catalog.open())
    return [
        (r.change.address, repr(r.current.components if r.current else None))
        for r in estimate.resources
    ]


def test_a_plan_whose_configuration_names_what_pricers_follow_is_priced_without_its_code(
    tmp_path: Path,
) -> None:
    # web-stack's plan names its ASG's launch template and subnets, its load balancer's subnets:
    # its .tf files are not evaluated (they would only add references no pricer reads).
    shutil.copytree(WEB_STACK, tmp_path / "web", ignore=shutil.ignore_patterns("usage.yml"))
    code = CodeBeside(tmp_path / "web", {})
    plan = load_plan_file(tmp_path / "web" / "plan.json", code=code)
    assert not unresolved_references(plan, FOLLOWED, DEFAULTED)
    assert _linked_by_code(plan, code) is plan
    assert code.evaluations == 0
    # What the evaluation would have added changes no price.
    origins = code_origins(code, plan.variables)
    assert origins  # it does find references (a route table's NAT gateway...)
    assert _priced(link(plan, origins)) == _priced(plan)
    # Not read at all: a .tf file beside the plan that does not parse is not noticed.
    (tmp_path / "web" / "broken.tf").write_text('resource "aws_instance" {{{\n')
    code = CodeBeside(tmp_path / "web", {})
    loaded = load_input(tmp_path / "web" / "plan.json", InputOptions(environ={}))
    assert loaded.plan == plan
    assert _linked_by_code(load_plan_file(tmp_path / "web" / "plan.json", code=code), code)
    assert code.evaluations == 0


def test_an_alias_record_with_a_literal_name_is_priced_without_its_code() -> None:
    # route53_events: one alias names a CloudFront domain literally, the others a resource of
    # the plan. The domain answers whether its queries are free: the code is not evaluated.
    folder = FIXTURES / "route53_events"
    code = CodeBeside(folder, {})
    plan = load_plan_file(folder / "plan.json", code=code)
    assert not unresolved_references(plan, FOLLOWED, DEFAULTED)
    assert _linked_by_code(plan, code) is plan
    assert code.evaluations == 0


def test_a_plan_that_reaches_its_launch_templates_through_locals_still_gets_its_code() -> None:
    code = CodeBeside(LAUNCH_TEMPLATES, {})
    plan = load_plan_file(LAUNCH_TEMPLATES / "plan.json", code=code)
    assert unresolved_references(plan, FOLLOWED, DEFAULTED)
    linked = _linked_by_code(plan, code)
    assert code.evaluations == 1
    assert linked != plan
    assert _priced(linked) != _priced(plan)  # the templates' instance types are priced


def test_a_reference_through_a_local_gets_the_code_whatever_else_the_plan_holds() -> None:
    # No launch template, subnet or task definition here: the log delivery's destination
    # alone (through a local) is reason to read the code, and it decides the price.
    folder = FIXTURES / "links_through_locals"
    code = CodeBeside(folder, {})
    plan = load_plan_file(folder / "plan.json", code=code)
    assert unresolved_references(plan, FOLLOWED, DEFAULTED)
    linked = _linked_by_code(plan, code)
    assert code.evaluations == 1
    before = dict(_priced(plan))["aws_cloudwatch_log_delivery.d"]
    after = dict(_priced(linked))["aws_cloudwatch_log_delivery.d"]
    assert "names no aws_cloudwatch_log_delivery_destination" in before
    assert "names no" not in after and "S3" in after


def _resource(
    kind: str,
    values: dict[str, Any],
    *,
    unknown: frozenset[str] = frozenset(),
    references: dict[str, tuple[str, ...]] | None = None,
    configured: frozenset[str] = frozenset(),
    address: str | None = None,
) -> Resource:
    return Resource(
        address=address or f"{kind}.x",
        type=kind,
        name="x",
        attributes=Attributes(values, unknown=unknown),
        region="us-east-1",
        references=references or {},
        configured_references=configured,
    )


def _plan(*resources: Resource) -> Plan:
    changes = tuple(ResourceChange(r.address, r.type, Action.CREATE, None, r) for r in resources)
    return Plan(changes=changes, source="test")


TEMPLATE = _resource("aws_launch_template", {}, address="aws_launch_template.t")
SUBNET = _resource("aws_subnet", {}, address="aws_subnet.s")
GROUP = {"launch_template": [{"id": None, "name": None}], "vpc_zone_identifier": None}


@pytest.mark.parametrize(
    ("group", "others", "unresolved"),
    [
        # id = aws_launch_template.t.id: the plan names it.
        (
            _resource(
                "aws_autoscaling_group",
                GROUP,
                unknown=frozenset({"launch_template.0.id"}),
                references={"launch_template.0.id": ("aws_launch_template.t",)},
                configured=frozenset({"launch_template"}),
            ),
            (TEMPLATE,),
            False,
        ),
        # id = local.template_id: only the code can say which template.
        (
            _resource(
                "aws_autoscaling_group",
                GROUP,
                unknown=frozenset({"launch_template.0.id"}),
                configured=frozenset({"launch_template"}),
            ),
            (TEMPLATE,),
            True,
        ),
        # The reference names a template that is not in the plan (another module's, say).
        (
            _resource(
                "aws_autoscaling_group",
                GROUP,
                unknown=frozenset({"launch_template.0.id"}),
                references={"launch_template.0.id": ("aws_launch_template.other",)},
                configured=frozenset({"launch_template"}),
            ),
            (TEMPLATE,),
            True,
        ),
        # An existing template's id the plan knows, through a local: the code can name it.
        (
            _resource(
                "aws_autoscaling_group",
                {**GROUP, "launch_template": [{"id": "lt-0123", "name": ""}]},
                configured=frozenset({"launch_template"}),
            ),
            (TEMPLATE,),
            True,
        ),
        # No launch template block, no subnets: nothing to follow.
        (
            _resource("aws_autoscaling_group", {"launch_template": [], "min_size": 1}),
            (),
            False,
        ),
        # An instance in the default VPC: subnet_id is the provider's (no expression).
        (
            _resource(
                "aws_instance", {"instance_type": "t3.micro"}, unknown=frozenset({"subnet_id"})
            ),
            (),
            False,
        ),
        # subnet_id = local.subnet: the code knows which subnet, and whether it maps public IPs.
        (
            _resource(
                "aws_instance",
                {"instance_type": "t3.micro"},
                unknown=frozenset({"subnet_id"}),
                configured=frozenset({"subnet_id"}),
            ),
            (SUBNET,),
            True,
        ),
        # A subnet id written as a literal: no expression the code could follow.
        (
            _resource("aws_instance", {"subnet_id": "subnet-0123"}),
            (),
            False,
        ),
        # log_group_class = local.class, unknown: "set from an expression" only with a reference.
        (
            _resource(
                "aws_cloudwatch_log_group",
                {},
                unknown=frozenset({"log_group_class"}),
                configured=frozenset({"log_group_class"}),
            ),
            (),
            True,
        ),
        # The same unknown, left to the provider: AWS's default, whatever the code says.
        (
            _resource("aws_cloudwatch_log_group", {}, unknown=frozenset({"log_group_class"})),
            (),
            False,
        ),
        # alias { name = local.cdn } with the name known: the pricer reads its domain.
        (
            _resource(
                "aws_route53_record",
                {"alias": [{"name": "d111111abcdef8.cloudfront.net"}]},
                configured=frozenset({"alias"}),
            ),
            (),
            False,
        ),
        # alias { name = data.aws_lb.web.dns_name }: a data source's name, known at plan time.
        (
            _resource(
                "aws_route53_record",
                {"alias": [{"name": "web-1.eu-west-1.elb.amazonaws.com"}]},
                references={"alias.0.name": ("data.aws_lb.web",)},
                configured=frozenset({"alias"}),
            ),
            (),
            False,
        ),
        # alias { name = local.lb_name }, unknown: only the code can say what it points at.
        (
            _resource(
                "aws_route53_record",
                {"alias": [{"name": None}]},
                unknown=frozenset({"alias.0.name"}),
                configured=frozenset({"alias"}),
            ),
            (),
            True,
        ),
        # A type no pricer follows anything of: an unresolved reference does not matter.
        (
            _resource(
                "aws_route_table_association",
                {},
                unknown=frozenset({"subnet_id"}),
                configured=frozenset({"subnet_id"}),
            ),
            (),
            False,
        ),
    ],
)
def test_which_references_need_the_code(
    group: Resource, others: tuple[Resource, ...], unresolved: bool
) -> None:
    assert unresolved_references(_plan(group, *others), FOLLOWED, DEFAULTED) is unresolved


def _literal_paths_pricers_read() -> set[tuple[str, str]]:
    """(file, attribute path) for every string-literal path a pricer follows a reference at
    (``referenced``, ``referring``, ``references.get``...) or reads as "AWS's default unless set from something"
    (``value_or_default``), in checker/resources."""
    import ast

    readers = {
        "referenced": 0,
        "referenced_all": 0,
        "referring": 0,
        "others_referring": 1,
        "value_or_default": 1,
        "subnet_assigns_public_ip": 1,
    }
    found: set[tuple[str, str]] = set()
    resources = Path(__file__).resolve().parent.parent / "checker" / "resources"
    for source in resources.rglob("*.py"):
        tree = ast.parse(source.read_text(), str(source))
        # Module-level string constants (_ARN_PATH = "..."): a path named through one counts.
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            position = readers.get(str(name))
            if name == "get" and isinstance(node.func, ast.Attribute):
                # resource.references.get("replication_group_id"): a reference read directly
                position = 0 if getattr(node.func.value, "attr", None) == "references" else None
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add((source.name, argument.value))
            elif isinstance(argument, ast.Name) and argument.id in constants:
                found.add((source.name, constants[argument.id]))
    return found


def _declared_by_file() -> dict[str, set[str]]:
    """Per pricer module file, the paths its types declare: what they follow (on their own
    resources and on others') and what they read as AWS's default."""
    import sys

    declared: dict[str, set[str]] = {}
    for priced in TYPES.values():
        module = sys.modules[priced.price.__module__]
        paths = declared.setdefault(Path(str(module.__file__)).name, set())
        paths.update(p for follow in priced.follows for p in follow.paths)
        paths.update(
            p for follows in priced.follows_on.values() for follow in follows for p in follow.paths
        )
        paths.update(priced.defaulted)
    return declared


def test_every_path_a_pricer_follows_is_declared_beside_it() -> None:
    # Where a pricer starts following a reference (or reading a value as AWS's default unless a
    # reference says otherwise) at a path its type does not declare (FOLLOWS, FOLLOWS_ON,
    # DEFAULTS, passed in its group's TYPES), a plan whose code would resolve it is priced
    # without its code: declare the path there. A module that prices types is held to what
    # those types declare; a helper shared by several pricers (launch.py, autoscaling.py) to
    # the paths any type declares.
    declared = _declared_by_file()
    everywhere = {p for paths in declared.values() for p in paths}
    read = _literal_paths_pricers_read()
    assert len(read) > 20  # the scan finds the calls (it would pass vacuously otherwise)
    missing = [
        (file, path) for file, path in sorted(read) if path not in declared.get(file, everywhere)
    ]
    assert missing == []


def test_the_derived_maps_hold_every_declaration_once() -> None:
    # FOLLOWED and DEFAULTED (what checker.hcl.links is given) are made of the declarations:
    # a type's own follows first, then those other pricers follow on it, none twice; types
    # that are not priced (a second hop) are there only through another's FOLLOWS_ON.
    for kind, priced in TYPES.items():
        assert FOLLOWED.get(kind, ())[: len(priced.follows)] == priced.follows
        assert DEFAULTED.get(kind, ()) == priced.defaulted
        for other, follows in priced.follows_on.items():
            assert set(follows) <= set(FOLLOWED[other])
    for follows in FOLLOWED.values():
        assert len(set(follows)) == len(follows)
    assert FOLLOWED["aws_ecs_cluster_capacity_providers"] == (
        (("cluster_name",), "aws_ecs_cluster", False),
    )
    assert "aws_appautoscaling_target" not in TYPES
    assert "aws_appautoscaling_target" in FOLLOWED
