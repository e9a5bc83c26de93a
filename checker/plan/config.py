"""The plan's ``configuration`` section, read into a module tree.

Terraform writes the configuration once per module *call* (not per instance): resources with
their ``provider_config_key`` and ``expressions``, module calls with their input expressions,
and outputs. Anything missing or malformed reads as empty: the configuration only refines what
``resource_changes`` already says (regions, references), it is never required.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

_EMPTY: Mapping[str, Any] = {}


@dataclass(frozen=True)
class ResourceConfig:
    """A managed resource block: which provider configuration it uses and its expressions."""

    provider_config_key: str | None
    expressions: Mapping[str, Any]


@dataclass(frozen=True)
class ModuleConfig:
    """One module's configuration: its resources by ``type.name``, calls, outputs, variables."""

    resources: Mapping[str, ResourceConfig] = field(default_factory=dict)
    # Data sources by address (``data.aws_region.current``): some tell a provider's region.
    data_sources: Mapping[str, ResourceConfig] = field(default_factory=dict)
    calls: Mapping[str, ModuleCall] = field(default_factory=dict)
    outputs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # name -> expression
    variables: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class ModuleCall:
    """A ``module "name" {}`` block: its input expressions and the module it calls."""

    expressions: Mapping[str, Any]
    module: ModuleConfig


@dataclass(frozen=True)
class Configuration:
    """The configuration section: the provider configurations and the root module."""

    provider_config: Mapping[str, Mapping[str, Any]]
    root: ModuleConfig

    def module(self, path: tuple[str, ...]) -> ModuleConfig | None:
        """The module at a configuration path (call names from the root), if written there."""
        module = self.root
        for name in path:
            call = module.calls.get(name)
            if call is None:
                return None
            module = call.module
        return module

    def call(self, path: tuple[str, ...]) -> ModuleCall | None:
        """The call that instantiates the module at ``path`` (None for the root)."""
        parent = self.module(path[:-1]) if path else None
        return parent.calls.get(path[-1]) if parent is not None else None


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    if type(value) is dict:  # what json.load gives: skip the slower abstract-class check
        return value
    return value if isinstance(value, Mapping) else _EMPTY


# Module nesting followed in a plan's state (``prior_state``), as the plan reader's.
_MAX_STATE_DEPTH = 64


def state_modules(state: Any) -> Iterator[tuple[Mapping[str, Any], list[Any]]]:
    """Each module of a plan's state values (``prior_state``) with its ``resources`` list,
    depth-first; malformed parts are skipped, nesting is followed to a bounded depth."""
    stack: list[tuple[Any, int]] = [(mapping(mapping(state).get("values")).get("root_module"), 0)]
    while stack:
        module_value, depth = stack.pop()
        module = mapping(module_value)
        children = module.get("child_modules")
        if isinstance(children, list) and depth < _MAX_STATE_DEPTH:
            stack.extend((child, depth + 1) for child in children)
        resources = module.get("resources")
        if isinstance(resources, list):
            yield module, resources


def read_configuration(section: Any) -> Configuration:
    """Read a plan's ``configuration`` section (absent or malformed parts read as empty)."""
    section = mapping(section)
    providers = {
        key: mapping(value)
        for key, value in mapping(section.get("provider_config")).items()
        if isinstance(key, str)
    }
    return Configuration(provider_config=providers, root=_read_module(section.get("root_module")))


def _read_module(value: Any) -> ModuleConfig:
    module = mapping(value)
    resources: dict[str, ResourceConfig] = {}
    data_sources: dict[str, ResourceConfig] = {}
    listed = module.get("resources")
    for item in listed if isinstance(listed, list) else ():
        item = mapping(item)
        mode = item.get("mode", "managed")
        if mode not in ("managed", "data") or not isinstance(item.get("address"), str):
            continue
        key = item.get("provider_config_key")
        found = ResourceConfig(
            provider_config_key=key if isinstance(key, str) else None,
            expressions=mapping(item.get("expressions")),
        )
        (resources if mode == "managed" else data_sources)[item["address"]] = found
    calls = {
        name: ModuleCall(
            expressions=mapping(mapping(call).get("expressions")),
            module=_read_module(mapping(call).get("module")),
        )
        for name, call in mapping(module.get("module_calls")).items()
    }
    outputs = {
        name: mapping(mapping(output).get("expression"))
        for name, output in mapping(module.get("outputs")).items()
    }
    variables = {name: mapping(v) for name, v in mapping(module.get("variables")).items()}
    return ModuleConfig(
        resources=resources,
        data_sources=data_sources,
        calls=calls,
        outputs=outputs,
        variables=variables,
    )


def is_expression(value: Any) -> bool:
    """True for an expression object (``constant_value`` and/or ``references``), as opposed to
    a nested block, which maps attribute names to expressions."""
    if not isinstance(value, Mapping):
        return False
    refs = value.get("references")
    return "constant_value" in value or (
        isinstance(refs, list) and all(isinstance(r, str) for r in refs)
    )


def references_of(expression: Any) -> list[str]:
    """The references an expression object lists (empty for a constant)."""
    refs = mapping(expression).get("references")
    return [r for r in refs if isinstance(r, str)] if isinstance(refs, list) else []
