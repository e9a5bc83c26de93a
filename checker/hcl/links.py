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
from checker.model import Plan, Resource, ResourceChange
from checker.plan.code import CodeBeside

# Resource types whose pricers look other resources up through references.
REFERRING_TYPES = frozenset(
    {
        "aws_autoscaling_group",
        "aws_eks_node_group",
        "aws_instance",
        "aws_lb",
        "aws_alb",
        "aws_ecs_service",
        "aws_ebs_snapshot",
        "aws_db_instance",
        "aws_rds_cluster_instance",
    }
)

Origins = Mapping[str, Mapping[str, str]]  # address -> attribute path -> origin address


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


def needs_origins(plan: Plan) -> bool:
    """Whether any resource of ``plan`` is priced through another one it refers to."""
    return any(change.type in REFERRING_TYPES for change in plan)


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
