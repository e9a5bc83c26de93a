"""The check of one project: price it, evaluate its policies, judge the exit code.

One road for ``costcheck check PLAN`` (:mod:`checker.cli_policy`), every project of a
costcheck.yml (:mod:`checker.repo_run`) and the service (:mod:`checker.service.jobs`). No Click
here: the service imports it, and the command line only adds its surface (options, echoing).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import EXIT_OK, EXIT_POLICY_FAILED
from checker.pipeline import Diagnostic, InputOptions, PlanInput, estimate_input
from checker.policy.model import CheckReport, RunContext
from checker.run_result import FailOn, PolicyOutcome, ProjectResult

if TYPE_CHECKING:
    from checker.checkov import CheckovReport
    from checker.model import Estimate
    from checker.policy.loader import PolicySet
    from checker.pricing.source import PriceSource


def exit_code_for(worst_level: str, fail_on: FailOn) -> int:
    """1 when a finding reaches ``fail_on`` (block, or warn), else 0."""
    failing = ("block",) if fail_on == "block" else ("block", "warn")
    return EXIT_POLICY_FAILED if worst_level in failing else EXIT_OK


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


@dataclass(frozen=True)
class CheckRun:
    """What ``check`` found: the report, the estimate it judged, what reading the input met,
    and the exit code."""

    report: CheckReport
    estimate: Estimate
    diagnostics: tuple[Diagnostic, ...]
    exit_code: int


def run_check(
    plan: PlanInput,
    policy_set: PolicySet,
    options: InputOptions,
    run: RunContext,
    *,
    fail_on: FailOn,
    source_roots: Sequence[Path],
    source: PriceSource | None = None,
    checkov: CheckovReport | None = None,
) -> CheckRun:
    """Price ``plan`` and evaluate ``policy_set`` on it."""
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
        met = tuple(_input_diagnostic(d) for d in diagnostics)
        report = dataclasses.replace(report, diagnostics=(*met, *report.diagnostics))
    return CheckRun(report, estimate, diagnostics, exit_code_for(report.worst_level(), fail_on))


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
    checked = run_check(
        plan,
        policy_set,
        options,
        run,
        fail_on=fail_on,
        source_roots=source_roots,
        source=source,
        checkov=checkov,
    )
    outcome = PolicyOutcome(checked.report, run, fail_on, checked.exit_code)
    return ProjectResult(name, path, checked.estimate, checked.diagnostics, outcome, checkov)


def source_roots_of(path: Path) -> list[Path]:
    """Where a policy's source files are looked for: beside the checked input, then the
    working directory."""
    return [path if path.is_dir() else path.parent, Path.cwd()]


def _input_diagnostic(diagnostic: Diagnostic) -> str:
    """``main.tf:12: error: module.vpc is not followed: ...`` (as the HCL reader writes them)."""
    where = diagnostic.file or ""
    if where and diagnostic.line:
        where = f"{where}:{diagnostic.line}"
    return f"{where + ': ' if where else ''}{diagnostic.severity}: {diagnostic.message}"
