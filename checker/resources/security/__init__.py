"""Pricers for security and governance services (WAF, Private CA, CloudTrail, Config): one
module per resource type."""

from collections.abc import Mapping

from checker.resources.base import Pricer
from checker.resources.security import (
    aws_acmpca_certificate_authority,
    aws_cloudtrail,
    aws_config_config_rule,
    aws_config_configuration_recorder,
    aws_waf_web_acl,
    aws_wafv2_web_acl,
)

PRICERS: Mapping[str, Pricer] = {
    "aws_acmpca_certificate_authority": aws_acmpca_certificate_authority.price,
    "aws_cloudtrail": aws_cloudtrail.price,
    "aws_config_config_rule": aws_config_config_rule.price,
    "aws_config_configuration_recorder": aws_config_configuration_recorder.price,
    "aws_waf_web_acl": aws_waf_web_acl.price,
    "aws_wafv2_web_acl": aws_wafv2_web_acl.price,
}
