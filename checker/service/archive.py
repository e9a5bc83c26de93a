"""A Terraform directory sent as a tar.gz, unpacked without trusting it.

Only regular files and directories, every name inside the target, no links (a link could point
anywhere on the server), bounded member count and total size, checked before each byte is
written; then the standard library's ``data`` filter as a second line.

The gzip stream is inflated, bounded, before tarfile sees a byte: tarfile reads an extended
header (PAX, GNU long name) whole into memory before any check here sees its member, and zeros
compress ~1000:1 (a 1 MiB body held 1 GiB in the server's process).
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
# What a tar stream holds besides its files' bytes: each member's header block, the padding
# of its data to 512 bytes and an extended header for a long name; the end blocks and record.
_TAR_BYTES_PER_MEMBER = 3 * 512
_TAR_BYTES_AT_END = 64 * 1024


def _inflated(data: bytes, bound: int, where: str) -> bytes:
    """The gzip ``data`` decompressed (every gzip member, as gzip does), refused as soon as it
    would exceed ``bound`` bytes: nothing beyond it is ever allocated."""
    parts: list[bytes] = []
    size = 0
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)  # a gzip header and trailer
        part = inflater.decompress(rest, bound + 1 - size)
        size += len(part)
        if size > bound or inflater.unconsumed_tail:
            raise InputError(f"unpacks to more than {bound // (1024 * 1024)} MiB", path=where)
        if not inflater.eof:
            raise zlib.error("the compressed data ends early")
        parts.append(part)
        rest = inflater.unused_data
        if not rest.strip(b"\0"):
            break  # zeros after the last member, which gzip ignores too
    return b"".join(parts)


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
    bound = max_total_bytes + max_members * _TAR_BYTES_PER_MEMBER + _TAR_BYTES_AT_END
    try:
        tar = _inflated(data, bound, where)
        archive = tarfile.open(fileobj=io.BytesIO(tar), mode="r:")  # noqa: SIM115 (closed by `with` below)
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
