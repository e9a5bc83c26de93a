"""What a new user meets on the pull-request surfaces of a monorepo run: one footer over every
project, one prefix per diagnostic, --out that cannot clash with stdout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.git_support import commit_all, git

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "monorepo"
FREE_ROOT = """\
provider "aws" {
  region = "us-east-1"
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
"""


@pytest.fixture()
def with_free_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example monorepo plus a project of free resources only (it uses no price)."""
    repo = tmp_path / "mono"
    shutil.copytree(EXAMPLE, repo)
    (repo / "free").mkdir()
    (repo / "free" / "main.tf").write_text(FREE_ROOT)
    config = repo / "costcheck.yml"
    config.write_text(config.read_text() + "  - name: free\n    path: free\n")
    monkeypatch.chdir(repo)
    return repo


def test_the_comment_footer_counts_the_prices_of_every_project_once(
    with_free_project: Path,
) -> None:
    result = CliRunner().invoke(
        main, ["diff", "--config", "costcheck.yml", "--format", "markdown"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    footer = result.stdout.rsplit("<sub>", 1)[1]
    # The free project used no price, but the run did: no "none used" beside the counts.
    assert "none used" not in footer and footer.count("Prices: ") == 1, footer
    assert "catalog as of " in footer


def test_a_deleted_root_warns_once_in_the_table_and_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "gone").mkdir(parents=True)
    (repo / "gone" / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_instance" "web" {\n  ami           = "ami-123"\n'
        '  instance_type = "t3.large"\n}\n'
    )
    git(repo, "init", "-q")
    base = commit_all(repo, "base")
    (repo / "gone" / "main.tf").unlink()
    (repo / "gone" / "README").write_text("moved away\n")
    commit_all(repo, "delete the root")
    monkeypatch.chdir(repo)
    page = tmp_path / "report.html"
    result = CliRunner().invoke(
        main,
        ["check", "gone", "--base", base, "--policy", "builtin:budget", "--out", f"html={page}"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    said = "gone has no .tf files now: every resource is deleted"
    assert f"Warning: {said}" in result.stdout, result.stdout
    assert "Warning: warning:" not in result.stdout
    html = page.read_text()
    assert f"Warning: {said}" in html and "Warning: warning:" not in html


WEB_PLAN = REPO / "examples" / "web-stack" / "plan.json"


def _costcheck(*args: str, **popen: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "checker", *args], stderr=subprocess.PIPE, cwd=REPO, **popen
    )


def test_out_refuses_the_file_stdout_goes_to_and_a_directory(tmp_path: Path) -> None:
    shown = tmp_path / "report.json"
    with shown.open("wb") as stdout:  # as `--out json=report.json > report.json` does
        run = _costcheck("diff", str(WEB_PLAN), "--out", f"json={shown}", stdout=stdout)
        _, err = run.communicate(timeout=120)
    assert run.returncode == 2, err
    assert b"is where standard output goes" in err and b"--format json" in err
    assert shown.read_bytes() == b""  # refused before anything is written
    run = _costcheck("diff", str(WEB_PLAN), "--out", "json=/dev/stdout", stdout=subprocess.PIPE)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 2 and out == b"" and b"--out /dev/stdout" in err
    run = _costcheck("diff", str(WEB_PLAN), "--out", f"json={tmp_path}", stdout=subprocess.PIPE)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 2 and b"is a directory; name a file in it" in err
    # Another file beside stdout, and /dev/null, are fine.
    run = _costcheck(
        "diff", str(WEB_PLAN), "--out", f"json={tmp_path / 'other.json'}", stdout=subprocess.DEVNULL
    )
    assert run.wait(timeout=120) == 0
    run = _costcheck("diff", str(WEB_PLAN), "--out", "json=/dev/null", stdout=subprocess.DEVNULL)
    assert run.wait(timeout=120) == 0


def test_a_reader_that_leaves_early_is_no_internal_error_and_no_pass() -> None:
    run = _costcheck(
        "check",
        str(WEB_PLAN),
        "--policy",
        "builtin:budget",
        "--format",
        "json",
        stdout=subprocess.PIPE,
    )
    assert run.stdout is not None
    run.stdout.close()  # as `| true` does: gone before costcheck prints
    _, err = run.communicate(timeout=120)
    assert run.returncode == 2, err
    assert b"standard output was closed before the report ended" in err
    assert b"internal error" not in err and b"Traceback" not in err


@pytest.mark.parametrize(("fail_on", "code"), [("block", 0), ("warn", 1)])
def test_every_verdict_agrees_with_the_exit_code_under_fail_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on: str, code: int
) -> None:
    monkeypatch.chdir(EXAMPLE)  # DATA-BUDGET warns
    files = {fmt: tmp_path / fmt for fmt in ("markdown", "summary", "html", "github")}
    result = CliRunner().invoke(
        main,
        ["check", "--config", "costcheck.yml", "--fail-on", fail_on]
        + [arg for fmt, path in files.items() for arg in ("--out", f"{fmt}={path}")],
        catch_exceptions=False,
    )
    assert result.exit_code == code, result.stderr
    shown = {fmt: path.read_text() for fmt, path in files.items()}
    word = "failed on warnings" if code else "passed with warnings"
    for fmt in ("markdown", "summary"):
        assert shown[fmt].startswith(f"### ⚠️ costcheck: {word}: "), shown[fmt][:200]
        total = next(line for line in shown[fmt].splitlines() if line.startswith("| **Total**"))
        assert total.endswith(f"| {word} |"), total
    assert f'class="verdict warn">Cost policies: {word}</p>' in shown["html"]
    result_line = next(line for line in result.stdout.splitlines() if "Result: WARN" in line)
    assert result_line.endswith(", fails the check (--fail-on warn)") == bool(code), result_line
    last = shown["github"].splitlines()[-1]
    assert last.startswith("costcheck: FAILED on warnings - " if code else "costcheck: warn - ")


def test_config_errors_name_the_file_given_and_a_directory_points_at_its_file(
    with_free_project: Path,
) -> None:
    other = with_free_project / "ci-costs.yml"
    other.write_text("version: 1\nprojects:\n  - {name: a, path: app}\n  - {name: a, path: data}\n")
    result = CliRunner().invoke(main, ["diff", "--config", "ci-costs.yml"])
    assert result.exit_code == 2
    assert result.stderr.startswith("costcheck: error: 1 problem in ci-costs.yml:\n"), result.stderr
    assert "ci-costs.yml:4:" in result.stderr
    # --config DIR is plan mode's .tf directory; with no PLAN and a costcheck.yml in it, say so.
    result = CliRunner().invoke(main, ["diff", "--config", "."])
    assert result.exit_code == 2
    assert "--config . is a directory" in result.stderr
    assert "give the file: --config costcheck.yml" in result.stderr


def test_annotations_and_sarif_say_whose_finding_in_a_run_of_several_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLE)  # DATA-BUDGET (data's own policy) warns; it has no file to point at
    github, sarif = tmp_path / "annotations.txt", tmp_path / "report.sarif"
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--config",
            "costcheck.yml",
            "--out",
            f"github={github}",
            "--out",
            f"sarif={sarif}",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    budget = next(line for line in github.read_text().splitlines() if "DATA-BUDGET" in line)
    assert budget.split("::")[2].startswith("data: total monthly cost"), budget
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    texts = {r["ruleId"]: r["message"]["text"] for r in results}
    assert texts["DATA-BUDGET"].startswith("data: total monthly cost"), texts
    # One project alone: no prefix, as before.
    result = CliRunner().invoke(
        main,
        ["check", "--config", "costcheck.yml", "--project", "data", "--format", "github"],
        catch_exceptions=False,
    )
    budget = next(line for line in result.stdout.splitlines() if "DATA-BUDGET" in line)
    assert budget.split("::")[2].startswith("total monthly cost"), budget


def test_out_refuses_one_file_under_two_spellings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.json").symlink_to(tmp_path / "report.json")
    for other in ("sub/../report.json", "link.json"):
        result = CliRunner().invoke(
            main,
            ["diff", str(WEB_PLAN), "--out", "json=report.json", "--out", f"markdown={other}"],
        )
        assert result.exit_code == 2, result.stdout
        assert "more than once" in result.stderr and other in result.stderr
