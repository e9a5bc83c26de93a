"""What a PromQL expression reads: metric names and label names, found by a small scanner.

promtool checks the syntax for real (tests/deploy/test_monitoring.py); this only has to find the
identifiers in expressions that already parse, so that tests can hold them to the metrics
contract."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The service's metrics contract (docs/deployment.md): name -> (type, labels).
CONTRACT: dict[str, tuple[str, frozenset[str]]] = {
    "costcheck_http_requests_total": ("counter", frozenset({"route", "method", "status"})),
    "costcheck_http_request_duration_seconds": ("histogram", frozenset({"route", "method"})),
    "costcheck_estimates_total": ("counter", frozenset({"kind"})),
    "costcheck_verdicts_total": ("counter", frozenset({"verdict"})),
    "costcheck_price_cache_requests_total": ("counter", frozenset({"result"})),
    "costcheck_dependency_errors_total": ("counter", frozenset({"dependency"})),
    "costcheck_run_tasks_total": ("counter", frozenset({"outcome"})),
}
# Prometheus' own series about a scrape target, and the labels every scraped series carries.
SCRAPE_METRICS = {"up": frozenset[str]()}
TARGET_LABELS = frozenset({"job", "instance", "service"})
_HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_IDENT = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_SELECTOR = re.compile(rf"({_IDENT})?\s*\{{([^}}]*)\}}")
_MATCHER_LABEL = re.compile(rf"({_IDENT})\s*(?:=~|!~|!=|=)")
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")
_RANGE = re.compile(r"\[[^\]]*\]")
_KEYWORDS = frozenset({"and", "or", "unless", "bool", "offset", "inf", "nan"})


@dataclass(frozen=True)
class Reads:
    """The metrics an expression selects, and the labels it matches on or groups by."""

    metrics: frozenset[str]
    selector_labels: frozenset[tuple[str, str]]  # (metric, label); metric "" for a bare {...}
    grouping_labels: frozenset[str]


def reads(expr: str) -> Reads:
    """Metric and label names in a PromQL expression (Grafana's ``$__rate_interval`` allowed)."""
    text = _STRING.sub('""', expr)
    selector_labels: set[tuple[str, str]] = set()
    for match in _SELECTOR.finditer(text):
        metric = match.group(1) or ""
        for label in _MATCHER_LABEL.findall(match.group(2)):
            selector_labels.add((metric, label))
    text = _SELECTOR.sub(lambda m: f" {m.group(1) or ''} ", text)
    grouping: set[str] = set()
    for match in _GROUPING.finditer(text):
        grouping.update(name.strip() for name in match.group(2).split(",") if name.strip())
    text = _GROUPING.sub(" ", text)
    text = _RANGE.sub(" ", text)
    metrics = set()
    # Not after a digit: the "e3" of 1e3 and the "m" of "offset 5m" are not names.
    for match in re.finditer(rf"(?<![\w.:])({_IDENT})(\s*\()?", text):
        name, call = match.group(1), match.group(2)
        if call or name.lower() in _KEYWORDS:
            continue  # a function or a keyword
        metrics.add(name)
    return Reads(frozenset(metrics), frozenset(selector_labels), frozenset(grouping))


def contract_base(metric: str) -> str | None:
    """The contract metric a series name belongs to (a histogram's ``_bucket`` etc. included)."""
    if metric in CONTRACT:
        return metric
    for suffix in _HISTOGRAM_SUFFIXES:
        base = metric.removesuffix(suffix)
        if base != metric and CONTRACT.get(base, ("", frozenset()))[0] == "histogram":
            return base
    return None


def violations(expr: str) -> list[str]:
    """Why an expression steps outside the contract (empty: it does not)."""
    found = reads(expr)
    problems = []
    allowed_labels = set(TARGET_LABELS)
    for metric in sorted(found.metrics):
        base = contract_base(metric)
        if base is None and metric not in SCRAPE_METRICS:
            problems.append(f"metric {metric!r} is not in the contract")
            continue
        labels = CONTRACT[base][1] if base else SCRAPE_METRICS[metric]
        allowed_labels |= labels
        if metric.endswith("_bucket"):
            allowed_labels.add("le")
    for metric, label in sorted(found.selector_labels):
        base = contract_base(metric) if metric else None
        own = (
            CONTRACT[base][1] if base else SCRAPE_METRICS.get(metric, frozenset())
        ) | TARGET_LABELS
        if metric.endswith("_bucket"):
            own = own | {"le"}
        if label not in (own if metric else allowed_labels):
            problems.append(f"label {label!r} is not a label of {metric or 'the selected metrics'}")
    for label in sorted(found.grouping_labels - allowed_labels):
        problems.append(f"grouping label {label!r} is not a label of the selected metrics")
    if not found.metrics:
        problems.append("selects no metric")
    return problems
