"""scripts/smoke_test.sh against a real HTTP server on loopback, scripts/deploy.sh and
scripts/bootstrap_state_backend.sh in their printing modes, and the Makefile targets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.promql import CONTRACT

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
BASE_PATH = "/usr/bin:/bin"  # no terraform, aws or docker: nothing can reach AWS

needs_curl_jq = pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("jq") is None,
    reason="smoke_test.sh needs curl and jq",
)

HEALTHY: dict[str, Any] = {
    "status": "ok",
    "parts": {"database": {"status": "ok"}, "cache": {"status": "ok"}, "catalog": {"status": "ok"}},
}


def _metrics_text(names: list[str]) -> str:
    lines = []
    for name in names:
        kind = CONTRACT[name][0]
        lines += [f"# HELP {name} help", f"# TYPE {name} {kind}"]
    return "\n".join(lines) + "\n"


class _Service:
    """What the fake service answers, per path: (status, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str]] = {
            "/health/live": (200, json.dumps({"status": "ok"})),
            "/health": (200, json.dumps(HEALTHY)),
            "/metrics": (200, _metrics_text(sorted(CONTRACT))),
        }


@pytest.fixture
def service() -> Iterator[tuple[_Service, str]]:
    state = _Service()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = state.routes.get(self.path, (404, "not found"))
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _bash(
    script: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPTS / script), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": BASE_PATH, "HOME": "/nonexistent", **(env or {})},
    )


@needs_curl_jq
def test_smoke_test_passes_a_healthy_service(service: tuple[_Service, str]) -> None:
    result = _bash("smoke_test.sh", "local", env={"SERVICE_URL": service[1]})
    assert result.returncode == 0, result.stderr
    assert "all good" in result.stdout


@needs_curl_jq
def test_smoke_test_names_the_part_that_is_down(service: tuple[_Service, str]) -> None:
    state, url = service
    down = {**HEALTHY, "status": "down", "parts": {**HEALTHY["parts"], "cache": {"status": "down"}}}
    state.routes["/health"] = (503, json.dumps(down))
    result = _bash("smoke_test.sh", "local", env={"SERVICE_URL": url})
    assert result.returncode == 1
    assert "/health answered 503, not 200 (not ok: cache)" in result.stderr


@needs_curl_jq
def test_smoke_test_wants_every_part_ok_even_on_200(service: tuple[_Service, str]) -> None:
    state, url = service
    state.routes["/health"] = (
        200,
        json.dumps({"status": "ok", "parts": {"database": {"status": "ok"}}}),
    )
    result = _bash("smoke_test.sh", "local", env={"SERVICE_URL": url})
    assert result.returncode == 1 and "not every part" in result.stderr


@needs_curl_jq
def test_smoke_test_wants_every_contract_metric(service: tuple[_Service, str]) -> None:
    state, url = service
    missing = "costcheck_run_tasks_total"
    state.routes["/metrics"] = (200, _metrics_text(sorted(set(CONTRACT) - {missing})))
    result = _bash("smoke_test.sh", "local", env={"SERVICE_URL": url})
    assert result.returncode == 1 and f"/metrics lacks {missing}" in result.stderr


@needs_curl_jq
def test_smoke_test_fails_when_nothing_listens(service: tuple[_Service, str]) -> None:
    state, url = service
    state.routes.clear()
    result = _bash("smoke_test.sh", "local", env={"SERVICE_URL": url})
    assert result.returncode == 1 and "/health/live answered 404" in result.stderr


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ([], {}, "usage"),
        (["qa"], {}, "must be dev, staging, prod or local"),
        (["local"], {}, "needs SERVICE_URL"),
        (["local"], {"SERVICE_URL": "file:///etc/passwd"}, "http(s) URL"),
    ],
)
def test_smoke_test_usage_errors(args: list[str], env: dict[str, str], message: str) -> None:
    result = _bash("smoke_test.sh", *args, env=env)
    assert result.returncode == 2 and message in result.stderr


def test_deploy_dry_run_prints_every_step_and_runs_none() -> None:
    result = _bash("deploy.sh", "--dry-run", "prod", env={"PATH": BASE_PATH})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    order = [
        "terraform -chdir=",
        "plan -input=false -var-file=environments/prod.tfvars",
        "costcheck check ",
        "docker build",
        "docker push",
        "apply -input=false prod.tfplan",
        '"costcheck","db","upgrade"',
        "aws ecs update-service",
        "aws ecs wait services-stable",
        "smoke_test.sh prod",
    ]
    positions = [out.index(step) for step in order]
    assert positions == sorted(positions), out
    assert "--policy builtin:budget --policy builtin:network --policy builtin:tagging" in out
    assert not list((REPO / "infrastructure" / "terraform").glob("prod.*"))


def test_deploy_without_tools_prints_and_says_not_deployed() -> None:
    result = _bash("deploy.sh", "staging", env={"PATH": BASE_PATH})
    assert result.returncode == 3
    assert "terraform is not installed" in result.stderr
    assert "NOT deployed" in result.stderr
    assert "costcheck check" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [([], "usage"), (["qa"], "must be dev, staging or prod"), (["dev", "prod"], "one ENVIRONMENT")],
)
def test_deploy_usage_errors(args: list[str], message: str) -> None:
    result = _bash("deploy.sh", *args)
    assert result.returncode == 2 and message in result.stderr


def test_bootstrap_dry_run(tmp_path: Path) -> None:
    result = _bash(
        "bootstrap_state_backend.sh",
        "--dry-run",
        "staging",
        "eu-west-1",
        env={"TFBACKEND_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    bucket = "costcheck-tfstate-ACCOUNT_ID-eu-west-1"
    assert f"aws s3api create-bucket --bucket {bucket} --region eu-west-1" in out
    assert "LocationConstraint=eu-west-1" in out
    assert "--versioning-configuration Status=Enabled" in out
    assert '"SSEAlgorithm":"aws:kms"' in out
    assert "BlockPublicAcls=true,IgnorePublicAcls=true" in out
    assert "aws:SecureTransport" in out
    assert "aws dynamodb create-table --table-name costcheck-tfstate-lock" in out
    assert 'key            = "costcheck/staging/terraform.tfstate"' in out
    assert list(tmp_path.iterdir()) == []  # a dry run writes nothing


FAKE_AWS = """#!/usr/bin/env bash
# Stands in for the AWS CLI (AWS is unreachable here): logs each call, and answers the
# read-only checks from a state directory the create calls fill.
echo "$*" >>"$FAKE_AWS_STATE/calls"
case "$1 $2" in
  "sts get-caller-identity") echo 123456789012 ;;
  "s3api head-bucket") [ -e "$FAKE_AWS_STATE/bucket" ] ;;
  "s3api create-bucket") touch "$FAKE_AWS_STATE/bucket" ;;
  "dynamodb describe-table") [ -e "$FAKE_AWS_STATE/table" ] ;;
  "dynamodb create-table") touch "$FAKE_AWS_STATE/table" ;;
esac
"""


def test_bootstrap_is_idempotent(tmp_path: Path) -> None:
    bin_dir, state, backend = tmp_path / "bin", tmp_path / "state", tmp_path / "backend"
    for folder in (bin_dir, state, backend):
        folder.mkdir()
    fake = bin_dir / "aws"
    fake.write_text(FAKE_AWS)
    fake.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{BASE_PATH}",
        "FAKE_AWS_STATE": str(state),
        "TFBACKEND_DIR": str(backend),
    }
    first = _bash("bootstrap_state_backend.sh", "prod", "us-east-1", env=env)
    assert first.returncode == 0, first.stderr
    calls_first = (state / "calls").read_text().splitlines()
    assert sum(c.startswith("s3api create-bucket") for c in calls_first) == 1
    assert not any("LocationConstraint" in c for c in calls_first)  # us-east-1 takes none
    written = (backend / "prod.s3.tfbackend").read_text()
    assert 'bucket         = "costcheck-tfstate-123456789012-us-east-1"' in written

    (state / "calls").unlink()
    second = _bash("bootstrap_state_backend.sh", "prod", "us-east-1", env=env)
    assert second.returncode == 0, second.stderr
    calls_second = (state / "calls").read_text().splitlines()
    assert not any("create-" in c for c in calls_second), calls_second
    assert any(c.startswith("s3api put-bucket-versioning") for c in calls_second)
    assert "exists: keeping it" in second.stdout
    assert (backend / "prod.s3.tfbackend").read_text() == written


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dry-run"], "usage"),
        (["--dry-run", "qa"], "must be dev, staging or prod"),
        (["--dry-run", "dev", "us-east-1; rm -rf /"], "not an AWS region"),
        (["--force", "dev"], "unknown option"),
    ],
)
def test_bootstrap_usage_errors(args: list[str], message: str) -> None:
    result = _bash("bootstrap_state_backend.sh", *args)
    assert result.returncode == 2 and message in result.stderr


def test_make_targets() -> None:
    env = {**os.environ, "MAKEFLAGS": ""}
    smoke = subprocess.run(
        ["make", "-n", "test", "ENV=staging"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert smoke.returncode == 0 and "scripts/smoke_test.sh 'staging'" in smoke.stdout
    assert "pytest" not in smoke.stdout
    plain = subprocess.run(
        ["make", "-n", "test"], cwd=REPO, capture_output=True, text=True, env=env, check=False
    )
    assert "pytest -q" in plain.stdout
    deploy = subprocess.run(
        ["make", "deploy", "ENV=dev", "DRY_RUN=1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert deploy.returncode == 0, deploy.stderr
    assert "smoke_test.sh dev" in deploy.stdout
    missing = subprocess.run(
        ["make", "deploy"], cwd=REPO, capture_output=True, text=True, env=env, check=False
    )
    assert missing.returncode != 0 and "usage: make deploy ENV=" in missing.stderr


@needs_curl_jq
def test_smoke_test_wants_metrics_hidden_behind_the_load_balancer(
    service: tuple[_Service, str],
) -> None:
    state, url = service
    exposed = _bash("smoke_test.sh", "prod", env={"SERVICE_URL": url})
    assert exposed.returncode == 1 and "it must be hidden (404)" in exposed.stderr
    del state.routes["/metrics"]
    hidden = _bash("smoke_test.sh", "prod", env={"SERVICE_URL": url})
    assert hidden.returncode == 0, hidden.stderr
