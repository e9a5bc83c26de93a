"""aws_cloudwatch_metric_alarm: alarm metrics per month, by resolution.

Components: "Standard resolution alarm metrics" and/or "High resolution alarm metrics" (alarm
metrics, per month); "Metrics Insights alarm metrics" for a Metrics Insights query alarm.
Usage keys: ``metrics_insights_metrics`` (how many metrics a Metrics Insights query alarm
analyzes; the configuration cannot say).

AWS bills an alarm per metric it evaluates: one for a single-metric alarm, one per metric in a
metric math alarm (``metric_query`` blocks with a ``metric``; expressions are free). A period
under 60 seconds makes a metric high resolution. Anomaly detection alarms (the band comparison
operators) are billed as 3 metrics for each metric: the metric and the band's two bounds.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(metrics_insights_metrics="metrics a Metrics Insights alarm query analyses")

_ANOMALY_OPERATORS = frozenset(
    {
        "LessThanLowerOrGreaterThanUpperThreshold",
        "LessThanLowerThreshold",
        "GreaterThanUpperThreshold",
    }
)
_HIGH_RES_BELOW = Decimal(60)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an alarm: its metrics, standard and high resolution."""
    attrs = view.attrs
    queries = attrs.blocks("metric_query")
    if any(_is_insights(q.get("expression")) for q in queries):
        return [_insights(view)]
    periods = (
        [q.get("metric.0.period") for q in queries if q.blocks("metric")]
        if queries
        else [attrs.get("period")]
    )
    operator = attrs.get("comparison_operator")
    if isinstance(operator, Missing):
        return [_metrics("Alarm metrics", operator, operator)]
    anomaly = isinstance(operator, str) and operator in _ANOMALY_OPERATORS
    weight = Decimal(3) if anomaly else Decimal(1)
    standard = high = Decimal(0)
    for period in periods:
        resolution = _high_resolution(period)
        if isinstance(resolution, Missing):
            return [_metrics("Alarm metrics", resolution, resolution)]
        if resolution:
            high += weight
        else:
            standard += weight
    components = []
    if standard or not high:
        components.append(
            _metrics(
                "Standard resolution alarm metrics",
                standard,
                _query(view, "CW:AlarmMonitorUsage"),
            )
        )
    if high:
        components.append(
            _metrics(
                "High resolution alarm metrics",
                high,
                _query(view, "CW:HighResAlarmMonitorUsage"),
            )
        )
    return components


def _high_resolution(period: object) -> bool | Missing:
    if isinstance(period, Missing):
        return period
    try:
        return Decimal(str(period)) < _HIGH_RES_BELOW
    except ArithmeticError:
        return False  # no usable period: AWS's alarms are standard resolution unless set lower


def _is_insights(expression: object) -> bool:
    return isinstance(expression, str) and expression.lstrip().upper().startswith("SELECT")


def _insights(view: ResourceView) -> CostComponent:
    return _metrics(
        "Metrics Insights alarm metrics",
        view.usage_quantity("metrics_insights_metrics"),
        _query(view, "CW:MetricInsightAlarmUsage"),
    )


def _query(view: ResourceView, usagetype: str) -> PriceQuery:
    return PriceQuery.of("AmazonCloudWatch", view.region, "Alarm", usagetype=usagetype)


def _metrics(name: str, count: Quantity, query: PriceQuery | Missing) -> CostComponent:
    return CostComponent(name, "alarm metrics", count, query)
