"""The words of a policy verdict, as the comment, the job summary and the HTML page say it.

Apart from :mod:`checker.report.policy_json` so that reports import it without the policy code.
"""

from __future__ import annotations

VERDICT_WORDS = {"block": "blocked", "warn": "passed with warnings", "pass": "passed"}
WARNINGS_FAIL = "failed on warnings"


NO_POLICIES = "no policies"


def verdict_words(word: str, fails: bool) -> str:
    """The words for ``block``, ``warn`` or ``pass``: warnings that fail the check
    (``--fail-on warn``, exit 1) are not "passed", or the comment would pass what the check
    fails."""
    return WARNINGS_FAIL if word == "warn" and fails else VERDICT_WORDS[word]
