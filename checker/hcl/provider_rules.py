"""What the AWS provider does at plan time beyond its schema, which a plan shows and costcheck
must therefore do too: ``tags_all`` from ``default_tags``, ``user_data`` stored as a hash,
write-only arguments planned null, and the data sources whose answer the configuration itself determines."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from typing import Any

from checker.hcl.values import KNOWN_AFTER_APPLY, Sensitive, Unknown, mark, unmark


def tags_all(tags: Any, default_tags: Any, address: str, *, none_is_empty: bool = False) -> Any:
    """What the AWS provider plans for ``tags_all``: default tags overlaid by the resource's tags;
    unknown as a whole if any part is, or when there are no tags at all (``{}`` then, with
    ``none_is_empty``: what the provider's plugin-framework resources plan).

    A tag marked sensitive stays so in ``tags_all`` (Terraform's plan does not mark it there,
    and so shows the value it hides in ``tags``)."""
    default_tags, defaults_marked = unmark(default_tags)
    tags, tags_marked = unmark(tags)
    merged: dict[str, Any] = {}
    for part in (default_tags, tags):
        if isinstance(part, Unknown):
            return part
        if not isinstance(part, dict):
            continue
        for key, value in part.items():
            plain = unmark(value)[0]
            if isinstance(plain, Unknown):
                return plain
            if plain is None:
                merged.pop(key, None)  # a null tag removes a default one
            else:
                merged[key] = value
    if not merged:
        if none_is_empty:
            return {}
        return Unknown(f"depends on {address}.tags_all, {KNOWN_AFTER_APPLY}", origin=address)
    return mark(merged) if defaults_marked or tags_marked else merged


def _user_data_hash(value: Any) -> Any:
    """What the provider stores for ``user_data``: the SHA-1 of the (base64-decoded) text."""
    if type(value) is Sensitive:
        return mark(_user_data_hash(value.value))
    if not isinstance(value, str):
        return value
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        data = value.encode()
    return hashlib.sha1(data).hexdigest()


# (type, attribute) -> the provider's StateFunc: the planned value is not what was written.
_STATE_FUNCTIONS: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("aws_instance", "user_data"): _user_data_hash,
    ("aws_launch_configuration", "user_data"): _user_data_hash,
}


# The same by type: every managed resource instance asks, few types have one.
_STATE_FUNCTIONS_BY_TYPE: dict[str, tuple[tuple[str, Callable[[Any], Any]], ...]] = {
    rtype: tuple((n, f) for (t, n), f in _STATE_FUNCTIONS.items() if t == rtype)
    for rtype, _name in _STATE_FUNCTIONS
}


# Write-only arguments (Terraform 1.11): the provider gets their value at apply, a plan and the
# state hold null whatever was written (an ephemeral value often). The attributes "write_only":
# true in `terraform providers schema -json` of the AWS provider 5.100; tests/test_hcl_ephemeral.py
# checks this against the real schema.
WRITE_ONLY: dict[str, tuple[str, ...]] = {
    "aws_db_instance": ("password_wo",),
    "aws_docdb_cluster": ("master_password_wo",),
    "aws_rds_cluster": ("master_password_wo",),
    "aws_redshift_cluster": ("master_password_wo",),
    "aws_redshiftserverless_namespace": ("admin_user_password_wo",),
    "aws_secretsmanager_secret_version": ("secret_string_wo",),
    "aws_ssm_parameter": ("value_wo",),
}


def apply_state_functions(resource_type: str, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with the attributes the provider rewrites rewritten (``user_data`` -> hash)
    and its write-only arguments null, as planned."""
    for name, function in _STATE_FUNCTIONS_BY_TYPE.get(resource_type, ()):
        if name in values:
            values[name] = function(values[name])
    for name in WRITE_ONLY.get(resource_type, ()):
        if name in values:
            # The schema marks them all sensitive: a null keeps its mark, as planned.
            values[name] = mark(None) if unmark(values[name])[1] else None
    return values


# Data sources whose answer the provider configuration determines: type -> region -> values.
_LOCAL_DATA: dict[str, Callable[[str], dict[str, Any]]] = {
    "aws_region": lambda region: {"name": region, "id": region, "region": region},
    "aws_partition": lambda _region: {
        "partition": "aws",
        "dns_suffix": "amazonaws.com",
        "id": "aws",
    },
}


def local_data(data_type: str, region: Any) -> dict[str, Any] | None:
    """The values of a data source known without reading it (``aws_region``), else None."""
    local = _LOCAL_DATA.get(data_type)
    if local is None or not isinstance(region, str):
        return None
    return local(region)
