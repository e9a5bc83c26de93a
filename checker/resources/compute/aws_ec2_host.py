"""aws_ec2_host: an EC2 Dedicated Host, billed per host-hour whatever runs on it.

Component: "Dedicated host (on-demand, <family>)" (hours, 730 a month). The instance family is
``instance_family``, or the family of ``instance_type`` (``m5`` for ``m5.large``). Instances
placed on the host (``host_id``) are not billed again (``aws_instance`` says so).

Usage keys (Infracost's): ``reserved_instance_term``, ``reserved_instance_payment_option`` (and
``reserved_instance_type``) name a reservation: the
hours stay priced at on-demand (the known upper bound; no reserved prices in the catalog)
with the reservation as a stated assumption (see :mod:`checker.resources.reserved`).

The offline catalog holds no Dedicated Host prices: there the hours are unknown with the
catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read, reserved
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(**reserved.USAGE_KEYS)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a dedicated host's hours."""
    family = _family(view)
    shown = family if isinstance(family, str) else "unknown family"
    query: PriceQuery | Missing = (
        family
        if isinstance(family, Missing)
        else PriceQuery.of(
            "AmazonEC2", view.region, "Dedicated Host", usagetype=f"HostUsage:{family}"
        )
    )
    hours = hourly(f"Dedicated host (on-demand, {shown})", query)
    return [reserved.unless_reserved(hours, view.usage)]


def _family(view: ResourceView) -> str | Missing:
    instance_type = read.text(view.attrs, "instance_type")
    if isinstance(instance_type, str):
        return instance_type.split(".", 1)[0]
    family = read.text(view.attrs, "instance_family")
    if isinstance(family, str):
        return family
    missing = instance_type if isinstance(instance_type, Missing) else family
    if isinstance(missing, Missing):
        return missing
    return Missing("unknown", "neither instance_type nor instance_family is set", "instance_family")
