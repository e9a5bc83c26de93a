"""Type constraints of input variables (``type = list(object({...}))``) and conversion to them.

A type is ``"string"``, ``"number"``, ``"bool"``, ``"any"``, ``("list", T)``, ``("set", T)``,
``("map", T)``, ``("tuple", (T, ...))`` or ``("object", ((name, T, optional, default), ...))``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeGuard

from checker.hcl.syntax import Node
from checker.hcl.values import (
    EvalError,
    Sensitive,
    Unknown,
    make_set,
    mark,
    to_bool,
    to_number,
    to_str,
    type_name,
)

Type = str | tuple[Any, ...]

PRIMITIVES = frozenset({"string", "number", "bool"})
COLLECTIONS = frozenset({"list", "set", "map"})


def parse_type(node: Node | None) -> Type:
    """The type a ``type =`` expression describes ("any" when there is none)."""
    if node is None:
        return "any"
    tag = node[0]
    if tag == "var" and node[1] in ("string", "number", "bool", "any"):
        return str(node[1])
    if tag == "var" and node[1] in ("list", "map", "set"):
        return (node[1], "any")
    if tag == "lit" and node[1] in ("string", "list", "map"):  # pre-0.12 quoted form
        return "string" if node[1] == "string" else (node[1], "any")
    if tag == "call":
        name, args = node[1], node[2]
        if name in ("list", "set", "map") and len(args) == 1:
            return (name, parse_type(args[0]))
        if name == "tuple" and len(args) == 1 and args[0][0] == "tuple":
            return ("tuple", tuple(parse_type(a) for a in args[0][1]))
        if name == "object" and len(args) == 1 and args[0][0] == "object":
            return ("object", tuple(_object_attr(k, v) for k, v in args[0][1]))
    raise EvalError("not a type constraint Terraform knows")


def _object_attr(key: Node, value: Node) -> tuple[str, Type, bool, Node | None]:
    if key[0] != "lit":
        raise EvalError("an object type's attribute names must be plain names")
    if value[0] == "call" and value[1] == "optional":
        args = value[2]
        if not 1 <= len(args) <= 2:
            raise EvalError("optional() takes a type and an optional default")
        return (str(key[1]), parse_type(args[0]), True, args[1] if len(args) == 2 else None)
    return (str(key[1]), parse_type(value), False, None)


def is_primitive(ty: object) -> TypeGuard[str]:
    return isinstance(ty, str) and ty in PRIMITIVES


def convert_primitive(value: Any, ty: str) -> Any:
    """A known, unmarked ``value`` as the primitive type ``ty`` (one of :data:`PRIMITIVES`), as
    Terraform converts both to a variable's type and to a provider attribute's."""
    if ty == "string":
        if isinstance(value, (list, tuple, dict)):
            raise EvalError(f"a string is required, not a {type_name(value)}")
        return to_str(value)
    if ty == "number":
        return to_number(value)
    return to_bool(value)


def convert_collection(value: Any, kind: str, item: Callable[[Any], Any]) -> Any:
    """A known, unmarked ``value`` as a list, set or map (``kind``, one of :data:`COLLECTIONS`)
    of what ``item`` converts each element to."""
    if kind == "map":
        if not isinstance(value, dict):
            raise EvalError(f"a map is required, not a {type_name(value)}")
        return {k: item(v) for k, v in value.items()}
    if not isinstance(value, (list, tuple)):
        raise EvalError(f"a {kind} is required, not a {type_name(value)}")
    items = [item(v) for v in value]
    return make_set(items) if kind == "set" else items


def convert(value: Any, ty: Type, defaults: Any = None) -> Any:
    """``value`` converted to ``ty``; EvalError saying why it cannot be.

    ``defaults`` evaluates an ``optional(T, default)`` default node (it is given by the caller,
    which owns the evaluator).
    """
    if type(value) is Sensitive:
        return mark(convert(value.value, ty, defaults))
    if isinstance(value, Unknown) or value is None or ty == "any":
        return value
    if is_primitive(ty):
        return convert_primitive(value, ty)
    assert isinstance(ty, tuple)
    kind = ty[0]
    if kind in COLLECTIONS:
        return convert_collection(value, kind, lambda v: convert(v, ty[1], defaults))
    if kind == "tuple":
        if not isinstance(value, (list, tuple)) or len(value) != len(ty[1]):
            raise EvalError(f"a tuple of {len(ty[1])} elements is required")
        return [convert(v, t, defaults) for v, t in zip(value, ty[1], strict=True)]
    if kind == "object":
        return _convert_object(value, ty[1], defaults)
    raise EvalError(f"unsupported type {ty!r}")


def _convert_object(value: Any, attributes: tuple[Any, ...], defaults: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EvalError(f"an object is required, not a {type_name(value)}")
    out: dict[str, Any] = {}
    for name, attr_type, optional, default in attributes:
        if name in value and value[name] is not None:
            out[name] = convert(value[name], attr_type, defaults)
        elif optional:
            given = None if default is None or defaults is None else defaults(default)
            out[name] = convert(given, attr_type, defaults)
        elif name in value:
            out[name] = None
        else:
            raise EvalError(f'attribute "{name}" is required')
    return out
