"""Whatever a plan names its resources and projects, the html page keeps the template's structure
and shows each name as exactly one visible line of text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from checker.estimate import estimate_plan
from checker.report.escape import terminal_text
from checker.report.html import html_report
from checker.report.json_report import money_str
from checker.run_result import ProjectResult, RunResult
from tests.helpers import catalog, created_plan, make_resource
from tests.test_html_report import by_id, cells, only_template_structure, parse, with_class

_NASTY = st.sampled_from(
    [
        *("</script>", "<img src=x onerror=alert(1)>", "javascript:", '"', "'", "&amp;", "]]>"),
        *("<!--", "-->", "<svg onload=x>", "\u202e", "\u2066", "\x00", "\r\n", "\x1b[31m", "<"),
    ]
)
TEXT = st.lists(st.one_of(_NASTY, st.characters()), min_size=1, max_size=12).map("".join)


@given(keys=st.lists(TEXT, min_size=1, max_size=3, unique=True), project=TEXT)
def test_names_stay_text(keys: list[str], project: str) -> None:
    resources = [
        make_resource(
            "aws_instance",
            {"instance_type": "t3.micro", "tags": {"Name": key}},
            address=f"aws_instance.web[{json.dumps(key)}]",
            name="web",
        )
        for key in keys
    ]
    estimate = estimate_plan(created_plan(*resources), catalog())
    page = html_report(RunResult("diff", (ProjectResult(project, project, estimate),), 0))
    root = parse(page)
    only_template_structure(root)
    rows = [cells(row)[0].text() for row in with_class(root, "resource")]
    assert sorted(rows) == sorted(terminal_text(r.address) for r in resources)
    assert by_id(root, "total-after").attrs["data-usd"] == money_str(estimate.total_monthly_cost)
    assert root.find_all("title")[0].text() == f"costcheck diff: {terminal_text(project)}"
