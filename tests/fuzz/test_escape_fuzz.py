"""Any string through the shared filters: Markdown keeps the structure around it and shows the
string's own characters; the terminal gets one line with nothing that acts."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from checker.report.escape import markdown_text, terminal_text
from checker.safe_text import clip
from tests.markdown_support import acting_text, parse_gfm, table_shape

# Characters that Markdown, HTML, GitHub or a terminal give a meaning to, mixed with any others.
_MEANINGFUL = st.sampled_from(
    [
        *"\\`*_[]()|~$!&<>@#:/.-+=\n\r\t \x1b\x07\x00\u2028\u202e\ud800",
        "www.",
        "http://",
        "</details>",
        "<img src=x>",
        "&#124;",
        "&lt;",
        "@everyone",
        "#12",
        "GH-7",
        "1.",
    ]
)
TEXT = st.lists(st.one_of(_MEANINGFUL, st.characters()), max_size=40).map("".join)


def _shown(text: str) -> str:
    """What a reader should see: the clipped text, line breaks as spaces, characters that
    must not act as U+FFFD, blanks at the ends dropped (Markdown drops them anyway)."""
    out = []
    for char in clip(text):
        if char in "\t\r\n\u2028\u2029\x85\x0b\x0c":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out).strip(" ")


@given(TEXT, TEXT)
@example("` | @everyone [x](https://e.example) <img src=x>", "</details>\n# heading")
@example("- item", "1. first")
@example("", "_www.example.com")
@example("~~s~~ ~t~", "**b** __c__")
def test_markdown_text_in_a_table_row_and_a_list_keeps_the_structure(a: str, b: str) -> None:
    doc = (
        f"| {markdown_text(a)} | <code>{markdown_text(b)}</code> |\n| --- | --- |\n"
        f"| x | y |\n\n<details><summary>s</summary>\n\n- {markdown_text(a)}\n"
        f"> {markdown_text(b)}\n\n</details>\n"
    )
    root = parse_gfm(doc)
    tags = sorted({node.tag for node in root.iter()} - {"root"})
    assert set(tags) <= {"table", "thead", "tbody", "tr", "th", "td", "code", "details"} | {
        "summary",
        "ul",
        "li",
        "p",
        "blockquote",
    }, tags
    (table,) = root.find_all("table")
    assert table_shape(table) == [2, 2]
    assert len(root.find_all("details")) == 1 and len(root.find_all("li")) == 1
    header = table.find_all("th")
    assert header[0].text().strip(" ") == _shown(a)
    assert header[1].text().strip(" ") == _shown(b)
    assert root.find_all("li")[0].text().strip(" ").startswith(_shown(a))
    assert acting_text(root) == []


@given(TEXT)
def test_terminal_text_is_one_printable_line(text: str) -> None:
    shown = terminal_text(text)
    assert "\n" not in shown and "\x1b" not in shown
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in shown)
    shown.encode("utf-8")  # no lone surrogate left: printing it cannot fail
