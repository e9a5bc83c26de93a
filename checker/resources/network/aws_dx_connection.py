"""aws_dx_connection: an AWS Direct Connect dedicated connection (a port at a Direct Connect
location).

Components: "DX connection (<bandwidth>, <location>)" (port hours, all month) and "Outbound data
transfer (to <location>)" (GB, usage key ``monthly_outbound_region_to_dx_location_gb``,
Infracost's). Usage key ``dx_connection_type`` (``dedicated``, the default, or ``hosted``,
Infracost's) picks the hosted-connection port product.

Port hours, Price List vocabulary: service AWSDirectConnect, family "Direct Connect",
``capacity`` = the bandwidth without "bps" (``1G``) and a usagetype holding the location code
(Infracost's internal/resources/aws/dx_connection.go, github.com/infracost/infracost, matches
``/<location>/``); the usagetype ends ``PortUsage:<capacity>`` for a dedicated port and
``HCPortUsage:<capacity>`` for a hosted one (the identifiers on AWS bills, AWS Direct Connect
FAQ, "Billing"), so the query asks ``<location>-PortUsage:<capacity>`` after the region prefix.
The offline catalog holds no Direct Connect prices: there the line is unknown with the catalog's
reason; ``--pricing-source aws`` prices it.

Data transfer out is not priced by either source: Infracost matches its usagetype by the pattern
``/<location>-DataXfer-Out/`` and ``virtualInterfaceType`` case-insensitively, so neither exact
value is confirmed.
"""

from __future__ import annotations

import re

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema, text
from checker.safe_text import clip

SERVICE = "AWSDirectConnect"
CONNECTION_TYPES = ("dedicated", "hosted")

USAGE = UsageSchema.of(
    monthly_outbound_region_to_dx_location_gb="GB sent out from the region over the connection",
    dx_connection_type=text("dedicated (the default) or hosted", CONNECTION_TYPES),
)

# What AWS names: 50Mbps ... 400Gbps; a location code is letters and digits (EqDC2, EQNY5).
_BANDWIDTH = re.compile(r"^([0-9]{1,3})([MG])bps$")
_LOCATION = re.compile(r"^[A-Za-z0-9]{1,32}$")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Direct Connect connection's port hours; name its outbound data transfer."""
    attrs = view.attrs
    capacity = _capacity(read.text(attrs, "bandwidth"))
    location = _location(read.text(attrs, "location"))
    hosted = str(view.usage.get("dx_connection_type") or "dedicated").lower() == "hosted"
    shown_capacity = capacity if isinstance(capacity, str) else "unknown bandwidth"
    shown_location = location if isinstance(location, str) else "unknown location"
    kind = "hosted, " if hosted else ""
    port: PriceQuery | Missing
    if isinstance(capacity, Missing):
        port = capacity
    elif isinstance(location, Missing):
        port = location
    else:
        port = PriceQuery.of(
            SERVICE,
            view.region,
            "Direct Connect",
            capacity=capacity,
            usagetype=f"{location}-{'HC' if hosted else ''}PortUsage:{capacity}",
        )
    return [
        hourly(f"DX connection ({kind}{shown_capacity}, {shown_location})", port),
        CostComponent(
            f"Outbound data transfer (to {shown_location})",
            "GB",
            view.usage_quantity("monthly_outbound_region_to_dx_location_gb"),
            unconfirmed(
                "Direct Connect data transfer out",
                "Infracost matches its usagetype and virtualInterfaceType by patterns, not by "
                "exact values",
            ),
            optional_usage=True,
        ),
    ]


def _capacity(value: str | Missing | None) -> str | Missing:
    """``1Gbps`` -> ``1G`` (the Price List ``capacity``)."""
    if isinstance(value, Missing):
        return value
    if value is None:
        return Missing("unknown", "bandwidth is not set", "bandwidth")
    match = _BANDWIDTH.match(value)
    if match is None:
        return Missing(
            "unknown",
            f"bandwidth {clip(repr(value))} is not a Direct Connect speed such as 1Gbps",
            "bandwidth",
        )
    return f"{match.group(1)}{match.group(2)}"


def _location(value: str | Missing | None) -> str | Missing:
    if isinstance(value, Missing):
        return value
    if value is None:
        return Missing("unknown", "location is not set", "location")
    if _LOCATION.match(value) is None:
        return Missing(
            "unknown",
            f"location {clip(repr(value))} is not a Direct Connect location code such as EqDC2",
            "location",
        )
    return value
