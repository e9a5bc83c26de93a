"""What policies need from the checked input beyond the :class:`~checker.model.Plan`: the
provider configurations (for ``default_tags``), read again from the input only when asked.

A plan JSON file is parsed again; a directory of ``.tf`` files is evaluated again (its
document's configuration); a binary plan is not read (that would run ``terraform show`` a second
time), so its ``default_tags`` count as "cannot tell". Reading is lazy: a run whose tag decisions
never depend on ``default_tags`` pays nothing.

(When :class:`~checker.model.Plan` carries the provider configurations itself, this module
goes away: see the integration note in :mod:`checker.policy.provider_tags`.)
"""

from __future__ import annotations

import codecs
import json
import zipfile
from pathlib import Path
from typing import Any

from checker.errors import CostcheckError
from checker.pipeline import InputOptions
from checker.policy.provider_tags import ProviderConfigs, ProviderDefaults, provider_configs_of


def provider_defaults_for(path: Path, options: InputOptions) -> ProviderDefaults:
    """Provider ``default_tags`` of the input at ``path``, read when first needed."""
    return ProviderDefaults(lambda: read_provider_configs(path, options))


def read_provider_configs(path: Path, options: InputOptions) -> ProviderConfigs | None:
    """``configuration.provider_config`` of the input at ``path``; None when it cannot be read
    (the main road has read the input already, so that is a binary plan, or a race)."""
    try:
        if path.is_dir():
            return provider_configs_of(_hcl_document(path, options))
        if zipfile.is_zipfile(path):
            return None
        return provider_configs_of(json.loads(_text(path.read_bytes())))
    except (OSError, ValueError, CostcheckError):
        return None


def _hcl_document(path: Path, options: InputOptions) -> Any:
    from checker import hcl

    head = hcl.evaluate_directory(
        path, var_files=options.var_files, vars=dict(options.variables), environ=options.environ
    )
    return head.document


def _text(data: bytes) -> str:
    # As the plan loader reads it: PowerShell's `>` writes UTF-16 with a byte-order mark.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")
