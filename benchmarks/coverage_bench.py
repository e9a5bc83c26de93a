"""Coverage: which resource types costcheck prices, which are free, which it does not price yet,
and how much of real configurations it prices in full.

``python -m benchmarks coverage`` prints the report; ``python -m benchmarks.coverage_bench
--write docs/coverage.md`` rewrites the documentation page from the same figures (a test checks
that the page is current).

Corpora: the bundled ``examples/`` (their genuine ``plan.json``) and the public examples in
``../shared/realworld-terraform`` (``$COSTCHECK_REALWORLD`` to point elsewhere), evaluated in HCL
mode. A resource is *cost-bearing* unless it is free; it is *priced in full* when its status is
``priced`` or ``usage`` (every component has a price; usage-based ones wait for a usage file).
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.model import Estimate
from checker.pipeline import InputOptions, estimate_input
from checker.pricing.catalog import Catalog
from checker.pricing.source import PriceSource
from checker.resources import PRICERS, USAGE_SCHEMAS
from checker.resources.free import FREE_PROVIDERS, FREE_TYPES
from checker.resources.usage_schema import UsageSchema

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "coverage.md"
IN_FULL = frozenset({"priced", "usage"})
STATUSES = ("priced", "usage", "unknown", "unsupported", "free")
_SHOWN_UNSUPPORTED = 40  # unsupported types listed in the doc, most frequent first


@dataclass(frozen=True)
class Corpus:
    """One configuration to estimate: a plan file or a directory of .tf files."""

    group: str  # "examples" or "realworld"
    name: str
    path: Path


@dataclass(frozen=True)
class CorpusCoverage:
    corpus: Corpus
    statuses: Counter[str]
    unsupported: Counter[str]  # type -> resources of it that costcheck does not price
    seconds: float

    @property
    def cost_bearing(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "free")

    @property
    def in_full(self) -> int:
        return sum(self.statuses[s] for s in IN_FULL)


def realworld_root() -> Path | None:
    """``$COSTCHECK_REALWORLD``, else ``shared/realworld-terraform`` beside the repository (or
    beside the folder of git worktrees it is in); None when there is none."""
    explicit = os.environ.get("COSTCHECK_REALWORLD")
    if explicit:
        return Path(explicit)
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared" / "realworld-terraform"
        if candidate.is_dir():
            return candidate
    return None


def corpora(realworld: Path | None = None) -> list[Corpus]:
    """The bundled examples' plans, then each public example's directory, sorted by name."""
    found = [
        Corpus("examples", plan.parent.name, plan)
        for plan in sorted((ROOT / "examples").glob("*/plan.json"))
    ]
    if realworld is not None:
        found += [
            Corpus("realworld", f"{example.parent.parent.name}/{example.name}", example)
            for example in sorted(realworld.glob("*/examples/*/"))
            if any(example.glob("*.tf"))
        ]
    return found


def measure(corpus: Corpus, source: PriceSource) -> CorpusCoverage:
    # No environment: the same figures whoever runs it (and no AWS_REGION leaking in).
    # A public example calls its repository's root module as ../../: that folder is the
    # repository file functions and local modules may read (outside git, say so).
    repo = corpus.path.parent.parent if corpus.group == "realworld" else None
    options = InputOptions(region="us-east-1", environ={}, repo_root=repo)
    start = time.perf_counter()
    estimate, _ = estimate_input(corpus.path, options, source=source)
    return _coverage(corpus, estimate, time.perf_counter() - start)


def _coverage(corpus: Corpus, estimate: Estimate, seconds: float) -> CorpusCoverage:
    statuses: Counter[str] = Counter()
    unsupported: Counter[str] = Counter()
    for change in estimate.resources:
        side = change.current or change.past
        if side is None:
            continue
        statuses[side.status] += 1
        if side.status == "unsupported":
            unsupported[side.resource.type] += 1
    return CorpusCoverage(corpus, statuses, unsupported, seconds)


def measure_all(corpora: Iterable[Corpus]) -> list[CorpusCoverage]:
    source = Catalog.open()
    return [measure(corpus, source) for corpus in corpora]


def _share(part: int, whole: int) -> str:
    return "n/a" if whole == 0 else f"{100 * part / whole:.0f}%"


def _totals(results: Sequence[CorpusCoverage]) -> tuple[int, int]:
    return sum(r.in_full for r in results), sum(r.cost_bearing for r in results)


def report(results: Sequence[CorpusCoverage]) -> str:
    """The plain-text report ``python -m benchmarks coverage`` prints."""
    lines = [
        f"types priced: {len(PRICERS)}; free: {len(FREE_TYPES)} AWS types and every resource of "
        f"{len(FREE_PROVIDERS)} providers ({', '.join(sorted(FREE_PROVIDERS))})",
        "",
        f"  {'corpus':<48} {'res':>4} " + " ".join(f"{s:>11}" for s in STATUSES) + "  in full",
    ]
    for r in results:
        counts = " ".join(f"{r.statuses[s]:>11}" for s in STATUSES)
        share = _share(r.in_full, r.cost_bearing)
        name = f"{r.corpus.group}/{r.corpus.name}"
        lines.append(
            f"  {name:<48} {sum(r.statuses.values()):>4} {counts}  {share:>7}  ({r.seconds:.2f} s)"
        )
    for group in ("examples", "realworld"):
        part = [r for r in results if r.corpus.group == group]
        if part:
            full, bearing = _totals(part)
            lines.append(
                f"{group}: {full} of {bearing} cost-bearing resources priced in full "
                f"({_share(full, bearing)})"
            )
    unsupported = sum((r.unsupported for r in results), Counter[str]())
    lines += ["", "types not priced yet (resources):"]
    lines += [f"  {rtype} ({n})" for rtype, n in sorted(unsupported.items(), key=_by_count)]
    return "\n".join(lines)


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def markdown(results: Sequence[CorpusCoverage]) -> str:
    """docs/coverage.md: the same figures, without timings, so the page only changes with them."""
    unsupported = sum((r.unsupported for r in results), Counter[str]())
    out = [
        "# Coverage",
        "",
        "Generated by `python -m benchmarks.coverage_bench --write docs/coverage.md`; "
        "`tests/test_coverage_report.py` fails when it is out of date.",
        "",
        "A resource is *cost-bearing* unless it is `free`; it is *priced in full* when its status "
        "is `priced` or `usage` (every component has a price; usage-based ones need a usage file "
        "for a quantity). Bundled examples are read from their `plan.json`; the public examples "
        "of `shared/realworld-terraform` (terraform-aws-modules) are evaluated in HCL mode.",
        "",
        "## Priced in full",
        "",
        "| corpus | resources | " + " | ".join(STATUSES) + " | priced in full |",
        "|---|---:|" + "---:|" * len(STATUSES) + "---:|",
    ]
    for r in results:
        counts = " | ".join(str(r.statuses[s]) for s in STATUSES)
        share = f"{r.in_full} of {r.cost_bearing} ({_share(r.in_full, r.cost_bearing)})"
        out.append(
            f"| {r.corpus.group}/{r.corpus.name} | {sum(r.statuses.values())} | {counts} "
            f"| {share} |"
        )
    out.append("")
    for group in ("examples", "realworld"):
        part = [r for r in results if r.corpus.group == group]
        if part:
            full, bearing = _totals(part)
            out.append(
                f"- **{group}**: {full} of {bearing} cost-bearing resources priced in full "
                f"({_share(full, bearing)})."
            )
    out += [
        "",
        f"## Types priced ({len(PRICERS)})",
        "",
        ", ".join(f"`{t}`" for t in sorted(PRICERS)),
        "",
        "## Usage keys",
        "",
        "The keys each priced type reads from a usage file (its `USAGE` schema); any other key "
        "for the type is an error. Keys are numbers unless marked *word*; keys from Infracost's "
        "usage files that costcheck does not price yet are accepted with a warning.",
        "",
        "| type | usage keys |",
        "|---|---|",
        *(f"| `{rtype}` | {_keys(schema)} |" for rtype, schema in sorted(USAGE_SCHEMAS.items())),
        "",
        f"## Free ({len(FREE_TYPES)} AWS types, and every resource of {len(FREE_PROVIDERS)} "
        "providers)",
        "",
        "Providers that never bill: "
        + ", ".join(f"`{p}`" for p in sorted(FREE_PROVIDERS))
        + ". The AWS types are listed, with their source, in `checker/resources/free.py`.",
        "",
        f"## Not priced yet ({len(unsupported)} types met in the corpora)",
        "",
        "| type | resources |",
        "|---|---:|",
    ]
    ranked = sorted(unsupported.items(), key=_by_count)
    out += [f"| `{rtype}` | {n} |" for rtype, n in ranked[:_SHOWN_UNSUPPORTED]]
    if len(ranked) > _SHOWN_UNSUPPORTED:
        rest = ranked[_SHOWN_UNSUPPORTED:]
        out.append(f"| {len(rest)} more types | {sum(n for _, n in rest)} |")
    return "\n".join(out) + "\n"


def _keys(schema: UsageSchema) -> str:
    if not schema.keys:
        return "none"
    return "<br>".join(
        f"`{key.name}`"
        + (f" (*word*: {', '.join(key.choices)})" if key.choices else "")
        + (" (*word*)" if key.kind == "text" and not key.choices else "")
        + f": {key.doc if key.priced else '*accepted, not priced yet*'}"
        for key in sorted(schema, key=lambda k: k.name)
    )


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    realworld = realworld_root()
    if realworld is None:
        print("  (shared/realworld-terraform not found: set COSTCHECK_REALWORLD; examples only)")
    start = time.perf_counter()
    results = measure_all(corpora(realworld))
    if args[:1] == ["--write"] and len(args) == 2:
        Path(args[1]).write_text(markdown(results), encoding="utf-8")
        print(f"wrote {args[1]}")
        return
    print(report(results))
    print(f"\n{len(results)} configurations in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
