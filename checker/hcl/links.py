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

_TEMPLATE = (("launch_template.0.id", "launch_template.0.name"), "aws_launch_template")
_MIXED = "mixed_instances_policy.0.launch_template.0.launch_template_specification.0"
# Per resource type, the references its pricer follows to another resource: (the attribute
# paths it tries in turn, the type it looks for; None: any resource of the plan). "*" stands
# for each block's index. A pricer that starts following a reference belongs here: a plan whose
# own references already lead where these point is priced without evaluating its code.
FOLLOWED: Mapping[str, tuple[tuple[tuple[str, ...], str | None], ...]] = {
    "aws_instance": (_TEMPLATE, (("subnet_id",), "aws_subnet")),
    "aws_spot_instance_request": (_TEMPLATE, (("subnet_id",), "aws_subnet")),
    "aws_eks_node_group": (_TEMPLATE, (("subnet_ids",), "aws_subnet")),
    "aws_autoscaling_group": (
        _TEMPLATE,
        ((f"{_MIXED}.launch_template_id", f"{_MIXED}.launch_template_name"), "aws_launch_template"),
        (("launch_configuration",), "aws_launch_configuration"),
        (("vpc_zone_identifier",), "aws_subnet"),
    ),
    "aws_lb": ((("subnets",), "aws_subnet"),),
    "aws_alb": ((("subnets",), "aws_subnet"),),
    "aws_ecs_service": (
        (("task_definition",), "aws_ecs_task_definition"),
        (("cluster",), "aws_ecs_cluster"),
    ),
    "aws_ecs_cluster_capacity_providers": ((("cluster_name",), "aws_ecs_cluster"),),
    "aws_ecs_task_set": ((("service",), "aws_ecs_service"),),
    "aws_ebs_snapshot": ((("volume_id",), "aws_ebs_volume"),),
    "aws_ebs_snapshot_copy": ((("source_snapshot_id",), "aws_ebs_snapshot"),),
    "aws_ami": ((("ebs_block_device.*.snapshot_id",), "aws_ebs_snapshot"),),
    "aws_ami_copy": ((("source_ami_id",), "aws_ami"),),
    "aws_lambda_provisioned_concurrency_config": ((("function_name",), "aws_lambda_function"),),
    "aws_sagemaker_endpoint": ((("endpoint_config_name",), "aws_sagemaker_endpoint_config"),),
    "aws_kms_replica_key": ((("primary_key_arn",), "aws_kms_key"),),
    "aws_dx_gateway_association": ((("associated_gateway_id",), None),),
    "aws_db_instance": ((("replicate_source_db",), "aws_db_instance"),),
    "aws_db_instance_automated_backups_replication": (
        (("source_db_instance_arn",), "aws_db_instance"),
    ),
    "aws_docdb_cluster_instance": ((("cluster_identifier",), "aws_docdb_cluster"),),
    "aws_rds_cluster_instance": ((("cluster_identifier",), "aws_rds_cluster"),),
    "aws_elasticache_cluster": ((("replication_group_id",), None),),
    "aws_appautoscaling_target": ((("resource_id",), None),),
    "aws_cloudwatch_log_delivery": (
        (("delivery_destination_arn",), "aws_cloudwatch_log_delivery_destination"),
    ),
    # The delivery is priced by what its destination sends to (a second hop).
    "aws_cloudwatch_log_delivery_destination": (
        (("delivery_destination_configuration.0.destination_resource_arn",), None),
    ),
    "aws_redshift_snapshot_copy": ((("cluster_identifier",), "aws_redshift_cluster"),),
    # The bus it discovers on leaves schema discovery to it (followed from the bus's side).
    "aws_schemas_discoverer": ((("source_arn",), "aws_cloudwatch_event_bus"),),
}


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


_SEARCH = ("instance_type", "dedicated_master_enabled", "warm_enabled", "instance_count")
_SEARCH_PATHS = (
    *(f"cluster_config.0.{name}" for name in (*_SEARCH, "dedicated_master_count", "warm_count")),
    "ebs_options.0.volume_type",
)
# Per resource type, the values its pricer reads as AWS's default when unknown, unless a
# reference shows that the configuration sets them from something
# (:func:`checker.resources.network.defaults.value_or_default`).
DEFAULTED: Mapping[str, tuple[str, ...]] = {
    "aws_efs_file_system": ("availability_zone_name",),
    "aws_sfn_state_machine": ("type",),
    "aws_api_gateway_stage": ("cache_cluster_size",),
    "aws_cloudwatch_log_group": ("log_group_class",),
    "aws_lb": ("internal", "ip_address_type"),
    "aws_alb": ("internal", "ip_address_type"),
    "aws_eip": ("public_ipv4_pool",),
    "aws_docdb_cluster": ("storage_type",),
    "aws_acmpca_certificate_authority": ("usage_mode",),
    "aws_opensearch_domain": _SEARCH_PATHS,
    "aws_elasticsearch_domain": _SEARCH_PATHS,
    "aws_kinesis_stream": ("stream_mode_details.0.stream_mode",),
    "aws_redshift_cluster": ("cluster_type", "number_of_nodes"),
    "aws_batch_compute_environment": ("type",),
    "aws_efs_replication_configuration": (
        "destination.0.region",
        "destination.0.file_system_id",
        "destination.0.availability_zone_name",
    ),
    "aws_memorydb_cluster": ("engine", "snapshot_retention_limit"),
    "aws_fsx_ontap_file_system": ("disk_iops_configuration", "ha_pairs"),
    "aws_glue_job": (
        "command.0.name",
        "execution_class",
        "number_of_workers",
        "worker_type",
        "max_capacity",
    ),
}


def unresolved_references(plan: Plan) -> bool:
    """Whether evaluating the code beside ``plan`` could tell a pricer something the plan's own
    configuration does not: a reference in :data:`FOLLOWED` that leads to no resource of the
    type wanted, or an unknown value in :data:`DEFAULTED` set from something the plan cannot
    resolve.

    The evaluation only ever adds references after the plan's own (see :func:`link`), and a
    pricer takes the first that fits, so where this is False it would change nothing a pricer
    reads (web-stack: the plan's configuration names every launch template and subnet)."""
    types = {change.after.address: change.after.type for change in plan if change.after}
    for change in plan:
        resource = change.after
        if resource is None:
            continue
        if _unresolved_unknowns(resource):
            return True
        for paths, wanted in FOLLOWED.get(resource.type, ()):
            if not _leads_to(resource, _expanded(resource, paths), wanted, types):
                return True
    return False


def _unresolved_unknowns(resource: Resource) -> bool:
    """A value :data:`DEFAULTED` lists, unknown and set from something, where the plan resolved
    no resource: a local, a data source, a module output it cannot follow..."""
    paths = DEFAULTED.get(resource.type, ())
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
    resource: Resource, paths: tuple[str, ...], wanted: str | None, types: Mapping[str, str]
) -> bool:
    """True when the plan's own references at one of ``paths`` name a resource of the plan of
    type ``wanted``, or when none of them holds anything the code could lead somewhere: null
    or empty, or (a top-level argument) a literal or a value the provider computes."""
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
        if value is None or value == "" or value == []:
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
