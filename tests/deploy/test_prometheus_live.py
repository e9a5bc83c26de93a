"""The monitoring config in a real Prometheus: it scrapes a service exposing the contract's
metrics over HTTP on loopback, loads every alert rule healthy, and answers every dashboard query
with data (so a panel is never empty because of a wrong name)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.loopback import free_port

REPO = Path(__file__).resolve().parents[2]
MONITORING = REPO / "infrastructure" / "monitoring"
DASHBOARD = MONITORING / "grafana" / "dashboards" / "costcheck.json"
PROMETHEUS = shutil.which("prometheus")

pytestmark = pytest.mark.skipif(
    PROMETHEUS is None, reason="prometheus not installed (make system-packages)"
)


class _Metrics:
    """Contract metrics in the text exposition format, growing on every scrape."""

    def __init__(self) -> None:
        self.scrapes = 0
        self.lock = threading.Lock()

    def render(self) -> str:
        with self.lock:
            self.scrapes += 1
            n = self.scrapes
        buckets = [("0.1", 5 * n), ("0.5", 9 * n), ("+Inf", 10 * n)]
        route = 'route="/v1/estimate",method="POST"'
        lines = [
            "# TYPE costcheck_http_requests_total counter",
            f'costcheck_http_requests_total{{{route},status="200"}} {99 * n}',
            f'costcheck_http_requests_total{{{route},status="500"}} {n}',
            "# TYPE costcheck_http_request_duration_seconds histogram",
            *(
                f'costcheck_http_request_duration_seconds_bucket{{{route},le="{le}"}} {count}'
                for le, count in buckets
            ),
            f"costcheck_http_request_duration_seconds_sum{{{route}}} {2.5 * n}",
            f"costcheck_http_request_duration_seconds_count{{{route}}} {10 * n}",
            "# TYPE costcheck_estimates_total counter",
            f'costcheck_estimates_total{{kind="estimate"}} {3 * n}',
            f'costcheck_estimates_total{{kind="check"}} {2 * n}',
            "# TYPE costcheck_verdicts_total counter",
            f'costcheck_verdicts_total{{verdict="passed"}} {2 * n}',
            f'costcheck_verdicts_total{{verdict="failed"}} {n}',
            "# TYPE costcheck_price_cache_requests_total counter",
            f'costcheck_price_cache_requests_total{{result="hit"}} {8 * n}',
            f'costcheck_price_cache_requests_total{{result="miss"}} {2 * n}',
            "# TYPE costcheck_dependency_errors_total counter",
            f'costcheck_dependency_errors_total{{dependency="cache"}} {n}',
            "# TYPE costcheck_run_tasks_total counter",
            f'costcheck_run_tasks_total{{outcome="passed"}} {4 * n}',
            f'costcheck_run_tasks_total{{outcome="error"}} {n}',
        ]
        return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    metrics = _Metrics()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = metrics.render().encode() if self.path == "/metrics" else b"not found"
            self.send_response(200 if self.path == "/metrics" else 404)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _get(base: str, path: str, **params: str) -> Any:
    url = f"{base}{path}?{urllib.parse.urlencode(params)}" if params else f"{base}{path}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def prometheus(service: str) -> Iterator[str]:
    """Prometheus on the repository's config, with the target pointed at the loopback service
    and the intervals shortened; alerting left out (no Alertmanager here)."""
    config = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    assert config["scrape_configs"][0]["static_configs"][0]["targets"] == ["app:8080"]
    config["scrape_configs"][0]["static_configs"][0]["targets"] = [service]
    config["global"] = {"scrape_interval": "1s", "evaluation_interval": "1s"}
    config.pop("alerting")
    with tempfile.TemporaryDirectory(prefix="costcheck-prom-") as tmp:
        work = Path(tmp)
        (work / "prometheus.yml").write_text(yaml.safe_dump(config))
        shutil.copyfile(MONITORING / "alert-rules.yml", work / "alert-rules.yml")
        port = free_port()
        process = subprocess.Popen(
            [str(PROMETHEUS), f"--config.file={work / 'prometheus.yml'}",
             f"--storage.tsdb.path={work / 'data'}", f"--web.listen-address=127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=(work / "log").open("w"),
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{base}/-/ready", timeout=2).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError((work / "log").read_text()) from None
                    time.sleep(0.3)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_for(base: str, query: str, seconds: float = 30) -> list[Any]:
    deadline = time.monotonic() + seconds
    while True:
        answer = _get(base, "/api/v1/query", query=query)
        assert answer["status"] == "success", answer
        result: list[Any] = answer["data"]["result"]
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def test_scrapes_the_service(prometheus: str) -> None:
    result = _wait_for(prometheus, 'up{job="costcheck"} == 1')
    assert len(result) == 1, result


def test_every_alert_rule_loads_and_evaluates(prometheus: str) -> None:
    _wait_for(prometheus, 'up{job="costcheck"} == 1')
    time.sleep(2)  # a couple of evaluation rounds
    groups = _get(prometheus, "/api/v1/rules")["data"]["groups"]
    rules = [rule for group in groups for rule in group["rules"]]
    assert len(rules) == 6
    for rule in rules:
        assert rule["health"] == "ok", rule


def test_every_dashboard_query_has_data(prometheus: str) -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    _wait_for(prometheus, "costcheck_http_requests_total")
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            expr = target["expr"].replace("$__rate_interval", "10s")
            result = _wait_for(prometheus, expr)
            assert result, f"{panel['title']}: no data for {expr}"
