"""Limits on the JSON values a plan may hold, checked before anything reads them.

A plan comes from whoever opened the pull request. Terraform never writes a string that is not
valid Unicode, a number no provider attribute can hold, or values nested hundreds of levels
deep; each of those would crash something downstream (printing, ``Decimal`` arithmetic,
recursion). :func:`check_values` refuses them up front, naming the place as a JSON path.

It walks every value: a fifth of reading a plan. A plan read from JSON text usually skips it,
on a proof made alongside the parse (:class:`NumberWatch`, :func:`prove_within_limits`) that
every check would pass; where the proof fails, the full walk runs and names the place, so what
is refused and every message stay the same. The proof, for ``json.loads`` of the text:

* Numbers: json.loads hands each number's text to ``parse_int`` / ``parse_float`` /
  ``parse_constant`` (NaN, Infinity); the hooks convert it exactly as json does and note any
  constant, any float outside ±2^63, and any integer of more than 18 characters (2^63 has 19
  digits, so a shorter one is in range). Plans hold few numbers: the hooks cost nothing
  measurable.
* Strings and keys: a lone surrogate in a parsed string is either a surrogate character of the
  text or a ``\\uD800``-``\\uDFFF`` escape (json joins an escaped pair into one character and
  leaves any other surrogate escape lone; its escapes are ``\\u`` with hex digits of either
  case). The text holds no surrogate character: it was decoded strictly (UTF-8 and UTF-16
  decoders refuse an encoded surrogate, as :mod:`checker.plan.loader` reads files and
  ``terraform show``'s output), which is the proof's premise. A text without such an escape
  (one regular-expression search) yields no string that fails the check. An escaped pair (an
  emoji written ``\\ud83d\\ude00``) fails the proof: the full walk runs.
* Depth: the text itself nests no deeper than :data:`MAX_DEPTH` (told by byte operations, see
  :func:`_text_nests_within`); else (a plan whose unchecked parts nest deeper) a walk of the
  non-empty containers under the checked roots (the variables, the configuration, each
  resource_changes item), level by level, without looking at scalars: none at level
  :data:`MAX_DEPTH` means no walk of :func:`check_values` reaches that depth.

Documents made in memory (the service's, the HCL evaluator's with ``Decimal`` numbers) have no
text to prove this on: they are walked in full.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.errors import InputError
from checker.safe_text import clip

# Real plans nest values a few dozen levels at most (modules in the configuration take four
# levels each); the readers below recurse once per level, far inside Python's stack limit.
MAX_DEPTH = 200
# The largest magnitude a provider attribute holds (an int64); a plan with more is not real,
# and a price multiplied by it overflows the 28 digits money is computed with.
MAX_NUMBER = 2**63
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_JSON_HINT = "re-create it with: terraform show -json tfplan > plan.json"


@dataclass(frozen=True)
class _Advice:
    """What a message says to do: a plan is re-created with terraform; a document the HCL
    evaluator wrote holds what the .tf files say (terraform show has no part in it)."""

    bad_text: str  # after "a key " / "a string "
    number_hint: str


_PLAN_ADVICE = _Advice(
    "that is not valid Unicode (a lone surrogate such as \\ud800, which Terraform never "
    f"writes); {_JSON_HINT}",
    _JSON_HINT,
)
_CODE_ADVICE = _Advice(
    "that is not valid Unicode (a lone surrogate such as \\ud800); change it in the .tf files",
    "use a smaller value in the .tf files (or the variable that sets it)",
)

# A \uD800-\uDFFF escape in JSON text (json reads only a lower-case \u; hex digits either case).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# An integer of at most this many characters (sign included) lies within ±2^63 (19 digits).
_SHORT_INTEGER = len(str(MAX_NUMBER)) - 1

# A path is built only for containers, as a linked list: (parent path, key) or None at the top.
_Path = tuple[Any, str | int] | None


def check_values(value: Any, where: str, source: str, *, from_code: bool = False) -> None:
    """Raise :class:`InputError` if ``value`` (plain JSON data: dicts, lists, scalars; ``Decimal``
    numbers from costcheck's HCL evaluator) nests deeper than :data:`MAX_DEPTH`, holds a number
    beyond ±:data:`MAX_NUMBER` (or NaN, infinity), or a string that is not valid Unicode (a lone
    surrogate). ``where`` names ``value`` in messages (``aws_instance.web: change``);
    ``from_code``: the document was evaluated from .tf files, and messages say to change them."""
    advice = _CODE_ADVICE if from_code else _PLAN_ADVICE
    if type(value) is not dict and type(value) is not list:
        _check_scalar(value, where, None, source, advice)
        return
    stack: list[tuple[Any, int, _Path]] = [(value, 0, None)]
    while stack:
        node, depth, path = stack.pop()
        if depth >= MAX_DEPTH:
            _fail(where, path, f"values nested more than {MAX_DEPTH} levels deep", source)
        items: Any = node.items() if type(node) is dict else enumerate(node)
        for key, item in items:
            if type(key) is str and not key.isascii() and not _is_unicode(key):
                _fail(where, path, f"a key {advice.bad_text}", source)
            kind = type(item)
            if kind is dict or kind is list:
                if item:
                    stack.append((item, depth + 1, (path, key)))
            elif kind is str:
                if not item.isascii() and not _is_unicode(item):
                    _fail(where, (path, key), f"a string {advice.bad_text}", source)
            elif (kind is int or kind is float or kind is Decimal) and not _in_range(item):
                _fail(where, (path, key), _number_problem(item, advice), source)


def _check_scalar(value: Any, where: str, path: _Path, source: str, advice: _Advice) -> None:
    if isinstance(value, str) and not _is_unicode(value):
        _fail(where, path, f"a string {advice.bad_text}", source)
    number = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    if number and not _in_range(value):
        _fail(where, path, _number_problem(value, advice), source)


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _in_range(number: int | float | Decimal) -> bool:
    if isinstance(number, Decimal) and not number.is_finite():
        return False
    return -MAX_NUMBER < number < MAX_NUMBER  # NaN compares false: out of range too


def _number_problem(number: int | float | Decimal, advice: _Advice) -> str:
    shown = clip(str(number), 40)
    return (
        f"the number {shown} is out of range: costcheck reads numbers between -2^63 and 2^63, "
        f"all a provider attribute can hold; {advice.number_hint}"
    )


def _fail(where: str, path: _Path, problem: str, source: str) -> None:
    raise InputError(f"{where}{format_path(path)}: {problem}", path=source)


def format_path(path: _Path) -> str:
    """``.after.tags["a b"][0]`` for a linked path, keys escaped and clipped."""
    parts: list[str] = []
    while path is not None:
        path, key = path
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif _IDENTIFIER.match(key):
            parts.append(f".{clip(key, 60)}")
        else:
            # json.dumps escapes what cannot be printed (control characters, lone surrogates).
            parts.append(f"[{clip(json.dumps(key), 60)}]")
    return "".join(reversed(parts))


class NumberWatch:
    """``parse_int`` / ``parse_float`` / ``parse_constant`` hooks for ``json.loads``: each
    converts a number's text as json.loads does by default, and notes in :attr:`beyond` one
    that may lie outside the limits (then the full walk is needed to name it)."""

    __slots__ = ("beyond",)

    def __init__(self) -> None:
        self.beyond = False

    def integer(self, text: str) -> int:
        if len(text) > _SHORT_INTEGER:
            self.beyond = True
        return int(text)

    def real(self, text: str) -> float:
        number = float(text)
        if not -MAX_NUMBER < number < MAX_NUMBER:
            self.beyond = True
        return number

    def constant(self, text: str) -> float:
        self.beyond = True  # NaN, Infinity, -Infinity: out of range always
        return float(text)


@dataclass(frozen=True)
class LimitsProof:
    """That every value :func:`check_values` would walk in the plan document with this id is
    within the limits (made only by :func:`prove_within_limits`); with ``every_value``, every
    value of the document is (its text's nesting was told whole, not only that of the parts
    the plan reader checks)."""

    document_id: int
    every_value: bool = False

    def covers(self, document: Any) -> bool:
        return self.document_id == id(document)

    def covers_every_value(self, document: Any) -> bool:
        """Whether :func:`check_values` of any part of ``document`` would pass."""
        return self.every_value and self.document_id == id(document)


def prove_within_limits(text: str, document: Any, numbers: NumberWatch) -> LimitsProof | None:
    """A proof that ``document``, read from ``text`` (decoded strictly: no surrogate character
    in it) by ``json.loads`` with ``numbers``' hooks,
    holds nothing :func:`check_values` refuses where :func:`~checker.plan.document.
    parse_plan_document` calls it; None where that is not proven (see the module docstring)."""
    if numbers.beyond or _SURROGATE_ESCAPE.search(text) is not None:
        return None
    if type(document) is not dict:
        return None
    changes = document.get("resource_changes")
    if changes is not None and type(changes) is not list:
        return None
    # Numbers and surrogate escapes are told of the whole text above; so is its nesting here.
    if _text_nests_within(text, MAX_DEPTH):
        return LimitsProof(id(document), every_value=True)
    roots = [document.get("variables"), document.get("configuration"), *(changes or ())]
    if not _nests_within(roots, MAX_DEPTH):
        return None
    return LimitsProof(id(document))


# The bytes that tell the nesting of JSON text: quotes and brackets (all ASCII: no byte of a
# longer UTF-8 sequence is one), brackets of either kind made one.
_NESTING_BYTES = b'"{}[]'
_NOT_NESTING = bytes(byte for byte in range(256) if byte not in _NESTING_BYTES)
_ONE_BRACKET = bytes.maketrans(b"[]", b"{}")
_PIECE = 1 << 18  # characters
_QUOTE = ord('"')


def _text_nests_within(text: str, limit: int) -> bool:
    """Whether valid JSON ``text`` nests at most ``limit`` containers deep (the document
    itself one), told by byte operations (C speed); False where it nests deeper.

    Of the quotes and brackets (:func:`_marks`, escaped quotes left out: every quote left
    opens or closes a string), a ``""`` pair is dropped (an empty string once the rest is
    deleted, or the end of one and the start of the next: no bracket lies between them), then
    what lies between the quotes left (strings with brackets in them). Of the brackets left
    (the structure), each ``replace(b"{}", b"")`` takes away exactly the innermost level: the
    number of passes until none is left is the depth."""
    # A piece at a time: the text's bytes whole would be alive beside the text and the
    # document, a tenth more of a real plan's peak memory. A piece never ends in a backslash,
    # so each escape is whole in one piece.
    pieces: list[bytes] = []
    size = len(text)
    start = 0
    while start < size:
        end = min(start + _PIECE, size)
        while end < size and text[end - 1] == "\\":
            end += 1
        pieces.append(_marks(text[start:end].encode("utf-8", "surrogatepass")))
        start = end
    marks = b"".join(pieces).replace(b'""', b"")
    del pieces
    if b'"' in marks:
        marks = b"".join(marks.split(b'"')[::2])
    for _ in range(limit):
        if not marks:
            return True
        marks = marks.replace(b"{}", b"")
    return not marks


def _marks(piece: bytes) -> bytes:
    """The quotes and brackets (both kinds as ``{}``) of ``piece`` of valid JSON text (no
    escape cut in two), without the quotes that are escaped. A backslash is only ever in a
    string, opening an escape or escaped by the one before it: of the parts between
    backslashes, an empty one is between an opening backslash and the one it escapes; any
    other starts with the character an opening backslash escapes (a quote is dropped; no other
    is a quote or bracket). Real plans escape quotes in strings of JSON (IAM policies): a split
    and one step per backslash, not a walk of the document."""
    if b"\\" not in piece:
        return piece.translate(_ONE_BRACKET, _NOT_NESTING)
    parts = piece.split(b"\\")
    kept = [parts[0].translate(_ONE_BRACKET, _NOT_NESTING)]
    escaped = False  # the backslash before this part is escaped (the one before it opened)
    for part in parts[1:]:
        if escaped:
            escaped = False
            kept.append(part.translate(_ONE_BRACKET, _NOT_NESTING))
        elif part:
            marks = part.translate(_ONE_BRACKET, _NOT_NESTING)
            kept.append(marks[1:] if part[0] == _QUOTE else marks)
        else:
            escaped = True
    return b"".join(kept)


def _nests_within(roots: list[Any], limit: int) -> bool:
    """Whether no non-empty container lies ``limit`` levels below any of ``roots`` (a root is
    at level 0, as in :func:`check_values`)."""
    level = [root for root in roots if (type(root) is dict or type(root) is list) and root]
    for _ in range(limit):
        if not level:
            return True
        below: list[Any] = []
        push = below.append
        for node in level:
            for item in node.values() if type(node) is dict else node:
                kind = type(item)
                if (kind is dict or kind is list) and item:
                    push(item)
        level = below
    return not level
