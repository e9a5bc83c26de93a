"""A generated file is fresh iff its inputs are those it was made from.

For a file a slow generator writes (terraform's provider schema -> checker/hcl/aws_schema_data.py):
beside it, a record of the hash of the generator's inputs, the tool versions and the output's own
hash. The suite's check is then a hash, not a run of the generator (tests/test_generated_data.py);
the generator writes the record after its output. Here, not under tests/, because the generators
in tools/ write the records (tests import tools, never the other way round); so are what the
generators and the tests share: the provider mirror's finder and the generators' ``--check``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def tool_versions(plugin_dir: Path, shown: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The terraform on PATH and the AWS provider versions in ``plugin_dir``; ``shown``: the
    ``terraform version -json`` the caller already has (each run costs a process)."""
    if shown is None:
        shown = json.loads(
            subprocess.run(
                ["terraform", "version", "-json"], capture_output=True, text=True, check=True
            ).stdout
        )
    # registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_*
    versions = sorted({path.parent.parent.name for path in plugin_dir.glob(PLUGIN_PATTERN)})
    return {"terraform": str(shown["terraform_version"]), "aws_provider": ",".join(versions)}


def _candidate_roots() -> list[Path]:
    # Where an offline provider mirror is commonly installed (terraform's own implied mirrors).
    home = Path.home()
    return [
        Path("/opt/tf-plugins"),
        Path("/opt"),
        Path("/usr/share/terraform/plugins"),
        Path("/usr/local/share/terraform/plugins"),
        home / ".terraform.d" / "plugins",
        home / ".local" / "share" / "terraform" / "plugins",
    ]


def _has_provider(root: Path) -> bool:
    return root.is_dir() and any(root.glob(PLUGIN_PATTERN))


def find_plugin_dir() -> Path | None:
    """A provider mirror holding the AWS provider: ``$COSTCHECK_TF_PLUGIN_DIR``, else the first
    likely root (or a folder just under it) that has
    ``registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_*``."""
    configured = os.environ.get("COSTCHECK_TF_PLUGIN_DIR")
    if configured:
        path = Path(configured).expanduser()
        return path if _has_provider(path) else None
    for root in _candidate_roots():
        if _has_provider(root):
            return root
        if root.is_dir():
            for child in sorted(root.iterdir()):
                if _has_provider(child):
                    return child
    return None


def first_difference(committed: str, generated: str) -> str:
    """Where two long texts part (a full diff of a megabyte would drown the message)."""
    pairs = zip(
        committed.splitlines(), generated.splitlines(), strict=False
    )  # may differ in length
    for number, (old, new) in enumerate(pairs, 1):
        if old != new:
            return f"line {number}: committed {old[:120]!r}, generated {new[:120]!r}"
    return f"lengths differ: {len(committed)} committed, {len(generated)} generated characters"


def check(target: GeneratedFile, generated: str, command: str, plugin_dir: Path) -> int:
    """``--check``: 0 when ``target``'s output is ``generated`` byte for byte and its record is
    current (``plugin_dir``: the mirror the output was made from); else 1, saying where they part (or what the record no longer matches)."""
    committed = target.output.read_text(encoding="utf-8") if target.output.is_file() else ""
    if committed != generated:
        print(
            f"{target.output.name} is not what {command} writes now: "
            + first_difference(committed, generated),
            file=sys.stderr,
        )
        return 1
    stale = target.stale_reason(tool_versions(plugin_dir))
    if stale is not None:
        print(
            f"{target.output.name} is up to date, its record is not ({stale}): run {command}",
            file=sys.stderr,
        )
        return 1
    print(f"{target.output.name} is what {command} writes now", file=sys.stderr)
    return 0
