"""Any comment body: what ``costcheck comment`` posts is found as costcheck's next run (the
marker once, alone on its first or last line, within GitHub's limit), and the text around the
marker is kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.github import COMMENT_MARKER, MAX_COMMENT_CHARS, _is_marked, _marked_body

# Bodies built from pieces that matter here: the marker, parts of it, line ends, quotes.
PIECES = st.sampled_from(
    [COMMENT_MARKER, "<!--", "-->", "costcheck-comment", "\n", "\r\n", " ", "> ", "text", "\u2028"]
)
BODIES = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join)


@given(BODIES)
def test_every_posted_body_is_found_as_costchecks(body: str) -> None:
    posted = _marked_body(body, COMMENT_MARKER)

    assert _is_marked(posted, COMMENT_MARKER)
    assert len(posted) <= MAX_COMMENT_CHARS
    # Nothing but the marker's own line is added, and only stray markers are changed.
    assert _rest(posted) == _rest(body)


def _rest(text: str) -> str:
    """``text`` without markers, defused ones too, and line breaks."""
    return text.replace("(quoted) ", "").replace(COMMENT_MARKER, "").replace("\n", "")


@given(st.integers(min_value=1, max_value=3000))
def test_a_cut_body_keeps_its_marker(lines: int) -> None:
    body = "| row |\n" * lines * 10 + COMMENT_MARKER + "\n"

    posted = _marked_body(body, COMMENT_MARKER)

    assert _is_marked(posted, COMMENT_MARKER) and len(posted) <= MAX_COMMENT_CHARS
