"""Does a policy apply to this run, and to this resource change?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class ResourceFilter:
    """A scope's resource part, compiled: call it on a resource change."""

    predicate: Callable[[ChangeEstimate], bool]

    def __call__(self, item: ChangeEstimate) -> bool:
        return self.predicate(item)


def resource_filter(scope: Scope) -> ResourceFilter:
    """Compile the resource part of ``scope`` (types, addresses, modules, actions) once."""
    checks: list[Callable[[ChangeEstimate], bool]] = []
    if scope.actions:
        actions = frozenset(scope.actions)
        checks.append(lambda item: item.change.action.value in actions)
    if scope.resource_types:
        types = any_name(scope.resource_types)
        checks.append(lambda item: types(item.change.type))
    if scope.addresses:
        addresses = any_name(scope.addresses)
        checks.append(lambda item: addresses(item.change.address))
    if scope.exclude_addresses:
        excluded = any_name(scope.exclude_addresses)
        checks.append(lambda item: not excluded(item.change.address))
    if scope.modules:
        modules = any_name(scope.modules)
        checks.append(lambda item: modules(module_of(item)))
    if not checks:
        return ResourceFilter(lambda item: True)
    return ResourceFilter(lambda item: all(check(item) for check in checks))


def module_of(item: ChangeEstimate) -> str:
    """The module address of a change's resource; ``root`` for the root module."""
    return item.change.current.module_address or ROOT_MODULE
