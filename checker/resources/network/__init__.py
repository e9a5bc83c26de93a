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
    "aws_cloudfront_distribution": PricedType(
        aws_cloudfront_distribution.price, aws_cloudfront_distribution.USAGE
    ),
    "aws_alb": PricedType(
        aws_lb.price, aws_lb.USAGE, follows=aws_lb.FOLLOWS, defaulted=aws_lb.DEFAULTS
    ),
    "aws_cloudfront_function": PricedType(
        aws_cloudfront_function.price, aws_cloudfront_function.USAGE
    ),
    "aws_dx_gateway_association": PricedType(
        aws_dx_gateway_association.price,
        aws_dx_gateway_association.USAGE,
        follows=aws_dx_gateway_association.FOLLOWS,
    ),
    "aws_ec2_client_vpn_endpoint": PricedType(
        aws_ec2_client_vpn_endpoint.price, aws_ec2_client_vpn_endpoint.USAGE
    ),
    "aws_ec2_client_vpn_network_association": PricedType(
        aws_ec2_client_vpn_network_association.price, aws_ec2_client_vpn_network_association.USAGE
    ),
    "aws_ec2_transit_gateway_vpc_attachment": PricedType(
        aws_ec2_transit_gateway_vpc_attachment.price, aws_ec2_transit_gateway_vpc_attachment.USAGE
    ),
    "aws_eip": PricedType(aws_eip.price, aws_eip.USAGE, defaulted=aws_eip.DEFAULTS),
    "aws_elb": PricedType(aws_elb.price, aws_elb.USAGE),
    "aws_lb": PricedType(
        aws_lb.price, aws_lb.USAGE, follows=aws_lb.FOLLOWS, defaulted=aws_lb.DEFAULTS
    ),
    "aws_nat_gateway": PricedType(aws_nat_gateway.price, aws_nat_gateway.USAGE),
    "aws_networkfirewall_firewall": PricedType(
        aws_networkfirewall_firewall.price, aws_networkfirewall_firewall.USAGE
    ),
    "aws_route53_health_check": PricedType(
        aws_route53_health_check.price, aws_route53_health_check.USAGE
    ),
    "aws_route53_resolver_endpoint": PricedType(
        aws_route53_resolver_endpoint.price, aws_route53_resolver_endpoint.USAGE
    ),
    "aws_route53_zone": PricedType(aws_route53_zone.price, aws_route53_zone.USAGE),
    "aws_route53_record": PricedType(
        aws_route53_record.price, aws_route53_record.USAGE, follows=aws_route53_record.FOLLOWS
    ),
    "aws_vpc_endpoint": PricedType(aws_vpc_endpoint.price, aws_vpc_endpoint.USAGE),
    "aws_vpn_connection": PricedType(aws_vpn_connection.price, aws_vpn_connection.USAGE),
    "aws_ec2_transit_gateway_peering_attachment": PricedType(
        aws_ec2_transit_gateway_peering_attachment.price,
        aws_ec2_transit_gateway_peering_attachment.USAGE,
    ),
    "aws_ec2_traffic_mirror_session": PricedType(
        aws_ec2_traffic_mirror_session.price, aws_ec2_traffic_mirror_session.USAGE
    ),
    "aws_globalaccelerator_accelerator": PricedType(
        aws_globalaccelerator_accelerator.price, aws_globalaccelerator_accelerator.USAGE
    ),
    # Issue #12's named types.
    "aws_dx_connection": PricedType(aws_dx_connection.price, aws_dx_connection.USAGE),
    "aws_vpc_ipam": PricedType(aws_vpc_ipam.price, aws_vpc_ipam.USAGE),
    # Real-world coverage (issue #12): types the public examples use.
    "aws_cloudfront_monitoring_subscription": PricedType(
        aws_cloudfront_monitoring_subscription.price, aws_cloudfront_monitoring_subscription.USAGE
    ),
    "aws_opensearch_vpc_endpoint": PricedType(
        aws_opensearch_vpc_endpoint.price, aws_opensearch_vpc_endpoint.USAGE
    ),
}
