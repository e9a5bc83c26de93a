"""Which projects a change touches when what changed is not a .tf file (``--changed-since``, the
pre-commit hook): a data file the code reads through a file function, inside the project or
elsewhere; a file whose path the code computes; a renamed ``.tfvars``. Real git repositories,
the real CLI (red team 2, finding 3).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.precommit import changed_roots, module_facts, select_roots
from tests.git_support import commit_all, git

APP_TF = """\
provider "aws" { region = "us-east-1" }
locals {
  sizes  = jsondecode(file("${path.module}/sizes.json"))
  shared = yamldecode(file("${path.module}/../config/shared.yml"))
}
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = local.sizes.web
}
resource "aws_instance" "db" {
  ami           = "ami-1"
  instance_type = local.shared.db
}
"""
INCREASE_CAP = """\
version: 1
policies:
  - id: INC-1
    name: Increase cap
    severity: high
    enforcement: block
    rule:
      kind: cost_increase
      max_increase: 1000
"""
ONE_PROJECT = "version: 1\npolicies: [inc.yml]\nprojects:\n  - name: app\n    path: app\n"


def run_check(repo: Path, *args: str) -> tuple[int, str]:
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        done = CliRunner().invoke(main, ["check", "--config", "costcheck.yml", *args])
    finally:
        os.chdir(cwd)
    return done.exit_code, done.output


@pytest.fixture()
def mono(tmp_path: Path) -> tuple[Path, str]:
    """The red team's repository: app reads app/sizes.json and config/shared.yml; a cap of
    $1,000 a month on increases. Its base commit."""
    repo = tmp_path / "mono"
    (repo / "app").mkdir(parents=True)
    (repo / "config").mkdir()
    (repo / "app" / "main.tf").write_text(APP_TF)
    (repo / "app" / "sizes.json").write_text('{"web": "t3.micro"}\n')
    (repo / "config" / "shared.yml").write_text("db: t3.micro\n")
    (repo / "inc.yml").write_text(INCREASE_CAP)
    (repo / "costcheck.yml").write_text(ONE_PROJECT)
    return repo, commit_all(repo, "base")


@pytest.mark.parametrize(
    ("name", "text"),
    [("app/sizes.json", '{"web": "p4d.24xlarge"}\n'), ("config/shared.yml", "db: p4d.24xlarge\n")],
)
def test_a_data_file_the_code_reads_makes_its_project_changed(
    mono: tuple[Path, str], name: str, text: str
) -> None:
    repo, base = mono
    (repo / name).write_text(text)
    git(repo, "commit", "-q", "-am", "pr")
    code, output = run_check(repo, "--changed-since", base, "--base", base)
    assert code == 1, output
    assert "1 of 1 project(s) changed since" in output
    assert f"costcheck: note: {name} (not a Terraform file) touches app" in output
    assert "Result: BLOCK" in output


def test_a_renamed_tfvars_counts_under_its_old_name(tmp_path: Path) -> None:
    repo = tmp_path / "ren"
    (repo / "app").mkdir(parents=True)
    (repo / "app" / "main.tf").write_text(
        'provider "aws" { region = "us-east-1" }\n'
        'variable "size" { default = "p4d.24xlarge" }\n'
        'resource "aws_instance" "web" {\n  ami           = "ami-1"\n'
        "  instance_type = var.size\n}\n"
    )
    (repo / "app" / "terraform.tfvars").write_text('size = "t3.micro"\n')
    (repo / "inc.yml").write_text(INCREASE_CAP)
    (repo / "costcheck.yml").write_text(ONE_PROJECT)
    base = commit_all(repo, "base")
    git(repo, "mv", "app/terraform.tfvars", "app/terraform.tfvars.disabled")
    git(repo, "commit", "-q", "-m", "pr")
    code, output = run_check(repo, "--changed-since", base, "--base", base)
    assert code == 1, output
    assert "1 of 1 project(s) changed since" in output
    assert "Result: BLOCK" in output


def test_an_unrelated_file_still_touches_nothing(mono: tuple[Path, str]) -> None:
    repo, base = mono
    (repo / "README.md").write_text("docs\n")
    (repo / "config" / "other.yml").write_text("x: 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "docs")
    code, output = run_check(repo, "--changed-since", base, "--base", base)
    assert code == 0, output
    assert "0 of 1 project(s) changed since" in output


def roots(repo: Path, *changed: str) -> list[str]:
    return [r.as_posix() for r in changed_roots(repo, [Path(c) for c in changed]).roots]


def test_what_a_root_reads_through_its_modules(tmp_path: Path) -> None:
    """A module's ``path.module`` is its own directory; ``path.root`` and a bare relative path
    are the root's (terraform runs there); ``fileset`` reads a whole directory; any file under
    a root's directory, whatever its kind, is the root's."""
    (tmp_path / "live").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "mod").mkdir()
    call = 'module "m" {\n  source = "../mod"\n}\n'
    (tmp_path / "live" / "main.tf").write_text(call)
    (tmp_path / "other" / "main.tf").write_text(call)
    (tmp_path / "mod" / "main.tf").write_text(
        "locals {\n"
        '  a = file("${path.module}/../data/a.json")\n'
        '  b = templatefile("${path.root}/b.tpl", {})\n'
        '  c = filesha256("c.txt")\n'
        '  d = fileset("${path.module}/../sets", "*.json")\n'
        "}\n"
    )
    commit_all(tmp_path, "base")
    assert roots(tmp_path, "data/a.json") == ["live", "other"]
    assert roots(tmp_path, "live/b.tpl") == ["live"]
    assert roots(tmp_path, "other/c.txt") == ["other"]
    assert roots(tmp_path, "sets/deep/x.json") == ["live", "other"]
    assert roots(tmp_path, "mod/README.md") == ["live", "other"]
    assert roots(tmp_path, "live/templates/user_data.sh") == ["live"]
    assert roots(tmp_path, "data/b.json", "b.tpl", "README.md") == []


def test_a_path_not_known_without_evaluating_fails_toward_pricing(tmp_path: Path) -> None:
    (tmp_path / "dyn").mkdir()
    (tmp_path / "plain").mkdir()
    (tmp_path / "dyn" / "main.tf").write_text(
        'variable "env" {\n  default = "prod"\n}\n'
        'locals {\n  sizes = jsondecode(file("${path.module}/../envs/${var.env}.json"))\n}\n'
    )
    (tmp_path / "plain" / "main.tf").write_text('locals {\n  x = file("x.txt")\n}\n')
    commit_all(tmp_path, "base")
    facts = module_facts(tmp_path, Path("dyn"))
    assert facts.reads.unknown
    assert not module_facts(tmp_path, Path("plain")).reads.unknown
    # Any changed file that is not Terraform code may be the one it reads.
    assert roots(tmp_path, "envs/prod.json") == ["dyn"]
    assert roots(tmp_path, "anything/at/all.yml") == ["dyn"]
    # Terraform code elsewhere is not read by file functions: its own root only.
    assert roots(tmp_path, "plain/main.tf") == ["plain"]
    # A file that does not parse reads what nobody knows.
    (tmp_path / "plain" / "broken.tf").write_text("locals {\n")
    assert roots(tmp_path, "envs/prod.json") == ["dyn", "plain"]


def test_a_read_through_a_symbolic_link_counts_under_its_target(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "sizes.json").write_text("{}\n")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "sizes.json").symlink_to("../shared/sizes.json")
    (tmp_path / "app" / "main.tf").write_text(
        'locals {\n  s = file("${path.module}/../links/sizes.json")\n}\n'
    )
    commit_all(tmp_path, "base")
    assert roots(tmp_path, "shared/sizes.json") == ["app"]
    assert roots(tmp_path, "links/sizes.json") == ["app"]


def test_selection_says_which_non_terraform_file_touched_which_root() -> None:
    a, b = Path("a"), Path("b")
    selection = select_roots(
        [Path("a/data.json"), Path("a/main.tf"), Path("a/x.tfvars"), Path("b/c/notes.md")],
        [a, b],
        {a: set(), b: set()},
    )
    assert selection.roots == (a, b)
    assert selection.through == ((Path("a/data.json"), (a,)), (Path("b/c/notes.md"), (b,)))


def test_a_template_that_reads_files_itself_fails_toward_pricing(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.tf").write_text(
        'locals {\n  u = templatefile("${path.module}/user_data.tpl", {})\n}\n'
    )
    (tmp_path / "app" / "user_data.tpl").write_text("echo ${name}\n")
    commit_all(tmp_path, "base")
    assert not module_facts(tmp_path, Path("app")).reads.unknown
    assert roots(tmp_path, "elsewhere/sizes.json") == []
    (tmp_path / "app" / "user_data.tpl").write_text('size=${file("elsewhere/sizes.json")}\n')
    assert module_facts(tmp_path, Path("app")).reads.unknown
    assert roots(tmp_path, "elsewhere/sizes.json") == ["app"]
