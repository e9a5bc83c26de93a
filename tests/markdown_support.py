"""Markdown as GitHub renders it: cmark-gfm (GitHub's own parser, via cmarkgfm) with the GFM
extensions, its HTML read back into a small tree the tests can count nodes in.

Raw HTML is kept (``UNSAFE``) so that a ``<details>`` or an ``<img>`` that input smuggled in shows
up as an element, exactly as GitHub would see it before its sanitiser.
"""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import cmarkgfm
from cmarkgfm.cmark import Options

WORD_JOINER = "\u2060"
# Elements HTML closes by itself: no end tag follows.
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr"})


@dataclass
class Node:
    """An element (``tag``) or a comment (``tag == "!--"``) with its children and text."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Node]:
        return [node for node in self.iter() if node.tag == tag]

    def text(self) -> str:
        """The text a reader sees, word joiners (invisible) taken out."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return "".join(parts).replace(WORD_JOINER, "")

    def texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child.texts()


class _TreeBuilder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        # An end tag closes the nearest open element of that name; a stray one is recorded, so a
        # test sees the "</details>" that input might have smuggled in.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        self.stack[-1].children.append(Node(f"/{tag}"))

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.stack[-1].children.append(Node("!--", {"text": data}))


def render_gfm(markdown: str) -> str:
    """The HTML cmark-gfm makes of ``markdown`` with GitHub's extensions, raw HTML kept."""
    return str(
        cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    )


def parse_gfm(markdown: str) -> Node:
    """``markdown`` rendered as GitHub renders it, as a tree."""
    builder = _TreeBuilder()
    builder.feed(render_gfm(markdown))
    builder.close()
    assert len(builder.stack) == 1, f"unclosed elements: {[n.tag for n in builder.stack[1:]]}"
    return builder.root


# What GitHub acts on in text after rendering: @mentions (people, teams), #123 and GH-123
# references.
_MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9]")
_ISSUE_REFERENCE = re.compile(r"(?<![\w&])#\d|\b[Gg][Hh]-\d")


def acting_text(root: Node) -> list[str]:
    """Text nodes GitHub would turn into a mention or an issue link (word joiners kept: they are
    what stops GitHub from doing so)."""
    return [t for t in root.texts() if _MENTION.search(t) or _ISSUE_REFERENCE.search(t)]


def table_shape(table: Node) -> list[int]:
    """Cells per row, header row first."""
    return [len([c for c in row.children if isinstance(c, Node)]) for row in table.find_all("tr")]
