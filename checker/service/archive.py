"""A Terraform directory sent as a tar.gz, unpacked without trusting it.

Only regular files and directories, every name inside the target, no links (a link could point
anywhere on the server), bounded member count and total size, checked before each byte is
written; then the standard library's ``data`` filter as a second line.
"""

from __future__ import annotations

import io
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from checker.errors import InputError
from checker.safe_text import clip

MAX_MEMBERS = 5_000
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_NAME_CHARS = 1_000


def extract_archive(
    data: bytes,
    target: Path,
    *,
    max_members: int = MAX_MEMBERS,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    what: str = "the request body (tar.gz)",
) -> None:
    """Unpack the gzip-compressed tar ``data`` into the empty directory ``target``; ``what``
    names it in errors."""
    where = what
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")  # noqa: SIM115 (closed by `with` below)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise InputError(
            f"not a gzip-compressed tar archive ({clip(str(exc), 100)}): send "
            "`tar -czf - -C DIR .` or plan JSON",
            path=where,
        ) from None
    total = 0
    count = 0
    with archive:
        try:
            for member in archive:
                count += 1
                if count > max_members:
                    raise InputError(
                        f"more than {max_members} entries; send only the Terraform directory",
                        path=where,
                    )
                name = clip(member.name, 120)
                if len(member.name) > MAX_NAME_CHARS or "\x00" in member.name:
                    raise InputError(f"entry name {name!r} is not acceptable", path=where)
                parts = PurePosixPath(member.name).parts
                if member.name.startswith(("/", "\\")) or ".." in parts or "\\" in member.name:
                    raise InputError(
                        f"entry {name!r} points outside the directory (absolute or ..)",
                        path=where,
                    )
                if member.issym() or member.islnk():
                    raise InputError(
                        f"entry {name!r} is a link; links are not accepted (copy the file in)",
                        path=where,
                    )
                if not (member.isfile() or member.isdir()):
                    raise InputError(
                        f"entry {name!r} is not a regular file or directory", path=where
                    )
                total += member.size
                if total > max_total_bytes:
                    raise InputError(
                        f"unpacks to more than {max_total_bytes // (1024 * 1024)} MiB",
                        path=where,
                    )
                archive.extract(member, target, filter="data")
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(
                f"cannot unpack the archive ({type(exc).__name__}: {clip(str(exc), 100)})",
                path=where,
            ) from None
