"""Evaluate a configuration: module instances, resources, data sources, providers.

Everything is evaluated on first use and remembered, so references resolve in whatever order the
code is written (as Terraform's graph would order them), and a cycle is reported rather than
followed forever. An expression that fails becomes a diagnostic at its file and line and an
unknown value; the rest of the configuration is still evaluated.
"""

from __future__ import annotations

import functools
import os
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.hcl import modules, provider_rules, schema, version_constraints
from checker.hcl.config import (
    RESOURCE_META_ARGS,
    RESOURCE_META_BLOCKS,
    Attribute,
    ModuleCallDecl,
    ModuleConfig,
    ProviderDecl,
    ResourceDecl,
    Validation,
    Where,
    load_module,
    place,
    prefetch_calls,
    traversal_name,
)
from checker.hcl.expressions import Scope, evaluate, iterate
from checker.hcl.files import Confinement
from checker.hcl.functions import FunctionContext
from checker.hcl.parse import Diagnostic, ParseCache, ParseWorkers
from checker.hcl.references import traversals
from checker.hcl.syntax import Node
from checker.hcl.values import (
    COMPUTED,
    NOT_REPEATABLE,
    EvalError,
    LazyMap,
    OpenObject,
    Sensitive,
    Spent,
    UndeclaredReference,
    Unknown,
    Variables,
    mark,
    own_secret_reads,
    secret_origin,
    secrets_in_play,
    to_bool,
    to_number,
    to_str,
    unmark,
)
from checker.hcl.variables import GivenValue, bind_variable, missing_variable
from checker.plan.addresses import quote_key
from checker.safe_text import clip

InstanceKey = int | str | None

# An instance key after a name in an address: module.x[0], aws_sqs_queue.q["a"].
_INSTANCE_KEY = re.compile(r'([A-Za-z_][A-Za-z0-9_-]*)\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\]')
# The calls leading to a module ("module.app.module.db."), keys already taken off.
_CALL_PATH = re.compile(r"(?:module\.[A-Za-z_][A-Za-z0-9_-]*\.)+")


def format_key(key: InstanceKey) -> str:
    """``[0]`` or ``["a"]`` as Terraform writes instance keys in addresses."""
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{quote_key(key)}]"  # Terraform's quoting (HCL's), not JSON's


@dataclass
class ProviderState:
    """A provider configuration, evaluated."""

    key: str  # provider_config key: "aws", "aws.west", "module.x:aws"
    decl: ProviderDecl | None  # None: the implicit, empty configuration
    name: str
    full_name: str
    values: dict[str, Any] = field(default_factory=dict)
    module_address: str = ""
    version_constraint: str | None = None

    @property
    def region(self) -> Any:
        # A region is no secret (it is in every ARN); a sensitive one is used as it is.
        return unmark(self.values.get("region"))[0]

    @property
    def default_tags(self) -> Any:
        blocks = unmark(self.values.get("default_tags"))[0]
        if isinstance(blocks, Unknown):
            return blocks
        if not blocks:
            return {}
        block = unmark(blocks[0])[0]
        tags = block.get("tags") if isinstance(block, dict) else None
        return tags if tags is not None else {}


@dataclass
class ResourceInstance:
    """One instance of a resource or data source, evaluated."""

    decl: ResourceDecl
    module: ModuleInstance
    address: str
    key: InstanceKey
    values: dict[str, Any]
    provider: ProviderState
    obj: OpenObject  # what references to this instance see
    # Why the number of instances is not known, when this one entry stands for all of them.
    unknown_count: str | None = None


@dataclass(frozen=True)
class Keys:
    """How a resource or module call expands: instance keys with the names each instance adds
    to its scope (``count.index``, ``each.key``, ``each.value``)."""

    mode: str  # "single" | "count" | "for_each" | "unknown"
    items: list[tuple[InstanceKey, dict[str, Any]]]
    # mode "unknown": why count/for_each is not known ("count depends on data.x, which ...").
    # One instance without a key then stands for all, its count.index or each unknown.
    unknown: str | None = None


def _unknown_keys(meta: str, what: str, why: Unknown | str) -> Keys:
    """One keyless instance of ``what`` whose ``meta`` (count or for_each) is not known."""
    if isinstance(why, Unknown):
        text = why.reason
        why = (
            f"{meta} {text}" if text.startswith("depends on ") else f"{meta} is not known ({text})"
        )
    if meta == "count":
        names: dict[str, Any] = {
            "count": {"index": Unknown(f"depends on count.index of {what}, whose {why}")}
        }
    else:
        names = {
            "each": {
                "key": Unknown(f"depends on each.key of {what}, whose {why}"),
                "value": Unknown(f"depends on each.value of {what}, whose {why}"),
            }
        }
    return Keys("unknown", [(None, names)], why)


# Bounds on the work a configuration may ask for (README: "Limits"). Far above real code: the
# largest public modules expand to a few thousand instances.
MAX_INSTANCES_PER_BLOCK = 100_000
MAX_INSTANCES_TOTAL = 250_000
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _unsuitable(meta: Attribute, what: str, why: str) -> InputError:
    """Terraform's "Invalid count argument" (or for_each), at the argument."""
    return InputError(
        f'{what}: the given "{meta.name}" argument value is unsuitable: {why}',
        path=meta.where.file,
        line=meta.where.line,
    )


def _referenced(keys: Keys, what: str, values: list[Any]) -> Any:
    """What references to an expanded resource or module call see, given each instance's value
    (its object, its outputs) in ``keys`` order: a list by count, an object by for_each key,
    else the one instance's value."""
    if keys.unknown is not None:
        # One entry stands for however many instances there will be; what refers to them
        # cannot know which exist.
        return Unknown(f"depends on {what}, whose {keys.unknown}")
    if keys.mode == "count":
        return values
    if keys.mode == "for_each":
        return {str(key): value for (key, _), value in zip(keys.items, values, strict=True)}
    return values[0]


@dataclass
class Expansion:
    """A resource (or module call) expanded by count/for_each; ``value`` is what references see."""

    instances: list[Any]
    value: Any
    mode: str  # "single" | "count" | "for_each"


class Run:
    """One evaluation of a root module and everything it calls."""

    def __init__(
        self,
        root: Path,
        cache: ParseCache | None,
        display_root: Path | None = None,
        *,
        workspace: str = "default",
        file_roots: tuple[Path, ...] | None = None,
        workers: ParseWorkers | None = None,
    ) -> None:
        self.root = root
        self.workers = workers  # processes parsing a module's many uncached files
        self.workspace = workspace
        self.display_root = display_root or root
        self.cache = cache
        self.diagnostics: list[Diagnostic] = []
        self._diagnosed: set[tuple[str, int | None, str, str]] = set()
        # What file functions and local module sources may reach: the repository.
        self.confinement = (
            Confinement(file_roots) if file_roots is not None else Confinement.for_directory(root)
        )
        self.functions = FunctionContext(root, self.confinement)
        self.manifest = modules.read_manifest(root, self.diagnostics, self.confinement)
        self._configs: dict[Path, ModuleConfig] = {}
        self._real_dirs: dict[Path, Path] = {}
        self.providers: dict[str, ProviderState] = {}
        self.instances: list[ModuleInstance] = []
        self.not_followed: list[tuple[str, str, str]] = []  # (call address, source, reason)
        # Module instance address -> where its module call is written.
        self.module_calls: dict[str, Where] = {}
        self.read_seconds = 0.0  # reading and parsing files (or loading their cached AST)
        self.instance_count = 0  # resource and module instances expanded so far
        # Root variable -> the TF_VAR_ environment variable its secret value came from.
        self.secret_variables: dict[str, str] = {}

    def take_instances(self, number: int, where: Where, what: str) -> None:
        """Count ``number`` instances of ``what`` against the limits: an InputError past them,
        before anything is expanded (``count = 1e6`` would take gigabytes)."""
        if number > MAX_INSTANCES_PER_BLOCK:
            raise InputError(
                f"{what}: {number:,} instances, more than the {MAX_INSTANCES_PER_BLOCK:,} "
                "costcheck expands for one block; lower count or for_each",
                path=where.file,
                line=where.line,
            )
        self.instance_count += number
        if self.instance_count > MAX_INSTANCES_TOTAL:
            raise InputError(
                f"{what}: the configuration expands to more than {MAX_INSTANCES_TOTAL:,} "
                "resource and module instances, the most costcheck evaluates; lower count or "
                "for_each (here or in the modules that call this one)",
                path=where.file,
                line=where.line,
            )

    def config(self, directory: Path) -> ModuleConfig:
        """The configuration of ``directory``, read once per run."""
        key = self.real_dir(directory)  # (as Path.resolve, once per directory)
        if key not in self._configs:
            start = time.perf_counter()
            config = load_module(
                directory,
                self.root,
                self.cache,
                self.display_root,
                confinement=self.confinement,
                workers=self.workers,
            )
            if self.workers is not None:
                prefetch_calls(config, self.cache, self.confinement, self.workers)
            self.read_seconds += time.perf_counter() - start
            self.diagnostics.extend(config.diagnostics)
            self._configs[key] = config
        return self._configs[key]

    def real_dir(self, directory: Path) -> Path:
        """``directory`` with every link resolved, once per directory."""
        real = self._real_dirs.get(directory)
        if real is None:
            real = self._real_dirs[directory] = Path(os.path.realpath(directory))
        return real

    def unparsed_files(self) -> list[str]:
        """The files (as shown) of every module read that could not be parsed."""
        return sorted(name for config in self._configs.values() for name in config.unparsed)

    def diagnose(self, where: Where | None, message: str, severity: str = "error") -> None:
        """Record a diagnostic, once: the same problem in another instance of the same module
        or resource (``module.x[1]`` after ``module.x[0]``), or in another call of the same
        module, is the same line of code."""
        file = where.file if where else "."
        line = where.line if where else None
        key = (file, line, severity, _CALL_PATH.sub("", _INSTANCE_KEY.sub(r"\1", message)))
        if key in self._diagnosed:
            return
        self._diagnosed.add(key)
        self.diagnostics.append(Diagnostic(file, line, message, severity))


class ModuleInstance:
    """A module (the root, or one instance of a module call) with its input values."""

    def __init__(
        self,
        run: Run,
        config: ModuleConfig,
        *,
        address: str,
        call_path: tuple[str, ...],
        inputs: dict[str, Any],
        provider_map: dict[str, str],
        unknown_count: str | None = None,
        call: tuple[ModuleCallDecl, ModuleInstance, Scope] | None = None,
        callers: tuple[tuple[str, Path], ...] = (),
    ) -> None:
        self.run = run
        self.config = config
        # The module instances from the root down to this one, each with its real directory:
        # a call back into one of them is a recursion.
        self.lineage = (*callers, (address or "the root module", run.real_dir(config.dir)))
        self.address = address  # "" for the root, 'module.app["x"]' otherwise
        self.call_path = call_path  # ("app",): module call names, without instance keys
        self.inputs = inputs
        # For a called module: its call, the calling instance and the scope (count/each) the
        # call's arguments are evaluated in. Arguments are evaluated when first read, one by one,
        # as Terraform's graph orders them: two modules may each read the other's outputs.
        self._call = call
        self.provider_map = provider_map
        # Why this one instance stands for a module call's unknown number of instances.
        self.unknown_count = unknown_count
        self.scope = Scope(self._resolve, run.functions)
        self._locals: dict[str, Any] = {}
        self._resources: dict[str, Expansion] = {}
        self._calls: dict[str, Expansion] = {}
        self._active: set[str] = set()
        self._provider_states: dict[str, ProviderState] = {}
        self._namespaces = self._make_namespaces()
        run.instances.append(self)

    @functools.cached_property
    def prefix(self) -> str:
        """``module.app["x"].`` (empty for the root): what addresses in this instance start with."""
        return f"{self.address}." if self.address else ""

    # --- names ------------------------------------------------------------------------------

    def _make_namespaces(self) -> dict[str, Any]:
        cfg = self.config
        budget = self.run.functions.budget
        spaces: dict[str, Any] = {
            "var": Variables(self.inputs)
            if self._call is None
            else LazyMap(self.config.variables, self._input, "var", budget),
            "local": LazyMap(cfg.locals, self.local, "local", budget),
            "module": LazyMap(cfg.module_calls, self._call_value, "module", budget),
            "path": {
                "module": cfg.rel_dir,
                "root": ".",
                "cwd": str(self.run.root),
            },
            "terraform": {"workspace": self.run.workspace},
        }
        # Resource names by type, each an ordered set (a dict): looked up on every reference.
        managed: dict[str, dict[str, None]] = {}
        data: dict[str, dict[str, None]] = {}
        for r in cfg.resources.values():
            (managed if r.mode == "managed" else data).setdefault(r.type, {})[r.name] = None
        spaces["data"] = LazyMap(
            sorted(data),
            lambda t: LazyMap(
                data[t], lambda n: self.resource(f"data.{t}.{n}").value, f"data.{t}", budget
            ),
            "data",
        )
        spaces["ephemeral"] = self._ephemeral_space()
        for rtype, names in managed.items():
            spaces[rtype] = LazyMap(
                names, (lambda t: lambda n: self.resource(f"{t}.{n}").value)(rtype), rtype, budget
            )
        return spaces

    def _ephemeral_space(self) -> LazyMap:
        """``ephemeral.<type>.<name>``: unknown, as in terraform's plan. Terraform opens an
        ephemeral resource only while it runs and writes none of its values to a plan or state;
        they may feed write-only arguments, which a plan holds as null."""
        types: dict[str, dict[str, None]] = {}
        for r in self.config.ephemerals.values():
            types.setdefault(r.type, {})[r.name] = None

        def member(rtype: str) -> LazyMap:
            return LazyMap(
                types[rtype],
                lambda n: Unknown(
                    f"depends on {self.prefix}ephemeral.{rtype}.{n}, an ephemeral resource "
                    "(its values are known only while terraform applies, never in a plan)"
                ),
                f"ephemeral.{rtype}",
            )

        return LazyMap(sorted(types), member, "ephemeral")

    def _input(self, name: str) -> Any:
        """The value of input variable ``name`` of a called module, from its call's argument."""
        assert self._call is not None
        decl, caller, scope = self._call
        attr = next((a for a in decl.inputs if a.name == name), None)
        given = None
        if attr is not None:
            self._guard(f"var.{name}")
            try:
                value = caller.eval_expr(attr.expr, scope, attr.where, f"{self.address}: {name}")
            finally:
                self._active.discard(f"var.{name}")
            given = GivenValue(value, attr.where.file, attr.where.line)
        return bind_variable(
            self.config.variables[name],
            given,
            self.address,
            decl.where,
            functions=self.run.functions,
            diagnose=self.run.diagnose,
        )

    def load_inputs(self) -> None:
        """Evaluate every input now (as Terraform does), so each argument's errors are met."""
        space = self._namespaces["var"]
        if isinstance(space, LazyMap):
            space.materialize()

    def _resolve(self, name: str) -> Any:
        space = self._namespaces.get(name)
        if space is not None:
            return space
        if name in ("count", "each"):
            raise EvalError(
                f'"{name}" is only available in a block that sets {"count" if name == "count" else "for_each"}'
            )
        if name == "self":
            raise EvalError('"self" is only available in provisioner and connection blocks')
        if "_" in name:
            raise UndeclaredReference(
                f'reference to undeclared resource type "{name}" in this module'
            )
        raise UndeclaredReference(f'reference to unknown name "{name}"')

    def eval_expr(self, expr: Node, scope: Scope, where: Where, what: str) -> Any:
        """Evaluate, turning an error into a diagnostic and an unknown value."""
        try:
            return own_secret_reads(evaluate, expr, scope)
        except (EvalError, RecursionError) as exc:
            return self._failed(exc, where, what)
        except InputError as exc:
            raise placed(exc, where) from None

    def _failed(self, exc: Exception, where: Where, what: str) -> Unknown:
        """The diagnostic and the unknown value for an expression that could not be evaluated."""
        if isinstance(exc, RecursionError):
            self.run.diagnose(where, f"{what}: the expression is nested too deeply")
            return Unknown("could not be evaluated: nested too deeply")
        # An error may quote a value of the configuration: bounded.
        message = clip(str(exc), MESSAGE_LIMIT)
        self.run.diagnose(where, f"{what}: {message}")
        return Unknown(f"could not be evaluated: {message}")

    def _guard(self, key: str) -> None:
        if key in self._active:
            raise EvalError(f"{self.prefix}{key} refers to itself (a cycle)")
        self._active.add(key)

    # --- locals, outputs ----------------------------------------------------------------------

    def local(self, name: str) -> Any:
        if name not in self._locals:
            attr = self.config.locals[name]
            self._guard(f"local.{name}")
            try:
                self._locals[name] = self.eval_expr(
                    attr.expr, self.scope, attr.where, f"local.{name}"
                )
            finally:
                self._active.discard(f"local.{name}")
        return self._locals[name]

    def outputs(self) -> LazyMap:
        """The module's outputs, each evaluated on first use."""
        cfg = self.config

        def load(name: str) -> Any:
            out = cfg.outputs[name]
            key = f"output.{name}"
            self._guard(key)
            try:
                value = self.eval_expr(
                    out.expr, self.scope, out.where, f"{self.prefix}output.{name}"
                )
            finally:
                self._active.discard(key)
            return mark(value) if out.sensitive else value

        return LazyMap(
            cfg.outputs, load, f"{self.address or 'root module'} output", self.run.functions.budget
        )

    # --- expansion ----------------------------------------------------------------------------

    def _expand(self, count: Attribute | None, for_each: Attribute | None, what: str) -> Keys:
        """The instance keys and per-instance names (count/each) of a resource or module call."""
        if count is not None:
            raw = self.eval_expr(count.expr, self.scope, count.where, f"{what}: count")
            n, marked = unmark(raw)
            if marked:
                return self._sensitive_meta(count, what, secret_origin(raw))
            if isinstance(n, Unknown):
                return _unknown_keys("count", what, n)
            try:
                number = to_number(n)
            except EvalError as exc:
                self.run.diagnose(count.where, f"{what}: count: {exc}")
                return _unknown_keys("count", what, f"count could not be evaluated ({exc})")
            # Terraform refuses to plan these, in these words (and 1e400 must not loop).
            if not _INT64_MIN <= number <= _INT64_MAX or number != number.to_integral_value():
                raise _unsuitable(
                    count,
                    what,
                    f"value must be a whole number, between {_INT64_MIN} and {_INT64_MAX}",
                )
            if number < 0:
                raise _unsuitable(count, what, "must be greater than or equal to zero")
            self.run.take_instances(int(number), count.where, what)
            return Keys(
                "count", [(i, {"count": {"index": Decimal(i)}}) for i in range(int(number))]
            )
        if for_each is not None:
            value = self.eval_expr(for_each.expr, self.scope, for_each.where, f"{what}: for_each")
            if type(value) is Sensitive:
                return self._sensitive_meta(for_each, what, value.secret)
            if isinstance(value, Unknown):
                return _unknown_keys("for_each", what, value)
            return self._for_each_keys(value, for_each.where, what)
        return Keys("single", [(None, {})])

    def _sensitive_meta(self, meta: Attribute, what: str, secret: str | None) -> Keys:
        """A sensitive count or for_each: Terraform refuses it, as instance keys would show it.
        ``secret``: the TF_VAR_ it may come from (nonsensitive() leaves that mark on)."""
        extra = ""
        if secret is not None:
            extra = (
                f"; it may come from the environment ({clip(secret, 60)}), whose mark "
                "nonsensitive() cannot take off"
            )
        self.run.diagnose(
            meta.where,
            f"{what}: {meta.name} is derived from a sensitive value, which terraform refuses "
            f"(instance keys would show it){extra}; {self._secret_advice(meta)}",
        )
        return _unknown_keys(meta.name, what, f"{meta.name} is sensitive")

    def _secret_advice(self, meta: Attribute) -> str:
        """What to do about a sensitive count or for_each: where it may come from a TF_VAR_
        value (secret to costcheck whatever the declaration says), name those variables."""
        secrets = self.run.secret_variables
        if not secrets:
            return "use nonsensitive() if it is no secret"
        named = {
            steps[0][1]
            for root, steps in traversals(meta.expr, frozenset())
            if root == "var" and steps and steps[0][0] == "attr"
        }
        # Through a local or a module input the variable is not in sight: name them all.
        names = sorted(n for n in secrets if n in named) if not self.address else []
        names = names or sorted(secrets)
        shown = ", ".join(clip(secrets[n], 60) for n in names[:4])
        more = f" and {len(names) - 4} more" if len(names) > 4 else ""
        example = clip(names[0], 60)
        return (
            f"costcheck treats a value from the environment as secret ({shown}{more}): give "
            f"a value that is no secret in a .tfvars file or with --var {example}=..., "
            f"or list the variable in COSTCHECK_PUBLIC_TF_VARS"
        )

    def _for_each_keys(self, value: Any, where: Where, what: str) -> Keys:
        if isinstance(value, LazyMap):
            value = value.materialize()
        if isinstance(value, dict):
            items = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, tuple):
            unknown = next((v for v in value if isinstance(v, Unknown)), None)
            if unknown is not None:
                return _unknown_keys("for_each", what, unknown)
            try:
                items = [(to_str(v), v) for v in value]
            except EvalError:
                self.run.diagnose(where, f"{what}: for_each needs a set of strings")
                return _unknown_keys("for_each", what, "for_each is not a set of strings")
        else:
            self.run.diagnose(
                where,
                f"{what}: for_each must be a map or a set of strings, not a list: wrap it in toset()",
            )
            return _unknown_keys("for_each", what, "for_each is not a map or a set of strings")
        self.run.take_instances(len(items), where, what)
        return Keys("for_each", [(k, {"each": {"key": k, "value": v}}) for k, v in items])

    # --- resources ----------------------------------------------------------------------------

    def resource(self, key: str) -> Expansion:
        """A resource or data source (``aws_instance.web``, ``data.aws_ami.x``), expanded."""
        if key in self._resources:
            return self._resources[key]
        decl = self.config.resources[key]
        self._guard(key)
        try:
            expansion = self._expand_resource(decl)
        finally:
            self._active.discard(key)
        self._resources[key] = expansion
        return expansion

    def _expand_resource(self, decl: ResourceDecl) -> Expansion:
        what = f"{self.prefix}{decl.key}"
        keys = self._expand(decl.count, decl.for_each, what)
        unknown_count = keys.unknown or self.unknown_count
        # The values of arguments that read no count, each or self, evaluated for the first
        # instance and given to the others.
        shared = _Sharing() if len(keys.items) > 1 else None
        instances = [
            self._instance(decl, key, names, unknown_count, shared) for key, names in keys.items
        ]
        return Expansion(instances, _referenced(keys, what, [i.obj for i in instances]), keys.mode)

    def _instance(
        self,
        decl: ResourceDecl,
        key: InstanceKey,
        names: dict[str, Any],
        unknown_count: str | None = None,
        shared: _Sharing | None = None,
    ) -> ResourceInstance:
        address = f"{self.prefix}{decl.key}{format_key(key)}"
        if shared is not None:
            names = shared.names = _InstanceNames(names)
        scope = self.scope.child(names) if names else self.scope
        written = self.eval_body(
            decl.body, scope, decl.where.file, address, top=True, shared=shared
        )
        provider = self.provider_for(decl)
        errors: list[str] = []
        if decl.mode == "managed":
            block_schema = schema.resource_schema(decl.type)
            if schema.has_tags_all(block_schema, written):
                written["tags_all"] = provider_rules.tags_all(
                    written.get("tags"),
                    provider.default_tags,
                    address,
                    none_is_empty=schema.plans_empty_tags_all(block_schema),
                )
            unknown_at = schema.computed_after_apply(address)
            values = schema.complete(
                written,
                block_schema,
                unknown_at,
                errors=errors,
                placeholder=COMPUTED,
                open_as=unknown_at,  # the values are what references see: one dict
            )
            provider_rules.apply_state_functions(decl.type, values)
            if "region" in written and unmark(written["region"])[0] is None:
                # Provider 6: a null region argument is its provider's region, known at plan
                # (modules write region = var.region, null by default).
                region = provider.region
                values["region"] = region if isinstance(region, str) else None
        else:
            unknown_at = schema.read_during_plan(address)
            values = _data_values(decl, written, provider, address, errors)
        obj = values if type(values) is OpenObject else OpenObject(values, unknown_at)
        for message in errors:
            self.run.diagnose(decl.where, f"{address}: {message}")
        return ResourceInstance(decl, self, address, key, values, provider, obj, unknown_count)

    def eval_body(
        self,
        body: Node,
        scope: Scope,
        file: str,
        what: str,
        *,
        top: bool = False,
        shared: _Sharing | None = None,
    ) -> dict[str, Any]:
        """A block body as an object: attributes, and nested blocks as lists of objects.

        ``shared`` (one per expanded block, for its instances) holds the values of the arguments
        whose evaluation read neither ``count`` nor ``each``: the first instance evaluates them,
        the others take them as they are and are charged the steps they took."""
        out: dict[str, Any] = {}
        secrets = secrets_in_play()
        for name, expr, line in body[1]:
            if top and name in RESOURCE_META_ARGS:
                continue
            if expr[0] == "lit":  # a string, bool or null as written: the commonest argument
                out[name] = expr[1]
                continue
            # eval_expr inlined: this runs for every argument of every instance, and the place
            # and name of an argument are wanted only when it fails.
            try:
                if secrets:  # each argument its own record of secrets read: fewer marks secret
                    out[name] = own_secret_reads(_argument, expr, scope, shared)
                elif shared is None:
                    out[name] = evaluate(expr, scope)
                else:
                    out[name] = _shared_evaluate(expr, scope, shared)
            except (EvalError, RecursionError) as exc:
                out[name] = self._failed(exc, place(file, line), f"{what}.{name}")
            except InputError as exc:
                raise placed(exc, place(file, line)) from None
        if not body[2]:
            return out
        written = set(out)  # argument values, which may be shared (and are never appended to)
        for btype, labels, bbody, start, end in body[2]:
            if top and btype in RESOURCE_META_BLOCKS:
                continue
            if btype == "dynamic":
                where = place(file, start, end)
                self._dynamic(out, written, labels, bbody, scope, where, what)
                continue
            existing = _blocks(out, btype, written)
            if isinstance(existing, list):
                # The block's file, as place() gives it, without making a Where per block of
                # every instance: an override file's block comes with its own (file, line).
                block_file = file if type(start) is int else place(file, start).file
                existing.append(
                    self.eval_body(bbody, scope, block_file, f"{what}.{btype}", shared=shared)
                )
        return out

    def _dynamic(
        self,
        out: dict[str, Any],
        written: set[str],
        labels: tuple[str, ...],
        body: Node,
        scope: Scope,
        where: Where,
        what: str,
    ) -> None:
        if len(labels) != 1:
            self.run.diagnose(where, f"{what}: a dynamic block needs one label, the block type")
            return
        btype = labels[0]
        attrs = {name: (expr, line) for name, expr, line in body[1]}
        contents = [b for b in body[2] if b[0] == "content"]
        if "for_each" not in attrs or len(contents) != 1:
            self.run.diagnose(
                where, f'{what}: dynamic "{btype}" needs for_each and one content block'
            )
            return
        expr, line = attrs["for_each"]
        collection = self.eval_expr(
            expr, scope, place(where.file, line), f"{what}.dynamic.{btype}.for_each"
        )
        iterator = btype
        if "iterator" in attrs:
            iterator = traversal_name(attrs["iterator"][0]) or btype
        collection, marked = unmark(collection)
        if isinstance(collection, Unknown):
            out[btype] = collection  # how many blocks there are is not known
            return
        existing = _blocks(out, btype, written)
        if not isinstance(existing, list):
            return
        for key, value in _iterate(collection, self.run, where, what):
            inner = scope.child({iterator: {"key": key, "value": value}})
            block = self.eval_body(contents[0][2], inner, where.file, f"{what}.{btype}")
            # Blocks made from a sensitive collection are sensitive, as Terraform makes them.
            existing.append(mark(block) if marked else block)

    # --- module calls -------------------------------------------------------------------------

    def _call_value(self, name: str) -> Any:
        return self.module_call(name).value

    def module_call(self, name: str) -> Expansion:
        """A module call, expanded into child instances."""
        if name in self._calls:
            return self._calls[name]
        decl = self.config.module_calls[name]
        self._guard(f"module.{name}")
        try:
            expansion = self._expand_call(decl)
        finally:
            self._active.discard(f"module.{name}")
        self._calls[name] = expansion
        return expansion

    def _expand_call(self, decl: ModuleCallDecl) -> Expansion:
        what = f"{self.prefix}module.{decl.name}"
        source = modules.resolve(
            decl.source, self.config.dir, ".".join((*self.call_path, decl.name)), self.run.manifest
        )
        self.run.module_calls[what] = decl.where
        if source.directory is not None and not self.run.confinement.contains(source.directory):
            source = modules.ModuleSource(
                None,
                f"its source {clip(decl.source)} leads outside the repository (the git top "
                "level, else the directory checked; --repo-root names another)",
            )
        if source.directory is None:
            self.run.not_followed.append((what, decl.source, source.reason))
            # An error: the totals leave out everything the module holds.
            self.run.diagnose(
                decl.where, f"{what} is not followed: {source.reason}; its resources are not priced"
            )
            return Expansion(
                [],
                Unknown(f"depends on {what}, which is not followed ({source.reason})"),
                "unknown",
            )
        self._refuse_recursion(source.directory, what, decl)
        keys = self._expand(decl.count, decl.for_each, what)
        # Each resource of a module instance standing for all the instances stands for many.
        unknown_count = f"{what}: {keys.unknown}" if keys.unknown else self.unknown_count
        config = self.run.config(source.directory)
        children: list[ModuleInstance] = []
        for key, names in keys.items:
            scope = self.scope.child(names) if names else self.scope
            address = f"{what}{format_key(key)}"
            self.run.module_calls[address] = decl.where
            for attr in decl.inputs:
                if attr.name not in config.variables:
                    self.run.diagnose(
                        attr.where,
                        f'{what}: the module has no variable "{attr.name}"; it is ignored',
                    )
            given_names = {attr.name for attr in decl.inputs}
            for var in config.variables.values():
                if var.name not in given_names and var.default is None:
                    raise missing_variable(var, address, decl.where)
            child = ModuleInstance(
                self.run,
                config,
                address=address,
                call_path=(*self.call_path, decl.name),
                inputs={},
                provider_map=self._child_providers(decl),
                unknown_count=unknown_count,
                call=(decl, self, scope),
                callers=self.lineage,
            )
            children.append(child)
        outputs = _referenced(keys, what, [c.outputs() for c in children])
        return Expansion(children, outputs, keys.mode)

    def _refuse_recursion(self, directory: Path, what: str, decl: ModuleCallDecl) -> None:
        """A module that calls itself or one of its callers (a link loop among module
        directories included) would expand forever: Terraform refuses it, and so does this."""
        real = self.run.real_dir(directory)
        for index, (_address, seen) in enumerate(self.lineage):
            if seen == real:
                chain = [address for address, _dir in self.lineage[index:]]
                raise InputError(
                    f"module recursion: {what} calls the module of {chain[0]} again "
                    f"({clip(' -> '.join([*chain, what]), MESSAGE_LIMIT)}); a module cannot "
                    "call itself, directly or through other modules",
                    path=decl.where.file,
                    line=decl.where.line,
                )

    # --- providers ----------------------------------------------------------------------------

    def _child_providers(self, decl: ModuleCallDecl) -> dict[str, str]:
        mapping = {name: self.provider_key(name) for name in self._default_provider_names()}
        for child_key, parent_key in decl.providers:
            mapping[child_key] = self.provider_key(parent_key)
        return mapping

    def _default_provider_names(self) -> set[str]:
        names = {k for k in self.provider_map if "." not in k}
        names |= {p.name for p in self.config.providers if p.alias is None}
        names |= {r.type.split("_", 1)[0] for r in self.config.resources.values()}
        names |= {r.type.split("_", 1)[0] for r in self.config.ephemerals.values()}
        return names | {"aws"}

    def provider_key(self, local_key: str) -> str:
        """The provider_config key a provider reference in this module resolves to."""
        own = next((p for p in self.config.providers if p.key == local_key), None)
        if own is not None:
            return (
                local_key if not self.call_path else f"{_config_path(self.call_path)}:{local_key}"
            )
        if local_key in self.provider_map:
            return self.provider_map[local_key]
        return local_key

    def provider_for(self, decl: ResourceDecl) -> ProviderState:
        local_key = decl.provider or decl.type.split("_", 1)[0]
        # Once per provider reference of this instance, not once per resource instance: the
        # key it resolves to and its run's state do not change once found.
        state = self._provider_states.get(local_key)
        if state is None:
            key = self.provider_key(local_key)
            state = self.run.providers.get(key)
            if state is None:
                state = self._evaluate_provider(key, local_key)
            self._provider_states[local_key] = state
        return state

    def _evaluate_provider(self, key: str, local_key: str) -> ProviderState:
        owner = self._provider_owner(key)
        name = local_key.split(".", 1)[0]
        decl = None
        if owner is not None:
            decl = next(
                (p for p in owner.config.providers if p.key == key.rsplit(":", 1)[-1]), None
            )
            name = decl.name if decl else name
        full_name = _full_name(name, owner or self)
        state = ProviderState(
            key,
            decl,
            name,
            full_name,
            module_address=owner.address if owner and decl and owner.address else "",
            version_constraint=self._version_constraint(key, name, owner),
        )
        self.run.providers[key] = state  # before evaluating: a provider may not refer to itself
        if decl is not None and owner is not None:
            state.values = owner.eval_body(
                decl.body, owner.scope, decl.where.file, f"provider[{key}]"
            )
        elif "." in key.rsplit(":", 1)[-1]:
            self.run.diagnose(None, f"provider {key} is used but not configured", "warning")
        return state

    def _version_constraint(self, key: str, name: str, owner: ModuleInstance | None) -> str | None:
        """The constraint terraform shows for provider configuration ``key``: its module's own
        requirement (the root's for a provider it configures or only requires), normalised."""
        if ":" not in key:
            written = self.run.instances[0].config.provider_versions.get(name)
        else:
            written = owner.config.provider_versions.get(name) if owner is not None else None
        return None if written is None else version_constraints.normalise(written)

    def _provider_owner(self, key: str) -> ModuleInstance | None:
        """The module instance whose provider block defines ``key`` (the root for plain keys)."""
        if ":" not in key:
            return self.run.instances[0]
        path = key.rsplit(":", 1)[0]
        for instance in self.run.instances:
            if _config_path(instance.call_path) == path:
                return instance
        return None

    # --- variables ----------------------------------------------------------------------------

    def check_variables(self) -> None:
        """Refuse the module's input values as Terraform refuses to plan: InputError for the first
        ``validation`` whose condition is false. A condition not known yet passes."""
        for decl in self.config.variables.values():
            for rule in decl.validations:
                what = f'{self.prefix}variable "{decl.name}": validation condition'
                passed = unmark(self.eval_expr(rule.condition, self.scope, rule.where, what))[0]
                if isinstance(passed, Unknown):
                    continue  # an error in the condition is a diagnostic already
                try:
                    if to_bool(passed):
                        continue
                except EvalError as exc:
                    self.run.diagnose(rule.where, f"{what}: {exc}")
                    continue
                raise InputError(
                    f"{self.address + ': ' if self.address else ''}the value of variable "
                    f'"{decl.name}" is not valid: {self._error_message(rule)} '
                    f"(the validation at {rule.where.file}:{rule.where.line})",
                    path=decl.where.file,
                    line=decl.where.line,
                )

    def _error_message(self, rule: Validation) -> str:
        if rule.error_message is None:
            return "it does not pass the validation"
        try:
            message = evaluate(rule.error_message, self.scope)
        except EvalError:
            return "it does not pass the validation"
        except InputError as exc:
            raise placed(exc, rule.where) from None
        if type(message) is Sensitive:
            return "(the error message includes a sensitive value, so it is not shown)"
        # Written by whoever wrote the module, and may quote any value: bounded.
        return clip(message) if isinstance(message, str) else "it does not pass the validation"

    # --- walking everything -------------------------------------------------------------------

    def evaluate_all(self) -> None:
        """Expand every module call and resource, depth first."""
        for name in self.config.module_calls:
            for child in self.module_call(name).instances:
                # Here rather than at the call: a validation reads inputs, which may read
                # another module's outputs that in turn read this module's.
                child.load_inputs()
                child.check_variables()
                child.evaluate_all()
        for key in self.config.resources:
            self.resource(key)

    def resource_instances(self) -> list[ResourceInstance]:
        return [i for key in self.config.resources for i in self.resource(key).instances]


# Diagnostics quote the evaluator's errors, which may quote values of the configuration.
MESSAGE_LIMIT = 500


def placed(exc: InputError, where: Where) -> InputError:
    """``exc`` (raised where the place is not known: a file function, a limit) at ``where``."""
    if exc.path is not None:
        return exc
    return type(exc)(exc.message, path=where.file, line=where.line)


def _config_path(call_path: tuple[str, ...]) -> str:
    return ".".join(f"module.{c}" for c in call_path)


def _full_name(name: str, instance: ModuleInstance) -> str:
    from checker.hcl.config import provider_full_name

    required = dict(instance.run.instances[0].config.required_providers)
    required.update(instance.config.required_providers)
    return provider_full_name(name, required)


def _blocks(out: dict[str, Any], btype: str, written: set[str]) -> Any:
    """The list the blocks ``btype`` of a body go to. After an argument of the same name, a copy
    of its value: that may be a variable's, or shared with another instance."""
    existing = out.setdefault(btype, [])
    if btype in written:
        written.discard(btype)
        if isinstance(existing, list):
            existing = out[btype] = list(existing)
    return existing


class _InstanceNames(dict[str, Any]):
    """The names an instance of a block binds (``count``, ``each``), which tell whether an
    evaluation read them: a scope reads a name it holds by indexing (a miss is only tested)."""

    read = False

    def __getitem__(self, name: str) -> Any:
        self.read = True
        return dict.__getitem__(self, name)


# An argument's value for every instance of a block, with what evaluating it spent (each spend,
# and their total); None for an argument each instance evaluates.
_Shared = tuple[Any, tuple[Spent, ...], int] | None


class _Sharing:
    """The arguments of one expanded block (count, for_each) shared by its instances, by their
    expression node, and the names of the instance being evaluated."""

    __slots__ = ("names", "values")

    def __init__(self) -> None:
        self.values: dict[int, _Shared] = {}
        self.names = _InstanceNames()


def _argument(expr: Node, scope: Scope, sharing: _Sharing | None) -> Any:
    return evaluate(expr, scope) if sharing is None else _shared_evaluate(expr, scope, sharing)


def _shared_evaluate(expr: Node, scope: Scope, sharing: _Sharing) -> Any:
    """``evaluate(expr, scope)``, evaluated once for all the instances of a block when the first
    evaluation reads neither ``count`` nor ``each`` (``self`` is no name there): everything else
    it reads is the same for every instance, so the others would compute the same, as the
    first did (a first use of a local or a resource on the way is remembered either way). The
    value is shared as it is: values are never changed once made (a variable's is already read
    by every instance that refers to it)."""
    key = id(expr)
    values = sharing.values
    if key in values:
        entry = values[key]
        if entry is None:
            return evaluate(expr, scope)
        value, spent, total = entry
        if total:
            # Charged as evaluating it again would be: the budget bounds the work a block's
            # instances make (each instance's value is walked again by the reports).
            scope.functions.budget.replay(spent, total)
        return value
    values[key] = None  # each instance evaluates it, unless this succeeds without count/each
    names = sharing.names
    names.read = False
    budget = scope.functions.budget
    outer = budget.recording
    recording: list[Spent] = []
    budget.recording = recording
    try:
        value = evaluate(expr, scope)
    finally:
        budget.recording = outer
        if outer is not None:
            outer.extend(recording)
    if not names.read and NOT_REPEATABLE not in recording:
        values[key] = (value, tuple(recording), sum(steps for steps, _what in recording))
    return value


def _iterate(collection: Any, run: Run, where: Where, what: str) -> list[tuple[Any, Any]]:
    if collection is None:
        return []  # a dynamic block over null makes no blocks
    try:
        return iterate(collection)
    except EvalError:
        run.diagnose(where, f"{what}: a dynamic block's for_each must be a collection")
        return []


def _data_values(
    decl: ResourceDecl,
    written: dict[str, Any],
    provider: ProviderState,
    address: str,
    errors: list[str],
) -> dict[str, Any]:
    # Provider 6 gives every data source a region argument; aws_region's (and its older name)
    # picks the region it describes. Null arguments are arguments not written.
    given = {k: v for k, v in written.items() if unmark(v)[0] is not None}
    region = provider.region
    for chosen in ("name", "region") if decl.type == "aws_region" else ("region",):
        if chosen in given:
            region = unmark(given.pop(chosen))[0]
    known = provider_rules.local_data(decl.type, region)
    if known is not None and not given:
        return known
    read = schema.read_during_plan(address)
    return schema.complete(
        written, schema.data_source_schema(decl.type), read, errors, sdk=False, placeholder=read("")
    )
