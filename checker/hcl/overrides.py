"""Override files (``override.tf``, ``*_override.tf``) merged into a module as Terraform merges them.

https://developer.hashicorp.com/terraform/language/files/override: each top-level block of an
override file merges into the block of the same header (type and labels; a provider's alias)
in the module's other files. An argument replaces the argument of the same name; nested blocks
of a type replace *all* the original's blocks of that type (``dynamic "x"`` counts as type
``x``); a resource's ``lifecycle`` merges argument by argument; ``locals`` override value by
value, wherever the value is defined; ``depends_on`` may not be overridden. Override files are
applied in name order, each block in turn, so later ones win. (``terraform`` blocks are read
after the others by :mod:`checker.hcl.config`, provider by provider.)

What comes from an override file keeps its place: an argument's line, and a nested block's
start line, become ``(file, line)`` (see :func:`checker.hcl.config.place`).
"""

from __future__ import annotations

from typing import Any

from checker.hcl.parse import Diagnostic
from checker.hcl.syntax import Node

# A top-level block and the file it is written in (shown as to the user).
Block = tuple[Any, ...]  # (type, labels, body, start line, end line)
FileBlock = tuple[str, Block]

# Top-level blocks merged by header; terraform blocks are read separately, the rest have no
# override semantics worth costcheck's while (moved, import, removed, check).
_MERGED = frozenset({"resource", "data", "ephemeral", "variable", "output", "module", "provider"})
_NO_DEPENDS_ON = frozenset({"resource", "data", "ephemeral", "output"})


def is_override(name: str) -> bool:
    """Whether a file of this name is an override file."""
    stem = name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


def apply_override(
    blocks: list[FileBlock], override: Node, file: str, diagnostics: list[Diagnostic]
) -> None:
    """Merge the top-level blocks of ``override`` (the body of ``file``) into ``blocks``."""
    for block in override[2]:
        btype, labels, body, start, _end = block
        if btype == "locals":
            _override_locals(blocks, body, file, diagnostics)
            continue
        if btype not in _MERGED:
            continue
        if btype in _NO_DEPENDS_ON and any(name == "depends_on" for name, _e, _l in body[1]):
            diagnostics.append(
                Diagnostic(file, start, "depends_on may not be overridden; it is ignored")
            )
            body = ("body", tuple(a for a in body[1] if a[0] != "depends_on"), body[2])
        header = _header(btype, labels, body)
        index = next(
            (i for i, (_f, b) in enumerate(blocks) if _header(b[0], b[1], b[2]) == header), None
        )
        if index is None:
            diagnostics.append(
                Diagnostic(
                    file,
                    start,
                    f"{_describe(header)} is not declared in a file that is not an override "
                    "file, so there is nothing to override; it is ignored",
                )
            )
            continue
        original_file, original = blocks[index]
        lifecycle_of = original_file if btype == "resource" else None
        merged = merge_body(original[2], body, file, lifecycle_of=lifecycle_of)
        blocks[index] = (original_file, (*original[:2], merged, *original[3:]))


def merge_body(base: Node, override: Node, file: str, *, lifecycle_of: str | None = None) -> Node:
    """``base`` with the arguments and nested block types of ``override`` (from ``file``).
    With ``lifecycle_of`` (the file of ``base``), ``lifecycle`` blocks merge argument by
    argument, as a resource's do."""
    replaced = {name: (name, expr, (file, line)) for name, expr, line in override[1]}
    attrs = [replaced.pop(a[0], a) for a in base[1]]  # in place, keeping the original's order
    attrs.extend(replaced.values())
    types = {_block_type(b) for b in override[2]}
    blocks = [b for b in base[2] if _block_type(b) not in types]
    for btype, labels, body, start, end in override[2]:
        if lifecycle_of is not None and btype == "lifecycle":
            body = _merged_lifecycle(base, body, file, lifecycle_of)
        blocks.append((btype, labels, body, (file, start), end))
    return ("body", tuple(attrs), tuple(blocks))


def _merged_lifecycle(base: Node, override: Node, file: str, base_file: str) -> Node:
    original = next((b[2] for b in base[2] if b[0] == "lifecycle"), None)
    if original is None:
        return override
    # The merged block is placed in the override file: what it keeps says it is the original's.
    kept = tuple(
        (name, expr, (base_file, line) if isinstance(line, int) else line)
        for name, expr, line in original[1]
    )
    return merge_body(("body", kept, original[2]), override, file)


def _block_type(block: Block) -> str:
    """A nested block's type, ``dynamic "x"`` being of type ``x``."""
    if block[0] == "dynamic" and len(block[1]) == 1:
        return str(block[1][0])
    return str(block[0])


def _header(btype: str, labels: tuple[str, ...], body: Node) -> tuple[Any, ...]:
    if btype == "provider":
        alias = next((e[1] for n, e, _l in body[1] if n == "alias" and e[0] == "lit"), None)
        return (btype, labels, alias)
    return (btype, labels)


def _describe(header: tuple[Any, ...]) -> str:
    btype, labels = header[0], header[1]
    text = f"{btype} " + " ".join(f'"{label}"' for label in labels)
    if btype == "provider" and header[2] is not None:
        text += f' (alias "{header[2]}")'
    return text


def _override_locals(
    blocks: list[FileBlock], body: Node, file: str, diagnostics: list[Diagnostic]
) -> None:
    for name, expr, line in body[1]:
        index = next(
            (
                i
                for i, (_f, b) in enumerate(blocks)
                if b[0] == "locals" and any(a[0] == name for a in b[2][1])
            ),
            None,
        )
        if index is None:
            diagnostics.append(
                Diagnostic(
                    file,
                    line,
                    f'local value "{name}" is not declared in a file that is not an override '
                    "file, so there is nothing to override; it is ignored",
                )
            )
            continue
        original_file, original = blocks[index]
        merged = merge_body(original[2], ("body", ((name, expr, line),), ()), file)
        blocks[index] = (original_file, (*original[:2], merged, *original[3:]))
