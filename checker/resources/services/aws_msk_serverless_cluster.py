"""aws_msk_serverless_cluster: an MSK Serverless cluster.

Components: "Cluster hours" (730 a month, Price List usagetype ``Kafka.Serverless-Hours``);
the per-partition hours, storage and data in/out it is also billed for are named and unknown
(costcheck does not name their Price List products yet), so the resource always shows as
partly unknown rather than as its cluster hours alone. Usage keys: none.

The offline catalog holds no MSK Serverless price: there the cluster hours are unknown with the
catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

NOT_NAMED = Missing(
    "unknown",
    "MSK Serverless also bills partition-hours, storage and data in/out, whose Price List "
    "products costcheck does not name yet",
    None,
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an MSK Serverless cluster's hours; name the rest."""
    return [
        hourly(
            "Cluster hours",
            PriceQuery.of("AmazonMSK", view.region, None, usagetype="Kafka.Serverless-Hours"),
        ),
        CostComponent("Partitions, storage and data in/out", "months", NOT_NAMED, NOT_NAMED),
    ]
