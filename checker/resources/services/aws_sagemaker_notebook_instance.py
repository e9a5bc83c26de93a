"""aws_sagemaker_notebook_instance: a SageMaker notebook instance, running all month.

Component: "Notebook instance (<type>)" (hours, 730). Its ML storage volume (``volume_size``)
is billed per GB-month too; costcheck does not name it yet. Usage keys: none.

The offline catalog holds no SageMaker prices: there the hours are unknown with the catalog's
reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.services import sagemaker
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price a notebook instance's hours."""
    instance_type = read.text(view.attrs, "instance_type")
    if instance_type is None:
        instance_type = Missing("unknown", "instance_type is not set", "instance_type")
    shown = instance_type if isinstance(instance_type, str) else "unknown type"
    return [
        sagemaker.instance_hours(
            f"Notebook instance ({shown})", view.region, "Notebk", instance_type, Decimal(1)
        )
    ]
