"""Fail closed over an input not read in full (red-team finding 3): whatever the resources that
were read, their costs and tags, and whatever ``on_unknown`` says, a policy never passes when a
part of the input was not read, and a blocking one always blocks (no waiver here)."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

import tests.policy_support as support
from checker.policy.evaluate import evaluate_policies
from checker.policy.model import RunContext

RUN = RunContext(path="plan.json", today=support.TODAY)
RULES = (
    "      kind: budget\n      monthly: 100\n",
    "      kind: cost_increase\n      max_increase: 100\n      max_increase_percent: 10\n",
    "      kind: group_budget\n      group_by: resource_type\n      default: 100\n",
    "      kind: resource_count\n      max_count: 3\n",
    "      kind: resource_cost\n      max_monthly: 100\n",
    "      kind: required_tags\n      tags: [team]\n",
    "      kind: allowed_regions\n      regions: [us-east-1]\n",
    (
        "      kind: condition\n      definition:\n        cond_type: attribute\n"
        "        resource_types: [aws_instance]\n        attribute: instance_type\n"
        "        operator: not_equals\n        value: m5.24xlarge\n"
    ),
)
RESOURCE = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["aws_instance", "aws_sqs_queue", "aws_s3_bucket"]),
        "monthly_cost": st.one_of(st.none(), st.integers(min_value=0, max_value=500)),
        "team": st.sampled_from([None, "web"]),
        "instance_type": st.sampled_from(["t3.nano", "m5.24xlarge"]),
    }
)
REASONS = st.lists(
    st.sampled_from(
        [
            "big.tf:5: error: syntax error: unexpected '}'",
            "main.tf:4: error: module.vpc is not followed: its resources are not priced",
            "app.tf:2: error: aws_instance.x: count: unsupported operator",
        ]
    ),
    min_size=1,
    max_size=3,
    unique=True,
)


def _specs(drawn: list[dict[str, Any]]) -> list[dict[str, Any]]:
    specs = []
    for n, r in enumerate(drawn):
        values: dict[str, Any] = {"instance_type": r["instance_type"]}
        if r["team"] is not None:
            values["tags"] = {"team": r["team"]}
        specs.append(
            {
                "address": f"{r['type']}.r{n}",
                "values": values,
                "monthly_cost": r["monthly_cost"],
            }
        )
    return specs


@given(
    rule=st.sampled_from(RULES),
    enforcement=st.sampled_from(["block", "warn", "advisory"]),
    on_unknown=st.sampled_from(["pass", "warn", "block"]),
    resources=st.lists(RESOURCE, max_size=5),
    reasons=REASONS,
)
def test_no_policy_passes_what_was_not_read(
    rule: str,
    enforcement: str,
    on_unknown: str,
    resources: list[dict[str, Any]],
    reasons: list[str],
) -> None:
    # on_unknown may not do more than the enforcement (such a policy is refused).
    order = ["pass", "advisory", "warn", "block"]
    assume(order.index(on_unknown) <= order.index(enforcement))
    text = support.one_policy(
        rule, extra=f"    on_unknown: {on_unknown}\n", enforcement=enforcement
    )
    est = support.estimate(*_specs(resources))
    report = evaluate_policies(support.policies(text), est, RUN, incomplete=tuple(reasons))
    (result,) = report.results
    assert result.outcome != "pass"
    levels = {finding.level for finding in result.findings}
    if enforcement == "block":
        assert "block" in levels
    else:
        assert "block" not in levels
