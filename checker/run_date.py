"""The date a run judges calendar facts on (which EKS versions pay extended support).

AWS bills a version's support status on the day the cluster runs, so the estimate judges it on
the run's date (UTC). ``$COSTCHECK_TODAY`` (``YYYY-MM-DD``) pins that date: tests and golden
files set it so that their output does not change with the calendar; a team can set it to ask
what a plan will cost on a later day.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime

from checker.errors import InputError
from checker.safe_text import clip

TODAY_ENV = "COSTCHECK_TODAY"


def run_date(environ: Mapping[str, str] | None = None) -> date:
    """``$COSTCHECK_TODAY`` when set, else today's date in UTC."""
    text = (os.environ if environ is None else environ).get(TODAY_ENV, "").strip()
    if not text:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"${TODAY_ENV} is not a date: {clip(text, 40)!r}; set it as YYYY-MM-DD "
            "(the day to judge EKS support status on) or unset it to use today's date"
        ) from None
