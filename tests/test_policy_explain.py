"""``policy explain``: every rule kind, scope and condition in words."""

from __future__ import annotations

from checker.policy.explain import explain
from checker.policy.loader import builtin_packs, load_policies
from tests.policy_support import one_policy, policies


def _explained(rule: str, extra: str = "") -> str:
    (policy,) = policies(one_policy(rule, extra=extra))
    return explain(policy)


def test_every_builtin_policy_explains() -> None:
    loaded = load_policies([f"builtin:{pack}" for pack in builtin_packs()])
    for policy in loaded.policies:
        text = explain(policy)
        assert text.startswith(f"{policy.id}: {policy.name}\nDefined at builtin:")
        assert f"severity {policy.severity}" in text


def test_rule_kinds_in_words() -> None:
    assert "may rise by at most $100.00 and at most 10% of the cost before" in _explained(
        "      kind: cost_increase\n      max_increase: 100\n      max_increase_percent: 10\n"
    )
    assert "Each resource's monthly cost increase must be at most $5.00." in _explained(
        "      kind: resource_cost\n      max_monthly: 5\n      metric: diff_monthly_cost\n"
    )
    text = _explained(
        "      kind: group_budget\n      group_by: tag\n      tag: team\n"
        "      budgets: {web: 10}\n      default: 5\n"
    )
    assert "grouped by value of tag team" in text and "  web: $10.00" in text
    assert "any other group: $5.00" in text
    assert "carry the tags owner (provider default_tags count)" in _explained(
        "      kind: required_tags\n      tags: [owner]\n"
    )
    assert "Resources must be in us-east-1." in _explained(
        "      kind: allowed_regions\n      regions: [us-east-1]\n"
    )
    assert "At most 3 such resources" in _explained(
        "      kind: resource_count\n      max_count: 3\n"
    )


def test_scope_unknown_handling_and_nested_conditions() -> None:
    text = _explained(
        """      kind: condition
      definition:
        or:
          - cond_type: cost
            resource_types: [aws_db_instance]
            attribute: monthly_cost
            component: "Storage*"
            operator: less_than_or_equal
            value: 500
          - not:
              cond_type: attribute
              resource_types: all
              attribute: ebs_block_device.*.volume_type
              operator: within
              value: [gp2, io1]
""",
        extra="    on_unknown: pass\n    scope:\n      workspaces: [prod]\n      actions: [create]\n",
    )
    assert "\n  at least one of:\n" in text
    assert (
        "    for aws_db_instance: the monthly cost after the change of the components named "
        "'Storage*' is at most $500.00"
    ) in text
    assert (
        "    NOT:\n      for any resource: ebs_block_device.*.volume_type (any item) is one of ['gp2', 'io1']"
        in text
    )
    assert "  workspaces: prod\n  planned actions: create" in text
    assert "known only after apply, it passes." in text
    assert (
        "a module not followed), it blocks: it cannot be evaluated over what it never saw" in text
    )
