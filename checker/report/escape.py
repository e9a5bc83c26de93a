"""The one place input-derived text is made safe for a report format.

Addresses (for_each keys, module names), types, values, reasons and policy names come from the
pull request, not from costcheck. Every renderer passes each such string through one of these
functions, after :func:`checker.safe_text.clip` bounds its length:

* :func:`markdown_text` (the ``md`` filter of every template): inline text that cannot change the
  structure of the Markdown around it (table cells, ``<details>`` sections, headings, lists,
  quotes) nor act on GitHub (mentions, links, images, HTML, math, issue references);
* :func:`terminal_text`: one line with no control character or ANSI escape sequence left to act
  on the terminal or fake a line of the table; they show as visible ``\\x1b`` escapes;
* JSON needs no escaping (``json.dumps`` escapes everything, lone surrogates included).
"""

from __future__ import annotations

import re
import unicodedata

from checker.safe_text import clip

# A reason, note or message is a sentence that may quote input; an atom (an id) is clipped at
# safe_text.DEFAULT_LIMIT (200). Every report format clips sentences at this one length.
LONG = 1000
WORD_JOINER = "\u2060"  # invisible; breaks what GitHub would otherwise recognise ("@team", "#12")

# Unicode categories with no business in a one-line cell: controls (C0, C1, DEL), format
# characters (bidi overrides that reorder what is shown, zero-width joiners), line and paragraph
# separators, lone surrogates (not encodable: printing one would crash), unassigned/private use.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_MARKDOWN_SPECIAL = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",  # a table cell's end, in a table; a plain pipe elsewhere
    "~": "\\~",  # strikethrough
    "!": "\\!",  # with "[" escaped no image can start; this keeps the raw text plain to read
    "&": "&amp;",  # no character references: "&#124;" must stay text
    "<": "&lt;",  # no HTML: not "<img>", not "</details>"
    ">": "&gt;",
    "@": "@" + WORD_JOINER,  # no mention of a person or a team, no e-mail autolink
    "#": "#" + WORD_JOINER,  # no issue reference (#12), no heading
}
_MARKDOWN_TABLE = str.maketrans(_MARKDOWN_SPECIAL)
# "_" between two letters or digits cannot start or end emphasis (CommonMark's flanking rules):
# left alone there, "aws_instance.web" stays readable in the raw Markdown.
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# GitHub's math: "$x$" needs a closing "$" not followed by a digit; escaping each such "$" leaves
# none, while money ("$0", "$3.65") stays as written.
_MATH_DOLLAR = re.compile(r"\$(?!\d)")
# GFM's extended autolinks ("http://x", "www.x") and GitHub's "GH-12" issue references: a word
# joiner stops each from being recognised.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=\bgh)(?=-\d)")
# Markers that start a block when they open a line (a list, a quote, a setext underline).
_BLOCK_START = re.compile(r"^([-+=]|\d{1,9}(?=[.)]))")


def _visible(char: str) -> str:
    """A character that must not act, written so a person can still see it was there."""
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def terminal_text(value: object, limit: int | None = None) -> str:
    """``value`` as one line for the terminal: newlines, ESC (and so every ANSI sequence),
    other controls and bidi overrides written as visible escapes; clipped."""
    text = clip(str(value)) if limit is None else clip(str(value), limit)
    if all(not _unsafe(c) for c in text):
        return text
    return "".join(_visible(c) if _unsafe(c) else c for c in text)


def markdown_text(value: object, limit: int | None = None) -> str:
    """``value`` as inline Markdown text that renders as exactly its characters; clipped."""
    text = clip(str(value)) if limit is None else clip(str(value), limit)
    # Line breaks would end a table row or a list item: a space keeps the words apart.
    text = "".join(" " if c in "\t\r\n\u2028\u2029\x85\x0b\x0c" else c for c in text)
    # Leading blanks count for nothing inline, but four of them open a code block on a new line.
    text = "".join("\ufffd" if _unsafe(c) else c for c in text).lstrip(" ")
    text = _EMPHASIS_UNDERSCORE.sub(r"\\_", text.translate(_MARKDOWN_TABLE))
    text = _MATH_DOLLAR.sub(r"\\$", text)
    text = _AUTOLINK.sub(WORD_JOINER, text)
    # An opening "-", "+", "=" or "1." must not start a list or an underline where the text
    # happens to open a line (after "> " in a quote); ">" and "#" are handled above.
    found = _BLOCK_START.match(text)
    if found is None:
        return text
    if found[1][0].isdigit():
        end = found.end()
        return f"{text[:end]}\\{text[end:]}"
    return f"\\{text}"
