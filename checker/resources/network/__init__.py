"""Priced types of the network group: one module per resource type (its ``price``
function and ``USAGE`` schema), mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import PricedType
from checker.resources.network import (
    aws_cloudfront_distribution,
    aws_cloudfront_function,
    aws_cloudfront_monitoring_subscription,
    aws_dx_connection,
    aws_dx_gateway_association,
    aws_ec2_client_vpn_endpoint,
    aws_ec2_client_vpn_network_association,
    aws_ec2_traffic_mirror_session,
    aws_ec2_transit_gateway_peering_attachment,
    aws_ec2_transit_gateway_vpc_attachment,
    aws_eip,
    aws_elb,
    aws_globalaccelerator_accelerator,
    aws_lb,
    aws_nat_gateway,
    aws_networkfirewall_firewall,
    aws_opensearch_vpc_endpoint,
    aws_route53_health_check,
    aws_route53_record,
    aws_route53_resolver_endpoint,
    aws_route53_zone,
    aws_vpc_endpoint,
    aws_vpc_ipam,
    aws_vpn_connection,
)

TYPES: Mapping[str, PricedType] = {
    "aws_cloudfront_distribution": PricedType.of(aws_cloudfront_distribution),
    "aws_alb": PricedType.of(aws_lb),
    "aws_cloudfront_function": PricedType.of(aws_cloudfront_function),
    "aws_dx_gateway_association": PricedType.of(aws_dx_gateway_association),
    "aws_ec2_client_vpn_endpoint": PricedType.of(aws_ec2_client_vpn_endpoint),
    "aws_ec2_client_vpn_network_association": PricedType.of(aws_ec2_client_vpn_network_association),
    "aws_ec2_transit_gateway_vpc_attachment": PricedType.of(aws_ec2_transit_gateway_vpc_attachment),
    "aws_eip": PricedType.of(aws_eip),
    "aws_elb": PricedType.of(aws_elb),
    "aws_lb": PricedType.of(aws_lb),
    "aws_nat_gateway": PricedType.of(aws_nat_gateway),
    "aws_networkfirewall_firewall": PricedType.of(aws_networkfirewall_firewall),
    "aws_route53_health_check": PricedType.of(aws_route53_health_check),
    "aws_route53_resolver_endpoint": PricedType.of(aws_route53_resolver_endpoint),
    "aws_route53_zone": PricedType.of(aws_route53_zone),
    "aws_route53_record": PricedType.of(aws_route53_record),
    "aws_vpc_endpoint": PricedType.of(aws_vpc_endpoint),
    "aws_vpn_connection": PricedType.of(aws_vpn_connection),
    "aws_ec2_transit_gateway_peering_attachment": PricedType.of(
        aws_ec2_transit_gateway_peering_attachment
    ),
    "aws_ec2_traffic_mirror_session": PricedType.of(aws_ec2_traffic_mirror_session),
    "aws_globalaccelerator_accelerator": PricedType.of(aws_globalaccelerator_accelerator),
    # Issue #12's named types.
    "aws_dx_connection": PricedType.of(aws_dx_connection),
    "aws_vpc_ipam": PricedType.of(aws_vpc_ipam),
    # Real-world coverage (issue #12): types the public examples use.
    "aws_cloudfront_monitoring_subscription": PricedType.of(aws_cloudfront_monitoring_subscription),
    "aws_opensearch_vpc_endpoint": PricedType.of(aws_opensearch_vpc_endpoint),
}
