"""aws_globalaccelerator_accelerator: an AWS Global Accelerator.

Component: "Global Accelerator fixed fee" (hours, 730 a month, while ``enabled``, the default).
AWS does not publish this fee in the Price List API (Infracost types it in; costcheck does not),
and no genuine price for it is stored offline: the line is always unknown, with that reason. The
premium data transfer (DT-Premium, by source and destination area) is not named yet.
Usage keys: none.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

NOT_PUBLISHED = Missing(
    "unknown",
    "AWS does not publish the Global Accelerator fixed hourly fee in the Price List API, and "
    "costcheck has no genuine price for it",
    None,
)


def price(view: ResourceView) -> list[CostComponent]:
    """Name the accelerator's fixed hours (no published price)."""
    if read.flag(view.attrs, "enabled") is False:
        return []  # a disabled accelerator is not billed the fixed fee
    return [hourly("Global Accelerator fixed fee", NOT_PUBLISHED)]
