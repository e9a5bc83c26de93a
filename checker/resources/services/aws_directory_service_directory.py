"""aws_directory_service_directory: an AWS Directory Service directory.

Components: "Directory service (<type>, <size>)" (domain controller hours: the 2 every
directory runs, x 730), "Additional domain controllers" (usage key
``additional_domain_controllers``) and, for Microsoft AD, "Directory sharing" (account-hours,
``shared_accounts``). The size is the ``edition`` (Standard, Enterprise) of a Microsoft AD and
the ``size`` (Small, Large) of a Simple AD or AD Connector. Usage keys: Infracost's.

The offline catalog holds no Directory Service prices: there the components are unknown with
the catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, times
from checker.resources.usage_schema import UsageSchema

SERVICE = "AWSDirectoryService"
FAMILY = "AWS Directory Service"
TYPES: Mapping[str, str] = {
    "SimpleAD": "Simple AD",
    "ADConnector": "AD Connector",
    "MicrosoftAD": "Microsoft AD",
}
DEFAULT_CONTROLLERS = Decimal(2)  # every directory runs two domain controllers

USAGE = UsageSchema.of(
    additional_domain_controllers="domain controllers beyond the two every directory runs",
    shared_accounts="accounts the Microsoft AD directory is shared with",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a directory's domain controllers (and a Microsoft AD's sharing)."""
    attrs = view.attrs
    kind = read.choice(attrs, "type", tuple(TYPES)) or "SimpleAD"  # the provider's default
    microsoft = kind == "MicrosoftAD"
    size = (
        read.choice(attrs, "edition", ("Standard", "Enterprise")) or "Enterprise"
        if microsoft
        else read.choice(attrs, "size", ("Small", "Large")) or "Large"
    )
    blocked = next((v for v in (kind, size) if isinstance(v, Missing)), None)
    type_name = TYPES[kind] if isinstance(kind, str) else "unknown type"
    size_name = size if isinstance(size, str) else "unknown size"

    def query(directory_type: str) -> PriceQuery | Missing:
        return blocked or PriceQuery.of(
            SERVICE,
            view.region,
            FAMILY,
            directorySize=str(size),
            directoryType=directory_type,
        )

    components = [
        CostComponent(
            f"Directory service ({type_name}, {size_name})",
            "controller-hours",
            DEFAULT_CONTROLLERS * HOURS_PER_MONTH,
            query(type_name),
        ),
        CostComponent(
            "Additional domain controllers",
            "controller-hours",
            times(view.usage_quantity("additional_domain_controllers"), HOURS_PER_MONTH),
            query(type_name),
        ),
    ]
    if microsoft:
        components.append(
            CostComponent(
                "Directory sharing",
                "account-hours",
                times(view.usage_quantity("shared_accounts"), HOURS_PER_MONTH),
                query(f"Shared {type_name}"),
            )
        )
    return components
