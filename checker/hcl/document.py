"""Write an evaluated configuration as the document ``terraform show -json`` writes for a plan.

Every resource is a ``create`` (data sources a ``read``). Unknown values are left out of
``after`` and marked in ``after_unknown`` exactly as Terraform marks them; extension fields say
where each resource is written (``x_costcheck_location``), why an attribute is unknown when it
depends on something else (``x_costcheck_unknown_reasons``) and, for a resource whose count or
for_each is not known, why (``x_costcheck_unknown_count``: its one entry, without an instance
key, stands for all its instances).

At the top level, ``x_costcheck_diagnostics`` lists what could not be read or evaluated
(``{"file", "line", "severity", "message"}``); ``x_costcheck_unparsed_files`` (the files that
did not parse) and ``x_costcheck_module_calls`` (module instance address -> the file of its call)
let :func:`~checker.hcl.gitref.diff_documents` leave out what one side could not read.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.hcl.config import (
    RESOURCE_META_ARGS,
    RESOURCE_META_BLOCKS,
    Attribute,
    ModuleCallDecl,
    ModuleConfig,
    OutputDecl,
    ResourceDecl,
)
from checker.hcl.engine import ModuleInstance, ProviderState, ResourceInstance, Run
from checker.hcl.expressions import Scope, evaluate
from checker.hcl.files import Confinement, FileAccessError
from checker.hcl.functions import FunctionContext
from checker.hcl.modules import resolve
from checker.hcl.references import is_constant, references
from checker.hcl.schema import BlockSchema, data_source_schema, resource_schema
from checker.hcl.syntax import Node
from checker.hcl.values import (
    COMPUTED,
    OWN,
    EvalError,
    LazyMap,
    Sensitive,
    Unknown,
    Unmetered,
    ValueTooLarge,
    unmark,
)
from checker.plan.providers import SENSITIVE_CONSTANT, UNEVALUATED_REGION

FORMAT_VERSION = "1.2"
GENERATOR = "costcheck-hcl"


def build_document(run: Run) -> dict[str, Any]:
    """The plan-shaped document for everything ``run`` evaluated."""
    changes: list[dict[str, Any]] = []
    for instance in run.instances:
        for resource in instance.resource_instances():
            changes.append(resource_change(resource))
    changes.sort(key=lambda c: c["address"])
    root = run.instances[0]
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "x_costcheck_generator": GENERATOR,
    }
    variables = {name: {"value": to_json(v)} for name, v in sorted(root.inputs.items())}
    _put(document, "variables", variables)
    document["planned_values"] = {"root_module": _planned_module(run, "", changes)}
    document["resource_changes"] = changes
    document["configuration"] = {
        "provider_config": _provider_config(run),
        "root_module": _module_config(run, root.config, ()),
    }
    # Last: writing the configuration reads modules no instance used (count = 0).
    document["x_costcheck_diagnostics"] = [d.to_json() for d in run.diagnostics]
    # What diff_documents needs to tell a resource that is gone from one that was not read.
    document["x_costcheck_unparsed_files"] = run.unparsed_files()
    document["x_costcheck_module_calls"] = {
        address: where.file for address, where in sorted(run.module_calls.items())
    }
    return document


# --- resource_changes -----------------------------------------------------------------------


def resource_change(resource: ResourceInstance) -> dict[str, Any]:
    """One ``resource_changes`` item."""
    decl = resource.decl
    values = resource.values
    item: dict[str, Any] = {"address": resource.address}
    if resource.module.address:
        item["module_address"] = resource.module.address
    item["mode"] = decl.mode
    item["type"] = decl.type
    item["name"] = decl.name
    if resource.key is not None:
        item["index"] = resource.key
    item["provider_name"] = resource.provider.full_name
    after, after_unknown, after_sensitive, reasons, origins = split_values(values, resource.address)
    item["change"] = {
        "actions": ["create"] if decl.mode == "managed" else ["read"],
        "before": None,
        "after": after,
        "after_unknown": after_unknown,
        "before_sensitive": False,
        "after_sensitive": after_sensitive,
    }
    where = decl.where
    item["x_costcheck_location"] = {
        "file": where.file,
        "start_line": where.line,
        "end_line": where.end_line if where.end_line is not None else where.line,
    }
    item["x_costcheck_unknown_reasons"] = reasons
    if origins:
        item["x_costcheck_unknown_origins"] = origins
    if resource.unknown_count is not None:
        item["x_costcheck_unknown_count"] = resource.unknown_count
    return item


def to_json(value: Any) -> Any:
    """An evaluator value as a JSON-ready value: whole numbers as int, other numbers as Decimal,
    sets as lists, sensitive values as they are (the marks go elsewhere). Unknowns stay (callers
    take them out)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if type(value) is Sensitive:
        return to_json(value.value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, LazyMap):
        value = value.materialize()
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def split_values(
    values: dict[str, Any], address: str
) -> tuple[Any, Any, Any, dict[str, str], dict[str, str]]:
    """Terraform's ``after``, ``after_unknown`` and ``after_sensitive`` of a resource's values,
    and why each unknown is.

    ``after`` leaves unknown attributes out of objects and makes unknown list elements null;
    ``after_unknown`` and ``after_sensitive`` are true where unknown (sensitive), keep a marker
    per list element and, in objects, only the members that hold one. (Terraform also writes
    the empty shape of every collection in ``after_sensitive``; it marks nothing, and costs time
    to build.) Reasons are given for the unknowns that depend on something other than the
    resource's own computed attributes, and where the resource's computed attribute is, when the
    value is another resource's (``launch_template.0.id`` -> the launch template's address,
    however many locals, try() and module boundaries lie between). One pass, as this runs for
    every resource.
    """
    reasons: dict[str, str] = {}
    origins: dict[str, str] = {}
    after, marks, sensitive = _split(values, address, "", reasons, origins)
    return after, marks, sensitive or {}, reasons, origins


_NESTED = (dict, list, tuple, LazyMap)


def _split(
    value: Any, address: str, path: str, reasons: dict[str, str], origins: dict[str, str]
) -> tuple[Any, Any, Any]:
    """``(after, after_unknown, after_sensitive)`` of ``value``; the last is None when nothing
    in it is sensitive (the common case, which then costs nothing to build). Objects first (a
    resource's values, its blocks), whole numbers converted in place: this runs for every
    attribute of every resource."""
    if isinstance(value, dict):
        after: dict[str, Any] = {}
        marks: dict[str, Any] = {}
        sensitive: dict[str, Any] | None = None
        for key, item in value.items():
            if item is COMPUTED:  # most attributes of most resources: checked first
                marks[key] = True
                continue
            kind = type(item)
            if kind is str or kind is bool or item is None:
                after[key] = item
                continue
            if kind is Decimal:
                after[key] = int(item) if item == item.to_integral_value() else item
                continue
            if kind is Sensitive:
                if sensitive is None:
                    sensitive = {}
                sensitive[key] = True
                item = item.value
                kind = type(item)
            if kind is Unknown:
                marks[key] = True
                if item.origin != address and item.origin != OWN:
                    where = f"{path}.{key}" if path else key
                    reasons[where] = item.reason
                    if item.origin:
                        origins[where] = item.origin
            elif isinstance(item, _NESTED):
                where = f"{path}.{key}" if path else key
                after[key], marks[key], inner = _split(item, address, where, reasons, origins)
                if inner is not None and (sensitive is None or key not in sensitive):
                    if sensitive is None:
                        sensitive = {}
                    sensitive[key] = inner
            else:
                after[key] = to_json(item)
        return after, marks, sensitive
    if isinstance(value, (list, tuple)):
        items: list[Any] = []
        item_marks: list[Any] = []
        item_sensitive: list[Any] | None = None
        for i, element in enumerate(value):
            item = element
            if type(item) is Sensitive:
                item_sensitive = item_sensitive or [False] * len(value)
                item_sensitive[i] = True
                item = item.value
            if isinstance(item, Unknown):
                items.append(None)
                item_marks.append(True)
                if item.origin != address and item.origin != OWN:
                    reasons[f"{path}.{i}"] = item.reason
                    if item.origin:
                        origins[f"{path}.{i}"] = item.origin
            elif isinstance(item, _NESTED):
                inner_after, mark, inner = _split(item, address, f"{path}.{i}", reasons, origins)
                items.append(inner_after)
                item_marks.append(mark)
                if inner is not None and item is element:
                    item_sensitive = item_sensitive or [False] * len(value)
                    item_sensitive[i] = inner
            else:
                items.append(to_json(item))
                item_marks.append(False)
        return items, item_marks, item_sensitive
    if isinstance(value, LazyMap):
        return _split(value.materialize(), address, path, reasons, origins)
    if type(value) is Sensitive:
        after, marks, _inner = _split(value.value, address, path, reasons, origins)
        return after, marks, True
    return to_json(value), False, None


# --- planned_values ---------------------------------------------------------------------------


def _planned_module(run: Run, address: str, changes: list[dict[str, Any]]) -> dict[str, Any]:
    by_module: dict[str, list[dict[str, Any]]] = {}
    for c in changes:
        if c["mode"] == "managed":
            by_module.setdefault(c.get("module_address", ""), []).append(c)
    # Each module instance's children, found once (not by a walk of all instances per module:
    # 30,000 instances took minutes).
    children: dict[str, set[str]] = {}
    for instance in run.instances:
        if instance.address:
            children.setdefault(_parent_address(instance), set()).add(instance.address)
    return _planned(address, by_module, children)


def _planned(
    address: str, by_module: dict[str, list[dict[str, Any]]], children_of: dict[str, set[str]]
) -> dict[str, Any]:
    module: dict[str, Any] = {}
    resources = []
    for c in by_module.get(address, ()):
        resource = {
            "address": c["address"],
            "mode": c["mode"],
            "type": c["type"],
            "name": c["name"],
        }
        if "index" in c:
            resource["index"] = c["index"]
        change = c["change"]
        resource["provider_name"] = c["provider_name"]
        resource["values"] = change["after"]
        resource["sensitive_values"] = change["after_sensitive"]
        resources.append(resource)
    if resources:
        module["resources"] = resources
    children = sorted(children_of.get(address, ()))
    if children:
        module["child_modules"] = [
            {"address": child, **_planned(child, by_module, children_of)} for child in children
        ]
    return module


def _parent_address(instance: ModuleInstance) -> str:
    address = instance.address
    cut = address.rfind(".module.")
    return address[:cut] if cut >= 0 else ""


# --- configuration ----------------------------------------------------------------------------


def _provider_config(run: Run) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in sorted(run.providers):
        state = run.providers[key]
        entry: dict[str, Any] = {"name": state.name, "full_name": state.full_name}
        if state.decl is not None and state.decl.alias:
            entry["alias"] = state.decl.alias
        if state.module_address:
            entry["module_address"] = state.module_address
        if state.version_constraint:
            entry["version_constraint"] = state.version_constraint
        if state.decl is not None:
            entry["expressions"] = _provider_expressions(state)
        out[key] = entry
    return out


def _provider_expressions(state: ProviderState) -> dict[str, Any]:
    assert state.decl is not None
    expressions = body_expressions(state.decl.body, top=False)
    expressions.pop("alias", None)
    region, marked = unmark(state.values.get("region"))
    if "region" in expressions and isinstance(region, str):
        # Terraform writes only the references of `region = var.region`; costcheck adds the value
        # it evaluated, so a reader need not evaluate the provider block again (and marks one
        # from a sensitive value, which a message must not quote).
        extra: dict[str, Any] = {"constant_value": region}
        if marked:
            extra[SENSITIVE_CONSTANT] = True
        expressions["region"] = {**expressions["region"], **extra}
    elif "region" in expressions and region is not None:
        # Written, yet no value here (read from a data source, a failed call): the provider's
        # region is not the environment's, so the reader must not take the default for it.
        line = next((at for name, _e, at in state.decl.body[1] if name == "region"), None)
        why = region.reason if isinstance(region, Unknown) else "is not a string"
        expressions["region"] = {
            **expressions["region"],
            UNEVALUATED_REGION: {
                "file": state.decl.where.file,
                "line": line or state.decl.where.line,
                "reason": why,
            },
        }
    return expressions


def _module_config(run: Run, config: ModuleConfig, call_path: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "outputs", {name: _output_config(o) for name, o in sorted(config.outputs.items())})
    # The provider keys of this configuration's resources, resolved once per provider (its first
    # instance decides, as the resources of one call share their providers).
    owner = next(
        (i for i in run.instances if i.call_path == call_path and i.config is config), None
    )
    provider_keys: dict[str, str] = {}
    resources = [
        _resource_config(decl, owner, provider_keys)
        for _k, decl in sorted(config.resources.items())
    ]
    if resources:
        out["resources"] = resources
    calls = {
        name: _call_config(run, config, call_path, decl)
        for name, decl in sorted(config.module_calls.items())
    }
    if calls:
        out["module_calls"] = calls
    variables: dict[str, Any] = {}
    for name, var in sorted(config.variables.items()):
        entry: dict[str, Any] = {}
        if var.default is not None:
            # A default Terraform would reject (file functions included): left out.
            with contextlib.suppress(EvalError, FileAccessError):
                entry["default"] = to_json(evaluate(var.default, _EMPTY_SCOPE))
        if var.description:
            entry["description"] = var.description
        if var.sensitive:
            entry["sensitive"] = True
        variables[name] = entry
    if variables:
        out["variables"] = variables
    return out


def _output_config(output: OutputDecl) -> dict[str, Any]:
    entry: dict[str, Any] = {"expression": expression(output.expr)}
    if output.sensitive:
        entry["sensitive"] = True
    if output.description:
        entry["description"] = output.description
    return entry


def _resource_config(
    decl: ResourceDecl,
    owner: ModuleInstance | None,
    provider_keys: dict[str, str],
) -> dict[str, Any]:
    local_key = decl.provider or decl.type.split("_", 1)[0]
    # Without an instance (a configuration never expanded) the key is the local name; the
    # owner's answer is cached once per provider.
    key = provider_keys.get(local_key)
    if key is None:
        key = owner.provider_key(local_key) if owner is not None else local_key
        provider_keys[local_key] = key
    entry: dict[str, Any] = {
        "address": decl.key,
        "mode": decl.mode,
        "type": decl.type,
        "name": decl.name,
        "provider_config_key": key,
    }
    block_schema = (
        resource_schema(decl.type) if decl.mode == "managed" else data_source_schema(decl.type)
    )
    _put(entry, "expressions", body_expressions(decl.body, top=True, schema=block_schema))
    _put_meta(entry, decl.count, decl.for_each)
    if decl.depends_on:
        entry["depends_on"] = list(decl.depends_on)
    return entry


def _call_config(
    run: Run, config: ModuleConfig, call_path: tuple[str, ...], decl: ModuleCallDecl
) -> dict[str, Any]:
    entry: dict[str, Any] = {"source": decl.source}
    _put(entry, "expressions", {a.name: expression(a.expr) for a in decl.inputs})
    _put_meta(entry, decl.count, decl.for_each)
    path = (*call_path, decl.name)
    source = resolve(decl.source, config.dir, ".".join(path), run.manifest)
    # As the engine: a module outside the repository is not read (nor is it followed).
    followed = source.directory is not None and run.confinement.contains(source.directory)
    entry["module"] = (
        _module_config(run, run.config(source.directory), path)
        if followed and source.directory is not None
        else {}
    )
    if decl.version:
        entry["version_constraint"] = decl.version
    return entry


def _put(entry: dict[str, Any], key: str, value: dict[str, Any]) -> None:
    """Set ``key`` unless ``value`` is empty (Terraform leaves empty members out)."""
    if value:
        entry[key] = value


def _put_meta(entry: dict[str, Any], count: Attribute | None, for_each: Attribute | None) -> None:
    if count is not None:
        _put(entry, "count_expression", expression(count.expr))
    if for_each is not None:
        _put(entry, "for_each_expression", expression(for_each.expr))


def body_expressions(body: Node, *, top: bool, schema: BlockSchema | None = None) -> dict[str, Any]:
    """The ``expressions`` object of a block: attributes, and nested blocks as lists."""
    out: dict[str, Any] = {}
    for name, expr, _line in body[1]:
        if top and name in RESOURCE_META_ARGS:
            continue
        out[name] = expression(expr)
    as_attribute: dict[str, list[Node]] = {}
    for btype, _labels, bbody, _start, _end in body[2]:
        if btype == "dynamic" or (top and btype in RESOURCE_META_BLOCKS):
            continue  # Terraform does not write dynamic blocks here either
        if schema is not None and btype in schema.types and btype not in schema.blocks:
            as_attribute.setdefault(btype, []).append(bbody)
            continue
        nested = schema.blocks.get(btype) if schema is not None else None
        existing = out.setdefault(btype, [])
        if isinstance(existing, list):  # else an argument of the same name (as the evaluation)
            existing.append(body_expressions(bbody, top=False, schema=nested))
    for name, bodies in as_attribute.items():
        assert schema is not None
        out[name] = _blocks_as_attribute(bodies, schema.types[name])
    return out


def _blocks_as_attribute(bodies: list[Node], attribute_type: Any) -> dict[str, Any]:
    """Blocks written for an attribute (``ingress { ... }``) are one expression to Terraform: a
    list of objects (null for what a block leaves out), with the references of all of them."""
    names: list[str] = []
    if isinstance(attribute_type, list) and isinstance(attribute_type[1], list):
        names = sorted(attribute_type[1][1])
    objects = []
    for body in bodies:
        written = {n: e for n, e, _line in body[1]}
        members = [(("lit", n), written.get(n, ("lit", None))) for n in names or sorted(written)]
        objects.append(("object", tuple(members)))
    return expression(("tuple", tuple(objects)))


def _no_names(name: str) -> Any:
    raise EvalError(f'"{name}" is not available in a constant expression')


# No file functions in constants: the document does not need their result (the evaluation has
# it), and there is no directory for them to be confined to here.
_EMPTY_SCOPE = Scope(_no_names, FunctionContext(Path("."), Confinement(()), budget=Unmetered()))


def expression(node: Node) -> dict[str, Any]:
    """Terraform's JSON for one expression."""
    if node[0] == "lit":  # a literal is a constant with nothing to walk: the commonest case
        return {"constant_value": node[1]}
    if node[0] == "num":  # the next commonest: nothing to walk either
        return {"constant_value": to_json(evaluate(node, _EMPTY_SCOPE))}
    refs = references(node)
    if refs:
        return {"references": refs}
    if is_constant(node):
        try:
            value = evaluate(node, _EMPTY_SCOPE)
        except (EvalError, FileAccessError, ValueTooLarge):
            return {}  # (too large: the run said so where it evaluated it; else it is unused)
        if not isinstance(value, Unknown):
            return {"constant_value": to_json(value)}
    return {}
