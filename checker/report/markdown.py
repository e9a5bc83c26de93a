"""Markdown for pull-request comments, rendered from the Jinja templates in ``templates/``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from checker.model import ChangeEstimate, Estimate
from checker.report.escape import markdown_text
from checker.report.table import (
    change_text,
    diff_items,
    excluded_note,
    money,
    price_provenance,
    side_cost,
    signed_money,
    summary_line,
    via_reference,
)

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Lets the GitHub Action find and update its own earlier comment instead of adding a new one.
COMMENT_MARKER = "<!-- costcheck-comment -->"

_MARKS = {"create": "➕", "delete": "➖", "update": "🔁", "replace": "♻️"}
_STATUS_WORDS = {
    "unknown": "partly unknown",
    "usage": "usage-based, not estimated",
    "unsupported": "not priced by costcheck",
}


def environment() -> jinja2.Environment:
    """The Jinja environment over the packaged templates (autoescape off: the output is Markdown)."""
    import jinja2  # here: only Markdown output needs it, and it is slow to import

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML
    )
    env.globals.update(
        money=money,
        signed=signed_money,
        side_cost=side_cost,
        change_text=change_text,
        marker=COMMENT_MARKER,
    )
    # Every input-derived string goes through it; ``| md(1000)`` for a line composed of several.
    env.filters["md"] = markdown_text
    env.tests["via_reference"] = via_reference
    return env


def _reasons(item: ChangeEstimate) -> list[str]:
    side = item.current or item.past
    if side is None:
        return []
    found = [c.unknown_reason for c in side.components if c.unknown_reason]
    if side.note:
        found.append(side.note)
    return list(dict.fromkeys(r for r in found if r))


def _assumptions(item: ChangeEstimate) -> list[str]:
    """``component[, component]: assumption`` for each stated default the after (else before)
    side is priced with."""
    side = item.current or item.past
    if side is None:
        return []
    # Lines priced with the same assumption (an ECS service's vCPU and memory) are named once.
    names: dict[str, list[str]] = {}
    for c in side.components:
        if c.assumption:
            names.setdefault(c.assumption, []).append(c.name)
    return [f"{', '.join(lines)}: {assumption}" for assumption, lines in names.items()]


def cost_diff_markdown(estimate: Estimate) -> str:
    """The cost part of a PR comment: totals, changed resources, what could not be priced."""
    changed = diff_items(estimate)
    attention = [item for item in changed if item.status in _STATUS_WORDS]
    assumed = [item for item in changed if _assumptions(item)]
    template = environment().get_template("cost-diff.md.j2")
    return template.render(
        estimate=estimate,
        changed=changed,
        attention=attention,
        assumed=assumed,
        assumptions=_assumptions,
        action_mark=lambda item: (
            "🔗" if via_reference(item) else _MARKS.get(item.change.action.value, "")
        ),
        status_words=lambda item: _STATUS_WORDS.get(item.status, item.status),
        reasons=_reasons,
        summary=summary_line(estimate),
        excluded=excluded_note(estimate),
        incomplete=[markdown_text(line, 1000) for line in estimate.incomplete],
        provenance=price_provenance(estimate),
        Decimal=Decimal,
    )
