"""aws_glue_job: the DPU-hours a Glue ETL or Python shell job runs a month.

Components: "Duration (<n> DPUs)" (DPU-hours = ``monthly_hours`` x the job's DPUs).
Usage keys: ``monthly_hours`` (hours the job runs a month, all runs together).

A job's DPUs: ``number_of_workers`` x the DPUs of its ``worker_type`` (G.025X 0.25, G.1X and
Standard 1, G.2X 2, G.4X 4, G.8X 8), else ``max_capacity``, else AWS's default: 10 DPUs for a
Spark job, 0.0625 for a Python shell job. Not priced here (their rates are not in the pricing data
and their Price List vocabulary is unconfirmed): the Flex execution class and Ray jobs; they are
unknown with that reason. Minimum billed durations (1 minute) and the free tier are not applied.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, Quantity
from checker.resources import read
from checker.resources.analytics.glue import job_run
from checker.resources.base import ResourceView, times
from checker.resources.network.defaults import value_or_default
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(monthly_hours="hours the job runs a month (all runs together)")

DEFAULTS = (
    "command.0.name",
    "execution_class",
    "number_of_workers",
    "worker_type",
    "max_capacity",
)

# DPUs per worker of each worker type (AWS Glue developer guide, "Defining job properties").
WORKER_DPUS = {
    "G.025X": Decimal("0.25"),
    "Standard": Decimal(1),
    "G.1X": Decimal(1),
    "G.2X": Decimal(2),
    "G.4X": Decimal(4),
    "G.8X": Decimal(8),
}
SPARK_DEFAULT_DPUS = Decimal(10)
PYTHON_SHELL_DEFAULT_DPUS = Decimal("0.0625")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Glue job's DPU-hours."""
    command = value_or_default(view, "command.0.name", "glueetl")
    execution_class = value_or_default(view, "execution_class", "STANDARD")
    dpus = _dpus(view, command)
    label = f"{dpus.normalize():f} DPUs" if isinstance(dpus, Decimal) else "unknown DPUs"
    hours = times(dpus, view.usage_quantity("monthly_hours"))  # a bad attribute first
    query = job_run(view.region)
    if command == "glueray":
        why = "Ray jobs bill M-DPU-hours, which the pricing data lacks"
        return [CostComponent(f"Duration ({label})", "DPU-hours", hours, _no_rate(why))]
    if isinstance(execution_class, Missing):
        return [CostComponent(f"Duration ({label})", "DPU-hours", hours, execution_class)]
    if str(execution_class).upper() == "FLEX":
        why = "Flex execution is billed at its own DPU-hour rate, which the pricing data lacks"
        return [CostComponent(f"Duration ({label})", "DPU-hours", hours, _no_rate(why))]
    return [CostComponent(f"Duration ({label})", "DPU-hours", hours, query)]


def _no_rate(reason: str) -> Missing:
    return Missing("unknown", reason, None)


def _dpus(view: ResourceView, command: object) -> Quantity:
    # Both are computed: unknown in a plan when the configuration leaves them to AWS.
    workers = value_or_default(view, "number_of_workers", None)
    worker_type = value_or_default(view, "worker_type", None)
    for value in (workers, worker_type):
        if isinstance(value, Missing):
            return value
    if workers is not None and worker_type is not None:
        per_worker = WORKER_DPUS.get(str(worker_type))
        if per_worker is None:
            return _bad("worker_type", worker_type, "a worker type AWS Glue documents for jobs")
        count = read.number(workers)
        return (
            _bad("number_of_workers", workers, "a count") if count is None else per_worker * count
        )
    default = PYTHON_SHELL_DEFAULT_DPUS if command == "pythonshell" else SPARK_DEFAULT_DPUS
    capacity = value_or_default(view, "max_capacity", default)
    if isinstance(capacity, Missing):
        return capacity
    found = read.number(capacity)
    return _bad("max_capacity", capacity, "a number of DPUs") if found is None else found


def _bad(path: str, value: object, expected: str) -> Missing:
    return Missing("unknown", f"{path} {clip(repr(value))} is not {expected}", path)
