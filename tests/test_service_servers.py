"""The service against real servers: a throwaway PostgreSQL cluster, Redis, and
``costcheck serve`` under uvicorn with two workers; then each dependency stopped mid-run."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from checker.model import Price
from checker.pricing.aws_api import AwsPriceListSource
from checker.service.cache import CountingCache, RedisPriceCache, redis_client
from tests.postgres_server import Server as Postgres
from tests.pricing_server import PricingServer, ec2_variants, genuine_items, serving
from tests.service_support import (
    REPO,
    Redis,
    costcheck,
    have_postgres,
    have_redis,
    postgres_server,
    redis_server,
    serve,
    service_env,
)
from tests.test_aws_pricing import EC2_M5

pytestmark = [
    pytest.mark.skipif(
        not have_postgres(), reason="PostgreSQL 15 is not installed (make test installs it)"
    ),
    pytest.mark.skipif(
        not have_redis(), reason="redis-server is not installed (make test installs it)"
    ),
]

PLAN = REPO / "tests" / "fixtures" / "plans" / "compute" / "plan.json"


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    with postgres_server() as server:
        yield server


@pytest.fixture
def redis() -> Iterator[Redis]:
    with redis_server() as server:
        yield server


@pytest.fixture
def pricing() -> Iterator[PricingServer]:
    items = genuine_items()
    with serving(
        [*items.values(), *ec2_variants(items["ec2_m5.large_us-east-1_linux_priceitem"])]
    ) as server:
        yield server


def _aws_env(pricing: PricingServer, tmp: Path) -> dict[str, str]:
    (tmp / "aws").mkdir(exist_ok=True)
    return {
        "COSTCHECK_PRICING_SOURCE": "aws",
        "AWS_ENDPOINT_URL_PRICING": pricing.url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": str(tmp / "aws" / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp / "aws" / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def _metric(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_redis_cache_is_shared_and_survives_redis_going_away(
    redis: Redis, pricing: PricingServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in _aws_env(pricing, tmp_path).items():
        monkeypatch.setenv(name, value)
    counts: list[str] = []
    errors: list[str] = []

    def source() -> AwsPriceListSource:
        cache = RedisPriceCache(redis_client(redis.url), on_error=lambda: errors.append("cache"))
        return AwsPriceListSource(cache=CountingCache(cache, counts.append))

    first = source().lookup([EC2_M5])[EC2_M5]
    assert isinstance(first, Price)
    asked = len(pricing.requests)
    second_worker = source()
    assert second_worker.lookup([EC2_M5])[EC2_M5] == first
    assert len(pricing.requests) == asked  # answered by Redis, not the API
    assert counts == ["miss", "hit"]
    redis.stop()
    assert second_worker.lookup([EC2_M5])[EC2_M5] == first  # asks the API again, no failure
    assert errors  # counted as a cache dependency error
    assert second_worker.lookup([EC2_M5])[EC2_M5] == first  # now from the in-process fallback
    redis.start()
    third = source()
    assert third.lookup([EC2_M5])[EC2_M5] == first


@pytest.mark.takes(6)
def test_serve_with_postgres_and_redis_then_each_fails_and_returns(
    postgres: Postgres, redis: Redis, pricing: PricingServer, tmp_path: Path
) -> None:
    env = service_env(
        tmp_path,
        DATABASE_URL=postgres.url("costcheck"),
        REDIS_URL=redis.url,
        **_aws_env(pricing, tmp_path),
    )
    upgraded = costcheck(["db", "upgrade", "--env-file", str(tmp_path / "none")], env, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "postgresql" in upgraded.stdout
    made = costcheck(["token", "create", "--team", "platform"], env, tmp_path)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token.startswith("cct_")
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    plan = PLAN.read_bytes()
    with (
        serve(tmp_path, env, workers=2) as (base, _process),
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        health = client.get("/health").json()
        assert health["status"] == "ok"
        assert health["parts"]["database"]["kind"] == "postgresql"
        assert health["parts"]["cache"]["kind"] == "redis"
        for _ in range(4):
            answer = client.post(
                "/v1/check?project=web&policy=builtin:budget", content=plan, headers=auth
            )
            assert answer.status_code == 200, answer.text
        metrics = client.get("/metrics").text
        # Two workers' counts summed: every request counted once, wherever it ran.
        assert _metric(metrics, "costcheck_http_requests_total", route="/v1/check") == 4
        assert _metric(metrics, "costcheck_price_cache_requests_total", result="hit") > 0
        assert _metric(metrics, "costcheck_price_cache_requests_total", result="miss") > 0

        redis.stop()
        health = client.get("/health")
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
        assert health.json()["parts"]["cache"]["status"] == "down"
        answer = client.post(
            "/v1/check?project=web&policy=builtin:budget", content=plan, headers=auth
        )
        assert answer.status_code == 200  # prices from the in-process cache or the API

        postgres.stop()
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json()["parts"]["database"]["status"] == "down"
        answer = client.post(
            "/v1/check?project=web&policy=builtin:budget", content=plan, headers=auth
        )
        assert answer.status_code == 503
        assert "database" in answer.json()["error"]

        postgres.start()
        redis.start()
        health = client.get("/health")
        assert health.status_code == 200, health.text
        assert health.json()["status"] == "ok"
        answer = client.post(
            "/v1/check?project=web&policy=builtin:budget", content=plan, headers=auth
        )
        assert answer.status_code == 200
        history = client.get("/v1/projects/web/history", headers=auth).json()
        # Nothing written before the outage was lost; the failed request wrote nothing.
        assert len(history["runs"]) == 6
        metrics = client.get("/metrics").text
        assert _metric(metrics, "costcheck_dependency_errors_total", dependency="database") >= 1
        assert _metric(metrics, "costcheck_dependency_errors_total", dependency="cache") >= 1
    log_lines = [
        json.loads(line)
        for path in tmp_path.glob("serve-*.log")
        for line in path.read_text().splitlines()
        if line.startswith("{")
    ]
    assert any(line.get("message") == "request" for line in log_lines)
    assert not any(token in json.dumps(line) for line in log_lines)


def test_redis_keeps_answers_for_every_worker(redis: Redis) -> None:
    from checker.service.jobs import Outcome
    from checker.service.results import RedisResults

    outcome = Outcome(
        body="# costcheck",
        document_text='{"result": "pass"}',
        verdict="passed",
        monthly_cost=None,
        diff_monthly_cost=None,
        policy_outcomes=(("P-1", "pass", "block"),),
    )
    errors: list[int] = []
    first = RedisResults(redis_client(redis.url), on_error=lambda: errors.append(1))
    second = RedisResults(redis_client(redis.url), on_error=lambda: errors.append(1))
    first.put("k", outcome)
    assert second.get("k") == outcome
    assert second.get("other") is None
    redis.stop()
    assert second.get("k") is None  # Redis gone: a miss, not an error
    second.put("k2", outcome)
    assert second.get("k2") == outcome  # kept in-process meanwhile
    assert len(errors) >= 2


def test_concurrent_first_runs_of_a_project_on_postgres(postgres: Postgres) -> None:
    """Many threads record the first run of the same new project at once: all are kept."""
    from concurrent.futures import ThreadPoolExecutor

    from checker.service.store import Store, upgrade

    url = postgres.url("costcheck").replace("postgresql://", "postgresql+psycopg://")
    upgrade(url)
    stores = [Store(url, "k" * 40) for _ in range(2)]  # two workers' pools

    def record(i: int) -> None:
        stores[i % 2].record_run(
            "race",
            "fresh",
            kind="check",
            verdict="passed",
            monthly_cost="1.00",
            diff_monthly_cost=None,
            document={"i": i},
        )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(record, range(16)))
    history = stores[0].history("race", "fresh")
    assert history is not None and len(history) == 16
    for store in stores:
        store.dispose()


@pytest.mark.skipif(shutil.which("ss") is None, reason="needs ss (iproute2) to see the sockets")
@pytest.mark.takes(3)
def test_a_burst_of_connections_is_spread_over_the_workers(tmp_path: Path) -> None:
    """uvicorn's shared socket let the first worker awake accept nearly all of a burst of
    keep-alive connections (one core did the work); a socket per worker spreads them."""
    import asyncio
    import collections
    import subprocess

    env = service_env(tmp_path)
    assert costcheck(["db", "upgrade", "--env-file", "none"], env, tmp_path).returncode == 0
    with serve(tmp_path, env, workers=2) as (base, process):
        port = int(base.rsplit(":", 1)[1])
        children = subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=False
        ).stdout.split()

        async def burst() -> list[int]:
            opened = await asyncio.gather(
                *(asyncio.open_connection("127.0.0.1", port) for _ in range(32))
            )
            for reader, writer in opened:  # a request on each: accepted and being served
                writer.write(b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
                await reader.readuntil(b"\r\n\r\n")
            listed = subprocess.run(
                ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            counts = collections.Counter(
                pid for line in listed.splitlines() for pid in children if f"pid={pid}," in line
            )
            for _reader, writer in opened:
                writer.close()
            return sorted(counts.values())

        counts = asyncio.run(burst())
    assert sum(counts) == 32 and len(counts) == 2, counts
    assert min(counts) >= 6, counts  # hashing is not exact; one worker alone would be 0


def test_a_recorded_document_is_json_on_postgres(postgres: Postgres) -> None:
    """The JSON answer is stored as it is (not parsed and serialized again): PostgreSQL takes
    it as a JSON object, as it takes a document given as a dict."""
    from sqlalchemy import text

    from checker.service.store import JsonText, Store, upgrade

    url = postgres.url("costcheck").replace("postgresql://", "postgresql+psycopg://")
    upgrade(url)
    database = Store(url, "k" * 40)
    common = {"kind": "check", "verdict": "passed", "monthly_cost": "1.00"}
    database.record_run(
        "json", "p", **common, diff_monthly_cost=None, document=JsonText('{\n  "a": [1, 2]\n}')
    )
    database.record_run("json", "p", **common, diff_monthly_cost=None, document={"b": 1})
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT json_typeof(r.document), r.document->>'a', r.document->>'b' FROM runs r "
                "JOIN projects p ON p.id = r.project_id WHERE p.team = 'json' ORDER BY r.id"
            )
        ).all()
    database.dispose()
    assert [tuple(r) for r in rows] == [("object", "[1, 2]", None), ("object", None, "1")]
