"""Whatever checkov's output holds (a plan or code from a pull request shapes it), costcheck
either reads it or says it cannot (an input error), and what it renders cannot act: no HTML
from the output in the comment, no control character in the terminal."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.checkov import parse_report
from checker.errors import InputError
from checker.report.checkov_report import checkov_table
from checker.report.markdown import COMMENT_MARKER
from tests.render_support import rendered

_NASTY = st.sampled_from(
    ["<img src=x>", "</details>", "@team", "\x1b[31m", "\n| a | b |", "\u202e", "`", "#1", "|"]
)
TEXT = st.lists(st.one_of(_NASTY, st.characters()), max_size=20).map("".join)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), TEXT)
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
FAILED_CHECK = st.fixed_dictionaries(
    {},
    optional={
        "check_id": VALUE,
        "check_name": VALUE,
        "resource": VALUE,
        "file_path": VALUE,
        "file_line_range": VALUE,
        "severity": st.one_of(VALUE, st.sampled_from(["LOW", "high", "Critical"])),
        "guideline": VALUE,
    },
)
REPORT = st.fixed_dictionaries(
    {
        "results": st.one_of(
            st.fixed_dictionaries(
                {"failed_checks": st.lists(FAILED_CHECK, max_size=4)},
                optional={"parsing_errors": st.lists(VALUE, max_size=2)},
            ),
            VALUE,
        ),
        "summary": st.one_of(
            st.fixed_dictionaries({}, optional={"passed": VALUE, "failed": VALUE}), VALUE
        ),
    }
)
OUR_TAGS = re.compile(r"</?(code|sub|details|summary)>")


@given(st.one_of(REPORT, st.lists(REPORT, max_size=2), VALUE))
def test_any_output_is_read_or_refused_and_renders_inert(document: Any) -> None:
    try:
        report = parse_report(json.dumps(document), "checkov")
    except InputError:
        return
    comment = rendered("check", "markdown", checkov=report)
    assert "<" not in OUR_TAGS.sub("", comment.removesuffix(f"{COMMENT_MARKER}\n"))
    assert "\x1b" not in comment and "\u202e" not in comment
    for line in checkov_table(report).splitlines():
        assert all(ch.isprintable() for ch in line), repr(line)
