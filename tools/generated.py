"""A generated file is fresh iff its inputs are those it was made from.

For a file a slow generator writes (terraform's provider schema -> checker/hcl/aws_schema_data.py):
beside it, a record of the hash of the generator's inputs, the tool versions and the output's own
hash. The suite's check is then a hash, not a run of the generator (tests/test_generated_data.py);
the generator writes the record after its output. Here, not under tests/, because the generators
in tools/ write the records (tests import tools, never the other way round).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PLUGIN_PATTERN = "registry.terraform.io/hashicorp/aws/*/*/terraform-provider-aws_*"


def digest(recipe: str, root: Path, files: Iterable[Path]) -> str:
    hashed = hashlib.sha256(recipe.encode())
    for path in files:
        name = path.relative_to(root).as_posix().encode()
        data = path.read_bytes()
        # Lengths first: no two different sets of files hash the same bytes.
        hashed.update(b"%d:%s%d:" % (len(name), name, len(data)))
        hashed.update(data)
    return hashed.hexdigest()


@dataclass(frozen=True)
class GeneratedFile:
    """A generated ``output``, its ``record`` (JSON) and the files or folders its generator
    reads (``inputs``: folders are taken whole, sorted; list the generator's source too)."""

    output: Path
    record: Path
    inputs: tuple[Path, ...]
    # Bump when the way the output is made changes beyond what the inputs show.
    recipe: str = "1"

    def inputs_digest(self) -> str:
        files = sorted(
            {
                found
                for item in self.inputs
                for found in ([item] if item.is_file() else item.rglob("*"))
                if found.is_file()
            }
        )
        return digest(f"recipe {self.recipe}", _common_root(files), files)

    def current(self, versions: Mapping[str, str]) -> dict[str, str]:
        """What the record should say now (``versions``: the tools the generator runs)."""
        return {
            "inputs_sha256": self.inputs_digest(),
            "output_sha256": hashlib.sha256(self.output.read_bytes()).hexdigest(),
            **versions,
        }

    def stale_reason(self, versions: Mapping[str, str]) -> str | None:
        """None when ``output`` was generated from the inputs as they are now, by these tool
        versions, and not edited since; else what differs."""
        if not self.output.is_file():
            return f"{self.output.name} is missing"
        if not self.record.is_file():
            return f"{self.record.name} (the record of its inputs) is missing"
        recorded: dict[str, str] = json.loads(self.record.read_text())
        now = self.current(versions)
        changed = sorted(
            key for key in now.keys() | recorded.keys() if now.get(key) != recorded.get(key)
        )
        return (
            f"{self.output.name}: changed since generated: {', '.join(changed)}"
            if changed
            else None
        )

    def write_record(self, versions: Mapping[str, str]) -> None:
        """Record what ``output`` (just written by the generator) was made from."""
        self.record.write_text(json.dumps(self.current(versions), indent=1, sort_keys=True) + "\n")


def _common_root(files: list[Path]) -> Path:
    # Names in the hash relative to the inputs' common folder: the same tree hashes the same
    # wherever it is checked out.
    if not files:
        return Path("/")
    return Path(os.path.commonpath([str(path.parent) for path in files]))


def tool_versions(plugin_dir: Path) -> dict[str, str]:
    """The terraform on PATH and the AWS provider versions in ``plugin_dir``."""
    shown = json.loads(
        subprocess.run(
            ["terraform", "version", "-json"], capture_output=True, text=True, check=True
        ).stdout
    )
    # registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_*
    versions = sorted({path.parent.parent.name for path in plugin_dir.glob(PLUGIN_PATTERN)})
    return {"terraform": str(shown["terraform_version"]), "aws_provider": ",".join(versions)}
