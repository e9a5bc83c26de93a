"""What a program costcheck starts may inherit of its environment (terraform show, checkov).

It runs in CI next to the job's secrets (GITHUB_TOKEN, cloud credentials, TF_VAR_* values),
and what it starts may be the pull request's own code (a plan directory's provider binaries):
so an allow-list, never a deny-list of the secrets one thought of.
"""

from __future__ import annotations

# What any program needs to run: where programs and home are, the locale, a temporary directory
# (TEMP, TMP and SYSTEMROOT on Windows), the time zone. No credential.
PROCESS_BASICS = frozenset(
    {
        "PATH",
        "HOME",
        "USER",
        "LANG",
        "LC_ALL",
        "LC_CTYPE",
        "TMPDIR",
        "TEMP",
        "TMP",
        "SYSTEMROOT",
        "TZ",
    }
)
