"""Which values a report may show: a value Terraform marks sensitive is compared but never
printed (``(sensitive)`` instead), in messages, tables, JSON and Markdown.

A plan marks a tag's value sensitive only in the map it was written in (``tags.env``), while
``tags_all`` holds the same value unmarked: a path counts as sensitive when its tag-map twin is.
"""

from __future__ import annotations

from checker.model import Attributes

SENSITIVE = "(sensitive)"
_TWIN = {"tags": "tags_all", "tags_all": "tags"}


def is_sensitive(attrs: Attributes, path: str) -> bool:
    """True when the value at ``path``, a value containing it or a value inside it is marked
    sensitive, at ``path`` or at its tag-map twin."""
    if not attrs.sensitive:
        return False
    return _marked(attrs.sensitive, path) or _marked(attrs.sensitive, tag_twin(path))


def tag_twin(path: str) -> str:
    """``path`` with its first ``tags`` segment read as ``tags_all``, or the other way round
    (``tags.env`` <-> ``tags_all.env``, ``root_block_device.0.tags`` too)."""
    parts = path.split(".")
    for i, part in enumerate(parts):
        if part in _TWIN:
            parts[i] = _TWIN[part]
            break
    return ".".join(parts)


def _marked(sensitive: frozenset[str], path: str) -> bool:
    parts = path.split(".")
    if any(".".join(parts[:i]) in sensitive for i in range(1, len(parts) + 1)):
        return True
    below = path + "."
    return any(p.startswith(below) for p in sensitive)
