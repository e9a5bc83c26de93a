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
    "aws_acmpca_certificate_authority": PricedType.of(aws_acmpca_certificate_authority),
    "aws_cloudtrail": PricedType.of(aws_cloudtrail),
    "aws_config_config_rule": PricedType.of(aws_config_config_rule),
    "aws_config_configuration_recorder": PricedType.of(aws_config_configuration_recorder),
    "aws_waf_web_acl": PricedType.of(aws_waf_web_acl),
    "aws_wafv2_web_acl": PricedType.of(aws_wafv2_web_acl),
}
