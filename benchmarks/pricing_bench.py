"""Benchmark: price a generated 10,000-resource plan, against a bare json.load of the same file.

Also times a cold start: a fresh ``python -m checker breakdown`` process on a small example plan.
Prints figures and ratios; asserts nothing (timing belongs here, not in tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker.estimate import estimate_plan
from checker.plan.loader import parse_plan_document
from checker.pricing.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent

# (type, after-values) templates; the mix resembles a large estate: compute, storage, databases,
# serverless, networking and free resources.
TEMPLATES: list[tuple[str, dict[str, Any]]] = [
    ("aws_instance", {"instance_type": "m5.large", "ami": "ami-123", "root_block_device": [{"volume_size": 30, "volume_type": "gp3"}], "associate_public_ip_address": False}),
    ("aws_instance", {"instance_type": "t3.medium", "ami": "ami-123", "root_block_device": [{"volume_size": 8, "volume_type": "gp2"}], "associate_public_ip_address": False}),
    ("aws_ebs_volume", {"type": "gp3", "size": 100, "availability_zone": "us-east-1a"}),
    ("aws_db_instance", {"engine": "postgres", "instance_class": "db.r5.large", "allocated_storage": 100, "storage_type": "gp3", "multi_az": True}),
    ("aws_lambda_function", {"function_name": "f", "memory_size": 512, "architectures": ["x86_64"]}),
    ("aws_s3_bucket", {"bucket": "b"}),
    ("aws_nat_gateway", {"connectivity_type": "public"}),
    ("aws_elasticache_cluster", {"engine": "redis", "node_type": "cache.m6g.large", "num_cache_nodes": 1}),
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
                "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": {"region": {"constant_value": region}}}
            },
            "root_module": {"resources": []},
        },
    }


def best_of(runs: int, func: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.json"
        path.write_text(json.dumps(generated_plan(10_000)))
        size_mb = path.stat().st_size / 1e6

        def load() -> Any:
            with path.open() as f:
                return json.load(f)

        def full() -> Any:
            doc = load()
            plan = parse_plan_document(doc, source=str(path), default_region=None)
            return estimate_plan(plan, Catalog.open())

        t_load = best_of(3, load)
        t_full = best_of(3, full)
        estimate = full()
        print(f"10,000-resource plan ({size_mb:.1f} MB JSON), catalog prices, best of 3:")
        print(f"  json.load alone            {t_load * 1000:8.1f} ms")
        print(f"  load + parse + price       {t_full * 1000:8.1f} ms   ratio to json.load: {t_full / t_load:.2f}x (aim: <= 3x)")
        print(f"  total monthly cost         ${estimate.total_monthly_cost:,.2f}")

    example = ROOT / "examples" / "web-stack" / "plan.json"
    if example.exists():
        cmd = [sys.executable, "-m", "checker", "breakdown", str(example), "--format", "json"]
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        print(f"cold start, `costcheck breakdown` on examples/web-stack (fresh process), best of 3: {min(times) * 1000:.0f} ms (aim: < 1000 ms)")


if __name__ == "__main__":
    main()
