"""Where a module call's code is: a local path, or what ``terraform init`` put in ``.terraform``.

Local sources (``./``, ``../``) are followed directly. Any other source (registry, git, S3...) is
used only when ``.terraform/modules/modules.json`` lists it with a directory that exists; costcheck
never downloads modules.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from checker.hcl.files import Confinement
from checker.hcl.parse import Diagnostic


@dataclass(frozen=True)
class ModuleSource:
    """A resolved module call: ``directory`` to read, or None and ``reason`` it is not followed."""

    directory: Path | None
    reason: str = ""


def is_local(source: str) -> bool:
    return source.startswith(("./", "../", ".\\", "..\\"))


def read_manifest(
    root: Path, diagnostics: list[Diagnostic], confinement: Confinement
) -> dict[str, Path]:
    """``.terraform/modules/modules.json`` of ``root``: module key (``vpc``, ``app.db``) -> dir."""
    path = root / ".terraform" / "modules" / "modules.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(confinement.source(path, ".terraform/modules/modules.json"))
        entries = data["Modules"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        diagnostics.append(
            Diagnostic(
                ".terraform/modules/modules.json",
                None,
                f"cannot read the module manifest ({exc}); run terraform init again",
                "warning",
            )
        )
        return {}
    manifest: dict[str, Path] = {}
    for entry in entries:
        if isinstance(entry, dict) and entry.get("Key") and isinstance(entry.get("Dir"), str):
            manifest[str(entry["Key"])] = root / entry["Dir"]
    return manifest


def _lexical(path: Path) -> Path:
    """``path`` with ``..`` taken off by name, symbolic links kept: file names shown relative to
    the root stay the same when the root is a copy (``--base``) whose ``.terraform`` is a link."""
    return Path(os.path.normpath(path))


def resolve(source: str, caller_dir: Path, key: str, manifest: dict[str, Path]) -> ModuleSource:
    """Find the code of module call ``key`` (dotted call names from the root) with ``source``."""
    if is_local(source):
        directory = _lexical(caller_dir / source)
        if not directory.is_dir():
            return ModuleSource(None, f"the local source {source} does not exist")
        return ModuleSource(directory)
    installed = manifest.get(key)
    if installed is not None and installed.is_dir():
        return ModuleSource(_lexical(installed))
    return ModuleSource(
        None,
        f"source {source} is not in .terraform/modules (run terraform init to fetch it); "
        "costcheck does not download modules",
    )
