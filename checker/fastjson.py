"""Indented JSON for every report: the one writer of ``json.dumps(document, indent=2,
default=default)``'s text, byte for byte, through orjson where it is installed
(``costcheck[fast]``) and a hand-written standard-library encoder otherwise.

What a document may hold (what the report builders make): dicts with string keys, lists,
tuples, strings (subclasses too: str enums), integers (int enums), booleans, None, :class:`Float`
and whatever ``default`` converts (Decimal, dates). A float that comes from the input goes in as
:class:`Float` (:func:`exact` converts a value from a plan or a policy): orjson writes a plain
float in its own way (``1e-05`` as ``0.00001``, NaN and infinity as ``null``), and telling
whether a 100 MB document holds one costs as much as writing it. Other types orjson writes
natively and ``json.dumps`` does not (an ``Enum`` member that is not a str or int, a UUID) are
kept out of documents too. What orjson refuses (a lone surrogate, an integer beyond 64 bits, a
key that is not a string, nesting beyond 255 levels) is written by the standard-library encoder.

The standard library's own encoder indents in pure Python (its C encoder only writes compact
JSON): 2.5-2.9 s CPU for the 100 MB check document of 100 policies over 10,000 resources,
against 1.0 s for the encoder here, which also reuses the text of a container met again at
the same depth, and 0.2 s for orjson (0.3 s with the text decoded).

Plans are read with ``json.loads``, not orjson: orjson builds its own document before the
Python one, and its peak memory on an 18 MB plan was 3x json.load's (300 MB against 100 MB for
the whole run), for a read only 20 % faster.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from json.encoder import encode_basestring, encode_basestring_ascii
from types import ModuleType
from typing import Any

from checker.gc_passes import collector_paused

orjson: ModuleType | None
try:
    import orjson
except ImportError:  # the optional extra is not installed: the standard library serves
    orjson = None

Default = Callable[[Any], Any]

# Datetimes and dataclasses go to ``default`` as json.dumps sends them, not orjson's own text.
_OPTIONS = (
    0
    if orjson is None
    else orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)
# What json.dumps (ensure_ascii) escapes and orjson writes as UTF-8: DEL and everything beyond
# ASCII. orjson escapes the control characters below 0x20 exactly as json.dumps does.
_NOT_ASCII = re.compile("[\x7f-\U0010ffff]")
# orjson's text is escaped a piece at a time, each piece ending at a newline (no UTF-8 sequence
# holds one): a regular expression takes 2 ns a character, bytes.isascii 0.1 ns, so only the
# pieces that need it are searched, and none is decoded whole (one emoji would make a 100 MB
# text four bytes a character).
_PIECE = 1 << 20
_INFINITY = float("inf")


class Float(float):
    """A float written as ``json.dumps`` writes it (``repr``; ``NaN``, ``Infinity``) by either
    encoder: orjson hands a float subclass to ``default``, which writes this text."""

    __slots__ = ()


def exact(value: Any) -> Any:
    """``value`` (JSON-like data from the input) with every float in it a :class:`Float`;
    containers without one are returned as they are (shared, not copied)."""
    kind = type(value)
    if kind is float:
        return Float(value)
    if kind is dict:
        converted = {key: exact(item) for key, item in value.items()}
        same = map(operator.is_, converted.values(), value.values())
        return value if all(same) else converted
    if kind is list or kind is tuple:
        items = [exact(item) for item in value]
        return value if all(map(operator.is_, items, value)) else kind(items)
    return value


def available() -> bool:
    """Whether orjson serves (else the standard library does all)."""
    return orjson is not None


def dumps_indented(
    document: Any,
    default: Default | None = None,
    *,
    ensure_ascii: bool = True,
    newline: bool = False,
    use_orjson: bool = True,
) -> str:
    """``json.dumps(document, indent=2, default=default, ensure_ascii=ensure_ascii)``, byte for
    byte (see the module docstring for what a document may hold), and ``"\\n"`` after it if
    ``newline`` (not added to a copy: the check document is 100 MB); ``default`` None refuses
    what is not JSON, as json.dumps does (TypeError)."""
    written = _dumps(document, default, ensure_ascii, newline, use_orjson)
    # Written: where the caller passed it without keeping it (a report's document, made for
    # this call), it is freed before the text is decoded, not alive beside both.
    del document
    if not isinstance(written, bytes):
        return written
    if not ensure_ascii:
        return written.decode("utf-8")
    return _ascii(written).decode("ascii")


def dumps_ascii(
    document: Any, default: Default | None = None, *, newline: bool = False, use_orjson: bool = True
) -> bytes:
    """The bytes of :func:`dumps_indented`'s text (ASCII: ``ensure_ascii``), made without that
    text where orjson writes them: a report printed or written as bytes never holds the 15 MB
    text of a 10,000-resource plan's document beside its bytes."""
    written = _dumps(document, default, True, newline, use_orjson)
    del document  # as in dumps_indented
    return _ascii(written) if isinstance(written, bytes) else written.encode("ascii")


def _dumps(
    document: Any, default: Default | None, ensure_ascii: bool, newline: bool, use_orjson: bool
) -> str | bytes:
    """orjson's bytes (UTF-8, not yet escaped: see :func:`_ascii`) or, where orjson is not
    installed or refuses the document, the standard-library encoder's text."""
    if orjson is not None and use_orjson:
        options = _OPTIONS | orjson.OPT_APPEND_NEWLINE if newline else _OPTIONS
        try:
            data: bytes = orjson.dumps(document, default=_orjson_default(default), option=options)
        except TypeError:
            pass  # a lone surrogate, an integer beyond 64 bits...: the standard library's text
        else:
            return data
    return _stdlib_indented(document, default, ensure_ascii, newline)


def _orjson_default(default: Default | None) -> Default:
    def convert(value: Any) -> Any:
        if isinstance(value, float):  # a Float (orjson writes plain floats itself)
            return orjson.Fragment(_float(value))  # type: ignore[union-attr]
        if isinstance(value, tuple):  # a named tuple: json.dumps writes it as a list
            return exact(list(value))
        if default is None:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        # What default() makes is written as json.dumps would write it: its floats too.
        return exact(default(value))

    return convert


def _ascii(data: bytes) -> bytes:
    """orjson's bytes as json.dumps writes them with ``ensure_ascii`` (without it, json.dumps
    escapes nothing more than orjson: no DEL either)."""
    return _ascii_escaped(data) if not data.isascii() or b"\x7f" in data else data


def _ascii_escaped(data: bytes) -> bytes:
    """orjson's UTF-8 text with DEL and what is beyond ASCII escaped as ``json.dumps`` does."""
    pieces: list[bytes] = []
    start = 0
    size = len(data)
    while start < size:
        end = data.find(b"\n", min(start + _PIECE, size))
        end = size if end < 0 else end + 1
        piece = data[start:end]
        if not piece.isascii() or b"\x7f" in piece:
            piece = _NOT_ASCII.sub(_escape, piece.decode("utf-8")).encode("ascii")
        pieces.append(piece)
        start = end
    return b"".join(pieces)


def _escape(match: re.Match[str]) -> str:
    """A character as ``json.dumps`` escapes it: ``\\u00e9``, a surrogate pair beyond BMP."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"


def _float(value: float) -> str:
    # As json's floatstr with allow_nan (the default).
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _stdlib_indented(
    document: Any, default: Default | None, ensure_ascii: bool, newline: bool
) -> str:
    """The text of ``json.dumps(document, indent=2, default=default)`` (a test holds them
    equal), made without the pure-Python encoder the standard library falls back to when
    asked to indent. A container that appears again at the same depth (the resource, cost
    lines and figures under each finding about it, see checker/report/policy_json.py) is
    written once and its text reused."""
    convert = _refuse if default is None else default
    out: list[str] = []
    append = out.append
    esc = encode_basestring_ascii if ensure_ascii else encode_basestring
    # id(container) -> (first chunk, end, indentation): where its text is, to reuse it when
    # the same container comes again at the same depth (then joined once, into ``texts``).
    spans: dict[int, tuple[int, int, int]] = {}
    texts: dict[int, str] = {}
    made: list[Any] = []  # what default() returned: kept, so no id is reused meanwhile
    # indentation -> key -> the key as written after a comma (first in its object: after {)
    prefixes: dict[str, dict[str, str]] = {}

    def encode(value: Any, newline: str) -> None:
        kind = type(value)
        if kind is str:
            append(esc(value))
        elif value is None:
            append("null")
        elif value is True:
            append("true")
        elif value is False:
            append("false")
        elif kind is int:
            append(int.__repr__(value))
        elif kind is dict:
            encode_dict(value, newline)
        elif kind is list or kind is tuple:
            encode_list(value, newline)
        elif isinstance(value, str):
            append(esc(value))
        elif isinstance(value, int):
            append(int.__repr__(value))
        elif isinstance(value, float):
            append(_float(value))
        elif isinstance(value, dict):
            encode_dict(value, newline)
        elif isinstance(value, list | tuple):
            encode_list(value, newline)
        else:
            converted = convert(value)
            made.append(converted)
            encode(converted, newline)

    def reuse(key: int, newline: str) -> bool:
        span = spans.get(key)
        if span is None or span[2] != len(newline):
            return False
        text = texts.get(key)
        if text is None:
            text = texts[key] = "".join(out[span[0] : span[1]])
        append(text)
        return True

    def encode_dict(value: dict[Any, Any], newline: str) -> None:
        if not value:
            append("{}")
            return
        key = id(value)
        if key in spans and reuse(key, newline):
            return
        start = len(out)
        inner = newline + "  "
        known = prefixes.get(inner)
        if known is None:
            known = prefixes[inner] = {}
        first = True
        for name, item in value.items():
            if type(name) is not str:
                # A key json converts (a number, true, null) or refuses: its own encoder, the
                # text re-indented (indentation is absolute depth; no string holds a newline).
                del out[start:]
                for gone in [k for k, span in spans.items() if span[1] > start]:
                    del spans[gone]  # their text was in what was just taken back
                    texts.pop(gone, None)
                again = json.dumps(value, indent=2, default=default, ensure_ascii=ensure_ascii)
                append(again.replace("\n", newline))
                return
            prefix = known.get(name)
            if prefix is None:
                prefix = known[name] = "," + inner + esc(name) + ": "
            if first:
                prefix = "{" + prefix[1:]
                first = False
            # The common values here, written with their key; the rest through encode().
            kind = type(item)
            if kind is str:
                append(prefix + esc(item))
            elif item is None:
                append(prefix + "null")
            else:
                append(prefix)
                if kind is dict:
                    encode_dict(item, inner)
                elif kind is list:
                    encode_list(item, inner)
                else:
                    encode(item, inner)
        append(newline + "}")
        spans.setdefault(key, (start, len(out), len(newline)))  # the first depth met

    def encode_list(value: list[Any] | tuple[Any, ...], newline: str) -> None:
        if not value:
            append("[]")
            return
        key = id(value)
        if key in spans and reuse(key, newline):
            return
        start = len(out)
        inner = newline + "  "
        separator = "[" + inner
        following = "," + inner
        for item in value:
            append(separator)
            separator = following
            if type(item) is str:
                append(esc(item))
            else:
                encode(item, inner)
        append(newline + "]")
        spans.setdefault(key, (start, len(out), len(newline)))  # the first depth met

    with collector_paused():  # each pass would walk the whole document again
        encode(document, "\n")
    if newline:
        append("\n")
    return "".join(out)
