"""Costs as cost rules see them: a range, because a resource with an unknown or unsupported
component costs *at least* what is known, and a rule over it may only pass when even the upper
bound passes.

A :class:`CostRange` is ``[low, high]``; ``high`` is ``Decimal("Infinity")`` when part of the cost
is not known. Ranges add and subtract as intervals, so a budget fails as soon as the known part
is over it, and is unknown (not passed) when only the unknown part could push it over.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from checker.model import Action, ChangeEstimate, PricedResource
from checker.policy.globs import name_glob
from checker.policy.memo import IdentityMemo
from checker.policy.model import CostLine, Outcome
from checker.policy.spec import CostOperator, UsageBased

_T = TypeVar("_T")
INFINITY = Decimal("Infinity")
ZERO = Decimal(0)


@dataclass(frozen=True)
class CostRange:
    """A monthly cost between ``low`` and ``high``, with why it is not exact and the usage-based
    lines left out of it."""

    low: Decimal
    high: Decimal
    unknown_reasons: tuple[str, ...] = ()
    # Usage-based components left out (no usage given): (resource address, component names).
    left_out: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def __add__(self, other: CostRange) -> CostRange:
        return CostRange(
            self.low + other.low,
            self.high + other.high,
            _merged(self.unknown_reasons, other.unknown_reasons),
            _merged(self.left_out, other.left_out),
        )

    def __sub__(self, other: CostRange) -> CostRange:
        return CostRange(
            self.low - other.high,
            self.high - other.low,
            _merged(self.unknown_reasons, other.unknown_reasons),
            _merged(self.left_out, other.left_out),
        )


def _merged(first: tuple[_T, ...], second: tuple[_T, ...]) -> tuple[_T, ...]:
    """Both, in order, each once: the same reason often holds before and after a change."""
    return tuple(dict.fromkeys(first + second)) if first and second else first or second


EXACT_ZERO = CostRange(ZERO, ZERO)


def total(ranges: Iterable[CostRange]) -> CostRange:
    """The sum of ``ranges`` (reasons and left-out lines kept, duplicates dropped, order
    kept)."""
    low, high = ZERO, ZERO
    reasons: dict[str, None] = {}
    left_out: dict[tuple[str, tuple[str, ...]], None] = {}
    for item in ranges:
        low += item.low
        high += item.high
        # Most ranges have neither: a budget sums 10,000 of them for each policy.
        if item.unknown_reasons:
            reasons.update(dict.fromkeys(item.unknown_reasons))
        if item.left_out:
            left_out.update(dict.fromkeys(item.left_out))
    return CostRange(low, high, tuple(reasons), tuple(left_out))


def side_cost(
    priced: PricedResource | None,
    address: str,
    *,
    usage_based: UsageBased = "ignore",
    component: str | None = None,
) -> CostRange:
    """The monthly cost of one side of a change (None = the side does not exist: $0).

    ``component`` restricts the sum to components whose name matches the glob.
    """
    if priced is None or priced.status == "free":
        return EXACT_ZERO
    if priced.status == "unsupported" or (priced.status == "unknown" and not priced.components):
        why = priced.note or f"{priced.resource.type} is not priced"
        return CostRange(ZERO, INFINITY, (f"{address}: {why}",))
    pattern = name_glob(component) if component else None
    low = ZERO
    unknown: list[str] = []
    left_out: list[str] = []
    for c in priced.components:
        if pattern is not None and not pattern.match(c.name):
            continue
        if c.monthly_cost is not None:
            low += c.monthly_cost
        elif c.usage_based and usage_based == "ignore":
            left_out.append(c.name)
        else:
            unknown.append(f"{address}: {c.name}: {c.unknown_reason or 'cost not known'}")
    skipped = ((address, tuple(left_out)),) if left_out else ()
    return CostRange(low, INFINITY if unknown else low, tuple(unknown), skipped)


def change_costs(
    item: ChangeEstimate, *, usage_based: UsageBased = "ignore", component: str | None = None
) -> tuple[CostRange, CostRange, CostRange]:
    """(cost after the change, cost before it, the change) of one resource change.

    The change of an unchanged resource (no-op) priced the same on both sides is exactly $0,
    even when part of its cost is unknown: the unknown part is the same before and after.
    """
    address = item.change.address
    after = side_cost(item.current, address, usage_based=usage_based, component=component)
    before = side_cost(item.past, address, usage_based=usage_based, component=component)
    return after, before, EXACT_ZERO if unchanged(item) else after - before


def unchanged(item: ChangeEstimate) -> bool:
    """True for a no-op change whose two sides are priced alike (same status, same lines)."""
    past, current = item.past, item.current
    return (
        item.change.action is Action.NOOP
        and past is not None
        and current is not None
        and past.status == current.status
        and past.components == current.components
    )


Figures = tuple[tuple[str, Decimal | None], ...]
Costs = tuple[CostRange, CostRange, CostRange]
# usage_based and component (None: all) of change_costs, as CostBook.all_costs takes them.
CostOptions = tuple[UsageBased, str | None]
PLAIN: CostOptions = ("ignore", None)


def cost_figures(
    after: CostRange, before: CostRange | None = None, diff: CostRange | None = None
) -> Figures:
    """Cost figures: exact values, or None where not fully known (then ``<name>_known``, the
    known part, where there is one). ``diff`` defaults to after minus before."""
    figures: list[tuple[str, Decimal | None]] = []
    _figure(figures, "cost", after)
    if before is not None:
        _figure(figures, "past_cost", before)
        _figure(figures, "diff", diff if diff is not None else after - before)
    return tuple(figures)


def _figure(figures: list[tuple[str, Decimal | None]], name: str, value: CostRange) -> None:
    figures.append((name, value.low if value.exact else None))
    if not value.exact and value.low.is_finite():
        figures.append((f"{name}_known", value.low))


def cost_lines(item: ChangeEstimate) -> tuple[CostLine, ...]:
    """The cost lines of a change: the components of its resource after it (before it, for a
    destroyed one)."""
    side = item.current or item.past
    if side is None:
        return ()
    return tuple(
        CostLine(c.name, c.monthly_cost, usage_based=c.monthly_cost is None and c.usage_based)
        for c in side.components
    )


class Column:
    """The costs (after, before, the change) of a sequence of resource changes, in its order,
    and their totals, each added up when first asked for."""

    def __init__(self, costs: tuple[Costs, ...]) -> None:
        self.costs = costs

    @functools.cached_property
    def after(self) -> tuple[CostRange, ...]:
        return tuple(c[0] for c in self.costs)

    @functools.cached_property
    def diff(self) -> tuple[CostRange, ...]:
        return tuple(c[2] for c in self.costs)

    @functools.cached_property
    def after_total(self) -> CostRange:
        return total(self.after)

    @functools.cached_property
    def before_total(self) -> CostRange:
        return total(c[1] for c in self.costs)

    @functools.cached_property
    def diff_total(self) -> CostRange:
        return total(self.diff)


class CostBook:
    """Costs of resource changes, each worked out once per evaluation: many policies ask for the
    same resource's cost (a 100-policy run over 10,000 resources would otherwise redo it 100x),
    and the same cost lines and figures for each finding about it."""

    def __init__(self) -> None:
        # Bound memos (see IdentityMemo), each a single call for the rules that ask. Their
        # functions do not refer to the book: no reference cycle (see gc_passes), so the memos
        # are freed with it.
        all_costs = IdentityMemo(_change_costs).get_keyed
        #: (after, before, the change) of an item, as :func:`change_costs` with these options.
        self.all_costs: Callable[[ChangeEstimate, CostOptions], Costs] = all_costs
        #: :func:`cost_lines`: every finding about a resource shows them.
        self.lines: Callable[[ChangeEstimate], tuple[CostLine, ...]] = IdentityMemo(cost_lines).get
        #: The figures of a change's cost (after, before, the change), for a usage_based
        #: option: every finding about a resource shows them.
        self.figures: Callable[[ChangeEstimate, UsageBased], Figures] = IdentityMemo(
            functools.partial(_figures, all_costs)
        ).get_keyed
        self._columns: Callable[[Sequence[ChangeEstimate], UsageBased], Column] = IdentityMemo(
            functools.partial(_column, all_costs)
        ).get_keyed

    def column(self, items: Sequence[ChangeEstimate], usage_based: UsageBased = "ignore") -> Column:
        """The costs of ``items`` and their totals, remembered for this very sequence (the
        selection of a scope, shared by the policies with that scope: budgets and caps over
        the whole plan add up the same 10,000 costs)."""
        return self._columns(items, usage_based)


def _column(
    all_costs: Callable[[ChangeEstimate, CostOptions], Costs],
    items: Sequence[ChangeEstimate],
    usage_based: UsageBased,
) -> Column:
    options: CostOptions = (usage_based, None)
    return Column(tuple(all_costs(item, options) for item in items))


def _figures(
    all_costs: Callable[[ChangeEstimate, CostOptions], Costs],
    item: ChangeEstimate,
    usage_based: UsageBased,
) -> Figures:
    return cost_figures(*all_costs(item, (usage_based, None)))


def _change_costs(item: ChangeEstimate, options: CostOptions) -> Costs:
    usage_based, component = options
    return change_costs(item, usage_based=usage_based, component=component)


def percent_of(diff: CostRange, before: CostRange) -> CostRange | None:
    """``diff`` in percent of ``before`` (a cost, so never negative), as a range; None when
    ``before`` is exactly $0 (no percentage of nothing)."""
    if before.exact and before.low == 0:
        return None
    hundred = Decimal(100)

    def bound(change: Decimal, *, upper: bool) -> Decimal:
        # The largest percentage divides a rise by the smallest base, a fall by the largest.
        rises = change > 0
        base = before.low if rises == upper else before.high
        if change == 0 or (base == INFINITY and change.is_finite()):
            return ZERO
        if base == 0:
            return INFINITY if rises else -INFINITY
        return change * hundred / base

    return CostRange(
        bound(diff.low, upper=False), bound(diff.high, upper=True), diff.unknown_reasons
    )


def compare(value: CostRange, operator: CostOperator, limit: Decimal) -> Outcome:
    """Three-valued ``value <operator> limit``: PASS when true for the whole range, FAIL when
    false for all of it, else UNKNOWN. (Here PASS means "the comparison holds".)"""
    low_holds = _holds(value.low, operator, limit)
    high_holds = _holds(value.high, operator, limit)
    if value.exact or (low_holds == high_holds and operator not in ("equals", "not_equals")):
        return Outcome.PASS if low_holds else Outcome.FAIL
    if operator == "equals":
        return Outcome.UNKNOWN if value.low <= limit <= value.high else Outcome.FAIL
    if operator == "not_equals":
        return Outcome.UNKNOWN if value.low <= limit <= value.high else Outcome.PASS
    return Outcome.UNKNOWN


def _holds(value: Decimal, operator: CostOperator, limit: Decimal) -> bool:
    return {
        "greater_than": value > limit,
        "greater_than_or_equal": value >= limit,
        "less_than": value < limit,
        "less_than_or_equal": value <= limit,
        "equals": value == limit,
        "not_equals": value != limit,
    }[operator]


def at_most(value: CostRange, limit: Decimal) -> Outcome:
    """PASS when the cost is surely within ``limit``, FAIL when surely over, else UNKNOWN."""
    return compare(value, "less_than_or_equal", limit)
