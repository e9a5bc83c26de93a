"""How long a whole ``costcheck`` process takes for what should be instant, against the floor.

``python -m benchmarks.startup_bench`` runs, each a few times in fresh processes: ``python -c
pass`` (the floor: the interpreter itself), ``costcheck --version``, ``costcheck --help``, the
breakdown of a small plan (examples/web-stack/plan.json, the offline catalog), ``check`` of that
plan against the budget and tagging packs printing the Markdown comment, the same writing every
``--out`` format (Markdown comment, HTML, SARIF, JUnit, JSON) from one pass, and HCL mode on the
small directory (examples/web-stack, its parse cache warm). It prints for each
the median wall time and the median CPU time of the process (user + system, from the kernel's
accounting of the waited-for child), and the ratio to its floor's: ``python -c pass``, or for the
runs of the plan a process that only ``json.load``-s the same plan. Python writes its ``.pyc``
files into a scratch directory (``PYTHONPYCACHEPREFIX``) even where the caller's environment says
``PYTHONDONTWRITEBYTECODE``: an installed costcheck has them, and without them every run would
compile costcheck's source again and be measured doing that. Targets: ``--help`` and
``--version`` <= 150 ms, the small breakdown <= 250 ms; the machine may be shared, so compare
the ratios, measured in the same run, more than the absolute figures.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = 7
SMALL_PLAN = REPO / "examples" / "web-stack" / "plan.json"
# check exits 1 when a policy blocks (the packs find untagged resources in the example plan).
POLICY_FAILED = 1


@dataclass(frozen=True)
class Figure:
    name: str
    wall: float  # median seconds
    cpu: float  # median seconds of user + system CPU
    target: float | None  # seconds, where the issue sets one
    floor: str = "python -c pass (floor)"  # the figure this one is compared with


def run_process(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process running ``argv`` (its output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        argv,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        timeout=120,
    )
    if done.returncode not in (0, POLICY_FAILED):
        raise subprocess.CalledProcessError(done.returncode, argv)
    wall = time.perf_counter() - start
    # getrusage, not os.times: microseconds rather than the clock ticks (10 ms) of os.times.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(name: str, argv: Sequence[str], target: float | None, env: dict[str, str]) -> Figure:
    run_process(argv, env)  # warms the page cache, the .pyc files and costcheck's caches
    samples = [run_process(argv, env) for _ in range(RUNS)]
    return Figure(
        name,
        statistics.median(w for w, _ in samples),
        statistics.median(c for _, c in samples),
        target,
    )


PASS = "python -c pass (floor)"
JSON_LOAD = "python json.load(plan)"


def commands(out: Path) -> list[tuple[str, list[str], float | None, str]]:
    """(name, command, target, the figure it is compared with); reports written under ``out``."""
    python = sys.executable
    load = f"import json; json.load(open({str(SMALL_PLAN)!r}, 'rb'))"
    # The breakdown also evaluates the .tf files beside the plan (their parse cache is warm
    # after the first run: a scratch directory, not the user's).
    breakdown = [python, "-m", "checker", "breakdown", str(SMALL_PLAN)]
    check = [python, "-m", "checker", "check", str(SMALL_PLAN)]
    check += ["--policy", "builtin:budget", "--policy", "builtin:tagging", "--format", "markdown"]
    every_out = [*check]
    for name in ("markdown", "html", "sarif", "junit", "json"):
        every_out += ["--out", f"{name}={out / name}"]
    hcl = [python, "-m", "checker", "breakdown", str(SMALL_PLAN.parent)]
    return [
        (PASS, [python, "-c", "pass"], None, PASS),
        (JSON_LOAD, [python, "-c", load], None, PASS),
        ("costcheck --version", [python, "-m", "checker", "--version"], 0.150, PASS),
        ("costcheck --help", [python, "-m", "checker", "--help"], 0.150, PASS),
        ("breakdown web-stack plan", breakdown, 0.250, JSON_LOAD),
        ("check markdown", check, None, JSON_LOAD),
        ("check every --out format", every_out, None, JSON_LOAD),
        ("breakdown web-stack HCL", hcl, None, PASS),
    ]


def main() -> None:
    """Print the figures."""
    env = dict(os.environ)
    # The package of this checkout, as the tests run it.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"whole processes, median of {RUNS}; ratio = costcheck / its floor (same run)")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="costcheck-startup-bench-") as scratch:
        for name in ("cache", "pyc", "out"):
            (Path(scratch) / name).mkdir()
        env["COSTCHECK_CACHE_DIR"] = str(Path(scratch) / "cache")
        env["PYTHONPYCACHEPREFIX"] = str(Path(scratch) / "pyc")
        figures = {
            name: dataclasses.replace(measure(name, argv, target, env), floor=floor)
            for name, argv, target, floor in commands(Path(scratch) / "out")
        }
    for figure in figures.values():
        floor = figures[figure.floor]
        target = "" if figure.target is None else f" | target {figure.target * 1000:.0f} ms wall"
        print(
            f"{figure.name:<26} wall {figure.wall * 1000:6.0f} ms "
            f"({figure.wall / floor.wall:4.1f}x) cpu {figure.cpu * 1000:6.0f} ms "
            f"({figure.cpu / max(floor.cpu, 1e-3):4.1f}x {figure.floor}){target}"
        )


if __name__ == "__main__":
    main()
