"""Benchmark: 100 policies (every rule kind, checkov conditions, scopes) over a generated
10,000-resource plan priced with the catalog. Prints, for evaluation and each rendering,
costcheck's CPU seconds (median), a floor measured in the same run (a bare loop over the
resources for each policy, json.load of the plan, the stdlib's C JSON encoder, orjson when
installed), their ratio and the target of issue #15; asserts nothing (timing belongs here,
not in tests; on a loaded machine compare the ratios).
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.pricing_bench import generated_plan
from checker.estimate import estimate_plan
from checker.model import ChangeEstimate, Estimate
from checker.plan.loader import parse_plan_document
from checker.policy.evaluate import evaluate_policies
from checker.policy.loader import load_policies
from checker.policy.model import CheckReport, RunContext
from checker.pricing.catalog import Catalog
from checker.report.policy_json import check_json, check_to_dict
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


def cpu_seconds(func: Callable[[], Any]) -> tuple[float, Any]:
    """(CPU seconds of this process, result): steadier than wall time on a shared machine."""
    start = time.process_time()
    result = func()
    return time.process_time() - start, result


def median_cpu(func: Callable[[], Any], runs: int) -> float:
    return statistics.median(cpu_seconds(func)[0] for _ in range(runs))


def _row(name: str, seconds: float, floor_name: str, floor: float, target: float | None) -> str:
    ratio = seconds / floor if floor > 0 else float("inf")
    goal = (
        f"target <= {target:.1f} s: {'met' if seconds <= target else 'NOT met'}" if target else ""
    )
    return (
        f"  {name:<34} {seconds:7.3f} s   floor {floor_name:<34} {floor:7.3f} s   "
        f"x{ratio:5.2f}   {goal}"
    )


def _bare_loop(policies: int, resources: Sequence[ChangeEstimate]) -> int:
    """The least evaluation can be: each policy reads each resource's type once."""
    seen = 0
    for _ in range(policies):
        for item in resources:
            if item.change.type:
                seen += 1
    return seen


def _render_json(report: CheckReport, estimate: Estimate, run: RunContext) -> str:
    """What ``check --format json`` does with an evaluated report."""
    return check_json(check_to_dict(report, estimate, run))


def main() -> None:
    runs = int(os.environ.get("COSTCHECK_BENCH_RUNS", "5"))
    document = generated_plan(RESOURCES)
    with tempfile.TemporaryDirectory() as tmp:
        plan_file = Path(tmp) / "plan.json"
        plan_file.write_text(json.dumps(document))
        plan = parse_plan_document(document, source="bench", default_region=None)
        t_price, estimate = cpu_seconds(lambda: estimate_plan(plan, Catalog.open()))
        path = Path(tmp) / "bench.yml"
        path.write_text(policy_file(POLICIES))
        t_load, policy_set = cpu_seconds(lambda: load_policies([str(path)]))

        def read_plan() -> Any:
            with plan_file.open("rb") as stream:
                return json.load(stream)

        t_json_load = median_cpu(read_plan, runs)
    run = RunContext("bench/plan.json", datetime.date(2025, 6, 1))

    def evaluate() -> CheckReport:
        return evaluate_policies(policy_set.policies, estimate, run)

    # Each render gets a report evaluated afresh: messages are made when a format first asks,
    # and a second render of the same report would find them made.
    evaluations: list[float] = []
    renders: list[float] = []
    tables: list[float] = []
    report = None
    text = ""
    for _ in range(runs):
        seconds, report = cpu_seconds(evaluate)
        evaluations.append(seconds)
        seconds, text = cpu_seconds(functools.partial(_render_json, report, estimate, run))
        renders.append(seconds)
        seconds, _ = cpu_seconds(functools.partial(check_table, evaluate(), estimate))
        tables.append(seconds)
    assert report is not None
    made = check_to_dict(report, estimate, run)
    t_bare = median_cpu(lambda: _bare_loop(POLICIES, estimate.resources), runs)
    t_dumps = median_cpu(lambda: json.dumps(made, default=str), runs)
    t_indent = median_cpu(lambda: json.dumps(made, indent=2, default=str), max(1, runs // 2))
    t_eval, t_json, t_table = (statistics.median(x) for x in (evaluations, renders, tables))
    print(
        f"{POLICIES} policies x {RESOURCES:,}-resource plan; CPU seconds, median of {runs} "
        f"(COSTCHECK_BENCH_RUNS); priced once in {t_price:.2f} s, policies loaded in "
        f"{t_load * 1000:.0f} ms; {len(report.findings):,} findings, JSON {len(text) / 1e6:.1f} MB"
    )
    print(_row("evaluate", t_eval, "bare loop policies x resources", t_bare, 1.0))
    print(_row("evaluate", t_eval, "json.load of the plan", t_json_load, None))
    print(
        _row(
            "render JSON (check --format json)",
            t_json,
            "json.dumps, C encoder, no indent",
            t_dumps,
            1.0,
        )
    )
    print(
        _row(
            "render JSON (check --format json)",
            t_json,
            "json.dumps(indent=2), stdlib",
            t_indent,
            None,
        )
    )
    print(_row("render table", t_table, "json.dumps, C encoder, no indent", t_dumps, None))
    try:
        import orjson  # optional: the floor when installed
    except ImportError:
        print("  (orjson not installed: no orjson floor)")
    else:
        t_orjson = median_cpu(
            lambda: orjson.dumps(made, option=orjson.OPT_INDENT_2, default=str), runs
        )
        print(
            _row(
                "render JSON (check --format json)",
                t_json,
                "orjson.dumps(OPT_INDENT_2)",
                t_orjson,
                None,
            )
        )


if __name__ == "__main__":
    main()
