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

import pytest
import yaml

from tests.cli_forkserver import CommandServer

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
    """What one run of the action's steps left behind."""

    returncode: int  # the first failing step's, as the runner would report the action
    stdout: str
    stderr: str
    outputs: Mapping[str, str]  # the action's outputs
    summary: str
    step_env: Mapping[str, Mapping[str, str]]  # each step's environment, by step name


# The command server of the module running now, if it asked for one
# (:func:`forked_costcheck_command`).
_FORKED: list[CommandServer] = []


@pytest.fixture(scope="module", autouse=True)
def forked_costcheck_command() -> Iterator[None]:
    """Imported by a test module: the ``costcheck`` its action runs call is a child forked from
    one server that imported costcheck once (tests/cli_forkserver.py :class:`CommandServer`),
    each still a process of its own with the step's environment, directory and descriptors,
    not an interpreter importing costcheck per call (~0.2 CPU s)."""
    with CommandServer({**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO) as server:
        _FORKED.append(server)
        yield
        _FORKED.remove(server)


def costcheck_dir() -> Path:
    """The directory whose ``costcheck`` the action's steps run: the module's command server's,
    else the one installed beside this interpreter."""
    return _FORKED[-1].bin_dir if _FORKED else Path(sys.executable).parent


STEP_OUTPUT_REF = re.compile(r"^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$")
SETUP_STEPS = ("Install costcheck",)  # installs from the action's checkout: the test has it


def resolve(value: str, inputs: Mapping[str, str], steps: Mapping[str, Mapping[str, str]]) -> str:
    """``${{ inputs.NAME }}`` or ``${{ steps.ID.outputs.NAME }}`` (an output never written is
    empty, as on GitHub)."""
    found = EXPRESSION.fullmatch(str(value))
    assert found, f"not one ${{{{ }}}} expression: {value}"
    by_input = INPUT_REF.match(found[1])
    if by_input:
        return inputs[by_input[1]]
    by_step = STEP_OUTPUT_REF.match(found[1])
    assert by_step, f"an expression the tests do not resolve: {value}"
    return steps.get(by_step[1], {}).get(by_step[2], "")


def resolve_env(
    step: Mapping[str, Any],
    inputs: Mapping[str, str],
    steps: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, str]:
    """The step's ``env:`` with each expression replaced by its value."""
    return {name: resolve(v, inputs, steps or {}) for name, v in step.get("env", {}).items()}


def _read_outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def run_action_script(
    tmp: Path,
    inputs: Mapping[str, str],
    github_env: Mapping[str, str],
) -> ActionRun:
    """Run the action's ``run:`` steps in order in the repository root, as a runner would (each
    with its own ``env:`` and GITHUB_OUTPUT; a failed step skips the rest), with ``python``
    from this test's interpreter and ``costcheck`` from :func:`costcheck_dir`."""
    action = load_yaml(ACTION)
    declared = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    unknown = set(inputs) - set(declared)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    values = {**declared, **inputs}
    summary = tmp / "step_summary"
    summary.write_text("")
    runner_temp = tmp / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    job_env = {
        **base,
        "PATH": os.pathsep.join(
            [str(costcheck_dir()), str(Path(sys.executable).parent), os.environ.get("PATH", "")]
        ),
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(REPO),
        "GITHUB_ACTION_PATH": str(REPO),  # the action is this repository
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(runner_temp),
        **github_env,
    }
    step_outputs: dict[str, dict[str, str]] = {}
    step_env: dict[str, dict[str, str]] = {}
    stdout, stderr, returncode = [], [], 0
    for index, step in enumerate(action["runs"]["steps"]):
        if "run" not in step or step.get("name") in SETUP_STEPS:
            continue
        script = tmp / f"step-{index}.sh"
        script.write_text(step["run"], encoding="utf-8")
        output = tmp / f"github_output-{index}"
        output.write_text("")
        own = resolve_env(step, values, step_outputs)
        env = {**job_env, "GITHUB_OUTPUT": str(output), **own}
        step_env[str(step.get("name", index))] = env
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        stdout.append(done.stdout)
        stderr.append(done.stderr)
        if "id" in step:
            step_outputs[step["id"]] = _read_outputs(output)
        if done.returncode != 0:
            returncode = done.returncode
            break
    outputs = {
        name: value
        for name, spec in action["outputs"].items()
        if (value := resolve(spec["value"], values, step_outputs))
    }
    return ActionRun(
        returncode, "".join(stdout), "".join(stderr), outputs, summary.read_text(), step_env
    )
