"""The workflows users copy: every YAML snippet of docs/*.md and README.md that is a workflow or
steps, and the shipped .github/workflows/*.yml. They run in the pull request's checkout, next to
a token: no python there may import the checkout's modules, and the token is only in the
environment of the step that posts the comment."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.actions_support import ACTION, REPO, WORKFLOWS, load_yaml
from tests.test_action import PYTHON_CALL

DOCS = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]
YAML_BLOCK = re.compile(r"^( *)```ya?ml\n(.*?)^\1```", re.M | re.S)
# Where a token reaches a job: the expressions that stand for GITHUB_TOKEN or another secret.
TOKEN = re.compile(r"\$\{\{[^}]*\b(github\.token|secrets\.)")
MONOREPO_DOC = REPO / "docs" / "monorepo.md"


def _documents() -> Iterator[tuple[str, Any]]:
    """(where, parsed YAML) for each workflow file and each YAML block of the docs."""
    for path in [ACTION, *sorted(WORKFLOWS.glob("*.y*ml"))]:
        yield path.relative_to(REPO).as_posix(), load_yaml(path)
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in YAML_BLOCK.finditer(text):
            block = "\n".join(line[len(match.group(1)) :] for line in match.group(2).splitlines())
            try:
                data = yaml.safe_load(block)
            except yaml.YAMLError:
                continue  # a fragment written to be read, not parsed (its steps are elsewhere)
            line = text.count("\n", 0, match.start()) + 1
            yield f"{path.relative_to(REPO).as_posix()}:{line}", data


def _steps(document: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(where, step) in a workflow, an action, or a bare list of steps."""
    if isinstance(document, list):
        for i, step in enumerate(document):
            if isinstance(step, dict) and ("run" in step or "uses" in step):
                yield f"[{i}]", step
        return
    if not isinstance(document, dict):
        return
    runs = document.get("runs")
    if isinstance(runs, dict):
        for i, step in enumerate(runs.get("steps") or []):
            yield f"runs.steps[{i}]", step
    jobs = document.get("jobs")
    if isinstance(jobs, dict):
        for job_id, job in jobs.items():
            for i, step in enumerate(job.get("steps") or []):
                yield f"jobs.{job_id}.steps[{i}]", step


def _commands(script: str) -> list[str]:
    """The script's lines that do something (comments and blank lines left out)."""
    return [
        line.strip()
        for line in script.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def test_every_python_a_documented_workflow_runs_is_isolated_from_the_checkout() -> None:
    # `python -c` and `python -` put the working directory (the pull request's checkout) first
    # on sys.path: a json.py there replaces the standard library's and runs in the job.
    calls = [
        (f"{doc}: {where}", match.group(0).strip())
        for doc, document in _documents()
        for where, step in _steps(document)
        if isinstance(step.get("run"), str)
        for match in PYTHON_CALL.finditer("\n".join(_commands(step["run"])))
    ]
    assert any(where.startswith("docs/monorepo.md") for where, _ in calls), (
        "the monorepo workflow runs no python: this test would prove nothing"
    )
    unisolated = [(where, call) for where, call in calls if not re.search(r"\bpython3? -I\b", call)]
    assert not unisolated


def test_the_token_is_only_in_the_step_that_posts_the_comment() -> None:
    posting = []
    for doc, document in _documents():
        if isinstance(document, dict):
            # Workflow- or job-wide: every step, the ones reading the pull request's files too.
            assert not TOKEN.search(json.dumps(document.get("env") or {})), doc
            for job_id, job in (document.get("jobs") or {}).items():
                assert not TOKEN.search(json.dumps(job.get("env") or {})), f"{doc}: {job_id}"
        for where, step in _steps(document):
            if not TOKEN.search(json.dumps(step.get("env") or {})):
                continue
            assert "uses" not in step, f"{doc}: {where}: the token goes in by `with:`"
            commands = _commands(str(step.get("run", "")))
            assert commands and all(c.startswith("costcheck comment ") for c in commands), (
                f"{doc}: {where} holds the token and runs {commands}"
            )
            posting.append(f"{doc}: {where}")
    assert any(where.startswith("docs/monorepo.md") for where in posting), posting


def _monorepo_workflow() -> dict[str, Any]:
    (workflow,) = [
        document
        for doc, document in _documents()
        if doc.startswith("docs/monorepo.md") and isinstance(document, dict) and "jobs" in document
    ]
    return workflow


def _shell(script: str, cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """``script`` as a runner runs a ``run:`` step, with ``costcheck`` this tree's CLI (a console
    script: its own directory, not the working directory, first on sys.path) and no pip."""
    shim = cwd.parent / "bin"
    shim.mkdir(exist_ok=True)
    (shim / "costcheck").write_text(
        f"#!{sys.executable} -I\nimport sys\nsys.path.insert(0, {str(REPO)!r})\n"
        "from checker.cli import main\nmain(prog_name='costcheck')\n"
    )
    (shim / "costcheck").chmod(0o755)
    (shim / "pip").write_text("#!/bin/sh\nexit 0\n")  # costcheck is this tree's
    (shim / "pip").chmod(0o755)
    path = f"{shim}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**env, "PATH": path, "HOME": str(cwd.parent)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_pull_requests_json_py_does_not_pick_the_matrix(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "examples" / "monorepo", checkout)
    ran = tmp_path / "ran"
    (checkout / "json.py").write_text(
        f"open({str(ran)!r}, 'w').write('ran')\n"
        "def load(f):\n    return {'projects': [{'name': 'networking'}]}\n"
        "def dumps(v):\n    return '[\"' + '\", \"'.join(v) + '\"]'\n"
    )
    (step,) = [
        s for s in _monorepo_workflow()["jobs"]["projects"]["steps"] if s.get("id") == "list"
    ]
    output = tmp_path / "output"
    output.write_text("")

    run = _shell(step["run"], checkout, {"GITHUB_OUTPUT": str(output)})

    assert run.returncode == 0, run.stderr
    assert not ran.exists()
    (line,) = output.read_text().splitlines()
    config = yaml.safe_load((checkout / "costcheck.yml").read_text())
    assert json.loads(line.removeprefix("names=")) == [p["name"] for p in config["projects"]]


@pytest.mark.parametrize("blocked", [False, True])
def test_the_comment_job_carries_the_merges_exit_code_past_the_post(
    tmp_path: Path, blocked: bool
) -> None:
    # The steps of the `comment` job, one after the other as a runner runs them (each its own
    # shell, outputs through GITHUB_OUTPUT); `costcheck comment` left out: no token, no API here.
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "examples" / "monorepo", repo)
    if blocked:
        data_policy = repo / "policies" / "data.yml"
        data_policy.write_text(
            data_policy.read_text().replace("enforcement: warn", "enforcement: block")
        )
    workspace = tmp_path / "workspace"
    (workspace / "costcheck-0").mkdir(parents=True)
    # The base branch's checkout, whose costcheck.yml names the projects the merge expects.
    shutil.copytree(REPO / "examples" / "monorepo", workspace / "base")
    priced = _shell(
        "costcheck check --config costcheck.yml --out result=../workspace/costcheck-0/result.json"
        " >/dev/null || test $? -eq 1",
        repo,
        {},
    )
    assert priced.returncode == 0, priced.stderr
    steps = _monorepo_workflow()["jobs"]["comment"]["steps"]
    merge = next(s for s in steps if s.get("id") == "merge")
    last = steps[-1]
    output = tmp_path / "output"
    output.write_text("")

    merged = _shell(merge["run"], workspace, {"GITHUB_OUTPUT": str(output)})
    assert merged.returncode == 0, merged.stderr  # a blocked merge still lets the comment post
    assert (workspace / "comment.md").read_text().startswith("### ")
    status = dict(line.split("=", 1) for line in output.read_text().splitlines())["status"]
    assert last["env"] == {"STATUS": "${{ steps.merge.outputs.status }}"}
    final = _shell(last["run"], workspace, {"STATUS": status})

    assert final.returncode == (1 if blocked else 0)
