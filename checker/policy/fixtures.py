"""Small estimates written by hand, for policy tests: resources with attributes and, where the
author gives them, their monthly costs (else they are priced like any plan).

A resource spec is a mapping::

    address: module.app.aws_instance.web[0]   # type and module are read from the address
    action: create                            # create (default), update, replace, delete, no-op
    values: {instance_type: m5.large}         # after the change (before: for the state before)
    before: {instance_type: t3.large}
    unknown: [tags_all]                       # paths known only after apply
    sensitive: [password]
    region: us-east-1
    monthly_cost: 70                          # fixed cost after the change; past_monthly_cost
    components: {Instance usage: 70, Storage: null}   # or named lines (null = unknown)
    status: unsupported                       # or make it unpriced: unsupported / unknown
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from checker.errors import InputError
from checker.model import (
    STATUSES,
    Action,
    Attributes,
    ChangeEstimate,
    Estimate,
    Plan,
    PricedComponent,
    PricedResource,
    Resource,
    ResourceChange,
)
from checker.policy.validate import MAX_AMOUNT, quote, suggest
from checker.safe_text import clip

_ADDRESS = re.compile(
    r"^(?P<module>(?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*)(?P<type>[^.\[]+)\.(?P<name>[^.\[]+)"
    r"(?P<index>\[[^\]]*\])?$"
)
_SIDES = {
    Action.CREATE: (False, True),
    Action.DELETE: (True, False),
    Action.UPDATE: (True, True),
    Action.REPLACE: (True, True),
    Action.NOOP: (True, True),
}
ACTION_NAMES = tuple(action.value for action in _SIDES)
SPEC_KEYS = (
    "address",
    "type",
    "action",
    "values",
    "before",
    "unknown",
    "sensitive",
    "region",
    "monthly_cost",
    "past_monthly_cost",
    "components",
    "past_components",
    "status",
)


def _decimal(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    where = clip(where)
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InputError(f"{where} must be a number")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise InputError(f"{where} must be a number, not {quote(value)}") from None
    # NaN cannot be compared, and an amount past any budget only overflows the reports.
    if not number.is_finite() or abs(number) > MAX_AMOUNT:
        raise InputError(f"{where} must be a finite number of at most {MAX_AMOUNT:,.0f}")
    return number


def resource_from_spec(spec: Mapping[str, Any], side: str = "values") -> Resource:
    """One side (``values`` or ``before``) of a resource spec as a :class:`Resource`."""
    address = spec.get("address")
    match = _ADDRESS.match(address) if isinstance(address, str) else None
    if match is None or not isinstance(address, str):
        raise InputError(f"resource address {quote(address)} is not like aws_instance.web")
    values = spec.get(side) or {}
    if not isinstance(values, Mapping):
        raise InputError(f"{address}: {side} must be a mapping")
    return Resource(
        address=address,
        type=spec.get("type") or match["type"],
        name=match["name"],
        attributes=Attributes(
            values=dict(values),
            unknown=_paths(spec, "unknown") if side == "values" else frozenset(),
            sensitive=_paths(spec, "sensitive"),
        ),
        region=spec.get("region") or "us-east-1",
        module_address=match["module"].rstrip("."),
    )


def _paths(spec: Mapping[str, Any], key: str) -> frozenset[str]:
    """Attribute paths: a list of strings, or one string."""
    value = spec.get(key) or ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise InputError(f"{quote(spec.get('address'))}: {key} must be a list of attribute paths")
    return frozenset(items)


def plan_from_specs(specs: Sequence[Mapping[str, Any]], source: str = "inline") -> Plan:
    """A plan holding the resources described by ``specs``."""
    changes = []
    for spec in specs:
        for key in spec:
            if key not in SPEC_KEYS:
                raise InputError(
                    f"{spec.get('address')}: unknown resource key {quote(key)}{suggest(key, SPEC_KEYS)}"
                )
        try:
            action = Action(spec.get("action", "create"))
        except ValueError:
            raise InputError(
                f"{spec.get('address')}: unknown action {quote(spec.get('action'))}"
            ) from None
        if action not in _SIDES:
            raise InputError(f"{spec.get('address')}: action {action.value} is not judged")
        has_before, has_after = _SIDES[action]
        before = resource_from_spec(spec, "before" if "before" in spec else "values")
        after = resource_from_spec(spec, "values")
        changes.append(
            ResourceChange(
                address=after.address,
                type=after.type,
                action=action,
                before=before if has_before else None,
                after=after if has_after else None,
            )
        )
    return Plan(tuple(changes), source)


def given_cost(resource: Resource, spec: Mapping[str, Any], *, past: bool) -> PricedResource | None:
    """The priced side a spec fixes by hand, or None when it leaves pricing to the catalog."""
    address = resource.address
    status = spec.get("status")
    if status is not None and status not in STATUSES:
        raise InputError(f"{address}: status must be one of {', '.join(STATUSES)}")
    if status in ("unsupported", "unknown", "free", "usage"):
        note = f"{status} (given by the test)"
        return PricedResource(resource, status, note=note)
    key = "past_monthly_cost" if past else "monthly_cost"
    components = spec.get("past_components" if past else "components")
    if components is not None:
        if not isinstance(components, Mapping):
            raise InputError(f"{address}: components must map names to monthly costs")
        lines = tuple(
            PricedComponent(
                name=str(name),
                unit="month",
                monthly_quantity=Decimal(1),
                unit_price=_decimal(cost, f"{address}: component {name}"),
                monthly_cost=_decimal(cost, f"{address}: component {name}"),
                unknown_reason=None if cost is not None else "not known (given by the test)",
            )
            for name, cost in components.items()
        )
        unknown = any(line.monthly_cost is None for line in lines)
        return PricedResource(resource, "unknown" if unknown else "priced", lines)
    if key in spec:
        cost = _decimal(spec[key], f"{address}: {key}")
        line = PricedComponent(
            name="Monthly cost (given)",
            unit="month",
            monthly_quantity=Decimal(1),
            unit_price=cost,
            monthly_cost=cost,
            unknown_reason=None if cost is not None else "not known (given by the test)",
        )
        return PricedResource(resource, "priced" if cost is not None else "unknown", (line,))
    return None


def with_given_costs(
    estimate: Estimate,
    specs: Mapping[str, Mapping[str, Any]],
    costs_by_type: Mapping[str, Any],
) -> Estimate:
    """``estimate`` with the sides whose costs the test fixes (per resource, or per type)."""
    items = []
    for item in estimate.resources:
        spec = dict(specs.get(item.change.address, {}))
        if item.change.type in costs_by_type and not _has_cost(spec):
            spec["monthly_cost"] = costs_by_type[item.change.type]
            spec.setdefault("past_monthly_cost", costs_by_type[item.change.type])
        current = (
            given_cost(item.current.resource, spec, past=False) if item.current else None
        ) or item.current
        past = (given_cost(item.past.resource, spec, past=True) if item.past else None) or item.past
        items.append(ChangeEstimate(item.change, past, current))
    return Estimate(estimate.plan, tuple(items), estimate.currency, estimate.price_sources)


def _has_cost(spec: Mapping[str, Any]) -> bool:
    return any(k in spec for k in ("monthly_cost", "components", "status"))


def needs_pricing(
    plan: Plan, specs: Mapping[str, Mapping[str, Any]], costs_by_type: Mapping[str, Any]
) -> bool:
    """True when some resource has no cost given, so the catalog must price it."""
    return any(
        not _has_cost(specs.get(change.address, {})) and change.type not in costs_by_type
        for change in plan.changes
    )
