"""How long the HCL evaluator takes: a generated repository of 1,000 ``.tf`` files, and the examples.

``python -m benchmarks.hcl_bench`` prints, for each configuration, the time of a cold run (empty
parse cache) and of a warm run (every file's AST in the cache), split into reading files
(python-hcl2 parsing, or loading the cached AST) and evaluation (expressions, modules, the
plan-shaped document). Each figure is the best of a few runs in this process; "cpu" is this
process's CPU time, which other work on a busy machine does not inflate as it does wall time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from checker.hcl import evaluate_directory

REPO = Path(__file__).resolve().parent.parent
FILES = 1000
MODULES = 8  # the generated root calls 8 local modules; files are spread over all 9 folders
RUNS = 3


@dataclass(frozen=True)
class Timing:
    total: float
    cpu: float  # process CPU time of the whole run
    reading: float  # reading files: python-hcl2 parse (cold) or cached AST load (warm)
    resources: int
    files: int

    @property
    def evaluation(self) -> float:
        return self.total - self.reading


def _run(root: Path, cache: Path) -> Timing:
    start, cpu_start = time.perf_counter(), time.process_time()
    result = evaluate_directory(root, environ={}, cache_dir=cache)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    resources = sum(1 for c in result.document["resource_changes"] if c["mode"] == "managed")
    files = result.cache_hits + result.cache_misses
    return Timing(total, cpu, result.read_seconds, resources, files)


def measure(root: Path, scratch: Path) -> tuple[Timing, Timing]:
    """The best cold and the best warm run of ``root``."""
    colds: list[Timing] = []
    warms: list[Timing] = []
    for i in range(RUNS):
        cache = scratch / f"cache-{root.name}-{i}"
        colds.append(_run(root, cache))
        warms.append(_run(root, cache))
        shutil.rmtree(cache, ignore_errors=True)
    return min(colds, key=lambda t: t.total), min(warms, key=lambda t: t.total)


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


def _line(name: str, cold: Timing, warm: Timing) -> str:
    return (
        f"{name:<24} {cold.files:>4} files {cold.resources:>4} resources | "
        f"cold {cold.total:6.3f}s cpu {cold.cpu:6.3f}s "
        f"(parse {cold.reading:6.3f}s, evaluate {cold.evaluation:5.3f}s) | "
        f"warm {warm.total:6.3f}s cpu {warm.cpu:6.3f}s "
        f"(cache {warm.reading:5.3f}s, evaluate {warm.evaluation:5.3f}s)"
    )


def main() -> None:
    """Print the figures."""
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="costcheck-hcl-bench-") as tmp:
        scratch = Path(tmp)
        generated = scratch / "generated"
        generate(generated)
        targets = [("generated (1,000 files)", generated)]
        targets += [(f"examples/{d.name}", d) for d in sorted((REPO / "examples").glob("*/"))]
        for name, root in targets:
            cold, warm = measure(root, scratch)
            print(_line(name, cold, warm))


if __name__ == "__main__":
    main()
