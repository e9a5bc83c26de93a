"""Where a plan's resources are, when the provider block does not say it plainly.

Public modules write ``region = local.region``, ``var.region``, a conditional or a function call;
the plan JSON holds the value of none but the variable. In order, a resource's region is:

1. its own ``region`` attribute: AWS provider 6 gives every resource one (it wins over the
   provider's, as the provider applies it);
2. the provider configuration's ``region`` as the plan shows it (a constant, or one variable the
   plan holds the value of: :func:`checker.plan.providers.provider_region`);
3. what the resources using that provider configuration carry: an ``arn``, an
   ``availability_zone`` or ``availability_zones``, and what the ``aws_region`` and
   ``aws_availability_zones`` data sources using it read while planning (all of them agreeing
   on one region);
4. the configuration's ``.tf`` files beside the plan, evaluated with costcheck's HCL engine
   (locals, conditionals, functions), given the plan's variable values: :class:`ConfigFiles`;
5. the default region (``--region``, ``AWS_REGION``, ``AWS_DEFAULT_REGION``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from checker.errors import InputError
from checker.plan.addresses import config_path
from checker.plan.config import Configuration, mapping, references_of, state_modules
from checker.plan.providers import UNEVALUATED_REGION, invalid_region, looks_like_region
from checker.safe_text import clip

# us-east-1a; Local Zones (us-west-2-lax-1a) and Wavelength Zones (us-east-1-wl1-bos-wlz-1)
# start with their parent region's code.
_ZONE = re.compile(r"^([a-z]{2}(?:-[a-z]+)+-\d+)(?:[a-z]|-[a-z0-9-]+)$")
# Data sources whose values (read while planning, in prior_state) say the region of the
# provider configuration they use, unless their own arguments pick another region.
_REGION_DATA = {"aws_region": ("name", "region"), "aws_availability_zones": ()}


@dataclass(frozen=True)
class ConfigFiles:
    """The ``.tf`` files a plan was made from: ``evaluate`` reads them with the HCL engine, given
    the plan's root variable values, and returns the configuration section it evaluates (each
    provider's ``region`` as a constant). It raises :class:`~checker.errors.InputError` when
    the files cannot be evaluated. ``shown`` names the directory in messages."""

    shown: str
    evaluate: Callable[[Mapping[str, Any]], Configuration]


def own_region(values: Any) -> str | None:
    """The resource's ``region`` attribute (AWS provider 6 writes one on every resource)."""
    region = mapping(values).get("region")
    return region if looks_like_region(region) else None


def carried_region(values: Any) -> str | None:
    """The region an ``arn``, ``availability_zone`` or ``availability_zones`` value shows."""
    values = mapping(values)
    arn = values.get("arn")
    if isinstance(arn, str):
        parts = arn.split(":", 5)
        if len(parts) > 4 and looks_like_region(parts[3]):
            return parts[3]
    zones = values.get("availability_zones")
    for zone in (values.get("availability_zone"), *(zones if isinstance(zones, list) else ())):
        match = _ZONE.match(zone) if isinstance(zone, str) else None
        if match and looks_like_region(match.group(1)):
            return match.group(1)
    return None


def checked_region(
    key: str,
    configuration: Configuration,
    variables: Mapping[str, Any],
    source: str,
    *,
    from_plan: bool,
) -> str | None:
    """What to make of provider configuration ``key`` setting a region that is no region code,
    rather than pricing its resources in the default region as a silent guess: terraform refuses
    it ("invalid AWS Region"), so an InputError; but in a plan terraform made with
    ``skip_region_validation = true`` that is the region (returned: no price is found there,
    and each component says so). None when the region is no such value."""
    found = invalid_region(key, configuration, variables)
    if found is None:
        return None
    if found.validation_skipped and from_plan and isinstance(found.value, str):
        return clip(found.value, 60)
    if found.sensitive:  # the CI operator's secret, maybe (a TF_VAR_ value)
        refs = ", ".join(clip(r, 60) for r in found.references[:2])
        what = f"{f'from {refs} ' if refs else ''}to a sensitive value (not shown) that"
    else:
        value = found.value
        what = f"to {clip(value if isinstance(value, str) else repr(value), 60)!r}, which"
    raise InputError(
        f"{_provider_block(key)} sets region {what} is not an AWS region code (terraform refuses "
        'it: "invalid AWS Region"); set it to a region code such as us-east-1, or leave it '
        "unset to use --region / AWS_REGION",
        path=source,
    )


def _provider_block(key: str) -> str:
    """``provider "aws"`` (alias, module) as a provider configuration key names it."""
    module, _, local = key.rpartition(":")
    name, _, alias = local.partition(".")
    text = f'provider "{clip(name, 40)}"' + (f" (alias {clip(alias, 40)!r})" if alias else "")
    return text + (f" in {clip(module, 80)}" if module else "")


def _region_expression(entry: Mapping[str, Any] | None) -> Any:
    """The ``region`` argument a provider configuration entry writes, or None."""
    return None if entry is None else mapping(entry.get("expressions")).get("region")


def sets_region(entry: Mapping[str, Any] | None) -> bool:
    """Whether a provider configuration entry writes a ``region`` argument at all (then the
    environment's region is not its region: the provider ignores AWS_REGION)."""
    return _region_expression(entry) is not None


@dataclass(frozen=True)
class UnevaluatedRegion:
    """Where a provider block writes the region costcheck's HCL mode could not evaluate, and
    why (as the evaluator put it: input-derived, clipped)."""

    file: str
    line: int | None
    reason: str


def unevaluated_region(entry: Mapping[str, Any] | None) -> UnevaluatedRegion | None:
    """The HCL evaluator's note that ``entry`` writes a region it could not evaluate; read only
    from its own documents (``from_code``): in a plan JSON anyone could write one."""
    note = mapping(_region_expression(entry)).get(UNEVALUATED_REGION)
    if not isinstance(note, Mapping):
        return None
    file, line, reason = note.get("file"), note.get("line"), note.get("reason")
    return UnevaluatedRegion(
        clip(file if isinstance(file, str) else "?", 300),
        line if type(line) is int and line > 0 else None,
        clip(reason if isinstance(reason, str) else "cannot be evaluated", 200),
    )


def describe_region(entry: Mapping[str, Any] | None) -> str:
    """How a provider configuration entry writes its region, for a message."""
    if entry is None:
        return "is not in the configuration"
    expression = _region_expression(entry)
    if expression is None:
        return "sets no region"
    expression = mapping(expression)
    if "constant_value" in expression:
        value = expression["constant_value"]
        shown = clip(value if isinstance(value, str) else repr(value), 60)
        return f"sets region to {shown!r}, which is not a region code"
    refs = references_of(expression)
    if refs:
        shown = ", ".join(clip(r, 60) for r in refs[:4])
        return f"sets region from {shown}, which the plan does not evaluate"
    return "sets region with an expression the plan does not evaluate (a function call?)"


def data_source_regions(prior_state: Any, configuration: Configuration) -> list[tuple[str, str]]:
    """``(provider configuration key, region)`` for each ``aws_region`` or
    ``aws_availability_zones`` data source Terraform read while planning (``prior_state``) that
    leaves the region to its provider configuration."""
    found: list[tuple[str, str]] = []
    for module, resources in state_modules(prior_state):
        address = module.get("address")
        path = config_path(address) if isinstance(address, str) else ()
        config = configuration.module(path) if path is not None else None
        for resource in resources:
            resource = mapping(resource)
            kind, name = resource.get("type"), resource.get("name")
            if not isinstance(kind, str) or kind not in _REGION_DATA or config is None:
                continue
            if resource.get("mode") != "data" or not isinstance(name, str):
                continue
            declared = config.data_sources.get(f"data.{kind}.{name}")
            if declared is None or declared.provider_config_key is None:
                continue
            if any(argument in declared.expressions for argument in _REGION_DATA[kind]):
                continue  # data "aws_region" "x" { name = "..." }: another region, maybe
            region = _data_region(mapping(resource.get("values")))
            if region:
                found.append((declared.provider_config_key, region))
    return found


def _data_region(values: Mapping[str, Any]) -> str | None:
    for attribute in ("region", "name", "id"):  # provider 6 renamed aws_region's name to region
        value = values.get(attribute)
        if looks_like_region(value):
            return str(value)
    names = values.get("names")
    return carried_region({"availability_zones": names}) if isinstance(names, list) else None
