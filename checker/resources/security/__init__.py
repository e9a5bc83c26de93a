"""Pricers for security and governance services (WAF, Private CA, CloudTrail, Config): one
module per resource type."""

from collections.abc import Mapping

from checker.resources.base import PricedType
from checker.resources.security import (
    aws_acmpca_certificate_authority,
    aws_cloudtrail,
    aws_config_config_rule,
    aws_config_configuration_recorder,
    aws_waf_web_acl,
    aws_wafv2_web_acl,
)

TYPES: Mapping[str, PricedType] = {
    "aws_acmpca_certificate_authority": PricedType(
        aws_acmpca_certificate_authority.price,
        aws_acmpca_certificate_authority.USAGE,
        defaulted=aws_acmpca_certificate_authority.DEFAULTS,
    ),
    "aws_cloudtrail": PricedType(aws_cloudtrail.price, aws_cloudtrail.USAGE),
    "aws_config_config_rule": PricedType(
        aws_config_config_rule.price, aws_config_config_rule.USAGE
    ),
    "aws_config_configuration_recorder": PricedType(
        aws_config_configuration_recorder.price, aws_config_configuration_recorder.USAGE
    ),
    "aws_waf_web_acl": PricedType(aws_waf_web_acl.price, aws_waf_web_acl.USAGE),
    "aws_wafv2_web_acl": PricedType(aws_wafv2_web_acl.price, aws_wafv2_web_acl.USAGE),
}
