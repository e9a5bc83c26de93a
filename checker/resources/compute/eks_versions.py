"""Which Kubernetes versions Amazon EKS bills extended support for.

A minor version gets 14 months of standard support from its EKS release, then 12 months of
extended support at an extra hourly charge per cluster; a cluster still on it afterwards is
auto-upgraded to the oldest version then in extended support, so it keeps paying the surcharge.

Source: the Amazon EKS user guide, "Understand the Kubernetes version lifecycle on EKS"
(release calendar: end of standard support per version), cross-checked with
endoflife.date/amazon-eks. Versions released later than this table are in standard support.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

# The date the catalog's EKS prices are from (AmazonEKS rows, as_of 2025-06-18): support status
# is judged as of that date, so the surcharge and its price describe the same moment.
SUPPORT_STATUS_AS_OF = date(2025, 6, 18)

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


def in_extended_support(version: tuple[int, int], as_of: date = SUPPORT_STATUS_AS_OF) -> bool:
    """Whether a cluster on ``version`` pays the extended-support surcharge on ``as_of``."""
    end = END_OF_STANDARD_SUPPORT.get(version)
    if end is None:
        # Older than the table: past extended support, auto-upgraded into extended support.
        # Newer: in standard support.
        return version < _OLDEST
    return as_of > end
