"""The words of a policy verdict, as the comment, the job summary and the HTML page say it.

Apart from :mod:`checker.report.policy_json` so that reports import it without the policy code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.errors import EXIT_POLICY_FAILED

if TYPE_CHECKING:
    from checker.run_result import RunResult

VERDICT_WORDS = {"block": "blocked", "warn": "passed with warnings", "pass": "passed"}
WARNINGS_FAIL = "failed on warnings"


NO_POLICIES = "no policies"


def verdict_words(word: str, fails: bool) -> str:
    """The words for ``block``, ``warn`` or ``pass``: warnings that fail the check
    (``--fail-on warn``, exit 1) are not "passed", or the comment would pass what the check
    fails."""
    return WARNINGS_FAIL if word == "warn" and fails else VERDICT_WORDS[word]


def run_verdict(result: RunResult) -> str | None:
    """``block``, ``warn`` or ``pass`` over every project's policies; None when none judged."""
    from checker.report.policy_json import result_word, strongest

    words = [result_word(p.policy.report) for p in result.projects if p.policy is not None]
    if not words:
        return None
    return strongest(words)


def run_fails(result: RunResult) -> bool:
    """A project's policies fail the check (exit 1), warnings included with --fail-on warn."""
    return any(p.policy.exit_code == EXIT_POLICY_FAILED for p in result.projects if p.policy)
