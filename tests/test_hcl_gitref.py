"""``costcheck diff DIR --base REF``: the code at a git ref, read without touching the working
tree, compared with the working tree."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.hcl import diff_documents, evaluate_directory, evaluate_git_ref
from checker.model import Action
from checker.pipeline import InputOptions, load_input
from checker.plan.loader import parse_plan_document

BASE = """
provider "aws" {
  region = "us-east-1"
}
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
resource "aws_instance" "worker" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
resource "aws_ebs_volume" "old" {
  availability_zone = "us-east-1a"
  size              = 10
}
resource "aws_db_instance" "db" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
}
module "queues" {
  source = "../modules/queues"
}
"""

HEAD = """
provider "aws" {
  region = "us-east-1"
}
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "m5.large"
}
resource "aws_instance" "worker" {
  ami           = "ami-2"
  instance_type = "t3.micro"
}
resource "aws_ebs_volume" "new" {
  availability_zone = "us-east-1a"
  size              = 50
}
resource "aws_db_instance" "db" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
}
module "queues" {
  source = "../modules/queues"
}
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
            "HOME": str(repo),
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        },
    )
    return done.stdout


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A git repo whose infra/ directory changed since the commit tagged ``base``."""
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    (root / "modules" / "queues").mkdir(parents=True)
    (root / "modules" / "queues" / "main.tf").write_text(
        'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
    )
    (root / "infra" / "main.tf").write_text(textwrap.dedent(BASE))
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    git(root, "tag", "base")
    (root / "infra" / "main.tf").write_text(textwrap.dedent(HEAD))
    (root / "infra" / "untracked.tf").write_text("# not committed\n")
    return root


def _actions(doc: dict[str, Any]) -> dict[str, list[str]]:
    return {c["address"]: c["change"]["actions"] for c in doc["resource_changes"]}


def test_the_base_is_read_from_git_without_touching_the_working_tree(
    repo: Path, tmp_path: Path
) -> None:
    status_before = git(repo, "status", "--porcelain")
    text_before = (repo / "infra" / "main.tf").read_text()
    base = evaluate_git_ref(repo / "infra", "base", environ={}, cache_dir=tmp_path / "cache")
    assert git(repo, "status", "--porcelain") == status_before
    assert (repo / "infra" / "main.tf").read_text() == text_before
    addresses = [c["address"] for c in base.document["resource_changes"]]
    assert "aws_ebs_volume.old" in addresses
    assert "module.queues.aws_sqs_queue.q" in addresses  # a module outside the directory
    located = {
        c["address"]: c["x_costcheck_location"]["file"] for c in base.document["resource_changes"]
    }
    assert located["aws_instance.web"] == "main.tf"  # named as in the working tree


def test_diff_gives_create_update_replace_delete_and_no_op(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    base = evaluate_git_ref(repo / "infra", "base", environ={}, cache_dir=cache)
    head = evaluate_directory(repo / "infra", environ={}, cache_dir=cache)
    doc = diff_documents(base.document, head.document)
    assert _actions(doc) == {
        "aws_db_instance.db": ["no-op"],
        "aws_ebs_volume.new": ["create"],
        "aws_ebs_volume.old": ["delete"],
        "aws_instance.web": ["update"],  # instance_type changes in place
        "aws_instance.worker": ["delete", "create"],  # a new AMI replaces the instance
        "module.queues.aws_sqs_queue.q": ["no-op"],
    }
    changes = {c["address"]: c for c in doc["resource_changes"]}
    web = changes["aws_instance.web"]["change"]
    assert (web["before"]["instance_type"], web["after"]["instance_type"]) == (
        "t3.micro",
        "m5.large",
    )
    assert changes["aws_instance.worker"]["change"]["replace_paths"] == [["ami"]]
    old = changes["aws_ebs_volume.old"]["change"]
    assert old["after"] is None and old["before"]["size"] == 10

    plan = parse_plan_document(doc, source="diff", default_region=None, from_code=True)
    by_address = {c.address: c for c in plan}
    assert by_address["aws_instance.worker"].action is Action.REPLACE
    deleted = by_address["aws_ebs_volume.old"]
    assert deleted.action is Action.DELETE
    assert deleted.before is not None and deleted.before.region == "us-east-1"
    assert deleted.before.attributes.get("size") == 10


def test_an_unknown_ref_or_a_directory_outside_git_is_an_input_error(
    repo: Path, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="unknown git ref 'nope'"):
        evaluate_git_ref(repo / "infra", "nope", environ={})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "main.tf").write_text("")
    with pytest.raises(InputError, match="not inside a git repository"):
        evaluate_git_ref(outside, "HEAD", environ={})


def test_a_directory_added_after_the_base_is_all_created(repo: Path) -> None:
    # A commit that adds a root: nothing at the base, every resource created (the pre-commit
    # hook refused such commits while this was an input error).
    (repo / "later").mkdir()
    (repo / "later" / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
    )
    (repo / "empty").mkdir()
    (repo / "empty" / "README.md").write_text("nothing yet\n")
    git(repo, "add", "later", "empty")
    git(repo, "commit", "-q", "-m", "later")
    (repo / "empty" / "main.tf").write_text((repo / "later" / "main.tf").read_text())
    for directory in ("later", "empty"):
        loaded = load_input(repo / directory, InputOptions(base_ref="base", environ={}))
        assert [(c.address, c.action) for c in loaded.plan] == [("aws_sqs_queue.q", Action.CREATE)]
        assert [(d.severity, d.message) for d in loaded.diagnostics] == [
            ("warning", f"at the base (base): {directory}/ has no .tf files: every resource is new")
        ]
        assert loaded.plan.incomplete == ()


EXTRA = """
resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 100
}
module "more" {
  source = "../modules/queues"
}
"""


def _diff_of(repo: Path, tmp_path: Path) -> dict[str, Any]:
    head = evaluate_directory(repo / "infra", environ={}, cache_dir=tmp_path / "cache")
    base = evaluate_git_ref(repo / "infra", "base", environ={}, cache_dir=tmp_path / "cache")
    return diff_documents(base.document, head.document)


def _not_compared(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in doc["x_costcheck_diagnostics"] if d["message"].startswith("not compared: ")]


@pytest.mark.parametrize("broken_side", ["head", "base"])
def test_what_a_file_that_did_not_parse_held_is_neither_created_nor_deleted(
    repo: Path, tmp_path: Path, broken_side: str
) -> None:
    broken = EXTRA + "resource {{{\n"
    extra = repo / "infra" / "extra.tf"
    extra.write_text(broken if broken_side == "base" else EXTRA)
    git(repo, "add", "infra/extra.tf")
    git(repo, "commit", "-q", "-m", "extra")
    git(repo, "tag", "-f", "base")
    extra.write_text(EXTRA if broken_side == "base" else broken)
    doc = _diff_of(repo, tmp_path)
    actions = _actions(doc)
    # Its resources, and those of the module it calls, are left out of both sides.
    assert "aws_ebs_volume.data" not in actions
    assert "module.more.aws_sqs_queue.q" not in actions
    assert actions["module.queues.aws_sqs_queue.q"] == ["no-op"]
    (left_out,) = _not_compared(doc)
    side = "the base (base)" if broken_side == "base" else "the working tree"
    assert left_out["file"] == "extra.tf"
    assert left_out["severity"] == "error"
    assert left_out["message"] == (
        f"not compared: extra.tf did not parse at {side}, so aws_ebs_volume.data, "
        "module.more.aws_sqs_queue.q could be neither compared nor priced"
    )
    syntax = [d for d in doc["x_costcheck_diagnostics"] if "syntax error" in d["message"]]
    assert len(syntax) == 1
    if broken_side == "base":
        assert syntax[0]["message"].startswith("at the base (base): syntax error")


def test_a_resource_really_removed_is_still_deleted_when_another_file_breaks(
    repo: Path, tmp_path: Path
) -> None:
    (repo / "infra" / "broken.tf").write_text("resource {{{\n")
    doc = _diff_of(repo, tmp_path)
    assert _actions(doc)["aws_ebs_volume.old"] == ["delete"]  # it was in main.tf, which parses
    assert _not_compared(doc) == []


def test_load_input_reports_each_side_s_diagnostics_once(repo: Path) -> None:
    # Both sides hold the same broken file: the working tree's problem, the base's (marked) and
    # the comparison's own, each once, as the CLI prints them.
    (repo / "infra" / "broken.tf").write_text("resource {{{\n")
    git(repo, "add", "infra/broken.tf")
    git(repo, "commit", "-q", "-m", "broken")
    git(repo, "tag", "-f", "base")
    loaded = load_input(
        repo / "infra", InputOptions(base_ref="base", region="us-east-1", environ={})
    )
    messages = [d.render() for d in loaded.diagnostics if "syntax error" in d.message]
    assert len(messages) == 2
    assert messages[0].startswith("broken.tf:1: syntax error")
    assert messages[1].startswith("broken.tf:1: at the base (base): syntax error")
    assert len(set(d.render() for d in loaded.diagnostics)) == len(loaded.diagnostics)


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


# Each example that is one root (examples/monorepo holds three: tests/test_monorepo.py).
@pytest.mark.parametrize(
    "example", sorted(p.name for p in EXAMPLES.iterdir() if any(p.glob("*.tf")))
)
def test_an_unchanged_tree_diffs_to_no_change_at_all(example: str, tmp_path: Path) -> None:
    # The base side is evaluated from code, so it has unknowns a Terraform "before" never has
    # (web-stack's ALB subnets): read as unset they once priced differently, a phantom change.
    from checker.estimate import estimate_plan
    from checker.pricing.factory import make_price_source

    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / example, root, ignore=shutil.ignore_patterns(".terraform"))
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    options = InputOptions(base_ref="HEAD", region="us-east-1", environ={})
    loaded = load_input(root, options)
    estimate = estimate_plan(loaded.plan, make_price_source("catalog"))
    changed = {c.address: c.action for c in loaded.plan if c.action is not Action.NOOP}
    assert changed == {}
    # Each side priced alike, line by line: the same costs and the same unknowns.
    for priced in estimate.resources:
        assert priced.past is not None and priced.current is not None
        assert priced.past.status == priced.current.status, priced.change.address
        assert priced.past.components == priced.current.components, priced.change.address
    assert estimate.diff_total_monthly_cost == 0
    assert estimate.total_monthly_cost > 0  # priced for real, not an empty diff
