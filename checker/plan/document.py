"""Plan JSON (``terraform show -json tfplan``, or the HCL evaluator's document of the same shape)
read into :class:`~checker.model.Plan`. Pure: no environment, no I/O.

What is read:

* ``resource_changes``: every managed resource instance (data sources are skipped: they cost
  nothing), with its actions, ``before``/``after`` values, ``after_unknown`` (-> unknown paths)
  and ``before_sensitive``/``after_sensitive`` (-> sensitive paths). Deposed objects (left over
  from an interrupted create_before_destroy) and ``forget`` changes (``removed`` blocks that keep
  the real object) are skipped: neither is something this configuration will cost.
* ``configuration``: each resource's ``provider_config_key`` (-> region, with what else tells
  it: :mod:`checker.plan.regions`, and, per key,
  :attr:`Plan.default_tags`, see :mod:`checker.plan.providers`) and ``expressions`` (->
  references, see :mod:`checker.plan.references`).
* ``variables``: the root module's values, to resolve ``region = var.region`` and
  ``default_tags { tags = var.tags }``.
* ``planned_values`` / ``prior_state`` only tell a plan from a state: ``resource_changes``
  already holds every value they do.

Optional extension fields on a ``resource_changes`` item, written by costcheck's HCL evaluator
(real plans have neither), read only when ``from_code`` says the document is that evaluator's:
in a plan JSON anyone could write them (a location is a file costcheck would open), so there
they are ignored:

* ``x_costcheck_location``: ``{"file": str, "start_line": int, "end_line": int}``, where the
  resource block is written -> :attr:`Resource.location`.
* ``x_costcheck_unknown_count``: ``"why"`` -> Resource.unknown_count: one entry stands for a
  resource whose ``count``/``for_each`` is known only after apply (its values are those of any
  one instance); it is priced per instance and reported unknown.
* ``x_costcheck_unknown_reasons``: ``{"dotted.path": "why it is unknown"}`` ->
  :attr:`Attributes.unknown_reasons` of the after state.
* ``x_costcheck_unknown_origins``: ``{"dotted.path": "address"}``: the resource whose computed
  attribute an unknown value is, however many locals and modules lie between -> added to
  :attr:`Resource.references` (how an ASG finds ``try(aws_launch_template.this[0].id, ...)``).

Sensitive values stay in the attribute values (a pricer may need them) and their paths are
marked; no error raised here contains one. Root variables declared ``sensitive`` are left out
of :attr:`Plan.variables` and are not used to resolve regions or ``default_tags``.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple, TypeGuard

from checker.errors import InputError
from checker.model import (
    Action,
    Attributes,
    DefaultTags,
    Plan,
    Resource,
    ResourceChange,
    SourceLocation,
)
from checker.plan.addresses import (
    Key,
    ModuleInstance,
    format_module_instance,
    module_path,
    parse_module_instance,
)
from checker.plan.config import (
    Configuration,
    ModuleConfig,
    ResourceConfig,
    mapping,
    read_configuration,
    references_of,
)
from checker.plan.paths import marked_paths, values_at
from checker.plan.providers import (
    looks_like_region,
    provider_default_tags,
    provider_entry,
    provider_region,
)
from checker.plan.read_data import read_data_sources
from checker.plan.references import ReferenceResolver, build_instances, written_references
from checker.plan.regions import (
    ConfigFiles,
    UnevaluatedRegion,
    carried_region,
    checked_region,
    data_source_regions,
    describe_region,
    sets_region,
    unevaluated_region,
)
from checker.plan.values import LimitsProof, check_values
from checker.safe_text import clip

_ACTIONS: Mapping[tuple[str, ...], Action] = {
    ("create",): Action.CREATE,
    ("update",): Action.UPDATE,
    ("delete",): Action.DELETE,
    ("delete", "create"): Action.REPLACE,  # destroy first (the default)
    ("create", "delete"): Action.REPLACE,  # create_before_destroy
    ("no-op",): Action.NOOP,
    ("read",): Action.READ,
}
_SKIPPED_ACTIONS = frozenset({("forget",)})
_STATE_HINT = (
    "create a plan and pass its JSON: "
    "terraform plan -out tfplan && terraform show -json tfplan > plan.json"
)
_REGION_HINT = "pass --region or set AWS_REGION / AWS_DEFAULT_REGION"
_SET_REGION_HINT = (
    "AWS_REGION / AWS_DEFAULT_REGION do not apply to a provider that sets its own region: pass "
    "--config DIR (the .tf files the plan was made from), or --region to price it there "
    "(with a warning)"
)
# Real module trees are a few levels deep; indexing a module instance costs its depth squared.
_MAX_MODULE_DEPTH = 64
_MAX_REASON = 500  # characters of an extension field's reason or file name kept
# The empty references most resources have: one read-only mapping shared by all, not an empty
# dict each (64 bytes a resource side).
_NO_ENTRIES: Mapping[str, Any] = MappingProxyType({})
_NO_PATHS: frozenset[str] = frozenset()
# No reasons (a plan's resources): one dict shared by all, never written to (the model is
# frozen); a dict, not a read-only mapping, as the estimate's memo shares resources by type.
_NO_REASONS: dict[str, str] = {}


def parse_plan_document(
    doc: Mapping[str, Any],
    *,
    source: str,
    default_region: str | None,
    config_files: ConfigFiles | None = None,
    from_code: bool = False,
    within_limits: LimitsProof | None = None,
    assumed_region: str | None = None,
) -> Plan:
    """Read a plan document into a :class:`Plan`.

    ``source`` names the document in messages; ``default_region`` is used for resources whose
    region neither the plan nor ``config_files`` (the ``.tf`` files it was made from, evaluated
    only if the plan alone does not tell a region) can show: see :mod:`checker.plan.regions`.
    ``from_code``: the document was evaluated from a directory of .tf files (HCL mode), so no
    other .tf files are there to ask for a region. ``within_limits``: the proof, made as the
    document was parsed from text, that its values pass :func:`~checker.plan.values.check_values`
    (which then does not walk them again). Raises
    :class:`~checker.errors.InputError` for anything that is not a Terraform plan of format 1.x,
    and for an AWS resource whose region is unknown without a default.
    ``default_region`` stands in only for a provider configuration that sets no region (what
    the provider itself would use); one that sets its region from an expression nothing here
    evaluates is an input error unless ``assumed_region`` (the operator's explicit
    ``--region``) is given, which then stands in with a warning in :attr:`Plan.warnings`.
    A plan Terraform marks incomplete (``-target``, deferred changes) comes back with
    :attr:`Plan.incomplete` saying so: its totals are not the whole change.
    """
    _check_document(doc, source)
    checked = within_limits is not None and within_limits.covers(doc)
    if not checked:
        # What is read besides resource_changes (each item is checked as it is read).
        check_values(doc.get("variables"), "variables", source, from_code=from_code)
        check_values(doc.get("configuration"), "configuration", source, from_code=from_code)
    configuration = read_configuration(doc.get("configuration"))
    sensitive_vars = {
        name
        for name, declared in configuration.root.variables.items()
        if declared.get("sensitive") is True
    }
    all_vars = {
        name: mapping(entry).get("value") for name, entry in mapping(doc.get("variables")).items()
    }
    public_vars = {k: v for k, v in all_vars.items() if k not in sensitive_vars}
    items = _managed_items(doc, source, from_code=from_code, checked=checked)
    # AMIs read while planning: references to them resolve, so pricers read the OS they bill.
    read = read_data_sources(doc.get("prior_state"))
    reader = _Reader(
        source=source,
        default_region=default_region,
        assumed_region=assumed_region,
        configuration=configuration,
        variables=public_vars,
        all_variables=all_vars,
        items=items,
        prior_state=doc.get("prior_state"),
        config_files=config_files,
        from_code=from_code,
        resolver=ReferenceResolver(
            configuration,
            lambda: build_instances(
                [(item.module, item.resource, item.key, item.address) for item in items]
                + [(data.module, data.resource, data.key, data.address) for data in read]
            ),
        ),
    )
    try:
        changes = tuple(filter(None, map(reader.change, items)))  # (None: skipped)
    except InputError as error:
        # Only an error message could show a sensitive value: collect them for it alone.
        secrets = _secrets([all_vars[name] for name in sensitive_vars if name in all_vars])
        secrets |= _secrets(value for item in items for value in _sensitive_values(item))
        raise _redacted(error, secrets) from None
    version = doc.get("terraform_version")
    return Plan(
        changes=changes,
        source=source,
        terraform_version=version if isinstance(version, str) else None,
        variables=public_vars,
        from_code=from_code,
        default_tags={
            key: found for key, found in reader.default_tags.items() if found is not None
        },
        incomplete=_incomplete(doc),
        warnings=tuple(reader.assumed.values()),
        read_data=tuple(data.as_resource() for data in read),
    )


_INCOMPLETE = (
    "the plan is incomplete (made with -target, or with deferred changes): only part of the "
    "change is priced, so totals and plan-wide policies cannot be judged on it"
)


def _incomplete(doc: Mapping[str, Any]) -> tuple[str, ...]:
    """Why the plan is not the whole change, by Terraform's own marks: ``complete: false``
    (a targeted plan, or one with deferred changes: 1.9+) and non-empty ``deferred_changes``
    (whose resources are not in ``resource_changes`` at all)."""
    deferred = doc.get("deferred_changes")
    if doc.get("complete") is False or (isinstance(deferred, list) and deferred):
        return (_INCOMPLETE,)
    return ()


def _check_document(doc: Any, source: str) -> None:
    """Refuse what is not a Terraform plan of format 1.x, saying what it looks like instead."""
    if not isinstance(doc, Mapping):
        raise InputError(
            f"JSON {type(doc).__name__} where a Terraform plan object was expected; {_STATE_HINT}",
            path=source,
        )
    if {"version", "serial", "lineage"} <= doc.keys():
        raise InputError(f"this is a Terraform state file, not a plan; {_STATE_HINT}", path=source)
    if "format_version" not in doc:
        raise InputError(
            f"not a Terraform plan (no format_version, no resource_changes); {_STATE_HINT}",
            path=source,
        )
    version = doc["format_version"]
    if not isinstance(version, str) or version.split(".")[0] != "1":
        raise InputError(
            f"plan format_version {_shown_version(version)} is not supported: costcheck reads "
            "format 1.x, "
            "written by Terraform 1.0 and later; re-create the JSON with a current terraform",
            path=source,
        )
    if "resource_changes" not in doc and "planned_values" not in doc:
        if "values" in doc or doc.keys() <= {"format_version", "terraform_version"}:
            raise InputError(
                "this is `terraform show -json` of a state, not of a plan; " + _STATE_HINT,
                path=source,
            )
        raise InputError(
            f"not a Terraform plan (no resource_changes or planned_values); {_STATE_HINT}",
            path=source,
        )
    if not isinstance(doc.get("resource_changes", []), list):
        raise InputError("resource_changes is not a list; is the plan JSON intact?", path=source)
    if doc.get("errored") is True:
        # Terraform (1.5+) saves a plan that failed, to show what it got to: only part of the
        # change, which would be priced as if it were all of it.
        raise InputError(
            "the plan is marked errored: terraform plan failed, so it holds only part of the "
            "change; fix the errors terraform reported and plan again",
            path=source,
        )
    variables = doc.get("variables")
    if variables is not None and not (
        isinstance(variables, Mapping) and all(isinstance(v, Mapping) for v in variables.values())
    ):
        raise InputError(
            'variables must map each variable\'s name to {"value": ...}; is the plan JSON intact?',
            path=source,
        )


class _Item(NamedTuple):
    """A managed ``resource_changes`` item with its address taken apart (a named tuple: one is
    made per resource, and a frozen dataclass takes several times as long to build)."""

    raw: Mapping[str, Any]
    address: str
    shown: str  # the address as messages show it (clipped)
    type: str
    name: str
    module: ModuleInstance
    module_address: str  # the module instance as Terraform writes it ("" for the root)
    path: tuple[str, ...]  # the module's configuration path: call names without keys
    resource: str  # "type.name", as the configuration writes it
    key: Key | None
    provider: str  # the provider's local name: "aws" (provider_name's last part, else the type's)


def _managed_items(
    doc: Mapping[str, Any], source: str, *, from_code: bool, checked: bool
) -> list[_Item]:
    items: list[_Item] = []
    # A plan has far fewer module instances than resources: each address is parsed once.
    modules: dict[str, tuple[ModuleInstance, str, tuple[str, ...]]] = {}
    seen: dict[str, int] = {}  # address -> position, to refuse a resource listed twice
    # provider_name -> its last part, for the few providers a plan names (once, not per resource).
    short_names: dict[str | None, str] = {}
    for position, raw in enumerate(doc.get("resource_changes") or ()):
        if type(raw) is not dict and not isinstance(raw, Mapping):
            raise InputError(
                f"{_where(position)} is not an object; is the plan JSON intact?", path=source
            )
        mode = raw.get("mode", "managed")
        if mode != "managed":
            if mode != "data":
                raise InputError(
                    f'{_where(position)}: mode must be "managed" or "data", not {_shown(mode)}; '
                    "is the plan JSON intact?",
                    path=source,
                )
            continue
        if raw.get("deposed"):
            continue
        address, type_, name = raw.get("address"), raw.get("type"), raw.get("name")
        if not (
            type(address) is str
            and type(type_) is str
            and type(name) is str
            and address.isprintable()
            and type_.isprintable()
            and name.isprintable()
            and address
            and type_
            and name
        ):
            _refuse_names(position, address, type_, name, source)
        assert isinstance(address, str) and isinstance(type_, str) and isinstance(name, str)
        shown = clip(address)
        first = seen.setdefault(address, position)
        if first != position:
            raise InputError(
                f"{shown}: listed twice in resource_changes (at [{first}] and [{position}]); "
                "a plan lists each resource instance once, so it would be priced twice: "
                "is the plan JSON intact?",
                path=source,
            )
        if not checked:
            check_values(raw, f"{shown}: {_where(position)}", source, from_code=from_code)
        module_text = raw.get("module_address") or ""
        module_entry = modules.get(module_text) if isinstance(module_text, str) else None
        if module_entry is None:
            module = parse_module_instance(module_text) if isinstance(module_text, str) else None
            if module is None:
                raise InputError(
                    f"{shown}: cannot read module_address {_shown(raw.get('module_address'))}",
                    path=source,
                )
            if len(module) > _MAX_MODULE_DEPTH:
                raise InputError(
                    f"{shown}: module_address nests {len(module)} modules, more than the "
                    f"{_MAX_MODULE_DEPTH} costcheck reads; is the plan JSON intact?",
                    path=source,
                )
            module_entry = (module, format_module_instance(module), module_path(module))
            modules[module_text] = module_entry
        key = raw.get("index")
        if key is not None and not (isinstance(key, (int, str)) and not isinstance(key, bool)):
            raise InputError(
                f"{shown}: index must be a number (count) or a string (for_each), "
                f"not {_shown(key)}",
                path=source,
            )
        provider = raw.get("provider_name")
        if provider is not None and not isinstance(provider, str):
            raise InputError(f"{shown}: provider_name must be a string", path=source)
        short = short_names.get(provider)
        if short is None:
            short = short_names[provider] = (provider or "").rsplit("/", 1)[-1]
        items.append(
            _Item(  # (positional: keywords take longer, once per resource)
                raw,
                address,
                shown,
                type_,
                name,
                module_entry[0],
                module_entry[1],
                module_entry[2],
                f"{type_}.{name}",
                key,
                short or type_.split("_")[0],
            )
        )
    return items


def _where(position: int) -> str:
    """A resource_changes item, as messages name it."""
    return f"resource_changes[{position}]"


def _refuse_names(position: int, address: Any, type_: Any, name: Any, source: str) -> None:
    """Refuse an item whose address, type or name is not a non-empty printable string (the
    first of them that is not), saying which."""
    where = _where(position)
    for field_name, value in (("address", address), ("type", type_), ("name", name)):
        if not isinstance(value, str) or not value:
            raise InputError(
                f"{where} has no {field_name} (a non-empty string); is the plan JSON intact?",
                path=source,
            )
        if not value.isprintable():
            # Terraform escapes what cannot be printed (a for_each key's newline: \\n).
            raise InputError(
                f"{where}: {field_name} {_shown(value)} holds characters Terraform never "
                "writes unescaped (control characters or lone surrogates); "
                "is the plan JSON intact?",
                path=source,
            )


def _shown_version(version: Any) -> str:
    if isinstance(version, (str, int, float)):
        return clip(repr(version), 40)
    return f"of type {type(version).__name__}"


def _shown(value: Any) -> str:
    """A JSON value as a message shows it: JSON text, escaped and clipped."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = type(value).__name__
    return clip(text, 80)


@dataclass(frozen=True)
class _Reader:
    source: str
    default_region: str | None
    assumed_region: str | None  # the explicit --region: may stand in for an unreadable region
    configuration: Configuration
    variables: Mapping[str, Any]  # without the sensitive ones: values that may be shown
    all_variables: Mapping[str, Any]  # with them: only to tell what derives from a secret
    items: list[_Item]
    prior_state: Any  # read only for the data sources that tell a region
    config_files: ConfigFiles | None
    from_code: bool
    resolver: ReferenceResolver
    # Per-run answers that depend only on the configuration, not on the resource: a plan has a
    # handful of modules and provider configurations and thousands of resources.
    _modules: dict[tuple[str, ...], ModuleConfig | None] = field(default_factory=dict)
    _provider_keys: dict[tuple[tuple[str, ...], str], str] = field(default_factory=dict)
    _regions: dict[str, str | None] = field(default_factory=dict)
    _other_regions: dict[str, str | None] = field(default_factory=dict)  # non-AWS resources'
    # Provider configuration key -> regions the resources using it (and the data sources that
    # tell one) carry (arn, zones): read for a key the first time its region is not in the
    # configuration.
    _carried: dict[str, set[str]] = field(default_factory=dict)
    _scanned: list[bool] = field(default_factory=list)
    _users: dict[str, list[_Item]] = field(default_factory=dict)  # key -> items not yet read
    _data_regions: dict[str, set[str]] = field(default_factory=dict)
    # The configuration evaluated from the .tf files (or why it could not be), at most once.
    _evaluated: list[Configuration | str] = field(default_factory=list)
    # The default_tags of every provider configuration key a resource uses (None: not in the
    # configuration), read once per key: what Plan.default_tags is made of.
    default_tags: dict[str, DefaultTags | None] = field(default_factory=dict)
    _secret_tags: dict[str, bool] = field(default_factory=dict)
    # Provider configuration key -> the warning that --region stood in for its unreadable region.
    assumed: dict[str, str] = field(default_factory=dict)
    _references: dict[
        tuple[tuple[str, ...], str],
        tuple[tuple[tuple[str, tuple[str, ...]], ...], frozenset[str]],
    ] = field(default_factory=dict)
    # Each distinct set of marked paths, once: instances of one block mark the same paths
    # ({"id", "arn"} unknown, nothing sensitive), and a set and its strings take 300 bytes.
    _path_sets: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)

    def _paths(self, paths: frozenset[str]) -> frozenset[str]:
        """``paths``, or the equal set met before (kept for the model's lifetime)."""
        return self._path_sets.setdefault(paths, paths)

    def change(self, item: _Item) -> ResourceChange | None:
        # Once per resource of the plan: checks and reads in one go, in the order a plan's
        # problems are reported (its change, actions, values, marks, then what is derived).
        change = item.raw.get("change")
        if type(change) is not dict and not isinstance(change, Mapping):
            raise InputError(
                f"{item.shown}: change must be an object with actions, before and after; "
                "is the plan JSON intact?",
                path=self.source,
            )
        actions_raw = change.get("actions")
        action = None
        if type(actions_raw) is list:
            try:  # noqa: SIM105 (a with block costs more, once per resource)
                action = _ACTIONS.get(tuple(actions_raw))  # (its keys are all names)
            except TypeError:
                pass  # an object among them: refused below
        if action is None:
            action = self._other_actions(item, actions_raw)
            if action is None:
                return None
        before_values, after_values = change.get("before"), change.get("after")
        if (before_values is not None and type(before_values) is not dict) or (
            after_values is not None and type(after_values) is not dict
        ):
            self._check_sides(item, before_values, after_values)
        # Checked and read in one walk each (a wrong one refused before anything else is read).
        # None, false and {} mark nothing: no call for them (most before_sensitive are false,
        # most after_sensitive {}).
        marks = change.get("after_unknown")
        after_unknown = (
            _NO_PATHS
            if marks is None or marks is False or (type(marks) is dict and not marks)
            else _checked_marks(marks, item.shown, "after_unknown", self.source, after_values)
        )
        marks = change.get("before_sensitive")
        before_sensitive = (
            _NO_PATHS
            if marks is None or marks is False or (type(marks) is dict and not marks)
            else _checked_marks(marks, item.shown, "before_sensitive", self.source, before_values)
        )
        marks = change.get("after_sensitive")
        after_sensitive = (
            _NO_PATHS
            if marks is None or marks is False or (type(marks) is dict and not marks)
            else _checked_marks(marks, item.shown, "after_sensitive", self.source, after_values)
        )

        path = item.path
        config = self._modules[path] if path in self._modules else self._module(path)
        resource_config = config.resources.get(item.resource) if config else None
        configured_key = resource_config.provider_config_key if resource_config else None
        key = configured_key or self._fallback_key(path, item.provider)
        secret_tags = self._secret_tags.get(key)
        if secret_tags is None:
            secret_tags = self._default_tags_are_secret(key)
        references: Mapping[str, tuple[str, ...]] = _NO_ENTRIES
        configured = _NO_PATHS
        if resource_config is not None:
            written, configured = self._written(path, item.resource, resource_config.expressions)
            if written:
                references = self.resolver.resolve(written, item.module, item.key) or _NO_ENTRIES
        # The extension fields of costcheck's HCL evaluator: no call where a plan has none, and
        # ignored in a plan JSON (anyone can write them there: a location is a file to open).
        location = unknown_count = None
        if self.from_code:
            raw = item.raw
            if "x_costcheck_unknown_origins" in raw:
                references = _with_origins(references, self._unknown_origins(item))
            if "x_costcheck_location" in raw:
                location = self._location(item)
            if "x_costcheck_unknown_count" in raw:
                unknown_count = self._unknown_count(item)

        before = None  # (before_values and after_values: checked above, an object or None)
        if action is not Action.CREATE and before_values is not None:
            # Terraform's before is always known; a base evaluated from code (diff --base) is
            # not, and an unknown read as unset would price differently.
            unknown = (
                self._paths(marked_paths(change.get("x_costcheck_before_unknown"), before_values))
                if self.from_code
                else _NO_PATHS
            )
            attributes = Attributes(
                before_values,
                unknown,
                self._sensitive(before_sensitive, before_values, secret_tags),
                _NO_REASONS,
            )
            before = Resource(
                item.address,
                item.type,
                item.name,
                attributes,
                self._region(item, key, configured_key, before_values, before_values),
                item.module_address,
                item.key,
                key,
                location,
                references,
                configured,
                unknown_count,
                _region_unknown(item, attributes, resource_config) if unknown else None,
            )
        after = None
        if action is not Action.DELETE and after_values is not None:
            unknown = self._paths(after_unknown) if after_unknown else _NO_PATHS
            attributes = Attributes(
                after_values,
                unknown,
                self._sensitive(after_sensitive, after_values, secret_tags),
                self._unknown_reasons(item) if self.from_code else _NO_REASONS,
            )
            after = Resource(
                item.address,
                item.type,
                item.name,
                attributes,
                self._region(item, key, configured_key, after_values, before_values),
                item.module_address,
                item.key,
                key,
                location,
                references,
                configured,
                unknown_count,
                _region_unknown(item, attributes, resource_config) if unknown else None,
            )
        if before is None and after is None:
            raise InputError(
                f"{item.shown}: the change has neither a before nor an after value; "
                "is the plan JSON intact?",
                path=self.source,
            )
        return ResourceChange(item.address, item.type, action, before, after)

    def _check_sides(self, item: _Item, before_values: Any, after_values: Any) -> None:
        """Refuse a before or after value that is neither an object nor null."""
        for side_name, values in (("before", before_values), ("after", after_values)):
            if values is not None and not isinstance(values, Mapping):
                raise InputError(
                    f"{item.shown}: change.{side_name} must be an object or null, "
                    f"not {_shown(values)}; is the plan JSON intact?",
                    path=self.source,
                )

    def _other_actions(self, item: _Item, actions_raw: Any) -> Action | None:
        """The action of ``actions_raw`` where it is not one of the usual lists: None for a
        change that is skipped (``forget``), else refused, saying why."""
        if not isinstance(actions_raw, list) or not all(isinstance(a, str) for a in actions_raw):
            raise InputError(
                f"{item.shown}: change.actions must be a list of action names such as "
                f'["create"], not {_shown(actions_raw)}; is the plan JSON intact?',
                path=self.source,
            )
        actions = tuple(actions_raw)
        if actions in _SKIPPED_ACTIONS:
            return None
        action = _ACTIONS.get(actions)
        if action is None:
            raise InputError(
                f"{item.shown}: unknown change actions {_shown(actions_raw)}; "
                "is the plan from a newer Terraform than costcheck knows?",
                path=self.source,
            )
        return action

    def _sensitive(
        self, marked: frozenset[str], values: Mapping[str, Any], secret_tags: bool
    ) -> frozenset[str]:
        """The sensitive paths of one side: those marked, with their ``tags_all`` twins, and
        the tags default_tags add where those come from a secret."""
        if not marked and not secret_tags:
            return _NO_PATHS  # (most resources)
        paths = with_tag_twins(marked)
        if secret_tags:
            paths = paths | provider_tag_paths(values)
        return self._paths(paths)

    def _default_tags_are_secret(self, key: str) -> bool:
        """Read the default_tags of provider configuration ``key`` (once); True when they come
        from a sensitive variable, whose value the provider copies into ``tags_all`` unmarked."""
        if key not in self.default_tags:
            public = provider_default_tags(key, self.configuration, self.variables)
            self.default_tags[key] = public
            secret = False
            if (
                public is not None
                and not public.known
                and len(self.all_variables) > len(self.variables)
            ):
                with_secrets = provider_default_tags(key, self.configuration, self.all_variables)
                secret = with_secrets is not None and with_secrets.known
            self._secret_tags[key] = secret
        return self._secret_tags[key]

    def _written(
        self, path: tuple[str, ...], resource: str, expressions: Mapping[str, Any]
    ) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], frozenset[str]]:
        """The references a resource block writes and their paths, read once for all its
        instances (which share them)."""
        block = (path, resource)
        found = self._references.get(block)
        if found is None:
            written = written_references(expressions)
            configured = (
                frozenset([attribute for attribute, _ in written]) if written else _NO_PATHS
            )
            found = self._references[block] = (written, configured)
        return found

    def _module(self, path: tuple[str, ...]) -> ModuleConfig | None:
        if path not in self._modules:
            self._modules[path] = self.configuration.module(path)
        return self._modules[path]

    def _key(self, item: _Item, configured_key: str | None) -> str:
        """The provider configuration key the resource uses."""
        return configured_key or self._fallback_key(item.path, item.provider)

    def _region(
        self,
        item: _Item,
        key: str,
        configured_key: str | None,
        values: Mapping[str, Any],
        before: Any,
    ) -> str:
        """The region of one side of the change: see :mod:`checker.plan.regions` for the order."""
        region = values.get("region")  # own_region(values), without the calls (values: checked)
        if region is not None and looks_like_region(region):
            return region  # type: ignore[no-any-return]
        if self.from_code and item.provider == "aws":
            self._check_own_region(item, values)
        if item.provider != "aws":
            # Not priced: its region does not matter, and is not worth evaluating .tf files for.
            # What the configuration says is read once per key (random_*, null_resource...).
            if key not in self._other_regions:
                self._other_regions[key] = provider_region(key, self.configuration, self.variables)
            return self._other_regions[key] or self.default_region or ""
        region = self._regions[key] if key in self._regions else self._key_region(key)
        if region is None and configured_key is None:
            # Out of the configuration (being destroyed): the state's ARN still says where it is.
            region = carried_region(before)
        if region:
            return region
        hint = _REGION_HINT
        entry = provider_entry(key, self.configuration)
        # HCL mode notes a region it wrote but could not evaluate (else it was null: unset).
        unevaluated = unevaluated_region(entry) if self.from_code else None
        if unevaluated is not None or (not self.from_code and sets_region(entry)):
            # The provider uses its own region expression, never AWS_REGION: the ambient
            # default is not its region. Only the operator's explicit --region may stand in.
            if self.assumed_region:
                if key not in self.assumed:  # once per provider, not per resource
                    self.assumed[key] = self._assumed_warning(key, unevaluated)
                return self.assumed_region
            if unevaluated is not None:
                raise InputError(
                    f"{item.shown}: {self._unevaluated_text(key, unevaluated)}; "
                    "AWS_REGION / AWS_DEFAULT_REGION do not apply to a provider that sets its "
                    "own region: pass --region to price its resources there (with a warning "
                    "in every output), or give the region a value costcheck can evaluate (a "
                    "literal, or a variable set with --var or a .tfvars file)",
                    path=unevaluated.file,
                    line=unevaluated.line,
                )
            hint = _SET_REGION_HINT
        elif self.default_region:
            return self.default_region
        raise InputError(
            f"{item.shown}: cannot tell which AWS region it is in: {self._region_trail(key)}; "
            f"{hint}",
            path=self.source,
        )

    def _key_region(self, key: str) -> str | None:
        """The region of provider configuration ``key``: from its configuration as the plan
        shows it, else from what its resources carry, else from the evaluated .tf files."""
        if key not in self._regions:
            region = checked_region(
                key, self.configuration, self.variables, self.source, from_plan=not self.from_code
            ) or provider_region(key, self.configuration, self.variables)
            if region is None:
                carried = self._carried_regions(key)
                region = next(iter(carried)) if len(carried) == 1 else None
            if region is None:
                evaluated = self._evaluated_configuration()
                if isinstance(evaluated, Configuration):
                    checked_region(key, evaluated, {}, self.source, from_plan=False)
                    region = provider_region(key, evaluated, {})
            self._regions[key] = region
        return self._regions[key]

    def _carried_regions(self, key: str) -> set[str]:
        """The regions the resources using provider configuration ``key`` carry, and the data
        sources that tell a region: read for the keys whose region the configuration does not
        give (each resource's key told once, the values of only that key's resources read)."""
        if not self._scanned:
            self._scanned.append(True)
            for item in self.items:
                config = self._module(item.path)
                resource = config.resources.get(item.resource) if config else None
                user_key = self._key(item, resource.provider_config_key if resource else None)
                self._users.setdefault(user_key, []).append(item)
            for data_key, region in data_source_regions(self.prior_state, self.configuration):
                self._data_regions.setdefault(data_key, set()).add(region)
        found = self._carried.get(key)
        if found is None:
            found = self._carried[key] = set(self._data_regions.get(key, ()))
            for item in self._users.pop(key, ()):
                change = mapping(item.raw.get("change"))
                for values in (change.get("after"), change.get("before")):
                    carried = carried_region(values)
                    if carried:
                        found.add(carried)
        return found

    def _evaluated_configuration(self) -> Configuration | str:
        """The configuration the .tf files evaluate to, or why there is none."""
        if not self._evaluated:
            if self.config_files is None:
                self._evaluated.append(
                    "the .tf files were not given (pass --config DIR, the directory the plan "
                    "was made in)"
                )
            else:
                try:
                    self._evaluated.append(self.config_files.evaluate(self.variables))
                except InputError as error:
                    self._evaluated.append(
                        f"evaluating the .tf files in {self.config_files.shown} failed: "
                        f"{clip(error.render(), 300)}"
                    )
        return self._evaluated[0]

    def _check_own_region(self, item: _Item, values: Mapping[str, Any]) -> None:
        """HCL mode: a resource's own ``region`` (provider 6) written as a string that is no
        region code is refused, as the provider refuses it, not priced in its provider's."""
        written = values.get("region")
        if not isinstance(written, str) or not written:
            return  # null or "": the provider's region; unknown: Resource.region_unknown
        location = self._location(item) if "x_costcheck_location" in item.raw else None
        raise InputError(
            f"{item.shown}: region {clip(written, 60)!r} is not an AWS region code (the AWS "
            "provider refuses it); set it to a region code such as us-east-1, or leave it "
            "unset to use its provider's",
            path=location.file if location else self.source,
            line=location.start_line if location else None,
        )

    def _unevaluated_text(self, key: str, unevaluated: UnevaluatedRegion) -> str:
        refs = references_of(
            mapping(mapping(provider_entry(key, self.configuration)).get("expressions")).get(
                "region"
            )
        )
        # The most specific only: data.x.y.value, not also data.x.y. Sorted, a reference's
        # longer forms follow "ref." at once: the PR writes the list (comparing each with each
        # took hours for a 4 MiB region expression), and three are shown.
        ordered = sorted(set(refs))

        def has_longer(ref: str) -> bool:
            at = bisect.bisect_left(ordered, f"{ref}.")
            return at < len(ordered) and ordered[at].startswith(f"{ref}.")

        shown = list(itertools.islice((r for r in refs if not has_longer(r)), 3))
        written = f"from {', '.join(clip(r, 60) for r in shown)}" if shown else "with a call"
        return (
            f"provider configuration {_shown(key)} sets its region {written}, which costcheck "
            f"cannot evaluate (it {unevaluated.reason})"
        )

    def _assumed_warning(self, key: str, unevaluated: UnevaluatedRegion | None = None) -> str:
        if unevaluated is not None:
            where = unevaluated.file + (f":{unevaluated.line}" if unevaluated.line else "")
            return (
                f"{where}: {self._unevaluated_text(key, unevaluated)}: its resources are "
                f"priced in {clip(self.assumed_region or '', 40)} because --region says so; "
                "give the region a value costcheck can evaluate to price them where they are"
            )
        entry = provider_entry(key, self.configuration)
        return (
            f"provider configuration {_shown(key)} {describe_region(entry)}: its resources are "
            f"priced in {clip(self.assumed_region or '', 40)} because --region says so; pass "
            "--config DIR (the .tf files the plan was made from) to read its real region"
        )

    def _region_trail(self, key: str) -> str:
        """What was tried for the region of provider configuration ``key``, for the error."""
        entry = provider_entry(key, self.configuration)
        tried = [f"provider configuration {_shown(key)} {describe_region(entry)}"]
        carried = sorted(self._carried_regions(key))
        if self.from_code:
            # HCL mode: the .tf files are the input, there is no plan to look in and --config
            # would be refused, so the trail names only what the code says.
            if carried:
                tried.append(
                    f"the resources using it disagree on the region ({', '.join(carried)})"
                )
            return "; ".join(tried)
        tried.append(
            f"the resources using it disagree on the region ({', '.join(carried)})"
            if carried
            else "no resource or aws_region data source using it shows a region in the plan"
        )
        evaluated = self._evaluated_configuration()
        if isinstance(evaluated, Configuration):
            assert self.config_files is not None
            tried.append(
                f"the .tf files in {self.config_files.shown} do not give it a region either "
                f"(it {describe_region(provider_entry(key, evaluated))})"
            )
        else:
            tried.append(evaluated)
        return "; ".join(tried)

    def _fallback_key(self, path: tuple[str, ...], provider: str) -> str:
        """For a resource with no configuration (removed from it): the nearest provider block
        of its module or an ancestor, as Terraform would have inherited it."""
        found = self._provider_keys.get((path, provider))
        if found is not None:
            return found
        found = provider
        for depth in range(len(path), 0, -1):
            candidate = ".".join(f"module.{name}" for name in path[:depth]) + f":{provider}"
            if candidate in self.configuration.provider_config:
                found = candidate
                break
        self._provider_keys[(path, provider)] = found
        return found

    def _location(self, item: _Item) -> SourceLocation | None:
        raw = item.raw.get("x_costcheck_location")
        if raw is None:
            return None
        raw = mapping(raw)
        file, start, end = raw.get("file"), raw.get("start_line"), raw.get("end_line")
        if not isinstance(file, str) or not _is_int(start) or not _is_int(end):
            raise InputError(
                f"{item.shown}: x_costcheck_location needs file, start_line and end_line",
                path=self.source,
            )
        return SourceLocation(file=clip(file, _MAX_REASON), start_line=start, end_line=end)

    def _unknown_count(self, item: _Item) -> str | None:
        raw = item.raw.get("x_costcheck_unknown_count")
        if raw is None:
            return None
        if not isinstance(raw, str) or not raw:
            raise InputError(
                f"{item.shown}: x_costcheck_unknown_count must be the reason, as a string",
                path=self.source,
            )
        return clip(raw, _MAX_REASON)

    def _unknown_origins(self, item: _Item) -> Mapping[str, str]:
        raw = item.raw.get("x_costcheck_unknown_origins")
        if raw is None:
            return _NO_ENTRIES
        if not isinstance(raw, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
        ):
            raise InputError(
                f"{item.address}: x_costcheck_unknown_origins must map attribute paths to addresses",
                path=self.source,
            )
        return raw

    def _unknown_reasons(self, item: _Item) -> Mapping[str, str]:
        raw = item.raw.get("x_costcheck_unknown_reasons")
        if raw is None:
            return {}  # a dict: what the estimate's memo shares resources by (its type checked)
        if not isinstance(raw, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
        ):
            raise InputError(
                f"{item.shown}: x_costcheck_unknown_reasons must map attribute paths to reasons",
                path=self.source,
            )
        # Reasons are shown in reports: bounded, whoever wrote the document.
        return {path: clip(reason, _MAX_REASON) for path, reason in raw.items()}


def provider_tag_paths(values: Mapping[str, Any]) -> frozenset[str]:
    """``tags_all.K`` for every tag the provider's default_tags added (in ``tags_all``, not in
    ``tags``): marked sensitive when those default_tags come from a sensitive variable."""
    merged, own = values.get("tags_all"), values.get("tags")
    if not isinstance(merged, Mapping):
        return frozenset()
    written = own if isinstance(own, Mapping) else {}
    return frozenset(f"tags_all.{k}" for k in merged if k not in written)


def with_tag_twins(paths: frozenset[str]) -> frozenset[str]:
    """Sensitive ``tags.K`` makes ``tags_all.K`` sensitive too: the provider copies the value
    there, but Terraform's plan marks only the attribute the configuration wrote."""
    twins = {
        "tags_all" + path[len("tags") :]
        for path in paths
        if path == "tags" or path.startswith("tags.")
    }
    return paths | twins if twins else paths


def _checked_marks(marks: Any, shown: str, name: str, source: str, values: Any) -> frozenset[str]:
    """The paths ``marks`` marks true, as :func:`~checker.plan.paths.marked_paths` reads them
    (a bare ``true`` marks every top-level attribute of ``values``), checked on the way:
    ``after_unknown`` / ``before_sensitive`` / ``after_sensitive`` (``name``) of resource
    ``shown`` mirror the values with ``true``/``false`` leaves in objects and lists
    (Terraform's plan format); anything else there would be ignored, so it is refused."""
    if marks is None or marks is False:
        return frozenset()  # not written (the HCL evaluator leaves some out), or none marked
    if marks is True:
        return marked_paths(True, values)
    found: set[str] = set()
    if type(marks) is not dict:
        _collect_checked(marks, "", found, shown, name, source)
        return frozenset(found)
    # The top level of a resource's marks, as _collect_checked reads it, without making its
    # keys again: most marked paths are top-level attributes (id, arn).
    # Lists of blocks too (`[{}]`, `[false, false]`: mostly nothing marked) are read here.
    add = found.add
    for key, value in marks.items():
        if value is True:
            add(key if type(key) is str else f"{key}")
        elif value is False or (not value and (type(value) is dict or type(value) is list)):
            continue
        elif type(value) is list:
            for index, item in enumerate(value):
                if item is True:
                    add(f"{key}.{index}")
                elif item is not False and (
                    item or (type(item) is not dict and type(item) is not list)
                ):
                    _collect_checked(item, f"{key}.{index}.", found, shown, name, source)
        else:
            _collect_checked(value, f"{key}.", found, shown, name, source)
    return frozenset(found)


def _collect_checked(
    marks: Any, prefix: str, found: set[str], shown: str, name: str, source: str
) -> None:
    kind = type(marks)
    items: Any
    if kind is dict or (kind is not list and isinstance(marks, Mapping)):
        items = marks.items()
    elif kind is list:
        items = enumerate(marks)
    else:
        raise InputError(
            f"{shown}: change.{name} holds {_shown(marks)} where true or false (or an object "
            "or list of them) belongs; is the plan JSON intact?",
            path=source,
        )
    for key, value in items:
        if value is True:
            found.add(f"{prefix}{key}")
        elif value is not False and (
            value or (type(value) is not dict and type(value) is not list)
        ):
            # A non-empty object or list, else refused by the call. Empty ones mark nothing and
            # are skipped without one: most nested attributes of a real plan's after_unknown
            # are empty (`"tags": {}`, `"ebs_block_device": []`), and calls were 30 % of it.
            _collect_checked(value, f"{prefix}{key}.", found, shown, name, source)


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _with_origins(
    references: Mapping[str, tuple[str, ...]], origins: Mapping[str, str]
) -> Mapping[str, tuple[str, ...]]:
    """``references`` with, per attribute path, the resource its unknown value comes from."""
    if not origins:
        return references
    merged = dict(references)
    for path, address in origins.items():
        if address not in merged.get(path, ()):
            merged[path] = (*merged.get(path, ()), address)
    return merged


def _sensitive_values(item: _Item) -> list[Any]:
    """The values a change marks sensitive, before and after."""
    change = mapping(item.raw.get("change"))
    found: list[Any] = []
    for side in ("before", "after"):
        values = change.get(side)
        found += values_at(values, marked_paths(change.get(f"{side}_sensitive"), values))
    return found


def _secrets(values: Iterable[Any]) -> set[str]:
    """The scalar leaves of sensitive values, as text, for redaction."""
    found: set[str] = set()
    for value in values:
        if isinstance(value, Mapping):
            found |= _secrets(value.values())
        elif isinstance(value, list):
            found |= _secrets(value)
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value)
            if len(text) >= 3:  # shorter ones would blank out digits in any message
                found.add(text)
    return found


def _redacted(error: InputError, secrets: set[str]) -> InputError:
    """The error with every sensitive value in its message replaced by ``(sensitive)``."""
    message = error.message
    for secret in sorted(secrets, key=len, reverse=True):
        message = message.replace(secret, "(sensitive)")
    return InputError(message, path=error.path, line=error.line)


def _region_unknown(
    item: _Item, attributes: Attributes, config: ResourceConfig | None
) -> str | None:
    """Why the region the configuration gives a resource (``region = ...``, provider 6) is not
    known yet, or None. (An unwritten region is the provider's, known at plan.)"""
    if not item.type.startswith("aws_") or "region" not in attributes.unknown:
        return None
    if config is None or "region" not in config.expressions:
        return None
    reason = attributes.unknown_reasons.get("region")
    return f"its region {clip(reason)}" if reason else "its region is known only after apply"
