"""The "data processed" line that gateways, balancers, firewalls and endpoints share.

Each bills the GB passing through it at its own usagetype; all read the amount from the usage
key ``monthly_data_processed_gb`` (Infracost's name, the same for every one of them).
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView

KEY = "monthly_data_processed_gb"


def data_processed(
    view: ResourceView, query: PriceQuery, *, name: str = "Data processed", tiered: bool = False
) -> CostComponent:
    """The GB ``view`` processes a month, priced by ``query`` (its resource declares ``KEY``)."""
    return CostComponent(
        name=name, unit="GB", monthly_quantity=view.usage_quantity(KEY), query=query, tiered=tiered
    )
