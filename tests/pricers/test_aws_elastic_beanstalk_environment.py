"""aws_elastic_beanstalk_environment: its EC2 instances and load balancer, from the settings."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason


def setting(namespace: str, name: str, value: str) -> dict[str, str]:
    return {"namespace": namespace, "name": name, "value": value}


TYPE = setting("aws:autoscaling:launchconfiguration", "InstanceType", "t3.small")


def test_load_balanced_environment() -> None:
    values = {
        "setting": [
            TYPE,
            setting("aws:autoscaling:asg", "MinSize", "2"),
            setting("aws:elasticbeanstalk:environment", "LoadBalancerType", "application"),
        ]
    }
    priced = price(make_resource("aws_elastic_beanstalk_environment", values))
    assert_golden("aws_elastic_beanstalk_environment/alb", golden_rows(priced))
    hours = "Instance usage (Linux/UNIX, on-demand, t3.small)"
    assert component(priced, hours).monthly_quantity == Decimal(1460)
    # Genuine rows (us-east-1): QuinnyPig processed/ec2.json "OnDemand Linux-instancetype-
    # t3.small" $0.0208 an hour; raw/elb.json "Application Load Balancer Hours" $0.0225.
    assert monthly(priced, hours) == Decimal("30.368")
    assert monthly(priced, "Application load balancer") == Decimal("16.425")


def test_single_instance_has_no_load_balancer() -> None:
    values = {
        "setting": [
            TYPE,
            setting("aws:elasticbeanstalk:environment", "EnvironmentType", "SingleInstance"),
        ]
    }
    priced = price(make_resource("aws_elastic_beanstalk_environment", values))
    assert names(priced) == ["Instance usage (Linux/UNIX, on-demand, t3.small)"]


def test_classic_load_balancer_by_default() -> None:
    priced = price(make_resource("aws_elastic_beanstalk_environment", {"setting": [TYPE]}))
    assert "Classic load balancer" in names(priced)


def test_without_an_instance_type_setting() -> None:
    priced = price(make_resource("aws_elastic_beanstalk_environment", {"setting": []}))
    line = "Instance usage (Linux/UNIX, on-demand, unknown type)"
    assert "chooses the instance type" in reason(priced, line)
