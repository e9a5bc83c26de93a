"""Benchmark: `costcheck serve` on loopback, `/v1/check` with a generated 100-resource plan and
every built-in pack, at fixed concurrency levels for a bounded time each. Prints requests per
second, p50/p95/p99 latency and the error rate, for repeated plans (answered from the result
cache, as a CI re-run is) and for a distinct plan per request (priced and checked every time).

Loopback only; the server is stopped at the end. Settings: COSTCHECK_BENCH_WORKERS (2),
COSTCHECK_BENCH_SECONDS per level (8), COSTCHECK_BENCH_CONCURRENCY ("8,32").
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from benchmarks.loopback import costcheck_serve
from benchmarks.pricing_bench import generated_plan
from checker.policy.loader import builtin_packs

RESOURCES = 100


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


async def _drive(
    url: str,
    headers: dict[str, str],
    body_for: Callable[[int], bytes],
    concurrency: int,
    seconds: float,
) -> tuple[int, int, list[float], float]:
    latencies: list[float] = []
    errors = 0
    sent = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def worker(offset: int) -> None:
            nonlocal errors, sent
            index = offset
            while time.perf_counter() < stop:
                body = body_for(index)
                index += concurrency
                started = time.perf_counter()
                try:
                    answer = await client.post(url, content=body, headers=headers)
                    ok = answer.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                sent += 1
                errors += 0 if ok else 1

        began = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - began
    return sent, errors, latencies, elapsed


def main() -> None:
    workers = int(os.environ.get("COSTCHECK_BENCH_WORKERS", "2"))
    seconds = float(os.environ.get("COSTCHECK_BENCH_SECONDS", "8"))
    levels = [int(c) for c in os.environ.get("COSTCHECK_BENCH_CONCURRENCY", "8,32").split(",")]
    with tempfile.TemporaryDirectory(prefix="costcheck-bench-") as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DB_", "REDIS_"))},
            "SECRET_KEY": "benchmark-secret-" + "b" * 32,
            "COSTCHECK_DATA_DIR": str(Path(tmp) / "data"),
            "DATABASE_URL": "",
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, "-m", "checker"]
        none = ["--env-file", str(Path(tmp) / "none.env")]
        subprocess.run([*command, "db", "upgrade", *none], env=env, check=True, capture_output=True)
        token = subprocess.run(
            [*command, "token", "create", "--team", "bench", *none],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        with costcheck_serve(env, workers=workers, extra_args=none, health="/health") as served:
            base, _process = served
            query = "&".join(f"policy=builtin:{p}" for p in builtin_packs())
            url = f"{base}/v1/check?{query}"
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            plan = generated_plan(RESOURCES)
            same = json.dumps(plan).encode()

            def repeated(_index: int) -> bytes:
                return same

            def distinct(index: int) -> bytes:
                # Another terraform_version: a body never seen, so priced and checked afresh.
                return json.dumps({**plan, "terraform_version": f"1.11.{index}"}).encode()

            print(
                f"  {workers} workers, {RESOURCES}-resource plan, packs: "
                f"{', '.join(builtin_packs())}, {seconds:g}s per level"
            )
            for label, body_for in (("repeated plan", repeated), ("distinct plans", distinct)):
                for concurrency in levels:
                    sent, errors, latencies, elapsed = asyncio.run(
                        _drive(url, headers, body_for, concurrency, seconds)
                    )
                    print(
                        f"  {label:15} c={concurrency:<3} {sent / elapsed:7.1f} req/s  "
                        f"p50 {_percentile(latencies, 0.50) * 1000:7.1f} ms  "
                        f"p95 {_percentile(latencies, 0.95) * 1000:7.1f} ms  "
                        f"p99 {_percentile(latencies, 0.99) * 1000:7.1f} ms  "
                        f"errors {errors / max(sent, 1):.2%} ({sent} requests)",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
