"""aws_msk_vpc_connection: an Amazon MSK managed VPC connection (multi-VPC private connectivity,
powered by AWS PrivateLink) from a client VPC to a cluster.

Named but unknown, with the reason: AWS bills multi-VPC private connectivity (MSK pricing, "private
connectivity"), but the offline data holds no such product and costcheck found no public source
naming its Price List attributes, so it cannot ask any price source for it. One line per client
subnet is not claimed either: how the connection is metered is not in the sources checked.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.unconfirmed import named_unknown
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

REASON = (
    "the Price List product of an MSK managed VPC connection is not in the offline data, and no "
    "public source costcheck knows names its attributes, so no price source can be asked for it"
)


def price(view: ResourceView) -> list[CostComponent]:
    """Name the connection, unknown with the reason."""
    return named_unknown("Managed VPC connection", REASON)
