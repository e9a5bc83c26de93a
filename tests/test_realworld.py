"""HCL mode on Terraform other people wrote: the 18 terraform-aws-modules examples of
``../shared/realworld-terraform`` (used from there, never copied), and fixtures reproducing the
patterns of public modules that those examples reach.

Each example must give no traceback, exit 0, no false cycle and no evaluation error; a registry
module that cannot be followed is an error diagnostic (the totals leave it out), never a quiet
$0.00. The per-example counts are a regression guard: a change that prices fewer resources, or
more without a reason, shows here.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.pipeline import InputOptions, estimate_input
from tests import terraform_tools

REPO = terraform_tools.REPO


def _realworld_dir() -> Path | None:
    explicit = os.environ.get("COSTCHECK_REALWORLD_DIR")
    if explicit:
        return Path(explicit) if Path(explicit).is_dir() else None
    # Beside the repository; a git worktree under wt/ has it one level further up.
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "realworld-terraform"
        if candidate.is_dir():
            return candidate
    return None


REALWORLD = _realworld_dir()

# Example -> (priced, usage, unknown, unsupported, free), as measured on the shared data as it
# is here: every example's .terraform/modules is absent from that copy, so registry modules are
# not followed (and said so). (The counts with the modules installed are to be recorded where
# they are.)
EXPECTED_WITHOUT_MODULES: dict[str, tuple[int, int, int, int, int]] = {
    "apigateway-v2": (0, 3, 0, 0, 27),
    "batch": (0, 3, 0, 0, 14),
    "cloudfront": (1, 6, 0, 0, 10),
    "dynamodb-table": (1, 0, 0, 0, 9),
    "ecs": (1, 2, 0, 0, 20),
    "efs": (0, 3, 0, 0, 9),
    "emr": (0, 0, 4, 0, 24),
    "eventbridge": (1, 6, 0, 0, 38),
    "memory-db": (0, 1, 1, 0, 6),
    "msk-kafka-cluster": (4, 1, 1, 0, 17),
    "opensearch": (0, 2, 2, 0, 4),
    "rds-aurora": (3, 2, 1, 0, 10),
    "redshift": (5, 4, 1, 0, 25),
    "s3-bucket": (1, 8, 0, 0, 25),
    "sns": (0, 3, 0, 0, 5),
    "sqs": (0, 10, 0, 0, 8),
    "step-functions": (0, 5, 0, 0, 28),
    "transit-gateway": (2, 0, 0, 0, 14),
}
STATUSES = ("priced", "usage", "unknown", "unsupported", "free")


def _examples() -> list[Any]:
    if REALWORLD is None:
        return [
            pytest.param(
                None,
                marks=pytest.mark.skip(
                    reason="../shared/realworld-terraform not found (set COSTCHECK_REALWORLD_DIR)"
                ),
                id="absent",
            )
        ]
    found = sorted(REALWORLD.glob("terraform-aws-*/examples/*/"))
    return [pytest.param(p, id=p.parts[-3].removeprefix("terraform-aws-")) for p in found]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("costcheck-cache")  # parse cache shared by the examples


def _registry_calls(example: Path) -> bool:
    """Whether the example (or the repo root it calls) has a module call that is not local."""
    for tf in (*example.glob("*.tf"), *example.parent.parent.glob("*.tf")):
        text = tf.read_text(encoding="utf-8")
        if (
            'source  = "terraform-aws-modules/' in text
            or 'source = "terraform-aws-modules/' in text
        ):
            return True
    return False


def _repo_root(example: Path) -> list[str]:
    """The example's repository (terraform-aws-<name>/), whose root module it calls as ../../:
    outside git, HCL mode reads only under the directory given unless told the repository."""
    return ["--repo-root", str(example.parent.parent)]


@pytest.mark.parametrize("example", _examples())
def test_breakdown_of_a_public_example(example: Path, cache_dir: Path) -> None:
    env = {"COSTCHECK_CACHE_DIR": str(cache_dir), "AWS_REGION": "us-east-1"}
    result = CliRunner().invoke(
        main,
        ["breakdown", str(example), "--format", "json", *_repo_root(example)],
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    document = json.loads(result.stdout)
    diagnostics = document["diagnostics"]
    assert not [d for d in diagnostics if "refers to itself" in d["message"]]
    not_followed = [d for d in diagnostics if " is not followed: " in d["message"]]
    # Nothing else: no expression of these modules fails to evaluate.
    assert [d["message"] for d in diagnostics if d not in not_followed] == []
    assert all(d["severity"] == "error" for d in not_followed)
    # Said once per problem, however many instances meet it; stderr says the same.
    keys = [(d["file"], d["line"]) for d in not_followed]
    assert len(keys) == len(set(keys))
    assert result.stderr.count("costcheck: error: ") == len(not_followed)

    modules_installed = (example / ".terraform" / "modules" / "modules.json").is_file()
    if not modules_installed:
        assert bool(not_followed) == _registry_calls(example)
    summary = document["summary"]
    counts = tuple(summary[s] for s in STATUSES)
    assert sum(counts) == summary["resources"]
    name = example.parts[-3].removeprefix("terraform-aws-")
    if modules_installed:
        pytest.skip(f"{name}: .terraform/modules is installed; its counts are not recorded yet")
    assert counts == EXPECTED_WITHOUT_MODULES[name], dict(zip(STATUSES, counts, strict=True))


@pytest.mark.parametrize("example", _examples())
def test_check_on_an_incomplete_example_says_so(example: Path, cache_dir: Path) -> None:
    if (example / ".terraform" / "modules" / "modules.json").is_file() or not _registry_calls(
        example
    ):
        pytest.skip("every module call of this example is followed")
    env = {"COSTCHECK_CACHE_DIR": str(cache_dir), "AWS_REGION": "us-east-1"}
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(example),
            "--policy",
            "builtin:budget",
            "--format",
            "json",
            *_repo_root(example),
        ],
        env=env,
        catch_exceptions=False,
    )
    document = json.loads(result.stdout)
    errors = [line for line in document["diagnostics"] if ": error: " in line]
    assert errors and all(" is not followed: " in line for line in errors)
    # What a module not followed holds may cost anything: the blocking budget fails closed.
    assert result.exit_code == 1, result.output
    levels = {f["policy_id"]: f["level"] for f in document["findings"]}
    assert levels["COST-BUDGET-001"] == "block"


# --- fixtures reproducing public-module patterns ---------------------------------------------

LAUNCH_TEMPLATES = REPO / "tests" / "fixtures" / "plans" / "module_launch_templates"


def _by_address(path: Path) -> dict[str, Any]:
    estimate, diagnostics = estimate_input(path, InputOptions(environ={}))
    assert [d for d in diagnostics if d.severity == "error"] == []
    return {r.change.address: r for r in estimate.resources}


def test_module_launch_templates_priced_alike_in_plan_and_hcl_mode() -> None:
    # terraform-aws-autoscaling reaches its launch template through locals, try() and
    # conditionals (or takes one from the caller); terraform-aws-eks's managed node groups set
    # instance_types directly with disks on a custom launch template, or none.
    plan = _by_address(LAUNCH_TEMPLATES / "plan.json")
    code = _by_address(LAUNCH_TEMPLATES)
    assert set(plan) == set(code)
    groups = [
        "module.web.aws_autoscaling_group.this[0]",
        "module.workers.aws_autoscaling_group.this[0]",
        "module.batch.aws_autoscaling_group.this[0]",
        "module.nodes.aws_eks_node_group.this[0]",
        "module.nodes_default_template.aws_eks_node_group.this[0]",
    ]
    for address in groups:
        for mode in (plan, code):
            item = mode[address]
            assert item.status == "priced", (address, item.current)
        assert plan[address].current.monthly_cost == code[address].current.monthly_cost
        lines = {c.name: c.monthly_cost for c in plan[address].current.components}
        assert lines == {c.name: c.monthly_cost for c in code[address].current.components}
    total = sum((plan[a].current.monthly_cost for a in groups), Decimal(0))
    assert total == sum((code[a].current.monthly_cost for a in groups), Decimal(0))

    def types(address: str) -> list[str]:
        return [c.name for c in code[address].current.components]

    # What each group launches, read from the template the module's locals lead to.
    assert "m5.large" in types(groups[0])[0]
    assert "c5.large" in types(groups[1])[0]
    assert "t3a.medium" in types(groups[2])[0]  # the template given from outside the module
    assert "m6i.large" in types(groups[3])[0]  # instance_types on the node group
    assert any("gp3" in n for n in types(groups[3]))  # its disk from the custom template
    assert "c6i.large" in types(groups[4])[0]


def test_a_plan_without_its_code_cannot_follow_locals(tmp_path: Path) -> None:
    # terraform show -json writes no locals: alone, the plan cannot tell which launch template
    # local.launch_template_id is, and says so rather than guessing.
    alone = tmp_path / "plan.json"
    alone.write_bytes((LAUNCH_TEMPLATES / "plan.json").read_bytes())
    estimate, _ = estimate_input(alone, InputOptions(environ={}))
    web = next(r for r in estimate.resources if r.change.address.startswith("module.web.aws_a"))
    assert web.status == "unknown"
    assert web.current is not None
    assert "launch template is not in the plan" in str(web.current.components[0].unknown_reason)


# --- the same examples with the registry modules this data holds installed ----------------

# Registry packages whose code is in the shared data as a repo root at that very version (the
# data's README lists the tags): installed where terraform init would put them, in a copy.
INSTALLABLE = {
    "s3-bucket": "terraform-aws-s3-bucket",  # v5.15.4
    "step-functions": "terraform-aws-step-functions",  # v5.0.2
    "sqs": "terraform-aws-sqs",  # v5.2.1
}
# Example -> {module key: package}, and the counts (as above) with those modules followed.
WITH_MODULES: dict[str, tuple[dict[str, str], tuple[int, int, int, int, int]]] = {
    "apigateway-v2": (
        {"step_function": "step-functions", "s3_bucket": "s3-bucket"},
        (0, 5, 0, 0, 31),
    ),
    "cloudfront": ({"s3": "s3-bucket", "log_bucket": "s3-bucket"}, (1, 8, 0, 0, 14)),
    "emr": ({"s3_bucket": "s3-bucket"}, (0, 1, 4, 0, 27)),
    "eventbridge": ({"step_function": "step-functions", "bucket": "s3-bucket"}, (1, 8, 0, 0, 43)),
    "msk-kafka-cluster": ({"s3_logs_bucket": "s3-bucket"}, (4, 2, 1, 0, 22)),
    "redshift": ({"s3_logs": "s3-bucket"}, (5, 5, 1, 0, 29)),
    "sns": ({"sqs": "sqs"}, (0, 4, 0, 0, 6)),
}


def _installed_copy(tmp: Path, name: str, keys: dict[str, str]) -> Path:
    assert REALWORLD is not None
    import shutil

    repo = tmp / f"terraform-aws-{name}"
    shutil.copytree(REALWORLD / repo.name, repo)
    (example,) = (repo / "examples").iterdir()
    modules = example / ".terraform" / "modules"
    entries = [{"Key": "", "Source": "", "Dir": "."}]
    for key, package in keys.items():
        shutil.copytree(
            REALWORLD / INSTALLABLE[package],
            modules / key,
            ignore=shutil.ignore_patterns("examples"),
        )
        source = f"registry.terraform.io/terraform-aws-modules/{package}/aws"
        entries.append({"Key": key, "Source": source, "Dir": f".terraform/modules/{key}"})
    (modules / "modules.json").write_text(json.dumps({"Modules": entries}))
    return example


@pytest.mark.skipif(REALWORLD is None, reason="../shared/realworld-terraform not found")
@pytest.mark.parametrize("name", sorted(WITH_MODULES))
def test_an_example_with_its_registry_modules_installed(
    name: str, tmp_path: Path, cache_dir: Path
) -> None:
    keys, expected = WITH_MODULES[name]
    example = _installed_copy(tmp_path, name, keys)
    env = {"COSTCHECK_CACHE_DIR": str(cache_dir), "AWS_REGION": "us-east-1"}
    result = CliRunner().invoke(
        main,
        ["breakdown", str(example), "--format", "json", *_repo_root(example)],
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    messages = [d["message"] for d in document["diagnostics"]]
    # Only the modules still missing; none of those installed, whose code is now evaluated.
    assert all(" is not followed: " in m for m in messages), messages
    assert not any(m.startswith(tuple(f"module.{k} " for k in keys)) for m in messages)
    summary = document["summary"]
    counts = tuple(summary[s] for s in STATUSES)
    assert counts == expected, dict(zip(STATUSES, counts, strict=True))
    assert summary["resources"] > sum(EXPECTED_WITHOUT_MODULES[name])


def test_a_plan_is_linked_with_its_variables_values(tmp_path: Path) -> None:
    # The .tf files beside a plan are evaluated with the plan's variable values, whatever their
    # type; files that cannot be evaluated leave the plan as it is (no error, no guess).
    import shutil

    code = tmp_path / "code"
    shutil.copytree(LAUNCH_TEMPLATES, code)
    plan = json.loads((code / "plan.json").read_text())
    plan["variables"] = {"unused": {"value": {"a": [1, 2.5, True, None]}}}
    (code / "plan.json").write_text(json.dumps(plan))
    (code / "variables.tf").write_text('variable "unused" {\n  type = any\n}\n')
    linked = _by_address(code / "plan.json")
    assert linked["module.web.aws_autoscaling_group.this[0]"].status == "priced"
    (code / "broken.tf").write_text('variable "required" {}\n')  # no value: cannot evaluate
    alone = _by_address(code / "plan.json")
    assert alone["module.web.aws_autoscaling_group.this[0]"].status == "unknown"


@pytest.mark.skipif(REALWORLD is None, reason="../shared/realworld-terraform not found")
def test_outside_git_the_repository_must_be_named_for_modules_above(cache_dir: Path) -> None:
    assert REALWORLD is not None
    example = REALWORLD / "terraform-aws-sqs" / "examples" / "complete"
    env = {"COSTCHECK_CACHE_DIR": str(cache_dir), "AWS_REGION": "us-east-1"}
    runner = CliRunner()
    alone = runner.invoke(main, ["breakdown", str(example), "--format", "json"], env=env)
    assert alone.exit_code == 0, alone.output
    refused = [d["message"] for d in json.loads(alone.stdout)["diagnostics"]]
    outside = [m for m in refused if "leads outside the repository" in m]
    assert outside and all("--repo-root" in m for m in outside)
    elsewhere = runner.invoke(
        main, ["breakdown", str(example), "--repo-root", str(cache_dir)], env=env
    )
    assert elsewhere.exit_code == 2 and "does not contain" in elsewhere.output
