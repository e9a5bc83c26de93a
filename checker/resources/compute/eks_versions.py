"""Which Kubernetes versions Amazon EKS bills extended support for.

A minor version gets 14 months of standard support from its EKS release, then 12 months of
extended support at an extra hourly charge per cluster; a cluster still on it afterwards is
auto-upgraded to the oldest version then in extended support, so it keeps paying the surcharge.

Source: the Amazon EKS user guide, "Understand the Kubernetes version lifecycle on EKS"
(release calendar: end of standard support per version), cross-checked with
endoflife.date/amazon-eks. Status is judged on the run's date (:func:`checker.run_date.run_date`):
AWS bills it by the calendar on the day the cluster runs, whatever the date of the price. A
version newer than this table has support dates costcheck does not know: its status is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Literal

SupportStatus = Literal["standard", "extended", "unknown"]

END_OF_STANDARD_SUPPORT: Mapping[tuple[int, int], date] = {
    (1, 23): date(2023, 10, 11),
    (1, 24): date(2024, 1, 31),
    (1, 25): date(2024, 5, 1),
    (1, 26): date(2024, 6, 11),
    (1, 27): date(2024, 7, 24),
    (1, 28): date(2024, 11, 26),
    (1, 29): date(2025, 3, 23),
    (1, 30): date(2025, 7, 23),
    (1, 31): date(2025, 11, 26),
    (1, 32): date(2026, 3, 23),
    (1, 33): date(2026, 7, 29),
    (1, 34): date(2026, 12, 2),
    (1, 35): date(2027, 3, 27),
}
_OLDEST = min(END_OF_STANDARD_SUPPORT)

_VERSION = re.compile(r"^\s*v?(\d+)\.(\d+)")


def parse_version(text: str) -> tuple[int, int] | None:
    """``(1, 29)`` from ``"1.29"`` (or ``"1.29.3"``, ``"v1.29"``); None when not a version."""
    match = _VERSION.match(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def support_status(version: tuple[int, int], on: date) -> SupportStatus:
    """Whether a cluster on ``version`` pays the extended-support surcharge on ``on``."""
    end = END_OF_STANDARD_SUPPORT.get(version)
    if end is None:
        # Older than the table: past extended support, auto-upgraded into extended support.
        # Newer: its dates are not in the table, and the release calendar moves on.
        return "extended" if version < _OLDEST else "unknown"
    return "extended" if on > end else "standard"


def end_of_standard_support(version: tuple[int, int]) -> date | None:
    """The last day of ``version``'s standard support; None when the table does not list it."""
    return END_OF_STANDARD_SUPPORT.get(version)


NEWEST_KNOWN = max(END_OF_STANDARD_SUPPORT)
