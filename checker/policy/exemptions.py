"""Which exemption, if any, waives a finding; which exemptions have expired.

An exemption names a policy and address globs (``[`` is an instance key, as written in the
address); ``*`` also covers findings about no single resource (a budget, a group). It applies up to and including its ``expires`` date; after that it
stops applying and is reported, so a waiver cannot outlive its review date unnoticed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from checker.policy.globs import any_address
from checker.policy.model import Exemption


def covers(exemption: Exemption, policy_id: str, address: str | None) -> bool:
    """True when ``exemption`` is about this policy and this address (None = plan-wide)."""
    if exemption.policy_id != policy_id:
        return False
    if address is None:
        return "*" in exemption.addresses
    return any_address(exemption.addresses)(address)


def find_exemption(
    exemptions: Sequence[Exemption], policy_id: str, address: str | None, today: datetime.date
) -> tuple[Exemption | None, Exemption | None]:
    """(the exemption in force for this finding, or None; an expired one that would have
    covered it, or None)."""
    expired = None
    for exemption in exemptions:
        if not covers(exemption, policy_id, address):
            continue
        if not exemption.expired(today):
            return exemption, None
        expired = expired or exemption
    return None, expired


def expired_exemptions(
    exemptions: Sequence[Exemption], today: datetime.date
) -> tuple[Exemption, ...]:
    """The exemptions past their expiry date."""
    return tuple(e for e in exemptions if e.expired(today))
