"""One request's work: the CLI's own steps (load policies, estimate, evaluate, build the
document, render), with the inputs the server wrote to a private directory.

A :class:`Job` and its :class:`Outcome` are plain JSON-able values, so the same function runs in
the server process (plan JSON) and in the sandbox process (a Terraform directory).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from checker.errors import CostcheckError
from checker.pipeline import InputOptions, estimate_input
from checker.pricing.source import PriceSource

if TYPE_CHECKING:
    from checker.cli_policy import CheckRun
    from checker.policy.loader import PolicySet
    from checker.policy.model import RunContext

Kind = Literal["estimate", "check"]
Format = Literal["json", "markdown", "table"]
Verdict = Literal["passed", "failed", "unknown", "none"]


@dataclass(frozen=True)
class Job:
    kind: Kind
    plan_path: str  # plan.json, or the extracted directory
    root: str  # the request's private directory: checked paths are shown relative to it
    fmt: Format = "json"
    policies: tuple[str, ...] = ()  # builtin:<pack> or paths the server resolved
    usage_file: str | None = None
    region: str | None = None
    workspace: str | None = None
    environment: str | None = None
    fail_on: Literal["block", "warn"] = "block"
    today: str = field(default_factory=lambda: datetime.date.today().isoformat())

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Job:
        data = json.loads(text)
        data["policies"] = tuple(data["policies"])
        return cls(**data)


@dataclass(frozen=True)
class Outcome:
    document: dict[str, Any]
    body: str  # the answer in the asked format
    verdict: Verdict
    monthly_cost: str | None
    diff_monthly_cost: str | None
    policy_outcomes: tuple[tuple[str, str, str], ...] = ()  # (policy id, outcome, enforcement)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), default=str)

    @classmethod
    def from_json(cls, text: str) -> Outcome:
        data = json.loads(text)
        data["policy_outcomes"] = tuple(tuple(p) for p in data["policy_outcomes"])
        return cls(**data)


def shown_path(job: Job) -> str:
    """The input as the user would have named it to the CLI: ``plan.json``, or ``.`` for a
    directory (never the server's private directory)."""
    return "." if Path(job.plan_path).is_dir() else "plan.json"


PolicyLoader = Callable[[Sequence[str]], "PolicySet"]


def _load_fresh(sources: Sequence[str]) -> PolicySet:
    from checker.policy.loader import load_policies

    return load_policies(list(sources))


class PolicySets:
    """Policy sets already read, by their sources and each file's size and modification time:
    reading and validating the built-in packs took half of a check. Inline documents (files in
    a request's own directory) are read afresh every time (see _check)."""

    def __init__(self) -> None:
        self._sets: dict[tuple[Any, ...], PolicySet] = {}
        self._lock = threading.Lock()

    def load(self, sources: Sequence[str]) -> PolicySet:
        stamp = _stamp(sources)
        if stamp is None:
            return _load_fresh(sources)
        with self._lock:
            found = self._sets.get(stamp)
        if found is None:
            found = _load_fresh(sources)
            with self._lock:
                if len(self._sets) > 256:
                    self._sets.clear()
                self._sets[stamp] = found
        return found


def _stamp(sources: Sequence[str]) -> tuple[Any, ...] | None:
    from checker.policy.loader import BUILTIN_PREFIX, builtin_root

    parts: list[Any] = []
    for source in sources:
        if source.startswith(BUILTIN_PREFIX):
            root = builtin_root() / source[len(BUILTIN_PREFIX) :]
        else:
            root = Path(source)
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            try:
                info = path.stat()
            except OSError:
                return None
            parts.append((source, str(path), info.st_size, info.st_mtime_ns))
    return tuple(parts)


def run_job(job: Job, source: PriceSource, load: PolicyLoader = _load_fresh) -> Outcome:
    """Price (and check) the job's input; CostcheckError for bad input, as the CLI raises it."""
    # Never the server's environment: TF_VAR_* or AWS_* of the server are not the input's.
    options = InputOptions(
        region=job.region,
        usage_file=Path(job.usage_file) if job.usage_file else None,
        use_cache=False,
        workspace=job.workspace,
        environ={},
    )
    if job.kind == "estimate":
        return _estimate(job, options, source)
    return _check(job, options, source, load)


def _estimate(job: Job, options: InputOptions, source: PriceSource) -> Outcome:
    from checker.report.json_report import estimate_to_dict
    from checker.report.markdown import cost_diff_markdown
    from checker.report.table import diff_table

    estimate, diagnostics = estimate_input(Path(job.plan_path), options, source=source)
    document = {**estimate_to_dict(estimate, diagnostics), "source": shown_path(job)}
    body = (
        cost_diff_markdown(estimate)
        if job.fmt == "markdown"
        else diff_table(estimate)
        if job.fmt == "table"
        else json.dumps(document, indent=2)
    )
    return Outcome(
        document=document,
        body=body,
        verdict="none",
        monthly_cost=document["total_monthly_cost"],
        diff_monthly_cost=document["diff_total_monthly_cost"],
    )


def _check_comment(job: Job, checked: CheckRun, run: RunContext) -> str:
    """The whole pull-request comment, as ``costcheck check --format markdown`` renders it."""
    from checker.report.markdown import comment_markdown
    from checker.run_result import PolicyOutcome, ProjectResult, RunResult

    outcome = PolicyOutcome(checked.report, run, job.fail_on, checked.exit_code)
    project = ProjectResult(
        shown_path(job), shown_path(job), checked.estimate, checked.diagnostics, outcome
    )
    return comment_markdown(RunResult("check", (project,), checked.exit_code))


def _check(job: Job, options: InputOptions, source: PriceSource, load: PolicyLoader) -> Outcome:
    from checker.cli_policy import run_check
    from checker.policy.model import RunContext
    from checker.report.policy_json import check_to_dict
    from checker.report.policy_table import check_table

    if not job.policies:
        raise CostcheckError("no policies given: name at least one (builtin:<pack>) or send one")
    # A request's inline policies live in its own directory: never the same file twice.
    inline = any(Path(p).is_relative_to(job.root) for p in job.policies)
    policy_set = (_load_fresh if inline else load)(job.policies)  # fail closed, first
    plan = Path(job.plan_path)
    options = dataclasses.replace(options, workspace=job.workspace)
    run = RunContext(
        path=shown_path(job),
        today=datetime.date.fromisoformat(job.today),
        workspace=job.workspace,
        environment=job.environment,
    )
    checked = run_check(
        plan,
        policy_set,
        options,
        run,
        fail_on=job.fail_on,
        source_roots=[plan if plan.is_dir() else plan.parent],
        source=source,
    )
    report, estimate, code = checked.report, checked.estimate, checked.exit_code
    document = check_to_dict(report, estimate, run, fail_on=job.fail_on, exit_code=code)
    document["source"] = shown_path(job)
    body = (
        _check_comment(job, checked, run)
        if job.fmt == "markdown"
        else check_table(report, estimate)
        if job.fmt == "table"
        else json.dumps(document, indent=2, default=str)  # dates as the CLI prints them
    )
    outcomes = [str(r.outcome) for r in report.results]
    verdict: Verdict = "failed" if code else "unknown" if "unknown" in outcomes else "passed"
    return Outcome(
        document=document,
        body=body,
        verdict=verdict,
        monthly_cost=document["totals"]["monthly_cost"],
        diff_monthly_cost=document["totals"]["diff_monthly_cost"],
        policy_outcomes=tuple(
            (p["id"], p["outcome"], str(p.get("enforcement") or "")) for p in document["policies"]
        ),
    )
