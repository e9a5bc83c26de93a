"""The pull-request comment and the job summary: one layout over a :class:`RunResult`, rendered
from the Jinja templates in ``templates/`` (``comment.md.j2``, ``policies.md.j2``).

The layout, most important first: the verdict and the totals; the blocking findings grouped by
policy; warnings and advisories; a row per project; the resources by the size of their change;
collapsed component details and what was not priced; checkov's findings; the footer (price
sources and dates, the comment marker).

A size limit (GitHub's 65,536 characters for a comment, 1 MiB for a job summary) is met by
rendering again with less of the least important sections (:data:`LADDER`), never by cutting
the tail: the verdict, the totals, one line per blocking policy with its count and the footer
always stay, with a note saying what was left out and where the full report is.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from checker.errors import EXIT_POLICY_FAILED
from checker.model import ChangeEstimate, Estimate, PricedComponent
from checker.report.escape import markdown_text
from checker.report.table import (
    STATUS_WORDS,
    change_text,
    component_figures,
    diff_items,
    excluded_note,
    money,
    price_provenance,
    side_cost,
    signed_money,
    signed_percent,
    summary_line,
    via_reference,
)
from checker.report.verdict import (
    NO_POLICIES,
    run_fails,
    run_verdict,
    verdict_words,
)
from checker.report.walk import (
    assumed_lines,
    costs_nothing,
    exemption_notes,
    policy_counts_line,
    policy_notes,
    unknown_reasons,
    waiver_text,
)

if TYPE_CHECKING:
    import jinja2

    from checker.checkov import CheckovFinding
    from checker.policy.model import CheckReport, Finding, Policy
    from checker.run_result import ProjectResult, RunResult

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Lets the GitHub Action find and update its own earlier comment instead of adding a new one.
COMMENT_MARKER = "<!-- costcheck-comment -->"
# GitHub refuses a comment body over 65,536 characters ("body is too long (maximum is 65536
# characters)"). It counts characters as Ruby's String#length does on UTF-8 text: code points,
# which is Python's len() on a str (not bytes, not UTF-16 units).
COMMENT_LIMIT = 65_536
# GitHub's job summary (GITHUB_STEP_SUMMARY) takes at most 1 MiB per step, counted in bytes.
SUMMARY_LIMIT = 1_048_576

_MARKS = {"create": "➕", "delete": "➖", "update": "🔁", "replace": "♻️"}
# The statuses the comment lists under "needs attention": every one but fully priced or free.
_ATTENTION = frozenset(STATUS_WORDS) - {"priced", "free"}
_VERDICT_ICONS = {"block": "⛔", "warn": "⚠️", "pass": "✅"}
_MAX_ASSUMED_NOTES = 5  # warnings under the totals of a project without policies (JSON: all)

Category = Literal["block", "warn", "advisory", "waived"]
_CATEGORY_ORDER: tuple[Category, ...] = ("block", "warn", "advisory", "waived")


def characters(text: str) -> int:
    """A comment's size as GitHub counts it (see :data:`COMMENT_LIMIT`)."""
    return len(text)


def utf8_bytes(text: str) -> int:
    """A job summary's size as GitHub counts it: UTF-8 bytes."""
    return len(text.encode("utf-8", "replace"))


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja environment over the packaged templates (autoescape off: the output is Markdown).

    One per process, never changed after this: compiling the templates costs more than
    rendering them, and the comment and the job summary of one run render them many times."""
    import jinja2  # here: only Markdown output needs it, and it is slow to import

    from checker.report.precompiled import PrecompiledLoader

    env = jinja2.Environment(
        # The templates' code generated ahead of time, when it is current (precompiled.py).
        loader=PrecompiledLoader(TEMPLATES, "markdown"),
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
    env.filters["md"] = _md
    env.filters["count"] = lambda n: f"{n:,}"
    env.tests["via_reference"] = via_reference
    return env


@functools.lru_cache(maxsize=8192)
def _md_str(value: str, limit: int | None) -> str:
    return markdown_text(value, limit)


def _md(value: object, limit: int | None = None) -> str:
    """:func:`markdown_text`, remembered for strings: a size-limited comment renders again at
    each step, and an address shows in a finding, a table row and its components."""
    return _md_str(value, limit) if type(value) is str else markdown_text(value, limit)


# --- how much of each section a rendering shows ---------------------------------------------------


@dataclass(frozen=True)
class Detail:
    """How much of each shrinkable section one rendering shows (None: all of it)."""

    components: bool = True  # the collapsed cost components of the resources shown
    free_listed: bool = True  # the addresses of a tag policy's free resources
    resource_rows: int | None = None
    not_priced: int | None = None  # items of "not fully priced" and "stated assumptions"
    checkov: int | None = None
    other_findings: int | None = None  # resources listed per warning/advisory/waived policy
    policy_notes: int | None = None  # not-applicable, notes, exemptions, diagnostics
    blocking_findings: int | None = None  # resources listed per blocking policy
    project_rows: int | None = None
    incomplete: int | None = None  # input errors under the totals
    other_policies: int | None = None  # warning/advisory/waived policies named, per category
    blocking_policies: int | None = None  # the last resort: policies named at all


FULL = Detail()
COMMENT = Detail(free_listed=False)  # a reviewer needs the count of free untagged resources only


def _ladder() -> tuple[Detail, ...]:
    """Each step shows less than the one before, least important sections first."""
    steps: list[dict[str, Any]] = [
        {"components": False},
        {"free_listed": False},
        *({"resource_rows": n} for n in (200, 100, 50, 25, 10)),
        *({"not_priced": n} for n in (20, 5, 0)),
        *({"checkov": n} for n in (10, 0)),
        *({"other_findings": n} for n in (10, 3, 0)),
        *({"policy_notes": n} for n in (10, 0)),
        *({"blocking_findings": n} for n in (10, 3, 0)),
        *({"project_rows": n} for n in (50, 10)),
        {"resource_rows": 0},
        {"incomplete": 5},
        *({"other_policies": n} for n in (20, 0)),
        # Only past here is a blocking policy left unnamed: thousands of them, each long.
        *({"blocking_policies": n} for n in (100, 20, 5)),
    ]
    ladder = []
    detail = FULL
    for step in steps:
        detail = dataclasses.replace(detail, **step)
        ladder.append(detail)
    return tuple(ladder)


LADDER = _ladder()


def _shrunk(detail: Detail, step: Detail) -> Detail:
    """``detail`` with each of ``step``'s limits applied where it shows less."""

    def less(mine: Any, theirs: Any) -> Any:
        if isinstance(mine, bool):
            return mine and theirs
        if mine is None:
            return theirs
        return mine if theirs is None else min(mine, theirs)

    return Detail(
        **{
            f.name: less(getattr(detail, f.name), getattr(step, f.name))
            for f in dataclasses.fields(Detail)
        }
    )


def _cut(items: Sequence[Any], limit: int | None) -> tuple[list[Any], int]:
    """The first ``limit`` items and how many were left out."""
    if limit is None or len(items) <= limit:
        return list(items), 0
    return list(items[:limit]), len(items) - limit


# --- what the layout shows, computed once --------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """One finding in a policy's entry, with the project it is in (None: a one-project run)."""

    project: str | None
    finding: Finding

    @property
    def change(self) -> Decimal:
        subject = self.finding.result.subject
        return Decimal(0) if subject is None else subject.monthly_cost - subject.past_monthly_cost


@dataclass(frozen=True)
class PolicyGroup:
    """A policy's findings of one category: one entry, not one per resource."""

    category: Category
    policy: Policy
    listed: tuple[Listed, ...]  # largest change first; plan-wide and group results first of all
    free: tuple[Listed, ...]  # resources of a tag policy that cost nothing, collapsed

    @functools.cached_property
    def count(self) -> int:
        return len(self.listed) + len(self.free)

    @functools.cached_property  # asked once per listed finding by the template
    def common_message(self) -> str | None:
        """The message every finding shares (a tag policy's usually): said once, then."""
        messages = {item.finding.message for item in (*self.listed, *self.free)}
        return messages.pop() if len(messages) == 1 and self.count > 1 else None

    @functools.cached_property
    def resources_only(self) -> bool:
        return all(item.finding.result.subject is not None for item in self.listed)


@dataclass(frozen=True)
class Row:
    """A resource in the table: its change estimate and its project."""

    project: str | None
    item: ChangeEstimate


def _category(finding: Finding) -> Category:
    if finding.waiver is not None:
        return "waived"
    if finding.level in ("block", "warn"):
        return "block" if finding.level == "block" else "warn"
    return "advisory"  # advisory, and unknowns the policy lets pass: worth a look, no effect


def _free(finding: Finding) -> bool:
    subject = finding.result.subject
    return (
        finding.policy.rule.kind == "required_tags"
        and subject is not None
        and costs_nothing(subject)
    )


def policy_groups(projects: Sequence[tuple[str | None, CheckReport]]) -> list[PolicyGroup]:
    """Findings grouped by category and policy id, policies in id order within a category."""
    found: dict[tuple[Category, str], list[Listed]] = {}
    policies: dict[str, Policy] = {}
    for project, report in projects:
        for finding in report.findings:
            key = (_category(finding), finding.policy.id)
            found.setdefault(key, []).append(Listed(project, finding))
            policies.setdefault(finding.policy.id, finding.policy)
    groups = []
    for category, policy_id in sorted(found, key=lambda k: (_CATEGORY_ORDER.index(k[0]), k[1])):
        items = found[(category, policy_id)]
        costed = [i for i in items if not _free(i.finding)]
        costed.sort(key=lambda i: (i.finding.result.subject is not None, -abs(i.change)))
        groups.append(
            PolicyGroup(
                category,
                policies[policy_id],
                tuple(costed),
                tuple(i for i in items if _free(i.finding)),
            )
        )
    return groups


def percent(before: Decimal, change: Decimal) -> str | None:
    """``+12.5%`` of the cost before; None when there was no cost before."""
    if before == 0:
        return None
    return signed_percent(before, change)


def _reasons(item: ChangeEstimate) -> list[str]:
    side = item.current or item.past
    return unknown_reasons(side) if side is not None else []


def _assumptions(item: ChangeEstimate) -> list[str]:
    """``component[, component]: assumption`` for each stated default the after (else before)
    side is priced with."""
    return [
        f"{', '.join(lines)}: {assumption}" for assumption, lines in assumed_lines(item).items()
    ]


def component_text(c: PricedComponent) -> str:
    """``quantity unit × price = cost`` of one line, sensitive parts shown as such (not escaped:
    the template escapes it)."""
    quantity, price, cost = component_figures(c)
    return f"{c.name}: {quantity} {c.unit} × {price} = {cost}"


def _components(item: ChangeEstimate) -> tuple[PricedComponent, ...]:
    """The priced lines of the after side, or of the before side of a destroyed resource."""
    side = item.current or item.past
    return side.components if side is not None else ()


def _status_words(item: ChangeEstimate) -> str:
    return STATUS_WORDS[item.status]


def _action_mark(item: ChangeEstimate) -> str:
    return "🔗" if via_reference(item) else _MARKS.get(item.change.action.value, "")


def _change(item: ChangeEstimate) -> Decimal:
    return item.monthly_cost - item.past_monthly_cost


def _assumed_notes(project: ProjectResult) -> list[str]:
    """What was assumed to read a project's input (``--region`` standing in for a provider's
    region...), under its totals; under check the policy section lists every diagnostic."""
    if project.policy is not None:
        return []
    shown = project.warnings[:_MAX_ASSUMED_NOTES]
    return [f"warning: {d.render()}" for d in shown]


@dataclass(frozen=True)
class Layout:
    """Everything the layout can show, computed once; :meth:`context` cuts it to a Detail."""

    result: RunResult
    groups: tuple[PolicyGroup, ...]
    rows: tuple[Row, ...]
    attention: tuple[Row, ...]
    assumed: tuple[Row, ...]
    incomplete: tuple[str, ...]
    before: Decimal  # the totals, summed once: every rendering shows them
    after: Decimal

    @staticmethod
    def of(result: RunResult) -> Layout:
        many = len(result.projects) > 1
        name: Callable[[ProjectResult], str | None] = lambda p: p.name if many else None  # noqa: E731
        rows = [Row(name(p), item) for p in result.projects for item in diff_items(p.estimate)]
        rows.sort(key=lambda row: -abs(_change(row.item)))  # stable: plan order among equals
        judged = [(name(p), p.policy.report) for p in result.projects if p.policy is not None]
        return Layout(
            result=result,
            groups=tuple(policy_groups(judged)),
            rows=tuple(rows),
            attention=tuple(r for r in rows if r.item.status in _ATTENTION),
            assumed=tuple(r for r in rows if _assumptions(r.item)),
            # check's diagnostics (the policy section) list these already, with their severity.
            incomplete=tuple(
                f"{p.name}: {line}" if many else line
                for p in result.projects
                if p.policy is None
                for line in p.estimate.incomplete
            ),
            before=result.past_total_monthly_cost,
            after=result.total_monthly_cost,
        )

    def context(self, detail: Detail, *, where: str, limit_words: str) -> dict[str, Any]:
        """The template's variables for one rendering, with the note of what it leaves out."""
        # Here, not at the top: it imports checker.policy, which a run without policies skips.
        from checker.report.policy_table import finding_details

        result = self.result
        left_out: list[str] = []

        def count(n: int, what: str) -> str:
            return f"{n:,} {what}"

        rows, rows_more = _cut(self.rows, detail.resource_rows)
        if rows_more:
            left_out.append(f"{count(rows_more, 'of')} {len(self.rows):,} resource rows")
        components = [r for r in rows if r.item.current or r.item.past]
        components = [r for r in components if _components(r.item)]
        if not detail.components and components:
            left_out.append("the cost components of each resource")
        attention, attention_more = _cut(self.attention, detail.not_priced)
        assumed, assumed_more = _cut(self.assumed, detail.not_priced)
        if attention_more or assumed_more:
            left_out.append(
                f"{count(attention_more + assumed_more, 'entries')} of what was not fully "
                "priced or was priced with assumptions"
            )
        incomplete, incomplete_more = _cut(self.incomplete, detail.incomplete)
        if incomplete_more:
            left_out.append(count(incomplete_more, "input errors"))

        groups = []
        for category in _CATEGORY_ORDER:
            mine = [g for g in self.groups if g.category == category]
            cap = detail.blocking_findings if category == "block" else detail.other_findings
            mine, unnamed = _cut(
                mine, detail.blocking_policies if category == "block" else detail.other_policies
            )
            if unnamed:
                left_out.append(f"{count(unnamed, 'policies')} with {category} findings")
            hidden = 0
            for group in mine:
                listed, more = _cut(group.listed, cap)
                hidden += more
                free_listed = detail.free_listed and cap is None
                groups.append({"group": group, "listed": listed, "more": more, "free": free_listed})
            if hidden:
                words = {"block": "blocking", "warn": "warning", "advisory": "advisory"}
                left_out.append(
                    f"{count(hidden, 'resources')} named by {words.get(category, 'waived')} "
                    "findings"
                )

        policy = self._policy_notes(detail, left_out)
        projects = sorted(result.projects, key=lambda p: -abs(p.estimate.diff_total_monthly_cost))
        shown_projects, projects_more = _cut(projects, detail.project_rows)
        if projects_more and len(result.projects) > 1:
            left_out.append(count(projects_more, "project rows"))

        checkov = [(p.name, p.checkov) for p in result.projects if p.checkov is not None]
        checkov_findings: list[tuple[str | None, CheckovFinding]] = [
            # (A check skipped inline shows so in its name: the template prints check_name.)
            (
                name if len(result.projects) > 1 else None,
                f
                if f.skipped_inline is None
                else dataclasses.replace(f, check_name=f.shown_name()),
            )
            for name, report in checkov
            for f in report.findings
        ]
        checkov_shown, checkov_more = _cut(checkov_findings, detail.checkov)
        if checkov_more:
            left_out.append(count(checkov_more, "checkov findings"))

        verdict = run_verdict(result)
        estimates = [p.estimate for p in result.projects]
        return {
            "command": result.command,
            "verdict": verdict,
            "verdict_icon": _VERDICT_ICONS.get(verdict or "", "💰"),
            "verdict_word": verdict_words(verdict, run_fails(result)) if verdict else "",
            "before": self.before,
            "after": self.after,
            "change": self.after - self.before,
            "percent": percent(self.before, self.after - self.before),
            "tally": _tally(self.groups) if verdict is not None else "",
            "excluded": [
                f"{p.name}: {note}" if len(result.projects) > 1 else note
                for p in shown_projects
                for note in (excluded_note(p.estimate), *_assumed_notes(p))
                if note
            ],
            "incomplete": incomplete,
            "incomplete_more": incomplete_more,
            "left_out": left_out,
            "limit_words": limit_words,
            "where": where,
            "groups": groups,
            "policy": policy,
            "many": len(result.projects) > 1,
            "projects": shown_projects,
            "projects_more": projects_more if len(result.projects) > 1 else 0,
            "rows": rows,
            "rows_total": len(self.rows),
            "rows_more": rows_more,
            "any_via_reference": any(via_reference(r.item) for r in rows),
            "components": components if detail.components else [],
            "attention": attention,
            "attention_total": len(self.attention),
            "attention_more": attention_more,
            "assumed": assumed,
            "assumed_total": len(self.assumed),
            "assumed_more": assumed_more,
            "checkov": [report for _, report in checkov],
            "checkov_findings": checkov_shown,
            "checkov_more": checkov_more,
            "checkov_errors": [
                e for _, report in checkov for e in report.parsing_errors[: detail.checkov]
            ],
            "summary": _summary_line(estimates),
            "provenance": price_provenance(*estimates),
            # helpers
            "action_mark": _action_mark,
            "status_words": _status_words,
            "reasons": _reasons,
            "assumptions": _assumptions,
            "component_text": component_text,
            "components_of": _components,
            "project_change": lambda p: percent(
                p.estimate.past_total_monthly_cost, p.estimate.diff_total_monthly_cost
            ),
            "project_verdict": lambda p: (
                ""
                if p.policy is None
                # A costcheck.yml project that no policy names: not "passed".
                else NO_POLICIES
                if not p.policy.report.results
                else verdict_words(_word(p.policy.report), p.policy.exit_code == EXIT_POLICY_FAILED)
            ),
            "subject": _subject,
            "finding_change": finding_change,
            "details": finding_details,
            "waiver": _waiver_text,
        }

    def _policy_notes(self, detail: Detail, left_out: list[str]) -> dict[str, Any] | None:
        """The per-policy counts and the notes about policies, exemptions and the input."""
        judged = [p for p in self.result.projects if p.policy is not None]
        if not judged:
            return None
        many = len(self.result.projects) > 1
        counts, lines, exemptions, diagnostics = [], [], [], []
        for project in judged:
            assert project.policy is not None
            report = project.policy.report
            prefix = f"{project.name}: " if many else ""
            counts.append(prefix + policy_counts_line(report))
            lines += [prefix + line for line in policy_notes(report)]
            exemptions += [prefix + line for line in exemption_notes(report)]
            diagnostics += [prefix + line for line in report.diagnostics]
        notes = len(counts) + len(lines) + len(exemptions) + len(diagnostics)
        counts, _ = _cut(counts, detail.policy_notes)
        lines, _ = _cut(lines, detail.policy_notes)
        exemptions, _ = _cut(exemptions, detail.policy_notes)
        diagnostics, _ = _cut(diagnostics, detail.policy_notes)
        hidden = notes - len(counts) - len(lines) - len(exemptions) - len(diagnostics)
        if hidden:
            left_out.append(f"{hidden:,} notes on policies, exemptions and the input")
        return {
            "counts": counts,
            "lines": lines,
            "exemptions": exemptions,
            "diagnostics": diagnostics,
        }


def finding_change(item: ChangeEstimate) -> str:
    """A judged resource's monthly change as policy reports show money: to the cent."""
    from checker.policy.money import signed_dollars

    return change_text(item, signed_dollars)


def _word(report: CheckReport) -> str:
    from checker.report.policy_json import result_word

    return result_word(report)


def _tally(groups: Sequence[PolicyGroup]) -> str:
    """``Policies: 2 blocking (3,001 findings), 1 warning (1 finding), 0 advisory, 4 waived
    findings``: policies by the effect of their findings."""
    parts = []
    for category, words in (("block", "blocking"), ("warn", "warning"), ("advisory", "advisory")):
        mine = [g for g in groups if g.category == category]
        findings = sum(g.count for g in mine)
        counted = f" ({findings:,} finding{'' if findings == 1 else 's'})" if findings else ""
        parts.append(f"{len(mine):,} {words}{counted}")
    waived = sum(g.count for g in groups if g.category == "waived")
    if waived:
        parts.append(f"{waived:,} waived finding{'' if waived == 1 else 's'}")
    return "Policies: " + ", ".join(parts)


def _summary_line(estimates: Sequence[Estimate]) -> str:
    if len(estimates) == 1:
        return summary_line(estimates[0])
    total = sum(len(e.resources) for e in estimates)
    return f"{total:,} resources in {len(estimates)} projects."


def _subject(finding: Finding) -> str:
    from checker.policy.messages import subject_of

    return subject_of(finding.result)


def _waiver_text(finding: Finding) -> str:
    return waiver_text(finding.waiver) if finding.waiver is not None else ""


# --- rendering within a size -----------------------------------------------------------------------


Measure = Callable[[str], int]


@dataclass(frozen=True)
class Surface:
    """A place on GitHub a Markdown report is written to, and how it is fitted to its limit."""

    start: Detail  # the fullest layout tried first
    github_limit: int
    github_limit_words: str  # GitHub's limit as the note of what was left out names it
    unit: str  # what ``measure`` counts, to name another limit: "a 1,000-byte limit"
    measure: Measure
    elsewhere: str  # where the rest is, when the run names no full report
    marker: bool  # the hidden marker by which costcheck finds its own comment again


COMMENT_SURFACE = Surface(
    start=COMMENT,
    github_limit=COMMENT_LIMIT,
    github_limit_words=f"GitHub's {COMMENT_LIMIT:,}-character comment limit",
    unit="character",
    measure=characters,
    elsewhere="the job summary (costcheck --format summary)",
    marker=True,
)
SUMMARY_SURFACE = Surface(
    start=FULL,
    github_limit=SUMMARY_LIMIT,
    github_limit_words="GitHub's 1 MiB job-summary limit",
    unit="byte",
    measure=utf8_bytes,
    elsewhere="the job log (costcheck --format json has every figure)",
    marker=False,
)


def fitted(result: RunResult, surface: Surface, limit: int) -> str:
    """The layout at ``surface``'s start, or at the first step of :data:`LADDER` that fits in
    ``limit`` (as ``surface`` measures it)."""
    limit_words = (
        surface.github_limit_words
        if limit == surface.github_limit
        else f"a {limit:,}-{surface.unit} limit"
    )
    where = result.full_report or surface.elsewhere
    layout = Layout.of(result)
    template = environment().get_template("comment.md.j2")
    text = ""
    tried: set[Detail] = set()
    start = surface.start
    for detail in (start, *(_shrunk(start, step) for step in LADDER)):
        if detail in tried:
            continue  # a step that shows no less than one already rendered
        tried.add(detail)
        context = layout.context(detail, where=where, limit_words=limit_words)
        text = template.render(**context, with_marker=surface.marker)
        if surface.measure(text) <= limit:
            return text
    # The smallest rendering (verdict, totals, five blocking policies, footer; every input string
    # clipped) is over the limit only for a limit far below GitHub's: the caller's to refuse.
    return text


def comment_markdown(result: RunResult, *, limit: int = COMMENT_LIMIT) -> str:
    """The whole pull-request comment (``diff|check --format markdown``)."""
    return fitted(result, COMMENT_SURFACE, limit)


def summary_markdown(result: RunResult, *, limit: int = SUMMARY_LIMIT) -> str:
    """The job summary (``diff|check --format summary``): the comment's layout, fuller."""
    return fitted(result, SUMMARY_SURFACE, limit)
