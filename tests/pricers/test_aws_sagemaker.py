"""aws_sagemaker_endpoint and aws_sagemaker_notebook_instance: instance hours (no SageMaker
prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import reason
from tests.pricers.uncatalogued import assert_not_in_catalog

CONFIG = make_resource(
    "aws_sagemaker_endpoint_config",
    {
        "production_variants": [
            {"variant_name": "blue", "instance_type": "ml.m5.large", "initial_instance_count": 2},
            {"variant_name": "cheap", "serverless_config": [{"max_concurrency": 5}]},
        ]
    },
    name="cfg",
)
REFS = {"endpoint_config_name": ("aws_sagemaker_endpoint_config.cfg",)}


def test_endpoint_variants() -> None:
    endpoint = make_resource("aws_sagemaker_endpoint", {"name": "api"}, references=REFS)
    priced = price(endpoint, others=[CONFIG])
    assert_golden("aws_sagemaker_endpoint/variants", golden_rows(priced))
    assert [c.name for c in priced.components] == [
        "Hosting (blue, ml.m5.large)",
        "Hosting (cheap, serverless)",
    ]
    hosting = priced.components[0]
    assert hosting.monthly_quantity == Decimal(1460)
    assert "no prices for service 'AmazonSageMaker'" in (hosting.unknown_reason or "")
    assert "per inference duration" in reason(priced, "Hosting (cheap, serverless)")


def test_endpoint_without_its_configuration() -> None:
    priced = price(make_resource("aws_sagemaker_endpoint", {"name": "api"}, references=REFS))
    assert "not in the plan" in reason(priced, "Hosting")


def test_notebook_instance() -> None:
    priced = price(
        make_resource("aws_sagemaker_notebook_instance", {"instance_type": "ml.t3.medium"})
    )
    assert_golden("aws_sagemaker_notebook_instance/t3", golden_rows(priced))
    assert_not_in_catalog(
        priced, "AmazonSageMaker", {"Notebook instance (ml.t3.medium)": Decimal(730)}
    )
