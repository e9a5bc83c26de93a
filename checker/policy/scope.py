"""Does a policy apply to this run, and to this resource change?"""

from __future__ import annotations

from collections.abc import Callable

from checker.model import ChangeEstimate
from checker.policy.globs import any_name, any_path
from checker.policy.model import RunContext, Scope

ROOT_MODULE = "root"


def run_applies(scope: Scope, run: RunContext) -> str | None:
    """None when the scope admits this run; else why it does not (for the report)."""
    if scope.paths and not any_path(scope.paths)(run.path):
        return f"path {run.path} is not in {', '.join(scope.paths)}"
    for key, value, flag in (
        ("workspaces", run.workspace, "--workspace"),
        ("environments", run.environment, "--environment"),
    ):
        patterns: tuple[str, ...] = getattr(scope, key)
        if not patterns:
            continue
        if value is None:
            return f"scoped to {key} {', '.join(patterns)} and no {flag} was given"
        if not any_name(patterns)(value):
            return f"{key[:-1]} {value} is not in {', '.join(patterns)}"
    return None


def resource_filter(scope: Scope) -> Callable[[ChangeEstimate], bool] | None:
    """Compile the resource part of ``scope`` (types, addresses, modules, actions) once; None
    when it admits every resource."""
    actions = frozenset(scope.actions) if scope.actions else None
    types = any_name(scope.resource_types) if scope.resource_types else None
    addresses = any_name(scope.addresses) if scope.addresses else None
    excluded = any_name(scope.exclude_addresses) if scope.exclude_addresses else None
    modules = any_name(scope.modules) if scope.modules else None
    if not (actions or types or addresses or excluded or modules):
        return None

    def admits(item: ChangeEstimate) -> bool:
        change = item.change
        if actions is not None and change.action.value not in actions:
            return False
        if types is not None and not types(change.type):
            return False
        if addresses is not None and not addresses(change.address):
            return False
        if excluded is not None and excluded(change.address):
            return False
        return modules is None or modules(module_of(item))

    return admits


def module_of(item: ChangeEstimate) -> str:
    """The module address of a change's resource; ``root`` for the root module."""
    return item.change.current.module_address or ROOT_MODULE
