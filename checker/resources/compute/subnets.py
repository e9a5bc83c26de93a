"""Whether instances launched into a resource's subnets get a public IPv4 address, when the
resource itself does not say (``associate_public_ip_address`` unset)."""

from __future__ import annotations

from checker.model import Missing, Resource
from checker.resources.base import ResourceView, left_to_aws

_ATTRIBUTE = "associate_public_ip_address"


def subnet_assigns_public_ip(
    view: ResourceView,
    path: str,
    what: str,
    *,
    referrer: Resource | None = None,
    hint: str = f"set {_ATTRIBUTE} to estimate",
) -> bool | Missing:
    """``map_public_ip_on_launch`` of the subnets ``referrer`` (default: the viewed resource)
    names at ``path`` (``subnet_id``, ``vpc_zone_identifier``, ``subnet_ids``).

    No subnet at all means the default VPC's default subnets, which AWS creates with
    ``map_public_ip_on_launch = true``. Missing where the subnets are not in the plan, not
    known yet, or disagree.
    """
    source = referrer or view.resource
    addresses = source.references.get(path, ())
    if not addresses and _not_set(source, path):
        return True
    subnets = [
        other
        for address in addresses
        if (other := view.others.get(address)) is not None and other.type == "aws_subnet"
    ]
    if not subnets:
        return Missing(
            "unknown",
            f"{what}: a public IPv4 address is assigned only if the subnet's "
            f"map_public_ip_on_launch is true, and the subnet is not in the plan; {hint}",
            _ATTRIBUTE,
        )
    settings: list[bool] = []
    for subnet in subnets:
        # map_public_ip_on_launch defaults to false for subnets Terraform creates.
        value = subnet.attributes.get("map_public_ip_on_launch", False)
        if isinstance(value, Missing):
            return Missing(
                "unknown",
                f"{what}: map_public_ip_on_launch of {subnet.address} is known only after apply",
                _ATTRIBUTE,
            )
        settings.append(value is True)
    if len(set(settings)) > 1:
        return Missing(
            "unknown",
            f"{what}: the subnets differ in map_public_ip_on_launch, so whether an instance gets "
            "a public IPv4 address depends on where it lands",
            _ATTRIBUTE,
        )
    return settings[0]


def _not_set(resource: Resource, path: str) -> bool:
    """True when ``path`` was left unset: null or empty, or computed by the provider with no
    expression behind it (see :func:`~checker.resources.base.left_to_aws`)."""
    value = resource.attributes.get(path)
    return value == "" or value == [] or left_to_aws(resource, path)
