"""Benchmark: price plans against a bare json.load of the same file.

Two plan families, at 1,000, 10,000 and 100,000 resources (``COSTCHECK_BENCH_SKIP_100K=1``
leaves the last out): thin generated plans (:func:`generated_plan`) and plans with real-sized
resource JSON made of the examples' and fixtures' real plans (:mod:`benchmarks.real_plans`).
Each figure is measured in its own process: `costcheck breakdown --format json` (with orjson
where installed, and on the standard library alone), json.load and orjson.loads, and the floor
of the command's work, "read+write": json.load of the plan plus writing the very document
costcheck printed (loaded beforehand, untimed) as costcheck writes it, through
:mod:`checker.fastjson` (on each library); costcheck's ratio to both is printed. Also the
10,000-resource thin plan step by step, Aurora Serverless v2 clusters counting their instances,
and a cold start. Prints figures and ratios; asserts nothing (timing belongs here, not in tests).
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

from benchmarks.real_plans import aurora_source, real_sized_plan
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
    """The 10,000-resource thin plan step by step, in this process (best of ``runs`` each)."""
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
        f"10,000-resource thin plan ({size_mb:.1f} MB JSON), catalog prices, step by step in "
        f"this process, best of {runs}, wall / CPU:"
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
            f"{wall / load_wall:.1f}x / {cpu / load_cpu:.1f}x"
        )
    print(
        "  (the steps run at CPython's default garbage-collector thresholds; estimate_input "
        "manages the collector while it reads and prices)"
    )
    print(f"  total monthly cost ${estimate.total_monthly_cost:,.2f}")


# One measurement in a fresh process: its CPU seconds for the work alone and its peak memory
# (tracemalloc, in a run of its own: tracing slows the work). "costcheck" is `costcheck
# breakdown FILE --format json` with its output thrown away (read, price, render, as the CLI
# runs it), after importing every module that command loads (given on stdin): imports apart.
_MEASURE = """
import importlib, json, os, sys, time, tracemalloc
kind, path, memory = sys.argv[1], sys.argv[2], sys.argv[3] == "memory"
if kind == "orjson.loads":
    import orjson
elif kind.startswith("read+write"):
    import checker.fastjson
    if kind == "read+write-stdlib":
        checker.fastjson.orjson = None
    if memory:
        tracemalloc.start()
    with open(sys.argv[4]) as f:
        produced = json.load(f)  # outside the timing; in the peak, as costcheck holds its own
    if memory:
        tracemalloc.reset_peak()
elif kind.startswith("costcheck"):
    for name in sys.stdin.read().split():
        if name != "__main__" and name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:
                pass  # a module known under another name (aliases, private parts)
    import checker.cli
    if kind == "costcheck-stdlib":
        import checker.fastjson
        checker.fastjson.orjson = None  # as where the [fast] extra is not installed
if memory and not tracemalloc.is_tracing():
    tracemalloc.start()
start = time.process_time()
if kind == "json.load":
    with open(path) as f:
        json.load(f)
elif kind.startswith("read+write"):
    # The floor of the command's own work: read the plan, write the document it printed, as
    # costcheck writes it (checker.fastjson, then stdout), with both alive, as in costcheck.
    with open(path) as f:
        read = json.load(f)
    sys.stdout = open(os.devnull, "w")
    sys.stdout.buffer.write(checker.fastjson.dumps_ascii(produced, newline=True))  # as echo_report
    sys.stdout.flush()
    sys.stdout = sys.__stdout__
elif kind == "orjson.loads":
    with open(path, "rb") as f:
        orjson.loads(f.read())
elif kind == "modules":
    sys.stdout = open(os.devnull, "w")
    import checker.cli
    checker.cli.main(["breakdown", path, "--format", "json"], standalone_mode=False)
    sys.stdout = sys.__stdout__
    print(json.dumps(sorted(sys.modules)))
    raise SystemExit(0)
else:
    sys.stdout = open(os.devnull, "w")
    try:
        checker.cli.main(["breakdown", path, "--format", "json"], standalone_mode=False)
    except SystemExit:
        pass
    sys.stdout = sys.__stdout__
cpu = time.process_time() - start
peak = tracemalloc.get_traced_memory()[1] if memory else 0
print(json.dumps({"cpu": cpu, "peak": peak}))
"""


SIZES = (1_000, 10_000, 100_000)
# 100,000 resources take minutes on a busy machine: COSTCHECK_BENCH_SKIP_100K=1 leaves them out.
SKIP_100K = "COSTCHECK_BENCH_SKIP_100K"
_CHILD_TIMEOUT_SECONDS = 900


def _measure(
    kind: str, path: Path, modules: str = "", memory: bool = False, produced: Path | None = None
) -> dict[str, float] | None:
    mode = "memory" if memory else "cpu"
    extra = [str(produced)] if produced is not None else []
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, kind, str(path), mode, *extra],
            input=modules,
            capture_output=True,
            text=True,
            check=True,
            timeout=_CHILD_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return None
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def _modules(make: Callable[[int], dict[str, Any]]) -> str:
    """The modules `costcheck breakdown --format json` loads on a plan of this family."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.json"
        path.write_text(json.dumps(make(300)))
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, "modules", str(path), "cpu"],
            capture_output=True,
            text=True,
            check=True,
        )
    return " ".join(json.loads(done.stdout.strip().splitlines()[-1]))


def _kinds() -> list[str]:
    kinds = ["json.load", "read+write", "costcheck", "read+write-stdlib", "costcheck-stdlib"]
    try:
        import orjson  # noqa: F401
    except ImportError:
        # costcheck already runs on the standard library
        kinds.remove("costcheck-stdlib")
        kinds.remove("read+write-stdlib")
    else:
        kinds.insert(1, "orjson.loads")
    return kinds


# Each costcheck figure beside the floor of the same work on the same library: read the plan
# and write the document costcheck printed (of a thin plan, 3.6x the plan's bytes).
_FLOORS = {"costcheck": "read+write", "costcheck-stdlib": "read+write-stdlib"}


def _produced(path: Path, out: Path) -> bool:
    """The document `costcheck breakdown PATH --format json` prints, written to ``out``; False
    when it takes longer than a child may (the size is then left out, the run goes on)."""
    with out.open("w") as f:
        try:
            subprocess.run(
                [sys.executable, "-m", "checker", "breakdown", str(path), "--format", "json"],
                stdout=f,
                check=True,
                timeout=_CHILD_TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            return False
    return True


def families(runs: int = 3) -> None:
    """Both plan families at 1k, 10k and 100k resources, each measurement in its own process:
    costcheck against json.load (and orjson.loads) of the same file, and against the floor of
    reading it and writing the same output. Medians of ``runs`` (one at 100k), round-robin so
    that a busy spell affects all alike."""
    sizes = [n for n in SIZES if not (n == 100_000 and os.environ.get(SKIP_100K))]
    kinds = _kinds()
    plans: list[tuple[str, Callable[[int], dict[str, Any]], str]] = [
        ("thin (generated)", generated_plan, "<= 4x"),
        ("real-sized (examples' plans)", real_sized_plan, "<= 2x"),
    ]
    print(
        "whole process: `costcheck breakdown --format json` (read, price, render; imports "
        "apart) in a fresh process per figure, against reading the same file; CPU ms, "
        "medians; peak memory traced (tracemalloc) in a run of its own:"
    )
    for family, make, aim in plans:
        print(f"  {family}: aim {aim} json.load's CPU, <= 2x its memory, linear in size")
        per_resource: list[float] = []
        modules = _modules(make)
        for count in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "plan.json"
                path.write_text(json.dumps(make(count)))
                size_mb = path.stat().st_size / 1e6
                produced = Path(tmp) / "produced.json"
                if not _produced(path, produced):
                    print(f"    {count:>7,} resources: over {_CHILD_TIMEOUT_SECONDS} s, left out")
                    continue
                out_mb = produced.stat().st_size / 1e6
                found: dict[str, list[float]] = {k: [] for k in kinds}
                for _ in range(1 if count >= 100_000 else runs):
                    for kind in kinds:
                        measured = _measure(kind, path, modules, produced=produced)
                        if measured is not None:
                            found[kind].append(measured["cpu"])
                peaks = {
                    k: _measure(k, path, modules, memory=True, produced=produced) for k in kinds
                }
            if not found["costcheck"] or not found["json.load"]:
                print(f"    {count:>7,} resources: over {_CHILD_TIMEOUT_SECONDS} s, left out")
                continue
            cpu = {k: statistics.median(v) for k, v in found.items() if v}
            peak = {k: m["peak"] for k, m in peaks.items() if m is not None}
            base = cpu["json.load"]
            figures = "  ".join(
                f"{k} {cpu[k] * 1000:7.0f} ms ({cpu[k] / base:4.1f}x)" for k in kinds if k in cpu
            )
            print(
                f"    {count:>7,} resources, {size_mb:6.1f} MB in, {out_mb:6.1f} MB out:  {figures}"
            )
            floors = "  ".join(
                f"{k} {cpu[k] / cpu[f]:4.1f}x {f}"
                for k, f in _FLOORS.items()
                if k in cpu and f in cpu
            )
            print(f"    {'':>40}CPU against the floor:  {floors}")
            if "json.load" in peak:
                memory = "  ".join(
                    f"{k} {peak[k] / 1e6:6.0f} MB ({peak[k] / peak['json.load']:3.1f}x)"
                    for k in kinds
                    if k in peak
                )
                print(f"    {'':>40}peak memory:  {memory}")
                floors = "  ".join(
                    f"{k} {peak[k] / peak[f]:4.1f}x {f}"
                    for k, f in _FLOORS.items()
                    if k in peak and f in peak
                )
                print(f"    {'':>40}memory against the floor:  {floors}")
            per_resource.append(cpu["costcheck"] / count * 1e6)
        if len(per_resource) > 1:
            shown = " / ".join(f"{us:.0f}" for us in per_resource)
            print(f"    costcheck CPU per resource (us), by size: {shown} (linear: equal)")


def aurora(clusters: int = 1_000) -> None:
    """Aurora Serverless v2 clusters counting their db.serverless instances (reverse
    references), named (pricers) with and without the sensitivity watch."""
    doc = real_sized_plan(clusters * 3, aurora_source())
    plan = parse_plan_document(doc, source="aurora", default_region=None)
    wall, cpu = timed(3, lambda: name_components(plan))
    print(
        f"{clusters:,} Aurora Serverless v2 clusters with 2 instances each (master_password "
        f"marked sensitive): component naming {_ms(wall)} / {_ms(cpu)} (wall / CPU, best of 3)"
    )


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
    aurora()
    families()
    cold_start()


if __name__ == "__main__":
    main()
