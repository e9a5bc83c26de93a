"""AWS provider 6's region argument on every resource: one configuration, several regions. A
resource is priced in its own region where it sets one, else in its provider's; a region known
only after apply prices nothing rather than the provider's region."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from checker.model import ChangeEstimate
from checker.pipeline import InputOptions, estimate_input
from tests.helpers import write_tree

NAT = """
resource "aws_nat_gateway" "{name}" {{
  subnet_id = "subnet-1"
  region    = {region}
}}
"""


def priced(root: Path, provider_region: str, body: str) -> dict[str, ChangeEstimate]:
    code = write_tree(
        root, {"main.tf": f'provider "aws" {{\n  region = "{provider_region}"\n}}\n' + body}
    )
    estimate, _ = estimate_input(code, InputOptions(environ={}))
    return {r.change.address: r for r in estimate.resources}


def hourly_price(item: ChangeEstimate) -> Decimal | None:
    assert item.current is not None
    return item.current.components[0].unit_price


def test_a_resource_is_priced_in_its_own_region(tmp_path: Path) -> None:
    body = (
        'variable "region" {\n  type    = string\n  default = null\n}\n'
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        + NAT.format(name="home", region="var.region")
        + NAT.format(name="ireland", region='"eu-west-1"')
        + NAT.format(name="later", region="aws_vpc.v.arn")
    )
    found = priced(tmp_path / "multi", "us-east-1", body)
    # The same NAT gateway in configurations whose provider is in each region.
    in_virginia = priced(tmp_path / "va", "us-east-1", NAT.format(name="n", region="null"))
    in_ireland = priced(tmp_path / "ie", "eu-west-1", NAT.format(name="n", region="null"))
    virginia = hourly_price(in_virginia["aws_nat_gateway.n"])
    ireland = hourly_price(in_ireland["aws_nat_gateway.n"])
    assert virginia is not None and ireland is not None and virginia != ireland

    home = found["aws_nat_gateway.home"]
    assert home.change.current.region == "us-east-1"  # a null region is the provider's
    assert hourly_price(home) == virginia
    own = found["aws_nat_gateway.ireland"]
    assert own.change.current.region == "eu-west-1"
    assert hourly_price(own) == ireland

    later = found["aws_nat_gateway.later"]
    assert later.status == "unknown"
    assert later.current is not None
    reasons = {c.unknown_reason for c in later.current.components}
    assert reasons == {"its region depends on aws_vpc.v.arn, which is known only after apply"}
    assert all(c.unit_price is None for c in later.current.components)


def test_a_module_passes_its_region_down(tmp_path: Path) -> None:
    # terraform-aws-modules: every resource writes region = var.region (null by default).
    body = """
    module "nat" {
      source = "./nat"
      region = "eu-west-1"
    }
    module "default" {
      source = "./nat"
    }
    """
    write_tree(
        tmp_path / "code",
        {
            "nat/main.tf": 'variable "region" {\n  type    = string\n  default = null\n}\n'
            + NAT.format(name="this", region="var.region")
        },
    )
    found = priced(tmp_path / "code", "us-east-1", body)
    assert found["module.nat.aws_nat_gateway.this"].change.current.region == "eu-west-1"
    assert found["module.default.aws_nat_gateway.this"].change.current.region == "us-east-1"


def test_a_null_region_on_a_bucket_is_its_providers(tmp_path: Path) -> None:
    # aws_s3_bucket's region is computed in provider 5 (the bucket's region); terraform-aws-s3-bucket
    # writes region = var.region, null unless given: the bucket is in its provider's region.
    body = """
    variable "region" {
      type    = string
      default = null
    }
    resource "aws_s3_bucket" "b" {
      bucket = "b"
      region = var.region
    }
    """
    for provider_region in ("us-east-1", "eu-west-1"):
        found = priced(tmp_path / provider_region, provider_region, body)
        bucket = found["aws_s3_bucket.b"]
        assert bucket.change.current.region == provider_region
        assert bucket.change.current.region_unknown is None
        assert bucket.status == "usage"
