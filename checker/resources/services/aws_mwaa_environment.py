"""aws_mwaa_environment: Amazon Managed Workflows for Apache Airflow.

Components: "Environment (<size>)" (hours, 730 a month), "Worker (<size>)" and
"Scheduler (<size>)" (hours of additional workers and schedulers: usage keys
``additional_workers`` and ``additional_schedulers``, each the average number running all month),
"Meta database" (GB-month, ``meta_database_gb``). The size is the ``environment_class``
(``mw1.small``, the provider's default, ``mw1.medium``, ``mw1.large``).

Usage keys: Infracost's, as above. The offline catalog holds no MWAA prices: there the
components are unknown with the catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly, times
from checker.resources.usage_schema import UsageSchema

SERVICE = "AmazonMWAA"
SIZES: Mapping[str, str] = {"mw1.small": "Small", "mw1.medium": "Medium", "mw1.large": "Large"}

USAGE = UsageSchema.of(
    additional_workers="average additional workers running a month",
    additional_schedulers="average additional schedulers running a month",
    meta_database_gb="GB stored in the meta database",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an Airflow environment."""
    size = _size(read.choice(view.attrs, "environment_class", tuple(SIZES)))
    shown = size if isinstance(size, str) else "unknown size"

    def instance(kind: str) -> PriceQuery | Missing:
        if isinstance(size, Missing):
            return size
        return PriceQuery.of(SERVICE, view.region, None, size=size, type=kind)

    def extra(key: str) -> Quantity:
        return times(view.usage_quantity(key), HOURS_PER_MONTH)

    return [
        hourly(f"Environment ({shown})", instance("Environment")),
        CostComponent(
            f"Worker ({shown})", "hours", extra("additional_workers"), instance("Worker")
        ),
        CostComponent(
            f"Scheduler ({shown})", "hours", extra("additional_schedulers"), instance("Scheduler")
        ),
        CostComponent(
            "Meta database",
            "GB",
            view.usage_quantity("meta_database_gb"),
            PriceQuery.of(SERVICE, view.region, None, usagetype="Airflow-StandardDatabaseStorage"),
        ),
    ]


def _size(value: str | Missing | None) -> str | Missing:
    if isinstance(value, Missing):
        return value
    return SIZES[value or "mw1.small"]  # unset: the provider's default, mw1.small
