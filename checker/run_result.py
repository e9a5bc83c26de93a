"""What one costcheck run produced: the one model every report format renders from.

``breakdown``, ``diff`` and ``check`` read and price their input once, evaluate the policies once,
and hand a :class:`RunResult` to :mod:`checker.report.outputs`, which renders every format asked
for (``--format`` on stdout, ``--out FORMAT=FILE`` to files). No format is made from another
format's text. A monorepo run (``costcheck.yml``) or ``costcheck merge`` carries several projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from checker.errors import EXIT_OK, EXIT_POLICY_FAILED

if TYPE_CHECKING:
    from checker.checkov import CheckovReport
    from checker.model import Estimate
    from checker.pipeline import Diagnostic
    from checker.policy.model import CheckReport, RunContext

Command = Literal["breakdown", "diff", "check"]
FailOn = Literal["block", "warn"]
FAIL_ON: tuple[FailOn, ...] = ("block", "warn")


def fail_on_named(value: object) -> FailOn | None:
    """``value`` (any decoded value) as a ``--fail-on`` / ``fail_on`` level, or None when it
    is not one."""
    return next((level for level in FAIL_ON if level == value), None)


def exit_code_for(worst_level: str, fail_on: FailOn) -> int:
    """1 when a finding reaches ``fail_on`` (block, or warn), else 0."""
    failing = ("block",) if fail_on == "block" else ("block", "warn")
    return EXIT_POLICY_FAILED if worst_level in failing else EXIT_OK


@dataclass(frozen=True)
class PolicyOutcome:
    """The policies' verdict on one project (``check`` only)."""

    report: CheckReport
    run: RunContext
    fail_on: FailOn
    exit_code: int


@dataclass(frozen=True)
class ProjectResult:
    """One Terraform root (or plan) priced, and judged when policies were given."""

    name: str  # the project's name in costcheck.yml; for a single run, the path as given
    path: str
    estimate: Estimate
    diagnostics: tuple[Diagnostic, ...] = ()
    policy: PolicyOutcome | None = None
    checkov: CheckovReport | None = None

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The warning diagnostics (assumptions stated, such as an assumed region), which
        every format repeats beside its findings."""
        return tuple(d for d in self.diagnostics if d.severity == "warning")


@dataclass(frozen=True)
class RunResult:
    """Everything one run produced, in the order the projects were read."""

    command: Command
    projects: tuple[ProjectResult, ...]
    exit_code: int
    show_free: bool = False  # breakdown --show-free
    # Where the full report can be read when a size-limited format (the comment) had to leave
    # parts out: a job-summary link or an artifact name. None: say "the job log".
    full_report: str | None = None

    @property
    def single(self) -> ProjectResult:
        """The project of a one-path run (the formats that predate monorepos render this)."""
        return self.projects[0]

    @property
    def total_monthly_cost(self) -> Decimal:
        return sum((p.estimate.total_monthly_cost for p in self.projects), Decimal(0))

    @property
    def past_total_monthly_cost(self) -> Decimal:
        return sum((p.estimate.past_total_monthly_cost for p in self.projects), Decimal(0))

    @property
    def diff_total_monthly_cost(self) -> Decimal:
        return self.total_monthly_cost - self.past_total_monthly_cost


def worst_exit(projects: tuple[ProjectResult, ...]) -> int:
    """The run's exit code: the worst of the projects' policy verdicts (0 when none judged)."""
    return max((p.policy.exit_code for p in projects if p.policy is not None), default=EXIT_OK)
