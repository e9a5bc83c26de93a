"""aws_lightsail_instance: a Lightsail virtual server, billed by its bundle.

Component: "Virtual server (<Linux/UNIX|Windows>, <memory>)" (hours, 730 a month): the bundle's
hourly price, the Price List's ``BundleUsage:<memory>`` product (``_win`` for a Windows bundle)
of ``AmazonLightsail``, the vocabulary Infracost queries. The bundle's size comes from the first
word of ``bundle_id`` (``small_3_0`` is the 2 GB bundle). Usage keys: none.

Not included: data transfer above the bundle's allowance. An IPv6-only bundle (``_ipv6_``) is
another product whose name costcheck does not know: unknown, with that reason, as is a bundle
word it does not know. The offline catalog holds no Lightsail prices: there the line is unknown
with the catalog's reason; ``--pricing-source aws`` prices it.
"""

from __future__ import annotations

from types import MappingProxyType

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import NO_USAGE
from checker.safe_text import clip

SERVICE = "AmazonLightsail"
USAGE = NO_USAGE

# The first word of a bundle id -> the memory its Price List usagetype names.
BUNDLE_MEMORY = MappingProxyType(
    {
        "nano": "0.5GB",
        "micro": "1GB",
        "small": "2GB",
        "medium": "4GB",
        "large": "8GB",
        "xlarge": "16GB",
        "2xlarge": "32GB",
        "4xlarge": "64GB",
    }
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Lightsail instance's bundle hours."""
    bundle = read.text(view.attrs, "bundle_id")
    if bundle is None:
        bundle = Missing("unknown", "bundle_id is not set", "bundle_id")
    if isinstance(bundle, Missing):
        return [hourly("Virtual server", bundle)]
    words = bundle.lower().split("_")
    windows = "win" in words[1:]
    system = "Windows" if windows else "Linux/UNIX"
    memory = BUNDLE_MEMORY.get(words[0])
    if memory is None or "ipv6" in words[1:]:
        why = Missing(
            "unknown",
            f"bundle_id {clip(repr(bundle))} is not a bundle costcheck knows the Price List "
            f"product of (known: {', '.join(f'{w}_*' for w in BUNDLE_MEMORY)}, IPv4)",
            "bundle_id",
        )
        return [hourly(f"Virtual server ({system})", why)]
    query = PriceQuery.of(
        SERVICE,
        view.region,
        "Lightsail Instance",
        usagetype=f"BundleUsage:{memory}{'_win' if windows else ''}",
    )
    return [hourly(f"Virtual server ({system}, {memory})", query)]
