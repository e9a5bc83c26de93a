"""Reports as the commands render them: a run of one plan, through the one map of renderers
(:data:`checker.report.outputs.RENDERERS`), never a format's own helper."""

from __future__ import annotations

from checker.checkov import CheckovReport
from checker.model import Estimate, Plan
from checker.policy.model import CheckReport, RunContext
from checker.report.outputs import RENDERERS
from checker.run_result import Command, PolicyOutcome, ProjectResult, RunResult, exit_code_for
from tests.policy_support import TODAY

NOTHING = Estimate(Plan((), "plan.json"), ())  # a plan that changes nothing


def one_plan(
    command: Command,
    estimate: Estimate = NOTHING,
    report: CheckReport | None = None,
    checkov: CheckovReport | None = None,
) -> RunResult:
    """The run ``costcheck COMMAND plan.json`` makes: ``report`` judged with --fail-on block."""
    outcome = None
    if report is not None:
        code = exit_code_for(report.worst_level(), "block")
        outcome = PolicyOutcome(report, RunContext("plan.json", TODAY), "block", code)
    project = ProjectResult("plan.json", "plan.json", estimate, (), outcome, checkov)
    return RunResult(command, (project,), exit_code=outcome.exit_code if outcome else 0)


def rendered(
    command: Command,
    fmt: str,
    estimate: Estimate = NOTHING,
    report: CheckReport | None = None,
    checkov: CheckovReport | None = None,
) -> str:
    """What ``costcheck COMMAND plan.json --format FMT`` prints for this run."""
    return RENDERERS[command][fmt](one_plan(command, estimate, report, checkov))
