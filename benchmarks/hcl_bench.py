"""How long the HCL evaluator takes: a generated repository of 1,000 ``.tf`` files, and the examples.

``python -m benchmarks.hcl_bench`` prints, for each configuration, the median of a few runs in
this process of: a cold run (empty parse cache; files parsed in worker processes when there are
enough), the same cold run parsing in this process only (the floor the workers are measured
against, and their ratio), and a warm run (every file's AST in the cache). Each is split into
reading files (python-hcl2 parsing, or loading the cached AST) and evaluation. "cpu" is the CPU
time of this process and of the workers it waited for: a busy machine inflates wall time, not
that. The workers run here even on a busy machine, which the CLI avoids (it parses in one
process while the load average is at or above the CPU count): there their row shows the cost. Targets (issue 15): 1,000 files cold <= 2 s wall on 2 cores, warm <= 0.3 s.

The peer, when it is installed in its own virtualenv (or ``COSTCHECK_BENCH_CHECKOV=1`` lets
costcheck create it): ``checkov -d`` over the same generated directory, one run, whole process.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import checker.hcl.parse as parse
from checker.errors import InputError
from checker.hcl import evaluate_directory

REPO = Path(__file__).resolve().parent.parent
FILES = 1000
MODULES = 8  # the generated root calls 8 local modules; files are spread over all 9 folders
RUNS = 5
CHECKOV_TIMEOUT = 600


@dataclass(frozen=True)
class Timing:
    total: float
    cpu: float  # CPU time of this process and of the worker processes of the run
    reading: float  # reading files: python-hcl2 parse (cold) or cached AST load (warm)
    resources: int
    files: int

    @property
    def evaluation(self) -> float:
        return self.total - self.reading


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _run(root: Path, cache: Path) -> Timing:
    start, cpu_start = time.perf_counter(), _cpu()
    result = evaluate_directory(root, environ={}, cache_dir=cache)
    total, cpu = time.perf_counter() - start, _cpu() - cpu_start
    resources = sum(1 for c in result.document["resource_changes"] if c["mode"] == "managed")
    files = result.cache_hits + result.cache_misses
    return Timing(total, cpu, result.read_seconds, resources, files)


def _median(timings: list[Timing]) -> Timing:
    return Timing(
        statistics.median(t.total for t in timings),
        statistics.median(t.cpu for t in timings),
        statistics.median(t.reading for t in timings),
        timings[0].resources,
        timings[0].files,
    )


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Figures:
    cold: Timing  # workers when they pay
    serial: Timing  # cold, every file parsed in this process
    warm: Timing


def measure(root: Path, scratch: Path) -> Figures:
    """The median cold (with and without workers) and warm runs of ``root``."""
    colds: list[Timing] = []
    serials: list[Timing] = []
    warms: list[Timing] = []
    for i in range(RUNS):
        cache = scratch / f"cache-{root.name}-{i}"
        # Workers as on an idle machine (the CLI parses in one process while the load average
        # is at or above the CPU count: see checker.hcl.parse._usable_cpus).
        with mock.patch.object(parse, "_usable_cpus", return_value=_cpus()):
            colds.append(_run(root, cache))
        warms.append(_run(root, cache))
        shutil.rmtree(cache, ignore_errors=True)
        with mock.patch.object(parse, "_usable_cpus", return_value=1):
            serials.append(_run(root, cache))
        shutil.rmtree(cache, ignore_errors=True)
    return Figures(_median(colds), _median(serials), _median(warms))


def _file_text(i: int) -> str:
    return f"""
locals {{
  f{i}_name  = "svc-{i}"
  f{i}_sizes = {{ small = "t3.micro", large = "m5.large" }}
}}

resource "aws_instance" "app_{i}" {{
  count         = {i % 3 + 1}
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = lookup(local.f{i}_sizes, var.size, "t3.nano")

  root_block_device {{
    volume_size = 20 + count.index
  }}

  tags = merge(var.tags, {{ Name = "${{local.f{i}_name}}-${{count.index}}" }})
}}

resource "aws_ebs_volume" "data_{i}" {{
  for_each          = toset(["a", "b"])
  availability_zone = "us-east-1${{each.key}}"
  size              = {10 * (i % 7 + 1)}
  type              = {i} % 2 == 0 ? "gp3" : "gp2"
}}

resource "aws_sqs_queue" "q_{i}" {{
  name = format("q-%04d", {i})
}}
"""


_VARIABLES = """
variable "size" {
  type    = string
  default = "large"
}

variable "tags" {
  type    = map(string)
  default = { Team = "bench" }
}
"""


def generate(root: Path, files: int = FILES, modules: int = MODULES) -> None:
    """A root module calling ``modules`` local modules, ``files`` .tf files in all."""
    folders = [root] + [root / "modules" / f"m{m}" for m in range(modules)]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "variables.tf").write_text(_VARIABLES)
    calls = "".join(
        f'module "m{m}" {{\n  source = "./modules/m{m}"\n  size   = "small"\n}}\n'
        for m in range(modules)
    )
    (root / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n' + calls)
    for i in range(files - len(folders) - 1):
        (folders[i % len(folders)] / f"f{i:04d}.tf").write_text(_file_text(i))


def _line(name: str, f: Figures) -> str:
    cold, serial, warm = f.cold, f.serial, f.warm
    return (
        f"{name:<24} {cold.files:>4} files {cold.resources:>4} resources\n"
        f"  cold, workers   {cold.total:6.3f}s wall  cpu {cold.cpu:6.3f}s "
        f"(parse {cold.reading:6.3f}s, evaluate {cold.evaluation:5.3f}s)\n"
        f"  cold, one proc  {serial.total:6.3f}s wall  cpu {serial.cpu:6.3f}s "
        f"(parse {serial.reading:6.3f}s, evaluate {serial.evaluation:5.3f}s) | workers/one: "
        f"wall {cold.total / serial.total:4.2f}x cpu {cold.cpu / serial.cpu:4.2f}x\n"
        f"  warm            {warm.total:6.3f}s wall  cpu {warm.cpu:6.3f}s "
        f"(cache {warm.reading:5.3f}s, evaluate {warm.evaluation:5.3f}s) | warm/cold wall "
        f"{warm.total / cold.total:4.2f}x"
    )


def _checkov() -> Path | None:
    """checkov's executable in its own virtualenv, if it is there (or may be created)."""
    from checker.checkov import find_checkov

    create = os.environ.get("COSTCHECK_BENCH_CHECKOV") == "1"
    try:
        return find_checkov(None, os.environ, print, create=create)
    except InputError:
        return None


def _process_time(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds (of the waited-for child) of ``run``."""
    before, start = os.times(), time.perf_counter()
    run()
    wall, after = time.perf_counter() - start, os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def _peer(root: Path, figures: Figures) -> None:
    checkov = _checkov()
    if checkov is None:
        print(
            "  peer: checkov is not installed in its own virtualenv (COSTCHECK_BENCH_CHECKOV=1 "
            "creates it)"
        )
        return

    def run() -> object:
        return subprocess.run(
            [str(checkov), "-d", str(root), "--framework", "terraform", "--quiet", "--compact"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=CHECKOV_TIMEOUT,
            check=False,
        )

    wall, cpu = _process_time(run)
    print(
        f"  peer: checkov -d (one run, whole process) {wall:6.3f}s wall cpu {cpu:6.3f}s | "
        f"costcheck cold/checkov: wall {figures.cold.total / wall:5.3f}x "
        f"cpu {figures.cold.cpu / cpu:5.3f}x; warm/checkov wall {figures.warm.total / wall:5.3f}x"
    )


def main() -> None:
    """Print the figures."""
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"medians of {RUNS} runs; targets: 1,000 files cold <= 2 s wall, warm <= 0.3 s wall")
    with tempfile.TemporaryDirectory(prefix="costcheck-hcl-bench-") as tmp:
        scratch = Path(tmp)
        generated = scratch / "generated"
        generate(generated)
        targets = [("generated (1,000 files)", generated)]
        # The examples that are one root (examples/monorepo is three, each its own).
        targets += [
            (f"examples/{d.name}", d)
            for d in sorted((REPO / "examples").glob("*/"))
            if any(d.glob("*.tf"))
        ]
        for name, root in targets:
            figures = measure(root, scratch)
            print(_line(name, figures))
            if root == generated:
                _peer(root, figures)


if __name__ == "__main__":
    main()
