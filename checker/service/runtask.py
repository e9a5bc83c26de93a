"""Terraform Cloud / Enterprise run tasks (``POST /v1/run-task``).

TFC posts a JSON payload signed with the run task's HMAC key (``X-TFC-Task-Signature``: the
hex HMAC-SHA512 of the body). The service stores the task (checker/service/taskqueue.py) and
answers 200; a worker (any worker, also after a restart) then fetches the plan JSON from
``plan_json_api_url`` with the run's ``access_token``, evaluates the configured policies on it
through the same pipeline as ``/v1/check``, and PATCHes the result to
``task_result_callback_url`` (JSON:API ``task-results``: passed/failed, a message and one
outcome per policy), attempting again with backoff until the deadline TFC gives (10 minutes),
where it gives up and says so.

The access token is used for those two requests only: never logged, stored only encrypted
until the task ends, never forwarded to the storage host the plan download redirects to.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import hashlib
import hmac
import json
import logging
import os
import secrets
import shutil
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from checker.errors import CostcheckError
from checker.policy.loader import BUILTIN_PREFIX
from checker.safe_text import clip
from checker.service.jobs import Job, Outcome, run_job
from checker.service.store import JsonText, StoreUnavailable, now, run_task_team

if TYPE_CHECKING:
    from checker.service.app import Services
    from checker.service.taskqueue import Claimed

log = logging.getLogger("costcheck.service.runtask")

DEADLINE_SECONDS = 600.0  # TFC waits 10 minutes for the callback
HTTP_TIMEOUT = 30.0
POLL_SECONDS = 1.0  # how often an idle worker looks for due tasks (it is woken on accept)
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 60.0
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


MAX_BODY_BYTES = 1024 * 1024  # a run task's payload is a few KiB


async def handle(svc: Services, request: Request) -> Response:
    key = svc.settings.run_task_hmac_key
    if not key:
        return JSONResponse({"error": "run tasks are not configured on this server"}, 404)
    from checker.service.app import HttpError, read_body

    try:
        # Before the signature: read at most the limit, streaming, refusing a larger declared
        # Content-Length up front, and no longer than a request may take (as /v1/estimate).
        with anyio.fail_after(svc.settings.request_timeout):
            body = await read_body(request, MAX_BODY_BYTES)
    except TimeoutError:
        return JSONResponse({"error": "the request body took too long to arrive"}, 408)
    except HttpError as error:
        return JSONResponse({"error": "payload too large"}, error.status)
    if not signature_ok(key, body, request.headers.get("x-tfc-task-signature")):
        svc.metrics.run_tasks.labels(outcome="error").inc()
        return JSONResponse({"error": "bad or missing X-TFC-Task-Signature"}, 401)
    parsed = _parse(body)
    if isinstance(parsed, str):
        return JSONResponse({"error": parsed}, 422)
    worker = svc.task_worker()
    deadline = now() + datetime.timedelta(seconds=worker.deadline_seconds)
    # Stored before the 200: a worker that stops now leaves the task to another (or to itself
    # after a restart). StoreUnavailable: a 503, and TFC retries the request.
    await anyio.to_thread.run_sync(
        worker.queue.enqueue, parsed.run_id, dataclasses.asdict(parsed), deadline
    )
    worker.wake()
    return JSONResponse({"status": "accepted"}, 200)


class Transient(Exception):
    """A step failed in a way a later attempt may not (5xx, 429, no connection)."""


class TaskWorker:
    """This worker process's share of the run tasks: it claims due tasks from the database one
    at a time, under a lease, and makes one attempt at each; a failed attempt waits (1 s, 2 s,
    4 s... at most 60 s) and may be made by any worker; at the deadline it gives up and says so."""

    def __init__(self, svc: Services, deadline_seconds: float = DEADLINE_SECONDS) -> None:
        from checker.service.taskqueue import TaskQueue

        self.svc = svc
        self.queue = TaskQueue(svc.store, svc.settings.secret_key)
        self.deadline_seconds = deadline_seconds
        self.id = f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"
        # Fetch, evaluation and callback each have their time limit; the lease outlasts them.
        self.lease_seconds = svc.settings.request_timeout + 2 * HTTP_TIMEOUT + 30
        self._wake: asyncio.Event | None = None

    def wake(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def run(self) -> None:
        """Claim and attempt tasks until cancelled (the worker stops)."""
        self._wake = asyncio.Event()
        while True:
            try:
                claimed = await anyio.to_thread.run_sync(
                    self.queue.claim, self.id, self.lease_seconds
                )
            except StoreUnavailable:
                self.svc.metrics.dependency_errors.labels(dependency="database").inc()
                claimed = None
            if claimed is None:
                with anyio.move_on_after(POLL_SECONDS):
                    await self._wake.wait()
                self._wake.clear()
                continue
            try:
                await self.attempt(claimed)
            except anyio.get_cancelled_exc_class():
                with anyio.CancelScope(shield=True):
                    # Stopping: hand the task back at once rather than when the lease ends.
                    await anyio.to_thread.run_sync(self._release, claimed.id)
                raise
            except StoreUnavailable:
                # The lease runs out and the task is attempted again.
                self.svc.metrics.dependency_errors.labels(dependency="database").inc()

    def _release(self, task_id: int) -> None:
        with contextlib.suppress(StoreUnavailable):  # else the lease runs out instead
            self.queue.release(task_id, self.id)

    async def attempt(self, claimed: Claimed) -> None:
        from checker.service.taskqueue import unseal

        try:
            task = TaskRequest(**unseal(self.svc.settings.secret_key, claimed.sealed))
        except (ValueError, TypeError) as exc:
            log.error("run task unreadable", extra={"task": claimed.id, "reason": str(exc)})
            await self._give_up(claimed, str(exc))
            return
        result = claimed.result
        try:
            if result is None:
                made = await self._result(task)
                result = json.dumps(made)
                await anyio.to_thread.run_sync(self.queue.save_result, claimed.id, self.id, result)
            else:  # an earlier attempt's answer, kept in the queue
                made = json.loads(result)
            await _callback(task, made["body"])
        except Transient as exc:
            await self._later(claimed, task, result, str(exc))
            return
        except TaskFailure as exc:  # TFC refused the callback: trying again will not help
            log.error(
                "run task callback refused", extra={"run_id": task.run_id, "reason": str(exc)}
            )
            await self._give_up(claimed, str(exc))
            return
        self.svc.metrics.run_tasks.labels(outcome=made["outcome"]).inc()
        await anyio.to_thread.run_sync(self.queue.finish, claimed.id, self.id, "done")

    async def _later(
        self, claimed: Claimed, task: TaskRequest, result: str | None, reason: str
    ) -> None:
        delay = min(BACKOFF_FIRST * 2 ** (claimed.attempts - 1), BACKOFF_MAX)
        at = now() + datetime.timedelta(seconds=delay)
        if at < claimed.deadline_at:
            log.warning(
                "run task attempt failed; trying again",
                extra={"run_id": task.run_id, "attempt": claimed.attempts, "reason": reason},
            )
            await anyio.to_thread.run_sync(self.queue.retry_later, claimed.id, self.id, at, reason)
            return
        # The deadline: say so to TFC while there is time (a result never made is a failure),
        # and in the log and the table when even that cannot be sent.
        given_up = f"gave up after {claimed.attempts} attempt(s) at TFC's deadline: {reason}"
        if result is None:
            message = clip(f"costcheck could not check this run: {given_up}", MESSAGE_LIMIT)
            try:
                await _callback(task, _body("failed", message, []))
            except (Transient, TaskFailure) as exc:
                given_up += f"; the callback saying so failed too ({exc})"
        log.error("run task given up", extra={"run_id": task.run_id, "reason": given_up})
        await self._give_up(claimed, given_up)

    async def _give_up(self, claimed: Claimed, reason: str) -> None:
        """The task ends failed, counted as an error (each caller logs why first)."""
        self.svc.metrics.run_tasks.labels(outcome="error").inc()
        await anyio.to_thread.run_sync(self.queue.finish, claimed.id, self.id, "failed", reason)

    async def _result(self, task: TaskRequest) -> dict[str, Any]:
        """The callback body and the outcome for the metrics; a step that may work later
        raises Transient; anything else ends as a 'failed' result TFC shows (fail closed)."""
        svc = self.svc
        if task.plan_url is None:
            message = (
                "costcheck needs the plan: attach the run task at the post-plan or pre-apply stage"
            )
            return _failed(message)
        try:
            plan = await _fetch_plan(task)
            with anyio.fail_after(svc.settings.request_timeout):
                result = await anyio.to_thread.run_sync(
                    _evaluate, svc, task, plan, limiter=svc.evaluation_limiter()
                )
        except (CostcheckError, TaskFailure, TimeoutError) as exc:
            reason = exc.render() if isinstance(exc, CostcheckError) else str(exc) or "timed out"
            log.warning(
                "run task failed", extra={"run_id": task.run_id, "reason": type(exc).__name__}
            )
            message = clip(f"costcheck could not check this run: {reason}", MESSAGE_LIMIT)
            return _failed(message)
        except Transient:
            raise
        except Exception:
            log.exception("run task crashed", extra={"run_id": task.run_id})
            message = "costcheck hit an internal error; see its logs"
            return _failed(message)
        status = "passed" if result.verdict != "failed" else "failed"
        svc.metrics.verdicts.labels(verdict=result.verdict).inc()
        await anyio.to_thread.run_sync(_record, svc, task, result)
        return {"body": _body(status, _message(result), _outcomes(result)), "outcome": status}


def _failed(message: str) -> dict[str, Any]:
    """A 'failed' result TFC shows, counted as an error."""
    return {"body": _body("failed", message, []), "outcome": "error"}


class TaskFailure(Exception):
    pass


def _transient(response: httpx.Response) -> bool:
    return response.status_code >= 500 or response.status_code == 429


async def _fetch_plan(task: TaskRequest) -> bytes:
    assert task.plan_url is not None
    timeout = httpx.Timeout(HTTP_TIMEOUT, connect=5)
    try:
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
            auth = {"Authorization": f"Bearer {task.access_token}"}
            response = await client.get(task.plan_url, headers=auth)
            if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
                # The plan lives on the archive host behind a signed URL: the token stays behind.
                target = str(response.url.join(response.headers["location"]))
                response = await client.get(target)
    except httpx.TransportError as exc:
        raise Transient(f"fetching the plan failed ({type(exc).__name__})") from None
    if _transient(response):
        raise Transient(f"fetching the plan answered HTTP {response.status_code}")
    if response.status_code != 200:
        raise TaskFailure(f"fetching the plan answered HTTP {response.status_code}")
    if len(response.content) > MAX_PLAN_BYTES:
        raise TaskFailure("the plan JSON is larger than costcheck accepts")
    return response.content


def _policies(svc: Services) -> tuple[str, ...]:
    from checker.service.app import builtin_packs, resolve_policies

    names = svc.settings.run_task_policies or tuple(BUILTIN_PREFIX + p for p in builtin_packs())
    return tuple(resolve_policies(svc.settings, names))


def _evaluate(svc: Services, task: TaskRequest, plan: bytes) -> Outcome:
    from checker.service.app import library_names

    workdir = Path(tempfile.mkdtemp(prefix="costcheck-task-"))
    try:
        (workdir / "plan").mkdir()
        plan_path = workdir / "plan" / "plan.json"
        plan_path.write_bytes(plan)
        policies = _policies(svc)
        job = Job(
            kind="check",
            plan_path=str(plan_path),
            root=str(workdir),
            fmt="json",  # the answer TFC gets is built from the outcome's fields
            policies=policies,
            shown_policies=library_names(svc.settings, policies),
            region=svc.settings.aws_region,
            workspace=task.workspace,
        )
        return run_job(job, svc.price_source(), svc.policy_sets.load)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _record(svc: Services, task: TaskRequest, result: Outcome) -> None:
    try:
        svc.store.record_run(
            run_task_team(task.organization),
            task.workspace[:100],
            kind="run-task",
            verdict=result.verdict,
            monthly_cost=result.monthly_cost,
            diff_monthly_cost=result.diff_monthly_cost,
            document=JsonText(result.document_text),
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


def _body(status: str, message: str, outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "data": {
            "type": "task-results",
            "attributes": {"status": status, "message": message},
            "relationships": {"outcomes": {"data": outcomes}},
        }
    }


async def _callback(task: TaskRequest, body: dict[str, Any]) -> None:
    """PATCH the result; Transient when TFC may take it later, TaskFailure when it refused."""
    headers = {"Authorization": f"Bearer {task.access_token}", "Content-Type": JSONAPI}
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(HTTP_TIMEOUT, connect=5)) as client:
            response = await client.patch(task.callback_url, json=body, headers=headers)
    except httpx.TransportError as exc:
        raise Transient(f"the callback failed ({type(exc).__name__})") from None
    if _transient(response):
        raise Transient(f"the callback answered HTTP {response.status_code}")
    if response.status_code >= 300:
        raise TaskFailure(f"the callback answered HTTP {response.status_code}")
