"""Reading the GitHub Actions YAML the repository ships, and running the action's script the way
a runner does: ``bash --noprofile --norc -eo pipefail FILE`` with the step's ``env:`` resolved
from the inputs and the GITHUB_* variables a pull_request job has."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
ACTION = REPO / "action.yml"
WORKFLOWS = REPO / ".github" / "workflows"
# ${{ <expression> }} as GitHub writes it.
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
INPUT_REF = re.compile(r"^inputs\.([A-Za-z0-9_-]+)$")


def load_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def triggers(workflow: Mapping[Any, Any]) -> Any:
    """The ``on:`` of a workflow (YAML 1.1 reads a bare ``on`` key as True)."""
    return workflow.get("on", workflow.get(True))


def strings(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a YAML tree, with its key path."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from strings(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, f"{where}[{index}]")


def run_scripts(document: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(where, step) for every step with ``run:`` in an action or a workflow."""
    steps: list[tuple[str, Any]] = []
    if "runs" in document:
        steps += [(f"runs.steps[{i}]", s) for i, s in enumerate(document["runs"]["steps"])]
    for job_id, job in (document.get("jobs") or {}).items():
        steps += [(f"jobs.{job_id}.steps[{i}]", s) for i, s in enumerate(job.get("steps", []))]
    for where, step in steps:
        if "run" in step:
            yield where, step


def main_step(action: Mapping[str, Any]) -> Mapping[str, Any]:
    return next(s for s in action["runs"]["steps"] if s.get("id") == "costcheck")


@dataclass(frozen=True)
class ActionRun:
    """What one run of the action's main script left behind."""

    returncode: int
    stdout: str
    stderr: str
    outputs: Mapping[str, str]
    summary: str


def resolve_env(step: Mapping[str, Any], inputs: Mapping[str, str]) -> dict[str, str]:
    """The step's ``env:`` with each ``${{ inputs.NAME }}`` replaced by its value."""
    env = {}
    for name, value in step.get("env", {}).items():
        found = INPUT_REF.match(EXPRESSION.fullmatch(str(value))[1])  # type: ignore[index]
        assert found, f"env {name} is not ${{{{ inputs.NAME }}}}: {value}"
        env[name] = inputs[found[1]]
    return env


def run_action_script(
    tmp: Path,
    inputs: Mapping[str, str],
    github_env: Mapping[str, str],
) -> ActionRun:
    """Run the main step's script in the repository root, as a runner would, with ``costcheck``
    and ``python`` from this test's interpreter."""
    action = load_yaml(ACTION)
    declared = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    unknown = set(inputs) - set(declared)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    step = main_step(action)
    script = tmp / "costcheck-step.sh"
    script.write_text(step["run"], encoding="utf-8")
    output, summary = tmp / "github_output", tmp / "step_summary"
    output.write_text("")
    summary.write_text("")
    runner_temp = tmp / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    env = {
        **base,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(REPO),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(runner_temp),
        **github_env,
        **resolve_env(step, {**declared, **inputs}),
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return ActionRun(done.returncode, done.stdout, done.stderr, outputs, summary.read_text())
