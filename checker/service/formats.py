"""The answer formats of /v1/estimate and /v1/check: every format the CLI's renderers make
(checker/report/outputs.py RENDERERS) for the command the work is, and their content types."""

from __future__ import annotations

# Content types of the formats the report renderers make; a format not named here (a new
# renderer) is sent as text. Documents are served with a CSP that runs nothing (see app._evaluate).
MEDIA_TYPES = {
    "json": "application/json",
    "sarif": "application/sarif+json",
    "junit": "application/xml; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "github": "text/markdown; charset=utf-8",
    "summary": "text/markdown; charset=utf-8",
}
TEXT = "text/plain; charset=utf-8"


def media_type(fmt: str) -> str:
    return MEDIA_TYPES.get(fmt, TEXT)
