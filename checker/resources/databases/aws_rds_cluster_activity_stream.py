"""aws_rds_cluster_activity_stream: a database activity stream of an Aurora cluster.

"Use of the database activity streams feature in Amazon Aurora is free, but Amazon Kinesis
charges for a data stream" (Amazon Aurora User Guide, "Overview of Database Activity Streams"):
Aurora creates that Kinesis data stream itself, with a 24-hour retention, and "scales the Kinesis
stream if necessary" ("Monitoring database activity streams"). The stream is not in the
configuration, and its capacity is Aurora's choice: the component "Kinesis data stream (created
by Aurora)" is named, unknown with that reason. Not free: the stream is billed from the start.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.unconfirmed import named_unknown
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

REASON = (
    "Aurora creates and scales the activity stream's Kinesis data stream itself: its capacity "
    "is not in the configuration (Kinesis Data Streams prices apply)"
)


def price(view: ResourceView) -> list[CostComponent]:
    """Name the Kinesis stream the activity stream is billed through."""
    return named_unknown("Kinesis data stream (created by Aurora)", REASON)
