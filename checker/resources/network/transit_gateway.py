"""Transit Gateway attachments: an hourly charge per attachment and a per-GB charge on the data
sent from it into the transit gateway. AWS prices each attachment kind (VPC, VPN, Direct
Connect, peering) under its own ``operation``.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.network.data_processed import data_processed


def _query(region: str, operation: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of(
        "AmazonVPC", region, "Transit Gateway", operation=operation, usagetype=usagetype
    )


def attachment_hours(view: ResourceView, kind: str, operation: str) -> CostComponent:
    """The attachment's hours, all month."""
    return hourly(
        f"Transit gateway attachment ({kind})",
        _query(view.region, operation, "TransitGateway-Hours"),
    )


def attachment_components(view: ResourceView, kind: str, operation: str) -> list[CostComponent]:
    """Attachment hours and data processed (usage key ``monthly_data_processed_gb``)."""
    return [
        attachment_hours(view, kind, operation),
        data_processed(
            view,
            _query(view.region, operation, "TransitGateway-Bytes"),
            name=f"Transit gateway data processed ({kind})",
        ),
    ]
