"""Reserved capacity a usage file asks for, with Infracost's ``reserved_instance_*`` keys.

Infracost prices instance hours (EC2 instances and the instances of groups and node groups, RDS
instances, ElastiCache nodes) at a reserved rate when the usage file gives
``reserved_instance_type`` (EC2: standard, convertible), ``reserved_instance_term`` (1_year,
3_year) and ``reserved_instance_payment_option`` (no_upfront, partial_upfront, all_upfront).
The catalog holds on-demand prices only. Pricing such hours at the on-demand rate would pass one
price off as the other, so the hours line keeps its on-demand product (its unit price stays
visible, for reference) and its cost becomes unknown, with the reservation in the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from checker.model import CostComponent, Missing
from checker.resources.usage_schema import KeySpec, text

TYPE_KEY = "reserved_instance_type"
TERM_KEY = "reserved_instance_term"
PAYMENT_OPTION_KEY = "reserved_instance_payment_option"
KEYS = (TYPE_KEY, TERM_KEY, PAYMENT_OPTION_KEY)

USAGE_KEYS: dict[str, KeySpec] = {
    TYPE_KEY: text("a reservation's type (EC2: standard, convertible)"),
    TERM_KEY: text("a reservation's term: 1_year, 3_year"),
    PAYMENT_OPTION_KEY: text("no_upfront, partial_upfront, all_upfront"),
}
"""The reservation keys, for the schemas of the types whose instance hours can be reserved."""


def reservation(usage: Mapping[str, object]) -> Missing | None:
    """Why reserved hours cannot be costed, when ``usage`` names a reservation (any of
    :data:`KEYS` set, whatever its value); None for on-demand capacity."""
    given = [(key, str(usage[key]).strip()) for key in KEYS if _is_set(usage.get(key))]
    if not given:
        return None
    terms = ", ".join(value for _, value in given)
    return Missing(
        "unknown",
        f"reserved instance pricing ({terms}) is not in the price catalog; "
        "shown at on-demand as unknown",
        given[0][0],
    )


def unless_reserved(component: CostComponent, usage: Mapping[str, object]) -> CostComponent:
    """``component``, an on-demand hours line, as it is; or, when ``usage`` names a reservation,
    with its quantity unknown for that reason, so the on-demand unit price shows but no cost.

    A line that is already unknown keeps its own reason: it is the more basic gap.
    """
    if isinstance(component.query, Missing) or isinstance(component.monthly_quantity, Missing):
        return component
    why = reservation(usage)
    return component if why is None else replace(component, monthly_quantity=why)


def _is_set(value: object) -> bool:
    return value is not None and str(value).strip() != ""
