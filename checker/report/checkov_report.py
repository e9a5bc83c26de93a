"""checkov's failed checks (``check --checkov``) in the terminal table and the pull-request
comment: its own section after the policy findings. Every text from checkov's output goes through
the shared escapes of :mod:`checker.report.escape`."""

from __future__ import annotations

from checker.checkov import CheckovFinding, CheckovReport
from checker.report.escape import markdown_text, terminal_text

SHOWN = 20  # listed openly in the comment; the rest fold under <details>


def _summary(report: CheckovReport) -> str:
    version = f" {report.version}" if report.version else ""
    return f"checkov{version}: {report.failed} failed, {report.passed} passed"


def checkov_table(report: CheckovReport) -> str:
    lines = ["", _summary(report)]
    for finding in report.findings:
        severity = f"  [{finding.severity.lower()}]" if finding.severity else ""
        where = f"  {terminal_text(finding.where())}" if finding.where() else ""
        lines.append(
            f"  FAILED  {terminal_text(finding.check_id)}  {terminal_text(finding.resource)}"
            f"{where}{severity}"
        )
        lines.append(f"    {terminal_text(finding.check_name, 300)}")
    for error in report.parsing_errors:
        lines.append(f"  not parsed by checkov: {terminal_text(error, 300)}")
    return "\n".join(lines) + "\n"


def _item(finding: CheckovFinding) -> str:
    parts = [f"<code>{markdown_text(finding.check_id)}</code>"]
    parts.append(f"<code>{markdown_text(finding.resource)}</code>")
    if finding.where():
        parts.append(f"({markdown_text(finding.where())})")
    if finding.severity:
        parts.append(f"_({finding.severity.lower()})_")
    return f"- {' '.join(parts)}: {markdown_text(finding.check_name, 300)}"


def checkov_markdown(report: CheckovReport) -> str:
    icon = "⚠️" if report.findings or report.parsing_errors else "✅"
    lines = [f"#### {icon} checkov: {report.failed} failed check(s)", ""]
    for index, finding in enumerate(report.findings):
        if index == SHOWN:
            lines += ["", f"<details><summary>{len(report.findings) - SHOWN} more</summary>", ""]
        lines.append(_item(finding))
    if len(report.findings) > SHOWN:
        lines += ["", "</details>"]
    if not report.findings:
        lines.append("No failed checks.")
    for error in report.parsing_errors:
        lines.append(f"- not parsed by checkov: {markdown_text(error, 300)}")
    lines += ["", f"<sub>{markdown_text(_summary(report))}</sub>", ""]
    return "\n".join(lines)
