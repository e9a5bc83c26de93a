"""Plain-text tables for the terminal: the breakdown and the diff."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext

from checker.model import (
    STATUSES,
    ChangeEstimate,
    Estimate,
    PricedComponent,
    PricedResource,
    Status,
)
from checker.policy.money import tenths
from checker.report.escape import LONG, terminal_text
from checker.report.json_report import decimal_str, money_str
from checker.sensitivity import REDACTED

# A resource's pricing status as reports write it, in the order they count them.
STATUS_WORDS: Mapping[Status, str] = {
    "priced": "priced",
    "free": "free",
    "unknown": "partly unknown",
    "usage": "usage-based, not estimated",
    "unsupported": "not priced by costcheck",
}

_ACTION_MARK = {
    "create": "+",
    "delete": "-",
    "update": "~",
    "replace": "-/+",
    "no-op": " ",
}


def percent_change(before: Decimal, change: Decimal) -> Decimal:
    """``change`` as a percentage of ``before`` (not 0), to a tenth, half up as money is (one
    figure, one text). A plan can make the ratio huge (an int64 volume size against a cent):
    ``tenths`` widens the context to hold every digit instead of failing in quantize."""
    # As the policy rules divide (costs.percent_of): past 28 digits the order shows.
    return tenths(change * 100 / before)


def signed_percent(before: Decimal, change: Decimal) -> str:
    """``+12.3%``, ``-4.0%``, ``±0.0%`` of ``before`` (not 0), as every report writes it: no
    thousands separators (as the policy messages write percentages). The sign is the rounded
    value's, written apart: a tiny fall rounds to -0.0, which is "±0.0%", not "±-0.0%"."""
    share = percent_change(before, change)
    sign = "+" if share > 0 else "-" if share < 0 else "±"
    return f"{sign}{share.copy_abs()}%"  # copy_abs: exact, abs() would round to 28 digits


def money(value: Decimal | None) -> str:
    """``$1,234.56``; costs under a cent keep their digits (``$0.0042``)."""
    if value is None:
        return "-"
    with localcontext() as ctx:
        # Room for every digit of the whole part: quantize fails past the context's precision.
        ctx.prec = max(28, value.adjusted() + 6)
        if value != 0 and abs(value) < Decimal("0.01"):
            return f"${decimal_str(value.quantize(Decimal('0.0001')))}"
        # Half up, as the policy reports and the JSON documents round: one figure, one text.
        return f"${value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def signed_money(value: Decimal) -> str:
    # copy_abs: exact; abs() rounds to the context's 28 digits.
    return ("+" if value > 0 else "-" if value < 0 else "±") + money(value.copy_abs())


def _quantity(value: Decimal) -> str:
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + 6)  # as in money(): large usage quantities fit
        return decimal_str(value.quantize(Decimal("0.0001"))) or "0"


def component_figures(c: PricedComponent) -> tuple[str, str, str]:
    """(quantity, unit price, monthly cost) of one line as every report shows them, sensitive
    parts as such (not escaped: each format escapes for itself)."""
    quantity = (
        "-"
        if c.monthly_quantity is None
        else REDACTED
        if "quantity" in c.sensitive
        else _quantity(c.monthly_quantity)
    )
    unit_price = (
        "-"
        if c.unit_price is None
        else REDACTED
        if "price" in c.sensitive
        else f"${money_str(c.unit_price)}"
    )
    cost = (
        money(c.monthly_cost)
        if c.monthly_cost is not None
        else "depends on usage"
        if c.usage_based
        else "unknown"
    )
    return quantity, unit_price, cost


def _component_line(c: PricedComponent) -> list[str]:
    quantity, unit_price, cost = component_figures(c)
    row = [f"  {terminal_text(c.name)}", f"{quantity} {terminal_text(c.unit)}", unit_price, cost]
    if c.unknown_reason and not (c.usage_based and c.unit_price is not None):
        row.append(f"({terminal_text(c.unknown_reason, LONG)})")
    if c.assumption:
        row.append(f"[assumed: {terminal_text(c.assumption, LONG)}]")
    return row


def _render(rows: Iterable[list[str]]) -> str:
    rows = list(rows)
    widths = [
        max((len(r[i]) for r in rows if len(r) > i and len(r) > 2), default=0) for i in range(4)
    ]
    lines = []
    for row in rows:
        if len(row) <= 2:
            lines.append("  ".join(row).rstrip())
            continue
        cells = [
            row[0].ljust(widths[0]),
            row[1].rjust(widths[1]),
            row[2].rjust(widths[2]),
            row[3].rjust(widths[3]),
        ]
        lines.append("  ".join(cells + row[4:]).rstrip())
    return "\n".join(lines)


def _status_note(item: ChangeEstimate) -> str:
    side = item.current or item.past
    note = f" - {terminal_text(side.note, LONG)}" if side and side.note else ""
    return {
        "free": f"free{note}",
        "unsupported": f"not priced{note}",
        "usage": "usage-based: give a usage file to estimate",
        "unknown": f"partly unknown{note}",
    }.get(item.status, "")


def breakdown_table(estimate: Estimate, *, show_free: bool = False) -> str:
    """Monthly cost per resource (after the change), component by component, and the total."""
    rows: list[list[str]] = []
    for item in estimate.resources:
        if item.current is None or (item.status == "free" and not show_free):
            continue
        status = _status_note(item)
        rows.append(
            [
                terminal_text(item.change.address),
                resource_cost(item) + (f"  [{status}]" if status else ""),
            ]
        )
        rows.extend(_component_line(c) for c in item.current.components)
    body = _render(rows) if rows else _nothing_listed(estimate, show_free)
    return (
        f"{body}\n\n{_summary(estimate)}\n"
        f"TOTAL monthly cost: {money(estimate.total_monthly_cost)}{_excluded(estimate)}"
    )


def _nothing_listed(estimate: Estimate, show_free: bool) -> str:
    """What stands for an empty list: "(no resources)" above "1 resources: 1 free." read as a
    contradiction, so the free ones left out are counted and the flag that lists them named."""
    hidden = sum(1 for i in estimate.resources if i.current is not None and i.status == "free")
    if hidden and not show_free:
        return f"(no resources with a cost; {hidden} free, listed with --show-free)"
    return "(no resources)"


def resource_cost(item: ChangeEstimate) -> str:
    """A resource's monthly cost as a person should read it: never a bare $0 for what is not known."""
    return side_cost(item.current or item.past)


def change_text(item: ChangeEstimate, signed: Callable[[Decimal], str] = signed_money) -> str:
    """The monthly change, marked where a side is not fully priced (never a bare ±$0.00).

    ``signed`` writes the money: tables show sub-cent amounts, policy reports always cents.
    """
    delta = item.monthly_cost - item.past_monthly_cost
    sides = [side for side in (item.past, item.current) if side is not None]
    if all(side.status in ("priced", "free") for side in sides):
        return signed(delta)
    return f"{signed(delta)} + unknown" if delta else "unknown"


def side_cost(side: PricedResource | None) -> str:
    """One side (before or after) of a change, in words where it is not a plain figure."""
    if side is None:
        return money(Decimal(0))
    if side.status == "unsupported":
        return "not priced"
    if side.status == "usage":
        return "depends on usage"
    if side.status == "unknown":
        return f"{money(side.monthly_cost)} + unknown"
    return money(side.monthly_cost)


def excluded_note(estimate: Estimate) -> str:
    """What the total leaves out, so that a total is never read as complete when it is not."""
    counts = {s: 0 for s in STATUSES}
    for item in estimate.resources:
        if item.current is not None:
            counts[item.status] += 1
    excluded: tuple[tuple[Status, str], ...] = (
        ("unknown", "partly unknown"),
        ("usage", "usage-based"),
        ("unsupported", "unsupported"),
    )
    parts = [f"{counts[status]} {words}" for status, words in excluded if counts[status]]
    return f"not included: {', '.join(parts)} resource(s)" if parts else ""


def _excluded(estimate: Estimate) -> str:
    notes = [excluded_note(estimate)]
    # The errors themselves went to stderr, which CI logs often show apart: the total says too
    # that it leaves out what a file that did not parse or a module not followed holds.
    if estimate.incomplete:
        notes.append(f"incomplete: {len(estimate.incomplete)} input error(s), listed above")
    text = "; ".join(note for note in notes if note)
    return f" ({text})" if text else ""


def diff_items(estimate: Estimate) -> list[ChangeEstimate]:
    """The resources a diff shows: those changed by the plan that cost (or could cost) something,
    and unchanged ones whose cost moves through a resource they refer to (an autoscaling group
    whose launch template changed)."""
    shown = []
    for item in estimate.resources:
        delta = item.monthly_cost - item.past_monthly_cost
        if item.change.action.value == "no-op":
            if delta != 0:
                shown.append(item)
        elif item.status != "free" or delta != 0:
            shown.append(item)
    return shown


def via_reference(item: ChangeEstimate) -> bool:
    """True for an unchanged resource whose cost changes through what it refers to."""
    return item.change.action.value == "no-op" and item.monthly_cost != item.past_monthly_cost


def diff_table(estimate: Estimate) -> str:
    """Cost before vs after, per changed resource, and in total."""
    rows: list[list[str]] = []
    for item in diff_items(estimate):
        action = item.change.action.value
        mark = "~" if via_reference(item) else _ACTION_MARK.get(action, "?")
        status = (
            "cost changes through a resource it refers to"
            if via_reference(item)
            else _status_note(item)
        )
        rows.append(
            [
                f"{mark} {terminal_text(item.change.address)}",
                f"{side_cost(item.past)} -> {side_cost(item.current)} ({change_text(item)})"
                + (
                    f"  [{status}]"
                    if status and (item.status != "priced" or via_reference(item))
                    else ""
                ),
            ]
        )
    body = _render(rows) if rows else "(no cost changes)"
    return (
        f"{body}\n\n{_summary(estimate)}\n"
        f"Monthly cost: {money(estimate.past_total_monthly_cost)} -> {money(estimate.total_monthly_cost)}"
        f" ({signed_money(estimate.diff_total_monthly_cost)}){_excluded(estimate)}"
    )


_STATUS_NAMES: Mapping[Status, str] = {s: s for s in STATUSES}


def summary_line(estimate: Estimate, words: Mapping[Status, str] = _STATUS_NAMES) -> str:
    """``12 resources: 7 priced, 4 free, 1 usage.``: how many have each status, in the order
    of ``words`` and named by it (the statuses themselves, in :data:`STATUSES` order)."""
    counts = Counter(item.status for item in estimate.resources)
    parts = [f"{counts[s]} {word}" for s, word in words.items() if counts[s]]
    return f"{len(estimate.resources)} resources: {', '.join(parts) or 'none'}."


def _summary(estimate: Estimate) -> str:
    return f"{summary_line(estimate)}\n{price_provenance(estimate)}"


def price_provenance(*estimates: Estimate) -> str:
    """Which sources and data dates the shown prices come from, with how many lines each: one
    line over all the estimates (a project that used none must not say so of the whole run)."""
    seen = prices_used(*estimates)
    if not seen:
        sources = dict.fromkeys(s for estimate in estimates for s in estimate.price_sources)
        return f"Prices: none used (source: {terminal_text(', '.join(sources))})."
    parts = [f"{terminal_text(src)} as of {terminal_text(as_of)} ({n})" for src, as_of, n in seen]
    return "Prices: " + "; ".join(parts) + "."


def prices_used(*estimates: Estimate) -> list[tuple[str, str, int]]:
    """(source, data date, how many lines, before or after, were priced with it), sorted."""
    seen: dict[tuple[str, str], int] = {}
    for item in (item for estimate in estimates for item in estimate.resources):
        for side in (item.current, item.past):
            for c in side.components if side else ():
                if c.price is not None:
                    key = (c.price.source, c.price.as_of)
                    seen[key] = seen.get(key, 0) + 1
    return [(src, as_of, n) for (src, as_of), n in sorted(seen.items())]
