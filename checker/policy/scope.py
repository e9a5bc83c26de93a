"""Does a policy apply to this run, and to this resource change?

Address and module scopes are address globs (:func:`~checker.policy.globs.address_glob`): ``[``
is an instance key, not a character class. A module scope names a module call and covers every
instance of it and every module it calls: ``module.app`` covers ``module.app["blue"]``,
``module.app[0]`` and ``module.app["blue"].module.db``; ``module.app["blue"]`` covers that
instance only (and its children); ``root`` is the root module alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from checker.model import ChangeEstimate
from checker.policy.globs import any_address, any_name, any_path
from checker.policy.model import RunContext, Scope

ROOT_MODULE = "root"
# One step of a module address: module.<name> and an optional instance key, ["key"] or [0].
_STEP = re.compile(r'module\.([^.\[]+)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?')


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


def unnamed_in_run(scope: Scope, run: RunContext) -> str | None:
    """When the scope names workspaces or environments and the run names none: a notice for
    every output (the policy is not applicable, and that must not pass unseen)."""
    for key, value, how in (
        ("workspaces", run.workspace, "--workspace or TF_WORKSPACE"),
        ("environments", run.environment, "--environment or COSTCHECK_ENVIRONMENT"),
    ):
        patterns: tuple[str, ...] = getattr(scope, key)
        if patterns and value is None:
            return (
                f"scoped to {key} {', '.join(patterns)}, and this run names no {key[:-1]} "
                f"({how}): not evaluated"
            )
    return None


def resource_filter(scope: Scope) -> Callable[[ChangeEstimate], bool] | None:
    """Compile the resource part of ``scope`` (types, addresses, modules, actions) once; None
    when it admits every resource."""
    actions = frozenset(scope.actions) if scope.actions else None
    types = any_name(scope.resource_types) if scope.resource_types else None
    addresses = any_address(scope.addresses) if scope.addresses else None
    excluded = any_address(scope.exclude_addresses) if scope.exclude_addresses else None
    modules = any_address(scope.modules) if scope.modules else None
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
        return modules is None or any(map(modules, module_forms(module_of(item))))

    return admits


class ResourceIndex:
    """An estimate's resource changes, indexed once per evaluation by resource type and
    action: a policy scoped to a few types or actions reads only those changes instead of
    testing every one (100 policies over 10,000 resources)."""

    def __init__(self, items: Sequence[ChangeEstimate]) -> None:
        self.items = tuple(items)
        self.by_type: dict[str, list[int]] = {}
        self.by_action: dict[str, list[int]] = {}
        # Policies often share a scope (none, or the same types): each is selected once.
        self.selected: dict[Scope, tuple[ChangeEstimate, ...]] = {}
        for position, item in enumerate(self.items):
            change = item.change
            self.by_type.setdefault(change.type, []).append(position)
            self.by_action.setdefault(change.action.value, []).append(position)


def select(scope: Scope, index: ResourceIndex) -> tuple[ChangeEstimate, ...]:
    """The changes ``scope`` admits, in the estimate's order: the same as filtering every item
    with :func:`resource_filter` (the tests hold them equal), reading only the types and
    actions the scope names."""
    # Only the resource part of a scope selects; paths, workspaces, environments decide the
    # run, so scopes differing only there share the selection.
    key = Scope(
        resource_types=scope.resource_types,
        addresses=scope.addresses,
        exclude_addresses=scope.exclude_addresses,
        modules=scope.modules,
        actions=scope.actions,
    )
    found = index.selected.get(key)
    if found is None:
        found = index.selected[key] = _select(key, index)
    return found


def _select(scope: Scope, index: ResourceIndex) -> tuple[ChangeEstimate, ...]:
    positions: list[int] | None = None
    if scope.resource_types:
        types = any_name(scope.resource_types)
        positions = [p for name, found in index.by_type.items() if types(name) for p in found]
    if scope.actions:
        actions = frozenset(scope.actions)
        if positions is None:
            positions = [
                p for name, found in index.by_action.items() if name in actions for p in found
            ]
        else:
            items = index.items
            positions = [p for p in positions if items[p].change.action.value in actions]
    if positions is None:
        chosen: Sequence[ChangeEstimate] = index.items
    else:
        positions.sort()  # the groups are in first-seen order; the estimate's order counts
        chosen = [index.items[p] for p in positions]
    rest = resource_filter(
        Scope(
            addresses=scope.addresses,
            exclude_addresses=scope.exclude_addresses,
            modules=scope.modules,
        )
    )
    return tuple(chosen) if rest is None else tuple(item for item in chosen if rest(item))


def module_of(item: ChangeEstimate) -> str:
    """The module address of a change's resource; ``root`` for the root module."""
    return item.change.current.module_address or ROOT_MODULE


def module_steps(address: str) -> tuple[tuple[str, str], ...] | None:
    """``module.app["blue"].module.db`` -> ``(("app", '["blue"]'), ("db", ""))``; None for the
    root module or an address that is not a module address."""
    steps: list[tuple[str, str]] = []
    at = 0
    while at < len(address):
        match = _STEP.match(address, at)
        if match is None:
            return None
        steps.append((match.group(1), match.group(2) or ""))
        at = match.end()
        if at < len(address):
            if address[at] != ".":
                return None
            at += 1
    return tuple(steps) or None


@functools.lru_cache(maxsize=4096)
def module_forms(address: str) -> tuple[str, ...]:
    """The module addresses a module scope may name to cover a resource of the module at
    ``address``: it and each enclosing module instance, each also without its last instance key
    and without any key (``module.app["blue"].module.db`` -> ``module.app["blue"]``,
    ``module.app``, ``module.app["blue"].module.db``, ``module.app.module.db``)."""
    steps = module_steps(address)
    if steps is None:
        return (address,)
    forms: dict[str, None] = {}
    for k in range(1, len(steps) + 1):
        keyed = [f"module.{name}{key}" for name, key in steps[:k]]
        forms[".".join(keyed)] = None
        forms[".".join([*keyed[:-1], f"module.{steps[k - 1][0]}"])] = None
        forms[".".join(f"module.{name}" for name, _ in steps[:k])] = None
    return tuple(forms)


@functools.lru_cache(maxsize=4096)
def module_call_paths(address: str) -> tuple[str, ...]:
    """The module call paths (instance keys left out) a resource of the module at ``address``
    belongs to, outermost first: ``module.app["blue"].module.db`` -> ``module.app``,
    ``module.app.module.db``; the root module -> ``root``."""
    steps = module_steps(address)
    if steps is None:
        return (address or ROOT_MODULE,)
    return tuple(
        ".".join(f"module.{name}" for name, _ in steps[:k]) for k in range(1, len(steps) + 1)
    )
