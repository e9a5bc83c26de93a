"""Read Terraform's JSON syntax (``.tf.json``) into the same AST as :mod:`checker.hcl.syntax`.

https://developer.hashicorp.com/terraform/language/syntax/json: the file is one object whose
properties are block types; labels are nested property names (``"resource": {"aws_instance":
{"web": {...}}}``) and an array of objects stands for several blocks with the same labels.
Inside a block, a property is a nested block when the block's schema says so (the provider
schema costcheck knows, and Terraform's own meta blocks), else an argument. Argument strings are
templates (``"${var.size}"``); a few arguments are not: variable defaults and descriptions are
literal values, ``provider``, ``depends_on`` and a module's ``providers`` are references, a
variable's ``type`` is a type expression. ``"//"`` properties of a body are comments.

JSON carries no line numbers, so a small reader here keeps the line of every property name for
diagnostics and locations (strings are decoded by the standard library's scanner).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from checker.hcl.schema import BlockSchema, data_source_schema, resource_schema
from checker.hcl.syntax import HclSyntaxError, Node, parse_expression, parse_template

# --- JSON with line numbers ------------------------------------------------------------------


@dataclass(frozen=True)
class JObject:
    """A JSON object: its properties in order, each with the line of its name."""

    items: tuple[tuple[str, Any, int], ...]
    line: int
    end_line: int


@dataclass(frozen=True)
class JArray:
    items: tuple[Any, ...]
    lines: tuple[int, ...]  # the line each element starts on
    line: int


@dataclass(frozen=True)
class JNumber:
    text: str  # as written: numbers are decimal, never floats


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line(self, pos: int | None = None) -> int:
        return bisect.bisect_left(self._newlines, self.pos if pos is None else pos) + 1

    def fail(self, message: str) -> HclSyntaxError:
        return HclSyntaxError(message, self.line())

    def skip(self) -> None:
        match = _WHITESPACE.match(self.text, self.pos)
        self.pos = match.end() if match else self.pos

    def document(self) -> Any:
        value = self.value()
        self.skip()
        if self.pos != len(self.text):
            raise self.fail("unexpected text after the JSON value")
        return value

    def value(self) -> Any:
        self.skip()
        if self.pos >= len(self.text):
            raise self.fail("unexpected end of the file")
        ch = self.text[self.pos]
        if ch == "{":
            return self._object()
        if ch == "[":
            return self._array()
        if ch == '"':
            return self._string()
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return literal
        match = _NUMBER.match(self.text, self.pos)
        if match is None:
            raise self.fail(f"unexpected {ch!r}: not JSON")
        self.pos = match.end()
        return JNumber(match.group())

    def _string(self) -> str:
        match = _STRING.match(self.text, self.pos)
        if match is None:
            raise self.fail("invalid JSON string (unclosed, or a control character in it)")
        self.pos = match.end()
        try:
            text: str = json.loads(match.group())  # the standard library decodes the escapes
        except ValueError as exc:
            raise self.fail(f"invalid JSON string: {exc}") from None
        return text

    def _object(self) -> JObject:
        start = self.line()
        self.pos += 1
        items: list[tuple[str, Any, int]] = []
        self.skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return JObject((), start, self.line())
        while True:
            self.skip()
            if not self.text.startswith('"', self.pos):
                raise self.fail("a property name (a string) was expected")
            line = self.line()
            name = self._string()
            self.skip()
            if not self.text.startswith(":", self.pos):
                raise self.fail(f'":" was expected after "{name}"')
            self.pos += 1
            items.append((name, self.value(), line))
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif self.text.startswith("}", self.pos):
                self.pos += 1
                return JObject(tuple(items), start, self.line())
            else:
                raise self.fail('"," or "}" was expected')

    def _array(self) -> JArray:
        start = self.line()
        self.pos += 1
        items: list[Any] = []
        lines: list[int] = []
        self.skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return JArray((), (), start)
        while True:
            self.skip()
            lines.append(self.line())
            items.append(self.value())
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif self.text.startswith("]", self.pos):
                self.pos += 1
                return JArray(tuple(items), tuple(lines), start)
            else:
                raise self.fail('"," or "]" was expected')


# --- expressions ------------------------------------------------------------------------------


def _expr(value: Any, line: int) -> Node:
    """An argument's value: strings are templates, objects and arrays hold expressions."""
    if isinstance(value, str):
        try:
            return parse_template(value, line)
        except HclSyntaxError as exc:
            raise HclSyntaxError(exc.message, line) from None
    if isinstance(value, JArray):
        return ("tuple", tuple(_expr(v, n) for v, n in zip(value.items, value.lines, strict=True)))
    if isinstance(value, JObject):
        return ("object", tuple((_expr(k, n), _expr(v, n)) for k, v, n in value.items))
    return _literal(value)


def _literal(value: Any) -> Node:
    """A value taken as it is written (a variable's default): no templates."""
    if isinstance(value, JNumber):
        return ("num", value.text)
    if isinstance(value, JArray):
        return ("tuple", tuple(_literal(v) for v in value.items))
    if isinstance(value, JObject):
        return ("object", tuple((("lit", k), _literal(v)) for k, v, _n in value.items))
    return ("lit", value)


def _reference(value: Any, line: int) -> Node:
    """A reference written as a string (``"aws.west"``, ``"aws_instance.web"``)."""
    if not isinstance(value, str):
        raise HclSyntaxError("a reference must be written as a string", line)
    try:
        return parse_expression(value)
    except HclSyntaxError:
        raise HclSyntaxError(f"{value!r} is not a reference", line) from None


def _references(value: Any, line: int) -> Node:
    if not isinstance(value, JArray):
        raise HclSyntaxError("a list of references was expected", line)
    return ("tuple", tuple(_reference(v, n) for v, n in zip(value.items, value.lines, strict=True)))


def _type(value: Any, line: int) -> Node:
    if not isinstance(value, str):
        raise HclSyntaxError("a variable's type must be written as a string", line)
    try:
        return parse_expression(value)
    except HclSyntaxError:
        raise HclSyntaxError(f"{value!r} is not a type", line) from None


# --- bodies -----------------------------------------------------------------------------------

Convert = Callable[[Any, int], Node]
# Reads a block's body; it is given the block's labels (a dynamic block's is its block type).
BodyReader = Callable[[JObject, tuple[str, ...]], Node]


@dataclass(frozen=True)
class BodySpec:
    """How a body's properties are read: the arguments that are not templates, and the nested
    block types (how many labels each has, and how its body is read)."""

    arguments: dict[str, Convert]
    blocks: dict[str, tuple[int, BodyReader]]


def _read_body(obj: JObject, spec: BodySpec) -> Node:
    attrs: list[tuple[str, Node, int]] = []
    blocks: list[tuple[Any, ...]] = []
    for name, value, line in obj.items:
        if name == "//":
            continue
        nested = spec.blocks.get(name)
        if nested is not None:
            labels, reader = nested
            blocks.extend(_blocks(name, value, line, labels, reader))
        else:
            attrs.append((name, spec.arguments.get(name, _expr)(value, line), line))
    return ("body", tuple(attrs), tuple(blocks))


def _blocks(
    btype: str, value: Any, line: int, labels: int, reader: BodyReader, found: tuple[str, ...] = ()
) -> Iterator[tuple[Any, ...]]:
    """The blocks under a block type's property: ``labels`` levels of names, then a body or an
    array of bodies."""
    if len(found) < labels:
        if not isinstance(value, JObject):
            raise HclSyntaxError(f"{btype}: an object of names was expected", line)
        for name, inner, inner_line in value.items:
            yield from _blocks(btype, inner, inner_line, labels, reader, (*found, name))
        return
    bodies = value.items if isinstance(value, JArray) else (value,)
    for body in bodies:
        if not isinstance(body, JObject):
            raise HclSyntaxError(f"{btype}: a block body (an object) was expected", line)
        yield (btype, found, reader(body, found), line, body.end_line)


def _reader(spec: BodySpec) -> BodyReader:
    return lambda obj, _labels: _read_body(obj, spec)


_GENERIC = _reader(BodySpec({}, {}))


def _schema_reader(
    schema: BlockSchema | None,
    meta_blocks: dict[str, tuple[int, BodyReader]] | None = None,
) -> BodyReader:
    """A body whose nested blocks are those of ``schema`` (and dynamic blocks of them); with
    ``meta_blocks``, a resource's own body, which has Terraform's meta-arguments too."""
    blocks = dict(meta_blocks or {})
    if schema is not None:
        for name, nested in schema.blocks.items():
            blocks[name] = (0, _schema_reader(nested))
    blocks["dynamic"] = (1, _dynamic_reader(schema))
    return _reader(BodySpec(_META if meta_blocks is not None else {}, blocks))


def _dynamic_reader(schema: BlockSchema | None) -> BodyReader:
    def read(obj: JObject, labels: tuple[str, ...]) -> Node:
        target = schema.blocks.get(labels[0]) if schema is not None and labels else None
        content = (0, _schema_reader(target) if target is not None else _GENERIC)
        return _read_body(obj, BodySpec({"iterator": _reference}, {"content": content}))

    return read


_CONDITION = (0, _GENERIC)  # precondition, postcondition, validation
_META: dict[str, Convert] = {
    "count": _expr,
    "for_each": _expr,
    "provider": _reference,
    "depends_on": _references,
}
_LIFECYCLE = _reader(
    BodySpec(
        {"ignore_changes": _references, "replace_triggered_by": _references},
        {"precondition": _CONDITION, "postcondition": _CONDITION},
    )
)


def _resource_reader(btype: str, resource_type: str) -> BodyReader:
    if btype == "resource":
        return _schema_reader(
            resource_schema(resource_type),
            {
                "lifecycle": (0, _LIFECYCLE),
                "provisioner": (1, _reader(BodySpec({}, {"connection": (0, _GENERIC)}))),
                "connection": (0, _GENERIC),
            },
        )
    if btype == "ephemeral":
        # Never evaluated beyond its meta-arguments (it is in no plan): no schema needed, and
        # other providers' types (random_password) have none here.
        return _schema_reader(None, {"lifecycle": (0, _LIFECYCLE)})
    return _schema_reader(data_source_schema(resource_type), {"lifecycle": (0, _LIFECYCLE)})


def _as_written(value: Any, _line: int) -> Node:
    return _literal(value)


_VARIABLE = BodySpec(
    {
        "type": _type,
        "default": _as_written,
        "description": _as_written,
        "sensitive": _as_written,
        "nullable": _as_written,
    },
    {"validation": _CONDITION},
)
_OUTPUT = BodySpec(
    {"description": _as_written, "sensitive": _as_written, "depends_on": _references},
    {"precondition": _CONDITION},
)


def _providers_map(value: Any, line: int) -> Node:
    if not isinstance(value, JObject):
        raise HclSyntaxError("providers must be an object of provider references", line)
    return ("object", tuple((("lit", k), _reference(v, n)) for k, v, n in value.items))


_MODULE = BodySpec(
    {
        "source": _as_written,
        "version": _as_written,
        "providers": _providers_map,
        "depends_on": _references,
    },
    {},
)
# The AWS provider's configuration blocks (its schema is not among costcheck's data).
_PROVIDER = BodySpec(
    {"alias": _as_written},
    {
        name: (0, _GENERIC)
        for name in (
            "assume_role",
            "assume_role_with_web_identity",
            "default_tags",
            "endpoints",
            "ignore_tags",
        )
    },
)
_TERRAFORM = BodySpec(
    {"required_version": _as_written},
    {"required_providers": (0, _GENERIC), "backend": (1, _GENERIC), "cloud": (0, _GENERIC)},
)
_TOP: dict[str, tuple[int, BodyReader]] = {
    "variable": (1, _reader(_VARIABLE)),
    "output": (1, _reader(_OUTPUT)),
    "module": (1, _reader(_MODULE)),
    "provider": (1, _reader(_PROVIDER)),
    "locals": (0, _GENERIC),
    "terraform": (0, _reader(_TERRAFORM)),
}


def _top_blocks(btype: str, value: Any, line: int) -> Iterator[tuple[Any, ...]]:
    if btype in ("resource", "data", "ephemeral"):
        if not isinstance(value, JObject):
            raise HclSyntaxError(f"{btype}: an object of resource types was expected", line)
        for rtype, by_name, type_line in value.items:
            reader = _resource_reader(btype, rtype)
            for block in _blocks(btype, by_name, type_line, 1, reader):
                yield (block[0], (rtype, *block[1]), *block[2:])
        return
    if btype in _TOP:
        labels, reader = _TOP[btype]
        yield from _blocks(btype, value, line, labels, reader)
    elif btype not in ("moved", "import", "removed", "check"):
        yield (btype, (), ("body", (), ()), line, line)  # reported as an unknown block type


def parse_json_body(text: str) -> Node:
    """The body node of a ``.tf.json`` file (HclSyntaxError, with a line, if it is not one)."""
    root = _Reader(text).document()
    if not isinstance(root, JObject):
        raise HclSyntaxError("a .tf.json file holds one JSON object", 1)
    blocks: list[tuple[Any, ...]] = []
    for btype, value, line in root.items:
        if btype != "//":
            blocks.extend(_top_blocks(btype, value, line))
    return ("body", (), tuple(blocks))
