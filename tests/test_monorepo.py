"""A monorepo in one run: ``--config costcheck.yml`` prices every project of
examples/monorepo (three roots, HCL mode) once, and each project's figures equal running its
root alone; the formats render every project and the total; the exit code is the worst."""

from __future__ import annotations

import json
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.policy.model import RunContext
from checker.report.outputs import RENDERERS
from checker.run_result import PolicyOutcome, ProjectResult, RunResult
from tests.actions_support import (  # noqa: F401  (forked_costcheck_command: a fixture)
    forked_costcheck_command,
    run_action_script,
)
from tests.git_support import commit_all, git
from tests.github_server import GitHubServer
from tests.policy_support import TODAY, check, estimate, one_policy
from tests.test_action import github, run_action  # noqa: F401  (the fixture, too)
from tests.test_checkov import checkov_bin, checkov_venv  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "monorepo"
ROOTS = {  # the project, and the options its costcheck.yml entry stands for
    "networking": (),
    "app": ("--var-file", "app/prod.tfvars"),
    "data": (),
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def in_example(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(EXAMPLE)
    return EXAMPLE


def test_each_projects_figures_equal_its_root_priced_alone(in_example: Path) -> None:
    code, out, err = run("breakdown", "--config", "costcheck.yml", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert [p["name"] for p in document["projects"]] == list(ROOTS)
    for project in document["projects"]:
        name, path = project.pop("name"), project.pop("path")
        assert path == name
        code, alone, err = run("breakdown", name, *ROOTS[name], "--format", "json")
        assert code == 0, err
        assert project == json.loads(alone), name
    totals = [Decimal(p["total_monthly_cost"]) for p in document["projects"]]
    assert all(t > 0 for t in totals)
    assert Decimal(document["total_monthly_cost"]) == sum(totals)


def test_check_judges_each_project_with_the_files_and_its_own_policies(in_example: Path) -> None:
    code, out, err = run("check", "--config", "costcheck.yml", "--format", "json")
    assert code == 0, err  # DATA-BUDGET warns, nothing blocks
    document = json.loads(out)
    policies = {p["name"]: sorted(r["id"] for r in p["policies"]) for p in document["projects"]}
    assert policies == {
        "networking": ["MONO-TAGS"],
        "app": ["MONO-TAGS"],
        "data": ["DATA-BUDGET", "MONO-TAGS"],
    }
    app = next(p for p in document["projects"] if p["name"] == "app")
    assert app["run"]["workspace"] == "prod"
    # The same project checked alone gives the same document.
    del app["name"], app["path"]
    code, alone, err = run(
        "check",
        "app",
        "--var-file",
        "app/prod.tfvars",
        "--workspace",
        "prod",
        "--policy",
        "policies/tags.yml",
        "--format",
        "json",
    )
    assert code == 0, err
    assert app == json.loads(alone)


def test_several_projects_document_has_its_projects_version_and_money(in_example: Path) -> None:
    documents = {}
    for command in ("breakdown", "check"):
        code, out, err = run(command, "--config", "costcheck.yml", "--format", "json")
        assert code == 0, err
        documents[command] = document = json.loads(out)
        assert {p["version"] for p in document["projects"]} == {document["version"]}, command
    assert documents["breakdown"]["version"] == "1.0" and documents["check"]["version"] == "1.1"


def test_several_projects_totals_are_written_as_their_projects_are() -> None:
    """check's totals in cents (the exact sum, rounded), as its projects' are; an estimate's
    exact, as its projects' are."""
    tiny = estimate({"address": "aws_sqs_queue.q", "values": {}, "components": {"R": "0.0042"}})
    report = check(one_policy("      kind: budget\n      monthly: 100\n"), tiny)
    outcome = PolicyOutcome(report, RunContext("plan.json", TODAY), "block", 0)
    projects = tuple(ProjectResult(n, n, tiny, (), outcome) for n in ("a", "b"))
    checked = json.loads(RENDERERS["check"]["json"](RunResult("check", projects, 0)))
    assert [p["totals"]["monthly_cost"] for p in checked["projects"]] == ["0.00", "0.00"]
    assert checked["total_monthly_cost"] == "0.01"  # 0.0084, rounded half up
    assert checked["past_total_monthly_cost"] == "0.00"
    priced = json.loads(RENDERERS["diff"]["json"](RunResult("diff", projects, 0)))
    assert [p["total_monthly_cost"] for p in priced["projects"]] == ["0.0042", "0.0042"]
    assert priced["total_monthly_cost"] == "0.0084"


def test_the_command_lines_workspace_is_each_projects_unless_it_sets_its_own(
    in_example: Path,
) -> None:
    code, out, err = run(
        "check", "--config", "costcheck.yml", "--workspace", "staging", "--format", "json"
    )
    assert code == 0, err
    workspaces = {p["name"]: p["run"]["workspace"] for p in json.loads(out)["projects"]}
    assert workspaces == {"networking": "staging", "app": "prod", "data": "staging"}


def test_the_exit_code_is_the_worst_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "mono"
    shutil.copytree(EXAMPLE, repo)
    data_policy = repo / "policies" / "data.yml"
    data_policy.write_text(
        data_policy.read_text().replace("enforcement: warn", "enforcement: block")
    )
    monkeypatch.chdir(repo)
    code, out, _ = run("check", "--config", "costcheck.yml")
    assert code == 1
    assert out.count("Result: PASS") == 2 and "Result: BLOCK" in out
    # Restricted to the passing projects (by name, or by a PATH under which they sit).
    assert run("check", "--config", "costcheck.yml", "--project", "app")[0] == 0
    assert run("check", "--config", "costcheck.yml", "networking")[0] == 0
    code, _, err = run("check", "--config", "costcheck.yml", "--project", "dta")
    assert code == 2 and "did you mean 'data'" in err


@pytest.mark.parametrize(
    ("command", "fmt"),
    [
        ("breakdown", "table"),
        ("diff", "table"),
        ("check", "table"),
    ],
)
def test_every_format_renders_every_project_and_the_total(
    in_example: Path, command: str, fmt: str
) -> None:
    code, out, err = run(command, "--config", "costcheck.yml", "--format", fmt)
    assert code == 0, err
    for name in ROOTS:
        heading = f"### Project {name} ({name})" if fmt == "markdown" else f"== {name} ({name}) =="
        assert out.count(heading) == 1, (name, out)
    assert "TOTAL over 3 projects: " in out
    _, alone, _ = run(
        command,
        "data",
        "--format",
        fmt,
        *(
            ("--policy", "policies/tags.yml", "--policy", "policies/data.yml")
            if command == "check"
            else ()
        ),
    )
    assert alone in out  # each section is the project's own report


@pytest.mark.parametrize("command", ["diff", "check"])
def test_the_comment_has_a_row_per_project_and_the_total(in_example: Path, command: str) -> None:
    code, out, err = run(command, "--config", "costcheck.yml", "--format", "markdown")
    assert code == 0, err
    projects = out[out.index("#### Projects") : out.index("#### Resources")]
    for name in ROOTS:  # each row's figure is the project's own, priced alone
        _, alone, _ = run(
            "diff", "--config", "costcheck.yml", "--project", name, "--format", "json"
        )
        after = _cents(json.loads(alone)["total_monthly_cost"])
        assert f"| {name} | $0.00 | ${after} | +${after} |" in projects, projects
    _, whole, _ = run("diff", "--config", "costcheck.yml", "--format", "json")
    total = _cents(json.loads(whole)["total_monthly_cost"])
    assert f"| **Total** | **$0.00** | **${total}** | **+${total}** |" in projects


def _cents(value: str) -> str:
    """A JSON figure as the comment shows it: to the cent, half up, with thousands commas."""
    return f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def test_without_a_costcheck_yml_a_path_is_required(in_example: Path) -> None:
    code, _, err = run("diff")
    assert code == 2 and "--config costcheck.yml" in err
    code, _, err = run("diff", "app", "--project", "app")
    assert code == 2 and "--project names a project of a costcheck.yml" in err


def test_check_needs_a_policy_somewhere_and_prices_projects_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "mono"
    shutil.copytree(EXAMPLE, repo)
    monkeypatch.chdir(repo)
    config = repo / "costcheck.yml"
    text = config.read_text()
    # Only `data` has policies (its own): the others are priced, and say no policy judged them.
    config.write_text(text.replace("policies: [policies/tags.yml]\n", ""))
    code, out, err = run("check", "--config", "costcheck.yml", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    policies = {p["name"]: [r["id"] for r in p["policies"]] for p in document["projects"]}
    assert policies == {"networking": [], "app": [], "data": ["DATA-BUDGET"]}
    code, out, _ = run("check", "--config", "costcheck.yml")
    assert code == 0 and out.count("0 policies evaluated: no policies: for this project") == 2
    code, out, _ = run("check", "--config", "costcheck.yml", "--format", "markdown")
    projects = out[out.index("#### Projects") : out.index("#### Resources")].splitlines()
    rows = [line for line in projects if line.startswith(("| app |", "| networking |"))]
    assert len(rows) == 2 and all(r.endswith("| no policies |") for r in rows), rows
    # A matrix job's one project judges as the whole run does (data's policies count).
    code, out, err = run("check", "--config", "costcheck.yml", "--project", "networking")
    assert code == 0 and "0 policies evaluated" in out, err
    # --policy gives every project one.
    code, out, err = run(
        "check", "--config", "costcheck.yml", "--policy", "policies/tags.yml", "--format", "json"
    )
    assert code == 0, err
    assert all(p["policies"] for p in json.loads(out)["projects"])
    # No policy anywhere: refused, naming the file, not a pass on nothing.
    config.write_text(
        text.replace("policies: [policies/tags.yml]\n", "").replace(
            "    policies: [policies/data.yml]\n", ""
        )
    )
    code, out, err = run("check", "--config", "costcheck.yml")
    assert code == 2 and out == ""
    assert "costcheck.yml: no policies given: pass --policy" in err
    assert run("diff", "--config", "costcheck.yml")[0] == 0  # diff needs none


# -- the Action's config input ------------------------------------------------------------------


def test_the_action_prices_every_project_of_its_config_in_one_comment(
    github: GitHubServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    run = run_action(
        github,
        tmp_path,
        path="examples/monorepo",
        config="examples/monorepo/costcheck.yml",
        **{"usage-file": ""},
    )
    assert run.returncode == 0, run.stderr
    done = CliRunner().invoke(
        main, ["diff", "--config", str(EXAMPLE / "costcheck.yml"), "--format", "json"]
    )
    whole = json.loads(done.stdout)
    assert run.outputs["total-monthly-cost"] == whole["total_monthly_cost"]
    body = Path(run.outputs["comment-file"]).read_text()
    for name in ROOTS:
        assert f"\n| {name} | $0.00 | $" in body  # a row per project in the one comment
    assert f"| **Total** | **$0.00** | **${_cents(whole['total_monthly_cost'])}** |" in body
    # No `policy` input, but the costcheck.yml's policies are enforced: `check` ran.
    assert "DATA-BUDGET" in body and "MONO-TAGS" in Path(run.outputs["sarif-file"]).read_text()


def test_the_action_enforces_a_configs_blocking_policy_without_a_policy_input(
    github: GitHubServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo = tmp_path / "mono"
    shutil.copytree(EXAMPLE, repo)
    data_policy = repo / "policies" / "data.yml"
    data_policy.write_text(
        data_policy.read_text().replace("enforcement: warn", "enforcement: block")
    )
    run = run_action(
        github, tmp_path, path=str(repo), config=str(repo / "costcheck.yml"), **{"usage-file": ""}
    )
    assert run.outputs["exit-code"] == "1" and run.returncode == 1, run.stderr
    assert "DATA-BUDGET" in Path(run.outputs["comment-file"]).read_text()
    # A costcheck.yml that names no policy anywhere: refused, and the comment says so.
    config = repo / "costcheck.yml"
    config.write_text(
        config.read_text()
        .replace("policies: [policies/tags.yml]\n", "")
        .replace("    policies: [policies/data.yml]\n", "")
    )
    run = run_action(github, tmp_path, path=str(repo), config=str(config), **{"usage-file": ""})
    assert run.outputs["exit-code"] == "2", run.stderr
    assert "no policies given" in run.stderr
    assert "policy check could not run" in Path(run.outputs["comment-file"]).read_text()


def test_the_action_refuses_a_config_that_is_no_file(
    github: GitHubServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    run = run_action(github, tmp_path, config="examples/monorepo")
    assert run.outputs["exit-code"] == "2"
    assert "input config must be a costcheck.yml file" in run.stderr


def test_checkov_runs_per_project_and_survives_the_result_file(
    in_example: Path,
    checkov_bin: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """checkov (its own virtualenv, tests/test_checkov.py) on each project's own directory; its
    report travels in the result file, so the merged comment shows it as the run did."""
    args = ["check", "--config", "costcheck.yml", "--checkov", "--checkov-bin", str(checkov_bin)]
    target, whole = tmp_path / "r.json", tmp_path / "whole.md"
    # One checkov pass per project: the run's markdown from the same pass (--out).
    code, out, err = run(
        *args, "--format", "json", "--out", f"result={target}", "--out", f"markdown={whole}"
    )
    assert code == 0, err
    documents = json.loads(out)["projects"]
    assert [d["name"] for d in documents] == list(ROOTS)
    assert all("checkov" in d for d in documents)
    data = next(d for d in documents if d["name"] == "data")
    assert {f["resource"] for f in data["checkov"]["failed_checks"]} & {
        "aws_db_instance.main",
        "aws_s3_bucket.exports",
    }
    assert all(
        f["resource"].split(".")[0].startswith("aws_")
        and not f["resource"].startswith("aws_instance")
        for f in data["checkov"]["failed_checks"]
    )  # only the data root's resources: checkov ran on that directory
    code, merged, err = run("merge", str(target), "--format", "markdown")
    assert code == 0, err
    assert "checkov" in merged.lower()
    assert merged == whole.read_text()


def test_with_a_base_only_the_changed_project_moves_and_a_plan_is_a_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.git_support import commit_all

    repo = tmp_path / "mono"
    shutil.copytree(EXAMPLE, repo)
    shutil.copy(REPO / "examples" / "web-stack" / "plan.json", repo / "web.json")
    config = repo / "costcheck.yml"
    config.write_text(config.read_text() + "  - name: web\n    path: web.json\n")
    commit_all(repo, "base")
    tfvars = repo / "app" / "prod.tfvars"
    tfvars.write_text(tfvars.read_text().replace("instance_count = 2", "instance_count = 3"))
    monkeypatch.chdir(repo)

    code, out, err = run("diff", "--config", "costcheck.yml", "--base", "HEAD", "--format", "json")
    assert code == 0, err
    projects = {p["name"]: p for p in json.loads(out)["projects"]}
    moved = {n for n, p in projects.items() if Decimal(p["diff_total_monthly_cost"]) != 0}
    assert moved == {"app", "web"}  # web: a plan holds its own before (all created)
    app = projects["app"]
    assert [r["action"] for r in app["resources"] if r["action"] != "no-op"] == ["create"]
    assert Decimal(app["diff_total_monthly_cost"]) == Decimal(app["total_monthly_cost"]) / 3
    # The plan project equals the plan priced alone.
    _, alone, _ = run("diff", "web.json", "--format", "json")
    web = projects["web"]
    del web["name"], web["path"]
    assert web == json.loads(alone)


def test_the_cli_loads_no_policy_code_until_a_costcheck_yml_is_read() -> None:
    """costcheck.yml's validator uses the policy vocabulary; a plain breakdown must not pay for
    importing it (the lazy command group exists for a quick cold start)."""
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, checker.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('checker.policy')))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert done.stdout.strip() == "[]"


# -- --changed-since: only the projects a change touches ------------------------------------------


@pytest.fixture()
def repo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example as a git repository of its own, committed, as a CI checkout has it."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    git(repo, "init", "-q")
    commit_all(repo, "base")
    monkeypatch.chdir(repo)
    return repo


def _changed_projects(*extra: str) -> tuple[int, list[str], str]:
    code, out, err = run(
        "diff", "--config", "costcheck.yml", "--changed-since", "HEAD", "--format", "json", *extra
    )
    document = json.loads(out) if out else {}
    if "projects" in document:
        return code, [p["name"] for p in document["projects"]], err
    return code, [], err


def test_changed_since_prices_only_the_projects_a_change_touches(repo_copy: Path) -> None:
    code, names, err = _changed_projects()
    assert (code, names) == (0, []) and "0 of 3 project(s) changed since HEAD" in err
    main_tf = repo_copy / "app" / "main.tf"
    main_tf.write_text(main_tf.read_text() + "\n# a comment is a change\n")
    code, names, err = _changed_projects()
    assert code == 0 and "1 of 3 project(s) changed since HEAD: app" in err
    # One project: its own document; the figures as --project app gives them.
    _, only, _ = run("diff", "--config", "costcheck.yml", "--project", "app", "--format", "json")
    _, changed, _ = run(
        "diff", "--config", "costcheck.yml", "--changed-since", "HEAD", "--format", "json"
    )
    assert json.loads(changed)["total_monthly_cost"] == json.loads(only)["total_monthly_cost"]
    # A var file of a project is its input; an untracked file counts as changed too.
    (repo_copy / "data" / "extra.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    code, _, err = run(
        "diff", "--config", "costcheck.yml", "--changed-since", "HEAD", "--format", "table"
    )
    assert code == 0 and "2 of 3 project(s) changed since HEAD: app, data" in err


def test_changed_since_needs_a_config_and_a_commit(repo_copy: Path) -> None:
    code, _, err = run("diff", "app", "--changed-since", "HEAD")
    assert code == 2 and "add --config FILE" in err
    code, _, err = run("diff", "--config", "costcheck.yml", "--changed-since", "nope")
    assert code == 2 and "'nope' is not a commit" in err
    code, _, err = run("diff", "--config", "costcheck.yml", "--changed-since", "--all")
    assert code == 2
    # A ref git would take for an option never reaches git.
    leak = repo_copy.parent / "leak"
    code, _, err = run("diff", "--config", "costcheck.yml", f"--changed-since=--output={leak}")
    assert code == 2 and "is not a commit" in err
    assert not leak.exists()


def test_check_over_no_changed_project_passes_on_nothing_said(repo_copy: Path) -> None:
    code, out, err = run(
        "check", "--config", "costcheck.yml", "--changed-since", "HEAD", "--format", "github"
    )
    assert code == 0 and "0 of 3 project(s) changed since HEAD" in err
    assert out.startswith("costcheck: pass - $0.00 -> $0.00")


def test_the_action_prices_only_changed_projects_on_request(
    repo_copy: Path, tmp_path: Path
) -> None:
    base = git(repo_copy, "rev-parse", "HEAD").strip()
    main_tf = repo_copy / "app" / "main.tf"
    main_tf.write_text(main_tf.read_text() + "\n# a change\n")
    commit_all(repo_copy, "head")
    inputs = {
        "path": str(repo_copy),
        "config": str(repo_copy / "costcheck.yml"),
        "base": base,
        "changed-only": "true",
        "comment": "false",
    }
    run = run_action_script(tmp_path, inputs, {"GITHUB_EVENT_NAME": "push"})
    assert run.returncode == 0, run.stderr
    assert "1 of 3 project(s) changed since" in run.stderr
    _, alone, _ = run_cli_json("--project", "app")
    assert run.outputs["total-monthly-cost"] == _cents(str(alone["total_monthly_cost"]))
    refused = run_action_script(tmp_path, {**inputs, "config": ""}, {"GITHUB_EVENT_NAME": "push"})
    assert refused.outputs["exit-code"] == "2"
    assert "input changed-only needs a config and a base commit" in refused.stderr


def run_cli_json(*args: str) -> tuple[int, dict[str, object], str]:
    code, out, err = run("diff", "--config", "costcheck.yml", *args, "--format", "json")
    return code, json.loads(out), err


ROGUE_TF = """provider "aws" { region = "us-east-1" }
resource "aws_instance" "big" {
  count         = 20
  ami           = "ami-1"
  instance_type = "m5.24xlarge"
}
"""
ROGUE_SAID = "rogue/main.tf changed but is in no project of costcheck.yml: it is not priced"
BLOCK_UNKNOWN = """version: 1
policies:
  - id: ROOM
    name: The whole change stays under $100,000 a month
    severity: high
    enforcement: block
    on_unknown: block
    rule:
      kind: budget
      monthly: 100000
"""


def _add_rogue(repo: Path, commit: bool = True) -> None:
    (repo / "rogue").mkdir()
    (repo / "rogue" / "main.tf").write_text(ROGUE_TF)
    if commit:
        git(repo, "add", "rogue")
        git(repo, "commit", "-q", "-m", "rogue")


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "github", "html", "sarif", "junit"])
def test_a_changed_tf_file_in_no_project_is_said_in_every_format(repo_copy: Path, fmt: str) -> None:
    _add_rogue(repo_copy)
    args = ("--config", "costcheck.yml", "--changed-since", "HEAD~1", "--format", fmt)
    code, out, err = run("check", "--policy", "builtin:budget", *args)
    # Unread input: the blocking budget fails closed whatever its on_unknown (not the clean
    # pass it was).
    assert code == 1 and "0 of 3 project(s) changed since HEAD~1" in err
    assert ROGUE_SAID in out and ROGUE_SAID in err
    if fmt == "github":
        assert out.splitlines()[-1].startswith("costcheck: BLOCKED - ")


def test_a_change_in_no_project_is_unread_input_and_fails_closed(repo_copy: Path) -> None:
    (repo_copy / "policies" / "room.yml").write_text(BLOCK_UNKNOWN)
    commit_all(repo_copy, "policy")
    _add_rogue(repo_copy, commit=False)  # untracked counts as changed
    args = ("--config", "costcheck.yml", "--changed-since", "HEAD", "--format", "json")
    code, out, _ = run("check", "--policy", "policies/room.yml", *args)
    assert code == 1 and ROGUE_SAID in out
    # The only row of the run: its document, nothing priced, the reason in its diagnostics.
    document = json.loads(out)
    assert (document["source"], document["result"]) == ("(not in costcheck.yml)", "block")
    assert document["totals"]["monthly_cost"] == "0.00"
    assert any(ROGUE_SAID in d for d in document["diagnostics"])
    # The result file keeps it: merged, the run still fails closed.
    result = repo_copy.parent / "result.json"
    run("check", "--policy", "policies/room.yml", *args, "--out", f"result={result}")
    code, out, _ = run("merge", str(result), "--format", "github")
    assert code == 1 and ROGUE_SAID in out
    # diff judges nothing: exit 0, the row and its diagnostic still there.
    code, out, _ = run("diff", *args)
    assert code == 0 and ROGUE_SAID in out
    # Once a project covers it, it is priced as one (and nothing is said).
    config = repo_copy / "costcheck.yml"
    config.write_text(config.read_text() + "  - name: rogue\n    path: rogue\n")
    code, out, err = run("check", "--policy", "policies/room.yml", *args)
    assert "not priced" not in out + err
    document = json.loads(out)
    assert (document["source"], Decimal(document["totals"]["monthly_cost"]) > 0) == ("rogue", True)
    # Blocked now for its missing team tag (the file's policy), not for being unread.
    assert {p["id"]: p["outcome"] for p in document["policies"]}["ROOM"] == "pass"


def test_a_module_a_project_calls_is_no_outside_terraform(repo_copy: Path) -> None:
    called = repo_copy / "modules" / "tags" / "extra.tf"
    called.write_text('locals { more = "tags" }\n')
    (repo_copy / "app" / "extra.tfvars").write_text("")  # beside a project's .tf: its own
    code, names, err = _changed_projects()
    assert code == 0 and "not priced" not in err
    assert "(not in costcheck.yml)" not in names
    # A .tfvars no root reads is no Terraform the run leaves out; one beside rogue .tf files is.
    (repo_copy / "notes.tfvars").write_text("")
    assert "not priced" not in _changed_projects()[2]
    _add_rogue(repo_copy)
    (repo_copy / "rogue" / "prod.tfvars").write_text("")
    err = _changed_projects()[2]
    assert "rogue/prod.tfvars changed but is in no project" in err
    assert "rogue/main.tf changed" not in err  # committed: not changed since HEAD


def test_a_config_below_the_git_top_sees_its_own_changes(tmp_path: Path) -> None:
    top = tmp_path / "top"
    shutil.copytree(EXAMPLE, top / "infra")
    commit_all(top, "base")
    main_tf = top / "infra" / "app" / "main.tf"
    main_tf.write_text(main_tf.read_text() + "\n# a change\n")
    code, out, err = run(
        "diff", "--config", str(top / "infra" / "costcheck.yml"), "--changed-since", "HEAD"
    )
    assert code == 0 and "1 of 3 project(s) changed since HEAD: app" in err
    assert "not priced" not in out + err


def test_without_changed_since_a_directory_no_project_covers_is_warned(
    repo_copy: Path,
) -> None:
    code, out, err = run("check", "--config", "costcheck.yml", "--format", "json")
    assert "not priced" not in out + err  # the example: every directory covered
    assert "(not in costcheck.yml)" not in out
    before = code
    _add_rogue(repo_copy)
    code, out, err = run("check", "--config", "costcheck.yml", "--format", "json")
    said = "rogue/ holds Terraform files but is in no project of costcheck.yml"
    assert code == before and said in err and said in out  # a warning: the verdict stands
    # Asking for one project asks nothing about the rest of the repository.
    _, out, err = run("check", "--config", "costcheck.yml", "--project", "app")
    assert said not in out + err


def test_outside_git_the_directories_are_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(EXAMPLE, plain)
    _add_rogue(plain, commit=False)
    (plain / ".hidden").mkdir()
    (plain / ".hidden" / "main.tf").write_text(ROGUE_TF)
    monkeypatch.chdir(plain)
    code, out, err = run("breakdown", "--config", "costcheck.yml", "--format", "json")
    assert code == 0 and "rogue/ holds Terraform files but is in no project" in out + err
    assert ".hidden" not in out + err  # as discover: hidden directories are never roots
