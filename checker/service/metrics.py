"""The Prometheus metrics of the deployment contract, in a registry the app owns.

With several worker processes (``PROMETHEUS_MULTIPROC_DIR`` set by ``costcheck serve``), each
process writes its own files and ``/metrics`` sums them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess

VERDICTS = ("passed", "failed", "unknown")


@dataclass(frozen=True)
class Metrics:
    registry: CollectorRegistry
    http_requests: Counter
    http_duration: Histogram
    estimates: Counter
    verdicts: Counter
    price_cache: Counter
    dependency_errors: Counter
    run_tasks: Counter

    def exposition(self) -> tuple[bytes, str]:
        """The text /metrics serves: every worker's values when running multi-process."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            prometheus_multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def make_metrics() -> Metrics:
    registry = CollectorRegistry()
    metrics = Metrics(
        registry=registry,
        http_requests=Counter(
            "costcheck_http_requests_total",
            "HTTP requests answered.",
            ["route", "method", "status"],
            registry=registry,
        ),
        http_duration=Histogram(
            "costcheck_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["route", "method"],
            registry=registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        ),
        estimates=Counter(
            "costcheck_estimates", "Estimates and checks computed.", ["kind"], registry=registry
        ),
        verdicts=Counter(
            "costcheck_verdicts",
            "Verdicts of checks and run tasks.",
            ["verdict"],
            registry=registry,
        ),
        price_cache=Counter(
            "costcheck_price_cache_requests",
            "Price List answers looked up in the cache.",
            ["result"],
            registry=registry,
        ),
        dependency_errors=Counter(
            "costcheck_dependency_errors",
            "Failures to reach a dependency.",
            ["dependency"],
            registry=registry,
        ),
        run_tasks=Counter(
            "costcheck_run_tasks",
            "Terraform Cloud run tasks answered.",
            ["outcome"],
            registry=registry,
        ),
    )
    # Every label value exists from the start, so dashboards and alerts see zeros, not gaps.
    for kind in ("estimate", "check"):
        metrics.estimates.labels(kind=kind)
    for verdict in VERDICTS:
        metrics.verdicts.labels(verdict=verdict)
    for result in ("hit", "miss"):
        metrics.price_cache.labels(result=result)
    for dependency in ("database", "cache"):
        metrics.dependency_errors.labels(dependency=dependency)
    for outcome in ("passed", "failed", "error"):
        metrics.run_tasks.labels(outcome=outcome)
    return metrics
