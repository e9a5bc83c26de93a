"""The Terraform Cloud run task against a real loopback HTTP server playing TFC: the signed
request, the plan download (token kept from the archive host), the PATCHed result with retries."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from checker.service import store
from checker.service.app import create_app
from checker.service.settings import load_settings
from tests.service_support import (  # noqa: F401  (forked_costcheck: a fixture)
    REPO,
    SECRET,
    forked_costcheck,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PLAN = REPO / "tests" / "fixtures" / "plans" / "compute" / "plan.json"
HMAC_KEY = "run-task-hmac-key-for-tests"
ACCESS_TOKEN = "tfc-run-access-token-SECRET"


@dataclass
class Tfc:
    """What the TFC stand-in saw, and how it should answer."""

    plan_status: int = 200
    release_plan: threading.Event = field(default_factory=threading.Event)
    callback_failures: int = 1  # 503s before the callback is accepted
    seen: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def callbacks(self) -> list[dict[str, Any]]:
        return [json.loads(b) for m, p, _, b in self.seen if m == "PATCH"]


@pytest.fixture
def tfc() -> Iterator[Tfc]:
    state = Tfc()
    state.release_plan.set()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _record(self) -> bytes:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            with state.lock:
                state.seen.append((self.command, self.path, dict(self.headers), body))
            return body

        def _send(
            self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._record()
            if self.path == "/api/v2/plans/plan-1/json-output":
                if self.headers.get("authorization") != f"Bearer {ACCESS_TOKEN}":
                    return self._send(401)
                if state.plan_status != 200:
                    return self._send(state.plan_status)
                state.release_plan.wait(timeout=60)  # the test says when the plan may go
                return self._send(307, headers={"Location": "/archivist/plan-1?signed=1"})
            if self.path.startswith("/archivist/plan-1"):
                return self._send(200, PLAN.read_bytes(), {"Content-Type": "application/json"})
            self._send(404)

        def do_PATCH(self) -> None:
            self._record()
            if self.headers.get("authorization") != f"Bearer {ACCESS_TOKEN}":
                return self._send(401)
            with state.lock:
                failing = state.callback_failures > 0
                state.callback_failures -= 1
            self._send(503 if failing else 200, b"{}")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _client(tmp_path: Path, deadline: float | None = None, **extra: str) -> TestClient:
    from checker.service.app import make_services

    settings = load_settings(
        {"SECRET_KEY": SECRET, "COSTCHECK_DATA_DIR": str(tmp_path / "data"), **extra},
        env_file=None,
    )
    store.upgrade(settings.database_url)
    services = make_services(settings)
    services.run_task_deadline = deadline
    return TestClient(create_app(settings, services))


def _eventually(check: Callable[[], bool], timeout: float = 60) -> None:
    """Wait for the run-task worker (it works after the 200, on its own schedule)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the run task did not get that far in time"
        time.sleep(0.05)


def _payload(tfc: Tfc, **changes: Any) -> bytes:
    payload = {
        "payload_version": 1,
        "stage": "post_plan",
        "access_token": ACCESS_TOKEN,
        "is_speculative": False,
        "task_result_id": "taskrs-1",
        "task_result_enforcement_level": "mandatory",
        "task_result_callback_url": f"{tfc.url}/api/v2/task-results/taskrs-1/callback",
        "run_app_url": "https://app.terraform.io/app/acme/web/runs/run-1",
        "run_id": "run-1",
        "run_message": "Queued manually",
        "workspace_name": "web",
        "workspace_id": "ws-1",
        "organization_name": "acme",
        "plan_json_api_url": f"{tfc.url}/api/v2/plans/plan-1/json-output",
    }
    payload.update(changes)
    return json.dumps({k: v for k, v in payload.items() if v is not None}).encode()


def _signed(body: bytes, key: str = HMAC_KEY) -> dict[str, str]:
    return {
        "X-TFC-Task-Signature": hmac.new(key.encode(), body, hashlib.sha512).hexdigest(),
        "Content-Type": "application/json",
    }


def test_run_task_checks_the_plan_and_reports(
    tfc: Tfc, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = _payload(tfc)
    with _client(
        tmp_path,
        COSTCHECK_RUN_TASK_HMAC_KEY=HMAC_KEY,
        COSTCHECK_RUN_TASK_POLICIES="builtin:budget",
    ) as client:
        answer = client.post("/v1/run-task", content=body, headers=_signed(body))
        assert answer.status_code == 200
        _eventually(lambda: 'run_tasks_total{outcome="failed"} 1.0' in client.get("/metrics").text)
        metrics = client.get("/metrics").text
    [callback] = tfc.callbacks()[-1:]
    assert len(tfc.callbacks()) == 2  # the first PATCH got a 503 and was tried again
    attributes = callback["data"]["attributes"]
    assert attributes["status"] == "failed"  # the compute plan breaks the budget pack
    assert "monthly cost change" in attributes["message"]
    outcomes = callback["data"]["relationships"]["outcomes"]["data"]
    assert {o["attributes"]["outcome-id"] for o in outcomes} >= {"COST-INCREASE-001"}
    assert all(o["type"] == "task-result-outcomes" for o in outcomes)
    archive_requests = [h for m, p, h, _ in tfc.seen if p.startswith("/archivist")]
    assert archive_requests and all("Authorization" not in h for h in archive_requests)
    patch_headers = [h for m, _, h, _ in tfc.seen if m == "PATCH"]
    assert all(h["Content-Type"] == "application/vnd.api+json" for h in patch_headers)
    assert 'costcheck_run_tasks_total{outcome="failed"} 1.0' in metrics
    assert ACCESS_TOKEN not in caplog.text


def test_bad_signature_and_unconfigured(tfc: Tfc, tmp_path: Path) -> None:
    body = _payload(tfc)
    with _client(tmp_path, COSTCHECK_RUN_TASK_HMAC_KEY=HMAC_KEY) as client:
        assert (
            client.post("/v1/run-task", content=body, headers=_signed(body, "wrong")).status_code
            == 401
        )
        unsigned = {"Content-Type": "application/json"}
        assert client.post("/v1/run-task", content=body, headers=unsigned).status_code == 401
        tampered = body.replace(b"web", b"wab")
        assert (
            client.post("/v1/run-task", content=tampered, headers=_signed(body)).status_code == 401
        )
        bad = b'{"payload_version": 2}'
        assert client.post("/v1/run-task", content=bad, headers=_signed(bad)).status_code == 422
    assert tfc.seen == []
    with _client(tmp_path / "other") as client:
        assert client.post("/v1/run-task", content=body, headers=_signed(body)).status_code == 404


def test_plan_that_cannot_be_fetched_fails_the_task(tfc: Tfc, tmp_path: Path) -> None:
    tfc.plan_status = 404
    tfc.callback_failures = 0
    body = _payload(tfc)
    with _client(tmp_path, COSTCHECK_RUN_TASK_HMAC_KEY=HMAC_KEY) as client:
        assert client.post("/v1/run-task", content=body, headers=_signed(body)).status_code == 200
        _eventually(lambda: 'run_tasks_total{outcome="error"} 1.0' in client.get("/metrics").text)
        metrics = client.get("/metrics").text
    [callback] = tfc.callbacks()
    assert callback["data"]["attributes"]["status"] == "failed"
    assert "HTTP 404" in callback["data"]["attributes"]["message"]
    assert 'costcheck_run_tasks_total{outcome="error"} 1.0' in metrics


def test_pre_plan_stage_has_no_plan(tfc: Tfc, tmp_path: Path) -> None:
    tfc.callback_failures = 0
    body = _payload(tfc, stage="pre_plan", plan_json_api_url=None)
    with _client(tmp_path, COSTCHECK_RUN_TASK_HMAC_KEY=HMAC_KEY) as client:
        assert client.post("/v1/run-task", content=body, headers=_signed(body)).status_code == 200
        _eventually(lambda: len(tfc.callbacks()) == 1)
    [callback] = tfc.callbacks()
    assert callback["data"]["attributes"]["status"] == "failed"
    assert "post-plan" in callback["data"]["attributes"]["message"]


@pytest.mark.takes(4)
def test_served_run_task_answers_before_the_work_is_done(tfc: Tfc, tmp_path: Path) -> None:
    """Under uvicorn: the 200 arrives while the plan download is still held back by TFC."""
    import time

    import httpx

    from tests.service_support import costcheck, serve, service_env

    tfc.release_plan.clear()
    env = service_env(tmp_path, COSTCHECK_RUN_TASK_HMAC_KEY=HMAC_KEY)
    assert costcheck(["db", "upgrade", "--env-file", "none"], env, tmp_path).returncode == 0
    body = _payload(tfc)
    with serve(tmp_path, env, workers=2) as (base, _process):
        answer = httpx.post(f"{base}/v1/run-task", content=body, headers=_signed(body), timeout=30)
        assert answer.status_code == 200
        assert tfc.callbacks() == []  # nothing reported yet: the plan is still held back
        tfc.release_plan.set()
        deadline = time.monotonic() + 90
        while len(tfc.callbacks()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    assert tfc.callbacks()[-1]["data"]["attributes"]["status"] in ("passed", "failed")
    logs = "".join(p.read_text() for p in tmp_path.glob("serve-*.log"))
    assert ACCESS_TOKEN not in logs


def _task_rows(url: str) -> list[tuple[str, int, str, str | None]]:
    from sqlalchemy import text

    engine = store.make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT state, attempts, sealed, last_error FROM run_tasks ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_gives_up_at_the_deadline_and_says_so(tfc: Tfc, tmp_path: Path) -> None:
    tfc.plan_status = 503  # TFC keeps failing: each attempt is a transient failure
    tfc.callback_failures = 0
    body = _payload(tfc)
    with _client(tmp_path, deadline=2.5, COSTCHECK_RUN_TASK_HMAC_KEY=HMAC_KEY) as client:
        assert client.post("/v1/run-task", content=body, headers=_signed(body)).status_code == 200
        _eventually(lambda: len(tfc.callbacks()) == 1)
        url = client.app.state.services.settings.database_url
        _eventually(lambda: _task_rows(url)[0][0] == "failed")
    fetches = [p for m, p, _, _ in tfc.seen if m == "GET"]
    assert len(fetches) == 2  # at 0 s and after 1 s; the next (after 2 s more) is past 2.5 s
    message = tfc.callbacks()[0]["data"]["attributes"]["message"]
    assert tfc.callbacks()[0]["data"]["attributes"]["status"] == "failed"
    assert "gave up after 2 attempt(s)" in message and "HTTP 503" in message
    [(state, attempts, sealed, error)] = _task_rows(url)
    assert (state, attempts, sealed) == ("failed", 2, "")  # the access token is erased
    assert error is not None and "gave up" in error


@pytest.fixture(scope="module")
def databases() -> Iterator[Callable[[str, Path], str]]:
    """A fresh database per test: a SQLite file in its tmp_path, or a database of its own on
    one PostgreSQL server for the module (started at the first test that asks: an initdb and a
    start per test cost ~0.6 CPU s each; none of these tests stops the server)."""
    with ExitStack() as stack:
        started: list[Any] = []

        def make(kind: str, tmp_path: Path) -> str:
            if kind == "sqlite":
                return f"sqlite:///{tmp_path / 'data' / 'costcheck.sqlite3'}"
            from tests.postgres_server import missing_reason
            from tests.service_support import postgres_server

            reason = missing_reason()
            if reason:
                pytest.skip(reason)
            if not started:
                started.append(stack.enter_context(postgres_server()))
            name = f"test_{uuid.uuid4().hex[:16]}"
            started[0].psql("postgres", f"CREATE DATABASE {name}")
            return str(started[0].url(name))

        yield make


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_claims_are_exclusive_and_a_dead_workers_lease_runs_out(
    kind: str, tmp_path: Path, databases: Callable[[str, Path], str]
) -> None:
    import base64
    import datetime
    from concurrent.futures import ThreadPoolExecutor

    from checker.service.settings import _database_url
    from checker.service.store import Store, now
    from checker.service.taskqueue import TaskQueue, unseal

    with ExitStack() as stack:
        url = _database_url(
            lambda n: databases(kind, tmp_path) if n == "DATABASE_URL" else None,
            tmp_path,
            [],
        )
        store.upgrade(url)
        database = Store(url, SECRET)
        stack.callback(database.dispose)
        queue = TaskQueue(database, SECRET)
        deadline = now() + datetime.timedelta(minutes=10)
        first = queue.enqueue("run-1", {"access_token": ACCESS_TOKEN}, deadline)
        row = queue.get(first)
        assert row is not None
        assert ACCESS_TOKEN.encode() not in base64.b64decode(row.sealed)  # encrypted at rest
        assert unseal(SECRET, row.sealed) == {"access_token": ACCESS_TOKEN}
        with pytest.raises(ValueError, match="SECRET_KEY"):
            unseal("another-secret-key-" + "x" * 32, row.sealed)
        claimed = queue.claim("worker-a", lease_seconds=60)
        assert claimed is not None and (claimed.id, claimed.attempts) == (first, 1)
        assert queue.claim("worker-b", lease_seconds=60) is None  # leased to worker-a
        # worker-a dies: its lease runs out, and worker-b takes the task over.
        assert queue._change(first, "worker-a", lease_until=now() - datetime.timedelta(seconds=1))
        again = queue.claim("worker-b", lease_seconds=60)
        assert again is not None and (again.id, again.attempts) == (first, 2)
        assert not queue.finish(first, "worker-a", "done")  # no longer its task
        assert queue.finish(first, "worker-b", "done")
        assert queue.claim("worker-c", lease_seconds=60) is None
        # An attempt for later is not due before its time.
        later = queue.enqueue("run-2", {}, deadline)
        taken = queue.claim("worker-a", lease_seconds=60)
        assert taken is not None and taken.id == later
        assert queue.retry_later(later, "worker-a", now() + datetime.timedelta(hours=1), "HTTP 503")
        assert queue.claim("worker-a", lease_seconds=60) is None
        # Many workers at once: every task is claimed exactly once.
        ids = {queue.enqueue(f"run-{i}", {}, deadline) for i in range(30)}

        def drain(worker: str) -> list[int]:
            got: list[int] = []
            while (task := queue.claim(worker, lease_seconds=60)) is not None:
                got.append(task.id)
            return got

        with ThreadPoolExecutor(4) as pool:
            claims = [i for found in pool.map(drain, ["w1", "w2", "w3", "w4"]) for i in found]
        assert sorted(claims) == sorted(ids)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
@pytest.mark.takes(4)
def test_an_accepted_task_survives_a_restart(
    tfc: Tfc, tmp_path: Path, kind: str, databases: Callable[[str, Path], str]
) -> None:
    """Accepted, then the server stops while the plan download is held back; the task is in
    the database, and the server started again finishes it and calls back."""
    from tests.service_support import costcheck, serve, service_env

    tfc.release_plan.clear()
    tfc.callback_failures = 0
    url = databases(kind, tmp_path)
    env = service_env(
        tmp_path,
        COSTCHECK_RUN_TASK_HMAC_KEY=HMAC_KEY,
        COSTCHECK_RUN_TASK_POLICIES="builtin:budget",
        DATABASE_URL=url,
    )
    upgraded = costcheck(["db", "upgrade", "--env-file", "none"], env, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    body = _payload(tfc)
    with serve(tmp_path, env, workers=1) as (base, _process):
        import httpx

        answer = httpx.post(f"{base}/v1/run-task", content=body, headers=_signed(body))
        assert answer.status_code == 200
        _eventually(lambda: any(m == "GET" for m, _, _, _ in tfc.seen))  # being worked on
    assert tfc.callbacks() == []  # stopped before it could answer
    tfc.release_plan.set()
    with serve(tmp_path, env, workers=1):
        _eventually(lambda: len(tfc.callbacks()) == 1, timeout=120)
    url_driver = url.replace("postgresql://", "postgresql+psycopg://", 1)
    [(state, attempts, sealed, _error)] = _task_rows(url_driver)
    attributes = tfc.callbacks()[0]["data"]["attributes"]
    assert attributes["status"] == "failed"  # the compute plan breaks the budget pack
    assert "monthly cost change" in attributes["message"]
    assert (state, sealed) == ("done", "")
    assert attempts == 1  # the stopped worker gave its attempt back
    logs = "".join(p.read_text() for p in tmp_path.glob("serve-*.log"))
    assert ACCESS_TOKEN not in logs


def _request_counting(chunks: int, declared: int | None = None) -> tuple[Any, list[int]]:
    """A Request whose body is ``chunks`` chunks of 64 KiB; ``read[0]`` counts those pulled."""
    from starlette.requests import Request

    read = [0]
    headers = [(b"content-type", b"application/json")]
    if declared is not None:
        headers.append((b"content-length", str(declared).encode()))

    async def receive() -> dict[str, Any]:
        read[0] += 1
        more = read[0] < chunks
        return {"type": "http.request", "body": b"x" * 65536, "more_body": more}

    scope = {"type": "http", "method": "POST", "path": "/v1/run-task", "headers": headers}
    return Request(scope, receive), read


def test_a_body_over_the_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    import anyio

    from checker.service import runtask
    from checker.service.app import make_services

    settings = load_settings(
        {
            "SECRET_KEY": SECRET,
            "COSTCHECK_DATA_DIR": str(tmp_path / "data"),
            "COSTCHECK_RUN_TASK_HMAC_KEY": HMAC_KEY,
        },
        env_file=None,
    )
    svc = make_services(settings)
    # 1 GiB streamed without a length: refused after a little over 1 MiB, unsigned as it is.
    request, read = _request_counting(16384)
    response = anyio.run(runtask.handle, svc, request)
    assert response.status_code == 413
    assert 16 < read[0] <= 17 + 1
    # A declared length over the limit: refused before a byte of the body is read.
    request, read = _request_counting(16384, declared=1024 * 1024 * 1024)
    response = anyio.run(runtask.handle, svc, request)
    assert response.status_code == 413
    assert read[0] == 0


def test_a_body_that_never_ends_is_cut_off_at_the_time_limit(tmp_path: Path) -> None:
    import anyio
    from starlette.requests import Request

    from checker.service import runtask
    from checker.service.app import make_services

    settings = load_settings(
        {
            "SECRET_KEY": SECRET,
            "COSTCHECK_DATA_DIR": str(tmp_path / "data"),
            "COSTCHECK_RUN_TASK_HMAC_KEY": HMAC_KEY,
            "COSTCHECK_REQUEST_TIMEOUT": "1",
        },
        env_file=None,
    )

    async def drip() -> dict[str, Any]:
        await anyio.sleep(0.2)
        return {"type": "http.request", "body": b" ", "more_body": True}

    scope = {"type": "http", "method": "POST", "path": "/v1/run-task", "headers": []}
    started = time.monotonic()
    response = anyio.run(runtask.handle, make_services(settings), Request(scope, drip))
    assert response.status_code == 408
    assert time.monotonic() - started < 10
