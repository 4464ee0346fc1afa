"""PNG completeness: every chunk whole, IEND present, and exactly the rows the header declares.

Pillow zero-fills a PNG whose compressed data ends early (its zlib stream may end cleanly
after fewer rows) and ignores a missing IEND, so a truncated file would be checked as a
different image. ``check_png_complete`` walks the chunks (CRCs checked) and inflates the IDAT
stream once, counting bytes without keeping them, before Pillow decodes anything.
"""

from __future__ import annotations

import struct
import zlib

from guardrail.errors import ImageInputError

__all__ = ["check_png_complete"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def _expected_size(width: int, height: int, depth: int, color: int, interlace: int) -> int:
    """Bytes of filtered scanlines the IDAT stream must inflate to."""
    bits = _CHANNELS[color] * depth

    def rows(w: int, h: int) -> int:
        return 0 if w == 0 or h == 0 else h * (1 + (w * bits + 7) // 8)

    if not interlace:
        return rows(width, height)
    return sum(
        rows((width - x0 + dx - 1) // dx if width > x0 else 0, (height - y0 + dy - 1) // dy if height > y0 else 0)
        for x0, y0, dx, dy in _ADAM7
    )


def check_png_complete(data: bytes, where: str) -> None:
    """Raise ImageInputError (``where``) unless ``data`` is a whole PNG: chunks intact, IEND, all rows."""

    def refuse(what: str) -> ImageInputError:
        return ImageInputError(f"corrupt or truncated PNG: {what}", where=where, fix="re-export the image")

    if not data.startswith(_SIGNATURE):
        raise refuse("no PNG signature")
    at = len(_SIGNATURE)
    header: tuple[int, ...] | None = None
    inflater = zlib.decompressobj()
    inflated = 0
    expected = 0
    idat_done = False
    while True:
        if at + 8 > len(data):
            raise refuse("the file ends before its IEND chunk")
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body_end = at + 8 + length
        if body_end + 4 > len(data):
            raise refuse(f"chunk {kind.decode('latin-1')!r} is cut short")
        body = data[at + 8 : body_end]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[body_end : body_end + 4])[0]:
            raise refuse(f"chunk {kind.decode('latin-1')!r} fails its CRC")
        at = body_end + 4
        if header is None:
            if kind != b"IHDR" or length != 13:
                raise refuse("the first chunk is not IHDR")
            header = struct.unpack(">IIBBBBB", body)
            width, height, depth, color, _, _, interlace = header
            if color not in _CHANNELS:
                raise refuse(f"unknown colour type {color}")
            expected = _expected_size(width, height, depth, color, interlace)
        elif kind == b"IDAT":
            if idat_done:
                raise refuse("IDAT chunks are not consecutive")
            pending = body
            while not inflater.eof:  # in bounded pieces: a bomb never sits in memory
                out = inflater.decompress(pending, 1 << 20)
                inflated += len(out)
                if inflated > expected:
                    raise refuse("more image data than the header declares")
                pending = inflater.unconsumed_tail
                if not out and not pending:
                    break
        elif kind == b"IEND":
            break
        elif inflated:
            idat_done = True
    if header is None or inflated == 0:
        raise refuse("no image data")
    if not inflater.eof or inflated < expected:
        raise refuse(f"image data ends after {inflated:,} of {expected:,} bytes (rows are missing)")
