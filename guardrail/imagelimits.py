"""Limits on untrusted image files: one pixel cap, one file-size cap, regular files only.

- ``max_pixels`` is checked from the header, before any pixel is decoded. Default 40 MP for
  ``check``, ``mark`` and ``refs add`` (``GUARDRAIL_MAX_PIXELS``) and 25 MP for ``verify``
  (``GUARDRAIL_VERIFY_MAX_PIXELS``), which reads any image it is handed.
- ``max_bytes`` caps the bytes read from a file (``GUARDRAIL_MAX_IMAGE_BYTES``, default 256 MiB).
- Only regular files are read: a FIFO, a device (``/dev/zero``, also through a symlink) or a
  folder is refused from its ``fstat`` without reading a byte, and the file is opened
  non-blocking so a FIFO cannot hang the open.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import ImageInputError, InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "DEFAULT_VERIFY_MAX_PIXELS",
    "ImageLimits",
    "image_limits",
    "read_image_file",
]

DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_VERIFY_MAX_PIXELS = 25_000_000
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
ENV_MAX_PIXELS = "GUARDRAIL_MAX_PIXELS"
ENV_VERIFY_MAX_PIXELS = "GUARDRAIL_VERIFY_MAX_PIXELS"
ENV_MAX_BYTES = "GUARDRAIL_MAX_IMAGE_BYTES"


class ImageLimits(BaseModel):
    """What an image file may be before guardrail decodes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_pixels: int = Field(
        DEFAULT_MAX_PIXELS, gt=0, description="Most pixels (width x height) the header may declare."
    )
    max_bytes: int = Field(DEFAULT_MAX_BYTES, gt=0, description="Largest file read, in bytes.")


def _env_int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(
            f"${name} must be a positive whole number, got {text!r}",
            where=name,
            fix=f"unset it or set e.g. {name}={default}",
        )
    return value


def image_limits(purpose: Literal["check", "verify"] = "check") -> ImageLimits:
    """The limits for ``purpose`` from the environment (see the module docstring for the defaults)."""
    if purpose == "verify":
        pixels = _env_int(ENV_VERIFY_MAX_PIXELS, DEFAULT_VERIFY_MAX_PIXELS)
    else:
        pixels = _env_int(ENV_MAX_PIXELS, DEFAULT_MAX_PIXELS)
    return ImageLimits(max_pixels=pixels, max_bytes=_env_int(ENV_MAX_BYTES, DEFAULT_MAX_BYTES))


def read_image_file(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed), at most ``max_bytes``.

    Raises ImageInputError naming the path for a missing file, a folder, a FIFO, a device or
    socket, or a file larger than the cap; nothing is read from anything but a regular file.
    """
    where = str(path)
    limit = max_bytes if max_bytes is not None else image_limits().max_bytes
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as err:
        if os.path.islink(path):
            raise ImageInputError(
                f"a broken symbolic link (its target {os.readlink(path)} does not exist)",
                where=where,
                fix="restore the target or remove the link",
            ) from err
        raise ImageInputError("no such file", where=where, fix="check the path") from err
    except IsADirectoryError as err:
        raise ImageInputError(
            "is a folder, not an image file", where=where, fix="give the path of an image file"
        ) from err
    except OSError as err:
        raise ImageInputError(
            f"cannot open the file: {err.strerror or err}", where=where, fix="check the path and its permissions"
        ) from err
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ImageInputError("is a folder, not an image file", where=where, fix="give the path of an image file")
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "a FIFO"
                if stat.S_ISFIFO(info.st_mode)
                else "a device"
                if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "not a regular file"
            )
            raise ImageInputError(
                f"{kind}, not a regular file: nothing was read", where=where, fix="give the path of an image file"
            )
        if info.st_size > limit:
            raise ImageInputError(
                f"file is {info.st_size:,} bytes; the limit is {limit:,}",
                where=where,
                fix=f"downscale or recompress the image, or raise ${ENV_MAX_BYTES}",
            )
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew while we read it
                raise ImageInputError(
                    f"file is larger than the limit of {limit:,} bytes", where=where, fix=f"raise ${ENV_MAX_BYTES}"
                )
        return b"".join(chunks)
    except OSError as err:
        raise ImageInputError(
            f"cannot read the file: {err.strerror or err}", where=where, fix="check the path"
        ) from err
    finally:
        os.close(fd)
