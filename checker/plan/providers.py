"""Which AWS region a provider configuration points at, and which ``default_tags`` it adds, as far
as the plan tells.

Terraform (1.x) resolves ``provider_config_key`` in ``configuration`` to the provider block a
resource really uses: ``aws`` or ``aws.west`` for root blocks, also inside modules that inherit
them or get them through ``providers = { aws = aws.west }``. Only a provider block written inside
a module gets a module-qualified key, ``module.net:aws`` (with ``module_address``), and its
``var.X`` means that module's variable, set by the module call.

Terraform 1.x also writes an empty entry (no ``expressions``) such as ``module.a.module.b:aws``
for a provider that a module two levels down inherits through a module with no resources of its
own: the configuration really in force is then the nearest ancestor's. :func:`provider_region`
and :func:`provider_default_tags` both follow that inheritance (:func:`_in_force`).

The region is read from ``expressions.region``, the ``default_tags`` from each ``default_tags``
block's ``tags``: a constant, or a reference to exactly one variable whose value the plan holds.
Anything else (a local, a data source, a conditional) is not evaluated here: the caller looks for
the region elsewhere (:mod:`checker.plan.regions`), and such ``default_tags`` are not known.

One reference is all the plan writes of an expression that uses one variable, whatever it does
with it: ``merge(var.tags, {team = "a"})`` reads exactly as ``var.tags`` does. A region is taken
for that variable's value (``region = var.region``); ``default_tags`` read through a variable are
marked not exhaustive (:class:`~checker.model.DefaultTags`): its keys are there, others may be.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checker.model import NO_DEFAULT_TAGS, UNREADABLE_DEFAULT_TAGS, DefaultTags
from checker.plan.addresses import Step, config_path, most_specific
from checker.plan.config import Configuration, mapping, references_of

_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
_MAX_DEPTH = 32  # module nesting is far shallower; this only stops a malformed cycle
_UNRESOLVED = object()


def looks_like_region(value: Any) -> bool:
    """True for strings shaped like an AWS region code (``us-east-1``, ``us-gov-west-1``)."""
    return isinstance(value, str) and _REGION.match(value) is not None


def provider_region(
    key: str, configuration: Configuration, variables: Mapping[str, Any]
) -> str | None:
    """The region of the provider configuration ``key``, or None where the plan does not say."""
    found = _in_force(key, configuration)
    if found is None:
        return None
    entry, path = found
    region = expression_value(
        mapping(entry.get("expressions")).get("region"), path, configuration, variables
    )
    return region if looks_like_region(region) else None


@dataclass(frozen=True)
class InvalidRegion:
    """A provider configuration's region that is no region code (see :func:`invalid_region`)."""

    value: Any
    # costcheck's HCL mode evaluated it from a sensitive value (a TF_VAR_ secret): not shown.
    sensitive: bool
    references: tuple[str, ...]  # what it is read through (var.region), for the message
    # skip_region_validation = true: terraform accepted the value and planned with it.
    validation_skipped: bool


# Beside the constant_value costcheck's HCL mode writes for a region it evaluated from a
# sensitive value: the value is used, never shown.
SENSITIVE_CONSTANT = "x_costcheck_sensitive"
# Beside a region expression costcheck's HCL mode could not evaluate (an Unknown, a failed
# call): ``{"file", "line", "reason"}``, so the reader refuses to take the default for it.
UNEVALUATED_REGION = "x_costcheck_unevaluated"


def invalid_region(
    key: str, configuration: Configuration, variables: Mapping[str, Any]
) -> InvalidRegion | None:
    """The region the provider configuration ``key`` sets when it is a known value (a constant;
    costcheck's HCL mode writes the value it evaluated as one) that is set (neither null nor
    ``""``, which the AWS provider takes as unset) and no region code; None otherwise.
    Terraform's AWS provider refuses such a region ("invalid AWS Region") unless
    ``skip_region_validation`` is set. A region the plan shows only as references is not judged:
    the one variable it names may be transformed (``lower(var.region)``)."""
    found = _in_force(key, configuration)
    if found is None:
        return None
    entry, path = found
    expressions = mapping(entry.get("expressions"))
    expression = mapping(expressions.get("region"))
    region = expression.get("constant_value")
    if region is None or region == "" or looks_like_region(region):
        return None
    skip = expression_value(
        expressions.get("skip_region_validation"), path, configuration, variables
    )
    return InvalidRegion(
        region,
        expression.get(SENSITIVE_CONSTANT) is True,
        tuple(references_of(expression)),
        skip is True,
    )


def provider_default_tags(
    key: str, configuration: Configuration, variables: Mapping[str, Any]
) -> DefaultTags | None:
    """What the ``default_tags`` of the provider configuration ``key`` add; None when the plan
    does not hold that configuration ("cannot tell").

    Each ``default_tags`` block's ``tags`` is read as :func:`expression_value` reads it (a
    constant, or one variable the plan holds the value of; sensitive root variables are not in
    ``variables``, so they stay unknown); null tag values are dropped, as the provider does.
    """
    found = _in_force(key, configuration)
    if found is None:
        return None
    entry, path = found
    blocks = mapping(entry.get("expressions")).get("default_tags")
    if not blocks:
        return NO_DEFAULT_TAGS
    if not isinstance(blocks, list):
        return UNREADABLE_DEFAULT_TAGS
    merged: dict[str, Any] = {}
    exhaustive = True
    for block in blocks:
        tags = mapping(block).get("tags")
        if tags is None:
            continue  # a default_tags block without tags adds none
        if isinstance(tags, Mapping) and tags.get("constant_value", _UNRESOLVED) is None:
            continue  # tags = null
        value = expression_value(tags, path, configuration, variables)
        if not isinstance(value, Mapping):
            return UNREADABLE_DEFAULT_TAGS  # a local, a function of several values, a null var
        # Through a variable, the written expression may be merge(var.x, {...}): see DefaultTags.
        exhaustive = exhaustive and "constant_value" in mapping(tags)
        merged.update({k: v for k, v in value.items() if v is not None})
    return DefaultTags(known=True, tags=merged, exhaustive=exhaustive)


def provider_entry(key: str, configuration: Configuration) -> Mapping[str, Any] | None:
    """The ``provider_config`` entry in force for ``key`` (inheritance followed), if any."""
    found = _in_force(key, configuration)
    return found[0] if found else None


def _in_force(
    key: str, configuration: Configuration
) -> tuple[Mapping[str, Any], tuple[str, ...]] | None:
    """The ``provider_config`` entry really in force for ``key`` and the configuration path of
    the module it is written in; None when the plan does not hold it."""
    for _ in range(_MAX_DEPTH):
        entry = configuration.provider_config.get(key)
        if entry is None and ":" in key:
            # Terraform before 1.0 wrote "<module>:aws" for providers a module inherits.
            entry = configuration.provider_config.get(key.rsplit(":", 1)[1])
        if entry is None:
            return None
        path = config_path(str(entry.get("module_address") or ""))
        if path is None:
            return None
        if not path or "expressions" in entry:
            return entry, path
        # Terraform 1.x writes an empty "module.a.module.b:aws" entry for a provider that a
        # module two levels down inherits through a module with no resources of its own: the
        # configuration really in force is the nearest ancestor's.
        key = _parent_key(path, key)
    return None


def _parent_key(path: tuple[str, ...], key: str) -> str:
    """The key of the same provider one module up (``module.a.module.b:aws.x`` -> ``module.a:aws.x``,
    ``module.a:aws`` -> ``aws``)."""
    local = key.rsplit(":", 1)[-1]
    parent = path[:-1]
    return ".".join(f"module.{name}" for name in parent) + f":{local}" if parent else local


def expression_value(
    expression: Any,
    path: tuple[str, ...],
    configuration: Configuration,
    variables: Mapping[str, Any],
    depth: int = 0,
) -> Any:
    """The value of an expression written in the module at ``path``, where it is a constant or
    one variable reference the plan can answer; ``None`` otherwise."""
    expression = mapping(expression)
    if "constant_value" in expression:
        return expression["constant_value"]
    refs = most_specific(references_of(expression))
    if len(refs) != 1 or depth > _MAX_DEPTH:
        return None
    ref = refs[0]
    if len(ref) < 2 or ref[0].name != "var" or ref[1].name is None:
        return None
    value = _variable_value(ref[1].name, path, configuration, variables, depth)
    return None if value is _UNRESOLVED else _traverse(value, ref[2:])


def _variable_value(
    name: str,
    path: tuple[str, ...],
    configuration: Configuration,
    variables: Mapping[str, Any],
    depth: int,
) -> Any:
    if not path:
        entry = variables.get(name)
        return entry if name in variables else _UNRESOLVED
    call = configuration.call(path)
    if call is None:
        return _UNRESOLVED
    if name in call.expressions:
        parent = path[:-1]
        return expression_value(call.expressions[name], parent, configuration, variables, depth + 1)
    declared = mapping(call.module.variables.get(name))
    return declared.get("default", _UNRESOLVED)


def _traverse(value: Any, steps: tuple[Step, ...]) -> Any:
    """Follow ``.attr`` / ``["key"]`` / ``[0]`` steps into a variable's value."""
    for step in steps:
        selector = step.name if step.name is not None else step.key
        if isinstance(value, Mapping) and isinstance(selector, str):
            value = value.get(selector)
        elif isinstance(value, list) and isinstance(selector, int) and selector < len(value):
            value = value[selector]
        else:
            return None
    return value
