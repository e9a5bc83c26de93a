"""Plan JSON (``terraform show -json tfplan``, or the HCL evaluator's document of the same shape)
read into :class:`~checker.model.Plan`. Pure: no environment, no I/O.

What is read:

* ``resource_changes``: every managed resource instance (data sources are skipped: they cost
  nothing), with its actions, ``before``/``after`` values, ``after_unknown`` (-> unknown paths)
  and ``before_sensitive``/``after_sensitive`` (-> sensitive paths). Deposed objects (left over
  from an interrupted create_before_destroy) and ``forget`` changes (``removed`` blocks that keep
  the real object) are skipped: neither is something this configuration will cost.
* ``configuration``: each resource's ``provider_config_key`` (-> region and, per key,
  :attr:`Plan.default_tags`, see :mod:`checker.plan.providers`) and ``expressions`` (->
  references, see :mod:`checker.plan.references`).
* ``variables``: the root module's values, to resolve ``region = var.region`` and
  ``default_tags { tags = var.tags }``.
* ``planned_values`` / ``prior_state`` only tell a plan from a state: ``resource_changes``
  already holds every value they do.

Optional extension fields on a ``resource_changes`` item, written by costcheck's HCL evaluator
(real plans have neither):

* ``x_costcheck_location``: ``{"file": str, "start_line": int, "end_line": int}``, where the
  resource block is written -> :attr:`Resource.location`.
* ``x_costcheck_unknown_count``: ``"why"`` -> Resource.unknown_count: one entry stands for a
  resource whose ``count``/``for_each`` is known only after apply (its values are those of any
  one instance); it is priced per instance and reported unknown.
* ``x_costcheck_unknown_reasons``: ``{"dotted.path": "why it is unknown"}`` ->
  :attr:`Attributes.unknown_reasons` of the after state.

Sensitive values stay in the attribute values (a pricer may need them) and their paths are
marked; no error raised here contains one. Root variables declared ``sensitive`` are left out
of :attr:`Plan.variables` and are not used to resolve regions or ``default_tags``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
from checker.plan.config import Configuration, ModuleConfig, mapping, read_configuration
from checker.plan.paths import marked_paths, values_at
from checker.plan.providers import looks_like_region, provider_default_tags, provider_region
from checker.plan.references import ReferenceResolver, build_instances, written_references

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


def parse_plan_document(doc: Mapping[str, Any], *, source: str, default_region: str | None) -> Plan:
    """Read a plan document into a :class:`Plan`.

    ``source`` names the document in messages; ``default_region`` is used for resources whose
    provider configuration sets no region the plan can show. Raises
    :class:`~checker.errors.InputError` for anything that is not a Terraform plan of format 1.x,
    and for an AWS resource whose region is unknown without a default.
    """
    _check_document(doc, source)
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
    items = _managed_items(doc, source)
    reader = _Reader(
        source=source,
        default_region=default_region,
        configuration=configuration,
        variables=public_vars,
        all_variables=all_vars,
        resolver=ReferenceResolver(
            configuration,
            build_instances(
                [(item.module, item.resource, item.key, item.address) for item in items]
            ),
        ),
    )
    try:
        changes = tuple(change for change in map(reader.change, items) if change)
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
        default_tags={
            key: found for key, found in reader.default_tags.items() if found is not None
        },
    )


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
            f"plan format_version {version!r} is not supported: costcheck reads format 1.x, "
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


class _Item(NamedTuple):
    """A managed ``resource_changes`` item with its address taken apart (a named tuple: one is
    made per resource, and a frozen dataclass takes several times as long to build)."""

    raw: Mapping[str, Any]
    address: str
    type: str
    name: str
    module: ModuleInstance
    module_address: str  # the module instance as Terraform writes it ("" for the root)
    path: tuple[str, ...]  # the module's configuration path: call names without keys
    resource: str  # "type.name", as the configuration writes it
    key: Key | None


def _managed_items(doc: Mapping[str, Any], source: str) -> list[_Item]:
    items: list[_Item] = []
    # A plan has far fewer module instances than resources: each address is parsed once.
    modules: dict[str, tuple[ModuleInstance, str, tuple[str, ...]]] = {}
    for position, raw in enumerate(doc.get("resource_changes") or ()):
        raw = mapping(raw)
        address = raw.get("address")
        if raw.get("mode", "managed") != "managed" or raw.get("deposed"):
            continue
        type_, name = raw.get("type"), raw.get("name")
        if not (isinstance(address, str) and isinstance(type_, str) and isinstance(name, str)):
            raise InputError(
                f"resource_changes[{position}] has no address, type or name; "
                "is the plan JSON intact?",
                path=source,
            )
        module_text = str(raw.get("module_address") or "")
        module_entry = modules.get(module_text)
        if module_entry is None:
            module = parse_module_instance(module_text)
            if module is None:
                raise InputError(
                    f"{address}: cannot read module_address {raw.get('module_address')!r}",
                    path=source,
                )
            module_entry = (module, format_module_instance(module), module_path(module))
            modules[module_text] = module_entry
        key = raw.get("index")
        items.append(
            _Item(
                raw=raw,
                address=address,
                type=type_,
                name=name,
                module=module_entry[0],
                module_address=module_entry[1],
                path=module_entry[2],
                resource=f"{type_}.{name}",
                key=key if isinstance(key, (int, str)) and not isinstance(key, bool) else None,
            )
        )
    return items


@dataclass(frozen=True)
class _Reader:
    source: str
    default_region: str | None
    configuration: Configuration
    variables: Mapping[str, Any]  # without the sensitive ones: values that may be shown
    all_variables: Mapping[str, Any]  # with them: only to tell what derives from a secret
    resolver: ReferenceResolver
    # Per-run answers that depend only on the configuration, not on the resource: a plan has a
    # handful of modules and provider configurations and thousands of resources.
    _modules: dict[tuple[str, ...], ModuleConfig | None] = field(default_factory=dict)
    _provider_keys: dict[tuple[tuple[str, ...], str], str] = field(default_factory=dict)
    _regions: dict[str, str | None] = field(default_factory=dict)
    # The default_tags of every provider configuration key a resource uses (None: not in the
    # configuration), read once per key: what Plan.default_tags is made of.
    default_tags: dict[str, DefaultTags | None] = field(default_factory=dict)
    _secret_tags: dict[str, bool] = field(default_factory=dict)
    _references: dict[tuple[tuple[str, ...], str], tuple[tuple[str, tuple[str, ...]], ...]] = field(
        default_factory=dict
    )
    _configured: dict[tuple[tuple[str, tuple[str, ...]], ...], frozenset[str]] = field(
        default_factory=dict
    )

    def change(self, item: _Item) -> ResourceChange | None:
        change = mapping(item.raw.get("change"))
        actions_raw = change.get("actions")
        actions = tuple(actions_raw) if isinstance(actions_raw, list) else ()
        if actions in _SKIPPED_ACTIONS:
            return None
        action = _ACTIONS.get(actions)
        if action is None:
            raise InputError(
                f"{item.address}: unknown change actions {list(actions)}; "
                "is the plan from a newer Terraform than costcheck knows?",
                path=self.source,
            )
        before_values, after_values = change.get("before"), change.get("after")

        config = self._module(item.path)
        resource_config = config.resources.get(item.resource) if config else None
        key, region = self._region(
            item, resource_config.provider_config_key if resource_config else None, before_values
        )
        secret_tags = self._default_tags_are_secret(key)
        written = (
            self._written(item.path, item.resource, resource_config.expressions)
            if resource_config
            else ()
        )
        references = self.resolver.resolve(written, item.module, item.key) if written else {}
        configured = self._configured_paths(written)
        location = self._location(item)
        unknown_count = self._unknown_count(item)

        def side(attributes: Attributes) -> Resource:
            return Resource(
                address=item.address,
                type=item.type,
                name=item.name,
                attributes=attributes,
                region=region,
                module_address=item.module_address,
                index=item.key,
                provider_config_key=key,
                location=location,
                references=references,
                configured_references=configured,
                unknown_count=unknown_count,
            )

        before = None
        if action is not Action.CREATE and isinstance(before_values, Mapping):
            before = side(
                Attributes(
                    values=before_values,
                    # Terraform's before is always known; a base evaluated from code (diff
                    # --base) is not, and an unknown read as unset would price differently.
                    unknown=marked_paths(change.get("x_costcheck_before_unknown"), before_values),
                    sensitive=with_tag_twins(
                        marked_paths(change.get("before_sensitive"), before_values)
                    )
                    | (provider_tag_paths(before_values) if secret_tags else frozenset()),
                )
            )
        after = None
        if action is not Action.DELETE and isinstance(after_values, Mapping):
            after = side(
                Attributes(
                    values=after_values,
                    unknown=marked_paths(change.get("after_unknown"), after_values),
                    sensitive=with_tag_twins(
                        marked_paths(change.get("after_sensitive"), after_values)
                    )
                    | (provider_tag_paths(after_values) if secret_tags else frozenset()),
                    unknown_reasons=self._unknown_reasons(item),
                ),
            )
        if before is None and after is None:
            raise InputError(
                f"{item.address}: the change has neither a before nor an after value; "
                "is the plan JSON intact?",
                path=self.source,
            )
        return ResourceChange(
            address=item.address, type=item.type, action=action, before=before, after=after
        )

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

    def _configured_paths(self, written: tuple[tuple[str, tuple[str, ...]], ...]) -> frozenset[str]:
        """The paths of ``written``, made once per resource block (its instances share it)."""
        paths = self._configured.get(written)
        if paths is None:
            paths = self._configured[written] = frozenset(path for path, _ in written)
        return paths

    def _written(
        self, path: tuple[str, ...], resource: str, expressions: Mapping[str, Any]
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The references a resource block writes, read once for all its instances."""
        written = self._references.get((path, resource))
        if written is None:
            written = self._references[(path, resource)] = written_references(expressions)
        return written

    def _module(self, path: tuple[str, ...]) -> ModuleConfig | None:
        if path not in self._modules:
            self._modules[path] = self.configuration.module(path)
        return self._modules[path]

    def _region(self, item: _Item, configured_key: str | None, before: Any) -> tuple[str, str]:
        """The provider configuration key the resource uses and its region."""
        provider = (
            str(item.raw.get("provider_name") or "").rsplit("/", 1)[-1] or item.type.split("_")[0]
        )
        key = configured_key or self._fallback_key(item.path, provider)
        if key not in self._regions:
            self._regions[key] = provider_region(key, self.configuration, self.variables)
        region = self._regions[key]
        if region is None and configured_key is None:
            # Out of the configuration (being destroyed): the state's ARN still says where it is.
            region = _arn_region(before)
        region = region or self.default_region
        if region:
            return key, region
        if provider != "aws":
            return key, ""  # not priced; its region does not matter
        raise InputError(
            f"{item.address}: cannot tell which AWS region it is in: provider configuration "
            f"{key!r} sets no region the plan shows (a constant or a root variable); {_REGION_HINT}",
            path=self.source,
        )

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
                f"{item.address}: x_costcheck_location needs file, start_line and end_line",
                path=self.source,
            )
        return SourceLocation(file=file, start_line=start, end_line=end)

    def _unknown_count(self, item: _Item) -> str | None:
        raw = item.raw.get("x_costcheck_unknown_count")
        if raw is None:
            return None
        if not isinstance(raw, str) or not raw:
            raise InputError(
                f"{item.address}: x_costcheck_unknown_count must be the reason, as a string",
                path=self.source,
            )
        return raw

    def _unknown_reasons(self, item: _Item) -> Mapping[str, str]:
        raw = item.raw.get("x_costcheck_unknown_reasons")
        if raw is None:
            return {}
        if not isinstance(raw, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
        ):
            raise InputError(
                f"{item.address}: x_costcheck_unknown_reasons must map attribute paths to reasons",
                path=self.source,
            )
        return dict(raw)


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


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _arn_region(values: Any) -> str | None:
    arn = mapping(values).get("arn")
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[3] if len(parts) > 4 and looks_like_region(parts[3]) else None


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
