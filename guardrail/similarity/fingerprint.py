"""Perceptual fingerprints: compact binary codes that survive what copies go through.

The canonical code (``compute_fingerprint``) is a 64-bit DCT sign hash (pHash family): the
image is converted to luminance, box-resized to 64x64, transformed with a 2-D DCT, and the 8x8
lowest-frequency coefficients are compared with the median of the AC ones. Measured on
scikit-image photos, an 8x8 block survives resizing, JPEG and brightness far better than PDQ's
16x16 block, which flips many bits of near-zero coefficients (see docs/checks.md). Re-encoding, resizing and
brightness/contrast changes barely move low-frequency signs; a horizontal flip negates every
coefficient with an odd horizontal frequency, so the matcher also queries with the mirror's code
(``query_variants``); crops change scale and position, so references also store codes of
crops at several window positions (``reference_variants``); small rotations are undone on the
query side (rotated back +-2 degrees and centre-cropped). ``benchmarks/similarity_bench.py``
measures all of this.

A 64-bit code is short enough for a fast index but, across a million references with ~28 codes
each, a random unrelated image lands within 8 bits of some code a few percent of the time. So
every variant also has a 256-bit *verification code* (``dct256-v1``: the 16x16 lowest-frequency
DCT signs of the same 64x64 grid, costing one more slice of the same transform). The index finds
candidates with the 64-bit codes; the matcher then compares the 256-bit codes of the same
(query variant, reference variant) pairs, which rejects a random candidate (see docs/checks.md).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageOps
from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import ImageInputError, InputError
from guardrail.similarity.hamming import hamming_distance

__all__ = [
    "FINGERPRINT_BITS",
    "FINGERPRINT_KIND",
    "VERIFY_BITS",
    "VERIFY_KIND",
    "Fingerprint",
    "compute_fingerprint",
    "compute_verification_code",
    "fingerprint_distance",
    "query_variants",
    "reference_variants",
]

FINGERPRINT_KIND = "dct64-v1"
FINGERPRINT_BITS = 64
_GRID = 64  # resize side before the DCT
_BLOCK = 8  # low-frequency block side: 8x8 = 64 bits
VERIFY_KIND = "dct256-v1"
VERIFY_BITS = 256
_VERIFY_BLOCK = 16  # 16x16 = 256 bits
_MIN_SIDE = 8
# Stored crop codes of a reference: (kept fraction of each side, horizontal and vertical offset of
# the kept window in [0, 1]; 0.5 = centred). Chosen with benchmarks/similarity_bench.py.
_POSITIONS = (
    (0.5, 0.5),
    (0.0, 0.0),
    (1.0, 0.0),
    (0.0, 1.0),
    (1.0, 1.0),
    (0.5, 0.0),
    (0.5, 1.0),
    (0.0, 0.5),
    (1.0, 0.5),
)
REFERENCE_CROPS: tuple[tuple[float, float, float], ...] = tuple(
    (keep, ox, oy) for keep in (0.95, 0.9, 0.85) for ox, oy in _POSITIONS
)


class Fingerprint(BaseModel):
    """A binary perceptual code of one image (or of one variant of it)."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="Algorithm and version, e.g. 'dct64-v1'. Codes of different kinds never compare.")
    bits: int = Field(description="Number of bits in the code.")
    code: bytes = Field(description="The code, big-endian bit order (numpy packbits).")
    variant: str = Field(
        "canonical", description="Which transform of the image produced it: canonical, mirror, crop90, ..."
    )

    @property
    def hex(self) -> str:
        """The code as lowercase hex (what manifests and the registry store)."""
        return self.code.hex()


@lru_cache(maxsize=4)
def _dct_matrix(n: int) -> np.ndarray:
    """Orthonormal DCT-II matrix of size n x n."""
    k = np.arange(n)[:, None]
    i = np.arange(n)[None, :]
    mat = np.cos(np.pi * (2 * i + 1) * k / (2 * n)) * np.sqrt(2.0 / n)
    mat[0, :] = np.sqrt(1.0 / n)
    return mat.astype(np.float64)


def _luma_grid(img: Image.Image) -> np.ndarray:
    if img.width < _MIN_SIDE or img.height < _MIN_SIDE:
        raise ImageInputError(
            f"image is {img.width}x{img.height}, smaller than {_MIN_SIDE}x{_MIN_SIDE}",
            where="image",
            fix="fingerprint images of at least 8 pixels per side",
        )
    gray = img.convert("L")
    # Two-step reduce keeps resizing cheap on large images and anti-aliased (box filter).
    if gray.width > 4 * _GRID and gray.height > 4 * _GRID:
        gray = gray.reduce(max(1, min(gray.width, gray.height) // (2 * _GRID)))
    gray = gray.resize((_GRID, _GRID), Image.Resampling.BOX)
    return np.asarray(gray, dtype=np.float64)


def _signs(coeffs: np.ndarray, block: int) -> bytes:
    low = coeffs[:block, :block].ravel()
    return np.packbits(low > np.median(low[1:])).tobytes()  # the DC term (bit 0) is always set


def _code_from_grid(grid: np.ndarray) -> bytes:
    d = _dct_matrix(_GRID)
    return _signs(d @ grid @ d.T, _BLOCK)


def _codes(img: Image.Image, variant: str, verification: bool) -> list[Fingerprint]:
    """The index code of ``img`` (and its verification code, from the same DCT) as fingerprints."""
    d = _dct_matrix(_GRID)
    coeffs = d @ _luma_grid(img) @ d.T
    out = [Fingerprint(kind=FINGERPRINT_KIND, bits=FINGERPRINT_BITS, code=_signs(coeffs, _BLOCK), variant=variant)]
    if verification:
        out.append(Fingerprint(kind=VERIFY_KIND, bits=VERIFY_BITS, code=_signs(coeffs, _VERIFY_BLOCK), variant=variant))
    return out


def _fingerprint(img: Image.Image, variant: str) -> Fingerprint:
    return Fingerprint(
        kind=FINGERPRINT_KIND, bits=FINGERPRINT_BITS, code=_code_from_grid(_luma_grid(img)), variant=variant
    )


def compute_fingerprint(img: Image.Image) -> Fingerprint:
    """Return the canonical fingerprint of ``img`` (the one code stored with a manifest or reference)."""
    return _fingerprint(img, "canonical")


def compute_verification_code(img: Image.Image) -> Fingerprint:
    """Return the canonical 256-bit verification code (``dct256-v1``) of ``img``."""
    return _codes(img, "canonical", True)[1]


def _by_kind(codes: list[Fingerprint]) -> list[Fingerprint]:
    """Index codes first, then verification codes (each group in variant order)."""
    return [f for f in codes if f.kind == FINGERPRINT_KIND] + [f for f in codes if f.kind != FINGERPRINT_KIND]


def _crop(img: Image.Image, keep: float, ox: float, oy: float) -> Image.Image:
    w, h = img.size
    cw, ch = max(1, round(w * keep)), max(1, round(h * keep))
    left, top = round((w - cw) * ox), round((h - ch) * oy)
    return img.crop((left, top, left + cw, top + ch))


def reference_variants(img: Image.Image, *, verification: bool = False) -> list[Fingerprint]:
    """Codes stored for a protected reference: canonical first, then crops (``crop90@0.5,0.5``...).

    With ``verification=True`` the 256-bit verification codes of the same variants follow.
    """
    gray = img.convert("L")
    out = _codes(gray, "canonical", verification)
    for keep, ox, oy in REFERENCE_CROPS:
        out += _codes(_crop(gray, keep, ox, oy), f"crop{round(keep * 100)}@{ox:g},{oy:g}", verification)
    return _by_kind(out)


QUERY_ROTATIONS: tuple[float, ...] = (-2.0, 2.0)  # degrees; undo small rotations of a copy


def _small_for_rotation(gray: Image.Image) -> Image.Image:
    """A luminance copy whose short side is 2x the fingerprint grid (rotating it is ~30x cheaper
    than rotating the full RGB image, and the code only sees a 64x64 grid anyway)."""
    side = 2 * _GRID
    short = min(gray.size)
    if short <= side:
        return gray
    if short >= 4 * side:
        gray = gray.reduce(short // (2 * side))  # cheap box pre-shrink, still >= 2x the target
        short = min(gray.size)
    scale = side / short
    return gray.resize(
        (max(side, round(gray.width * scale)), max(side, round(gray.height * scale))), Image.Resampling.BOX
    )


def query_variants(img: Image.Image, *, verification: bool = False) -> list[Fingerprint]:
    """Codes a query image is searched with: canonical, horizontal mirror, small rotations.

    With ``verification=True`` the 256-bit verification codes of the same variants follow.
    """
    gray = img.convert("L")  # every code is computed from luminance: convert once
    out = _codes(gray, "canonical", verification) + _codes(ImageOps.mirror(gray), "mirror", verification)
    small = _small_for_rotation(gray)
    for angle in QUERY_ROTATIONS:
        # Rotating back leaves black corners; a centred crop drops them (matches stored crop codes).
        turned = _crop(small.rotate(angle, resample=Image.Resampling.BILINEAR), 0.92, 0.5, 0.5)
        out += _codes(turned, f"rotate{angle:+g}", verification)
    return _by_kind(out)


def fingerprint_distance(a_hex: str, b_hex: str) -> int:
    """Hamming distance in bits between two hex codes of the same length."""
    try:
        a, b = bytes.fromhex(a_hex), bytes.fromhex(b_hex)
    except ValueError as err:
        raise InputError(
            f"not a hex fingerprint: {err}", where="fingerprint", fix="pass Fingerprint.hex values"
        ) from err
    return hamming_distance(a, b)
