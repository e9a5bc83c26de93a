"""What a plan cannot say and the code beside it can: which resource a value comes from.

A plan's configuration lists only the names an expression refers to directly: for
``launch_template { id = local.launch_template_id }`` it says ``local.launch_template_id`` and
no more, since ``terraform show -json`` writes no locals. Public modules reach their launch
templates, subnets and task definitions through locals, ``try()`` and conditionals, so a pricer
reading the plan alone cannot find them. Evaluating the ``.tf`` files the plan was made from
(with the plan's variable values) follows every such step: each unknown value knows the resource
whose computed attribute it is (``x_costcheck_unknown_origins`` in the evaluated document).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from checker.errors import InputError
from checker.model import Missing, Plan, Resource, ResourceChange
from checker.plan.code import CodeBeside

Origins = Mapping[str, Mapping[str, str]]  # address -> attribute path -> origin address

# Per resource type, the references its pricers follow to another resource: (the attribute
# paths tried in turn, the type looked for (None: any resource of the plan), whether only an
# unknown value there needs the code). "*" stands for each block's index. The pricers declare
# them (``checker.resources.FOLLOWED``); this layer is given them, so that it does not encode
# what pricers read. A plan whose own references already lead where these point is priced
# without evaluating its code.
Followed = Mapping[str, tuple[tuple[tuple[str, ...], str | None, bool], ...]]
# Per resource type, the values its pricer reads as AWS's default when unknown, unless a
# reference shows that the configuration sets them from something
# (``checker.resources.DEFAULTED``; :func:`checker.resources.network.defaults.value_or_default`).
Defaulted = Mapping[str, tuple[str, ...]]


def code_origins(code: CodeBeside, variables: Mapping[str, Any]) -> Origins | None:
    """Per resource address, the resource each unknown attribute value comes from, evaluating
    the ``.tf`` files of ``code`` with ``variables`` (the plan's; the evaluation the plan's
    regions may have needed already, not a second one); None where they cannot be evaluated
    (the plan is then read as it is). The caller has checked that there are such files."""
    try:
        result = code.evaluate(variables)
    except InputError:
        return None
    found: dict[str, Mapping[str, str]] = {}
    for change in result.document.get("resource_changes", ()):
        origins = change.get("x_costcheck_unknown_origins")
        if isinstance(origins, dict) and origins:
            found[str(change["address"])] = origins
    return found


def unresolved_references(plan: Plan, followed: Followed, defaulted: Defaulted) -> bool:
    """Whether evaluating the code beside ``plan`` could tell a pricer something the plan's own
    configuration does not: a reference in ``followed`` that leads to no resource of the type
    wanted, or an unknown value in ``defaulted`` set from something the plan cannot resolve.

    The evaluation only ever adds references after the plan's own (see :func:`link`), and a
    pricer takes the first that fits, so where this is False it would change nothing a pricer
    reads (web-stack: the plan's configuration names every launch template and subnet)."""
    types = {change.after.address: change.after.type for change in plan if change.after}
    for change in plan:
        resource = change.after
        if resource is None:
            continue
        if _unresolved_unknowns(resource, defaulted.get(resource.type, ())):
            return True
        for paths, wanted, only_unknown in followed.get(resource.type, ()):
            if not _leads_to(resource, _expanded(resource, paths), wanted, types, only_unknown):
                return True
    return False


def _unresolved_unknowns(resource: Resource, paths: tuple[str, ...]) -> bool:
    """A value of ``paths`` (those read as AWS's default), unknown and set from something,
    where the plan resolved no resource: a local, a data source, a module output it cannot
    follow..."""
    if not paths or not resource.configured_references:
        return False
    attributes, references = resource.attributes, resource.references
    return any(
        path in resource.configured_references
        and not references.get(path)
        and isinstance(attributes.get(path), Missing)
        for path in paths
    )


def _expanded(resource: Resource, paths: tuple[str, ...]) -> tuple[str, ...]:
    """``paths`` with each ``block.*.rest`` written once per block the resource has."""
    out: list[str] = []
    for path in paths:
        block, star, rest = path.partition(".*.")
        if not star:
            out.append(path)
            continue
        blocks = resource.attributes.get(block)
        count = len(blocks) if isinstance(blocks, list) else 0  # unknown: the pricer reads none
        out.extend(f"{block}.{i}.{rest}" for i in range(count))
    return tuple(out)


def _leads_to(
    resource: Resource,
    paths: tuple[str, ...],
    wanted: str | None,
    types: Mapping[str, str],
    only_unknown: bool,
) -> bool:
    """True when the plan's own references at one of ``paths`` name a resource of the plan of
    type ``wanted``, or when none of them holds anything the code could lead somewhere: null
    or empty, (a top-level argument) a literal or a value the provider computes, or (with
    ``only_unknown``) any known value."""
    attributes = resource.attributes
    nothing = True
    for path in paths:
        block, dot, _ = path.partition(".")
        if dot and not attributes.blocks(block):
            continue  # the pricer reads a nested block only where there is one
        for address in resource.references.get(path, ()):
            found = types.get(address)
            if found is not None and (wanted is None or found == wanted):
                return True
        value = attributes.get(path)
        if (
            value is None
            or value == ""
            or value == []
            or (only_unknown and not isinstance(value, Missing))
        ):
            continue
        if "." not in path and path not in resource.configured_references:
            continue  # no expression refers to anything there (a nested block may be dynamic)
        nothing = False
    return nothing


def link(plan: Plan, origins: Origins) -> Plan:
    """``plan`` with each resource's references completed by ``origins`` (the plan's own come
    first: a pricer takes the first that fits)."""
    changes = tuple(_link_change(change, origins) for change in plan)
    return dataclasses.replace(plan, changes=changes)


def _link_change(change: ResourceChange, origins: Origins) -> ResourceChange:
    extra = origins.get(change.address)
    if not extra or change.after is None:
        return change
    return dataclasses.replace(change, after=_link_resource(change.after, extra))


def _link_resource(resource: Resource, extra: Mapping[str, str]) -> Resource:
    merged = dict(resource.references)
    for path, address in extra.items():
        if address not in merged.get(path, ()):
            merged[path] = (*merged.get(path, ()), address)
    return dataclasses.replace(resource, references=merged)
