"""Reserved capacity a usage file asks for, with Infracost's ``reserved_instance_*`` keys.

Infracost prices instance hours (EC2 instances and the instances of groups and node groups, RDS
instances, ElastiCache nodes) at a reserved rate when the usage file gives
``reserved_instance_type`` (EC2: standard, convertible), ``reserved_instance_term`` (1_year,
3_year) and ``reserved_instance_payment_option`` (no_upfront, partial_upfront, all_upfront).
The catalog holds on-demand prices only. Such hours stay priced at the on-demand rate, the known
upper bound of what they cost, and the line states the reservation as an assumption ("on-demand
price shown, a reservation would lower it"): never unknown where on-demand is known, which would
turn blocking caps into warnings.
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.model import CostComponent
from checker.resources.usage_schema import KeySpec, text
from checker.safe_text import clip

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


def reservation(usage: Mapping[str, object]) -> str | None:
    """The stated assumption of reserved hours priced at on-demand, when ``usage`` names a
    reservation (any of :data:`KEYS` set, whatever its value); None for on-demand capacity."""
    given = [clip(str(usage[key]).strip(), 40) for key in KEYS if _is_set(usage.get(key))]
    if not given:
        return None
    return (
        f"reserved ({', '.join(given)}) in the usage file: on-demand price shown, "
        "a reservation would lower it (reserved prices are not in the price catalog)"
    )


def unless_reserved(component: CostComponent, usage: Mapping[str, object]) -> CostComponent:
    """``component``, an on-demand hours line, as it is; or, when ``usage`` names a reservation,
    still priced at on-demand with the reservation as a stated assumption.

    The on-demand figure is the known upper bound of the reserved cost: making it unknown would
    turn every blocking cap on these hours into a warning, so a usage file in the pull request
    could weaken a gate below what no usage file gives.
    """
    return component.assuming(reservation(usage))


def _is_set(value: object) -> bool:
    return value is not None and str(value).strip() != ""
