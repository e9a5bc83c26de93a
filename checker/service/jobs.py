"""One request's work: the CLI's own steps (load policies, estimate, evaluate, build the
document, render), with the inputs the server wrote to a private directory.

A :class:`Job` and its :class:`Outcome` are plain JSON-able values, so the same function runs in
the server process (plan JSON) and in the sandbox process (a Terraform directory).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from checker.errors import CostcheckError, InputError
from checker.pipeline import InputOptions, PlanDocument, PlanInput, estimate_input
from checker.pricing.source import PriceSource
from checker.run_result import Command, FailOn

if TYPE_CHECKING:
    from checker.model import Estimate
    from checker.policy.loader import PolicySet
    from checker.run_result import RunResult

Kind = Literal["estimate", "check"]
Verdict = Literal["passed", "failed", "unknown", "none"]

# The report command whose formats (checker/report/outputs.py RENDERERS) answer each kind of
# work: an estimate is `costcheck diff` (before vs after), a check is `costcheck check`.
COMMANDS: dict[Kind, Command] = {"estimate": "diff", "check": "check"}


@dataclass(frozen=True)
class Job:
    kind: Kind
    plan_path: str  # plan.json, or the extracted directory
    root: str  # the request's private directory: checked paths are shown relative to it
    fmt: str = "json"  # a format name of RENDERERS[COMMANDS[kind]]
    policies: tuple[str, ...] = ()  # builtin:<pack> or paths the server resolved
    # (source, the name answers show for it): the request's inline documents are shown as the
    # field that sent them (policy_yaml[0]), the library's by their name in it, never by the
    # server's paths to them.
    shown_policies: tuple[tuple[str, str], ...] = ()
    usage_file: str | None = None
    region: str | None = None
    workspace: str | None = None
    environment: str | None = None
    fail_on: FailOn = "block"
    today: str = field(default_factory=lambda: datetime.date.today().isoformat())
    # The "before" side sent with the input: a base plan JSON (with a plan) or the extracted
    # base directory (with a directory). None: the plan's own prior state, or $0 for code.
    base_path: str | None = None
    # Render the JSON document besides another asked format: only when it is kept (history).
    document: bool = True

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Job:
        data = json.loads(text)
        data["policies"] = tuple(data["policies"])
        data["shown_policies"] = tuple(tuple(p) for p in data.get("shown_policies", ()))
        return cls(**data)


@dataclass(frozen=True)
class Outcome:
    """What a request is answered with and what the service keeps of it: plain values only
    (it crosses the sandbox's pipe and the result cache)."""

    body: str  # the answer in the asked format
    document_text: str  # the CLI's JSON document (history keeps it); "" when not asked for
    verdict: Verdict
    monthly_cost: str | None
    diff_monthly_cost: str | None
    policy_outcomes: tuple[tuple[str, str, str], ...] = ()  # (policy id, outcome, enforcement)
    blocking: int = 0  # findings that block
    warnings: int = 0

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


# (sources, the names shown for them) -> the policy set.
PolicyLoader = Callable[[Sequence[str], Mapping[str, str]], "PolicySet"]


def _load_fresh(sources: Sequence[str], shown: Mapping[str, str] | None = None) -> PolicySet:
    from checker.policy.loader import load_policies

    return load_policies(list(sources), shown=shown)


class PolicySets:
    """Policy sets already read, by their sources and each file's size and modification time:
    reading and validating the built-in packs took half of a check. Inline documents (files in
    a request's own directory) are read afresh every time (see _check). The sets are the CLI's
    (load_policies); the CLI keeps them for one run only (repo_run.LoadedPolicies), as its
    process ends with the run, while a worker lives for many."""

    def __init__(self) -> None:
        self._sets: dict[tuple[Any, ...], PolicySet] = {}
        self._lock = threading.Lock()

    def load(self, sources: Sequence[str], shown: Mapping[str, str] | None = None) -> PolicySet:
        stamp = _stamp(sources)
        if stamp is None:
            return _load_fresh(sources, shown)
        stamp += tuple(sorted((shown or {}).items()))  # the names are in the policies' origins
        with self._lock:
            found = self._sets.get(stamp)
        if found is None:
            found = _load_fresh(sources, shown)
            with self._lock:
                if len(self._sets) > 256:
                    self._sets.clear()
                self._sets[stamp] = found
        return found


def _stamp(sources: Sequence[str]) -> tuple[Any, ...] | None:
    from checker.policy.loader import BUILTIN_PREFIX

    parts: list[Any] = []
    for source in sources:
        if source.startswith(BUILTIN_PREFIX):
            # Shipped inside the package: they change only with it, i.e. with a new process.
            parts.append((source,))
            continue
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
    """Price (and check) the job's input and render the asked format from the one RunResult
    the CLI builds too; CostcheckError for bad input, as the CLI raises it."""
    base = Path(job.base_path) if job.base_path else None
    path = Path(job.plan_path)
    directory = path.is_dir()
    plan: PlanInput = path
    if base is not None and not directory:
        plan = _plan_against_base(path, base)
    # Never the server's environment: TF_VAR_* or AWS_* of the server are not the input's.
    options = InputOptions(
        region=job.region,
        usage_file=Path(job.usage_file) if job.usage_file else None,
        usage_shown="usage_yaml",  # as the request named it, not the server's private path
        use_cache=False,
        workspace=job.workspace,
        environ={},
        base_dir=base if directory else None,
    )
    try:
        if job.kind == "estimate":
            result = _estimate(job, plan, options, source)
        else:
            result = _check(job, plan, path, options, source, load)
    except CostcheckError as exc:
        raise _as_the_client_sent_it(exc, job) from None
    return _outcome(job, result)


def _as_the_client_sent_it(exc: CostcheckError, job: Job) -> CostcheckError:
    """``exc`` naming the file as the request did, not by the server's private copy of it: the
    usage document as ``usage_yaml``, anything else under the request's directory by its path
    there (``input/main.tf``). The server's temp paths are not the client's business, and an
    answer that carried them would differ on every run."""
    if exc.path is None:
        return exc
    if job.usage_file is not None and exc.path == job.usage_file:
        shown = "usage_yaml"
    else:
        root = job.root.rstrip("/") + "/"
        if not exc.path.startswith(root):
            return exc
        shown = exc.path[len(root) :]
    renamed = copy.copy(exc)  # its class (and exit code) kept, whatever its constructor takes
    renamed.path = shown
    renamed.args = (renamed.render(),)
    return renamed


def _plan_against_base(plan: Path, base: Path) -> PlanDocument:
    """One plan document of the change from the base plan's planned state to the plan's: what
    ``--base`` does for code, for two plans. A resource the plan deletes is not in its state.
    Parsed once: the pipeline reads the combined document as it is, in memory."""
    from checker.hcl.gitref import diff_documents

    combined = diff_documents(
        _planned_state(base, "the base plan"), _planned_state(plan, "the plan")
    )
    combined.pop("x_costcheck_diagnostics", None)  # both sides are plans: nothing unparsed
    # The plan's own fields (format_version, configuration...) are the combined document's.
    return PlanDocument(combined, "the plan")


def _planned_state(path: Path, name: str) -> dict[str, Any]:
    """The plan document at ``path`` with only the resources it leaves in place. Each side is
    a plan the plan reader reads alone (refused by ``name`` as the reader would refuse it),
    and holds nothing :func:`diff_documents` would crash on or drop beyond what the reader
    reads: it copies every value (recursively), data sources' too, and keys resources by mode
    and address."""
    from checker.plan.loader import parse_plan_document, read_plan_json
    from checker.plan.values import check_values
    from checker.safe_text import clip

    read, proof = read_plan_json(path, name)
    # Read for its refusals only, the model thrown away: a resource's region is settled on the
    # combined document, with the job's region, so any region stands in here.
    parse_plan_document(
        read,
        source=name,
        default_region="us-east-1",
        assumed_region="us-east-1",  # also for a provider region the plan does not evaluate
        within_limits=proof,
    )
    # Not taken from a plan: the HCL evaluator's own fields (its diagnostics, files that did not
    # parse...), which the comparison reads and a plan has none of, whoever wrote them there;
    # planned_values, the after values of resource_changes again, which the reader has now read
    # for all it tells (a plan, not a state), not copied and checked again for nothing.
    document = {
        k: v for k, v in read.items() if not k.startswith("x_costcheck_") and k != "planned_values"
    }
    # What the proof made as the text was parsed covers is not walked again.
    items_proven = proof is not None and proof.covers(read)  # (every resource_changes item)
    if proof is None or not proof.covers_every_value(read):
        for key, value in document.items():
            if key not in ("resource_changes", "variables", "configuration"):  # (the reader's)
                check_values(value, clip(key, 60), name)  # bounded before any copy recurses
    changes = []
    for position, change in enumerate(document.get("resource_changes") or ()):
        where = f"resource_changes[{position}]"
        if not isinstance(change.get("change"), dict):
            # Left out, it would be priced as if the plan did not have it.
            raise InputError(
                f"{where} is not an object with a change object; is the plan JSON intact?",
                path=name,
            )
        mode = change.get("mode", "managed")  # as the plan reader reads an item without one
        if mode == "data":
            if not items_proven:
                check_values(change, where, name)  # the plan's data sources are copied as is
        elif change.get("deposed"):
            # Left for destruction (the reader skips it too): in no planned state, and kept it
            # would stand for the object of its address in the comparison.
            continue
        if change["change"].get("actions") != ["delete"]:
            changes.append(change if "mode" in change else {**change, "mode": mode})
    return {**document, "resource_changes": changes}


def _shown(job: Job, estimate: Estimate) -> Estimate:
    """The estimate as the CLI shows it: its source named as the user named the input."""
    plan = dataclasses.replace(estimate.plan, source=shown_path(job))
    return dataclasses.replace(estimate, plan=plan)


def _estimate(job: Job, plan: PlanInput, options: InputOptions, source: PriceSource) -> RunResult:
    from checker.run_result import ProjectResult, RunResult

    estimate, diagnostics = estimate_input(plan, options, source=source)
    shown = shown_path(job)
    project = ProjectResult(shown, shown, _shown(job, estimate), diagnostics)
    return RunResult("diff", (project,), exit_code=0)


def _check(
    job: Job,
    plan: PlanInput,
    path: Path,
    options: InputOptions,
    source: PriceSource,
    load: PolicyLoader,
) -> RunResult:
    """``costcheck check`` of the job's input (``plan``, which ``path`` was sent as)."""
    from checker.check_run import check_project
    from checker.policy.model import RunContext
    from checker.run_result import RunResult, worst_exit

    if not job.policies:
        raise CostcheckError("no policies given: name at least one (builtin:<pack>) or send one")
    # A request's inline policies live in its own directory: never the same file twice.
    inline = any(Path(p).is_relative_to(job.root) for p in job.policies)
    shown_policies = dict(job.shown_policies)
    policy_set = (_load_fresh if inline else load)(job.policies, shown_policies)  # fail closed
    shown = shown_path(job)
    run = RunContext(
        path=shown,
        today=datetime.date.fromisoformat(job.today),
        workspace=job.workspace,
        environment=job.environment,
    )
    checked = check_project(
        plan,
        policy_set,
        options,
        run,
        name=shown,
        path=shown,
        fail_on=job.fail_on,
        # Not the server's working directory: only what the request sent.
        source_roots=[path if path.is_dir() else path.parent],
        source=source,
    )
    project = dataclasses.replace(checked, estimate=_shown(job, checked.estimate))
    return RunResult("check", (project,), exit_code=worst_exit((project,)))


def _outcome(job: Job, result: RunResult) -> Outcome:
    from checker.policy.money import cents_str
    from checker.report.json_report import money_str
    from checker.report.outputs import render, text_of

    # Text: the Outcome crosses the sandbox's pipe and the result cache as JSON.
    body = text_of(render(result, job.fmt))
    document_text = (
        body if job.fmt == "json" else text_of(render(result, "json")) if job.document else ""
    )
    estimate = result.single.estimate
    policy = result.single.policy
    if policy is None:
        return Outcome(
            body=body,
            document_text=document_text,
            verdict="none",
            monthly_cost=money_str(estimate.total_monthly_cost),
            diff_monthly_cost=money_str(estimate.diff_total_monthly_cost),
        )
    outcomes = [str(r.outcome) for r in policy.report.results]
    verdict: Verdict = (
        "failed" if policy.exit_code else "unknown" if "unknown" in outcomes else "passed"
    )
    levels = [f.effective_level for f in policy.report.findings]
    return Outcome(
        body=body,
        document_text=document_text,
        verdict=verdict,
        monthly_cost=cents_str(estimate.total_monthly_cost),
        diff_monthly_cost=cents_str(estimate.diff_total_monthly_cost),
        policy_outcomes=tuple(
            (r.policy.id, str(r.outcome), str(r.policy.enforcement or ""))
            for r in policy.report.results
        ),
        blocking=levels.count("block"),
        warnings=levels.count("warn"),
    )
