"""Benchmark: `costcheck serve` on loopback, `/v1/check` with a generated 100-resource plan and
every built-in pack, at fixed concurrency levels for a bounded time each. Prints requests per
second, p50/p95/p99 latency and the error rate, for repeated plans (answered from the result
cache, as a CI re-run is), the same recorded in a project's history (a database write each),
and for a distinct plan per request (priced and checked every time).

The client shares the machine with the server, so it is kept cheap (raw HTTP/1.1 keep-alive
over asyncio streams, bodies built before the clock starts) and its own CPU is printed with
each level, next to the server's CPU and the whole machine's (other processes' load skews
the numbers: it is shown, not hidden).

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
from dataclasses import dataclass
from pathlib import Path

from benchmarks.loopback import costcheck_serve
from benchmarks.pricing_bench import generated_plan
from checker.policy.loader import builtin_packs

RESOURCES = 100
MARKER = "@@costcheck-bench-run@@"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


@dataclass(frozen=True)
class Level:
    sent: int
    errors: int
    latencies: list[float]
    elapsed: float
    client_cpu: float  # seconds of this process's CPU
    server_cpu: float  # seconds of the server's processes' CPU
    machine_busy: float  # share of all cores busy, 0..1 (every process on the machine)


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def _tree_cpu(root: int) -> float:
    """CPU seconds (user + system) of ``root`` and its descendants that are alive now."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        total += times.get(pid, 0.0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


async def _request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes, body: bytes
) -> int:
    """One request on a kept-alive connection; the status (the body is read and dropped)."""
    writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
    await writer.drain()
    header = await reader.readuntil(b"\r\n\r\n")
    lines = header.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in lines
            if line.lower().startswith(b"content-length:")
        ),
        None,
    )
    if length is None:
        raise ConnectionError("answer without Content-Length")
    await reader.readexactly(length)
    return status


async def _drive(
    port: int, head: bytes, body_for: Callable[[int], bytes], concurrency: int, seconds: float
) -> tuple[int, int, list[float], float]:
    latencies: list[float] = []
    errors = 0
    sent = 0
    stop = time.perf_counter() + seconds

    async def worker(offset: int) -> None:
        nonlocal errors, sent
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        index = offset
        try:
            while time.perf_counter() < stop:
                body = body_for(index)
                index += concurrency
                started = time.perf_counter()
                try:
                    ok = await _request(reader, writer, head, body) == 200
                except (OSError, ValueError, asyncio.IncompleteReadError):
                    ok = False
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                latencies.append(time.perf_counter() - started)
                sent += 1
                errors += 0 if ok else 1
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return sent, errors, latencies, time.perf_counter() - began


def measure(
    port: int,
    server_pid: int,
    head: bytes,
    body_for: Callable[[int], bytes],
    concurrency: int,
    seconds: float,
) -> Level:
    client0, server0, (busy0, total0) = time.process_time(), _tree_cpu(server_pid), _machine_ticks()
    sent, errors, latencies, elapsed = asyncio.run(
        _drive(port, head, body_for, concurrency, seconds)
    )
    client1, server1, (busy1, total1) = time.process_time(), _tree_cpu(server_pid), _machine_ticks()
    return Level(
        sent,
        errors,
        latencies,
        elapsed,
        client1 - client0,
        server1 - server0,
        (busy1 - busy0) / max(total1 - total0, 1),
    )


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
            base, process = served
            port = int(base.rsplit(":", 1)[1])
            query = "&".join(f"policy=builtin:{p}" for p in builtin_packs())

            def head_for(query: str) -> bytes:
                return (
                    f"POST /v1/check?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                    "Content-Length: "
                ).encode()

            head = head_for(query)
            # The same, recorded in the project's history: one database write per request.
            recorded = head_for(query + "&project=bench")
            plan = generated_plan(RESOURCES)
            same = json.dumps(plan).encode()
            # A distinct plan is the same plan with another tag value on one resource: a body
            # never seen (so priced and checked afresh), built by joining bytes, not by the
            # client's JSON encoder inside the timed loop.
            first = plan["resource_changes"][0]["change"]["after"]
            first["tags"] = {**first["tags"], "run": MARKER}
            prefix, suffix = json.dumps(plan).encode().split(MARKER.encode())

            def repeated(_index: int) -> bytes:
                return same

            def distinct(index: int) -> bytes:
                return prefix + str(index).encode() + suffix

            print(
                f"  {workers} workers, {RESOURCES}-resource plan, packs: "
                f"{', '.join(builtin_packs())}, {seconds:g}s per level, {os.cpu_count()} cores"
            )
            for label, request_head, body_for in (
                ("repeated plan", head, repeated),
                ("+ history", recorded, repeated),
                ("distinct plans", head, distinct),
            ):
                for concurrency in levels:
                    level = measure(port, process.pid, request_head, body_for, concurrency, seconds)
                    sent = max(level.sent, 1)
                    print(
                        f"  {label:15} c={concurrency:<3} {level.sent / level.elapsed:7.1f} req/s  "
                        f"p50 {_percentile(level.latencies, 0.50) * 1000:7.1f} ms  "
                        f"p95 {_percentile(level.latencies, 0.95) * 1000:7.1f} ms  "
                        f"p99 {_percentile(level.latencies, 0.99) * 1000:7.1f} ms  "
                        f"errors {level.errors / sent:.2%} ({level.sent} requests)\n"
                        f"  {'':15}        cpu: server {level.server_cpu / level.elapsed:4.0%} "
                        f"({level.server_cpu / sent * 1000:.1f} ms/req), client "
                        f"{level.client_cpu / level.elapsed:4.0%} "
                        f"({level.client_cpu / sent * 1000:.2f} ms/req), machine busy "
                        f"{level.machine_busy:4.0%} of {os.cpu_count()} cores, load "
                        f"{os.getloadavg()[0]:.2f}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
