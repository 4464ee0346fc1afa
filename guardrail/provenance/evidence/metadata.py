"""Unsigned metadata about AI: XMP ``Iptc4xmpExt:DigitalSourceType`` and generator text chunks.

XMP is found by its packet in any container (PNG iTXt, JPEG APP1, WebP/AVIF/HEIF/TIFF boxes and
tags all store it as plain text; compressed PNG chunks are inflated first). Generator records:
AUTOMATIC1111 writes a PNG text chunk ``parameters``; ComfyUI writes ``prompt`` and ``workflow``
(JSON). None of this is signed: anybody can write or strip it.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zlib
from typing import Any

from guardrail.provenance.evidence.models import (
    GeneratorChunk,
    MetadataEvidence,
    SourceTypeDeclaration,
)
from guardrail.provenance.source_types import classify, term

__all__ = ["gather_metadata", "png_text_chunks"]

_MAX_TEXT = 4_000_000  # bytes of one inflated text chunk read at most
_XMP_PACKET = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)
# Any namespace prefix: XMP binds the IPTC Extension namespace to whatever prefix the writer chose
# (exiftool writes Iptc4xmpExt, others iptcExt or ns1); a declaration must not hide behind a prefix.
_DST = re.compile(
    r"[A-Za-z_][\w.-]*:DigitalSourceType\s*=\s*[\"']([^\"']+)[\"']"  # attribute form
    # element / resource form
    r"|<[A-Za-z_][\w.-]*:DigitalSourceType(?:\s+rdf:resource\s*=\s*[\"']([^\"']+)[\"'])?\s*/?>\s*([^<\s]*)",
)
_A1111_MODEL = re.compile(r"(?:^|,\s*)Model:\s*([^,\n]+)")


def png_text_chunks(data: bytes) -> dict[str, str]:
    """Text chunks (tEXt, zTXt, iTXt) of a PNG by keyword; later chunks do not replace earlier ones."""
    out: dict[str, str] = {}
    pos = 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IEND":
            break
        try:
            if kind == b"tEXt":
                key, _, text = body.partition(b"\x00")
                value = text.decode("latin-1")
            elif kind == b"zTXt":
                key, _, rest = body.partition(b"\x00")
                value = _inflate(rest[1:]).decode("latin-1")
            elif kind == b"iTXt":
                key, _, rest = body.partition(b"\x00")
                compressed, rest = rest[0], rest[2:]
                _lang, _, rest = rest.partition(b"\x00")
                _tkey, _, text = rest.partition(b"\x00")
                value = (_inflate(text) if compressed else text).decode("utf-8", "replace")
            else:
                continue
        except (zlib.error, IndexError):
            continue
        out.setdefault(key.decode("latin-1"), value)
    return out


def _inflate(raw: bytes) -> bytes:
    d = zlib.decompressobj()
    return d.decompress(raw, _MAX_TEXT)


def _xmp_declarations(xmp_texts: list[str]) -> list[SourceTypeDeclaration]:
    out: list[SourceTypeDeclaration] = []
    for text in xmp_texts:
        for m in _DST.finditer(text):
            value = next((g for g in m.groups() if g), None)
            if value:
                out.append(
                    SourceTypeDeclaration(
                        source_type=value,
                        term=term(value),
                        kind=classify(value),
                        where="XMP metadata (Iptc4xmpExt:DigitalSourceType)",
                        signed=False,
                    )
                )
    return out


def _comfy_model(text: str) -> str | None:
    """The checkpoint a ComfyUI ``prompt`` (node id -> node) or ``workflow`` ({"nodes": [...]}) names."""
    try:
        graph: Any = json.loads(text)
    except ValueError:
        return None
    if not isinstance(graph, dict):
        return None
    nodes = graph["nodes"] if isinstance(graph.get("nodes"), list) else list(graph.values())
    for node in nodes:
        if not isinstance(node, dict):
            continue
        inputs = node.get("inputs")
        if isinstance(inputs, dict):
            for key in ("ckpt_name", "unet_name", "model_name"):
                if isinstance(inputs.get(key), str):
                    return inputs[key]
        values = node.get("widgets_values")
        if (
            "Checkpoint" in str(node.get("type", ""))
            and isinstance(values, list)
            and values
            and isinstance(values[0], str)
        ):
            return values[0]
    return None


def _generators(chunks: dict[str, str]) -> list[GeneratorChunk]:
    out: list[GeneratorChunk] = []
    for where in ("parameters", "EXIF UserComment"):
        params = chunks.get(where)
        if params and ("Steps:" in params or "Sampler:" in params):
            m = _A1111_MODEL.search(params)
            out.append(
                GeneratorChunk(
                    generator="AUTOMATIC1111", key=where, model=m.group(1).strip() if m else None, excerpt=params[:120]
                )
            )
    for key in ("prompt", "workflow"):
        text = chunks.get(key)
        if text and text.lstrip().startswith("{"):
            out.append(GeneratorChunk(generator="ComfyUI", key=key, model=_comfy_model(text), excerpt=text[:120]))
    return out


_USER_COMMENT = 0x9286  # EXIF UserComment (in the Exif IFD, 0x8769)


def exif_user_comment(data: bytes) -> str | None:
    """The EXIF UserComment of a JPEG/WebP/AVIF/HEIF/TIFF as text (AUTOMATIC1111 writes its
    ``parameters`` there for every format but PNG: ``UNICODE\\0`` + UTF-16, or ``ASCII\\0\\0\\0``)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            raw = img.getexif().get_ifd(0x8769).get(_USER_COMMENT)
    except Exception:  # undecodable or absent EXIF is no declaration; Pillow raises many types
        return None
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, bytes) or len(raw) <= 8:
        return None
    prefix, body = raw[:8], raw[8:]
    if prefix.startswith(b"UNICODE"):
        return body.decode("utf-16-be" if body[:1] == b"\x00" else "utf-16-le", "replace")
    return body.decode("latin-1").rstrip("\x00")


def gather_metadata(data: bytes, fmt: str) -> MetadataEvidence:
    """Unsigned AI declarations in ``data`` (any container)."""
    chunks = png_text_chunks(data) if fmt == "png" else {}
    if fmt != "png":
        comment = exif_user_comment(data)
        if comment:
            chunks["EXIF UserComment"] = comment  # an AUTOMATIC1111 record is recognised by its content, as in PNG
    xmp = [m.group(0).decode("utf-8", "replace") for m in _XMP_PACKET.finditer(data)]
    if "XML:com.adobe.xmp" in chunks:  # a compressed iTXt chunk is not visible to the raw scan above
        inflated = [
            m.group(0).decode("utf-8", "replace") for m in _XMP_PACKET.finditer(chunks["XML:com.adobe.xmp"].encode())
        ]
        xmp.extend(p for p in inflated if p not in xmp)
    return MetadataEvidence(declarations=_xmp_declarations(xmp), generators=_generators(chunks))
