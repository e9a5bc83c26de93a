"""RDS and Aurora charges beside instance hours: Performance Insights long-term retention and
API requests, Extended Support for a major version past its standard support, and IBM's Db2
licence when it is bought through AWS Marketplace.

Neither has a genuine price in the offline data (../shared/pricing-data-extra's README: the
published maps' labels do not identify the meters), so the components are named with the Price
List vocabulary Infracost queries (``internal/resources/aws/db_instance.go``; the Extended Support
usage types as AWS bills them, ``ExtendedSupport:Yr1-Yr2:PostgreSQL11``) and priced by
``--pricing-source aws``; against the catalog they are unknown, saying so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from checker.model import HOURS_PER_MONTH, Attributes, CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import times, usage_quantity
from checker.resources.compute.ec2 import VCPU_COUNT_KEY, burstable_vcpus
from checker.resources.databases.engines import MARKETPLACE, RdsEngine
from checker.resources.databases.rds import SERVICE
from checker.run_date import run_date
from checker.safe_text import clip

NOT_IN_CATALOG = (
    "{what} prices are not in the offline catalog's data; --pricing-source aws prices this line"
)
# No price source has it: the AmazonRDS Price List's Db2 "Marketplace" rows are the instance
# price alone (equal to the BYOL rows, class by class), and IBM's fee is an AWS Marketplace
# product, outside the Price List.
MARKETPLACE_LICENCE = (
    "IBM bills the Db2 licence (license_model = marketplace-license) through AWS Marketplace on "
    "top of the instance hours; no price source costcheck reads has it (the Price List's "
    "Marketplace instance price is the instance alone): see the AWS Marketplace listing"
)
PI_API_KEY = "monthly_additional_performance_insights_requests"  # Infracost's usage key
FREE_RETENTION_DAYS = Decimal(7)  # the free tier: 7 days of history
_THOUSAND = Decimal(1000)
_SIZE = re.compile(r"^(\d*)xlarge$")


def class_vcpus(instance_class: str, usage: Mapping[str, object]) -> Decimal | Missing:
    """vCPUs of a ``db.*`` class: ``vcpu_count`` from usage, else the size (``large`` 2,
    ``xlarge`` 4, ``<n>xlarge`` 4n, the burstable sizes from the T-family table); a size that
    does not follow the rule (``metal``) needs ``vcpu_count``."""
    given = usage_quantity(usage, VCPU_COUNT_KEY)
    if not (isinstance(given, Missing) and given.kind == "usage"):
        return given  # a number, or an unknown saying the value is not one
    family, _, size = instance_class.removeprefix("db.").partition(".")
    if family.startswith("t"):
        return burstable_vcpus(f"{family}.{size}")
    if size == "large":
        return Decimal(2)
    match = _SIZE.match(size)
    if match:
        return Decimal(4) * Decimal(match.group(1) or 1)
    return Missing.usage(VCPU_COUNT_KEY)


def performance_insights(
    region: str, attrs: Attributes, instance_class: str | Missing, usage: Mapping[str, object]
) -> list[CostComponent]:
    """Long-term retention (``performance_insights_retention_period`` above the free 7 days:
    per vCPU-month of the class) and API requests beyond the free tier (usage key
    ``monthly_additional_performance_insights_requests``, listed when given)."""
    if read.flag(attrs, "performance_insights_enabled") is not True:
        return []
    components: list[CostComponent] = []
    retention = read.decimal(attrs, "performance_insights_retention_period")
    # Unset (computed by the provider), retention is the free 7 days.
    if isinstance(retention, Decimal) and retention > FREE_RETENTION_DAYS:
        vcpus: Decimal | Missing
        query: PriceQuery | Missing
        if isinstance(instance_class, Missing):
            vcpus = query = instance_class
        else:
            vcpus = class_vcpus(instance_class, usage)
            family = instance_class.removeprefix("db.").split(".", 1)[0]
            query = PriceQuery.of(
                SERVICE, region, "Performance Insights", usagetype=f"PI_LTR:{family.upper()}"
            )
        components.append(
            CostComponent(
                f"Performance Insights long-term retention ({_days(retention)} days)",
                "vCPU-months",
                vcpus,
                query,
                price_note=NOT_IN_CATALOG.format(what="Performance Insights"),
            )
        )
    requests = usage_quantity(usage, PI_API_KEY)
    if not (isinstance(requests, Missing) and requests.kind == "usage"):
        components.append(
            CostComponent(
                "Performance Insights API requests (beyond the free tier)",
                "1k requests",
                requests if isinstance(requests, Missing) else requests / _THOUSAND,
                PriceQuery.of(SERVICE, region, "Performance Insights", usagetype="PI_API"),
                price_multiplier=_THOUSAND,
                price_note=NOT_IN_CATALOG.format(what="Performance Insights"),
            )
        )
    return components


def _days(value: Decimal) -> str:
    return f"{int(value):,}" if value == int(value) else str(value)


# --- Extended Support ----------------------------------------------------------------------

# Support status is judged on the run's date (checker.run_date: $COSTCHECK_TODAY pins it), as
# AWS bills it: a version's calendar, not the date of the price data, says whether it pays.
DISABLED = "open-source-rds-extended-support-disabled"


@dataclass(frozen=True)
class SupportDates:
    """When a major version enters Extended Support (year 1) and its higher year-3 rate."""

    year1: date
    year3: date | None  # None: no year-3 rate (Aurora MySQL)


# engine -> (usagetype engine word, major version -> dates, how to read the major version).
# Dates: the RDS and Aurora release calendars (RDS User Guide, "MySQL/PostgreSQL release
# calendars"; Aurora User Guide, "Aurora major versions"), as Infracost tabulates them.
_CALENDARS: Mapping[str, tuple[str, Mapping[str, SupportDates]]] = {
    "mysql": (
        "MySQL",
        {
            "5.7": SupportDates(date(2024, 3, 1), date(2026, 3, 1)),
            "8.0": SupportDates(date(2026, 8, 1), date(2028, 8, 1)),
        },
    ),
    "postgres": (
        "PostgreSQL",
        {
            "11": SupportDates(date(2024, 4, 1), date(2026, 4, 1)),
            "12": SupportDates(date(2025, 3, 1), date(2027, 3, 1)),
            "13": SupportDates(date(2026, 3, 1), date(2028, 3, 1)),
            "14": SupportDates(date(2027, 3, 1), date(2029, 3, 1)),
            "15": SupportDates(date(2028, 3, 1), date(2030, 3, 1)),
            "16": SupportDates(date(2029, 3, 1), date(2031, 3, 1)),
        },
    ),
    "aurora-postgresql": (
        "AuroraPostgreSQL",
        {
            "11": SupportDates(date(2024, 4, 1), date(2026, 4, 1)),
            "12": SupportDates(date(2025, 3, 1), date(2027, 3, 1)),
            "13": SupportDates(date(2026, 3, 1), date(2028, 3, 1)),
            "14": SupportDates(date(2027, 3, 1), date(2029, 3, 1)),
            "15": SupportDates(date(2028, 3, 1), date(2030, 3, 1)),
        },
    ),
    # Aurora MySQL bills by its own major version: 2 is MySQL 5.7 compatible, 3 is 8.0.
    "aurora-mysql": (
        "AuroraMySQL",
        {
            "2": SupportDates(date(2024, 12, 1), None),
            "3": SupportDates(date(2027, 5, 1), None),
        },
    ),
}
_AURORA_MYSQL_MAJOR = re.compile(r"^\d+\.\d+\.mysql_aurora\.(\d+)\.")


def major_version(engine: str, version: str) -> str | None:
    """The major version Extended Support is billed for: ``5.7`` (MySQL), ``12`` (PostgreSQL),
    ``2`` (Aurora MySQL ``5.7.mysql_aurora.2.11.2``); None when ``version`` does not say."""
    if engine == "aurora-mysql":
        match = _AURORA_MYSQL_MAJOR.match(version)
        return match.group(1) if match else None
    parts = version.split(".")
    if engine == "mysql":
        return ".".join(parts[:2]) if len(parts) >= 2 else None
    return parts[0] if parts[0].isdigit() else None


def support_year(dates: SupportDates, as_of: date) -> str | None:
    """``Yr1-Yr2`` or ``Yr3`` on ``as_of``; None while in standard support."""
    if dates.year3 is not None and as_of >= dates.year3:
        return "Yr3"
    if as_of >= dates.year1:
        return "Yr1-Yr2"
    return None


def extended_support(
    region: str,
    attrs: Attributes,
    engine_name: str | Missing | None,
    instance_class: str | Missing,
    usage: Mapping[str, object],
    *,
    as_of: date | None = None,
) -> CostComponent | None:
    """The Extended Support charge (per vCPU-hour of the class) of an instance whose engine
    major version is past standard support on ``as_of`` (the run's date when None); None
    otherwise, or when the configuration turns Extended Support off
    (``engine_lifecycle_support``)."""
    if not isinstance(engine_name, str) or engine_name not in _CALENDARS:
        return None
    lifecycle = read.text(attrs, "engine_lifecycle_support")
    if lifecycle == DISABLED:
        return None
    version = read.text(attrs, "engine_version")
    if not isinstance(version, str):
        return None  # no version set: RDS creates the default version, in standard support
    word, calendar = _CALENDARS[engine_name]
    major = major_version(engine_name, version)
    dates = calendar.get(major) if major is not None else None
    if dates is None:
        return None  # a version the calendar does not list: newer ones are in standard support
    on = run_date() if as_of is None else as_of
    year = support_year(dates, on)
    if year is None:
        return None
    vcpus: Decimal | Missing = (
        instance_class
        if isinstance(instance_class, Missing)
        else class_vcpus(instance_class, usage)
    )
    label = "year 3" if year == "Yr3" else "years 1-2"
    return CostComponent(
        f"Extended Support ({clip(word, 40)} {major}, {label})",
        "vCPU-hours",
        times(vcpus, HOURS_PER_MONTH),
        PriceQuery.of(SERVICE, region, None, usagetype=f"ExtendedSupport:{year}:{word}{major}"),
        price_note=NOT_IN_CATALOG.format(what="RDS Extended Support"),
        assumption=f"support judged on {on.isoformat()} (Extended Support from "
        f"{dates.year1.isoformat()})",
    )


def marketplace_licence(engine: RdsEngine | Missing) -> CostComponent | None:
    """The Db2 licence line of an instance licensed through AWS Marketplace (unknown: no price
    source has it); None for every other engine and licence."""
    if isinstance(engine, Missing) or engine.license_model != MARKETPLACE:
        return None
    return CostComponent(
        f"{engine.label} licence (AWS Marketplace)",
        "hours",
        HOURS_PER_MONTH,
        Missing("unknown", MARKETPLACE_LICENCE),
    )
