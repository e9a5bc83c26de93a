"""Reading a headless browser's PNG screenshot in the tests, without an imaging library."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path


def png_rows(png: Path) -> Iterator[list[tuple[int, int, int]]]:
    """The rows of a PNG screenshot (8-bit RGB or RGBA) as RGB tuples."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        filtering = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if filtering == 1:
                line[i] = (line[i] + left) & 0xFF
            elif filtering == 2:
                line[i] = (line[i] + up) & 0xFF
            elif filtering == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif filtering == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        yield [tuple(line[i : i + 3]) for i in range(0, stride, channels)]  # type: ignore[misc]
        previous = line
