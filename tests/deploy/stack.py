"""The deployment stack (infrastructure/terraform) planned offline, per environment, and priced by
costcheck itself.

``python -m tests.deploy.stack docs`` rewrites the per-environment estimate table in
docs/deployment.md from fresh plans, so no figure there is ever typed by hand;
tests/deploy/test_terraform_stack.py checks the table still matches.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.terraform_tools import REPO, make_module_plans, make_plan_json, write_plan

STACK = REPO / "infrastructure" / "terraform"
ENVIRONMENTS = ("dev", "staging", "prod")
DOC = REPO / "docs" / "deployment.md"
USAGE = STACK / "usage.yml"
TABLE_START = "<!-- stack-costs:start (python -m tests.deploy.stack docs) -->"
TABLE_END = "<!-- stack-costs:end -->"
# The remote backend needs AWS; offline plans use local state.
_OFFLINE_IGNORE = shutil.ignore_patterns(
    "environments", "backend.tf", ".terraform", ".terraform.lock.hcl", "*.tfstate*"
)


def stack_copy(env: str, dest: Path) -> Path:
    """The stack's root module in ``dest`` with ``<env>.tfvars`` loaded automatically."""
    shutil.copytree(STACK, dest, ignore=_OFFLINE_IGNORE)
    (dest / USAGE.name).unlink()
    shutil.copyfile(STACK / "environments" / f"{env}.tfvars", dest / f"{env}.auto.tfvars")
    return dest


def plan(env: str) -> dict[str, Any]:
    """Genuine plan JSON of the stack for one environment (real terraform, mock credentials)."""
    with tempfile.TemporaryDirectory(prefix="costcheck-stack-") as tmp:
        return make_plan_json(stack_copy(env, Path(tmp) / "stack"))


def plans() -> dict[str, dict[str, Any]]:
    """:func:`plan` of every environment, in one terraform run where it can: the stack called
    once per environment with its .tfvars as the call's arguments (make_module_plans: ~6 CPU s
    instead of ~11; each plan was compared equal to the environment's own but for the outputs'
    values, which no test reads, and the docs table, from plans made alone, checks the prices
    of these). Where that run fails, each environment alone (its error is the one to see)."""
    arguments = {
        env: (STACK / "environments" / f"{env}.tfvars").read_text() for env in ENVIRONMENTS
    }
    with tempfile.TemporaryDirectory(prefix="costcheck-stack-") as tmp:
        source = Path(tmp) / "stack"
        shutil.copytree(STACK, source, ignore=_OFFLINE_IGNORE)
        (source / USAGE.name).unlink()
        batched = make_module_plans(source, arguments)
    return batched if batched is not None else {env: plan(env) for env in ENVIRONMENTS}


def breakdown(plan_path: Path, usage: Path | None = None) -> dict[str, Any]:
    """``costcheck breakdown --format json`` of a plan file, run as the CLI runs."""
    extra = ["--usage-file", str(usage)] if usage else []
    result = subprocess.run(
        [sys.executable, "-m", "checker", "breakdown", str(plan_path), "--format", "json", *extra],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    if result.returncode != 0:
        raise RuntimeError(f"costcheck breakdown exit {result.returncode}: {result.stderr}")
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def _money(value: str | None) -> str:
    return "—" if value is None else f"${Decimal(value):,.2f}"


def _by_type(estimate: dict[str, Any]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for resource in estimate["resources"]:
        cost = Decimal(resource["monthly_cost"])
        if cost:
            totals[resource["type"]] = totals.get(resource["type"], Decimal(0)) + cost
    return totals


# The playbook's rows, mapped to the stack's resource types that fill them.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Compute (ECS Fargate tasks)", ("aws_ecs_service",)),
    ("RDS PostgreSQL", ("aws_db_instance",)),
    ("ElastiCache Redis", ("aws_elasticache_replication_group",)),
    ("Load balancer (ALB + its public IPv4)", ("aws_lb",)),
    ("NAT gateways + Elastic IPs", ("aws_nat_gateway", "aws_eip")),
    ("Secrets Manager", ("aws_secretsmanager_secret",)),
)


def table(estimates: dict[str, dict[str, Any]], with_usage: dict[str, dict[str, Any]]) -> str:
    """The Markdown table of the estimates, one column per environment; the last line prices
    the usage-based components too, with the traffic of infrastructure/terraform/usage.yml."""
    header = "| component | " + " | ".join(ENVIRONMENTS) + " |"
    lines = [header, "| --- |" + " ---: |" * len(ENVIRONMENTS)]
    per_env = {env: _by_type(estimates[env]) for env in ENVIRONMENTS}
    for label, types in GROUPS:
        cells = [
            _money(str(sum((per_env[env].get(t, Decimal(0)) for t in types), Decimal(0))))
            for env in ENVIRONMENTS
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    totals = [_money(estimates[env]["total_monthly_cost"]) for env in ENVIRONMENTS]
    lines.append(
        "| **Total (fixed monthly costs)** | " + " | ".join(f"**{t}**" for t in totals) + " |"
    )
    usage = [
        str(sum(1 for r in estimates[env]["resources"] if r["status"] == "usage"))
        for env in ENVIRONMENTS
    ]
    lines.append("| usage-based resources, not in the total | " + " | ".join(usage) + " |")
    usage_totals = [_money(with_usage[env]["total_monthly_cost"]) for env in ENVIRONMENTS]
    lines.append(
        "| Total with the traffic of `infrastructure/terraform/usage.yml` | "
        + " | ".join(usage_totals)
        + " |"
    )
    return "\n".join(lines) + "\n"


def _table_span(text: str) -> tuple[int, int]:
    match = re.search(re.escape(TABLE_START) + r"\n(.*?)" + re.escape(TABLE_END), text, re.S)
    if match is None:
        raise ValueError(f"{DOC} lacks the generated table markers")
    return match.span(1)


def doc_table(text: str) -> str:
    """The generated table inside docs/deployment.md (between the markers)."""
    start, end = _table_span(text)
    return text[start:end]


def with_table(text: str, new_table: str) -> str:
    """``text`` with the generated table replaced by ``new_table``."""
    start, end = _table_span(text)
    return text[:start] + new_table + text[end:]


Estimates = dict[str, dict[str, Any]]


def estimates_for_all(work: Path, *, batched: bool = False) -> tuple[Estimates, Estimates]:
    """Plan and price every environment, without and with usage.yml; plans are written to
    ``work/<env>.json``. ``batched``: plan them in one run (:func:`plans`), else each alone."""
    made = plans() if batched else None

    def one(env: str) -> tuple[dict[str, Any], dict[str, Any]]:
        path = work / f"{env}.json"
        write_plan(made[env] if made is not None else plan(env), path)
        return breakdown(path), breakdown(path, USAGE)

    # Side by side: terraform mostly waits on the provider's start-up.
    with ThreadPoolExecutor(len(ENVIRONMENTS)) as pool:
        done = dict(zip(ENVIRONMENTS, pool.map(one, ENVIRONMENTS), strict=True))
    return {env: done[env][0] for env in ENVIRONMENTS}, {env: done[env][1] for env in ENVIRONMENTS}


def main(argv: list[str]) -> int:
    if argv != ["docs"]:
        print("usage: python -m tests.deploy.stack docs", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        estimates, with_usage = estimates_for_all(Path(tmp))
    text = DOC.read_text()
    DOC.write_text(with_table(text, table(estimates, with_usage)))
    print(f"wrote the estimate table of {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
