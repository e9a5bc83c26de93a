"""Parity: the HCL evaluator's document against the real terraform plan of the same code.

For every example, plan fixture and HCL fixture with a cached ``plan.json`` (made by the real
terraform and AWS provider, see ``tests/terraform_tools.py``), the evaluated document must have
the same managed resources (addresses and types), the same known after-values wherever both know
a value, and the same configuration expressions (references included) for every resource.

Expected divergences are listed in :data:`DIVERGENCES` and checked one by one; anything else is a
failure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.hcl import evaluate_directory
from checker.hcl.schema import resource_schema
from checker.plan.paths import marked_paths
from checker.resources import PRICERS
from tests import terraform_tools

HCL_FIXTURES = terraform_tools.REPO / "tests" / "fixtures" / "hcl"

# Why a value may differ; each rule below is applied only where its condition holds.
DIVERGENCES = {
    "read_during_plan": (
        "terraform reads a data source during plan when nothing it depends on is pending "
        "(aws_iam_policy_document's json); without a plan costcheck cannot, so what depends on "
        "it is unknown, with that reason"
    ),
    "schema_only_type": (
        "types costcheck knows from the provider schema alone (neither priced nor planned by "
        "tools/schema_gen.py) lack the provider's defaults: null where the plan has one, "
        "[] where the provider computes a block"
    ),
    "state": (
        "a fixture planned against a terraform.tfstate: updates and deletions come from the "
        "state, which code alone cannot know; such folders are not compared"
    ),
    "provider_credentials": (
        "tests/terraform_tools.py plans with mock credentials from an override file the code "
        "does not contain; provider_config expressions other than region are not compared"
    ),
    "region_value": (
        "costcheck adds the evaluated constant_value to provider region expressions that refer "
        "to variables, so a reader need not evaluate the provider block"
    ),
    "inherited_provider_key": (
        "terraform writes an empty module-qualified provider entry (module.a.module.b:aws) for a "
        "provider inherited through a module with no resources; costcheck names the configuration "
        "really in force (the ancestor's key); both give the same region"
    ),
    "tags_all_sensitive": (
        "a tag marked sensitive is marked in tags_all too: the real plan leaves the mark off "
        "there, and so shows the value it hides in tags"
    ),
    "json_template_constant": (
        "for a .tf.json argument whose template refers to something, terraform writes the "
        "template's text as its constant_value beside the references; costcheck writes the "
        "references only, as for the native syntax (the text is no value a reader can use)"
    ),
    "set_order": (
        "terraform orders set elements by their hash; blocks and lists of objects are compared "
        "without regard to order"
    ),
}


def _plan_dirs() -> list[Path]:
    roots = [terraform_tools.EXAMPLES, terraform_tools.FIXTURES, HCL_FIXTURES]
    found = [d for root in roots for d in sorted(root.glob("*/")) if (d / "plan.json").is_file()]
    return [d for d in found if not (d / terraform_tools.STATE_FILE).is_file()]


DIRS = _plan_dirs()


def _ids() -> list[str]:
    return [f"{d.parent.name}/{d.name}" for d in DIRS]


def test_the_parity_set_covers_examples_fixtures_and_hcl_fixtures() -> None:
    names = {d.name for d in DIRS}
    assert {
        "web-stack",
        "serverless",
        "eks",
        "modules",
        "regions",
        "language",
        "sensitive",
        "overrides",
        "json",
    } <= names
    assert "lifecycle" not in names, DIVERGENCES["state"]


def _managed(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["address"]: c for c in doc["resource_changes"] if c["mode"] == "managed"}


def _canonical(value: Any) -> Any:
    """Lists of objects sorted (terraform orders sets by hash); everything else as it is."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        if items and all(isinstance(i, dict) for i in items):
            return sorted(items, key=lambda i: json.dumps(i, sort_keys=True, default=str))
        return items
    return value


def _flatten(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _flatten(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list) and value:
        for i, item in enumerate(value):
            yield from _flatten(item, f"{path}.{i}")
    else:
        yield path, value


def _unknown_paths(marks: Any, path: str = "") -> Iterator[str]:
    if marks is True:
        yield path
    elif isinstance(marks, dict):
        for key, item in marks.items():
            yield from _unknown_paths(item, f"{path}.{key}" if path else key)
    elif isinstance(marks, list):
        for i, item in enumerate(marks):
            yield from _unknown_paths(item, f"{path}.{i}")


def _under(path: str, prefixes: set[str]) -> str | None:
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        prefix = ".".join(parts[:i])
        if prefix in prefixes:
            return prefix
    return None


def _schema_only(resource_type: str, path: str = "") -> bool:
    """Whether costcheck knows the level of ``path`` (the resource, or a nested block) from the
    provider schema alone, not from a real plan."""
    schema = resource_schema(resource_type)
    for part in path.split(".")[:-1]:
        if schema is None:
            break
        schema = schema.blocks.get(part, schema)
    return schema is None or not schema.observed


def _compare_resource(address: str, mine: dict[str, Any], real: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    rtype = real["type"]
    mine_change, real_change = mine["change"], real["change"]
    mine_values = dict(_flatten(_canonical(mine_change["after"])))
    real_values = dict(_flatten(_canonical(real_change["after"])))
    mine_unknown = set(_unknown_paths(mine_change["after_unknown"]))
    real_unknown = set(_unknown_paths(real_change["after_unknown"]))
    reasons: dict[str, str] = mine.get("x_costcheck_unknown_reasons", {})
    for path, value in real_values.items():
        lenient = _schema_only(rtype, path)
        if path in mine_values:
            if mine_values[path] != value and not (lenient and mine_values[path] in (None, [])):
                problems.append(
                    f"{address}.{path}: costcheck {mine_values[path]!r}, plan {value!r}"
                )
            continue
        hidden = _under(path, mine_unknown)
        if hidden is not None:
            if "read only during plan" not in reasons.get(hidden, ""):
                problems.append(f"{address}.{path}: unknown to costcheck, plan knows {value!r}")
            continue
        if not (lenient or value is None or value == []):
            problems.append(f"{address}.{path}: missing, plan has {value!r}")
    for path, value in mine_values.items():
        lenient = _schema_only(rtype, path)
        if path in real_values or value is None or value == []:
            continue
        if _under(path, real_unknown) is not None and not lenient:
            problems.append(f"{address}.{path}: costcheck knows {value!r}, the plan does not")
    return problems


def _config_resources(
    module: dict[str, Any], prefix: str = ""
) -> Iterator[tuple[str, dict[str, Any]]]:
    for resource in module.get("resources", []):
        yield prefix + resource["address"], resource
    for name, call in module.get("module_calls", {}).items():
        yield f"{prefix}module.{name}", {k: v for k, v in call.items() if k != "module"}
        yield from _config_resources(call.get("module", {}), f"{prefix}module.{name}.")


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, dict[str, Any]]:
    cache = tmp_path_factory.mktemp("hcl-cache")
    return {d: evaluate_directory(d, environ={}, cache_dir=cache).document for d in DIRS}


@pytest.mark.parametrize("tf_dir", DIRS, ids=_ids())
def test_same_resources_as_the_plan(tf_dir: Path, evaluated: dict[Path, dict[str, Any]]) -> None:
    real = json.loads((tf_dir / "plan.json").read_text())
    mine = evaluated[tf_dir]
    real_managed, mine_managed = _managed(real), _managed(mine)
    assert sorted(mine_managed) == sorted(real_managed)
    for address, change in real_managed.items():
        assert mine_managed[address]["type"] == change["type"]
        assert mine_managed[address].get("module_address") == change.get("module_address")
        assert mine_managed[address].get("index") == change.get("index")
        assert change["change"]["actions"] == ["create"]
    # Data sources terraform defers to apply are there too (costcheck lists every one as read).
    mine_data = {c["address"] for c in mine["resource_changes"] if c["mode"] == "data"}
    real_data = {c["address"] for c in real["resource_changes"] if c["mode"] == "data"}
    assert real_data <= mine_data


@pytest.mark.parametrize("tf_dir", DIRS, ids=_ids())
def test_same_known_values_as_the_plan(tf_dir: Path, evaluated: dict[Path, dict[str, Any]]) -> None:
    real = _managed(json.loads((tf_dir / "plan.json").read_text()))
    mine = _managed(evaluated[tf_dir])
    problems = [
        p for address in real for p in _compare_resource(address, mine[address], real[address])
    ]
    gaps = KNOWN_GAPS.get(f"{tf_dir.parent.name}/{tf_dir.name}", {})
    met = {p.split(": ", 1)[0] for p in problems}
    assert [p for p in problems if p.split(": ", 1)[0] not in gaps] == []
    assert set(gaps) <= met, "a known gap is closed: remove it from KNOWN_GAPS"


# Values the evaluator still gets wrong, by fixture and "address.path": each an open bug (none
# changes a price or a policy outcome; tests/test_public_patterns.py holds a strict xfail for
# each). Listed, the rest of the fixture is compared as ever; a gap no longer met fails.
_EMPTY_TO_NULL = (
    "the provider (SDK v2) plans an empty list, set or map an argument is given as null; "
    "costcheck keeps it empty"
)
KNOWN_GAPS: dict[str, dict[str, str]] = {
    "plans/public_network": {
        'module.alb.aws_vpc_security_group_ingress_rule.this["all_http"].tags_all': (
            "a plugin-framework resource with no tags and no default_tags: the plan knows "
            "tags_all = {}, costcheck leaves it unknown"
        ),
    },
    "plans/public_platform": {
        "module.serverless_cache.aws_elasticache_serverless_cache.this[0].tags": (
            "a plugin-framework resource given tags = {}: the plan keeps {}, costcheck has null"
        ),
        "module.db_replica.module.db_instance.aws_db_instance.this[0]"
        ".enabled_cloudwatch_logs_exports": _EMPTY_TO_NULL,
        'module.eks.module.fargate_profile["kube_system"].aws_eks_fargate_profile.this[0]'
        ".selector.0.labels": _EMPTY_TO_NULL,
    },
}


@pytest.mark.parametrize("tf_dir", DIRS, ids=_ids())
def test_same_sensitive_values_as_the_plan(
    tf_dir: Path, evaluated: dict[Path, dict[str, Any]]
) -> None:
    real = _managed(json.loads((tf_dir / "plan.json").read_text()))
    mine = _managed(evaluated[tf_dir])
    for address, change in real.items():
        theirs = marked_paths(change["change"]["after_sensitive"])
        ours = marked_paths(mine[address]["change"]["after_sensitive"])
        assert theirs - ours == set(), address
        extra = {
            path
            for path in ours - theirs
            if not (path.startswith("tags_all.") and "tags." + path[len("tags_all.") :] in ours)
        }
        assert extra == set(), (address, DIVERGENCES["tags_all_sensitive"])


@pytest.mark.parametrize("tf_dir", DIRS, ids=_ids())
def test_same_configuration_expressions(
    tf_dir: Path, evaluated: dict[Path, dict[str, Any]]
) -> None:
    real_config = json.loads((tf_dir / "plan.json").read_text())["configuration"]
    mine_config = evaluated[tf_dir]["configuration"]
    real_resources = dict(_config_resources(real_config["root_module"]))
    mine_resources = dict(_config_resources(mine_config["root_module"]))
    assert sorted(mine_resources) == sorted(real_resources)
    providers = real_config["provider_config"]
    for address, resource in real_resources.items():
        ignored = ["schema_version"]
        if _inherited(providers, resource.get("provider_config_key")):
            ignored.append("provider_config_key")  # DIVERGENCES["inherited_provider_key"]
        theirs = _without_json_template_constants(resource)
        assert _without(mine_resources[address], *ignored) == _without(theirs, *ignored), address
    for key, provider in providers.items():
        if _inherited(providers, key) and key not in mine_config["provider_config"]:
            continue  # DIVERGENCES["inherited_provider_key"]
        ours = mine_config["provider_config"][key]
        assert _without(ours, "expressions") == _without(provider, "expressions"), key
        real_region = provider.get("expressions", {}).get("region")
        our_region = ours.get("expressions", {}).get("region")
        if real_region is not None:
            assert our_region is not None
            assert _without(our_region, "constant_value") == _without(real_region, "constant_value")
            if "constant_value" in real_region:
                assert our_region["constant_value"] == real_region["constant_value"]


def _without_json_template_constants(value: Any) -> Any:
    """DIVERGENCES["json_template_constant"]: an expression with references keeps only them."""
    if isinstance(value, dict):
        if "references" in value and "constant_value" in value:
            return {k: v for k, v in value.items() if k != "constant_value"}
        return {k: _without_json_template_constants(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_json_template_constants(v) for v in value]
    return value


def _inherited(providers: dict[str, Any], key: Any) -> bool:
    """An empty module-qualified entry: terraform's record of an inherited provider."""
    entry = providers.get(key) if isinstance(key, str) else None
    return isinstance(entry, dict) and "module_address" in entry and "expressions" not in entry


def _without(value: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in value.items() if k not in keys}


def test_every_priced_type_has_plan_observed_defaults() -> None:
    """A type costcheck prices gets its defaults and computed attributes from a real plan."""
    unobserved = sorted(t for t in PRICERS if _schema_only(t))
    assert unobserved == []


@pytest.mark.terraform
@pytest.mark.parametrize(
    "tf_dir", [d for d in DIRS if d.parent == HCL_FIXTURES], ids=lambda d: d.name
)
def test_hcl_fixture_plans_are_fresh(tf_dir: Path) -> None:
    """The cached plan of an HCL fixture is what terraform makes of it today (regenerate with
    ``python -m tests.terraform_tools regenerate tests/fixtures/hcl/<name>``)."""
    reason = terraform_tools.missing_tools_reason()
    if reason is not None:
        pytest.skip(reason)
    terraform_tools.start_fresh_plans(d for d in DIRS if d.parent == HCL_FIXTURES)
    fresh = _managed(terraform_tools.shared_fresh_plan(tf_dir))
    cached = _managed(json.loads((tf_dir / "plan.json").read_text()))
    assert sorted(fresh) == sorted(cached)
    for address, change in fresh.items():
        assert change["change"]["after"] == cached[address]["change"]["after"], address
