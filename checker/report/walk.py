"""What the HTML and Markdown reports read alike from a resource's priced sides.

Plain, unescaped texts in the order found: each format escapes and clips them its own way.
"""

from __future__ import annotations

from checker.model import ChangeEstimate, PricedResource


def unknown_reasons(side: PricedResource) -> list[str]:
    """Why ``side``'s lines are unknown, then its note, each reason once."""
    found = [c.unknown_reason for c in side.components if c.unknown_reason]
    if side.note:
        found.append(side.note)
    return list(dict.fromkeys(r for r in found if r))


def assumed_lines(item: ChangeEstimate) -> dict[str, list[str]]:
    """Each stated default the after (else before) side is priced with, and the names of the
    lines priced with it: lines sharing one (an ECS service's vCPU and memory) are named once."""
    side = item.current or item.past
    names: dict[str, list[str]] = {}
    for c in side.components if side else ():
        if c.assumption:
            names.setdefault(c.assumption, []).append(c.name)
    return names
