"""aws_cloudfront_function: a CloudFront Function, billed per invocation at the edge.

Component: "Invocations" (1M invocations, tiered: the price data may start with a free tier),
usage key ``monthly_requests`` (Infracost's).

Price List vocabulary (service ``AmazonCloudFront``, family "Request", usagetype
"Executions-CloudFrontFunctions"; no region code: queried in region ``edge``): Infracost's
internal/resources/aws/cloudfront_function.go (github.com/infracost/infracost). The offline
catalog holds no CloudFront prices: there the line is unknown with the catalog's reason (usage-
based while the usage file gives no count); ``--pricing-source aws`` prices it.
"""

from __future__ import annotations

from checker.model import EDGE_REGION, CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_requests="invocations a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a CloudFront Function's invocations."""
    return [
        per_block(
            "Invocations",
            "1M invocations",
            view.usage_quantity("monthly_requests"),
            MILLION,
            PriceQuery.of(
                "AmazonCloudFront",
                EDGE_REGION,
                "Request",
                usagetype="Executions-CloudFrontFunctions",
            ),
            tiered=True,
            # Usage-based: without a count it stays so even where the source has no price.
            optional_usage=True,
        )
    ]
