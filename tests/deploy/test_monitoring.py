"""Monitoring: Prometheus config and alert rules checked and unit-tested by the real promtool,
Alertmanager config by the real amtool, and every PromQL expression (rules and the Grafana
dashboard) held to the service's metrics contract."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.promql import CONTRACT, contract_base, reads, violations

REPO = Path(__file__).resolve().parents[2]
MONITORING = REPO / "infrastructure" / "monitoring"
DASHBOARD = MONITORING / "grafana" / "dashboards" / "costcheck.json"

needs_promtool = pytest.mark.skipif(
    shutil.which("promtool") is None, reason="promtool not installed (make system-packages)"
)
needs_amtool = pytest.mark.skipif(
    shutil.which("amtool") is None, reason="amtool not installed (make system-packages)"
)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def _dashboard_exprs() -> list[str]:
    dashboard: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return [t["expr"] for panel in dashboard["panels"] for t in panel.get("targets", [])]


def _rule_exprs() -> dict[str, str]:
    doc = yaml.safe_load((MONITORING / "alert-rules.yml").read_text())
    return {r["alert"]: r["expr"] for group in doc["groups"] for r in group["rules"]}


@needs_promtool
def test_promtool_checks_config_and_rules() -> None:
    config = _run("promtool", "check", "config", "prometheus.yml", cwd=MONITORING)
    assert config.returncode == 0, config.stdout + config.stderr
    rules = _run("promtool", "check", "rules", "alert-rules.yml", cwd=MONITORING)
    assert rules.returncode == 0, rules.stdout + rules.stderr


@needs_promtool
def test_alert_rules_unit_tests_pass() -> None:
    result = _run("promtool", "test", "rules", "alert-rules.test.yml", cwd=MONITORING)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


@needs_promtool
@pytest.mark.parametrize(
    ("original", "weakened"),
    [
        ("            > 0.01\n", "            > 0.05\n"),  # error rate
        (") > 0.5\n", ") > 5\n"),  # p95 latency
        ('{outcome="error"}', '{outcome="failed"}'),  # run-task errors
        (
            'expr: up{job="costcheck"} == 0\n        for: 2m',
            'expr: up{job="costcheck"} == 0\n        for: 10m',
        ),
    ],
)
def test_unit_tests_catch_a_weakened_rule(tmp_path: Path, original: str, weakened: str) -> None:
    """The rule tests can fail: each alert's test notices its rule being changed."""
    rules = (MONITORING / "alert-rules.yml").read_text()
    assert original in rules
    (tmp_path / "alert-rules.yml").write_text(rules.replace(original, weakened, 1))
    shutil.copyfile(MONITORING / "alert-rules.test.yml", tmp_path / "alert-rules.test.yml")
    result = _run("promtool", "test", "rules", "alert-rules.test.yml", cwd=tmp_path)
    assert result.returncode != 0, result.stdout


def test_every_alert_has_a_runbook_section() -> None:
    runbook = (REPO / "RUNBOOK.md").read_text()
    headings = {
        re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in runbook.splitlines()
        if line.startswith("#")
    }
    doc = yaml.safe_load((MONITORING / "alert-rules.yml").read_text())
    for group in doc["groups"]:
        for rule in group["rules"]:
            anchor = rule["annotations"]["runbook"].split("#", 1)[1]
            assert anchor == rule["alert"].lower()
            assert anchor in headings, f"RUNBOOK.md has no section for {rule['alert']}"


@needs_amtool
def test_amtool_checks_alertmanager_config() -> None:
    result = _run("amtool", "check-config", "alertmanager.yml", cwd=MONITORING)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_amtool
def test_amtool_rejects_a_broken_config(tmp_path: Path) -> None:
    """amtool really validates: an unknown receiver in a route is refused."""
    text = (MONITORING / "alertmanager.yml").read_text()
    broken = text.replace("receiver: pagerduty-page", "receiver: pagerduty-pgae", 1)
    (tmp_path / "alertmanager.yml").write_text(broken)
    result = _run("amtool", "check-config", "alertmanager.yml", cwd=tmp_path)
    assert result.returncode != 0


def test_pagerduty_keys_are_read_from_files() -> None:
    config = yaml.safe_load((MONITORING / "alertmanager.yml").read_text())
    receivers = {r["name"]: r for r in config["receivers"]}
    assert config["route"]["routes"][0]["receiver"] == "pagerduty-page"
    for receiver in receivers.values():
        for pagerduty in receiver["pagerduty_configs"]:
            assert "routing_key" not in pagerduty and "service_key" not in pagerduty
            assert pagerduty["routing_key_file"].startswith("/etc/alertmanager/secrets/")


def test_alerts_cover_the_named_failures() -> None:
    rules = _rule_exprs()
    assert set(rules) == {
        "CostcheckInstanceDown", "CostcheckNoTargets", "CostcheckHighErrorRate",
        "CostcheckHighLatencyP95", "CostcheckDependencyErrors", "CostcheckRunTaskErrors",
    }  # fmt: skip
    for name, expr in rules.items():
        assert violations(expr) == [], (name, violations(expr))


def test_dashboard_uses_only_contract_metrics() -> None:
    exprs = _dashboard_exprs()
    assert exprs
    for expr in exprs:
        assert violations(expr) == [], (expr, violations(expr))
    shown = {contract_base(m) for e in exprs for m in reads(e).metrics}
    assert shown >= set(CONTRACT), f"not on the dashboard: {set(CONTRACT) - shown}"


@pytest.mark.parametrize(
    "expr",
    [
        "rate(costcheck_http_request_total[5m])",  # a misspelt name
        'sum(rate(costcheck_verdicts_total{outcome="failed"}[5m]))',  # another metric's label
        "sum by (team) (rate(costcheck_estimates_total[5m]))",  # a label nobody exports
        "costcheck_run_tasks_total_bucket",  # a counter has no buckets
    ],
)
def test_contract_check_refuses(expr: str) -> None:
    assert violations(expr)


@needs_promtool
def test_dashboard_expressions_are_valid_promql(tmp_path: Path) -> None:
    """promtool parses every dashboard query (as recording rules; Grafana's interval variable
    replaced by a duration)."""
    rules = [
        {"record": f"dashboard:query_{i}", "expr": expr.replace("$__rate_interval", "5m")}
        for i, expr in enumerate(_dashboard_exprs())
    ]
    path = tmp_path / "dashboard-rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = _run("promtool", "check", "rules", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dashboard_datasource_is_the_provisioned_one() -> None:
    datasources = yaml.safe_load(
        (MONITORING / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text()
    )
    uid = datasources["datasources"][0]["uid"]
    dashboard = json.loads(DASHBOARD.read_text())
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == uid
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == uid


def test_the_documented_metrics_are_the_checked_contract() -> None:
    """docs/deployment.md's metrics table and the contract the tests hold PromQL to agree."""
    rows = re.findall(
        r"^\| `(costcheck_\w+)` \| (\w+) \| (.+) \|$",
        (REPO / "docs" / "deployment.md").read_text(),
        re.M,
    )
    # The labels are the backticked names outside the parentheses (which list their values).
    documented = {
        name: (kind, set(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", labels))))
        for name, kind, labels in rows
    }
    assert {name: kind for name, (kind, _) in documented.items()} == {
        name: kind for name, (kind, _) in CONTRACT.items()
    }
    for name, (_, labels) in documented.items():
        assert labels == set(CONTRACT[name][1]), name


@needs_amtool
def test_alerts_route_to_the_receiver_their_severity_names() -> None:
    """amtool resolves each alert's labels through the real routing tree: pages page, tickets
    do not."""
    doc = yaml.safe_load((MONITORING / "alert-rules.yml").read_text())
    expected = {"page": "pagerduty-page", "ticket": "pagerduty-ticket"}
    for group in doc["groups"]:
        for rule in group["rules"]:
            severity = rule["labels"]["severity"]
            result = _run(
                "amtool", "config", "routes", "test", "--config.file=alertmanager.yml",
                f"--verify.receivers={expected[severity]}",
                f"alertname={rule['alert']}", f"severity={severity}", "job=costcheck",
                cwd=MONITORING,
            )  # fmt: skip
            assert result.returncode == 0, (rule["alert"], result.stdout, result.stderr)
