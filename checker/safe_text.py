"""Text from the input (addresses, values, reasons) made safe to print: bounded in length.

costcheck runs in CI on code written by whoever opened the pull request. Any value read from the
configuration, a plan, a usage file or a policy that ends up in a message, a reason or a report
goes through :func:`clip` first, so a hostile or accidental megabyte of text cannot flood the log
or the pull-request comment. (Escaping for a given format is the report layer's job.)
"""

from __future__ import annotations

# Long enough for any real address, instance type or tag value; short enough for a table cell.
DEFAULT_LIMIT = 200


def clip(text: str, limit: int = DEFAULT_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    left_out = len(text) - limit
    return f"{text[:limit]}… ({left_out:,} more characters)"
