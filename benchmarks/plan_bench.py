"""How long reading a large plan takes, and how much memory it needs.

``python -m benchmarks.plan_bench [MEGABYTES]`` writes a generated plan JSON of about that size
(default 200) in the shape real plans have (count and for_each instances referring to each other
by ``count.index``, whole collections referred to by splats, a module called per environment) and
reads it with :func:`checker.plan.load_plan_file` in a fresh process, printing the wall time, the
CPU time and the peak resident memory of that process.

The plan's values are made up (no price is involved: nothing is priced here).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MEGABYTES = 200
# The generated module is called this many times; each instance holds a quarter of the plan's
# instances (counts in the thousands: what made a linear search per reference quadratic).
MODULES = 4
SUBNETS_PER_INSTANCE = 4  # one subnet per 4 instances


def _change(
    address: str, module: str, rtype: str, name: str, index: Any, after: dict[str, Any]
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "address": address,
        "mode": "managed",
        "type": rtype,
        "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {
            "actions": ["create"],
            "before": None,
            "after": after,
            "after_unknown": {"id": True, "arn": True, "tags_all": {}},
            "before_sensitive": False,
            "after_sensitive": {"tags": {}, "tags_all": {}},
        },
    }
    if module:
        item["module_address"] = module
    if index is not None:
        item["index"] = index
    return item


def _instance_values(i: int) -> dict[str, Any]:
    # About forty attributes, as an aws_instance has: most of a real plan's bytes are values.
    values: dict[str, Any] = {
        "ami": "ami-0123456789abcdef0",
        "instance_type": "m5.large",
        "associate_public_ip_address": False,
        "ebs_optimized": None,
        "monitoring": None,
        "root_block_device": [{"volume_size": 20, "volume_type": "gp3", "iops": None}],
        "tags": {"Name": f"web-{i}", "Team": "platform", "Environment": "bench"},
        "tags_all": {"Name": f"web-{i}", "Team": "platform", "Environment": "bench"},
        "user_data": "#!/bin/sh\necho hello from a generated plan\n" * 4,
    }
    for n in range(30):
        values[f"setting_{n}"] = None if n % 3 else f"value-{n}"
    return values


def _module_config(instances: int, subnets: int) -> dict[str, Any]:
    return {
        "resources": [
            {
                "address": "aws_subnet.s",
                "mode": "managed",
                "type": "aws_subnet",
                "name": "s",
                "provider_config_key": "aws",
                "count_expression": {"constant_value": subnets},
                "expressions": {"cidr_block": {"references": ["count.index"]}},
            },
            {
                "address": "aws_instance.web",
                "mode": "managed",
                "type": "aws_instance",
                "name": "web",
                "provider_config_key": "aws",
                "count_expression": {"constant_value": instances},
                "expressions": {
                    "instance_type": {"constant_value": "m5.large"},
                    # subnet_id = aws_subnet.s[count.index % N].id: one instance per referrer
                    "subnet_id": {"references": ["aws_subnet.s", "count.index"]},
                    # vpc_security_group_ids = aws_subnet.s[*].id-style splat: the collection
                    "secondary_subnets": {"references": ["aws_subnet.s"]},
                },
            },
            {
                "address": "aws_lb.web",
                "mode": "managed",
                "type": "aws_lb",
                "name": "web",
                "provider_config_key": "aws",
                "expressions": {"subnets": {"references": ["aws_subnet.s"]}},
            },
        ]
    }


def generate_plan(megabytes: int) -> str:
    """Plan JSON of about ``megabytes`` MB: module ``env`` instantiated as often as it takes."""
    per_instance = len(json.dumps(_change("x", "m", "t", "n", 0, _instance_values(0)))) * 1.2
    instances = max(1, int(megabytes * 1_000_000 / per_instance / MODULES))
    subnets = max(1, instances // SUBNETS_PER_INSTANCE)
    changes: list[dict[str, Any]] = []
    for b in range(MODULES):
        module = f'module.env["e{b}"]'
        for s in range(subnets):
            changes.append(
                _change(
                    f"{module}.aws_subnet.s[{s}]",
                    module,
                    "aws_subnet",
                    "s",
                    s,
                    {"cidr_block": f"10.{s}.0.0/24", "map_public_ip_on_launch": False},
                )
            )
        for i in range(instances):
            changes.append(
                _change(
                    f"{module}.aws_instance.web[{i}]",
                    module,
                    "aws_instance",
                    "web",
                    i,
                    _instance_values(i),
                )
            )
        changes.append(
            _change(f"{module}.aws_lb.web", module, "aws_lb", "web", None, {"internal": False})
        )
    doc = {
        "format_version": "1.2",
        "terraform_version": "1.11.0",
        "variables": {"region": {"value": "us-east-1"}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                "aws": {"name": "aws", "expressions": {"region": {"references": ["var.region"]}}}
            },
            "root_module": {
                "module_calls": {
                    "env": {
                        "for_each_expression": {"references": ["var.envs"]},
                        "expressions": {},
                        "module": _module_config(instances, subnets),
                    }
                },
                "variables": {"region": {}},
            },
        },
    }
    return json.dumps(doc)


_CHILD = """
import resource, sys, time
from pathlib import Path
from checker.plan import load_plan_file
start, cpu = time.perf_counter(), time.process_time()
plan = load_plan_file(Path(sys.argv[1]))
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(plan.changes)} {wall:.1f} {cpu:.1f} {peak:.0f}")
"""


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    megabytes = int(args[0]) if args else DEFAULT_MEGABYTES
    with tempfile.TemporaryDirectory(prefix="costcheck-plan-bench-") as tmp:
        path = Path(tmp) / "plan.json"
        started = time.perf_counter()
        path.write_text(generate_plan(megabytes))
        size = path.stat().st_size / 1_000_000
        print(f"  generated {size:.0f} MB in {time.perf_counter() - started:.1f} s")
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            print(f"  failed: {result.stderr.strip()[-2000:]}")
            return
        resources, wall, cpu, peak = result.stdout.split()
        print(
            f"  read {resources} resources: {wall} s wall, {cpu} s cpu, "
            f"peak memory {peak} MB ({float(peak) / size:.1f} x the file)"
        )


if __name__ == "__main__":
    main()
