"""Which resources a resource's configuration refers to, attribute by attribute.

``launch_template { id = aws_launch_template.lt.id }`` in ``module.a["x"]`` becomes
``{"launch_template.0.id": ("module.a[\"x\"].aws_launch_template.lt",)}``. References are followed
through module inputs (``var.lt_id`` -> the module call's expression in the parent) and module
outputs (``module.asg.lt_id`` -> the output's expression in the child), so a pricer finds the
resource whatever module boundary lies between. A reference to a resource with count/for_each
instances and no key picks the referrer's own key where the target has it, else the first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from checker.frozen import quick_init
from checker.plan.addresses import (
    Key,
    ModuleInstance,
    Step,
    format_module_instance,
    module_path,
    most_specific,
)
from checker.plan.config import Configuration, references_of

# Reference roots that never name a managed resource.
# (``data.T.N`` names a data source: resolved where the plan holds it as read, see
# :mod:`checker.plan.read_data`.)
_NOT_RESOURCES = frozenset({"local", "count", "each", "path", "terraform", "self"})
_MAX_DEPTH = 32  # far beyond real module nesting; stops a malformed cycle
# Steps (references read or followed) per attribute: a real expression takes a few dozen. A plan whose
# module inputs and outputs refer to each other in a cycle (Terraform refuses one; a hand-made
# plan may hold it) would otherwise take k^32 steps for k references per expression.
_MAX_STEPS = 500


# A reference to a whole collection lists its instances so that a pricer can count them (a load
# balancer's subnets: one per availability zone). Past this many, only the first are listed: no
# count a pricer takes from a reference comes near it, and n referrers each listing an
# n-instance collection would otherwise take memory in n squared.
MAX_LISTED = 64


@quick_init
@dataclass(frozen=True)
class Collection:
    """The instances of one resource (or module call) in one module instance, in plan order,
    indexed by key: a reference picks one by key in constant time."""

    values: tuple[Any, ...]
    by_key: Mapping[Key | None, Any]

    @classmethod
    def of(cls, entries: list[tuple[Key | None, Any]]) -> Collection:
        if len(entries) == 1:
            # Most resources have one instance (no count/for_each): no loop for them.
            ((key, value),) = entries
            return cls((value,), {key: value})
        by_key: dict[Key | None, Any] = {}
        for key, value in entries:
            by_key.setdefault(key, value)  # the first, as a linear search would find it
        return cls(tuple(value for _, value in entries), by_key)


_EMPTY = Collection((), {})


@dataclass(frozen=True)
class Instances:
    """The resource and module instances the plan has, for picking the instance a reference
    means: (module instance address, ``type.name``) -> resource addresses, and
    (parent module instance address, call name) -> module instances."""

    resources: Mapping[tuple[str, str], Collection]
    modules: Mapping[tuple[str, str], Collection]


def build_instances(entries: list[tuple[ModuleInstance, str, Key | None, str]]) -> Instances:
    """Index ``(module instance, type.name, key, address)`` tuples, in plan order."""
    resources: dict[tuple[str, str], list[tuple[Key | None, Any]]] = {}
    modules: dict[tuple[str, str], list[tuple[Key | None, Any]]] = {}
    addresses: dict[ModuleInstance, str] = {}  # each module instance formatted once
    listed: set[ModuleInstance] = set()  # module instances already in ``modules``
    for instance, resource, key, address in entries:
        if instance not in addresses:
            addresses[instance] = format_module_instance(instance)
            for depth in range(len(instance)):
                prefix = instance[: depth + 1]
                if prefix not in listed:
                    listed.add(prefix)
                    parent = format_module_instance(instance[:depth])
                    modules.setdefault((parent, prefix[-1].name), []).append(
                        (prefix[-1].key, prefix)
                    )
        resources.setdefault((addresses[instance], resource), []).append((key, address))
    return Instances(
        resources={k: Collection.of(v) for k, v in resources.items()},
        modules={k: Collection.of(v) for k, v in modules.items()},
    )


def written_references(expressions: Mapping[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(dotted attribute path, references)`` for each expression of a resource's
    configuration that refers to something, nested blocks included (``launch_template.0.id``):
    what :meth:`ReferenceResolver.resolve` takes. One pass without generators (a plan's every
    resource block is read so); tests/fuzz/test_pricing_speed_fuzz.py holds it equal to
    walking the expressions (:func:`~checker.plan.config.is_expression`) and reading each one's
    :func:`~checker.plan.config.references_of`."""
    found: list[tuple[str, tuple[str, ...]]] = []
    _written_into(expressions, "", found)
    return tuple(found)


_STR = repeat(str)  # (endless, so one serves every all(map(isinstance, refs, _STR)))


def _written_into(
    expressions: Mapping[str, Any], prefix: str, found: list[tuple[str, tuple[str, ...]]]
) -> None:
    for name, value in expressions.items():
        kind = type(value)
        # dict first: the abstract-class check is several times slower, and a list is no Mapping.
        if kind is dict or (kind is not list and isinstance(value, Mapping)):
            refs: Any = value.get("references")
            listed = type(refs) is list or isinstance(refs, list)
            if listed and all(map(isinstance, refs, _STR)):
                # An expression whose references are all strings (is_expression).
                if refs:
                    found.append((f"{prefix}{name}", tuple(refs)))
            elif "constant_value" in value:
                # An expression (is_expression): the strings among its references, if any.
                kept = [r for r in refs if isinstance(r, str)] if listed else []
                if kept:
                    found.append((f"{prefix}{name}", tuple(kept)))
            else:
                _written_into(value, f"{prefix}{name}.", found)
        elif isinstance(value, list):
            for i, block in enumerate(value):
                if type(block) is dict or isinstance(block, Mapping):
                    _written_into(block, f"{prefix}{name}.{i}.", found)


class ReferenceResolver:
    """Resolves references for one plan. A configuration block is written once and instantiated
    many times (count, for_each, module instances), so each reference list is parsed once per
    run and each module instance address formatted once."""

    def __init__(
        self, configuration: Configuration, instances: Instances | Callable[[], Instances]
    ) -> None:
        """``instances``: the plan's instances, or what builds them when the first reference
        is resolved (a plan whose configuration refers to nothing never indexes them)."""
        self.configuration = configuration
        self._instances = instances
        self._parsed: dict[tuple[str, ...], tuple[list[tuple[Step, ...]], bool]] = {}
        self._addresses: dict[ModuleInstance, str] = {}
        # One tuple per distinct answer, shared by every referrer that gets it: thousands of
        # instances referring to the same collection hold one tuple, not a copy each.
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._steps = 0  # of the attribute being resolved
        # (module configuration path, variable name) -> the references the module's call passes
        # as that variable: read from the configuration once, not per referrer and instance.
        self._inputs: dict[tuple[tuple[str, ...], str], tuple[str, ...] | None] = {}
        # (references, module instance, key) -> what resolve() found for them.
        self._answers: dict[
            tuple[tuple[str, ...], ModuleInstance, Key | None], tuple[str, ...]
        ] = {}

    def resolve(
        self,
        written: tuple[tuple[str, tuple[str, ...]], ...],
        module: ModuleInstance,
        key: Key | None,
    ) -> dict[str, tuple[str, ...]]:
        """Attribute path -> addresses of the resources referred to there (``written`` is
        :func:`written_references` of the resource's configuration), for an instance in module
        instance ``module`` with instance key ``key``."""
        result: dict[str, tuple[str, ...]] = {}
        answers = self._answers
        for path, refs in written:
            # Resources of one module write the same references (`vpc_id = aws_vpc.main.id`):
            # each list is resolved once per module instance and key. Each resolution starts
            # from nothing (its own step budget), so the answer is the same either way.
            asked = (refs, module, key)
            listed = answers.get(asked)
            if listed is None:
                self._steps = 0
                found = self._resolve(refs, module, key, 0)
                listed = tuple(dict.fromkeys(found))[:MAX_LISTED]
                listed = answers[asked] = self._shared.setdefault(listed, listed)
            if listed:
                result[path] = listed
        return result

    def _resolve(
        self, refs: tuple[str, ...], module: ModuleInstance, key: Key | None, depth: int
    ) -> list[str]:
        self._steps += 1
        if depth > _MAX_DEPTH or self._steps > _MAX_STEPS:
            return []
        parsed = self._parsed.get(refs)
        if parsed is None:
            # An expression that uses count.index or each.* picks one instance per referrer; one
            # that does not, yet names a resource with many instances, means the collection (a
            # splat). Read with the references, once per list (the references are strings).
            parsed = self._parsed[refs] = (
                most_specific(list(refs)),
                uses_instance_key(refs),
            )
        parsed_refs, per_instance = parsed
        found: list[str] = []
        for ref in parsed_refs:
            self._steps += 1
            if self._steps > _MAX_STEPS:
                break
            root = ref[0].name
            if root is None or root in _NOT_RESOURCES:
                continue
            if root == "var":
                found += self._through_input(ref, module, depth)
            elif root == "module":
                found += self._through_output(ref, module, key, depth)
            elif root == "data":
                found += self._resource(ref[1:], module, key, per_instance, "data.")
            else:
                found += self._resource(ref, module, key, per_instance)
        return found

    @property
    def instances(self) -> Instances:
        found = self._instances
        if not isinstance(found, Instances):
            found = self._instances = found()
        return found

    def _address(self, module: ModuleInstance) -> str:
        address = self._addresses.get(module)
        if address is None:
            address = self._addresses[module] = format_module_instance(module)
        return address

    def _resource(
        self,
        ref: tuple[Step, ...],
        module: ModuleInstance,
        key: Key | None,
        per_instance: bool,
        prefix: str = "",
    ) -> list[str]:
        """The instance the reference means first (see :func:`_pick`); then, for a reference to
        the whole collection, its other instances, so that a pricer can count them (an ALB's
        ``subnets = aws_subnet.public[*].id``)."""
        if len(ref) < 2 or ref[1].name is None:
            return []
        name = f"{prefix}{ref[0].name}.{ref[1].name}"
        candidates = self.instances.resources.get((self._address(module), name), _EMPTY)
        explicit = ref[2].key if len(ref) > 2 and ref[2].is_key else None
        chosen = _pick(candidates, explicit, key)
        if chosen is None:
            return []
        if explicit is not None or per_instance:
            return [chosen]
        others = (value for value in candidates.values[:MAX_LISTED] if value != chosen)
        return [chosen, *others]

    def _through_input(
        self, ref: tuple[Step, ...], module: ModuleInstance, depth: int
    ) -> list[str]:
        """``var.X`` inside a module: what the module call passes as ``X``."""
        if len(ref) < 2 or ref[1].name is None or not module:
            return []
        asked = (module_path(module), ref[1].name)
        if asked in self._inputs:
            refs = self._inputs[asked]
        else:
            call = self.configuration.call(asked[0])
            refs = self._inputs[asked] = (
                None if call is None else tuple(references_of(call.expressions.get(asked[1])))
            )
        if refs is None:
            return []
        # Inside the parent, the module instance's own key plays the referrer's key.
        return self._resolve(refs, module[:-1], module[-1].key, depth + 1)

    def _through_output(
        self, ref: tuple[Step, ...], module: ModuleInstance, key: Key | None, depth: int
    ) -> list[str]:
        """``module.M[k].output``: the output's expression inside that module instance."""
        if len(ref) < 2 or ref[1].name is None:
            return []
        call_name = ref[1].name
        rest = ref[2:]
        explicit = rest[0].key if rest and rest[0].is_key else None
        rest = rest[1:] if rest and rest[0].is_key else rest
        if not rest or rest[0].name is None:
            return []
        children = self.instances.modules.get((self._address(module), call_name), _EMPTY)
        child = _pick(children, explicit, key)
        child_config = self.configuration.module((*module_path(module), call_name))
        if child is None or child_config is None:
            return []
        output = child_config.outputs.get(rest[0].name)
        return self._resolve(tuple(references_of(output)), child, key, depth + 1)


def uses_instance_key(refs: tuple[str, ...]) -> bool:
    """Whether a reference list uses ``count.*`` or ``each.*``: one C-level pass (tests/fuzz/
    test_pricing_speed_fuzz.py holds it equal to testing each reference in a generator)."""
    return any(map(str.startswith, refs, repeat(("count.", "each."))))


def _pick(candidates: Collection, explicit: Key | None, key: Key | None) -> Any:
    """The instance a reference means: the key it names; else the referrer's own key where the
    target has it (``aws_launch_template.lt[count.index]``); else the first instance."""
    if not candidates.values:
        return None
    if explicit is not None:
        return candidates.by_key.get(explicit)
    if key is not None:
        same = candidates.by_key.get(key)
        if same is not None:
            return same
    return candidates.values[0]
