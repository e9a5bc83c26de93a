"""aws_sqs_queue: SQS requests, standard or FIFO (``fifo_queue``).

Components: "Requests" (1M requests; each 64 KB chunk of a payload is one request).
Usage keys: ``monthly_requests``, ``request_size_kb``.

The free tier (1M requests a month per account) is not deducted, and the data holds the first
paid tier only (up to 100B requests a month).
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, chunked, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_requests="requests a month",
    request_size_kb="average request size, KB (billed in 64 KB chunks)",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an SQS queue's requests."""
    fifo = read.flag(view.attrs, "fifo_queue")
    if isinstance(fifo, Missing):
        return [
            per_block(
                "Requests", "1M requests", view.usage_quantity("monthly_requests"), MILLION, fifo
            )
        ]
    query = PriceQuery.of(
        "AWSQueueService",
        view.region,
        "API Request",
        queueType="FIFO (first-in, first-out)" if fifo else "Standard",
        usagetype="Requests-FIFO-RBP" if fifo else "Requests-RBP",
    )
    requests = chunked(
        view.usage_quantity("monthly_requests"), view.usage_quantity("request_size_kb")
    )
    name = "Requests (FIFO)" if fifo else "Requests"
    return [per_block(name, "1M requests", requests, MILLION, query)]
