"""The deployment stack: terraform validates and plans it offline for every environment, and
costcheck prices the plans completely (nothing unsupported or unknown)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.stack import (
    DOC,
    ENVIRONMENTS,
    STACK,
    doc_table,
    estimates_for_all,
    stack_copy,
    table,
)
from tests.terraform_tools import (
    CLI_CONFIG_FILE,
    DEV_OVERRIDES_WARNING,
    find_plugin_dir,
    missing_tools_reason,
    offline_config,
    terraform_env,
)

pytestmark = [
    pytest.mark.terraform,
    pytest.mark.skipif(missing_tools_reason() is not None, reason=str(missing_tools_reason())),
]

# The settings contract between the service and its deployment (README, docs/deployment.md).
CONTRACT_SETTINGS = {
    "APP_ENV", "LOG_LEVEL", "SECRET_KEY", "DATABASE_URL", "DB_HOST", "DB_PORT", "DB_NAME",
    "DB_USER", "DB_PASSWORD", "REDIS_URL", "REDIS_HOST", "REDIS_PORT", "AWS_REGION",
    "COSTCHECK_RUN_TASK_HMAC_KEY", "PORT",
}  # fmt: skip
SECRET_SETTINGS = {"SECRET_KEY", "DB_PASSWORD", "COSTCHECK_RUN_TASK_HMAC_KEY"}
# Must match scripts/deploy.sh's COSTCHECK_POLICIES (checked below).
DEPLOY_POLICY_ARGS = (
    "--policy",
    "builtin:budget",
    "--policy",
    "builtin:network",
    "--policy",
    "builtin:tagging",
)
PRICED_TYPES = {
    "aws_db_instance", "aws_elasticache_replication_group", "aws_ecs_service", "aws_lb",
    "aws_nat_gateway", "aws_eip", "aws_secretsmanager_secret",
}  # fmt: skip


Initialised = tuple[Path, dict[str, str]]


def _tf(work: Initialised, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["terraform", *args, "-no-color"],
        cwd=work[0],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=work[1],
    )


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Initialised:
    """The dev stack, ready for terraform against the offline provider mirror (its provider run
    in place as the fresh plans run it: terraform_tools.offline_config), and the environment
    terraform runs with there."""
    base = tmp_path_factory.mktemp("validate")
    work = stack_copy("dev", base / "stack")
    config = offline_config(base / CLI_CONFIG_FILE)
    ready: Initialised = (work, terraform_env(config))
    if config is None:
        done = _tf(ready, "init", f"-plugin-dir={find_plugin_dir()}", "-backend=false")
    else:
        done = _tf(ready, "get")  # its local modules, if any
    assert done.returncode == 0, done.stderr
    return ready


Priced = tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]


@pytest.fixture(scope="module")
def plans_and_estimates(tmp_path_factory: pytest.TempPathFactory) -> Priced:
    """Per environment: the plan, costcheck's estimate, and the estimate with usage.yml (the
    plans made in one terraform run: tests.deploy.stack.plans)."""
    work = tmp_path_factory.mktemp("plans")
    estimates, with_usage = estimates_for_all(work, batched=True)
    plans = {env: json.loads((work / f"{env}.json").read_text()) for env in ENVIRONMENTS}
    return plans, estimates, with_usage


def _after(plan: dict[str, Any], address: str) -> dict[str, Any]:
    for change in plan["resource_changes"]:
        if change["address"] == address:
            after: dict[str, Any] = change["change"]["after"]
            return after
    raise AssertionError(f"{address} not in the plan")


def _config(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["address"]: r for r in plan["configuration"]["root_module"]["resources"]}


def _console(work: Initialised, expression: str) -> Any:
    result = subprocess.run(
        ["terraform", "console", "-no-color"],
        cwd=work[0],
        input=f"jsonencode({expression})\n",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=work[1],
    )
    assert result.returncode == 0, result.stderr
    return json.loads(json.loads(result.stdout))


def test_validate(initialised: Initialised) -> None:
    result = _tf(initialised, "validate", "-json")
    report = json.loads(result.stdout)
    assert report["valid"], report["diagnostics"]
    # All but the one the offline set-up itself causes (offline_config's dev_overrides).
    warnings = [
        d
        for d in report["diagnostics"]
        if d["severity"] == "warning" and d["summary"] != DEV_OVERRIDES_WARNING
    ]
    assert warnings == [], warnings


def test_container_settings_follow_the_contract(initialised: Initialised) -> None:
    # One console (one provider start-up) for both lists.
    names = _console(
        initialised,
        "{env = [for e in local.container_environment : e.name],"
        " secrets = [for s in local.container_secrets : s.name]}",
    )
    env_names, secret_names = names["env"], names["secrets"]
    assert set(env_names) | set(secret_names) <= CONTRACT_SETTINGS
    # Secrets never travel as plain environment values; they come from Secrets Manager.
    assert set(secret_names) == SECRET_SETTINGS
    assert not set(env_names) & SECRET_SETTINGS
    for needed in ("APP_ENV", "LOG_LEVEL", "AWS_REGION", "PORT", "DB_HOST", "REDIS_URL"):
        assert needed in env_names
    assert len(env_names) == len(set(env_names))


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_costcheck_prices_the_whole_stack(plans_and_estimates: Priced, env: str) -> None:
    estimate = plans_and_estimates[1][env]
    summary = estimate["summary"]
    assert summary["unsupported"] == 0 and summary["unknown"] == 0, summary
    priced = {r["type"] for r in estimate["resources"] if r["status"] == "priced"}
    assert priced == PRICED_TYPES
    # Every priced line names the genuine price row it came from.
    for resource in estimate["resources"]:
        for component in resource["components"]:
            if component["monthly_cost"] is not None and Decimal(component["monthly_cost"]):
                assert component["price_source"]["reference"]
    assert Decimal(estimate["total_monthly_cost"]) > 0


def test_environments_grow_in_cost(
    plans_and_estimates: Priced,
) -> None:
    totals = [Decimal(plans_and_estimates[1][env]["total_monthly_cost"]) for env in ENVIRONMENTS]
    assert totals == sorted(totals) and len(set(totals)) == len(totals)


def test_docs_table_is_costchecks_own_estimate(
    plans_and_estimates: Priced,
) -> None:
    assert doc_table(DOC.read_text()) == table(*plans_and_estimates[1:]), (
        "docs/deployment.md is stale: run `python -m tests.deploy.stack docs`"
    )


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_health_checks_and_ports(plans_and_estimates: Priced, env: str) -> None:
    plan = plans_and_estimates[0][env]
    group = _after(plan, "aws_lb_target_group.app")
    assert group["port"] == 8080 and group["target_type"] == "ip"
    assert group["health_check"][0]["path"] == "/health"
    service = _after(plan, "aws_ecs_service.app")
    assert service["load_balancer"][0]["container_port"] == 8080
    assert service["network_configuration"][0]["assign_public_ip"] is False
    assert service["deployment_circuit_breaker"] == [{"enable": True, "rollback": True}]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_security_groups_are_least_privilege(plans_and_estimates: Priced, env: str) -> None:
    plan = plans_and_estimates[0][env]
    config = _config(plan)
    rules = [
        c
        for c in plan["resource_changes"]
        if c["type"]
        in ("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")
    ]
    assert not [c for c in plan["resource_changes"] if c["type"] == "aws_security_group_rule"]
    seen: set[tuple[str, str, str, int]] = set()
    for change in rules:
        after = change["change"]["after"]
        expressions = config[change["address"].split("[")[0]]["expressions"]
        group = expressions["security_group_id"]["references"][-1].removeprefix(
            "aws_security_group."
        )
        direction = "in" if change["type"].endswith("ingress_rule") else "out"
        assert after["ip_protocol"] == "tcp", change["address"]  # never "all traffic"
        assert after["from_port"] == after["to_port"], change["address"]  # one port per rule
        if after.get("cidr_ipv4") is not None:
            peer = "cidr"
        else:
            peer = expressions["referenced_security_group_id"]["references"][-1].removeprefix(
                "aws_security_group."
            )
        seen.add((group, direction, peer, after["from_port"]))
    # Only the load balancer takes traffic from networks; the data stores only from the tasks.
    expected = {
        ("alb", "in", "cidr", 80),
        ("alb", "out", "app", 8080),
        ("app", "in", "alb", 8080),
        ("app", "out", "db", 5432),
        ("app", "out", "redis", 6379),
        ("app", "out", "cidr", 443),
        ("db", "in", "app", 5432),
        ("redis", "in", "app", 6379),
    }
    if env != "dev":
        expected.add(("alb", "in", "cidr", 443))
    if env == "prod":
        expected.add(("app", "in", "cidr", 8080))  # Prometheus in the VPC
        scrapers = [
            c["change"]["after"]["cidr_ipv4"]
            for c in rules
            if c["address"].startswith("aws_vpc_security_group_ingress_rule.app_metrics")
        ]
        assert scrapers == ["10.42.0.0/16"]
    assert seen == expected


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_data_stores_are_private_and_encrypted(plans_and_estimates: Priced, env: str) -> None:
    plan = plans_and_estimates[0][env]
    db = _after(plan, "aws_db_instance.main")
    assert db["publicly_accessible"] is False and db["storage_encrypted"] is True
    assert db["manage_master_user_password"] is True and db.get("password") is None
    assert db["backup_retention_period"] >= 1
    redis = _after(plan, "aws_elasticache_replication_group.main")
    # The provider types this one as a string ("true") since 5.x.
    assert str(redis["at_rest_encryption_enabled"]).lower() == "true"
    assert redis["transit_encryption_enabled"] is True
    if env == "prod":
        assert db["multi_az"] is True and db["deletion_protection"] is True
        assert redis["automatic_failover_enabled"] is True
        nat = [c for c in plan["resource_changes"] if c["type"] == "aws_nat_gateway"]
        assert len(nat) == 2


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_deploy_gate_passes_costchecks_own_policies(
    plans_and_estimates: Priced,
    env: str,
    tmp_path: Path,
) -> None:
    """`make deploy` runs `costcheck check` with these packs on the plan before applying it."""
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plans_and_estimates[0][env]))
    result = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(plan_path), *DEPLOY_POLICY_ARGS],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_script_uses_the_tested_policies() -> None:
    script = (STACK.parent.parent / "scripts" / "deploy.sh").read_text()
    assert f"COSTCHECK_POLICIES=({' '.join(DEPLOY_POLICY_ARGS)})" in script


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_usage_file_prices_every_usage_line(plans_and_estimates: Priced, env: str) -> None:
    """With usage.yml nothing is left usage-based, and its keys are all read (none misspelt:
    costcheck would refuse the file)."""
    baseline, with_usage = plans_and_estimates[1][env], plans_and_estimates[2][env]
    assert with_usage["summary"]["usage"] == 0, with_usage["summary"]
    assert with_usage["summary"]["unknown"] == 0
    assert Decimal(with_usage["total_monthly_cost"]) > Decimal(baseline["total_monthly_cost"])


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_load_balancer_hides_metrics(plans_and_estimates: Priced, env: str) -> None:
    plan = plans_and_estimates[0][env]
    rule = _after(plan, "aws_lb_listener_rule.hide_metrics")
    assert rule["condition"][0]["path_pattern"][0]["values"] == ["/metrics", "/metrics/*"]
    assert rule["action"][0]["type"] == "fixed-response"
    assert rule["action"][0]["fixed_response"][0]["status_code"] == "404"
    # It sits on the listener that forwards (HTTPS, or HTTP where there is no certificate).
    listeners = {
        c["address"]: c["change"]["after"]
        for c in plan["resource_changes"]
        if c["type"] == "aws_lb_listener"
    }
    forwarding = [
        a for a, after in listeners.items() if after["default_action"][0]["type"] == "forward"
    ]
    assert forwarding == (
        ["aws_lb_listener.http"] if env == "dev" else ["aws_lb_listener.https[0]"]
    )
