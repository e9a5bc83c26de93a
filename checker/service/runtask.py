"""Terraform Cloud / Enterprise run tasks (``POST /v1/run-task``).

TFC posts a JSON payload signed with the run task's HMAC key (``X-TFC-Task-Signature``: the
hex HMAC-SHA512 of the body). The service answers 200 at once, then in the background fetches
the plan JSON from ``plan_json_api_url`` with the run's ``access_token``, evaluates the
configured policies on it through the same pipeline as ``/v1/check``, and PATCHes the result
to ``task_result_callback_url`` (JSON:API ``task-results``: passed/failed, a message and one
outcome per policy), retrying with backoff within the deadline TFC gives (10 minutes).

The access token is used for those two requests only: never logged, stored or forwarded to
the storage host the plan download redirects to.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import httpx
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from checker.errors import CostcheckError
from checker.policy.loader import BUILTIN_PREFIX, builtin_packs
from checker.safe_text import clip
from checker.service.jobs import Job, Outcome, run_job

if TYPE_CHECKING:
    from checker.service.app import Services

log = logging.getLogger("costcheck.service.runtask")

DEADLINE_SECONDS = 600.0  # TFC waits 10 minutes for the callback
MAX_PLAN_BYTES = 64 * 1024 * 1024
JSONAPI = "application/vnd.api+json"
MESSAGE_LIMIT = 500


@dataclass(frozen=True)
class TaskRequest:
    access_token: str
    callback_url: str
    plan_url: str | None
    stage: str
    workspace: str
    organization: str
    run_id: str


def signature_ok(key: str, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    expected = hmac.new(key.encode(), body, hashlib.sha512).hexdigest()
    # As bytes: a header with non-ASCII characters (latin-1 from HTTP) is a mismatch, not a crash.
    given = header.strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(expected.encode(), given)


def _parse(body: bytes) -> TaskRequest | str:
    """The fields used, or what is wrong with the payload."""
    try:
        data = json.loads(body)
    except ValueError:
        return "the body is not JSON"
    if not isinstance(data, dict) or data.get("payload_version") != 1:
        return "expected a run task payload with payload_version 1"

    def text(name: str, required: bool = True) -> str | None:
        value = data.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value or len(value) > 4096:
            raise ValueError(name)
        return value

    try:
        request = TaskRequest(
            access_token=str(text("access_token")),
            callback_url=str(text("task_result_callback_url")),
            plan_url=text("plan_json_api_url", required=False),
            stage=str(text("stage", required=False) or ""),
            workspace=str(text("workspace_name", required=False) or "unknown"),
            organization=str(text("organization_name", required=False) or "unknown"),
            run_id=str(text("run_id", required=False) or ""),
        )
    except ValueError as missing:
        return f"{missing} is missing or not a string"
    for url in (request.callback_url, request.plan_url):
        if url is not None and not url.startswith(("https://", "http://")):
            return "callback and plan URLs must be http(s)"
    return request


async def handle(svc: Services, request: Request) -> Response:
    key = svc.settings.run_task_hmac_key
    if not key:
        return JSONResponse({"error": "run tasks are not configured on this server"}, 404)
    body = await request.body()
    if len(body) > 1024 * 1024:
        return JSONResponse({"error": "payload too large"}, 413)
    if not signature_ok(key, body, request.headers.get("x-tfc-task-signature")):
        svc.metrics.run_tasks.labels(outcome="error").inc()
        return JSONResponse({"error": "bad or missing X-TFC-Task-Signature"}, 401)
    parsed = _parse(body)
    if isinstance(parsed, str):
        return JSONResponse({"error": parsed}, 422)
    return JSONResponse(
        {"status": "accepted"}, 200, background=BackgroundTask(run_task, svc, parsed)
    )


async def run_task(
    svc: Services, task: TaskRequest, deadline_seconds: float = DEADLINE_SECONDS
) -> None:
    """Evaluate and report; every failure ends as a 'failed' result TFC shows (fail closed)."""
    deadline = time.monotonic() + deadline_seconds
    outcome_label = "error"
    try:
        if task.plan_url is None:
            status, message, outcomes = (
                "failed",
                "costcheck needs the plan: attach the run task at the post-plan or pre-apply stage",
                [],
            )
        else:
            plan = await _fetch_plan(task, deadline)
            result = await anyio.to_thread.run_sync(_evaluate, svc, task, plan)
            status = "passed" if result.verdict != "failed" else "failed"
            outcome_label = status
            message = _message(result)
            outcomes = _outcomes(result)
            svc.metrics.verdicts.labels(verdict=result.verdict).inc()
            await anyio.to_thread.run_sync(_record, svc, task, result)
    except (httpx.HTTPError, CostcheckError, TaskFailure) as exc:
        reason = exc.render() if isinstance(exc, CostcheckError) else str(exc)
        status, message, outcomes = (
            "failed",
            clip(f"costcheck could not check this run: {reason}", MESSAGE_LIMIT),
            [],
        )
        log.warning("run task failed", extra={"run_id": task.run_id, "reason": type(exc).__name__})
    except Exception:
        status, message, outcomes = ("failed", "costcheck hit an internal error; see its logs", [])
        log.exception("run task crashed", extra={"run_id": task.run_id})
    svc.metrics.run_tasks.labels(outcome=outcome_label).inc()
    await _callback(task, status, message, outcomes, deadline)


class TaskFailure(Exception):
    pass


async def _with_retries(what: str, deadline: float, attempt: Any) -> httpx.Response:
    """``attempt()`` until it answers below 500 (and not 429), backing off 0.5, 1, 2... s."""
    delay = 0.5
    last = "no attempt"
    while True:
        try:
            response: httpx.Response = await attempt()
            if response.status_code < 500 and response.status_code != 429:
                return response
            last = f"HTTP {response.status_code}"
        except httpx.TransportError as exc:
            last = type(exc).__name__
        if time.monotonic() + delay > deadline:
            raise TaskFailure(f"{what} failed ({last}), retried until the deadline")
        await asyncio.sleep(delay)
        delay = min(delay * 2, 30)


async def _fetch_plan(task: TaskRequest, deadline: float) -> bytes:
    assert task.plan_url is not None
    timeout = httpx.Timeout(30, connect=5)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
        auth = {"Authorization": f"Bearer {task.access_token}"}
        response = await _with_retries(
            "fetching the plan", deadline, lambda: client.get(task.plan_url, headers=auth)
        )
        if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
            # The plan lives on the archive host behind a signed URL: the token stays behind.
            target = str(response.url.join(response.headers["location"]))
            response = await _with_retries(
                "fetching the plan", deadline, lambda: client.get(target)
            )
        if response.status_code != 200:
            raise TaskFailure(f"fetching the plan answered HTTP {response.status_code}")
        if len(response.content) > MAX_PLAN_BYTES:
            raise TaskFailure("the plan JSON is larger than costcheck accepts")
        return response.content


def _policies(svc: Services) -> tuple[str, ...]:
    from checker.service.app import resolve_policies

    names = svc.settings.run_task_policies or tuple(BUILTIN_PREFIX + p for p in builtin_packs())
    return tuple(resolve_policies(svc.settings, names))


def _evaluate(svc: Services, task: TaskRequest, plan: bytes) -> Outcome:
    workdir = Path(tempfile.mkdtemp(prefix="costcheck-task-"))
    try:
        (workdir / "plan").mkdir()
        plan_path = workdir / "plan" / "plan.json"
        plan_path.write_bytes(plan)
        job = Job(
            kind="check",
            plan_path=str(plan_path),
            root=str(workdir),
            fmt="json",  # the answer TFC gets is built from the outcome's fields
            policies=_policies(svc),
            region=svc.settings.aws_region,
            workspace=task.workspace,
        )
        return run_job(job, svc.price_source(), svc.policy_sets.load)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _record(svc: Services, task: TaskRequest, result: Outcome) -> None:
    from checker.service.store import StoreUnavailable

    try:
        svc.store.record_run(
            f"tfc-{task.organization}"[:100],
            task.workspace[:100],
            kind="run-task",
            verdict=result.verdict,
            monthly_cost=result.monthly_cost,
            diff_monthly_cost=result.diff_monthly_cost,
            document=result.document(),
        )
    except StoreUnavailable:
        svc.metrics.dependency_errors.labels(dependency="database").inc()


def _message(result: Outcome) -> str:
    diff = result.diff_monthly_cost or "unknown"
    return clip(
        f"costcheck: {result.verdict}; monthly cost change ${diff}; "
        f"{result.blocking} blocking, {result.warnings} warning finding(s)",
        MESSAGE_LIMIT,
    )


def _outcomes(result: Outcome) -> list[dict[str, Any]]:
    level = {"fail": "error", "unknown": "warning", "pass": "info"}
    return [
        {
            "type": "task-result-outcomes",
            "attributes": {
                "outcome-id": clip(policy_id, 80),
                "description": clip(f"{policy_id}: {outcome}", 200),
                "tags": {
                    "Status": [{"label": outcome, "level": level.get(outcome, "none")}],
                    "Enforcement": [{"label": enforcement or "none"}],
                },
            },
        }
        for policy_id, outcome, enforcement in result.policy_outcomes
    ]


async def _callback(
    task: TaskRequest, status: str, message: str, outcomes: list[dict[str, Any]], deadline: float
) -> None:
    body = {
        "data": {
            "type": "task-results",
            "attributes": {"status": status, "message": message},
            "relationships": {"outcomes": {"data": outcomes}},
        }
    }
    headers = {"Authorization": f"Bearer {task.access_token}", "Content-Type": JSONAPI}
    async with httpx.AsyncClient(timeout=httpx.Timeout(30, connect=5)) as client:
        try:
            response = await _with_retries(
                "the callback",
                deadline,
                lambda: client.patch(task.callback_url, json=body, headers=headers),
            )
        except TaskFailure as exc:
            log.error("run task callback failed", extra={"run_id": task.run_id, "reason": str(exc)})
            return
    if response.status_code >= 300:
        log.error(
            "run task callback refused",
            extra={"run_id": task.run_id, "status": response.status_code},
        )
