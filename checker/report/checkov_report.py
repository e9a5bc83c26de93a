"""checkov's failed checks (``check --checkov``) in the terminal table: its own section after the
policy findings (the comment's is in templates/comment.md.j2). Every text from checkov's output
goes through the shared escapes of :mod:`checker.report.escape`."""

from __future__ import annotations

from checker.checkov import CheckovReport
from checker.report.escape import terminal_text
from checker.report.walk import Escape


def checkov_summary(report: CheckovReport, escape: Escape = terminal_text) -> str:
    """``checkov 3.2.1: 2 failed, 40 passed``; the version (checkov's own output) escaped by
    the format's ``escape``."""
    version = f" {escape(report.version, None)}" if report.version else ""
    skipped = (
        f" ({report.skipped_inline} skipped inline with #checkov:skip, counted failed)"
        if report.skipped_inline
        else ""
    )
    return f"checkov{version}: {report.failed} failed{skipped}, {report.passed} passed"


def checkov_table(report: CheckovReport) -> str:
    lines = ["", checkov_summary(report)]
    for finding in report.findings:
        severity = f"  [{finding.severity.lower()}]" if finding.severity else ""
        where = f"  {terminal_text(finding.where())}" if finding.where() else ""
        lines.append(
            f"  FAILED  {terminal_text(finding.check_id)}  {terminal_text(finding.resource)}"
            f"{where}{severity}"
        )
        lines.append(f"    {terminal_text(finding.shown_name(), 500)}")
    for error in report.parsing_errors:
        lines.append(f"  not parsed by checkov: {terminal_text(error, 300)}")
    return "\n".join(lines) + "\n"
