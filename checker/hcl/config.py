"""One module's configuration: its ``.tf`` files read into declarations (not yet evaluated)."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.hcl.files import Confinement
from checker.hcl.overrides import FileBlock, apply_override, is_override
from checker.hcl.parse import (
    Diagnostic,
    ParseCache,
    ParseWorkers,
    SourceFile,
    parse_files,
    prefetch,
)
from checker.hcl.syntax import Node

# Arguments of a resource block that are Terraform's, not the provider's.
RESOURCE_META_ARGS = frozenset({"count", "for_each", "provider", "depends_on"})
RESOURCE_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
MODULE_META_ARGS = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


@dataclass(frozen=True)
class Where:
    """A place in the configuration: file (relative to the root directory) and lines."""

    file: str
    line: int
    end_line: int | None = None


# The line of an argument or of a nested block's start in the AST: a number in the file of the
# block it is in, or (file, number) for what an override file put there.
Line = int | tuple[str, int]


def place(file: str, line: Line, end_line: int | None = None) -> Where:
    """Where an argument or nested block at ``line`` of a block written in ``file`` is."""
    if isinstance(line, tuple):
        return Where(line[0], line[1], end_line)
    return Where(file, line, end_line)


@dataclass(frozen=True)
class Attribute:
    name: str
    expr: Node
    where: Where


@dataclass(frozen=True)
class Validation:
    """A variable's ``validation`` block: a condition on its value, and the message if false."""

    condition: Node
    error_message: Node | None
    where: Where


@dataclass(frozen=True)
class VariableDecl:
    name: str
    type_expr: Node | None
    default: Node | None
    sensitive: bool
    nullable: bool
    description: str | None
    where: Where
    validations: tuple[Validation, ...] = ()


@dataclass(frozen=True)
class ResourceDecl:
    """A ``resource``, ``data`` or ``ephemeral`` block."""

    mode: str  # "managed", "data" or "ephemeral"
    type: str
    name: str
    body: Node
    count: Attribute | None
    for_each: Attribute | None
    provider: str | None  # "aws.west" as written, None for the default
    depends_on: tuple[str, ...]
    where: Where

    @functools.cached_property
    def key(self) -> str:
        """``aws_instance.web``, ``data.aws_ami.ubuntu`` or ``ephemeral.random_password.db``
        (the address inside its module). Formatted once: every instance's address and the
        document read it."""
        return (
            f"{self.type}.{self.name}"
            if self.mode == "managed"
            else f"{self.mode}.{self.type}.{self.name}"
        )


@dataclass(frozen=True)
class ModuleCallDecl:
    name: str
    source: str
    version: str | None
    inputs: tuple[Attribute, ...]
    count: Attribute | None
    for_each: Attribute | None
    providers: tuple[tuple[str, str], ...]  # (key in the child, key in this module)
    where: Where


@dataclass(frozen=True)
class ProviderDecl:
    name: str
    alias: str | None
    body: Node
    where: Where

    @property
    def key(self) -> str:
        return f"{self.name}.{self.alias}" if self.alias else self.name


@dataclass(frozen=True)
class OutputDecl:
    name: str
    expr: Node
    sensitive: bool
    where: Where
    description: str | None = None


@dataclass
class ModuleConfig:
    """Everything declared in one module directory."""

    dir: Path
    rel_dir: str  # relative to the root module, "." for the root itself
    variables: dict[str, VariableDecl] = field(default_factory=dict)
    locals: dict[str, Attribute] = field(default_factory=dict)
    resources: dict[str, ResourceDecl] = field(default_factory=dict)
    # ``ephemeral`` blocks (Terraform 1.10), apart: never planned, in no plan or state, their
    # values known only while terraform runs (references to them evaluate to unknown).
    ephemerals: dict[str, ResourceDecl] = field(default_factory=dict)
    module_calls: dict[str, ModuleCallDecl] = field(default_factory=dict)
    providers: list[ProviderDecl] = field(default_factory=list)
    outputs: dict[str, OutputDecl] = field(default_factory=dict)
    required_providers: dict[str, str] = field(default_factory=dict)  # local name -> source
    provider_versions: dict[str, str] = field(default_factory=dict)  # local name -> constraint
    diagnostics: list[Diagnostic] = field(default_factory=list)
    tf_files: tuple[str, ...] = ()
    unparsed: list[str] = field(default_factory=list)  # files that could not be parsed (shown)

    def resource_types(self, mode: str) -> set[str]:
        return {r.type for r in self.resources.values() if r.mode == mode}


def tf_files(directory: Path) -> list[Path]:
    """The ``.tf`` and ``.tf.json`` files Terraform reads in ``directory``, in its (lexical)
    order."""
    # scandir knows which entries are files without a stat each, and sorting names is much
    # quicker than sorting Path objects: a directory may hold thousands. Terraform skips hidden
    # files (editors' backups) and directories; a FIFO, device or broken link is listed, to be
    # refused when read (Terraform would block or fail on it, not pass it over).
    with os.scandir(directory) as entries:
        names = sorted(
            e.name
            for e in entries
            if e.name.endswith((".tf", ".tf.json"))
            and not e.name.startswith(".")
            and not e.is_dir()
        )
    return [directory / name for name in names]


def load_module(
    directory: Path,
    root: Path,
    cache: ParseCache | None,
    display_root: Path | None = None,
    *,
    confinement: Confinement,
    workers: ParseWorkers | None = None,
) -> ModuleConfig:
    """Parse every ``.tf`` file of ``directory`` (over ``workers`` when there are many); files
    that do not parse become diagnostics, files ``confinement`` refuses input errors."""
    shown_root = display_root or root
    config = ModuleConfig(dir=directory, rel_dir=_relative(directory, root))
    shown_dir = _relative(directory, shown_root)
    files = tf_files(directory)
    config.tf_files = tuple(_shown(shown_dir, p) for p in files)
    blocks: list[FileBlock] = []
    overrides: list[tuple[str, Node]] = []
    sources = [SourceFile(path, shown) for path, shown in zip(files, config.tf_files, strict=True)]
    for path, parsed in zip(files, parse_files(sources, cache, confinement, workers), strict=True):
        shown = parsed.path
        if parsed.diagnostic is not None:
            config.diagnostics.append(parsed.diagnostic)
        if parsed.body is None:
            config.unparsed.append(shown)
        elif is_override(path.name):
            overrides.append((shown, parsed.body))
        else:
            blocks.extend((shown, block) for block in parsed.body[2])
    for shown, body in overrides:
        apply_override(blocks, body, shown, config.diagnostics)
    for shown, block in blocks:
        _read_block(config, block, shown)
    for _shown_name, body in overrides:
        # Settings of terraform blocks are overridden one by one (a provider's requirement).
        for block in _blocks(body, "terraform"):
            _read_terraform(config, block[2], replace=True)
    return config


def prefetch_calls(
    config: ModuleConfig, cache: ParseCache | None, confinement: Confinement, workers: ParseWorkers
) -> None:
    """Start parsing the local modules ``config`` calls (in the repository) in the workers, so
    they are parsed while this module is evaluated. Whatever is wrong with a call (a missing
    directory, a source leading out) is left for its evaluation to report."""
    if not workers.usable:
        return
    for call in config.module_calls.values():
        if not call.source.startswith(("./", "../")):
            continue
        directory = Path(os.path.normpath(config.dir / call.source))
        if not confinement.contains(directory):
            continue
        try:
            files = tf_files(directory)
        except OSError:
            continue
        prefetch([SourceFile(path, path.name) for path in files], cache, confinement, workers)


def _shown(shown_dir: str, path: Path) -> str:
    """A file of a module directory as shown to the user (relative to the root when inside it;
    ``shown_dir`` is the directory so shown, computed once per module)."""
    if shown_dir == ".":
        return path.name
    if shown_dir.startswith("/"):
        return str(path)
    return f"{shown_dir}/{path.name}"


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` by name (``modules/app``, ``../shared``, ``.``), as Terraform
    shows ``path.module``; the same for the working tree and a copy of it at a git ref."""
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()


def _read_block(config: ModuleConfig, block: tuple[Any, ...], file: str) -> None:
    btype, labels, bbody, start, end = block
    reader = _READERS.get(btype)
    if reader is None:
        if btype not in ("terraform", "moved", "import", "removed", "check"):
            config.diagnostics.append(
                Diagnostic(file, start, f'unknown block type "{btype}" ignored', "warning")
            )
        if btype == "terraform":
            _read_terraform(config, bbody)
        return
    reader(config, labels, bbody, Where(file, start, end))


def _attrs(body: Node) -> dict[str, tuple[Node, Line]]:
    return {name: (expr, line) for name, expr, line in body[1]}


def _blocks(body: Node, btype: str) -> list[tuple[Any, ...]]:
    return [b for b in body[2] if b[0] == btype]


def _literal(node: Node | None) -> Any:
    """The value of a literal expression (a source string, a description), or None."""
    if node is None:
        return None
    if node[0] == "lit":
        return node[1]
    return None


def traversal_name(node: Node) -> str | None:
    """``aws.west`` for the expression ``aws.west``; None if it is not a plain traversal."""
    if node[0] == "var":
        return str(node[1])
    if node[0] == "attr":
        head = traversal_name(node[1])
        return None if head is None else f"{head}.{node[2]}"
    if node[0] == "lit" and isinstance(node[1], str):
        return node[1]
    return None


def _duplicate(config: ModuleConfig, what: str, where: Where) -> None:
    config.diagnostics.append(
        Diagnostic(where.file, where.line, f"duplicate {what}; this one is ignored")
    )


def _check_labels(
    config: ModuleConfig, labels: tuple[str, ...], count: int, what: str, where: Where
) -> bool:
    if len(labels) == count:
        return True
    config.diagnostics.append(
        Diagnostic(where.file, where.line, f"a {what} block needs {count} label(s)")
    )
    return False


def _read_variable(config: ModuleConfig, labels: tuple[str, ...], body: Node, where: Where) -> None:
    if not _check_labels(config, labels, 1, "variable", where):
        return
    attrs = _attrs(body)
    name = labels[0]
    if name in config.variables:
        _duplicate(config, f'variable "{name}"', where)
        return
    sensitive = _literal(attrs.get("sensitive", (None, 0))[0]) is True
    nullable = _literal(attrs.get("nullable", (None, 0))[0]) is not False
    default = attrs.get("default")
    validations: list[Validation] = []
    for _btype, _labels, vbody, start, end in _blocks(body, "validation"):
        rule = _attrs(vbody)
        if "condition" not in rule:
            config.diagnostics.append(
                Diagnostic(where.file, start, f'variable "{name}": a validation needs a condition')
            )
            continue
        message = rule.get("error_message")
        validations.append(
            Validation(
                rule["condition"][0], message[0] if message else None, place(where.file, start, end)
            )
        )
    config.variables[name] = VariableDecl(
        name=name,
        type_expr=attrs["type"][0] if "type" in attrs else None,
        default=default[0] if default else None,
        sensitive=sensitive,
        nullable=nullable,
        description=_literal(attrs.get("description", (None, 0))[0]),
        where=where,
        validations=tuple(validations),
    )


def _read_locals(config: ModuleConfig, _labels: tuple[str, ...], body: Node, where: Where) -> None:
    for name, expr, line in body[1]:
        if name in config.locals:
            _duplicate(config, f'local value "{name}"', place(where.file, line))
            continue
        config.locals[name] = Attribute(name, expr, place(where.file, line))


def _meta(attrs: dict[str, tuple[Node, Line]], name: str, file: str) -> Attribute | None:
    if name not in attrs:
        return None
    expr, line = attrs[name]
    return Attribute(name, expr, place(file, line))


def _read_resource(
    config: ModuleConfig, labels: tuple[str, ...], body: Node, where: Where, mode: str
) -> None:
    if not _check_labels(config, labels, 2, "resource" if mode == "managed" else mode, where):
        return
    attrs = _attrs(body)
    provider = traversal_name(attrs["provider"][0]) if "provider" in attrs else None
    depends: list[str] = []
    if "depends_on" in attrs and attrs["depends_on"][0][0] == "tuple":
        depends = [n for n in (traversal_name(i) for i in attrs["depends_on"][0][1]) if n]
    decl = ResourceDecl(
        mode=mode,
        type=labels[0],
        name=labels[1],
        body=body,
        count=_meta(attrs, "count", where.file),
        for_each=_meta(attrs, "for_each", where.file),
        provider=provider,
        depends_on=tuple(depends),
        where=where,
    )
    declared = config.ephemerals if mode == "ephemeral" else config.resources
    if decl.key in declared:
        _duplicate(config, f"resource {decl.key}", where)
        return
    if decl.count is not None and decl.for_each is not None:
        config.diagnostics.append(
            Diagnostic(where.file, where.line, f"{decl.key} sets both count and for_each")
        )
        return
    declared[decl.key] = decl


def _read_module(config: ModuleConfig, labels: tuple[str, ...], body: Node, where: Where) -> None:
    if not _check_labels(config, labels, 1, "module", where):
        return
    attrs = _attrs(body)
    source = _literal(attrs.get("source", (None, 0))[0])
    if not isinstance(source, str):
        config.diagnostics.append(
            Diagnostic(where.file, where.line, f'module "{labels[0]}" needs a literal source')
        )
        return
    providers: list[tuple[str, str]] = []
    if "providers" in attrs and attrs["providers"][0][0] == "object":
        for key, value in attrs["providers"][0][1]:
            child, parent = traversal_name(key), traversal_name(value)
            if child and parent:
                providers.append((child, parent))
    inputs = tuple(
        Attribute(name, expr, place(where.file, line))
        for name, expr, line in body[1]
        if name not in MODULE_META_ARGS
    )
    if labels[0] in config.module_calls:
        _duplicate(config, f'module "{labels[0]}"', where)
        return
    config.module_calls[labels[0]] = ModuleCallDecl(
        name=labels[0],
        source=source,
        version=_literal(attrs.get("version", (None, 0))[0]),
        inputs=inputs,
        count=_meta(attrs, "count", where.file),
        for_each=_meta(attrs, "for_each", where.file),
        providers=tuple(providers),
        where=where,
    )


def _read_provider(config: ModuleConfig, labels: tuple[str, ...], body: Node, where: Where) -> None:
    if not _check_labels(config, labels, 1, "provider", where):
        return
    alias = _literal(_attrs(body).get("alias", (None, 0))[0])
    config.providers.append(
        ProviderDecl(labels[0], alias if isinstance(alias, str) else None, body, where)
    )


def _read_output(config: ModuleConfig, labels: tuple[str, ...], body: Node, where: Where) -> None:
    if not _check_labels(config, labels, 1, "output", where):
        return
    attrs = _attrs(body)
    if "value" not in attrs:
        config.diagnostics.append(
            Diagnostic(where.file, where.line, f'output "{labels[0]}" has no value')
        )
        return
    sensitive = _literal(attrs.get("sensitive", (None, 0))[0]) is True
    description = _literal(attrs.get("description", (None, 0))[0])
    config.outputs[labels[0]] = OutputDecl(
        labels[0],
        attrs["value"][0],
        sensitive,
        where,
        description if isinstance(description, str) else None,
    )


def _read_terraform(config: ModuleConfig, body: Node, *, replace: bool = False) -> None:
    """``required_providers``; with ``replace`` (an override), each provider's requirement
    replaces the one read before as a whole."""
    for block in _blocks(body, "required_providers"):
        for name, expr, _line in block[2][1]:
            if replace:
                config.required_providers.pop(name, None)
                config.provider_versions.pop(name, None)
            if expr[0] == "object":
                for key, value in expr[1]:
                    if key == ("lit", "source") and value[0] == "lit":
                        config.required_providers[name] = str(value[1])
                    elif key == ("lit", "version") and value[0] == "lit":
                        config.provider_versions[name] = str(value[1])
            elif expr[0] == "lit" and isinstance(expr[1], str):
                config.required_providers.setdefault(name, f"hashicorp/{name}")


_READERS: dict[str, Any] = {
    "variable": _read_variable,
    "locals": _read_locals,
    "resource": lambda c, labels, b, w: _read_resource(c, labels, b, w, "managed"),
    "data": lambda c, labels, b, w: _read_resource(c, labels, b, w, "data"),
    "ephemeral": lambda c, labels, b, w: _read_resource(c, labels, b, w, "ephemeral"),
    "module": _read_module,
    "provider": _read_provider,
    "output": _read_output,
}


def provider_full_name(local_name: str, required: dict[str, str]) -> str:
    """``registry.terraform.io/hashicorp/aws`` for ``aws``, honouring ``required_providers``."""
    source = required.get(local_name, f"hashicorp/{local_name}")
    parts = source.split("/")
    if len(parts) == 2:
        return f"registry.terraform.io/{source}".lower()
    return source.lower()


def iter_blocks(body: Node, skip: Iterable[str] = ()) -> list[tuple[Any, ...]]:
    """The nested blocks of ``body`` except those named in ``skip``."""
    skipped = set(skip)
    return [b for b in body[2] if b[0] not in skipped]
