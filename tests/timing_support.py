"""CPU seconds per test, for measuring the suite on a shared (loaded) machine, where wall time
says little: ``pytest -p tests.timing_support ...`` with ``COSTCHECK_TIMING_DIR=DIR`` writes one
JSON line per test (this process's and its waited-for children's CPU over setup, call and
teardown; wall; file, the unit xdist schedules; worker) to ``DIR/<worker>.jsonl``. ``python -m tests.timing_support
DIR`` sums them per test, per group and per worker.

Children's CPU (terraform, virtualenv builds, subprocess CLIs) is counted when they are reaped,
so a plan started in the background is billed to whichever test reaps it: per-worker sums are
exact, per-test figures for the terraform group are approximate.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path

import pytest


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _group(item: pytest.Item) -> str:
    # The unit xdist schedules under --dist loadfile (Makefile).
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    target = os.environ.get("COSTCHECK_TIMING_DIR")
    cpu, wall = _cpu(), time.monotonic()
    yield
    if not target:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    line = {
        "test": item.nodeid,
        "group": _group(item),
        "worker": worker,
        "cpu": round(_cpu() - cpu, 3),
        "wall": round(time.monotonic() - wall, 3),
    }
    Path(target).mkdir(parents=True, exist_ok=True)
    with (Path(target) / f"{worker}.jsonl").open("a") as handle:
        handle.write(json.dumps(line) + "\n")


def summarise(folder: Path, top: int = 25) -> str:
    rows = [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.open()]
    by_group: dict[str, float] = defaultdict(float)
    by_worker: dict[str, float] = defaultdict(float)
    for row in rows:
        by_group[row["group"]] += row["cpu"]
        by_worker[row["worker"]] += row["cpu"]
    out = [f"{len(rows)} tests, {sum(by_worker.values()):.1f} CPU s"]
    out.append("-- per worker")
    out += [f"{cpu:9.1f}  {name}" for name, cpu in sorted(by_worker.items())]
    out.append(f"-- top {top} groups")
    ranked = sorted(by_group.items(), key=lambda kv: -kv[1])[:top]
    out += [f"{cpu:9.1f}  {name}" for name, cpu in ranked]
    out.append(f"-- top {top} tests")
    slow = sorted(rows, key=lambda row: -row["cpu"])[:top]
    out += [f"{row['cpu']:9.1f}  {row['test']}" for row in slow]
    return "\n".join(out)


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 25))
