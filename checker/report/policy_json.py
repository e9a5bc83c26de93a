"""The ``costcheck check --format json`` document: a versioned contract (docs/policies.md, "JSON
output"). Money is a decimal string rounded to the cent, never a float. Bump ``SCHEMA_VERSION``
when a field is removed or renamed, or a value's meaning changes; adding a field or an
enumerated value is a minor version.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring_ascii
from typing import Any

from checker.gc_passes import collector_paused
from checker.model import ChangeEstimate, Estimate
from checker.policy.messages import subject_of
from checker.policy.model import (
    CheckReport,
    CostLine,
    Exemption,
    Finding,
    PolicyResult,
    RunContext,
    Suppression,
)
from checker.policy.money import cents_str
from checker.report.json_report import decimal_str, location_to_dict

SCHEMA_VERSION = "1.1"
KIND = "costcheck.policy-check"
MONEY_FIGURES = frozenset(
    {"cost", "cost_known", "past_cost", "past_cost_known", "diff", "diff_known", "threshold"}
)


def result_word(report: CheckReport) -> str:
    """``block``, ``warn`` or ``pass``: the strongest effect among unwaived findings."""
    level = report.worst_level()
    return level if level in ("block", "warn") else "pass"


def _figure(name: str, value: Decimal | None) -> str | None:
    return cents_str(value) if name in MONEY_FIGURES else decimal_str(value)


def _jsonable(value: Any) -> Any:
    """Attribute values are JSON already; a cost a condition looked at is a Decimal."""
    return cents_str(value) if isinstance(value, Decimal) else value


def _line(line: CostLine) -> dict[str, Any]:
    return {
        "name": line.name,
        "monthly_cost": cents_str(line.cost),
        "monthly_cost_known": cents_str(line.known) if line.cost is None else None,
        "usage_based": line.usage_based,
    }


def exemption_to_dict(exemption: Exemption) -> dict[str, Any]:
    return {
        "policy_id": exemption.policy_id,
        "addresses": list(exemption.addresses),
        "reason": exemption.reason,
        "expires": exemption.expires.isoformat(),
        "approved_by": exemption.approved_by,
        "origin": exemption.origin.render(),
    }


def _waiver(waiver: Exemption | Suppression | None) -> dict[str, Any] | None:
    if waiver is None:
        return None
    if isinstance(waiver, Exemption):
        return {"kind": "exemption", **exemption_to_dict(waiver)}
    return {"kind": "suppression", "reason": waiver.reason, "origin": waiver.origin.render()}


class _Parts:
    """The parts of finding objects that many findings share (the resource, its cost lines and
    figures, the values a condition looked at), converted once per document: a resource with
    seven findings is one object seven times, which the encoder writes once too
    (:func:`dumps_indented`). Keyed by id() of what they are made from, which the report keeps
    alive while the document is made."""

    def __init__(self) -> None:
        self.resources: dict[int, dict[str, Any]] = {}
        self.lines: dict[int, list[dict[str, Any]]] = {}
        self.figures: dict[int, dict[str, str | None]] = {}
        self.written: dict[int, str | None] = {}
        self.values: dict[int, dict[str, Any]] = {}
        self.contexts: dict[int, dict[str, Any]] = {}

    def resource(self, subject: ChangeEstimate) -> dict[str, Any]:
        found = self.resources.get(id(subject))
        if found is None:
            change = subject.change
            current = change.current
            found = self.resources[id(subject)] = {
                "address": change.address,
                "type": change.type,
                "module": current.module_address or None,
                "action": change.action.value,
                "region": current.region,
                "status": subject.status,
                "location": location_to_dict(current.location),
            }
        return found

    def cost_lines(self, lines: tuple[CostLine, ...]) -> list[dict[str, Any]]:
        if not lines:
            return []
        found = self.lines.get(id(lines))
        if found is None:
            found = self.lines[id(lines)] = [_line(line) for line in lines]
        return found

    def figure_values(
        self, figures: tuple[tuple[str, Decimal | None], ...]
    ) -> dict[str, str | None]:
        found = self.figures.get(id(figures))
        if found is None:
            # A rule adds its threshold to a resource's figures: the (name, value) pairs are
            # the same objects in each finding about it, each written as money once.
            written = self.written
            found = self.figures[id(figures)] = {}
            for pair in figures:
                text = written.get(id(pair))
                if text is None:
                    text = written[id(pair)] = _figure(*pair)
                found[pair[0]] = text
        return found

    def looked_at(self, values: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
        if not values:
            return {}
        found = self.values.get(id(values))
        if found is None:
            found = self.values[id(values)] = {path: _jsonable(value) for path, value in values}
        return found

    def context(self, context: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
        found = self.contexts.get(id(context))
        if found is None:
            found = self.contexts[id(context)] = {
                key: list(v) if isinstance(v, tuple) else v for key, v in context
            }
        return found


def finding_to_dict(finding: Finding, parts: _Parts | None = None) -> dict[str, Any]:
    """One finding: the policy, the verdict and its effect, the figures and the message.
    ``parts`` shares what findings have in common within one document (the dicts are then
    shared: treat the document as read-only)."""
    parts = parts or _Parts()
    result = finding.result
    policy = finding.policy
    return {
        "policy_id": policy.id,
        "policy_name": policy.name,
        "severity": policy.severity,
        "enforcement": policy.enforcement,
        "outcome": result.outcome.value,
        "level": finding.level,
        "effective_level": finding.effective_level,
        "subject": subject_of(result),
        "resource": parts.resource(result.subject) if result.subject is not None else None,
        "figures": parts.figure_values(result.figures),
        "components": parts.cost_lines(result.components),
        "values": parts.looked_at(result.values),
        "context": parts.context(result.context),
        "message": finding.message,
        "notes": list(result.notes),
        "not_estimated": {address: list(names) for address, names in result.not_estimated},
        "unknown_reasons": list(result.unknown_reasons),
        "waiver": _waiver(finding.waiver),
    }


def policy_result_to_dict(result: PolicyResult) -> dict[str, Any]:
    policy = result.policy
    return {
        "id": policy.id,
        "name": policy.name,
        "severity": policy.severity,
        "enforcement": policy.enforcement,
        "on_unknown": policy.on_unknown,
        "rule_kind": policy.rule.kind,
        "origin": policy.origin.render(),
        "outcome": result.outcome,
        "evaluated": result.evaluated,
        "findings": len(result.findings),
        "not_applicable_reason": result.not_applicable_reason,
        "notes": list(result.notes),
    }


def check_json(document: dict[str, Any]) -> str:
    """The check document as ``costcheck check --format json`` prints it (indented by 2)."""
    return dumps_indented(document) + "\n"


def check_to_dict(
    report: CheckReport,
    estimate: Estimate,
    run: RunContext,
    *,
    fail_on: str = "block",
    exit_code: int | None = None,
) -> dict[str, Any]:
    """The whole document."""
    with collector_paused():  # tens of thousands of findings: see collector_paused
        return _check_to_dict(report, estimate, run, fail_on=fail_on, exit_code=exit_code)


def _check_to_dict(
    report: CheckReport,
    estimate: Estimate,
    run: RunContext,
    *,
    fail_on: str,
    exit_code: int | None,
) -> dict[str, Any]:
    outcomes = [r.outcome for r in report.results]
    findings = report.findings
    effective = collections.Counter(f.effective_level for f in findings)  # one pass, not three
    parts = _Parts()
    return {
        "version": SCHEMA_VERSION,
        "kind": KIND,
        "source": estimate.plan.source,
        "run": {
            "path": run.path,
            "workspace": run.workspace,
            "environment": run.environment,
            "today": run.today.isoformat(),
        },
        "result": result_word(report),
        "fail_on": fail_on,
        "exit_code": exit_code,
        "currency": estimate.currency,
        "totals": {
            "monthly_cost": cents_str(estimate.total_monthly_cost),
            "past_monthly_cost": cents_str(estimate.past_total_monthly_cost),
            "diff_monthly_cost": cents_str(estimate.diff_total_monthly_cost),
        },
        "summary": {
            "policies": len(report.results),
            **{key: outcomes.count(key) for key in ("pass", "fail", "unknown", "not_applicable")},
            "policies_waived": outcomes.count("waived"),
            "findings": len(findings),
            **{level: effective[level] for level in ("block", "warn", "advisory")},
            "waived": sum(1 for f in findings if f.waiver is not None),
        },
        "policies": [policy_result_to_dict(r) for r in report.results],
        "findings": [finding_to_dict(f, parts) for f in findings],
        "exemptions": {
            "expired": [exemption_to_dict(e) for e in report.expired_exemptions],
            "unused": [exemption_to_dict(e) for e in report.unused_exemptions],
        },
        "diagnostics": list(report.diagnostics),
    }


# --- the document as text ---------------------------------------------------------------

_INFINITY = float("inf")


def _float(value: float) -> str:
    # As json's floatstr with allow_nan (the default).
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def dumps_indented(document: Any, default: Callable[[Any], Any] = str) -> str:
    """The text of ``json.dumps(document, indent=2, default=default)`` (a test holds them
    equal), made without the pure-Python encoder the standard library falls back to when
    asked to indent: 2.4 s for the 100 MB report of 100 policies over 10,000 resources. A
    container that appears again at the same depth (the resource, cost lines and figures
    under each finding about it, see :class:`_Parts`) is written once and its text reused."""
    out: list[str] = []
    append = out.append
    esc = encode_basestring_ascii
    # id(container) -> (first chunk, end, indentation): where its text is, to reuse it when
    # the same container comes again at the same depth (then joined once, into ``texts``).
    spans: dict[int, tuple[int, int, int]] = {}
    texts: dict[int, str] = {}
    made: list[Any] = []  # what default() returned: kept, so no id is reused meanwhile
    # indentation -> key -> the key as written after a comma (first in its object: after {)
    prefixes: dict[str, dict[str, str]] = {}

    def encode(value: Any, newline: str) -> None:
        kind = type(value)
        if kind is str:
            append(esc(value))
        elif value is None:
            append("null")
        elif value is True:
            append("true")
        elif value is False:
            append("false")
        elif kind is int:
            append(int.__repr__(value))
        elif kind is dict:
            encode_dict(value, newline)
        elif kind is list or kind is tuple:
            encode_list(value, newline)
        elif isinstance(value, str):
            append(esc(value))
        elif isinstance(value, int):
            append(int.__repr__(value))
        elif isinstance(value, float):
            append(_float(value))
        elif isinstance(value, dict):
            encode_dict(value, newline)
        elif isinstance(value, list | tuple):
            encode_list(value, newline)
        else:
            converted = default(value)
            made.append(converted)
            encode(converted, newline)

    def reuse(key: int, newline: str) -> bool:
        span = spans.get(key)
        if span is None or span[2] != len(newline):
            return False
        text = texts.get(key)
        if text is None:
            text = texts[key] = "".join(out[span[0] : span[1]])
        append(text)
        return True

    def encode_dict(value: dict[Any, Any], newline: str) -> None:
        if not value:
            append("{}")
            return
        key = id(value)
        if key in spans and reuse(key, newline):
            return
        start = len(out)
        inner = newline + "  "
        known = prefixes.get(inner)
        if known is None:
            known = prefixes[inner] = {}
        first = True
        for name, item in value.items():
            if type(name) is not str:
                # A key json converts (a number, true, null) or refuses: its own encoder, the
                # text re-indented (indentation is absolute depth; no string holds a newline).
                del out[start:]
                for gone in [k for k, span in spans.items() if span[1] > start]:
                    del spans[gone]  # their text was in what was just taken back
                    texts.pop(gone, None)
                append(json.dumps(value, indent=2, default=default).replace("\n", newline))
                return
            prefix = known.get(name)
            if prefix is None:
                prefix = known[name] = "," + inner + esc(name) + ": "
            if first:
                prefix = "{" + prefix[1:]
                first = False
            # The common values here, written with their key; the rest through encode().
            kind = type(item)
            if kind is str:
                append(prefix + esc(item))
            elif item is None:
                append(prefix + "null")
            else:
                append(prefix)
                if kind is dict:
                    encode_dict(item, inner)
                elif kind is list:
                    encode_list(item, inner)
                else:
                    encode(item, inner)
        append(newline + "}")
        spans.setdefault(key, (start, len(out), len(newline)))  # the first depth met

    def encode_list(value: list[Any] | tuple[Any, ...], newline: str) -> None:
        if not value:
            append("[]")
            return
        key = id(value)
        if key in spans and reuse(key, newline):
            return
        start = len(out)
        inner = newline + "  "
        separator = "[" + inner
        following = "," + inner
        for item in value:
            append(separator)
            separator = following
            if type(item) is str:
                append(esc(item))
            else:
                encode(item, inner)
        append(newline + "]")
        spans.setdefault(key, (start, len(out), len(newline)))  # the first depth met

    with collector_paused():  # each pass would walk the whole document again
        encode(document, "\n")
    return "".join(out)
