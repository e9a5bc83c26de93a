"""``costcheck check --format junit``: JUnit XML, as CI systems (GitLab, Jenkins, Azure, CircleCI,
test-report actions) read it.

One ``<testsuite>`` per policy, with its counts; one ``<testcase>`` per policy x subject judged:

* a finding that fails (and an unknown that blocks: costcheck fails closed) is a ``<failure>``
  whose ``type`` is its level (``block``, ``warn``, ``advisory``; ``unknown/block``...), whose
  ``message`` is the finding's message, and whose text is the figures and cost lines;
* an unknown that does not block, a waived finding and a policy that does not apply to this run
  are ``<skipped>``, with the reason;
* every other resource a per-resource rule judged (tags, conditions, resource costs, regions)
  is a passing testcase; a plan-wide or group rule's passing subjects (the plan, a group) are
  one passing testcase, ``N other subjects judged: pass``.

The XML is made by :mod:`xml.etree.ElementTree` (which escapes ``&``, ``<``, quotes and line
breaks in attributes); characters XML 1.0 cannot carry at all (controls, lone surrogates,
U+FFFE/U+FFFF) are removed from input-derived text first, characters shown reversed or not at
all (bidi overrides, zero-width, line separators, private use) are written as visible escapes
(``\u202e``) as the terminal formats write them, and each text is bounded by
:func:`~checker.safe_text.clip`.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from checker.model import ChangeEstimate
from checker.policy.messages import subject_of
from checker.policy.model import Finding, Outcome, PolicyResult
from checker.report.escape import LONG, terminal_text
from checker.report.policy_table import finding_lines
from checker.report.source_paths import ResolvedRoot, relative_file, resolved_root
from checker.run_result import ProjectResult, RunResult
from checker.safe_text import clip

# What XML 1.0 forbids anywhere (its Char production), tab, LF and CR aside.
_MAX_WARNINGS = 100  # warning diagnostics repeated in each suite's system-err
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters test-report viewers would show reordered or not at all (as checker.report.escape).
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cn"})


def xml_text(value: object, limit: int = 200) -> str:
    """``value`` bounded, with every character XML 1.0 forbids removed and line ends as LF
    (what a parser would make of a CR anyway)."""
    text = clip(str(value), limit).replace("\r\n", "\n").replace("\r", "\n")
    text = _FORBIDDEN.sub("", text)
    if all(c in "\t\n" or unicodedata.category(c) not in _HIDDEN for c in text):
        return text
    # Escaped one character at a time: the line breaks and tabs of a multi-line text stay.
    return "".join(
        terminal_text(c) if c not in "\t\n" and unicodedata.category(c) in _HIDDEN else c
        for c in text
    )


def _is_failure(finding: Finding) -> bool:
    if finding.waiver is not None or finding.level == "none":
        return False
    return finding.result.outcome is Outcome.FAIL or finding.level == "block"


def _failure_type(finding: Finding) -> str:
    if finding.result.outcome is Outcome.UNKNOWN:
        return f"unknown/{finding.level}"
    return finding.level


def _skip_reason(finding: Finding) -> str:
    if finding.waiver is not None:
        return f"waived ({finding.waiver.origin.render()}): {finding.waiver.reason}"
    reasons = "; ".join(finding.result.unknown_reasons) or finding.message
    return f"unknown: {reasons}"


class _Suite:
    """One policy's testsuite, counted as it is filled."""

    def __init__(
        self, parent: ET.Element, project: ProjectResult, result: PolicyResult, many: bool
    ):
        policy = result.policy
        prefix = f"{xml_text(project.name)}: " if many else ""
        self.element = ET.SubElement(parent, "testsuite")
        self.element.set("name", f"{prefix}{xml_text(policy.id)}: {xml_text(policy.name)}")
        properties = ET.SubElement(self.element, "properties")
        for name, value in (
            ("policy", policy.id),
            ("enforcement", policy.enforcement),
            ("severity", policy.severity),
            ("rule", policy.rule.kind),
            ("outcome", result.outcome),
            ("origin", policy.origin.render()),
        ):
            ET.SubElement(properties, "property", name=name, value=xml_text(value))
        self.classname = f"costcheck.{xml_text(policy.id)}"
        self.tests = self.failures = self.skipped = 0

    def case(self, name: str, file: str | None = None, line: int | None = None) -> ET.Element:
        case = ET.SubElement(
            self.element, "testcase", classname=self.classname, name=name, time="0"
        )
        if file is not None:
            case.set("file", file)
            if line:
                case.set("line", str(line))
        self.tests += 1
        return case

    def close(self) -> None:
        for name, value in (
            ("tests", self.tests),
            ("failures", self.failures),
            ("errors", 0),
            ("skipped", self.skipped),
            ("time", 0),
        ):
            self.element.set(name, str(value))


def _where(
    project: ProjectResult, item: ChangeEstimate | None, root: ResolvedRoot
) -> tuple[str | None, int | None]:
    location = item.change.current.location if item is not None else None
    file = relative_file(project.path, location, root)
    return file, location.start_line if file is not None and location is not None else None


def _policy_suite(
    parent: ET.Element, project: ProjectResult, result: PolicyResult, root: ResolvedRoot, many: bool
) -> _Suite:
    suite = _Suite(parent, project, result, many)
    if not result.applicable:
        case = suite.case("(not applicable)")
        ET.SubElement(
            case,
            "skipped",
            message=xml_text(f"not applicable: {result.not_applicable_reason}", LONG),
        )
        suite.skipped += 1
        return suite
    for finding in result.findings:
        subject = finding.result.subject
        file, line = _where(project, subject, root)
        case = suite.case(xml_text(subject_of(finding.result)), file, line)
        if _is_failure(finding):
            failure = ET.SubElement(
                case,
                "failure",
                type=_failure_type(finding),
                message=xml_text(finding.message, LONG),
            )
            # The finding as the terminal shows it, without its header: subject and message,
            # figures, cost lines, values, unknowns.
            failure.text = "\n".join(
                xml_text(line.strip(), LONG) for line in finding_lines(finding)[1:]
            )
            suite.failures += 1
        elif finding.result.outcome is Outcome.UNKNOWN or finding.waiver is not None:
            ET.SubElement(case, "skipped", message=xml_text(_skip_reason(finding), LONG))
            suite.skipped += 1
        # else: a fail or unknown the policy gives no effect (advisory off): a pass, named
    found = {f.result.subject.change.address for f in result.findings if f.result.subject}
    for item in result.judged:  # every resource a per-resource rule judged and passed
        if item.change.address not in found:
            file, line = _where(project, item, root)
            suite.case(xml_text(item.change.address), file, line)
    passed = result.evaluated - len(result.findings)
    if not result.judged and passed > 0:  # plan-wide and group rules: subjects not resources
        noun = "subject" if passed == 1 else "subjects"
        suite.case(f"{passed:,} other {noun} judged: pass")
    elif result.evaluated == 0:
        case = suite.case("(nothing judged)")
        notes = "; ".join(result.notes) or "no resource in scope"
        ET.SubElement(case, "skipped", message=xml_text(notes, LONG))
        suite.skipped += 1
    return suite


def check_junit(result: RunResult, root: Path | None = None) -> str:
    """The renderer ``check --format junit``."""
    resolved = resolved_root(root)
    many = len(result.projects) > 1
    top = ET.Element("testsuites", name="costcheck")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for project in result.projects:
        if project.policy is None:
            continue
        shown = project.warnings[:_MAX_WARNINGS]
        warnings = "\n".join(xml_text(f"warning: {d.render()}", LONG) for d in shown)
        for policy_result in project.policy.report.results:
            suite = _policy_suite(top, project, policy_result, resolved, many)
            if warnings:
                # What was assumed to read the input (--region standing in for a region...).
                ET.SubElement(suite.element, "system-err").text = warnings
            suite.close()
            totals["tests"] += suite.tests
            totals["failures"] += suite.failures
            totals["skipped"] += suite.skipped
    for name, value in totals.items():
        top.set(name, str(value))
    top.set("errors", "0")
    top.set("time", "0")
    ET.indent(top)
    body = ET.tostring(top, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
