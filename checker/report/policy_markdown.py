"""The policy findings alone, as Markdown: the service's ``check`` answer in Markdown.

``costcheck check --format markdown`` renders the whole comment
(:func:`checker.report.markdown.comment_markdown`), these sections included.
"""

from __future__ import annotations

from checker.policy.model import CheckReport
from checker.report.markdown import policy_markdown


def check_markdown(report: CheckReport) -> str:
    """The verdict, the findings grouped by policy, and the notes on policies and exemptions."""
    return policy_markdown(report)
