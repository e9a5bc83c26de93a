"""aws_opensearch_vpc_endpoint: an OpenSearch Service-managed VPC endpoint (AWS PrivateLink) to a
domain.

"Standard AWS PrivateLink interface endpoint pricing applies for OpenSearch Service-managed VPC
endpoints" (Amazon OpenSearch Service Developer Guide, "Access Amazon OpenSearch Service using an
OpenSearch Service-managed VPC endpoint"): the components of an Interface ``aws_vpc_endpoint``,
"Interface endpoint" (hours, one network interface per subnet of ``vpc_options.subnet_ids``) and
"Data processed" (GB, tiered; usage key ``monthly_data_processed_gb``), AmazonVPC "VpcEndpoint"
prices (in the catalog).
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView, follow
from checker.resources.network.aws_vpc_endpoint import USAGE, interface_components, subnet_zones

__all__ = ["FOLLOWS", "USAGE", "price"]

_SUBNETS = "vpc_options.0.subnet_ids"
FOLLOWS = (follow(_SUBNETS, to="aws_subnet"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a service-managed endpoint as a PrivateLink interface endpoint."""
    return interface_components(view, subnet_zones(view, _SUBNETS, "vpc_options.subnet_ids"))
