"""Hypothesis profiles: a bounded run in CI (the default), many more examples with `make fuzz`,
few with `make test-fast`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,  # CI machines are shared: time is bounded by max_examples, not per example
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same examples on every CI run: a failure is reproducible
)
settings.register_profile(
    "fuzz",
    max_examples=20_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# `make test-fast`: the inner loop; a smoke run of each property, CI runs the full "ci" profile.
settings.register_profile(
    "dev",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
