"""A plan of any size made of the project's real plans: the resource changes (and their
configuration) of ``examples/*/plan.json`` and ``tests/fixtures/plans/*/plan.json``, replicated
with renamed addresses, so that its resource JSON has the size and shape Terraform writes.

Each copy renames every resource ``type.name`` to ``type.name_s<plan>c<copy>`` in its changes
and in a copy of its module's configuration (references between resources renamed alike), so a
pricer following a reference (a launch template, a cluster's instances) finds its own copy.
Each source plan keeps its own provider configurations (``aws`` becomes ``aws.s<plan>``) and
root variables (``region`` becomes ``s<plan>_region``).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Left out: plans that need their .tf files or --region for a region (region_expressions,
# no_region, issue12_types: local.region), a provider configured inside a module (regions, nested_inherit: its key holds
# the module path), made-up hostile names, and values marked sensitive (one such value makes the
# whole plan side read through the sensitivity watch; measured apart).
EXCLUDED = frozenset(
    {
        "region_expressions",
        "no_region",
        "issue12_types",
        "regions",
        "nested_inherit",
        "hostile_names",
        "sensitive_quantities",
        "sensitive_unknown",
    }
)


def source_plans() -> list[tuple[str, dict[str, Any]]]:
    paths = sorted(ROOT.glob("examples/*/plan.json")) + sorted(
        ROOT.glob("tests/fixtures/plans/*/plan.json")
    )
    return [
        (p.parent.name, json.loads(p.read_text())) for p in paths if p.parent.name not in EXCLUDED
    ]


def _rewrite_refs(value: Any, rename: dict[str, str], variables: dict[str, str]) -> Any:
    """``value`` (a configuration section) with references renamed."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "references" and isinstance(item, list):
                out[key] = [_rename_ref(r, rename, variables) for r in item]
            else:
                out[key] = _rewrite_refs(item, rename, variables)
        return out
    if isinstance(value, list):
        return [_rewrite_refs(v, rename, variables) for v in value]
    return value


_REF_HEAD = re.compile(r"^((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(.*)$", re.S)


def _rename_ref(ref: str, rename: dict[str, str], variables: dict[str, str]) -> str:
    if ref.startswith("var."):
        name = re.split(r"[\[.]", ref[4:], maxsplit=1)[0]
        if name in variables:
            return "var." + variables[name] + ref[4 + len(name) :]
        return ref
    match = _REF_HEAD.match(ref)
    if match and match.group(1) in rename and match.group(2)[:1] in ("", ".", "["):
        return rename[match.group(1)] + match.group(2)
    return ref


def _module_copy(
    module: dict[str, Any],
    suffix: str,
    keys: dict[str, str],
    variables: dict[str, str],
    *,
    root: bool = False,
) -> dict[str, Any]:
    """A module's configuration with its resources renamed (child modules too; the root
    module's calls are renamed too)."""
    rename = {}
    if root:
        rename.update(
            {f"module.{n}": f"module.{n}{suffix}" for n in module.get("module_calls", {})}
        )
    for resource in module.get("resources", ()):
        old = resource["address"]
        prefix, _, name = old.rpartition(".")
        rename[old] = f"{prefix}.{name}{suffix}"
    out: dict[str, Any] = _rewrite_refs(
        {k: v for k, v in module.items() if k not in ("module_calls", "resources")},
        rename,
        variables,
    )
    out["resources"] = []
    for resource in module.get("resources", ()):
        entry = _rewrite_refs(copy.deepcopy(resource), rename, variables)
        entry["address"] = rename[resource["address"]]
        entry["name"] = resource["name"] + suffix
        if resource.get("provider_config_key") in keys:
            entry["provider_config_key"] = keys[resource["provider_config_key"]]
        out["resources"].append(entry)
    calls = {}
    for name, call in module.get("module_calls", {}).items():
        # A call's own expressions are the calling module's scope: its variables, its names.
        new_call = _rewrite_refs(
            {k: v for k, v in call.items() if k != "module"}, rename, variables
        )
        new_call["module"] = _module_copy(call["module"], suffix, keys, {})
        calls[name] = new_call
    if calls:
        out["module_calls"] = calls
    return out


def _change_copy(change: dict[str, Any], suffix: str) -> dict[str, Any]:
    new = copy.deepcopy(change)
    new.pop("previous_address", None)
    module = change.get("module_address")
    head = ("data." if change.get("mode") == "data" else "") + f"{change['type']}.{change['name']}"
    local = change["address"][len(module) + 1 :] if module else change["address"]
    assert local.startswith(head), (local, head)
    new["name"] = change["name"] + suffix
    new["address"] = (f"{module}." if module else "") + head + suffix + local[len(head) :]
    return new


def aurora_source() -> list[tuple[str, dict[str, Any]]]:
    """The databases fixture's Aurora Serverless v2 cluster and its two ``db.serverless``
    instances, alone: a cluster counts its instances through the reverse references."""
    path = ROOT / "tests" / "fixtures" / "plans" / "databases" / "plan.json"
    doc = json.loads(path.read_text())
    doc["resource_changes"] = [
        c
        for c in doc["resource_changes"]
        if c["address"] == "aws_rds_cluster.orders"
        or c["address"].startswith("aws_rds_cluster_instance.orders_serverless")
    ]
    return [("databases", doc)]


def real_sized_plan(
    count: int, sources: list[tuple[str, dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """A plan of ``count`` resource changes made of the real plans (see the module docstring),
    or of ``sources``."""
    sources = source_plans() if sources is None else sources
    per_round = sum(len(doc.get("resource_changes", ())) for _, doc in sources)
    rounds = -(-count // per_round)
    changes: list[dict[str, Any]] = []
    providers: dict[str, Any] = {}
    variables: dict[str, Any] = {}
    root: dict[str, Any] = {"resources": [], "module_calls": {}, "variables": {}}
    for sid, (_, doc) in enumerate(sources):
        config = doc.get("configuration", {})
        keys = {}
        for key in config.get("provider_config", {}):
            name, _, alias = key.partition(".")
            new_alias = f"{alias}_s{sid}" if alias else f"s{sid}"
            keys[key] = f"{name}.{new_alias}"
        renamed_vars = {name: f"s{sid}_{name}" for name in doc.get("variables", {})}
        for key, entry in config.get("provider_config", {}).items():
            new_entry = _rewrite_refs(copy.deepcopy(entry), {}, renamed_vars)
            new_entry["alias"] = keys[key].partition(".")[2]
            providers[keys[key]] = new_entry
        for name, value in doc.get("variables", {}).items():
            variables[renamed_vars[name]] = value
        for name, decl in config.get("root_module", {}).get("variables", {}).items():
            if name in renamed_vars:
                root["variables"][renamed_vars[name]] = decl
        for k in range(rounds):
            suffix = f"_s{sid}c{k}"
            module = _module_copy(
                config.get("root_module", {}), suffix, keys, renamed_vars, root=True
            )
            root["resources"].extend(module.get("resources", ()))
            for name, call in module.get("module_calls", {}).items():
                root["module_calls"][f"{name}{suffix}"] = call
            for change in doc.get("resource_changes", ()):
                new = _change_copy(change, suffix)
                if change.get("module_address"):
                    new = _in_renamed_module(new, suffix)
                changes.append(new)
    # Resources of modules: their module call was renamed, so is their address's first call.
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "variables": variables,
        "resource_changes": changes[:count],
        "configuration": {"provider_config": providers, "root_module": root},
    }


def _in_renamed_module(change: dict[str, Any], suffix: str) -> dict[str, Any]:
    """A change inside a module: the root module call is renamed per copy (``module.app`` ->
    ``module.app_s0c1``), so is the start of its address."""
    module = change["module_address"]
    match = re.match(r"^module\.([A-Za-z0-9_-]+)", module)
    assert match, module
    new_module = f"module.{match.group(1)}{suffix}" + module[match.end() :]
    change["module_address"] = new_module
    change["address"] = new_module + change["address"][len(module) :]
    # The resource itself keeps the renamed name: names inside a module are per module call.
    return change
