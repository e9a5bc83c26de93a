"""Pricers for the network group: one module per resource type, mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import Pricer
from checker.resources.network import (
    aws_ec2_client_vpn_endpoint,
    aws_ec2_client_vpn_network_association,
    aws_ec2_transit_gateway_vpc_attachment,
    aws_eip,
    aws_elb,
    aws_lb,
    aws_nat_gateway,
    aws_networkfirewall_firewall,
    aws_route53_health_check,
    aws_route53_resolver_endpoint,
    aws_route53_zone,
    aws_vpc_endpoint,
    aws_vpn_connection,
)

PRICERS: Mapping[str, Pricer] = {
    "aws_alb": aws_lb.price,
    "aws_ec2_client_vpn_endpoint": aws_ec2_client_vpn_endpoint.price,
    "aws_ec2_client_vpn_network_association": aws_ec2_client_vpn_network_association.price,
    "aws_ec2_transit_gateway_vpc_attachment": aws_ec2_transit_gateway_vpc_attachment.price,
    "aws_eip": aws_eip.price,
    "aws_elb": aws_elb.price,
    "aws_lb": aws_lb.price,
    "aws_nat_gateway": aws_nat_gateway.price,
    "aws_networkfirewall_firewall": aws_networkfirewall_firewall.price,
    "aws_route53_health_check": aws_route53_health_check.price,
    "aws_route53_resolver_endpoint": aws_route53_resolver_endpoint.price,
    "aws_route53_zone": aws_route53_zone.price,
    "aws_vpc_endpoint": aws_vpc_endpoint.price,
    "aws_vpn_connection": aws_vpn_connection.price,
}
