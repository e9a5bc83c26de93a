"""aws_sns_topic: publishes and deliveries, standard or FIFO (``fifo_topic``).

Standard topic components: "API requests" (1M requests); per subscription kind given in the usage
file, its deliveries (one per publish per subscription): "HTTP/HTTPS notifications",
"Email/Email-JSON notifications" (tiered: the first 100,000 / 1,000 a month are free),
"Kinesis Data Firehose notifications", "Mobile push notifications", "macOS notifications".
FIFO topic components: "FIFO API requests" (1M requests), "FIFO payload data" (GB published),
and, with ``sqs_subscriptions``, "FIFO deliveries to SQS" (1M) and "FIFO payload data delivered
to SQS" (GB).
Usage keys: ``monthly_requests``, ``request_size_kb`` (each 64 KB chunk is one request),
``http_subscriptions``, ``email_subscriptions``, ``kinesis_subscriptions``,
``mobile_push_subscriptions``, ``macos_subscriptions``; FIFO: ``sqs_subscriptions``.

Not included: SMS (priced per destination country), deliveries to SQS and Lambda from standard
topics (free), and the account's free 1M API requests a month.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, chunked, per_block
from checker.resources.usage_schema import UsageSchema, not_priced

_KB_PER_GB = Decimal(1024 * 1024)
# (usage key, component name, usagetype, tiered: the data has a free first tier)
_DELIVERIES = (
    ("http_subscriptions", "HTTP/HTTPS notifications", "DeliveryAttempts-HTTP", True),
    ("email_subscriptions", "Email/Email-JSON notifications", "DeliveryAttempts-SMTP", True),
    (
        "kinesis_subscriptions",
        "Kinesis Data Firehose notifications",
        "DeliveryAttempts-FIREHOSE",
        False,
    ),
    ("mobile_push_subscriptions", "Mobile push notifications", "DeliveryAttempts-APNS", False),
    ("macos_subscriptions", "macOS notifications", "DeliveryAttempts-MACOS", False),
)


_NOT_PRICED = not_priced("Infracost's; not priced by costcheck yet")

USAGE = UsageSchema.of(
    monthly_requests="publishes a month",
    request_size_kb="average message size, KB (billed in 64 KB chunks)",
    **{key: f"subscriptions ({name})" for key, name, *_ in _DELIVERIES},
    sqs_subscriptions="SQS subscriptions (FIFO topics)",
    sms_subscriptions=_NOT_PRICED,
    sms_notification_price=_NOT_PRICED,
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an SNS topic's publishes and deliveries."""
    fifo = read.flag(view.attrs, "fifo_topic")
    if isinstance(fifo, Missing):
        return [
            per_block(
                "API requests",
                "1M requests",
                view.usage_quantity("monthly_requests"),
                MILLION,
                fifo,
            )
        ]
    return _fifo(view) if fifo else _standard(view)


def _standard(view: ResourceView) -> list[CostComponent]:
    requests = view.usage_quantity("monthly_requests")
    components = [
        per_block(
            "API requests",
            "1M requests",
            chunked(requests, view.usage_quantity("request_size_kb")),
            MILLION,
            PriceQuery.of("AmazonSNS", view.region, "API Request", usagetype="Requests-Tier1"),
        )
    ]
    for key, name, usagetype, tiered in _DELIVERIES:
        if key not in view.usage:
            continue  # a subscription kind the usage file does not mention is not listed
        query = PriceQuery.of("AmazonSNS", view.region, "Message Delivery", usagetype=usagetype)
        deliveries = _times(requests, view.usage_quantity(key))
        if tiered:
            # Per notification, so the free first tier reads "first 100,000 notifications".
            components.append(CostComponent(name, "notifications", deliveries, query, tiered=True))
        else:
            components.append(per_block(name, "1M notifications", deliveries, MILLION, query))
    return components


def _fifo(view: ResourceView) -> list[CostComponent]:
    requests = view.usage_quantity("monthly_requests")
    payload_gb = _payload_gb(requests, view.usage_quantity("request_size_kb"))
    components = [
        per_block(
            "FIFO API requests",
            "1M requests",
            chunked(requests, view.usage_quantity("request_size_kb")),
            MILLION,
            _fifo_query(view, "F-Request-Tier1"),
        ),
        CostComponent("FIFO payload data", "GB", payload_gb, _fifo_query(view, "F-Ingress-Tier1")),
    ]
    if "sqs_subscriptions" in view.usage:
        subscriptions = view.usage_quantity("sqs_subscriptions")
        components += [
            per_block(
                "FIFO deliveries to SQS",
                "1M notifications",
                _times(requests, subscriptions),
                MILLION,
                _fifo_query(view, "F-DA-SQS"),
            ),
            CostComponent(
                "FIFO payload data delivered to SQS",
                "GB",
                _times(payload_gb, subscriptions),
                _fifo_query(view, "F-Egress-SQS"),
            ),
        ]
    return components


def _fifo_query(view: ResourceView, usagetype: str) -> PriceQuery:
    # FIFO topic products have no product family in the Price List.
    return PriceQuery.of("AmazonSNS", view.region, "", usagetype=usagetype)


def _times(a: Quantity, b: Quantity) -> Quantity:
    if isinstance(a, Missing):
        return a
    if isinstance(b, Missing):
        return b
    return a * b


def _payload_gb(requests: Quantity, size_kb: Quantity) -> Quantity:
    product = _times(requests, size_kb)
    return product if isinstance(product, Missing) else product / _KB_PER_GB
