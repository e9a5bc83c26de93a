"""The check of one project: price it, evaluate its policies, judge the exit code.

One road for ``costcheck check PLAN`` (:mod:`checker.cli_policy`), every project of a
costcheck.yml (:mod:`checker.repo_run`) and the service (:mod:`checker.service.jobs`). No Click
here: the service imports it, and the command line only adds its surface (options, echoing).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checker.pipeline import Diagnostic, InputOptions, PlanInput, estimate_input
from checker.policy.model import RunContext
from checker.run_result import FailOn, PolicyOutcome, ProjectResult, exit_code_for

if TYPE_CHECKING:
    from checker.checkov import CheckovReport
    from checker.policy.loader import PolicySet
    from checker.pricing.source import PriceSource


def run_path(path: Path) -> str:
    """The checked path as scopes see it: relative to the working directory where possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def run_context(
    plan: Path, today: datetime.date | None, workspace: str | None, environment: str | None
) -> RunContext:
    """What a check of one PLAN tells the policies about the run (scopes, exemptions' dates)."""
    return RunContext(
        path=run_path(plan),
        today=today or datetime.date.today(),
        workspace=workspace or None,
        environment=environment or None,
    )


def check_project(
    plan: PlanInput,
    policy_set: PolicySet,
    options: InputOptions,
    run: RunContext,
    *,
    name: str,
    path: str,
    fail_on: FailOn,
    source_roots: Sequence[Path],
    source: PriceSource | None = None,
    checkov: CheckovReport | None = None,
) -> ProjectResult:
    """One project priced and judged, as a run's reports show it: ``name`` and ``path`` as
    :class:`ProjectResult` holds them, its exit code in its :class:`PolicyOutcome`."""
    from checker.policy.evaluate import evaluate_policies

    estimate, diagnostics = estimate_input(plan, options, source=source)
    report = evaluate_policies(
        policy_set.policies,
        estimate,
        run,
        exemptions=policy_set.exemptions,
        source_roots=source_roots,
        checkov=checkov,
    )
    notice = policy_set.nothing_enabled()
    if notice:  # exit 0 is right, but a run that checked nothing must say so
        report = dataclasses.replace(report, diagnostics=(notice, *report.diagnostics))
    if diagnostics:  # what reading the input met (a module not followed) is in every format
        met = tuple(input_diagnostic(d) for d in diagnostics)
        report = dataclasses.replace(report, diagnostics=(*met, *report.diagnostics))
    outcome = PolicyOutcome(report, run, fail_on, exit_code_for(report.worst_level(), fail_on))
    return ProjectResult(name, path, estimate, diagnostics, outcome, checkov)


def source_roots_of(path: Path) -> list[Path]:
    """Where a policy's source files are looked for: beside the checked input, then the
    working directory."""
    return [path if path.is_dir() else path.parent, Path.cwd()]


def input_diagnostic(diagnostic: Diagnostic) -> str:
    """``main.tf:12: error: module.vpc is not followed: ...`` (as the HCL reader writes them)."""
    where = diagnostic.file or ""
    if where and diagnostic.line:
        where = f"{where}:{diagnostic.line}"
    return f"{where + ': ' if where else ''}{diagnostic.severity}: {diagnostic.message}"
