"""TF_VAR_ values are the CI operator's (often repository secrets), the .tf files the pull
request's: whatever the declaration says, an environment value is sensitive in HCL mode and
never reaches a report. The exceptions, so a region still prices: a value that is exactly a
region code costcheck knows, and the variables listed in COSTCHECK_PUBLIC_TF_VARS.

Real CLI processes (each forked from one server that imported costcheck: tests/helpers.py
``forked_cli``), every report format of one pass through ``--out``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.hcl import evaluate_directory
from tests.helpers import forked_cli, run_costcheck  # noqa: F401  (forked_cli: a fixture)

REPO = Path(__file__).resolve().parent.parent
POLICIES = REPO / "tests" / "fixtures" / "policies" / "sensitive" / "policies.yml"
SECRET = "Zq9SECRETvalue"

# The pull request's files: nothing declared sensitive, the value used everywhere it could show.
ATTACK = """\
provider "aws" {
  region = var.region
}
variable "region" {}
variable "db_password" {}
variable "keys" {
  type = list(string)
  default = []
}
locals {
  names = toset([var.db_password])
}
resource "aws_sqs_queue" "direct" {
  for_each = toset([var.db_password])
  name     = "q-${each.key}"
}
resource "aws_sqs_queue" "via_local" {
  for_each = local.names
  name     = each.key
}
resource "aws_sqs_queue" "counted" {
  count = length(var.db_password)
  name  = "c-${count.index}"
}
resource "aws_sqs_queue" "secret" {
  name = "n-${var.db_password}"
  tags = { env = var.db_password, "${var.db_password}" = "k" }
}
resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  tags          = { Name = var.db_password, env = "prod" }
}
"""

FORMATS = {
    "diff": ("table", "markdown", "json", "html", "summary", "github", "result"),
    "check": ("table", "markdown", "json", "html", "summary", "sarif", "junit", "github", "result"),
}


def _every_format(command: str) -> list[str]:
    """``command`` over the folder ``pr``: its first format on stdout, every other written
    with --out NAME=NAME.out; under check, the test policies."""
    formats = FORMATS[command]
    args = [command, "pr", "--format", formats[0]]
    for name in formats[1:]:
        args += ["--out", f"{name}={name}.out"]
    if command == "check":
        args += ["--policy", str(POLICIES)]
    return args


@pytest.fixture()
def attack(tmp_path: Path) -> Path:
    root = tmp_path / "pr"
    root.mkdir()
    (root / "main.tf").write_text(ATTACK)
    return root


@pytest.mark.parametrize("command", sorted(FORMATS))
def test_a_tf_var_secret_reaches_no_report(attack: Path, command: str) -> None:
    formats = FORMATS[command]
    args = _every_format(command)
    env = {"TF_VAR_db_password": SECRET, "TF_VAR_region": "eu-west-1"}
    result = run_costcheck(args, attack.parent, env)
    assert result.returncode in (0, 1), result.stderr
    texts = {formats[0]: result.stdout, "stderr": result.stderr}
    texts |= {n: (attack.parent / f"{n}.out").read_text() for n in formats[1:]}
    for name, text in texts.items():
        assert SECRET not in text, name
        assert SECRET.lower() not in text.lower(), name
    # The refusal says where the value came from and what to do instead.
    assert "TF_VAR_db_password" in result.stderr
    assert "--var db_password=" in result.stderr
    if command == "check":
        return
    # A region given as TF_VAR_region is no secret: the instance is priced in it.
    document = json.loads((attack.parent / "json.out").read_text())
    web = next(r for r in document["resources"] if r["address"] == "aws_instance.web")
    assert web["region"] == "eu-west-1"
    assert "(sensitive)" not in json.dumps(web["components"][0])


def test_every_environment_value_is_sensitive_but_a_region_code(attack: Path) -> None:
    result = evaluate_directory(
        attack,
        environ={"TF_VAR_db_password": "us-west-2x", "TF_VAR_region": "eu-west-1"},
        use_cache=False,
    )
    changes = {c["address"]: c["change"] for c in result.document["resource_changes"]}
    assert changes["aws_sqs_queue.secret"]["after_sensitive"]["name"] is True
    assert changes["aws_instance.web"]["after_sensitive"]["tags"] == {"Name": True}
    refused = [d for d in result.diagnostics if "derived from a sensitive value" in d.message]
    assert {d.line for d in refused} == {14, 18, 22}
    assert all(d.severity == "error" for d in refused)
    # A value the pull request itself writes (a default, a .tfvars file) stays as declared.
    (attack / "terraform.tfvars").write_text('db_password = "plain"\n')
    plain = evaluate_directory(attack, environ={"TF_VAR_region": "eu-west-1"}, use_cache=False)
    addresses = {c["address"] for c in plain.document["resource_changes"]}
    assert 'aws_sqs_queue.direct["plain"]' in addresses
    assert not [d for d in plain.diagnostics if "sensitive" in d.message]


def test_a_region_that_is_not_a_known_code_is_secret_too(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "region" {}\nprovider "aws" {\n  region = var.region\n}\n'
        'resource "aws_sqs_queue" "q" {\n  for_each = toset([var.region])\n  name = "q"\n}\n'
    )
    result = evaluate_directory(tmp_path, environ={"TF_VAR_region": "eu-west-1 "}, use_cache=False)
    addresses = {c["address"] for c in result.document["resource_changes"]}
    assert addresses == {"aws_sqs_queue.q"}  # not keyed by the value
    known = evaluate_directory(tmp_path, environ={"TF_VAR_region": "eu-west-1"}, use_cache=False)
    assert {c["address"] for c in known.document["resource_changes"]} == {
        'aws_sqs_queue.q["eu-west-1"]'
    }


def test_the_operator_may_name_public_variables(attack: Path) -> None:
    environ = {
        "TF_VAR_db_password": "shown-value",
        "TF_VAR_region": "eu-west-1",
        "COSTCHECK_PUBLIC_TF_VARS": " other , db_password",
    }
    result = evaluate_directory(attack, environ=environ, use_cache=False)
    addresses = {c["address"] for c in result.document["resource_changes"]}
    assert 'aws_sqs_queue.direct["shown-value"]' in addresses
    assert not [d for d in result.diagnostics if "sensitive" in d.message]


def test_a_secret_that_does_not_fit_its_type_is_not_quoted(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "n" {\n  type = map(string)\n}\nvariable "m" {\n  type = number\n}\n'
    )
    for environ in (
        {"TF_VAR_n": '{a = "Zq9SECRET" +', "TF_VAR_m": "1"},
        {"TF_VAR_n": "{}", "TF_VAR_m": "Zq9SECRET"},
    ):
        with pytest.raises(Exception) as caught:
            evaluate_directory(tmp_path, environ=environ, use_cache=False)
        assert "Zq9SECRET" not in str(caught.value)
        assert "TF_VAR_" in str(caught.value) or "variable" in str(caught.value)


# nonsensitive() is the pull request's to write, the TF_VAR_ value the operator's: the mark of an
# environment value stays on, directly, through a local, a module input and count/for_each.
UNMARKING = """\
provider "aws" {
  region = "us-east-1"
}
variable "db_password" {
  type = string
}
variable "team" {
  type      = string
  sensitive = true
}
locals {
  via_local = "x-${var.db_password}"
}
module "m" {
  source = "./m"
  pw     = var.db_password
}
resource "aws_instance" "direct" {
  ami           = "ami-12345678"
  instance_type = nonsensitive(var.db_password)
  tags          = { a = nonsensitive(var.db_password), b = nonsensitive(local.via_local) }
}
resource "aws_sqs_queue" "keyed" {
  for_each = nonsensitive(toset([var.db_password]))
  name     = each.key
}
resource "aws_sqs_queue" "counted" {
  count = nonsensitive(length(var.db_password))
  name  = "c"
}
resource "aws_sqs_queue" "declared" {
  name = nonsensitive(var.team)
}
"""
UNMARKING_MODULE = """\
variable "pw" {
  type = string
}
locals {
  up = upper(var.pw)
}
resource "aws_sqs_queue" "inner" {
  name = nonsensitive(local.up)
  tags = { t = nonsensitive(var.pw) }
}
resource "aws_sqs_queue" "each" {
  for_each = nonsensitive(toset([local.up]))
  name     = "e"
}
"""


@pytest.fixture()
def unmarking(tmp_path: Path) -> Path:
    root = tmp_path / "pr"
    (root / "m").mkdir(parents=True)
    (root / "main.tf").write_text(UNMARKING)
    (root / "m" / "main.tf").write_text(UNMARKING_MODULE)
    # The pull request's own sensitive value: nonsensitive() takes its mark off, as terraform.
    (root / "terraform.tfvars").write_text('team = "platform-team"\n')
    return root


@pytest.mark.parametrize("command", sorted(FORMATS))
def test_nonsensitive_does_not_show_a_tf_var_secret(unmarking: Path, command: str) -> None:
    formats = FORMATS[command]
    args = _every_format(command)
    refused = run_costcheck(args, unmarking.parent, {"TF_VAR_db_password": SECRET})
    # aws_instance.direct's price would derive from the secret: refused, no report written.
    assert refused.returncode == 2, refused.stderr
    assert "aws_instance.direct: its cost derives from a sensitive value" in refused.stderr
    assert SECRET.lower() not in (refused.stdout + refused.stderr).lower()
    assert not list(unmarking.parent.glob("*.out"))
    # With a type that is no secret, the reports are written: the rest shows in none either.
    main = unmarking / "main.tf"
    main.write_text(main.read_text().replace("nonsensitive(var.db_password)\n", '"t3.micro"\n', 1))
    result = run_costcheck(args, unmarking.parent, {"TF_VAR_db_password": SECRET})
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    texts = {formats[0]: result.stdout, "stderr": result.stderr}
    texts |= {p.name: p.read_text() for p in unmarking.parent.glob("*.out")}
    for name, text in texts.items():
        assert SECRET.lower() not in text.lower(), name
    assert "TF_VAR_db_password" in result.stderr
    assert "nonsensitive() cannot take off" in result.stderr
    # No advice to do what cannot help.
    assert "use nonsensitive()" not in result.stderr


def test_nonsensitive_leaves_the_environment_mark_on(unmarking: Path) -> None:
    result = evaluate_directory(unmarking, environ={"TF_VAR_db_password": SECRET}, use_cache=False)
    changes = {c["address"]: c["change"] for c in result.document["resource_changes"]}
    direct = changes["aws_instance.direct"]["after_sensitive"]
    assert direct["instance_type"] is True
    assert direct["tags"] == {"a": True, "b": True}
    inner = changes["module.m.aws_sqs_queue.inner"]["after_sensitive"]
    assert inner["name"] is True
    assert inner["tags"] == {"t": True}
    # count/for_each of it: refused at their lines, naming the TF_VAR_, never keyed by it.
    refused = {
        (d.file, d.line)
        for d in result.diagnostics
        if "nonsensitive() cannot take off" in d.message and "TF_VAR_db_password" in d.message
    }
    assert refused == {("main.tf", 24), ("main.tf", 28), ("m/main.tf", 12)}
    assert "aws_sqs_queue.keyed" in changes
    assert "module.m.aws_sqs_queue.each" in changes
    # The value the pull request itself declares sensitive: nonsensitive() is honoured.
    declared = changes["aws_sqs_queue.declared"]
    assert declared["after"]["name"] == "platform-team"
    assert declared["after_sensitive"] == {} or not declared["after_sensitive"].get("name")


def test_nonsensitive_of_a_public_environment_value_shows_it(unmarking: Path) -> None:
    environ = {"TF_VAR_db_password": "shown-value", "COSTCHECK_PUBLIC_TF_VARS": "db_password"}
    result = evaluate_directory(unmarking, environ=environ, use_cache=False)
    addresses = {c["address"] for c in result.document["resource_changes"]}
    assert 'aws_sqs_queue.keyed["shown-value"]' in addresses
    assert 'module.m.aws_sqs_queue.each["SHOWN-VALUE"]' in addresses
    assert not [d for d in result.diagnostics if "sensitive" in d.message]


def test_nonsensitive_still_unmarks_the_pull_requests_own_values(tmp_path: Path) -> None:
    # The secret is read first (resource "a"); other arguments derive only from the pull
    # request's own sensitive values, so nonsensitive() takes their mark off as terraform does.
    (tmp_path / "main.tf").write_text(
        'variable "db_password" {}\n'
        'variable "users" {\n  type = list(string)\n  sensitive = true\n}\n'
        'resource "aws_sqs_queue" "a" {\n  name = "q-${var.db_password}"\n}\n'
        'resource "aws_sqs_queue" "users" {\n'
        "  for_each = nonsensitive(toset([for u in var.users : upper(u)]))\n"
        '  name     = "u-${var.db_password}"\n'
        '  tags     = { n = nonsensitive(join(",", var.users)) }\n'
        "}\n"
    )
    (tmp_path / "terraform.tfvars").write_text('users = ["ann", "bob"]\n')
    result = evaluate_directory(tmp_path, environ={"TF_VAR_db_password": SECRET}, use_cache=False)
    changes = {c["address"]: c["change"] for c in result.document["resource_changes"]}
    assert set(changes) == {
        "aws_sqs_queue.a",
        'aws_sqs_queue.users["ANN"]',
        'aws_sqs_queue.users["BOB"]',
    }
    users = changes['aws_sqs_queue.users["ANN"]']
    assert users["after"]["tags"] == {"n": "ann,bob"}
    assert users["after_sensitive"]["name"] is True
    assert not users["after_sensitive"].get("tags")
    assert not [d for d in result.diagnostics if d.severity == "error"]


# A cost is shown per resource in every report: one the pull request computes from a sensitive
# value decodes it. In HCL mode such a component is refused (exit 2), not priced nor "unknown"
# (unknown would let a pull request turn a blocking policy into a warning).
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# Red-team finding 5: a volume size holding 8 characters of the secret, ...
SIZE_LEAK = f"""\
provider "aws" {{
  region = "us-east-1"
}}
variable "db_password" {{
  type = string
}}
locals {{
  alphabet = "{ALPHABET}"
}}
resource "aws_ebs_volume" "one" {{
  availability_zone = "us-east-1a"
  type              = "gp3"
  size = sum([for i in range(8) : (index(split("", local.alphabet), substr(var.db_password, i, 1)) + 1) * pow(64, i)]) % 65536 + 1
}}
"""
# ... and one instance per character, its type (hence its price) chosen by that character.
TYPE_LEAK = f"""\
provider "aws" {{
  region = "us-east-1"
}}
variable "db_password" {{
  type = string
}}
locals {{
  alphabet = "{ALPHABET}"
  kinds    = ["t3.nano", "t3.micro", "t3.small", "t3.medium", "m5.large", "c5.large", "r5.large"]
  types    = [for i in range(62) : local.kinds[i % 7]]
}}
resource "aws_instance" "leak" {{
  count         = {len(SECRET)}
  ami           = "ami-12345678"
  instance_type = local.types[index(split("", local.alphabet), substr(var.db_password, count.index, 1))]
}}
"""
LEAKS = {
    "size": (SIZE_LEAK, "aws_ebs_volume.one", "size"),
    "type": (TYPE_LEAK, "aws_instance.leak[", "instance_type"),
}


@pytest.mark.parametrize("command", sorted(FORMATS))
@pytest.mark.parametrize("leak", sorted(LEAKS))
def test_a_cost_derived_from_a_secret_is_refused(tmp_path: Path, command: str, leak: str) -> None:
    code, address, attribute = LEAKS[leak]
    (tmp_path / "pr").mkdir()
    (tmp_path / "pr" / "main.tf").write_text(code)
    formats = FORMATS[command]
    args = _every_format(command)
    result = run_costcheck(args, tmp_path, {"TF_VAR_db_password": SECRET})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    texts = {formats[0]: result.stdout, "stderr": result.stderr}
    texts |= {p.name: p.read_text() for p in tmp_path.glob("*.out")}
    for name, text in texts.items():
        assert SECRET.lower() not in text.lower(), name
    # Names the file, line, resource and attribute, says why and what to do.
    line = next(n for n, text in enumerate(code.splitlines(), 1) if text.startswith("resource "))
    assert f"main.tf:{line}: {address}" in result.stderr
    assert f"({attribute})" in result.stderr
    assert "would reveal" in result.stderr
    assert "COSTCHECK_PUBLIC_TF_VARS" in result.stderr


def _cost(document: dict[str, object], address: str) -> object:
    resources = document["resources"]
    assert isinstance(resources, list)
    return next(r["monthly_cost"] for r in resources if r["address"] == address)


def test_a_public_tf_var_prices_the_cost_it_derives(tmp_path: Path) -> None:
    (tmp_path / "pr").mkdir()
    (tmp_path / "pr" / "main.tf").write_text(SIZE_LEAK)
    environ = {"TF_VAR_db_password": SECRET, "COSTCHECK_PUBLIC_TF_VARS": "db_password"}
    public = run_costcheck(["diff", "pr", "--format", "json"], tmp_path, environ)
    assert public.returncode == 0, public.stderr
    # The same value written by the pull request itself prices the same.
    (tmp_path / "pr" / "terraform.tfvars").write_text(f'db_password = "{SECRET}"\n')
    literal = run_costcheck(["diff", "pr", "--format", "json"], tmp_path, {})
    assert literal.returncode == 0, literal.stderr
    address = "aws_ebs_volume.one"
    shown = json.loads(public.stdout)
    assert _cost(shown, address) == _cost(json.loads(literal.stdout), address)
    assert _cost(shown, address) not in (None, "0", "0.00")
    assert "(sensitive)" not in public.stdout


# An application setting holding the secret: the Elastic Beanstalk pricer reads every setting
# (the secret with them), but the cost does not derive from it.
SETTING = """\
provider "aws" {
  region = "us-east-1"
}
variable "db_password" {
  type = string
}
resource "aws_elastic_beanstalk_environment" "app" {
  name                = "app"
  application         = "app"
  solution_stack_name = "64bit Amazon Linux 2023 v4.0.0 running Python 3.11"
  setting {
    namespace = "aws:autoscaling:launchconfiguration"
    name      = "InstanceType"
    value     = "t3.small"
  }
  setting {
    namespace = "aws:elasticbeanstalk:application:environment"
    name      = "DB_PASSWORD"
    value     = var.db_password
  }
}
"""


def test_a_secret_read_that_does_not_change_the_cost_still_prices(tmp_path: Path) -> None:
    from checker.estimate import name_components
    from checker.plan.document import parse_plan_document

    root = tmp_path / "pr"
    root.mkdir()
    (root / "main.tf").write_text(SETTING)
    evaluated = evaluate_directory(root, environ={"TF_VAR_db_password": SECRET}, use_cache=False)
    plan = parse_plan_document(
        evaluated.document, source=str(root), default_region=None, from_code=True
    )
    # The pricer does read the secret (the refusal is not just unreached) ...
    reads: set[tuple[str, str]] = set()
    from checker.resources import PRICERS
    from checker.resources.base import PlanResources, ResourceView
    from checker.sensitivity import watched

    (change,) = plan.changes
    assert change.after is not None
    PRICERS[change.after.type](
        ResourceView(resource=watched(change.after, reads), usage={}, others=PlanResources([]))
    )
    assert reads
    # ... yet what it names does not depend on it: priced, nothing refused.
    assert name_components(plan).sides
    result = run_costcheck(
        ["diff", "pr", "--format", "json"], tmp_path, {"TF_VAR_db_password": SECRET}
    )
    assert result.returncode == 0, result.stderr
    assert SECRET.lower() not in (result.stdout + result.stderr).lower()
    assert _cost(json.loads(result.stdout), "aws_elastic_beanstalk_environment.app") not in (
        None,
        "0",
        "0.00",
    )


# The pricer follows a reference: the value is read on the launch template, the cost is the group's.
VIA_REFERENCE = """\
provider "aws" {
  region = "us-east-1"
}
variable "db_password" {
  type = string
}
resource "aws_launch_template" "lt" {
  name_prefix   = "lt"
  image_id      = "ami-12345678"
  instance_type = length(var.db_password) > 10 ? "m5.large" : "t3.micro"
}
resource "aws_autoscaling_group" "asg" {
  min_size           = 1
  max_size           = 3
  desired_capacity   = 2
  availability_zones = ["us-east-1a"]
  launch_template {
    id      = aws_launch_template.lt.id
    version = "$Latest"
  }
}
"""


def test_a_secret_read_through_a_reference_is_refused_by_its_name(tmp_path: Path) -> None:
    (tmp_path / "pr").mkdir()
    (tmp_path / "pr" / "main.tf").write_text(VIA_REFERENCE)
    result = run_costcheck(["diff", "pr"], tmp_path, {"TF_VAR_db_password": SECRET})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "main.tf:12: aws_autoscaling_group.asg: " in result.stderr
    assert "(aws_launch_template.lt.instance_type)" in result.stderr
    assert SECRET.lower() not in (result.stdout + result.stderr).lower()
