"""Complete a resource's written attributes the way the provider's plan would.

The plan shows every attribute of the schema: what the code wrote (converted to the schema's
type), the provider's default for what it omitted (``health_check_grace_period = 300``, ``null``,
``[]``), and *unknown* for what the provider computes (``id``, ``arn``, an omitted
``root_block_device``). :mod:`checker.hcl.aws_schema_data` holds that knowledge for the AWS types
costcheck prices, read from the real provider; for other types only ``id`` is marked unknown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from checker.hcl.types import COLLECTIONS, convert_collection, convert_primitive, is_primitive
from checker.hcl.values import (
    COMPUTED,
    KNOWN_AFTER_APPLY,
    READ_DURING_PLAN,
    EvalError,
    OpenObject,
    Sensitive,
    Unknown,
    first_unknown,
    from_plain,
    mark,
    unmark,
)

UnknownFactory = Callable[[str], Unknown]


@dataclass(frozen=True)
class Planned:
    """What the provider plans for the attributes a resource omits: ``defaults``, and unknown
    for the ``computed`` names without one; ``filled`` holds both (computed as
    :data:`~checker.hcl.values.COMPUTED`), made once per schema rather than per resource."""

    defaults: dict[str, Any]
    computed: frozenset[str]
    only_computed: tuple[str, ...]  # computed names without a default
    filled: dict[str, Any]


def _planned(defaults: dict[str, Any], computed: frozenset[str]) -> Planned:
    only = tuple(name for name in computed if name not in defaults)
    return Planned(defaults, computed, only, {**defaults, **dict.fromkeys(only, COMPUTED)})


@dataclass(frozen=True)
class BlockSchema:
    """One level of a resource schema (the resource itself, or a nested block)."""

    types: dict[str, Any]
    computed: frozenset[str]
    sensitive: frozenset[str]
    defaults: dict[str, Any]
    blocks: dict[str, BlockSchema]
    nesting: str = "list"  # list | set | single | group | map
    observed: bool = False  # defaults/computed were read from a real plan at this level
    attribute_names: frozenset[str] = field(default=frozenset())
    # attribute -> written value -> (defaults, computed) the provider plans instead for it
    # (an NLB gets other defaults than an ALB).
    variants: dict[str, dict[str, Planned]] = field(default_factory=dict)

    @functools.cached_property
    def plans_empty_tags_all(self) -> bool:
        """See :func:`plans_empty_tags_all` (asked for every resource instance)."""
        return self.observed and self.defaults.get("tags_all") == {}

    @functools.cached_property
    def planned(self) -> Planned:
        """The defaults and computed names as one, made once per schema (which is cached)."""
        return _planned(self.defaults, self.computed)

    def for_values(self, written: dict[str, Any]) -> Planned:
        """The defaults and computed names that apply to a resource writing ``written``."""
        for attribute, by_value in self.variants.items():
            value = written.get(attribute)
            if isinstance(value, str) and value in by_value:
                return by_value[value]
        return self.planned


def _build(data: dict[str, Any]) -> BlockSchema:
    defaults = {k: from_plain(v) for k, v in data["defaults"].items()}
    computed = frozenset(data["computed"])
    return BlockSchema(
        types=data["types"],
        computed=computed,
        sensitive=frozenset(data["sensitive"]),
        defaults=defaults,
        blocks={k: _build(v) for k, v in data["blocks"].items()},
        nesting=data.get("nesting", "list"),
        observed=bool(data.get("observed")),
        attribute_names=frozenset(data["types"]),
        variants={
            attribute: {
                value: _planned(
                    {k: from_plain(v) for k, v in variant["defaults"].items()},
                    frozenset(variant["computed"]),
                )
                for value, variant in by_value.items()
            }
            for attribute, by_value in data.get("variants", {}).items()
        },
    )


@functools.cache
def resource_schema(resource_type: str) -> BlockSchema | None:
    """The schema costcheck knows for managed resource type ``resource_type``, or None."""
    from checker.hcl.aws_schema_data import RESOURCES  # large: loaded on first use

    data = RESOURCES.get(resource_type)
    return None if data is None else _build(data)


@functools.cache
def data_source_schema(data_type: str) -> BlockSchema | None:
    """The schema costcheck knows for data source type ``data_type``, or None."""
    from checker.hcl.aws_schema_data import DATA_SOURCES

    data = DATA_SOURCES.get(data_type)
    return None if data is None else _build(data)


def has_tags_all(schema: BlockSchema | None, written: dict[str, Any]) -> bool:
    """Whether the provider computes ``tags_all`` for a resource of ``schema`` (None: a type
    costcheck has no schema for) writing ``written``."""
    if schema is None:
        return "tags" in written
    return "tags_all" in schema.types


def plans_empty_tags_all(schema: BlockSchema | None) -> bool:
    """Whether the provider plans ``tags_all = {}`` for a resource of ``schema`` written without
    any tag, as its plugin-framework resources do (observed in a real plan), instead of leaving
    it unknown as its SDK resources do."""
    return schema is not None and schema.plans_empty_tags_all


def computed_after_apply(address: str) -> UnknownFactory:
    """Unknowns for a managed resource's computed attributes ("depends on aws_instance.web.id,
    which is known only after apply", as the resources referring to them will say)."""
    return lambda path: Unknown(f"depends on {address}.{path}, {KNOWN_AFTER_APPLY}", origin=address)


def read_during_plan(address: str) -> UnknownFactory:
    """Unknowns for what a data source reads."""
    return lambda _path: Unknown(f"depends on {address}, {READ_DURING_PLAN}", origin=address)


def complete(
    written: dict[str, Any],
    schema: BlockSchema | None,
    unknown_at: UnknownFactory,
    errors: list[str] | None = None,
    *,
    sdk: bool = True,
    path: str = "",
    placeholder: Unknown | None = None,
    open_as: UnknownFactory | None = None,
) -> dict[str, Any]:
    """``written`` converted to the schema's types, with defaults and computed unknowns added.
    With ``open_as``, the result is an :class:`~checker.hcl.values.OpenObject` whose names not
    listed get its unknown (built as one, not copied into one afterwards).

    A computed attribute holds ``placeholder`` (:data:`~checker.hcl.values.COMPUTED` for a
    managed resource), else ``unknown_at(dotted_path)``; nested blocks become
    :class:`~checker.hcl.values.OpenObject` s whose references get ``unknown_at``'s unknown.
    ``sdk`` (managed resources) applies the plugin SDK's rule for partly unknown collections; a
    data source's planned arguments keep them as written. Conversion problems go to ``errors``.
    """
    sink = errors if errors is not None else []
    result: dict[str, Any] = {} if open_as is None else OpenObject({}, open_as)
    if schema is None:
        out = result
        out.update(written)
        for name, value in written.items():
            if isinstance(value, list) and value and all(type(v) is dict for v in value):
                # Most likely nested blocks: without the schema, what one leaves out may be
                # computed by the provider (an API domain's target_domain_name), so unknown.
                out[name] = [
                    _open_block(v, unknown_at, f"{path}{name}.{i}.") for i, v in enumerate(value)
                ]
        out.setdefault("id", placeholder or unknown_at(f"{path}id"))
        return out
    out = {}
    types = schema.types
    for name, value in written.items():
        kind = type(value)
        if (kind is str or kind is Decimal) and name not in schema.blocks:
            # Most attributes of most resources already are of their type: nothing to do.
            ty = types.get(name)
            if (ty == "string" and kind is str) or (ty == "number" and kind is Decimal):
                out[name] = value
                continue
        marked = kind is Sensitive
        if marked:
            value = value.value
        if value is None and name not in schema.blocks:
            continue  # null means omitted
        if sdk and name == "tags" and value == {}:
            continue  # the plugin SDK plans empty tags as null (modules write tags = var.tags)
        if value == [] and name in schema.blocks:
            continue  # no block written (a dynamic block over nothing) is the block omitted
        if name in schema.blocks:
            value = _complete_blocks(
                value, schema.blocks[name], unknown_at, sink, sdk, f"{path}{name}", placeholder
            )
        elif name in schema.types:
            ty = schema.types[name]
            kind = type(value)
            # Most attributes of most resources already are of their type: nothing to do.
            if kind is dict and ty == _MAP_OF_STRING and _all_strings(value):
                value = dict(value)  # tags: what converting would give, without the walks
            elif not ((kind is str and ty == "string") or (kind is Decimal and ty == "number")):
                if sdk and kind is list and _is_object_collection(ty):
                    # Blocks written for an attribute (the SDK's "attributes as blocks", such as
                    # a security group's ingress): what a block omits is the type's zero value.
                    value = [_with_zero_values(v, ty[1][1]) for v in value]
                value = _convert(value, ty, sink, sdk, path, name)
        # else: not in the schema: Terraform would reject it; keep what was written
        out[name] = mark(value) if marked else value
    planned = schema.for_values(written)
    # What was written first, then the defaults, then the computed names (as adding each
    # missing name in turn would order them), in a few C-level merges: written names the
    # merge overwrote get their value back from the last update.
    filled = result
    filled.update(out)
    if placeholder is COMPUTED:
        filled.update(planned.filled)
    else:
        filled.update(planned.defaults)
        if placeholder is not None:
            filled.update(dict.fromkeys(planned.only_computed, placeholder))
        else:
            for name in planned.only_computed:
                if name not in out:
                    filled[name] = unknown_at(f"{path}{name}")
    filled.update(out)
    out = filled
    if not schema.observed:
        # A level no real plan showed: the schema alone says what an omitted name is.
        for name in schema.attribute_names:
            out.setdefault(name, None)
        for name, block in schema.blocks.items():
            out.setdefault(name, None if block.nesting == "single" else [])
    for name in schema.sensitive:
        # The provider's sensitive attributes are marked wherever they are referenced, known or
        # not, as Terraform marks them.
        if name in out:
            out[name] = mark(out[name])
    return out


_MAP_OF_STRING = ["map", "string"]


def _all_strings(value: dict[str, Any]) -> bool:
    for item in value.values():  # noqa: SIM110 (a loop: no generator per map)
        if type(item) is not str:
            return False
    return True


def _is_object_collection(ty: Any) -> bool:
    return (
        isinstance(ty, list)
        and ty[0] in ("list", "set")
        and isinstance(ty[1], list)
        and ty[1][0] == "object"
    )


def _with_zero_values(value: Any, attributes: dict[str, Any]) -> Any:
    block, marked = unmark(value)
    if not isinstance(block, dict):
        return value
    filled = {name: block.get(name, _zero(ty)) for name, ty in attributes.items()}
    return mark(filled) if marked else filled


def _zero(ty: Any) -> Any:
    if ty == "string":
        return ""
    if ty == "number":
        return Decimal(0)
    if ty == "bool":
        return False
    if isinstance(ty, list) and ty[0] in ("list", "set"):
        return []
    if isinstance(ty, list) and ty[0] == "map":
        return {}
    return None


def _complete_blocks(
    value: Any,
    schema: BlockSchema,
    unknown_at: UnknownFactory,
    errors: list[str],
    sdk: bool,
    path: str,
    placeholder: Unknown | None,
) -> Any:
    if isinstance(value, Unknown) or value is None:
        return value
    items = value if isinstance(value, list) else [value]
    done = [
        _complete_block(item, schema, unknown_at, errors, sdk, f"{path}.{i}.", placeholder)
        for i, item in enumerate(items)
    ]
    if schema.nesting == "single":
        return done[0] if done else None
    return done


def _complete_block(
    item: Any,
    schema: BlockSchema,
    unknown_at: UnknownFactory,
    errors: list[str],
    sdk: bool,
    path: str,
    placeholder: Unknown | None,
) -> Any:
    """One nested block completed (a block from a sensitive ``dynamic`` keeps its mark)."""
    body, marked = unmark(item)
    if not isinstance(body, dict):
        return item
    block = complete(
        body,
        schema,
        unknown_at,
        errors,
        sdk=sdk,
        path=path,
        placeholder=placeholder,
        open_as=lambda name: unknown_at(f"{path}{name}"),
    )
    return mark(block) if marked else block


def _open_block(values: dict[str, Any], unknown_at: UnknownFactory, path: str) -> OpenObject:
    return OpenObject(values, lambda name: unknown_at(f"{path}{name}"))


def _convert(value: Any, ty: Any, errors: list[str], sdk: bool, path: str, name: str) -> Any:
    """Convert like Terraform converts to an attribute's type; keep the value if it cannot."""
    try:
        return convert_to_schema_type(value, ty) if sdk else _convert_type(value, ty)
    except EvalError as exc:
        errors.append(f"{path}{name}: {exc}")
        return value


def convert_to_schema_type(value: Any, ty: Any) -> Any:
    """``value`` as the provider type ``ty`` (``"number"``, ``["list", "string"]``...).

    A list, set or map of strings or numbers holding an unknown is unknown as a whole: the AWS
    provider's plugin SDK cannot plan a partly known one, and its plan says so. (Collections of
    objects, the SDK's nested resources, keep their shape.)
    """
    converted = _convert_type(value, ty)
    if isinstance(ty, list) and len(ty) == 2 and isinstance(ty[1], str):
        found = first_unknown(converted)
        if found is not None:
            return found
    return converted


def _convert_type(value: Any, ty: Any) -> Any:
    kind = type(value)
    if (kind is str and ty == "string") or (kind is Decimal and ty == "number"):
        return value  # most values already are of their attribute's type
    if kind is Sensitive:
        return mark(_convert_type(value.value, ty))
    if isinstance(value, Unknown) or value is None or ty == "dynamic":
        return value
    if is_primitive(ty):
        return convert_primitive(value, ty)
    if isinstance(ty, list) and ty:
        kind = ty[0]
        if kind in COLLECTIONS:
            return convert_collection(value, kind, lambda v: _convert_type(v, ty[1]))
        if kind == "object" and isinstance(value, dict):
            attrs: dict[str, Any] = ty[1]
            return {k: _convert_type(value.get(k), t) for k, t in attrs.items()}
    return value
