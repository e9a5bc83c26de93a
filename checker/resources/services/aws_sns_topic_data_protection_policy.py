"""aws_sns_topic_data_protection_policy: SNS message data protection on a topic.

SNS bills message data protection per GB of message payload it scans (audit, de-identify and
deny operations; Amazon SNS pricing, "Message data protection"), so the policy is a usage line:
"Payload data scanned" (GB a month, usage key ``monthly_scanned_gb``). Neither the offline data
nor a public source costcheck could check names its Price List product, so a quantity for it is
unknown with that reason; no data scanned costs nothing, and without a usage file the line waits
for one. (AWS stopped offering message data protection to new customers on 30 April 2026.)

The findings an audit writes to CloudWatch Logs, Firehose or S3 are billed on those resources.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema

KEY = "monthly_scanned_gb"
USAGE = UsageSchema.of(**{KEY: "GB of message payload scanned a month"})

_UNPRICED = unconfirmed(
    "SNS message data protection", "not in the offline data; no public source for its attributes"
)


def price(view: ResourceView) -> list[CostComponent]:
    """Name the payload scanning a data protection policy is billed for."""
    return [
        CostComponent(
            "Payload data scanned", "GB", view.usage_quantity(KEY), _UNPRICED, optional_usage=True
        )
    ]
