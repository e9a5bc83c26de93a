"""Benchmark: price a generated 10,000-resource plan, against a bare json.load of the same file.

Also times a cold start: a fresh ``python -m checker breakdown`` process on a small example plan.
Prints figures and ratios; asserts nothing (timing belongs here, not in tests).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from checker.estimate import estimate_plan, look_up_prices, name_components, price_named
from checker.model import Estimate
from checker.pipeline import InputOptions, estimate_input
from checker.plan.loader import parse_plan_document
from checker.pricing.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent

# (type, after-values) templates; the mix resembles a large estate: compute, storage, databases,
# serverless, networking and free resources.
TEMPLATES: list[tuple[str, dict[str, Any]]] = [
    (
        "aws_instance",
        {
            "instance_type": "m5.large",
            "ami": "ami-123",
            "root_block_device": [{"volume_size": 30, "volume_type": "gp3"}],
            "associate_public_ip_address": False,
        },
    ),
    (
        "aws_instance",
        {
            "instance_type": "t3.medium",
            "ami": "ami-123",
            "root_block_device": [{"volume_size": 8, "volume_type": "gp2"}],
            "associate_public_ip_address": False,
        },
    ),
    ("aws_ebs_volume", {"type": "gp3", "size": 100, "availability_zone": "us-east-1a"}),
    (
        "aws_db_instance",
        {
            "engine": "postgres",
            "instance_class": "db.r5.large",
            "allocated_storage": 100,
            "storage_type": "gp3",
            "multi_az": True,
        },
    ),
    (
        "aws_lambda_function",
        {"function_name": "f", "memory_size": 512, "architectures": ["x86_64"]},
    ),
    ("aws_s3_bucket", {"bucket": "b"}),
    ("aws_nat_gateway", {"connectivity_type": "public"}),
    (
        "aws_elasticache_cluster",
        {"engine": "redis", "node_type": "cache.m6g.large", "num_cache_nodes": 1},
    ),
    ("aws_security_group", {"name": "sg"}),
    ("aws_subnet", {"cidr_block": "10.0.0.0/24"}),
]


def generated_plan(count: int, region: str = "us-east-1") -> dict[str, Any]:
    """A plan-shaped document with ``count`` created resources cycling through TEMPLATES."""
    changes = []
    for i in range(count):
        rtype, values = TEMPLATES[i % len(TEMPLATES)]
        changes.append(
            {
                "address": f"{rtype}.r{i}",
                "mode": "managed",
                "type": rtype,
                "name": f"r{i}",
                "provider_name": "registry.terraform.io/hashicorp/aws",
                "change": {
                    "actions": ["create"],
                    "before": None,
                    "after": {**values, "tags": {"team": f"t{i % 7}"}},
                    "after_unknown": {"id": True, "arn": True},
                    "before_sensitive": False,
                    "after_sensitive": {},
                },
            }
        )
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                "aws": {
                    "name": "aws",
                    "full_name": "registry.terraform.io/hashicorp/aws",
                    "expressions": {"region": {"constant_value": region}},
                }
            },
            "root_module": {"resources": []},
        },
    }


def timed(runs: int, func: Callable[[], Any]) -> tuple[float, float]:
    """The best wall time and the best CPU time (this process) of ``runs`` calls."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start)
    return wall, cpu


def _interleaved(
    runs: int, first: Callable[[], Any], second: Callable[[], Any]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """:func:`timed` for two functions run in turn, so that a busy spell affects both alike."""
    times: tuple[list[tuple[float, float]], list[tuple[float, float]]] = ([], [])
    for _ in range(runs):
        times[0].append(timed(1, first))
        times[1].append(timed(1, second))
    return (
        (min(t[0] for t in times[0]), min(t[1] for t in times[0])),
        (min(t[0] for t in times[1]), min(t[1] for t in times[1])),
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _steps(path: Path, runs: int) -> list[tuple[str, tuple[float, float]]]:
    """Each step on the previous step's output. The catalog is opened afresh for each lookup, as
    a run does: its shards are read and parsed inside "price lookup"."""

    def load() -> Any:
        with path.open() as f:
            return json.load(f)

    # json.load first, while nothing else is alive: later, the collector would walk the other
    # steps' objects during it too, which would flatter the ratios.
    load_time = timed(runs, load)
    doc = load()
    plan = parse_plan_document(doc, source=str(path), default_region=None)
    named = name_components(plan)
    prices = look_up_prices(Catalog.open(), named)
    return [
        ("json.load", load_time),
        (
            "parse_plan_document",
            timed(runs, lambda: parse_plan_document(doc, source=str(path), default_region=None)),
        ),
        ("component naming (pricers)", timed(runs, lambda: name_components(plan))),
        ("price lookup (catalog)", timed(runs, lambda: look_up_prices(Catalog.open(), named))),
        ("pricing arithmetic", timed(runs, lambda: price_named(named, prices, "catalog"))),
    ]


def throughput(runs: int = 5) -> None:
    """The 10,000-resource plan step by step, then end to end (best of ``runs`` each)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.json"
        path.write_text(json.dumps(generated_plan(10_000)))
        size_mb = path.stat().st_size / 1e6

        def library() -> Estimate:
            with path.open() as f:
                plan = parse_plan_document(json.load(f), source=str(path), default_region=None)
            return estimate_plan(plan, Catalog.open())

        def pipeline() -> Estimate:
            return estimate_input(path, InputOptions(environ={}))[0]

        steps = _steps(path, runs)
        together, through_pipeline = _interleaved(runs, library, pipeline)
        estimate = pipeline()

    load_wall, load_cpu = steps[0][1]
    print(
        f"10,000-resource plan ({size_mb:.1f} MB JSON), catalog prices, best of {runs}, wall / CPU:"
    )
    for label, (wall, cpu) in steps:
        print(f"  {label:34} {_ms(wall)} / {_ms(cpu)}")
    print(
        f"  {'sum of the steps':34} {_ms(sum(w for _, (w, _) in steps))} / "
        f"{_ms(sum(c for _, (_, c) in steps))}"
    )
    for label, (wall, cpu) in (
        ("the steps together (library calls)", together),
        ("estimate_input (the CLI's road)", through_pipeline),
    ):
        print(
            f"  {label:34} {_ms(wall)} / {_ms(cpu)}   ratio to json.load: "
            f"{wall / load_wall:.1f}x / {cpu / load_cpu:.1f}x (aim: <= 3x)"
        )
    print(
        "  (the steps run at CPython's default garbage-collector thresholds; estimate_input "
        "raises them while it reads and prices)"
    )
    print(f"  total monthly cost ${estimate.total_monthly_cost:,.2f}")


_LIST_MODULES = """
import atexit, runpy, sys
atexit.register(lambda: sys.stderr.write("\\n".join(sys.modules) + "\\n"))
sys.argv = ["checker", *sys.argv[1:]]
runpy.run_module("checker", run_name="__main__", alter_sys=True)
"""

_IMPORT_MODULES = """
import importlib, sys
for name in sys.stdin.read().split():
    if name != "__main__" and name not in sys.modules:
        try:
            importlib.import_module(name)
        except Exception:
            pass  # a module that only exists under another name (aliases, private parts)
"""


def _child(cmd: list[str], stdin: str | None, env: Mapping[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, input=stdin, env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold_start(runs: int = 7) -> None:
    """A fresh ``costcheck breakdown`` process on a small plan, split into the bare interpreter,
    importing every module the command loads, and the rest (the work). Twice: as this
    environment runs it (where PYTHONDONTWRITEBYTECODE is set, costcheck's own modules are
    compiled from source on every run) and with compiled bytecode, as an installed package has.
    Wall and CPU time: on a busy machine CPU time is the steadier figure."""
    example = ROOT / "examples" / "web-stack" / "plan.json"
    if not example.exists():
        return
    args = ["breakdown", str(example), "--format", "json"]
    modules = subprocess.run(
        [sys.executable, "-c", _LIST_MODULES, *args], check=True, capture_output=True, text=True
    ).stderr
    commands: list[tuple[str, list[str], str | None]] = [
        ("interpreter alone", [sys.executable, "-c", "pass"], None),
        ("+ imports the command loads", [sys.executable, "-c", _IMPORT_MODULES], modules),
        ("+ the work", [sys.executable, "-m", "checker", *args], None),
    ]
    print(
        f"cold start, `costcheck breakdown` on examples/web-stack (fresh process, "
        f"{len(modules.split())} modules), median of {runs}, wall / CPU:"
    )
    here = "this environment" + (
        " (PYTHONDONTWRITEBYTECODE set)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""
    )
    with tempfile.TemporaryDirectory() as cache:
        compiled = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        compiled["PYTHONPYCACHEPREFIX"] = cache  # written by the first run, read by the rest
        for label, env in ((here, dict(os.environ)), ("compiled bytecode", compiled)):
            for _, cmd, stdin in commands:
                _child(cmd, stdin, env)
            # Round-robin, so that a busy spell on the machine affects the three alike.
            times: list[list[tuple[float, float]]] = [[] for _ in commands]
            for _ in range(runs):
                for found, (_, cmd, stdin) in zip(times, commands, strict=True):
                    found.append(_child(cmd, stdin, env))
            print(f"  {label}:")
            previous = (0.0, 0.0)
            for (step, _, _), found in zip(commands, times, strict=True):
                wall = statistics.median(t[0] for t in found)
                cpu = statistics.median(t[1] for t in found)
                print(f"    {step:28} {_ms(wall - previous[0])} / {_ms(cpu - previous[1])}")
                previous = (wall, cpu)
            print(f"    {'total':28} {_ms(previous[0])} / {_ms(previous[1])}   (aim: < 1000 ms)")


def main() -> None:
    throughput()
    cold_start()


if __name__ == "__main__":
    main()
