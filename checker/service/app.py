"""The HTTP application: routes, authentication, limits, metrics and request logs.

``create_app(settings)`` builds everything one worker process needs from the settings alone;
all state shared between workers lives in the database and the cache.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import functools
import gc
import json
import logging
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import anyio
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from checker.errors import CostcheckError, InputError
from checker.gc_passes import freeze_for_life, no_gc_passes
from checker.model import PriceQuery, PriceResult
from checker.policy.loader import BUILTIN_PREFIX
from checker.policy.loader import builtin_packs as _scan_builtin_packs
from checker.pricing.source import PriceSource
from checker.report.outputs import formats
from checker.run_result import FailOn, fail_on_named
from checker.safe_text import clip
from checker.service import logs, pages
from checker.service.archive import extract_archive
from checker.service.cache import CountingCache, MemoryPriceCache, RedisPriceCache, redis_client
from checker.service.formats import media_type
from checker.service.jobs import COMMANDS, Job, Kind, Outcome, PolicySets, run_job
from checker.service.metrics import Metrics, make_metrics
from checker.service.openapi import openapi_document
from checker.service.results import MemoryResults, RedisResults, result_key
from checker.service.sandbox import SandboxError, run_in_sandbox
from checker.service.settings import Settings
from checker.service.store import JsonText, Store, StoreUnavailable, reserved_team

if TYPE_CHECKING:
    from checker.service.runtask import TaskWorker

# The packs ship inside the package: listing them once per worker, not twice per request
# (each listing stats every pack file). The CLI's own listing and loader (policy.loader), only
# memoized: a CLI process checks once, a worker serves many requests (jobs.PolicySets likewise).
builtin_packs = functools.cache(_scan_builtin_packs)

log = logging.getLogger("costcheck.service")

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
JSON_TYPES = ("application/json",)
ARCHIVE_TYPES = (
    "application/gzip",
    "application/x-gzip",
    "application/x-tar+gzip",
    "application/octet-stream",
)
MAX_INLINE_POLICIES = 20
MAX_INLINE_POLICY_CHARS = 256 * 1024
EVALUATIONS_AT_ONCE = 1


class HttpError(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


class LockedSource:
    """A price source used by many request threads at once: one lookup at a time."""

    def __init__(self, inner: PriceSource) -> None:
        self.inner = inner
        self.name = inner.name
        self._lock = threading.Lock()

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        with self._lock:
            return self.inner.lookup(queries)


@dataclass
class Services:
    """What one worker process holds: connections and objects, no request state."""

    settings: Settings
    store: Store
    metrics: Metrics
    cache: MemoryPriceCache | RedisPriceCache
    results: MemoryResults | RedisResults
    policy_sets: PolicySets = field(default_factory=PolicySets)
    source: PriceSource | None = None
    _source_lock: threading.Lock = field(default_factory=threading.Lock)
    _limiter: anyio.CapacityLimiter | None = None
    _task_worker: TaskWorker | None = None
    run_task_deadline: float | None = None  # None: TFC's 10 minutes (tests shorten it)

    def task_worker(self) -> TaskWorker:
        from checker.service.runtask import DEADLINE_SECONDS, TaskWorker

        if self._task_worker is None:
            self._task_worker = TaskWorker(self, self.run_task_deadline or DEADLINE_SECONDS)
        return self._task_worker

    def evaluation_limiter(self) -> anyio.CapacityLimiter:
        """Evaluations this worker runs at once (in-process work; the sandbox's children are
        not counted). One: the work holds the GIL, so more threads do not add CPU (a test
        measured the same CPU per request with 1, 8 and 32), they only hold more plans in
        memory at once and share the core between all requests, so each waits for all. Requests
        queue here instead, first come first served; more cores need more --workers. (The
        throughput that fell with concurrency was the shared listening socket: workers.py.)"""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(EVALUATIONS_AT_ONCE)
        return self._limiter

    def price_source(self) -> PriceSource:
        with self._source_lock:
            if self.source is None:
                self.source = self._make_source()
            return self.source

    def _make_source(self) -> PriceSource:
        from checker.pricing.catalog import Catalog

        catalog = LockedSource(Catalog.open())
        if self.settings.pricing_source == "catalog":
            return catalog
        from checker.pricing import aws_api
        from checker.pricing.factory import AutoSource

        counted = CountingCache(
            self.cache, lambda result: self.metrics.price_cache.labels(result=result).inc()
        )
        api = aws_api.AwsPriceListSource(cache=counted)
        if self.settings.pricing_source == "aws":
            return api
        return AutoSource(lambda: catalog, api=api)


def make_services(settings: Settings, metrics: Metrics | None = None) -> Services:
    metrics = metrics or make_metrics()

    def cache_failed() -> None:
        metrics.dependency_errors.labels(dependency="cache").inc()

    client = redis_client(settings.redis_url) if settings.redis_url else None
    cache: MemoryPriceCache | RedisPriceCache = (
        RedisPriceCache(client, on_error=cache_failed) if client else MemoryPriceCache()
    )
    results: MemoryResults | RedisResults = (
        RedisResults(client, on_error=cache_failed) if client else MemoryResults()
    )
    return Services(
        settings, Store(settings.database_url, settings.secret_key), metrics, cache, results
    )


def warm_up(svc: Services) -> None:
    """Open the catalog and read the built-in packs before the first request (it would pay for
    both), then move everything made so far out of the garbage collector's sight: the catalog,
    the policies and the modules live as long as the worker, and scanning them again on every
    full collection cost about a sixth of a request's CPU."""
    try:
        svc.price_source()
        svc.policy_sets.load([BUILTIN_PREFIX + pack for pack in builtin_packs()])
        if svc.settings.pricing_source == "catalog":  # never the Price List API at start-up
            _warm_check(svc)
    except (CostcheckError, HttpError) as exc:
        # /health reports the catalog as down; requests say why. Not a reason not to start.
        log.warning("warm-up failed", extra={"reason": clip(str(exc), 200)})
    gc.collect()
    freeze_for_life()


# A few of the commonest resources, checked before the first request: their code paths
# imported, the catalog's rows of the default region read, the packs' message templates
# compiled (a worker's first request cost 80 ms of CPU, the next ones 18), and all of it
# frozen with the rest.
WARM_UP_PLAN = {
    "format_version": "1.2",
    "resource_changes": [
        {
            "address": f"{kind}.warm_up",
            "mode": "managed",
            "type": kind,
            "name": "warm_up",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None, "after": after},
        }
        for kind, after in (
            ("aws_instance", {"instance_type": "m5.large"}),
            ("aws_ebs_volume", {"type": "gp3", "size": 100}),
            ("aws_db_instance", {"engine": "postgres", "instance_class": "db.m5.large"}),
            ("aws_s3_bucket", {"bucket": "warm-up"}),
            ("aws_lambda_function", {"function_name": "warm-up", "memory_size": 512}),
        )
    ],
}


def _warm_check(svc: Services) -> None:
    """A request's road with WARM_UP_PLAN, less the result cache (no one sends that plan)."""
    query = {"policy": [BUILTIN_PREFIX + pack for pack in builtin_packs()]}
    sub = parse_submission(json.dumps(WARM_UP_PLAN).encode(), "application/json", query)
    asked = read_options(svc.settings, "check", sub.options)
    workdir = Path(tempfile.mkdtemp(prefix="costcheck-req-"))
    try:
        run_job(build_job(asked, sub, workdir), svc.price_source(), svc.policy_sets.load)
    finally:
        _remove([workdir])


def create_app(settings: Settings, services: Services | None = None) -> Starlette:
    svc = services or make_services(settings)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> Any:
        await anyio.to_thread.run_sync(warm_up, svc)
        async with anyio.create_task_group() as group:
            if settings.run_task_hmac_key:
                group.start_soon(svc.task_worker().run)  # tasks accepted by any worker
            yield
            group.cancel_scope.cancel()
        svc.store.dispose()

    routes = [
        Route(
            "/health/live", lambda r: JSONResponse({"status": "ok"}), methods=["GET"], name="live"
        ),
        Route("/health", _wrap(svc, health), methods=["GET"], name="health"),
        Route("/metrics", _wrap(svc, metrics_route), methods=["GET"], name="metrics"),
        Route("/openapi.json", lambda r: JSONResponse(openapi_document()), methods=["GET"]),
        Route("/v1/estimate", _wrap(svc, estimate_route), methods=["POST"]),
        Route("/v1/check", _wrap(svc, check_route), methods=["POST"]),
        Route("/v1/projects/{name}/history", _wrap(svc, history_route), methods=["GET"]),
        Route("/v1/projects/{name}/page-link", _wrap(svc, page_link_route), methods=["GET"]),
        Route("/projects/{name}", _wrap(svc, project_page_route), methods=["GET"]),
        Route("/v1/run-task", _wrap(svc, run_task_route), methods=["POST"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.services = svc
    return app


Handler = Callable[[Services, Request], Awaitable[Response]]


def _wrap(svc: Services, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Request id, timing, metrics, one log line, and errors as JSON (never a traceback)."""

    async def endpoint(request: Request) -> Response:
        rid = uuid.uuid4().hex
        token = logs.request_id.set(rid)
        route = request.scope["route"].path if "route" in request.scope else request.url.path
        started = time.perf_counter()
        try:
            response = await handler(svc, request)
        except HttpError as exc:
            response = JSONResponse({"error": exc.message, **exc.extra}, exc.status)
        except StoreUnavailable:
            svc.metrics.dependency_errors.labels(dependency="database").inc()
            response = JSONResponse(
                {"error": "the database is unavailable; try again shortly"},
                503,
                headers={"Retry-After": "5"},
            )
        except Exception:
            log.exception("request failed", extra={"route": route, "request_id": rid})
            response = JSONResponse({"error": "internal error", "request_id": rid}, 500)
        elapsed = time.perf_counter() - started
        response.headers["X-Request-Id"] = rid
        svc.metrics.http_requests.labels(
            route=route, method=request.method, status=str(response.status_code)
        ).inc()
        svc.metrics.http_duration.labels(route=route, method=request.method).observe(elapsed)
        log.info(
            "request",
            extra={
                "route": route,
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 2),
                "request_id": rid,
            },
        )
        logs.request_id.reset(token)
        return response

    return endpoint


# --- health and metrics ------------------------------------------------------------------


async def health(svc: Services, _request: Request) -> Response:
    parts: dict[str, dict[str, Any]] = {}
    try:
        revision = await anyio.to_thread.run_sync(svc.store.ping)
        parts["database"] = (
            {"status": "ok", "kind": svc.settings.database_kind(), "schema": revision}
            if revision is not None
            else {
                "status": "down",
                "kind": svc.settings.database_kind(),
                "detail": "no schema: run `costcheck db upgrade`",
            }
        )
    except StoreUnavailable:
        svc.metrics.dependency_errors.labels(dependency="database").inc()
        parts["database"] = {"status": "down", "kind": svc.settings.database_kind()}
    if isinstance(svc.cache, RedisPriceCache):
        try:
            await anyio.to_thread.run_sync(svc.cache.ping)
            parts["cache"] = {"status": "ok", "kind": "redis"}
        except Exception:
            svc.metrics.dependency_errors.labels(dependency="cache").inc()
            # Prices fall back to the in-process cache: degraded, but requests still answer.
            parts["cache"] = {"status": "down", "kind": "redis", "fallback": "in-process"}
    else:
        parts["cache"] = {"status": "ok", "kind": "in-process"}
    try:
        await anyio.to_thread.run_sync(svc.price_source)
        parts["catalog"] = {"status": "ok", "pricing_source": svc.settings.pricing_source}
    except CostcheckError:
        parts["catalog"] = {"status": "down", "pricing_source": svc.settings.pricing_source}
    required = ("database", "catalog")  # Redis down degrades prices' cache, nothing fails
    down = any(parts[p]["status"] != "ok" for p in required)
    status = "down" if down else "degraded" if parts["cache"]["status"] != "ok" else "ok"
    return JSONResponse({"status": status, "parts": parts}, 503 if down else 200)


async def metrics_route(svc: Services, _request: Request) -> Response:
    body, content_type = svc.metrics.exposition()
    return Response(body, media_type=content_type)


# --- authentication ------------------------------------------------------------------------


async def authenticated_team(svc: Services, request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HttpError(401, "send an API token: Authorization: Bearer <token>")
    digest = svc.store.token_digest(token.strip())
    team = svc.store.remembered_team(digest)  # no thread hop for a known token
    if team is None:
        team = await anyio.to_thread.run_sync(svc.store.team_for_digest, digest)
    if team is None:
        raise HttpError(401, "unknown or revoked API token")
    if reserved_team(team):
        # A token made before the name was reserved: it would act in a TFC organization's
        # run-task history.
        raise HttpError(403, "this token's team name is reserved for run tasks: make a new token")
    return team


# --- estimate and check --------------------------------------------------------------------


async def estimate_route(svc: Services, request: Request) -> Response:
    return await _evaluate(svc, request, "estimate")


async def check_route(svc: Services, request: Request) -> Response:
    return await _evaluate(svc, request, "check")


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HttpError(413, f"request body larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpError(413, f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class Submission:
    plan: bytes | None  # plan JSON, as sent
    archive: bytes | None  # a tar.gz of a Terraform directory
    options: Mapping[str, Any]
    # The "before" side, in the same form as the input: a base plan, or a base directory.
    base_plan: bytes | None = None
    base_archive: bytes | None = None
    # What the answer depends on, for the result cache's key: the body, less each plan's
    # top-level "timestamp" (when Terraform made the plan; nothing reads it, and without this a
    # re-run of the same CI job, which plans again, never found its answer).
    identity: bytes = b""


VOLATILE = "timestamp"


def _stable(plan: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in plan.items() if k != VOLATILE}


def _identity(body: bytes, data: dict[str, Any], bare: bool, read: JsonObject | None) -> bytes:
    if bare:
        if VOLATILE not in data:
            return body
        if read is not None:
            return _nulled(read.text, _volatile(read))
        return json.dumps(_stable(data)).encode()
    plans = [n for n in ("plan", "base_plan") if isinstance(data.get(n), dict)]
    if not any(VOLATILE in data[n] for n in plans):
        return body
    if read is not None and all(n in read.inner for n in plans):
        return _nulled(read.text, [span for n in plans for span in _volatile(read.inner[n])])
    return json.dumps({**data, **{n: _stable(data[n]) for n in plans}}).encode()


# What json.loads reads an object with: its whitespace and its C scanner, one value at a time.
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER: Any = json.JSONDecoder()  # (typeshed declares neither scanner)
_SCAN_VALUE: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once
_SCAN_STRING: Callable[[str, int], tuple[str, int]] = vars(json.decoder)["scanstring"]


# A plan or an envelope has a dozen members; past this, this Python loop is left to json.loads.
MAX_MEMBERS = 1_000


def _past_space(text: str, at: int) -> int:
    found = _WHITESPACE.match(text, at)
    return found.end() if found else at


@dataclass(frozen=True)
class JsonObject:
    """A JSON object as json.loads reads it, with where it and each member's value are in the
    body's text: a plan's cache identity without its "timestamp" is then that text with the
    value cut out, and an envelope's plan is its own text, not either written out again (a
    1 MB plan: ~8 ms each)."""

    data: dict[str, Any]
    text: str  # the whole body's
    start: int
    end: int
    members: tuple[tuple[str, int, int], ...]  # (key, start, end) of each member's value
    inner: Mapping[str, JsonObject]  # the envelope's plans, read the same way

    def source(self) -> bytes | None:
        """Its own text as UTF-8 (None when it holds a lone surrogate no file can)."""
        try:
            return self.text[self.start : self.end].encode("utf-8")
        except UnicodeEncodeError:
            return None


def _nulled(text: str, spans: Sequence[tuple[int, int]]) -> bytes:
    """``text`` with each span (a member's value) replaced by null: JSON whose document is the
    body's with those members null, so two bodies have the same identity only when they differ
    in nothing else."""
    pieces: list[str] = []
    last = 0
    for start, end in sorted(spans):
        pieces += (text[last:start], "null")
        last = end
    pieces.append(text[last:])
    return "".join(pieces).encode("utf-8", "surrogatepass")


def _volatile(read: JsonObject) -> list[tuple[int, int]]:
    return [(start, end) for key, start, end in read.members if key == VOLATILE]


def read_top_level(body: bytes) -> JsonObject | None:
    """``body`` read as json.loads reads it, when it is exactly one JSON object; None otherwise
    (json.loads then says what is wrong with it, in its own words)."""
    try:
        text = body.decode(json.detect_encoding(body), "surrogatepass")
        read = _read_object(text, _past_space(text, 0), nested=("plan", "base_plan"))
        if read is None or _past_space(text, read.end) != len(text):
            return None
    except (ValueError, StopIteration, RecursionError):
        return None
    return read


def _read_object(text: str, begin: int, nested: Sequence[str] = ()) -> JsonObject | None:
    """The object at ``begin``; the members named in ``nested`` read as objects too."""
    if text[begin : begin + 1] != "{":
        return None
    at = _past_space(text, begin + 1)
    data: dict[str, Any] = {}
    members: list[tuple[str, int, int]] = []
    inner: dict[str, JsonObject] = {}
    if text[at : at + 1] == "}":
        return JsonObject(data, text, begin, at + 1, (), inner)
    while True:
        if text[at : at + 1] != '"':
            return None
        key, at = _SCAN_STRING(text, at + 1)
        at = _past_space(text, at)
        if text[at : at + 1] != ":":
            return None
        start = _past_space(text, at + 1)
        if key in nested and text[start : start + 1] == "{":
            read = _read_object(text, start)
            if read is None:
                return None
            value, at = read.data, read.end
            inner[key] = read
        else:
            value, at = _SCAN_VALUE(text, start)
            inner.pop(key, None)  # a key given twice: its last value counts
        data[key] = value  # (where it was first given, as json.loads keeps it)
        members.append((key, start, at))
        if len(members) > MAX_MEMBERS:
            return None  # not a plan: json.loads's C loop reads a million members faster
        at = _past_space(text, at)
        if text[at : at + 1] == "}":
            return JsonObject(data, text, begin, at + 1, tuple(members), inner)
        if text[at : at + 1] != ",":
            return None
        at = _past_space(text, at + 1)


INPUT_FIELDS = ("plan", "archive", "base_plan", "base_archive")


def _archive_field(data: Mapping[str, Any], name: str) -> bytes | None:
    if name not in data:
        return None
    if not isinstance(data[name], str):
        raise HttpError(400, f"'{name}' must be the base64 of a tar.gz")
    try:
        return base64.b64decode(data[name], validate=True)
    except (binascii.Error, ValueError):
        raise HttpError(400, f"'{name}' is not valid base64") from None


def _plan_field(data: Mapping[str, Any], name: str, read: JsonObject | None) -> bytes | None:
    if name not in data:
        return None
    if not isinstance(data[name], dict):
        raise HttpError(400, f"'{name}' must be the JSON object `terraform show -json` prints")
    as_sent = read.inner[name].source() if read is not None and name in read.inner else None
    return as_sent if as_sent is not None else json.dumps(data[name]).encode()


def parse_submission(body: bytes, content_type: str, query: Mapping[str, Any]) -> Submission:
    media = content_type.split(";")[0].strip().lower()
    if media in ARCHIVE_TYPES:
        return Submission(None, body, query, identity=body)
    if media not in JSON_TYPES:
        raise HttpError(
            415,
            "send plan JSON or a request envelope (application/json), or a tar.gz of a "
            "Terraform directory (application/gzip)",
        )
    read = read_top_level(body)
    if read is not None:
        data: Any = read.data
    else:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise HttpError(400, f"the body is not JSON: {clip(str(exc), 120)}") from None
    if not isinstance(data, dict):
        raise HttpError(400, 'the body must be a JSON object: a plan, or {"plan": ...}')
    if not any(name in data for name in ("plan", "archive")):
        if any(name in data for name in ("base_plan", "base_archive")):
            raise HttpError(400, "a base needs the input too: send 'plan' or 'archive' with it")
        return Submission(body, None, query, identity=_identity(body, data, bare=True, read=read))
    options = {**query, **{k: v for k, v in data.items() if k not in INPUT_FIELDS}}
    archive, plan = _archive_field(data, "archive"), _plan_field(data, "plan", read)
    base_archive = _archive_field(data, "base_archive")
    base_plan = _plan_field(data, "base_plan", read)
    if archive is not None and plan is not None:
        raise HttpError(400, "send either 'plan' or 'archive', not both")
    if (archive is not None and base_plan is not None) or (
        plan is not None and base_archive is not None
    ):
        raise HttpError(
            400,
            "send the base in the same form as the input: 'base_plan' with 'plan', "
            "'base_archive' with 'archive'",
        )
    identity = _identity(body, data, bare=False, read=read)
    return Submission(plan, archive, options, base_plan, base_archive, identity)


def _text_option(options: Mapping[str, Any], name: str, limit: int = 200) -> str | None:
    value = options.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise HttpError(422, f"option {name!r} must be a string of at most {limit} characters")
    return value


def _list_option(options: Mapping[str, Any], name: str) -> list[str]:
    value = options.get(name, [])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise HttpError(422, f"option {name!r} must be a string or a list of strings")
    return values


def resolve_policies(settings: Settings, names: Sequence[str]) -> list[str]:
    """Policy names a request gives -> sources for the loader: ``builtin:<pack>``, or a file or
    directory of the server's policy library by its name. Never a path from the request."""
    sources: list[str] = []
    for name in names:
        if name.startswith(BUILTIN_PREFIX):
            pack = name[len(BUILTIN_PREFIX) :]
            if pack not in builtin_packs():
                raise HttpError(
                    422,
                    f"no built-in policy pack {clip(pack, 60)!r} "
                    f"(built-in: {', '.join(builtin_packs())})",
                )
            sources.append(name)
            continue
        library = settings.policy_dir
        if library is None or not NAME.fullmatch(name):
            raise HttpError(
                422,
                f"unknown policy {clip(name, 60)!r}: name builtin:<pack> "
                f"({', '.join(builtin_packs())})"
                + (" or an entry of the server's policy library" if library else ""),
            )
        root = library.resolve()
        found = next(
            (c for c in (root / name, root / f"{name}.yml", root / f"{name}.yaml") if c.exists()),
            None,
        )
        if found is None or not found.resolve().is_relative_to(root):
            raise HttpError(422, f"the server's policy library has no {name!r}")
        sources.append(str(found.resolve()))
    return sources


def library_names(settings: Settings, sources: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(source, the name answers show for it) for the sources of the server's policy library:
    its entry's name in the library (``team.yml``), never the server's path to it."""
    if settings.policy_dir is None:
        return ()
    library = settings.policy_dir.resolve()
    return tuple(
        (source, Path(source).relative_to(library).as_posix())
        for source in sources
        if not source.startswith(BUILTIN_PREFIX) and Path(source).is_relative_to(library)
    )


@dataclass(frozen=True)
class Asked:
    """A request's options, read and validated once (prepare), in the order their errors are
    reported; the result cache's key and the job are both made from it."""

    kind: Literal["estimate", "check"]
    fmt: str
    project: str | None
    fail_on: FailOn
    policies: tuple[str, ...]  # builtin:<pack> or paths of the server's library, resolved
    shown_policies: tuple[tuple[str, str], ...]  # (library path, its name there)
    inline: tuple[str, ...]  # policy_yaml documents, as sent
    usage: str | None  # usage_yaml, as sent
    region: str | None
    workspace: str | None
    environment: str | None


def read_options(
    settings: Settings, kind: Literal["estimate", "check"], options: Mapping[str, Any]
) -> Asked:
    """The options of a request, or the HttpError of the first one that is wrong."""
    project = _text_option(options, "project", 100)
    if project is not None and not NAME.fullmatch(project):
        raise HttpError(422, "project must be letters, digits, '.', '_' or '-' (at most 100)")
    fmt = answer_format(kind, options)
    fail_on = fail_on_named(_text_option(options, "fail_on") or "block")
    if fail_on is None:
        raise HttpError(422, "fail_on must be block or warn")
    policies = resolve_policies(
        settings, _list_option(options, "policies") + _list_option(options, "policy")
    )
    inline = _list_option(options, "policy_yaml")
    if len(inline) > MAX_INLINE_POLICIES:
        raise HttpError(422, f"at most {MAX_INLINE_POLICIES} inline policy documents")
    for text in inline:
        if len(text) > MAX_INLINE_POLICY_CHARS:
            # Parsed in the server's process: a policy file is a few KiB, and YAML composes
            # slowly (a megabyte of `[0,0,...]`: ~25 CPU s).
            raise HttpError(
                422,
                f"an inline policy document holds at most {MAX_INLINE_POLICY_CHARS:,} characters",
            )
        _file_text("policy_yaml", text)
    if kind == "check" and not policies and not inline:
        raise HttpError(422, 'a check needs policies: policies=["builtin:<pack>"] or policy_yaml')
    usage = _text_option(options, "usage_yaml", 1_000_000)
    if usage is not None:
        _file_text("usage_yaml", usage)
    if _text_option(options, "base"):
        raise HttpError(
            422,
            "base as a git ref is not available on the server (git on a repository someone "
            "sent could run programs): send the base itself, 'base_plan' (with 'plan') or "
            "'base_archive' (with 'archive') in the JSON envelope",
        )
    return Asked(
        kind=kind,
        fmt=fmt,
        project=project,
        fail_on=fail_on,
        policies=tuple(policies),
        shown_policies=library_names(settings, policies),
        inline=tuple(inline),
        usage=usage,
        region=_text_option(options, "region", 40) or settings.aws_region,
        workspace=_text_option(options, "workspace"),
        environment=_text_option(options, "environment"),
    )


def _file_text(name: str, text: str) -> None:
    """A document written to a file for the CLI's readers must be UTF-8: JSON's escapes can
    carry a lone surrogate (\\ud800), which no file can hold (it was an internal error)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise HttpError(
            422, f"option {name!r} holds a lone surrogate (\\ud800-\\udfff): send UTF-8 text"
        ) from None


def build_job(asked: Asked, sub: Submission, workdir: Path) -> Job:
    """Write the submission into ``workdir`` and describe the work asked of it."""
    policies = list(asked.policies)
    shown = list(asked.shown_policies)
    if asked.inline:
        folder = workdir / "policies"
        folder.mkdir()
        for index, text in enumerate(asked.inline):
            path = folder / f"inline-{index + 1}.yml"
            path.write_text(text, encoding="utf-8")
            policies.append(str(path))
            # As the request named it: the same answer every time, no private path in it.
            shown.append((str(path), f"policy_yaml[{index}]"))
    usage_path: str | None = None
    if asked.usage is not None:
        (workdir / "usage.yml").write_text(asked.usage, encoding="utf-8")
        usage_path = str(workdir / "usage.yml")
    base_path: str | None = None
    if sub.base_archive is not None:
        base_dir = workdir / "base"
        base_dir.mkdir()
        extract_archive(sub.base_archive, base_dir, what="the base (base_archive, tar.gz)")
        base_path = str(base_dir)
    elif sub.base_plan is not None:
        (workdir / "base").mkdir()
        (workdir / "base" / "plan.json").write_bytes(sub.base_plan)
        base_path = str(workdir / "base" / "plan.json")
    if sub.archive is not None:
        target = workdir / "input"
        target.mkdir()
        extract_archive(sub.archive, target)
        plan_path = target
    else:
        assert sub.plan is not None
        # Its own directory: the CLI reads .tf files beside a plan, there are none here.
        (workdir / "plan").mkdir()
        plan_path = workdir / "plan" / "plan.json"
        plan_path.write_bytes(sub.plan)
    return Job(
        kind=asked.kind,
        plan_path=str(plan_path),
        root=str(workdir),
        fmt=asked.fmt,
        policies=tuple(policies),
        shown_policies=tuple(shown),
        usage_file=usage_path,
        region=asked.region,
        workspace=asked.workspace,
        environment=asked.environment,
        fail_on=asked.fail_on,
        base_path=base_path,
        document=asked.project is not None,  # history keeps it
    )


def _result_key(svc: Services, asked: Asked, sub: Submission) -> str | None:
    """The result cache's key, or None when the answer must be computed afresh."""
    if svc.settings.pricing_source != "catalog":
        return None  # API prices change under the same request
    options: dict[str, Any] = {k: v for k, v in sub.options.items() if k != "project"}
    # The project is not in the answer, but whether the outcome holds the document is.
    options["document"] = asked.project is not None
    today = datetime.date.today().isoformat()
    return result_key(asked.kind, sub.identity, options, asked.policies, today, "catalog")


def answer_format(kind: Literal["estimate", "check"], options: Mapping[str, Any]) -> str:
    """The asked ``format``: any the CLI's renderers make for this kind of work."""
    known = formats(COMMANDS[kind])
    fmt = _text_option(options, "format", 40) or "json"
    if fmt not in known:
        raise HttpError(
            400, f"unknown format {clip(fmt, 40)!r}: {kind} answers in {', '.join(known)}"
        )
    return fmt


def _error_status(exc: CostcheckError) -> int:
    return 400 if isinstance(exc, InputError) else 503 if exc.exit_code == 3 else 422


@dataclass
class Prepared:
    """A request read and looked up: its answer (from the result cache, or computed here), or
    the job a sandbox must run; and the directories to remove once it is answered."""

    project: str | None
    fmt: str
    key: str | None
    outcome: Outcome | None = None
    job: Job | None = None
    workdirs: list[Path] = field(default_factory=list)


def prepare(
    svc: Services,
    kind: Literal["estimate", "check"],
    body: bytes,
    content_type: str,
    query: Mapping[str, Any],
    prepared_out: list[Prepared],
) -> Prepared:
    """Everything a request needs done in Python, in one go on one thread: parse, look up the
    result cache, write the job's files, and evaluate a plan in-process. (Each thread hop and
    each extra thread running Python costs: the work holds the GIL.)"""
    # The collector off meanwhile (4 % of a distinct plan's CPU): what a request makes lives
    # until it is answered or dies by reference counting, so passes free next to nothing; the
    # body's size limit bounds it, and the first pass after collects any cycle it left.
    with no_gc_passes():
        sub = parse_submission(body, content_type, query)
        asked = read_options(svc.settings, kind, sub.options)
        key = _result_key(svc, asked, sub)
        done = Prepared(asked.project, asked.fmt, key, svc.results.get(key) if key else None)
        prepared_out.append(done)  # the caller removes its directories whatever happens
        if done.outcome is not None:
            return done
        workdir = Path(tempfile.mkdtemp(prefix="costcheck-req-"))
        done.workdirs.append(workdir)
        job = build_job(asked, sub, workdir)
        if sub.archive is not None:
            done.job = job  # code is evaluated in the sandbox process, not here
            return done
        done.outcome = run_job(job, svc.price_source(), svc.policy_sets.load)
        if key:
            svc.results.put(key, done.outcome)
        return done


def _remove(workdirs: Sequence[Path]) -> None:
    for workdir in workdirs:
        shutil.rmtree(workdir, ignore_errors=True)


SECURITY_HEADERS = {
    # A report quotes the input: whatever a format is, nothing in it runs or loads.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def _evaluate(
    svc: Services, request: Request, kind: Literal["estimate", "check"]
) -> Response:
    team = await authenticated_team(svc, request)
    timeout = svc.settings.request_timeout
    try:
        # A body dripped in slowly holds a connection: it gets the same time limit as the work.
        with anyio.fail_after(timeout):
            body = await read_body(request, svc.settings.max_body_bytes)
    except TimeoutError:
        raise HttpError(408, "the request body took too long to arrive") from None
    query: dict[str, Any] = {k: v for k, v in request.query_params.items()}
    query["policy"] = request.query_params.getlist("policy")
    content_type = request.headers.get("content-type", "")
    holder: list[Prepared] = []
    try:
        with anyio.fail_after(timeout):
            prepared = await anyio.to_thread.run_sync(
                prepare,
                svc,
                kind,
                body,
                content_type,
                query,
                holder,
                abandon_on_cancel=True,
                limiter=svc.evaluation_limiter(),
            )
            outcome = prepared.outcome
            if outcome is None:
                assert prepared.job is not None
                outcome = await anyio.to_thread.run_sync(
                    run_in_sandbox, prepared.job, timeout, abandon_on_cancel=True
                )
                if prepared.key:
                    await anyio.to_thread.run_sync(svc.results.put, prepared.key, outcome)
    except CostcheckError as exc:
        return JSONResponse(
            {"error": clip(exc.render(), 4000), "exit_code": exc.exit_code},
            _error_status(exc),
            background=_cleanup(holder),
        )
    except HttpError:
        _remove([d for p in holder for d in p.workdirs])
        raise
    except TimeoutError:
        return JSONResponse(
            {"error": f"the request took longer than {timeout:g}s"},
            504,
            background=_cleanup(holder),
        )
    except SandboxError as exc:
        log.error("sandbox failed", extra={"reason": str(exc)})
        return JSONResponse(
            {"error": "evaluating the input failed"}, 500, background=_cleanup(holder)
        )
    svc.metrics.estimates.labels(kind=kind).inc()
    if kind == "check":
        svc.metrics.verdicts.labels(verdict=outcome.verdict).inc()
    if prepared.project is not None:
        await anyio.to_thread.run_sync(_record, svc, team, prepared.project, kind, outcome)
    return Response(
        outcome.body,
        200,
        headers=SECURITY_HEADERS,
        media_type=media_type(prepared.fmt),
        background=_cleanup(holder),
    )


def _cleanup(holder: Sequence[Prepared]) -> BackgroundTask | None:
    workdirs = [d for p in holder for d in p.workdirs]
    return BackgroundTask(_remove, workdirs) if workdirs else None


def _record(svc: Services, team: str, project: str, kind: Kind, outcome: Outcome) -> None:
    svc.store.record_run(
        team,
        project,
        kind=kind,
        verdict=outcome.verdict,
        monthly_cost=outcome.monthly_cost,
        diff_monthly_cost=outcome.diff_monthly_cost,
        document=JsonText(outcome.document_text),  # the JSON answer, as it is
    )


# --- history and the project page ----------------------------------------------------------


def _project_name(request: Request) -> str:
    name = str(request.path_params["name"])
    if not NAME.fullmatch(name):
        raise HttpError(404, "no such project")
    return name


async def history_route(svc: Services, request: Request) -> Response:
    team = await authenticated_team(svc, request)
    name = _project_name(request)
    rows = await anyio.to_thread.run_sync(svc.store.history, team, name)
    if rows is None:
        raise HttpError(404, "no such project")
    return JSONResponse(
        {
            "project": name,
            "runs": [
                {
                    "time": r.created_at.isoformat(),
                    "kind": r.kind,
                    "verdict": r.verdict,
                    "monthly_cost": r.monthly_cost,
                    "diff_monthly_cost": r.diff_monthly_cost,
                }
                for r in rows
            ],
        }
    )


async def page_link_route(svc: Services, request: Request) -> Response:
    """A link to the HTML page that works without the token for a short while (a browser
    cannot send the Authorization header)."""
    team = await authenticated_team(svc, request)
    name = _project_name(request)
    return JSONResponse({"url": pages.signed_link(svc.settings.secret_key, team, name)})


async def project_page_route(svc: Services, request: Request) -> Response:
    name = _project_name(request)
    team = pages.verify_link(svc.settings.secret_key, name, request.query_params)
    if team is None:
        raise HttpError(
            403, "this link is not valid (or has expired): ask /v1/projects/{name}/page-link"
        )
    rows = await anyio.to_thread.run_sync(svc.store.history, team, name)
    if rows is None:
        raise HttpError(404, "no such project")
    return HTMLResponse(
        pages.project_page(name, rows),
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def run_task_route(svc: Services, request: Request) -> Response:
    from checker.service import runtask

    return await runtask.handle(svc, request)
