"""aws_ec2_traffic_mirror_session: VPC Traffic Mirroring on one source network interface.

Component: "Traffic mirror" (session hours, 730 a month: AWS bills each network interface that
has a mirror session enabled, per hour). Usage keys: none.

The offline catalog holds no traffic mirroring price: there the hours are unknown with the
catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price a mirror session's hours."""
    return [
        hourly(
            "Traffic mirror",
            PriceQuery.of("AmazonVPC", view.region, None, usagetype="ENI-Mirror"),
        )
    ]
