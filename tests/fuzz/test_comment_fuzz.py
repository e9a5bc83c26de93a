"""Any names, any costs, any limit: the comment fits by shrinking, starts with the verdict, ends
with the marker, names every blocking policy, and GitHub's parser (cmark-gfm) finds only the
structure the templates write."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from checker.estimate import estimate_plan
from checker.policy.model import RunContext
from checker.report.markdown import COMMENT_MARKER, comment_markdown
from checker.run_result import PolicyOutcome, ProjectResult, RunResult
from tests.fuzz.test_escape_fuzz import TEXT
from tests.helpers import created_plan, make_resource, remembering_catalog
from tests.markdown_support import acting_text, parse_gfm, table_shape
from tests.policy_support import TODAY, check

TEMPLATE_TAGS = frozenset(
    {"h3", "h4", "p", "em", "strong", "code", "sub", "ul", "li", "details", "summary"}
    | {"table", "thead", "tbody", "tr", "th", "td", "blockquote", "!--"}
)


# Instance types of the catalog (free to large), and one it does not have (unknown).
TYPES = ("t3.nano", "m5.large", "r5.2xlarge", "x1e.32xlarge", "no.such")


def _policies(names: list[str]) -> str:
    """Policies P-0.. with the given names: block, warn and advisory in turn, over $10."""
    effects = ("block", "warn", "advisory")
    entries = [
        f"  - id: P-{i}\n    name: {json.dumps(name)}\n    severity: high\n"
        f"    enforcement: {effects[i % 3]}\n"
        "    rule: {kind: resource_cost, max_monthly: 10}\n"
        for i, name in enumerate(names)
    ]
    return "version: 1\npolicies:\n" + "".join(entries)


@given(
    keys=st.lists(TEXT, min_size=1, max_size=10, unique=True),
    types=st.lists(st.sampled_from(TYPES), min_size=10, max_size=10),
    names=st.lists(TEXT.filter(lambda t: t.strip() != ""), min_size=1, max_size=4),
    limit=st.integers(3_000, 12_000),
)
def test_any_comment_fits_and_keeps_its_structure(
    keys: list[str], types: list[str], names: list[str], limit: int
) -> None:
    resources = [
        make_resource(
            "aws_instance",
            {"instance_type": instance_type, "tags": {"Name": key}},
            name="x",
            address=f"aws_instance.x[{json.dumps(key)}]",
        )
        for key, instance_type in zip(keys, types, strict=False)
    ]
    est = estimate_plan(created_plan(*resources), remembering_catalog())
    report = check(_policies(names), est)
    outcome = PolicyOutcome(report, RunContext("plan.json", TODAY), "block", 1)
    result = RunResult("check", (ProjectResult("plan.json", "plan.json", est, (), outcome),), 1)

    text = comment_markdown(result, limit=limit)

    assert len(text) <= limit
    assert text.startswith("### ") and text.endswith(f"{COMMENT_MARKER}\n")
    blocking = {f.policy.id for f in report.findings if f.level == "block"}
    for policy_id in blocking:
        assert f"**{policy_id}**" in text
    root = parse_gfm(text)  # fails on an element left open
    assert {node.tag for node in root.iter()} - {"root"} <= TEMPLATE_TAGS
    assert not [n for n in root.iter() if n.tag.startswith("/")]
    assert acting_text(root) == []
    assert [h.tag for h in root.find_all("h3")] == ["h3"]
    for table in root.find_all("table"):
        shape = table_shape(table)
        assert shape == [shape[0]] * len(shape)
