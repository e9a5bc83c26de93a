"""Provider version constraints written as terraform writes them in a plan's configuration.

The whole of one real plan is compared by tests/test_hcl_parity.py
(tests/fixtures/hcl/version_constraints, planned by terraform 1.11); here, the rules of
terraform's normalised form one by one, and text terraform would refuse (left as written).
"""

from __future__ import annotations

import pytest

from checker.hcl.version_constraints import normalise


@pytest.mark.parametrize(
    ("written", "planned"),
    [
        # Observed in the fixture's real plan.
        (">= 5.95", ">= 5.95.0"),
        ("~> 5", "~> 5.0"),
        ("5.100", "5.100.0"),
        (
            "< 7.0,>= 5.95, ~> 5.0, != 5.1,>=5.95.0, > 4",
            "> 4.0.0, ~> 5.0, != 5.1.0, >= 5.95.0, < 7.0.0",
        ),
        # Terraform's VersionConstraintsString: a patch-level pessimistic constraint keeps three
        # numbers, "=" is written bare, pre-releases sort before their release.
        ("~>5.0.1", "~> 5.0.1"),
        ("~> 5.0.0, ~> 5", "~> 5.0.0, ~> 5.0"),
        ("= 1.2.3", "1.2.3"),
        (">= 1.0.0, >= 1.0.0-rc.1, >= 1.0.0-alpha", ">= 1.0.0-alpha, >= 1.0.0-rc.1, >= 1.0.0"),
        ("< 2, > 1, <= 2", "> 1.0.0, <= 2.0.0, < 2.0.0"),
        (">= 1,", ">= 1.0.0"),
        ("", ""),
    ],
)
def test_a_constraint_is_normalised_as_terraform_does(written: str, planned: str) -> None:
    assert normalise(written) == planned


@pytest.mark.parametrize(
    "refused", ["v1.0", ">= 1.*", ">=  1", ",>= 1", ">= 1,,", "=> 1", "1.2.3.4"]
)
def test_text_terraform_refuses_is_left_as_written(refused: str) -> None:
    assert normalise(refused) == refused
