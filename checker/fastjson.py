"""JSON output through orjson where it is installed (``costcheck[fast]``), with the standard
library as the fallback giving the same bytes.

:func:`dumps_indented` is ``json.dumps(document, indent=2)``, byte for byte, for a
document of dicts with string keys, lists, strings, integers, booleans and None (what the
reports build; no floats, whose text the two encoders may write differently). The standard
library's encoder writes indented JSON in pure Python (its C encoder only does compact JSON):
0.3 s for a 10,000-resource estimate, against 0.01 s for orjson.

Plans are read with ``json.loads``, not orjson: orjson builds its own document before the
Python one, and its peak memory on an 18 MB plan was 3x json.load's (300 MB against 100 MB for
the whole run), for a read only 20 % faster.
"""

from __future__ import annotations

import json
import re
from types import ModuleType
from typing import Any

orjson: ModuleType | None
try:
    import orjson
except ImportError:  # the optional extra is not installed: the standard library serves
    orjson = None

# What json.dumps (ensure_ascii) escapes and orjson writes as UTF-8: DEL and everything beyond
# ASCII. orjson escapes the control characters below 0x20 exactly as json.dumps does.
_NOT_ASCII = re.compile("[\x7f-\U0010ffff]")


def available() -> bool:
    """Whether orjson serves (else the standard library does all)."""
    return orjson is not None


def dumps_indented(document: Any, *, use_orjson: bool = True) -> str:
    """``json.dumps(document, indent=2)``, byte for byte (see the module docstring)."""
    if orjson is not None and use_orjson:
        try:
            data = orjson.dumps(document, option=orjson.OPT_INDENT_2)
        except TypeError:
            pass  # a lone surrogate, an integer beyond 64 bits: the standard library's text
        else:
            text = data.decode("utf-8")
            return text if text.isascii() and "\x7f" not in text else _NOT_ASCII.sub(_escape, text)
    return json.dumps(document, indent=2)


def _escape(match: re.Match[str]) -> str:
    """A character as ``json.dumps`` escapes it: ``\\u00e9``, a surrogate pair beyond BMP."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"
