"""Benchmark: 100 policies (every rule kind, checkov conditions, scopes) over a generated
10,000-resource plan priced with the catalog. Prints load, evaluation and rendering times;
asserts nothing (timing belongs here, not in tests).
"""

from __future__ import annotations

import datetime
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.pricing_bench import generated_plan
from checker.estimate import estimate_plan
from checker.plan.loader import parse_plan_document
from checker.policy.evaluate import evaluate_policies
from checker.policy.loader import load_policies
from checker.policy.model import RunContext
from checker.pricing.catalog import Catalog
from checker.report.policy_json import check_to_dict
from checker.report.policy_table import check_table

RESOURCES = 10_000
POLICIES = 100

# Rule bodies cycled through to make POLICIES policies; {i} varies thresholds and scopes.
RULES = [
    "kind: budget\n      monthly: {big}",
    "kind: cost_increase\n      max_increase: {big}\n      max_increase_percent: 25",
    "kind: resource_cost\n      max_monthly: {i}0",
    "kind: group_budget\n      group_by: tag\n      tag: team\n      default: {big}",
    "kind: group_budget\n      group_by: resource_type\n      budgets: {{aws_instance: {big}, 'aws_db_*': 1000}}",
    "kind: required_tags\n      tags: [team, owner]",
    "kind: allowed_regions\n      regions: [us-east-1, eu-*]",
    "kind: resource_count\n      max_count: {i}00",
    (
        "kind: condition\n      definition:\n        not:\n          cond_type: attribute\n"
        "          resource_types: [aws_instance]\n          attribute: root_block_device.*.volume_type\n"
        "          operator: equals\n          value: gp2"
    ),
    (
        "kind: condition\n      definition:\n        or:\n          - cond_type: cost\n"
        "            resource_types: [aws_db_instance, aws_instance]\n            attribute: monthly_cost\n"
        "            operator: less_than_or_equal\n            value: {i}00\n"
        "          - cond_type: attribute\n            resource_types: all\n"
        "            attribute: tags.approved-by\n            operator: exists"
    ),
    (
        "kind: condition\n      definition:\n        and:\n          - cond_type: attribute\n"
        "            resource_types: [aws_instance]\n            attribute: instance_type\n"
        "            operator: regex_match\n            value: '^(m5|t3|c6i)\\.'\n"
        "          - cond_type: attribute\n            resource_types: [aws_instance]\n"
        "            attribute: associate_public_ip_address\n            operator: is_false"
    ),
    (
        "kind: condition\n      definition:\n        cond_type: attribute\n"
        "        resource_types: [aws_elasticache_cluster, aws_db_instance]\n"
        "        attribute: tags.team\n        operator: within\n        value: [t0, t1, t2, t3]"
    ),
]
SCOPES = [
    "",
    "    scope:\n      resource_types: [aws_instance, aws_db_instance]\n",
    "    scope:\n      actions: [create]\n",
    "    scope:\n      addresses: ['aws_*.r1*']\n",
]


def policy_file(count: int) -> str:
    """A policy file with ``count`` policies cycling through every kind and a few scopes."""
    lines = ["version: 1", "policies:"]
    for i in range(count):
        rule = RULES[i % len(RULES)].format(i=i % 9 + 1, big=5000 + 1000 * i)
        lines.append(
            f"  - id: BENCH-{i:03d}\n    name: bench {i}\n    severity: medium\n"
            f"    enforcement: {('advisory', 'warn', 'block')[i % 3]}\n"
            f"{SCOPES[i % len(SCOPES)]}    rule:\n      {rule}"
        )
    return "\n".join(lines) + "\n"


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def cpu_timed(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, result): CPU time is the steadier figure on
    a shared machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    plan = parse_plan_document(generated_plan(RESOURCES), source="bench", default_region=None)
    t_price, estimate = timed(lambda: estimate_plan(plan, Catalog.open()))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yml"
        path.write_text(policy_file(POLICIES))
        t_load, policy_set = timed(lambda: load_policies([str(path)]))
    run = RunContext("bench/plan.json", datetime.date(2025, 6, 1))
    runs = []
    cpu_runs = []
    report = None
    for _ in range(3):
        seconds, cpu, report = cpu_timed(
            lambda: evaluate_policies(policy_set.policies, estimate, run)
        )
        runs.append(seconds)
        cpu_runs.append(cpu)
    assert report is not None
    t_json, document = timed(lambda: json.dumps(check_to_dict(report, estimate, run), default=str))
    t_table, _ = timed(lambda: check_table(report, estimate))
    best = min(runs)
    findings = len(report.findings)
    print(
        f"{POLICIES} policies x {RESOURCES:,}-resource plan (priced once with the catalog in {t_price:.2f} s):"
    )
    print(f"  load + validate {POLICIES} policies   {t_load * 1000:8.1f} ms")
    print(
        f"  evaluate (best of 3)           {best * 1000:8.1f} ms   ({best / POLICIES * 1000:.1f} ms per policy)"
    )
    print(f"  evaluate, CPU time (best of 3) {min(cpu_runs) * 1000:8.1f} ms")
    print(f"  findings                       {findings:8,}")
    print(f"  render JSON ({len(document) / 1e6:.1f} MB)           {t_json * 1000:8.1f} ms")
    print(f"  render table                   {t_table * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
