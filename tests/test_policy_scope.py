"""Scopes: path, workspace and environment globs; resource types, addresses, modules, actions."""

from __future__ import annotations

import pytest

from checker.policy.globs import any_name, any_path, glob_error
from tests.policy_support import check, estimate, failing, one_policy, outcome

RULE = "      kind: resource_cost\n      max_monthly: 10\n"
A = {"address": "aws_instance.a", "values": {}, "monthly_cost": 50}
B = {
    "address": "module.web.aws_instance.b",
    "values": {},
    "monthly_cost": 50,
    "action": "update",
    "past_monthly_cost": 50,
}
C = {
    "address": "module.web.module.db.aws_db_instance.c",
    "values": {},
    "monthly_cost": 50,
    "action": "no-op",
    "past_monthly_cost": 50,
}
D = {"address": "aws_ebs_volume.d[0]", "values": {}, "monthly_cost": 50}


def _failing(scope: str, **run: str) -> list[str]:
    report = check(one_policy(RULE, extra=f"    scope:\n{scope}"), estimate(A, B, C, D), **run)  # type: ignore[arg-type]
    return failing(report)


def test_no_scope_means_everything() -> None:
    assert failing(check(one_policy(RULE), estimate(A, B, C, D))) == sorted(
        [
            "aws_instance.a",
            "module.web.aws_instance.b",
            "module.web.module.db.aws_db_instance.c",
            "aws_ebs_volume.d[0]",
        ]
    )


def test_resource_types_addresses_and_exclusions() -> None:
    assert _failing("      resource_types: [aws_instance]\n") == [
        "aws_instance.a",
        "module.web.aws_instance.b",
    ]
    assert _failing("      resource_types: ['aws_*_instance']\n") == [
        "module.web.module.db.aws_db_instance.c"
    ]
    assert _failing("      addresses: ['module.web.*']\n") == [
        "module.web.aws_instance.b",
        "module.web.module.db.aws_db_instance.c",
    ]
    # '[' is literal in address globs: it opens an instance key
    assert _failing("      addresses: ['aws_ebs_volume.d[*']\n") == ["aws_ebs_volume.d[0]"]
    assert _failing("      addresses: ['aws_ebs_volume.d[0]']\n") == ["aws_ebs_volume.d[0]"]
    assert _failing("      exclude_addresses: ['module.*']\n") == [
        "aws_ebs_volume.d[0]",
        "aws_instance.a",
    ]


def test_modules_with_root() -> None:
    assert _failing("      modules: [root]\n") == ["aws_ebs_volume.d[0]", "aws_instance.a"]
    # a module call covers the modules it calls
    assert _failing("      modules: [module.web]\n") == [
        "module.web.aws_instance.b",
        "module.web.module.db.aws_db_instance.c",
    ]
    assert _failing("      modules: [module.web.module.db]\n") == [
        "module.web.module.db.aws_db_instance.c"
    ]
    assert _failing("      modules: ['module.web*']\n") == [
        "module.web.aws_instance.b",
        "module.web.module.db.aws_db_instance.c",
    ]


def test_actions_only_created_resources() -> None:
    assert _failing("      actions: [create]\n") == ["aws_ebs_volume.d[0]", "aws_instance.a"]
    assert _failing("      actions: [update, no-op]\n") == [
        "module.web.aws_instance.b",
        "module.web.module.db.aws_db_instance.c",
    ]


def test_workspace_environment_and_path_scopes() -> None:
    text = one_policy(RULE, extra="    scope:\n      workspaces: ['prod*']\n")
    est = estimate(A)
    assert outcome(check(text, est, workspace="prod-eu")) == "fail"
    report = check(text, est, workspace="dev")
    assert outcome(report) == "not_applicable"
    assert report.results[0].not_applicable_reason == "workspace dev is not in prod*"
    report = check(text, est)
    assert report.results[0].not_applicable_reason == (
        "scoped to workspaces prod* and no --workspace was given"
    )
    env = one_policy(RULE, extra="    scope:\n      environments: [production]\n")
    assert outcome(check(env, est, environment="production")) == "fail"
    assert outcome(check(env, est, environment="staging")) == "not_applicable"
    paths = one_policy(RULE, extra="    scope:\n      paths: ['envs/prod/**']\n")
    assert outcome(check(paths, est, path="envs/prod/network/plan.json")) == "fail"
    assert outcome(check(paths, est, path="envs/prod")) == "fail"
    assert outcome(check(paths, est, path="envs/dev/plan.json")) == "not_applicable"


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("envs/*/plan.json", "envs/prod/plan.json", True),
        ("envs/*/plan.json", "envs/prod/eu/plan.json", False),
        ("envs/**/plan.json", "envs/prod/eu/plan.json", True),
        ("envs/**/plan.json", "envs/plan.json", True),
        ("**/prod/**", "a/b/prod/c", True),
        ("**/prod/**", "a/b/dev/c", False),
        ("./stacks/?/x", "stacks/a/x", True),
        ("stacks/[ab]/x", "stacks/c/x", False),
        ("stacks/[!ab]/x", "stacks/c/x", True),
    ],
)
def test_path_globs(pattern: str, path: str, matches: bool) -> None:
    assert any_path([pattern])(path) is matches


def test_name_globs_span_dots_and_glob_errors() -> None:
    assert any_name(["module.*"])("module.a.module.b.aws_x.y")
    assert not any_name(["aws_db_*"])("aws_instance")
    assert any_name(["exact"])("exact")
    assert glob_error("aws_[inst") is not None
    assert glob_error("") == "empty glob"
    assert glob_error("aws_[[]x") is None


BLUE = {"address": 'module.app["blue"].aws_instance.x', "values": {}, "monthly_cost": 50}
GREEN = {
    "address": 'module.app["green"].module.db.aws_db_instance.y',
    "values": {},
    "monthly_cost": 50,
}
ZERO = {"address": "module.app[0].aws_instance.z", "values": {}, "monthly_cost": 50}
APPS = {"address": "module.apps.aws_instance.w", "values": {}, "monthly_cost": 50}


def _instances(scope: str) -> list[str]:
    text = one_policy(RULE, extra=f"    scope:\n{scope}")
    return failing(check(text, estimate(BLUE, GREEN, ZERO, APPS, A)))


def test_a_module_call_covers_all_its_instances_and_children() -> None:
    assert _instances("      modules: [module.app]\n") == sorted(
        [BLUE["address"], GREEN["address"], ZERO["address"]]
    )
    # brackets are the instance key, not a character class
    assert _instances("      modules: ['module.app[\"blue\"]']\n") == [BLUE["address"]]
    assert _instances("      modules: ['module.app[0]']\n") == [ZERO["address"]]
    assert _instances("      modules: [module.app.module.db]\n") == [GREEN["address"]]
    assert _instances("      modules: ['module.app*']\n") == sorted(
        [BLUE["address"], GREEN["address"], ZERO["address"], APPS["address"]]
    )
    assert _instances("      addresses: ['module.app[\"blue\"].*']\n") == [BLUE["address"]]


def test_group_by_module_groups_by_call_path_with_children() -> None:
    rule = (
        "      kind: group_budget\n      group_by: module\n"
        "      budgets: {module.app: 120, 'module.app.*': 40}\n      default: 1000\n"
    )
    report = check(one_policy(rule), estimate(BLUE, GREEN, ZERO, APPS, A))
    # module.app holds all three instances and the module they call: $150 > $120;
    # module.app.module.db alone: $50 > $40; module.apps and root stay within the default.
    assert sorted(f.result.label or "" for f in report.findings) == [
        "module module.app",
        "module module.app.module.db",
    ]
    assert report.results[0].evaluated == 4
