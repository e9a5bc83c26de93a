"""Terraform addresses and references, split into their steps.

``module.app["eu"].module.db[0]`` is a module instance; ``aws_launch_template.lt["b"].id`` is a
reference as the plan's ``configuration`` writes it. Both are a dotted sequence of names, each
optionally followed by an instance key in brackets (a number or a JSON-quoted string).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from checker.frozen import quick_init

Key: TypeAlias = int | str


@quick_init
@dataclass(frozen=True)
class Step:
    """One traversal step: a name (``module``, ``aws_instance``, ``id``) or an instance key."""

    name: str | None = None
    key: Key | None = None

    @property
    def is_key(self) -> bool:
        return self.name is None


@quick_init
@dataclass(frozen=True)
class ModuleStep:
    """One level of a module instance address: the call name and its count/for_each key."""

    name: str
    key: Key | None = None


ModuleInstance = tuple[ModuleStep, ...]
ROOT: ModuleInstance = ()


def split_steps(text: str) -> tuple[Step, ...] | None:
    """The steps of an address or reference; None where it is not a plain traversal (an index
    written as an expression, such as ``aws_instance.web[count.index]``, or a splat)."""
    if "[" not in text:
        # Names alone (most references: ``aws_subnet.a.id``, ``var.x``): split at the dots,
        # none of them empty. (A fuzz test holds this equal to the reading below.)
        if not text:
            return ()
        names = text.split(".")
        return None if "" in names else tuple(map(Step, names))  # Step(name): no generator
    return _split_keyed(text)


def _split_keyed(text: str) -> tuple[Step, ...] | None:
    """:func:`split_steps`, a character at a time (instance keys may hold dots)."""
    steps: list[Step] = []
    i, end = 0, len(text)
    while i < end:
        if text[i] == "[":
            key, i = _read_key(text, i + 1)
            if key is None:
                return None
            steps.append(Step(key=key))
        else:
            j = i
            while j < end and text[j] not in ".[":
                j += 1
            if j == i:
                return None
            steps.append(Step(name=text[i:j]))
            i = j
        if i < end and text[i] == ".":
            i += 1
            if i == end:
                return None
    return tuple(steps)


def _read_key(text: str, i: int) -> tuple[Key | None, int]:
    """Read an instance key starting just after ``[``; return it and the index after ``]``."""
    key: Key
    if i < len(text) and text[i] == '"':
        j = i + 1
        while j < len(text) and text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        unquoted = unquote_key(text[i + 1 : j])
        if unquoted is None or j >= len(text):
            return None, len(text)
        key = unquoted
        close = j + 1
    else:
        close = text.find("]", i)
        digits = text[i:close] if close != -1 else ""
        if not digits.isdigit():
            return None, len(text)
        key = int(digits)
    if close >= len(text) or text[close] != "]":
        return None, len(text)
    return key, close + 1


def format_key(key: Key) -> str:
    """``[0]`` or ``["eu"]``, as Terraform writes instance keys."""
    return f"[{key}]" if isinstance(key, int) else f"[{quote_key(key)}]"


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def quote_key(key: str) -> str:
    """A string key quoted as Terraform writes it in addresses (addrs.StringKey: HCL's quoting):
    not JSON's. Non-ASCII text stays as it is, what does not print is ``\\uNNNN`` (or
    ``\\UNNNNNNNN``), and a template introducer is doubled (``$${``, ``%%{``)."""
    if key.isprintable() and not any(c in key for c in '"\\{'):
        return f'"{key}"'  # nothing to escape: most keys
    out = ['"']
    for index, char in enumerate(key):
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char in "$%" and key[index + 1 : index + 2] == "{":
            out.append(char * 2)
        elif not char.isprintable():
            code = ord(char)
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


_UNESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def unquote_key(body: str) -> str | None:
    """The key :func:`quote_key` wrote as ``"body"``; None where ``body`` is not so written."""
    if "\\" not in body and "{" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            code = body[i + 1 : i + 2]
            if code in _UNESCAPES:
                out.append(_UNESCAPES[code])
                i += 2
                continue
            digits = 4 if code == "u" else 8 if code == "U" else 0
            hex_text = body[i + 2 : i + 2 + digits]
            if (
                not digits
                or len(hex_text) != digits
                or not all(c in "0123456789abcdefABCDEF" for c in hex_text)
            ):
                return None
            value = int(hex_text, 16)
            if value > 0x10FFFF:
                return None
            out.append(chr(value))
            i += 2 + digits
        elif char in "$%" and body[i + 1 : i + 3] == char + "{":
            out.append(char)  # "$${" is a literal "${"
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse_module_instance(address: str) -> ModuleInstance | None:
    """``module.a["x"].module.b`` -> its steps; ``""`` is the root module; None if malformed."""
    if not address:
        return ROOT
    steps = split_steps(address)
    if steps is None:
        return None
    result: list[ModuleStep] = []
    i = 0
    while i < len(steps):
        if steps[i].name != "module" or i + 1 >= len(steps) or steps[i + 1].is_key:
            return None
        name = steps[i + 1].name
        assert name is not None
        key: Key | None = None
        if i + 2 < len(steps) and steps[i + 2].is_key:
            key = steps[i + 2].key
            i += 1
        result.append(ModuleStep(name, key))
        i += 2
    return tuple(result)


def format_module_instance(instance: ModuleInstance) -> str:
    """The address Terraform writes for a module instance (``""`` for the root)."""
    return ".".join(
        f"module.{step.name}{'' if step.key is None else format_key(step.key)}" for step in instance
    )


def module_path(instance: ModuleInstance) -> tuple[str, ...]:
    """The configuration path of a module instance: its call names without keys."""
    return tuple(step.name for step in instance)


def config_path(module_address: str) -> tuple[str, ...] | None:
    """The configuration path (``("app", "db")``) of a module address, keys dropped."""
    instance = parse_module_instance(module_address)
    return None if instance is None else module_path(instance)


def most_specific(references: list[str]) -> list[tuple[Step, ...]]:
    """The parsed references, without those that only repeat a longer one's start.

    Terraform lists ``aws_launch_template.lt["b"].id``, ``aws_launch_template.lt["b"]`` and
    ``aws_launch_template.lt`` for one use; only the first says which instance is meant.
    """
    if not any("[" in r for r in references):
        # Names alone (most lists): the same, on tuples of strings, hashed in C where a Step
        # (a dataclass) hashes in Python; a name step is equal exactly when its name is.
        # (A fuzz test holds this equal to the reading below.)
        named = [tuple(names) for names in (r.split(".") for r in references) if "" not in names]
        shorter = {other[:end] for other in named for end in range(1, len(other))}
        return [tuple(map(Step, names)) for names in named if names not in shorter]
    return _most_specific(references)


def _most_specific(references: list[str]) -> list[tuple[Step, ...]]:
    """:func:`most_specific` on the steps themselves (instance keys may hold dots)."""
    parsed = [steps for steps in (split_steps(r) for r in references) if steps]
    # Every strict prefix of every reference, in one set: linear in the references' length,
    # where comparing each pair was quadratic in their number.
    prefixes = {other[:end] for other in parsed for end in range(1, len(other))}
    return [s for s in parsed if s not in prefixes]
