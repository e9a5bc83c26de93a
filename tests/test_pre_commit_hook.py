"""The pre-commit hook (.pre-commit-hooks.yaml and ``costcheck pre-commit``).

How roots are chosen is tested on real git repositories; the hook itself runs through the real
``pre-commit run`` (what ``git commit`` runs) on a temporary repository whose Terraform is not at
its top, with a staged change that breaks an increase cap (the commit is refused, saying why) and
one that does not.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main
from checker.errors import InputError
from checker.precommit import load_hook_config, select_roots
from tests.git_support import GIT_ENV, commit_all, git

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which(
    "pre-commit"
)

MODULE_TF = """\
variable "size" {
  type = string
}
resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = var.size
}
"""
LIVE_TF = """\
provider "aws" {
  region = "us-east-1"
}
module "web" {
  source = "../../modules/web"
  size   = "%s"
}
"""
POLICY = """\
version: 1
policies:
  - id: TEAM-INCREASE
    name: Small steps
    severity: high
    enforcement: block
    rule:
      kind: cost_increase
      max_increase: 30
"""


def hook() -> dict[str, Any]:
    (only,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(only, dict)
    return only


def test_hook_runs_on_every_commit_and_takes_no_file_names() -> None:
    """No names from pre-commit (it appends them after ``args`` with no ``--``: a file named
    ``--policy=x`` would be an option); the hook asks git. Every commit: a changed data file or
    a deletion changes costs too."""
    found = hook()
    assert found["id"] == "costcheck"
    assert found["language"] == "python"
    assert found["pass_filenames"] is False
    assert found["always_run"] is True
    assert "files" not in found
    assert found["entry"] == "costcheck pre-commit"
    assert 'costcheck = "checker.cli:main"' in (REPO / "pyproject.toml").read_text()


@pytest.fixture()
def app(tmp_path: Path) -> Path:
    """A repository with a root in infra/live calling modules/web, a second root in
    infra/other, and costcheck.yml naming an increase cap of $30."""
    root = tmp_path / "app"
    (root / "infra" / "live").mkdir(parents=True)
    (root / "infra" / "other").mkdir(parents=True)
    (root / "modules" / "web").mkdir(parents=True)
    (root / "policies").mkdir()
    (root / "modules" / "web" / "main.tf").write_text(MODULE_TF)
    (root / "infra" / "live" / "main.tf").write_text(LIVE_TF % "t3.micro")
    (root / "infra" / "other" / "main.tf").write_text(LIVE_TF % "t3.micro")
    (root / "policies" / "cost.yml").write_text(POLICY)
    (root / "costcheck.yml").write_text("policies: [policies/cost.yml]\n")
    (root / "README.md").write_text("app\n")
    commit_all(root, "base")
    return root


def roots_for(app: Path, *changed: str) -> list[str]:
    from checker.precommit import changed_roots

    return [p.as_posix() for p in changed_roots(app, [Path(c) for c in changed]).roots]


def test_a_changed_module_prices_every_root_that_calls_it(app: Path) -> None:
    assert roots_for(app, "modules/web/main.tf") == ["infra/live", "infra/other"]
    assert roots_for(app, "infra/live/main.tf") == ["infra/live"]
    assert roots_for(app, "infra/live/terraform.tfvars") == ["infra/live"]
    assert roots_for(app, "README.md", "envs/prod.tfvars") == []


def test_roots_follow_calls_through_modules_and_survive_cycles() -> None:
    a, b, c, d = (Path(x) for x in ("a", "m/b", "m/c", "solo"))
    calls = {a: {b}, b: {c}, c: {b}, d: set()}
    selection = select_roots([Path("m/c/main.tf"), Path("x/y.tfvars")], [a, b, c, d], calls)
    assert selection.roots == (a,)
    assert selection.outside == (Path("x/y.tfvars"),)
    assert select_roots([Path("solo/main.tf")], [a, b, c, d], calls).roots == (d,)
    # Configured roots replace the ones found.
    configured = select_roots([Path("m/c/main.tf")], [a, b, c, d], calls, [b])
    assert configured.roots == (b,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("polices: [a]\n", "unknown key 'polices'; the keys are policies, roots"),
        ("policies: cost.yml\n", "policies must be a list of non-empty strings"),
        ("roots: [../elsewhere]\n", "'../elsewhere' in roots must be a path inside the"),
        ("policies: [/etc/cost.yml]\n", "'/etc/cost.yml' in policies must be a path inside"),
        ("- a\n", "must be a mapping"),
    ],
)
def test_a_bad_costcheck_yml_is_an_input_error_at_its_line(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "costcheck.yml").write_text("# hook settings\n" + text)
    with pytest.raises(InputError, match=re.escape(message)) as raised:
        load_hook_config(tmp_path)
    assert raised.value.path == "costcheck.yml"
    assert raised.value.line == 2


def run_hook(app: Path, *args: str) -> Any:
    cwd = Path.cwd()
    os.chdir(app)
    try:
        return CliRunner().invoke(main, ["pre-commit", *args])
    finally:
        os.chdir(cwd)


def test_the_command_checks_each_touched_root_against_head(app: Path) -> None:
    (app / "modules" / "web" / "main.tf").write_text(MODULE_TF.replace("var.size", '"m5.xlarge"'))
    result = run_hook(app, "modules/web/main.tf")
    assert result.exit_code == 1, result.output
    assert "costcheck: infra/live against HEAD" in result.output
    assert "costcheck: infra/other against HEAD" in result.output
    assert result.output.count("TEAM-INCREASE") >= 2

    # Without policies (none given, none configured) it only prints the diffs.
    (app / "costcheck.yml").unlink()
    result = run_hook(app, "modules/web/main.tf")
    assert result.exit_code == 0, result.output
    assert "~ module.web.aws_instance.web" in result.output


def test_the_command_skips_cleanly_when_no_root_changed(app: Path) -> None:
    result = run_hook(app, "README.md", "envs/prod.tfvars")
    assert result.exit_code == 0
    assert "envs/prod.tfvars is in no Terraform root here; not priced" in result.output
    assert result.output.strip().endswith("costcheck: no Terraform root changed; nothing to price")


def test_before_the_first_commit_everything_is_new(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(LIVE_TF.replace("../../modules/web", "./web") % "t3.micro")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "main.tf").write_text(MODULE_TF)
    git(tmp_path, "init", "-q")
    result = run_hook(tmp_path, "main.tf")
    assert result.exit_code == 0, result.output
    assert "HEAD is not a commit yet; pricing all as new" in result.output
    assert "+ module.web.aws_instance.web" in result.output


def test_a_commit_deleting_a_whole_root_prices_its_resources_as_removed(app: Path) -> None:
    """pre-commit passes no deleted file: the hook finds the staged deletions itself, and the
    root that is gone is priced from HEAD as removed (not skipped, not an error)."""
    git(app, "rm", "-q", "-r", "infra/other")
    assert not (app / "infra" / "other").exists()
    result = run_hook(app)  # what pre-commit runs when the commit only deletes files
    assert result.exit_code == 0, result.output
    assert "costcheck: infra/other against HEAD" in result.output
    assert "infra/live" not in result.output
    assert "Monthly cost after the change: $0.00 (before $" in result.output
    # Without policies: the diff shows the resource removed.
    (app / "costcheck.yml").unlink()
    result = run_hook(app)
    assert result.exit_code == 0, result.output
    assert "- module.web.aws_instance.web" in result.output
    assert "-> $0.00 (-$" in result.output


def test_selecting_a_deleted_root() -> None:
    a, gone = Path("a"), Path("old")
    selection = select_roots([Path("old/main.tf"), Path("x/y.tf")], [a], {a: set()}, gone=[gone])
    assert selection.roots == (gone,)
    assert selection.outside == (Path("x/y.tf"),)


V1_CONFIG = """\
version: 1
projects:
  - name: live
    path: infra/live
    policies: [policies/cost.yml]
  - name: other
    path: infra/other
    var_files: [envs/other.tfvars]
"""


def test_with_projects_only_the_touched_projects_are_priced_with_their_settings(
    app: Path,
) -> None:
    (app / "envs").mkdir()
    (app / "envs" / "other.tfvars").write_text('size = "t3.micro"\n')
    other = LIVE_TF.replace('"%s"', "var.size") + 'variable "size" {\n  type = string\n}\n'
    (app / "infra" / "other" / "main.tf").write_text(other)
    (app / "costcheck.yml").write_text(V1_CONFIG)
    git(app, "add", ".")
    git(app, "commit", "-q", "-m", "projects")

    # A var file outside the project's directory touches that project only: priced with diff
    # (no policies), through the costcheck.yml project, the base with the var file as it was.
    (app / "envs" / "other.tfvars").write_text('size = "t3.small"\n')
    result = run_hook(app, "envs/other.tfvars")
    assert result.exit_code == 0, result.output
    assert "costcheck: infra/other against HEAD" in result.output
    assert "infra/live" not in result.output
    assert "~ module.web.aws_instance.web" in result.output
    assert "(+$" in result.output

    # The shared module touches both; live is checked against its own policy and blocks.
    (app / "modules" / "web" / "main.tf").write_text(MODULE_TF.replace("var.size", '"m5.xlarge"'))
    result = run_hook(app, "modules/web/main.tf")
    assert result.exit_code == 1, result.output
    assert "costcheck: infra/live against HEAD" in result.output
    assert "costcheck: infra/other against HEAD" in result.output
    assert result.output.count("TEAM-INCREASE") >= 1
    assert "Result: BLOCK" in result.output

    # Nothing of a project changed: one line.
    result = run_hook(app, "README.md")
    assert result.exit_code == 0
    assert "nothing to price" in result.output


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[object]:
    """Count the calls of ``module.name``, which still runs as it is."""
    calls: list[object] = []
    real = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("with_projects", [False, True])
def test_one_run_reads_the_config_the_catalog_and_the_policies_once(
    app: Path, monkeypatch: pytest.MonkeyPatch, with_projects: bool
) -> None:
    import checker.policy.loader
    import checker.pricing.factory
    import checker.repo_config

    if with_projects:  # two projects with the same policies
        (app / "costcheck.yml").write_text(
            V1_CONFIG.replace("    var_files: [envs/other.tfvars]\n", "")
            + "    policies: [policies/cost.yml]\n"
        )
        commit_all(app, "projects")
    configs = counting(monkeypatch, checker.repo_config, "load_repo_config")
    catalogs = counting(monkeypatch, checker.pricing.factory, "_open_catalog")
    policies = counting(monkeypatch, checker.policy.loader, "load_policies")
    (app / "modules" / "web" / "main.tf").write_text(MODULE_TF.replace("var.size", '"m5.xlarge"'))
    result = run_hook(app, "modules/web/main.tf")
    assert result.exit_code == 1, result.output
    assert result.output.count("TEAM-INCREASE") >= 2  # both roots checked
    assert "costcheck: infra/other against HEAD" in result.output
    assert (len(configs), len(catalogs), len(policies)) == (int(with_projects), 1, 1)


def test_config_names_a_costcheck_yml_by_another_name(app: Path) -> None:
    (app / "costs.yml").write_text(V1_CONFIG.replace("    var_files: [envs/other.tfvars]\n", ""))
    git(app, "add", ".")
    git(app, "commit", "-q", "-m", "config elsewhere")
    (app / "modules" / "web" / "main.tf").write_text(MODULE_TF.replace("var.size", '"m5.xlarge"'))
    named = run_hook(app, "--config", "costs.yml", "modules/web/main.tf")
    assert named.exit_code == 1, named.output  # live's own policy blocks
    assert "TEAM-INCREASE" in named.output
    assert "costcheck: infra/live against HEAD" in named.output  # the named file's projects
    assert "costcheck: infra/other against HEAD" in named.output
    (app / "ci").mkdir()
    for elsewhere in (app.parent / "outside.yml", app / "ci" / "costs.yml"):
        elsewhere.write_text(V1_CONFIG)
        refused = run_hook(app, "--config", str(elsewhere), "modules/web/main.tf")
        assert refused.exit_code == 2
        assert "--config must be a costcheck.yml file at the top of the repository" in (
            refused.output
        )


# -- the real pre-commit -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A pre-commit configuration outside the test repositories that uses this repository's
    hook (its files as they are now, committed in a clean copy), and a pre-commit home shared by
    the tests, so costcheck is installed into the hook's environment once, not once per run.
    (Not ``pre-commit try-repo``: it installs into a fresh temporary store every time, ~7 CPU s;
    it runs the same ``run`` as below otherwise.)"""
    if PRE_COMMIT is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    base = tmp_path_factory.mktemp("hook")
    copy = base / "costcheck"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    rev = commit_all(copy, "snapshot")
    config = base / "pre-commit-config.yaml"
    config.write_text(
        yaml.safe_dump({"repos": [{"repo": str(copy), "rev": rev, "hooks": [{"id": "costcheck"}]}]})
    )
    yield config, base / "pre-commit-home"


def pre_commit_run(
    app: Path, hook_repo: tuple[Path, Path], *extra: str, args: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` in ``app`` on its staged files, as the git hook runs it (a
    configuration outside the repository is never 'unstaged'); ``extra`` for pre-commit,
    ``args`` for the hook (as a user's .pre-commit-config.yaml gives them)."""
    config, home = hook_repo
    assert PRE_COMMIT is not None
    if args is not None:
        document = yaml.safe_load(config.read_text())
        document["repos"][0]["hooks"][0]["args"] = args
        config = app.parent / "with-args.yaml"
        config.write_text(yaml.safe_dump(document))
    return subprocess.run(
        [PRE_COMMIT, "run", "--config", str(config), *extra],
        cwd=app,
        env={**GIT_ENV, "PRE_COMMIT_HOME": str(home), "COSTCHECK_CACHE_DIR": str(home)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_run_refuses_a_commit_over_the_increase_cap(
    app: Path, hook_repo: tuple[Path, Path]
) -> None:
    (app / "infra" / "live" / "main.tf").write_text(LIVE_TF % "m5.xlarge")
    git(app, "add", "infra/live/main.tf")

    done = pre_commit_run(app, hook_repo)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "costcheck: infra/live against HEAD" in done.stdout
    assert "TEAM-INCREASE" in done.stdout
    assert "infra/other" not in done.stdout  # untouched roots are not priced


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_run_lets_a_small_change_pass_and_skips_other_files(
    app: Path, hook_repo: tuple[Path, Path]
) -> None:
    (app / "infra" / "live" / "main.tf").write_text(LIVE_TF % "t3.small")
    git(app, "add", "infra/live/main.tf")

    done = pre_commit_run(app, hook_repo)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "costcheck: infra/live against HEAD" in done.stdout
    assert "Result: PASS" in done.stdout

    git(app, "commit", "-q", "-m", "small")
    (app / "README.md").write_text("more\n")
    (app / "prod.tfvars").write_text('size = "m5.xlarge"\n')
    git(app, "add", "README.md", "prod.tfvars")

    done = pre_commit_run(app, hook_repo)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "costcheck: no Terraform root changed; nothing to price" in done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_run_prices_a_deleted_root_as_removed(
    app: Path, hook_repo: tuple[Path, Path]
) -> None:
    git(app, "rm", "-q", "-r", "infra/other")

    done = pre_commit_run(app, hook_repo)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "costcheck: infra/other against HEAD" in done.stdout
    assert "Monthly cost after the change: $0.00" in done.stdout
    assert "Result: PASS" in done.stdout


OK_POLICY = """\
version: 1
policies:
  - id: OK-1
    name: anything goes
    severity: low
    enforcement: advisory
    rule:
      kind: budget
      monthly: 1000000000
"""


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_run_reads_no_file_name_as_an_option(
    app: Path, hook_repo: tuple[Path, Path]
) -> None:
    """Red team 2, finding 4: a pull request over the cap, with files named ``--policy=...``
    and ``--config=...``: the range's files reach no option, the cap blocks."""
    base = git(app, "rev-parse", "HEAD")
    (app / "infra" / "live" / "main.tf").write_text(LIVE_TF % "m5.xlarge")
    (app / "ok.tfvars").write_text(OK_POLICY)
    (app / "--policy=ok.tfvars").write_text("")
    (app / "other.yml").write_text("policies: [ok.tfvars]\n")
    (app / "--config=other.yml").write_text("")
    git(app, "add", "-A")
    git(app, "commit", "-q", "-m", "pr")

    done = pre_commit_run(app, hook_repo, "--from-ref", base, "--to-ref", "HEAD")

    assert done.returncode == 1, done.stdout + done.stderr
    assert f"costcheck: infra/live against {base}" in done.stdout
    assert "TEAM-INCREASE" in done.stdout
    assert "OK-1" not in done.stdout
    assert "Result: BLOCK" in done.stdout

    # A user's args still work (pre-commit puts them after the entry): another policy file.
    (app / "policies" / "loose.yml").write_text(
        POLICY.replace("max_increase: 30", "max_increase: 100000")
    )
    git(app, "add", "-A")
    git(app, "commit", "-q", "-m", "loose")
    done = pre_commit_run(
        app,
        hook_repo,
        "--from-ref",
        base,
        "--to-ref",
        "HEAD",
        args=["--policy", "policies/loose.yml", "--fail-on", "warn"],
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"costcheck: infra/live against {base}" in done.stdout
    assert "Result: PASS" in done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_run_prices_a_staged_data_file_the_code_reads(
    app: Path, hook_repo: tuple[Path, Path]
) -> None:
    (app / "infra" / "live" / "sizes.json").write_text('{"web": "t3.micro"}\n')
    (app / "infra" / "live" / "main.tf").write_text(
        (LIVE_TF % "x").replace('"x"', 'jsondecode(file("${path.module}/sizes.json")).web')
    )
    git(app, "add", "-A")
    git(app, "commit", "-q", "-m", "sizes in json")
    (app / "infra" / "live" / "sizes.json").write_text('{"web": "m5.xlarge"}\n')
    git(app, "add", "infra/live/sizes.json")

    done = pre_commit_run(app, hook_repo)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "costcheck: note: infra/live/sizes.json (not a Terraform file) touches infra/live" in (
        done.stdout
    )
    assert "TEAM-INCREASE" in done.stdout
    assert "infra/other" not in done.stdout


def test_file_names_from_pre_commit_are_refused(app: Path) -> None:
    """A configuration that still passes names (``pass_filenames: true``) is an error, not a
    run whose options the names may have chosen."""
    cwd = Path.cwd()
    os.chdir(app)
    try:
        result = CliRunner().invoke(
            main, ["pre-commit", "infra/live/main.tf"], env={"PRE_COMMIT": "1"}
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 2, result.output
    assert "set pass_filenames: false" in result.output


def test_by_hand_without_names_the_staged_changes_are_priced(app: Path) -> None:
    (app / "infra" / "other" / "main.tf").write_text(LIVE_TF % "m5.xlarge")
    assert "infra/other" not in run_hook(app).output  # not staged: not part of the commit
    git(app, "add", "infra/other/main.tf")
    result = run_hook(app)
    assert result.exit_code == 1, result.output
    assert "costcheck: infra/other against HEAD" in result.output
    assert "infra/live" not in result.output
    refused = run_hook(app, "--base", "no-such-ref")
    assert refused.exit_code == 2
    assert "--base 'no-such-ref' is not a commit" in refused.output


def test_a_range_from_no_commit_here_prices_every_root_as_new(app: Path) -> None:
    cwd = Path.cwd()
    os.chdir(app)
    try:
        env = {"PRE_COMMIT_FROM_REF": "f" * 40, "PRE_COMMIT_TO_REF": "HEAD"}
        result = CliRunner().invoke(main, ["pre-commit"], env=env)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert "is not a commit yet; pricing all as new" in result.output
    assert "costcheck: infra/live\n" in result.output
    assert "costcheck: infra/other\n" in result.output
