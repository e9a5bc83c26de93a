"""One spelling of "optional usage" (the CostComponent / per_block keyword) and one of "no
public source confirms the product" (``unconfirmed()``) across the pricers, so a reader and a
grep find every such line the same way."""

from __future__ import annotations

import ast
from pathlib import Path

from checker.resources import unconfirmed
from tests.helpers import make_resource, price
from tests.pricers.components import reason

RESOURCES = Path(unconfirmed.__file__).parent
UNCONFIRMED = "no public source confirms the AWS Price List product"


def _replacing_optional_usage(path: Path) -> list[int]:
    """Lines of ``path`` that set optional_usage through dataclasses.replace."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "replace"
            and any(k.arg == "optional_usage" for k in node.keywords)
        ):
            found.append(node.lineno)
    return found


def test_optional_usage_is_only_the_keyword() -> None:
    assert not hasattr(unconfirmed, "optional_usage")
    offenders = {
        str(p.relative_to(RESOURCES)): lines
        for p in sorted(RESOURCES.rglob("*.py"))
        if (lines := _replacing_optional_usage(p))
    }
    assert offenders == {}


def test_hand_written_unpriced_reasons_go_through_unconfirmed() -> None:
    policy = price(
        make_resource("aws_sns_topic_data_protection_policy", {"arn": "a", "policy": "{}"}),
        usage={"monthly_scanned_gb": 5},
    )
    assert UNCONFIRMED in reason(policy, "Payload data scanned")
    destination = make_resource(
        "aws_cloudwatch_log_delivery_destination",
        {"name": "d", "delivery_destination_type": "S3", "output_format": "parquet"},
        name="d",
    )
    delivery = make_resource(
        "aws_cloudwatch_log_delivery",
        {"delivery_source_name": "s"},
        references={"delivery_destination_arn": ("aws_cloudwatch_log_delivery_destination.d",)},
    )
    priced = price(delivery, others=[destination], usage={"monthly_logs_delivered_gb": 3})
    assert UNCONFIRMED in reason(priced, "Conversion to Apache Parquet")
