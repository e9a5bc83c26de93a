"""``costcheck check --format sarif``: SARIF 2.1.0, as GitHub code scanning ingests it.

One run of the tool ``costcheck``: its rules are the policies evaluated (id, name, short and
full description, help, default level from the enforcement: block -> error, warn -> warning,
advisory -> note); its results are the findings that count (failures, and unknowns a policy
gives an effect), each on the resource's file and line where known, with the resource address
as the logical location and a fingerprint that stays the same across runs (policy and subject,
and project in a monorepo run: not the line, which moves as the file is edited). A waived
finding is a result with a ``suppressions`` entry (an exemption file: ``external``; an inline
``costcheck:ignore``: ``inSource``), which code scanning shows as dismissed.

GitHub's SARIF support (docs: "SARIF support for code scanning") wants every result to have a
location and paths relative to the repository root: a finding with no source location of its
own (a plan-wide budget, a plan JSON without locations) is placed on the plan file, else the
policy file, else the checked directory. At most 10 locations per result and 25,000 results per
run are read: costcheck writes one location per result and stops at the limit, saying so in the
run's notifications.

Text from the input goes in as text (JSON escapes it), bounded by
:func:`~checker.safe_text.clip`, lone surrogates replaced so that strict parsers accept the file.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from checker import __version__, fastjson
from checker.model import SourceLocation
from checker.policy.evaluate import judges_unread_input_apart
from checker.policy.messages import subject_of
from checker.policy.model import CheckovRule, Exemption, Finding, Policy, PolicyResult
from checker.report.escape import LONG, markdown_text
from checker.report.policy_table import finding_details
from checker.report.source_paths import ResolvedRoot, relative_file, resolved_root
from checker.run_result import ProjectResult, RunResult
from checker.safe_text import clip

if TYPE_CHECKING:
    from checker.pipeline import Diagnostic

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"block": "error", "warn": "warning", "advisory": "note", "none": "none"}
# GitHub code scanning's limits (docs: "SARIF support for code scanning", upload limits).
MAX_RESULTS = 25_000
_MAX_NOTIFICATIONS = 100  # warnings carried in the run's notifications (the JSON has them all)
FINGERPRINT_KEY = "costcheckFinding/v1"
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def _text(value: object, limit: int = 200) -> str:
    return _SURROGATE.sub("\ufffd", clip(str(value), limit))


def _uri(path: str) -> str:
    """A relative path as a URI reference: every character outside the unreserved set and
    ``/`` percent-encoded (a space, ``#``, ``?``, ``%``)."""
    return quote(path, safe="/")


def information_uri(environ: Mapping[str, str]) -> str | None:
    """Where the tool is documented: the action's repository on the GitHub server running it
    (set for an action's steps), else none (the field is optional)."""
    server = environ.get("GITHUB_SERVER_URL", "")
    repository = environ.get("GITHUB_ACTION_REPOSITORY", "")
    if server.startswith("https://") and _REPOSITORY.match(repository):
        return f"{server.rstrip('/')}/{repository}"
    return None


def _rule(policy: Policy, root: ResolvedRoot) -> dict[str, Any]:
    name = _text(policy.name)
    description = _text(policy.description or policy.name, LONG)
    origin = relative_file(".", SourceLocation(policy.origin.file, 1, 1), root)
    where = f"{origin}:{policy.origin.line}" if origin else _text(policy.origin.render())
    facts = (
        f"Enforcement: {policy.enforcement} (severity {{severity}}); unknown results: "
        f"{policy.on_unknown}. Defined in {{where}}."
    )
    explain = "costcheck policy explain {id} says what it checks."
    unread = _unread_help(policy)
    help_text = (
        f"{description}\n\n{facts.format(severity=_text(policy.severity), where=where)} "
        + explain.format(id=_text(policy.id))
        + unread
    )
    # The policy file may come with the pull request: its words are text, not Markdown.
    help_markdown = (
        f"{markdown_text(description, LONG)}\n\n"
        f"{facts.format(severity=markdown_text(policy.severity), where=markdown_text(where))} "
        + explain.format(id=markdown_text(policy.id))
        + unread
    )
    return {
        "id": _text(policy.id),
        "name": _text(policy.id),
        "shortDescription": {"text": name},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": _text(help_markdown, 4 * LONG)},
        "defaultConfiguration": {"level": LEVELS.get(policy.enforcement, "warning")},
        "properties": {
            "tags": ["cost", _text(policy.rule.kind)],
            "precision": "very-high",
            "problem.severity": {"block": "error", "warn": "warning"}.get(
                policy.enforcement, "recommendation"
            ),
            "costcheck.severity": _text(policy.severity),
        },
    }


def _unread_help(policy: Policy) -> str:
    """What the rule's fail-closed result over an input not read in full means (its own words:
    no text from the input)."""
    if policy.rule.kind == "checkov":
        return ""  # checkov reads the files itself
    effect = (
        "it blocks whatever on_unknown says, so code costcheck cannot read cannot turn a block "
        "into a pass"
        if policy.enforcement == "block"
        else "on_unknown decides its effect"
    )
    if judges_unread_input_apart(policy.rule.kind):
        what = (
            'this policy cannot judge the resources there: one result, "resources (not read)", '
            "says so, listing the input errors"
        )
    else:
        what = "the totals this policy judges are unknown (at least what was read), never passed"
    return (
        "\n\nInput not read in full (a .tf file that does not parse, a module not followed, an "
        f"expression not evaluated: the input errors of the run): {what}; {effect}. Fix the "
        "input errors to clear it."
    )


def _fingerprint(project: ProjectResult, finding: Finding, many: bool) -> str:
    """The same finding hashes the same in every run: its policy and subject, and its project
    in a run of several (a single run's path may be spelt differently from one run to the next).

    A checkov policy makes one result per failed check, several on one resource: the check id
    tells them apart, else code scanning would fold them into one alert. It is added only there,
    so that the fingerprints of every other finding (and their alerts) stay as they were."""
    parts = [finding.policy.id, subject_of(finding.result), project.name if many else ""]
    if isinstance(finding.policy.rule, CheckovRule):
        check_id = dict(finding.result.context).get("check_id")
        if isinstance(check_id, str):  # none on "checkov was not run": one result, as before
            parts.append(check_id)
    key = "\x00".join(parts)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _location(
    project: ProjectResult, finding: Finding, root: ResolvedRoot
) -> dict[str, Any] | None:
    """The resource's own file and lines; else the plan file, the policy file, the directory."""
    subject = finding.result.subject
    location = subject.change.current.location if subject is not None else None
    file = relative_file(project.path, location, root)
    if file is not None and location is not None:
        region: dict[str, int] = {"startLine": max(location.start_line, 1)}
        if location.end_line >= location.start_line:
            region["endLine"] = location.end_line
        return {
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(file), "uriBaseId": "%SRCROOT%"},
                "region": region,
            }
        }
    for candidate, line in _fallbacks(project, finding.policy, root):
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": _uri(candidate), "uriBaseId": "%SRCROOT%"}
        }
        if line:
            physical["region"] = {"startLine": line}
        return {"physicalLocation": physical}
    return None


def _fallbacks(project: ProjectResult, policy: Policy, root: ResolvedRoot) -> list[tuple[str, int]]:
    found = []
    checked = Path(project.path)
    as_file = relative_file(".", SourceLocation(project.path, 1, 1), root)
    if as_file is not None and not checked.is_dir():
        found.append((as_file, 0))
    origin = relative_file(".", SourceLocation(policy.origin.file, 1, 1), root)
    if origin is not None:
        found.append((origin, max(policy.origin.line, 1)))
    if as_file is not None and checked.is_dir():
        found.append((as_file.rstrip("/") + "/", 0))
    return found


def _suppression(finding: Finding) -> list[dict[str, Any]] | None:
    waiver = finding.waiver
    if waiver is None:
        return None
    kind = "external" if isinstance(waiver, Exemption) else "inSource"
    justification = _text(f"{waiver.reason} ({waiver.origin.render()})", LONG)
    return [{"kind": kind, "status": "accepted", "justification": justification}]


def _result(
    project: ProjectResult, finding: Finding, rule_index: int, root: ResolvedRoot, many: bool
) -> dict[str, Any]:
    subject = subject_of(finding.result)
    details = finding_details(finding)
    # In a run of several projects the message says whose: a budget's location is its policy.
    whose = f"{_text(project.name)}: " if many else ""
    message = "\n".join([f"{whose}{_text(subject)}: {_text(finding.message, LONG)}", *details])
    result: dict[str, Any] = {
        "ruleId": _text(finding.policy.id),
        "ruleIndex": rule_index,
        # An unknown that a policy gives an effect fails closed: a failure for code scanning too.
        "kind": "fail",
        "level": LEVELS[finding.level],
        "message": {"text": _text(message, 4 * LONG)},
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(project, finding, many)},
        "properties": {
            "outcome": finding.result.outcome.value,
            "project": _text(project.name),
            "figures": {
                name: None if value is None else str(value)
                for name, value in finding.result.figures
            },
        },
    }
    location = _location(project, finding, root)
    if location is not None:
        location["logicalLocations"] = [
            {
                "fullyQualifiedName": _text(subject),
                "kind": "resource" if finding.result.subject is not None else "module",
            }
        ]
        result["locations"] = [location]
    suppressions = _suppression(finding)
    if suppressions is not None:
        result["suppressions"] = suppressions
    return result


def _counts(finding: Finding) -> bool:
    """A finding with an effect (a waived one too: it shows as dismissed)."""
    return finding.level != "none"


def sarif_document(
    result: RunResult, root: Path | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    env = os.environ if environ is None else environ
    resolved = resolved_root(root, env)
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    left_out = 0
    many = len(result.projects) > 1
    for project in result.projects:
        outcome = project.policy
        policy_results: tuple[PolicyResult, ...] = outcome.report.results if outcome else ()
        for policy_result in policy_results:
            policy = policy_result.policy
            if policy.id not in index:
                index[policy.id] = len(rules)
                rules.append(_rule(policy, resolved))
            for finding in policy_result.findings:
                if not _counts(finding):
                    continue
                if len(results) >= MAX_RESULTS:
                    left_out += 1
                    continue
                results.append(_result(project, finding, index[policy.id], resolved, many))
    driver: dict[str, Any] = {
        "name": "costcheck",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": rules,
    }
    uri = information_uri(env)
    if uri is not None:
        driver["informationUri"] = uri
    invocation: dict[str, Any] = {
        "executionSuccessful": result.exit_code in (0, 1),
        "exitCode": result.exit_code,
    }
    # What was assumed to read the input (--region standing in for a provider's region...):
    # results are findings only, so the run's notifications say it.
    notifications = [
        {"level": "warning", "message": {"text": _text(warning.render(), LONG)}}
        for warning in _warnings(result)
    ]
    if left_out:
        notifications.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{left_out:,} more findings are not in this file: code scanning "
                    f"reads at most {MAX_RESULTS:,} results a run; the JSON report has them all"
                },
            }
        )
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _warnings(result: RunResult) -> list[Diagnostic]:
    """Each project's warning diagnostics, in order, at most ``_MAX_NOTIFICATIONS``."""
    found = [d for p in result.projects for d in p.warnings]
    return found[:_MAX_NOTIFICATIONS]


def check_sarif(result: RunResult) -> str:
    """The renderer ``check --format sarif``."""
    return fastjson.dumps_indented(sarif_document(result), ensure_ascii=False, newline=True)
