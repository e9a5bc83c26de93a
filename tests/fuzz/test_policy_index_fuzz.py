"""The indexed, shared evaluation gives the same findings as the plain one.

``evaluate_policies`` selects each policy's resources through a type/action index, shares
costs, attribute values, tags, groupings and compiled conditions between the policies of one
evaluation, and makes messages when a report asks. The reference here is the plain road, kept
in this test only: every resource filtered by :func:`resource_filter`, the rule run on its own
(fresh lookups, nothing shared), the default message made from the full ``template_context``
dict. Random plans (types, modules, actions, tags, known and unknown costs) and random policy
sets (every rule kind but checkov, scopes by type, action, address, module, exclusion).
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.policy.evaluate import evaluate_policies, level_for
from checker.policy.messages import _LazyContext, default_message, template_context
from checker.policy.model import RunContext
from checker.policy.rules import Lookups, run_rule
from checker.policy.scope import ResourceIndex, resource_filter, select
from tests.policy_support import estimate, policies

TYPES = ("aws_instance", "aws_db_instance", "aws_s3_bucket", "aws_nat_gateway")
MODULES = ("", "module.app.", 'module.app["blue"].', "module.db[0].")
TEAMS = ("web", "data", "", "t1")

RULES = (
    "kind: budget\n      monthly: {n}",
    "kind: cost_increase\n      max_increase: {n}\n      max_increase_percent: 25",
    "kind: resource_cost\n      max_monthly: {n}",
    "kind: resource_cost\n      max_monthly: {n}\n      metric: diff_monthly_cost",
    "kind: group_budget\n      group_by: tag\n      tag: team\n      default: {n}",
    "kind: group_budget\n      group_by: module\n      default: {n}",
    "kind: group_budget\n      group_by: resource_type\n      budgets: {{aws_instance: {n}, 'aws_db_*': 100}}",
    "kind: required_tags\n      tags: [team, owner]",
    "kind: required_tags\n      tags: [team]\n      allowed_values: {{team: [web, 'd*']}}",
    "kind: allowed_regions\n      regions: [us-east-1, eu-*]",
    "kind: resource_count\n      max_count: {small}",
    (
        "kind: condition\n      definition:\n        not:\n          cond_type: attribute\n"
        "          resource_types: [aws_instance]\n          attribute: instance_type\n"
        "          operator: regex_match\n          value: '^(m5|t3)\\.'"
    ),
    (
        "kind: condition\n      definition:\n        or:\n          - cond_type: cost\n"
        "            resource_types: [aws_db_instance, aws_instance]\n"
        "            attribute: monthly_cost\n            operator: less_than_or_equal\n"
        "            value: {n}\n          - cond_type: attribute\n            resource_types: all\n"
        "            attribute: tags.team\n            operator: exists"
    ),
    (
        "kind: condition\n      definition:\n        cond_type: attribute\n"
        "        resource_types: ['aws_*']\n        attribute: tags.team\n"
        "        operator: within\n        value: [web, data]"
    ),
    (
        "kind: condition\n      definition:\n        cond_type: resource\n"
        "        resource_types: [aws_nat_gateway]\n        operator: not_exists"
    ),
)
SCOPES = (
    "",
    "    scope:\n      resource_types: [aws_instance, aws_db_instance]\n",
    "    scope:\n      resource_types: ['aws_*_instance']\n      actions: [create, update]\n",
    "    scope:\n      actions: [create]\n",
    "    scope:\n      addresses: ['aws_*.r1*']\n",
    "    scope:\n      modules: [module.app]\n      exclude_addresses: ['*r2']\n",
    "    scope:\n      resource_types: [aws_s3_bucket]\n      modules: [root]\n",
)

# (enforcement, on_unknown): an unknown never does more than a failure.
EFFECTS = (
    ("advisory", "pass"),
    ("warn", "pass"),
    ("warn", "warn"),
    ("block", "pass"),
    ("block", "warn"),
    ("block", "block"),
)


# Each strategy built once: built in the loops below, per draw, they were a third of an
# example's time (the draws, and so the examples, are the same).
_COUNT = st.integers(0, 14)
_TYPE = st.sampled_from(TYPES)
_TEAM = st.sampled_from(TEAMS)
_MODULE = st.sampled_from(MODULES)
_ACTION = st.sampled_from(("create", "update", "delete", "no-op", "replace"))
_REGION = st.sampled_from(("us-east-1", "eu-west-1", "ap-south-1"))
_INSTANCE_TYPE = st.sampled_from(("m5.large", "p4d.24xlarge"))
_COST = st.one_of(st.none(), st.integers(0, 300))
_EXTRA = st.one_of(st.none(), st.integers(0, 50))
_POLICY_COUNT = st.integers(1, 8)
_RULE = st.sampled_from(RULES)
_N = st.integers(0, 400)
_SMALL = st.integers(0, 6)
_EFFECT = st.sampled_from(EFFECTS)
_SCOPE = st.sampled_from(SCOPES)


@st.composite
def resource_specs(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(_COUNT)
    specs = []
    for n in range(count):
        kind = draw(_TYPE)
        tags = {"team": draw(_TEAM)} if draw(st.booleans()) else {}
        if draw(st.booleans()):
            tags["owner"] = "me"
        spec: dict[str, Any] = {
            "address": f"{draw(_MODULE)}{kind}.r{n}",
            "action": draw(_ACTION),
            "region": draw(_REGION),
            "values": {
                "instance_type": draw(_INSTANCE_TYPE),
                "tags": tags,
            },
        }
        cost = draw(_COST)
        if draw(st.booleans()):
            spec["components"] = {
                "base": cost,
                "extra": draw(_EXTRA),
            }
        else:
            spec["monthly_cost"] = cost
            spec["past_monthly_cost"] = draw(_COST)
        specs.append(spec)
    return specs


@st.composite
def policy_files(draw: st.DrawFn) -> str:
    lines = ["version: 1", "policies:"]
    for i in range(draw(_POLICY_COUNT)):
        rule = draw(_RULE).format(n=draw(_N), small=draw(_SMALL))
        enforcement, on_unknown = draw(_EFFECT)
        lines.append(
            f"  - id: P-{i}\n    name: p {i}\n    severity: high\n"
            f"    enforcement: {enforcement}\n    on_unknown: {on_unknown}\n"
            f"{draw(_SCOPE)}    rule:\n      {rule}"
        )
    return "\n".join(lines) + "\n"


@given(resource_specs(), policy_files())
def test_indexed_evaluation_finds_what_the_plain_one_finds(
    specs: list[dict[str, Any]], text: str
) -> None:
    est = estimate(*specs)
    found = policies(text)
    run = RunContext("plan.json", datetime.date(2025, 6, 1))
    report = evaluate_policies(found, est, run)
    index = ResourceIndex(est.resources)
    for policy, result in zip(found, report.results, strict=True):
        admits = resource_filter(policy.scope)
        items = [i for i in est.resources if admits is None or admits(i)]
        assert list(select(policy.scope, index)) == items
        plain = run_rule(policy.rule, items, Lookups(default_tags=est.plan.default_tags))
        assert result.evaluated == plain.evaluated
        assert [f.result for f in result.findings] == list(plain.results)
        for finding in result.findings:
            assert finding.level == level_for(policy, finding.result.outcome)
            context = template_context(policy, finding.result, full=False)
            assert finding.message == default_message(policy, context)
            # What the default message reads instead of that dict: the same keys and values.
            assert dict(_LazyContext(finding.result)) == context
