"""Public AI watermarks: the fixed dwtDct messages Stable Diffusion's reference code embeds.

- ``sdxl-dwtDct``: diffusers' ``StableDiffusionXLWatermarker`` (invisible-watermark ``dwtDct``,
  the fixed 48-bit message ``0b101100111110110010010000011110111011000110011110``).
- ``sd1-dwtDct``: the CompVis/Stability txt2img scripts (``dwtDct``, the bytes ``StableDiffusionV1``).

dwtDct hides each bit in the largest non-DC coefficient of a 4x4 block of the Haar LL band of U
(step 36). The reader here is a vectorised version of invisible-watermark's decoder that keeps the
per-bit vote averages; the detection statistic is the number of hard bits that agree with the known
message, taken in both polarities (a read that comes out inverted is still the mark; both count in the FPR).
Reading is unreliable even on unattacked images (FINDINGS 2026-12-03), so the threshold of each
detector was chosen on unmarked images for a target false-positive rate and the rate reported is
the one measured on a held-out half (``benchmarks/verify_bench.py --calibrate``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from guardrail.provenance.evidence.models import PublicWatermarkResult

__all__ = [
    "PUBLIC_DETECTORS",
    "PublicDetector",
    "agreement_bits",
    "dwtdct_block_votes",
    "dwtdct_votes",
    "read_public_watermarks",
]

_BLOCK = 4
_SCALE = 36.0
_FLAT_PTP = 0.5  # a block whose values span less than this is constant (LL units)
_MIN_NON_CONSTANT = 0.5  # below this share of non-constant blocks an image is too flat to read
SDXL_MESSAGE = 0b101100111110110010010000011110111011000110011110
SDXL_BITS: tuple[int, ...] = tuple(int(b) for b in bin(SDXL_MESSAGE)[2:])
SD1_BITS: tuple[int, ...] = tuple(int(b) for b in np.unpackbits(np.frombuffer(b"StableDiffusionV1", dtype=np.uint8)))


class PublicDetector(BaseModel):
    """A known public message read with dwtDct, its threshold and its measured false-positive rate."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="Registry key.")
    description: str = Field(description="Who embeds it.")
    message: tuple[int, ...] = Field(description="The fixed message bits.")
    threshold: int = Field(description="Agreeing bits counted as detected (chosen on the calibration half).")
    fpr: float = Field(
        description="False-positive rate at that threshold, measured on the held-out half of the unmarked images."
    )
    fpr_images: int = Field(description="Unmarked images the FPR was measured on (held-out half).")

    def read(self, rgb: np.ndarray, block_votes: np.ndarray | None = None) -> PublicWatermarkResult:
        """Score ``rgb`` (HxWx3 uint8) against the message (``block_votes``: ``dwtdct_block_votes(rgb)``, if known)."""
        votes = dwtdct_votes(rgb, len(self.message), block_votes)
        bits = len(self.message)
        if votes is None:
            return PublicWatermarkResult(
                detector=self.name, detected=False, agreement=0, bits=bits, threshold=self.threshold, tries=0, fpr=0.0
            )
        agreement = agreement_bits(votes, self.message)
        return PublicWatermarkResult(
            detector=self.name,
            detected=agreement >= self.threshold,
            agreement=agreement,
            bits=bits,
            threshold=self.threshold,
            tries=2,
            fpr=self.fpr,
        )


def agreement_bits(votes: np.ndarray, message: tuple[int, ...]) -> int:
    """Hard bits (vote average > 0.5) agreeing with ``message``, the better of the two polarities."""
    agree = int(((votes > 0.5).astype(int) == np.asarray(message)).sum())
    return max(agree, len(message) - agree)


def dwtdct_block_votes(rgb: np.ndarray) -> np.ndarray | None:
    """invisible-watermark's dwtDct vote (0/1) of every 4x4 block of the Haar LL band of U (step 36),
    row-major; None if the image is too small or too flat. The same for every message: compute once per image."""
    import cv2

    from guardrail.provenance.watermark.colour import rgb_to_yuv

    rows, cols = rgb.shape[0] // 4 * 4, rgb.shape[1] // 4 * 4
    if rows * cols < 256 * 256:
        return None
    u = rgb_to_yuv(rgb if rgb.shape[-1] == 3 else rgb[..., :3])[:rows, :cols, 1]  # per pixel: crop after is the same
    # Haar LL band (what pywt.dwt2(..., "haar")[0] gives): each 2x2 pixel sum over 2, here as OpenCV's
    # area average of the 8-bit plane times 2 (exact: the sums of four 8-bit values and the 1/4 are
    # dyadic numbers of a few bits in float32)
    ll = cv2.resize(u.astype(np.float32), (cols // 2, rows // 2), interpolation=cv2.INTER_AREA).astype(np.float64)
    ll *= 2.0
    h, w = ll.shape[0] // _BLOCK, ll.shape[1] // _BLOCK
    # the blocks laid out (16, n): each block is a column, so the per-block reductions run along rows
    blocks = ll[: h * _BLOCK, : w * _BLOCK].reshape(h, _BLOCK, w, _BLOCK).transpose(1, 3, 0, 2).reshape(_BLOCK**2, -1)
    val = np.abs(blocks[1:]).max(axis=0)  # the largest non-DC magnitude of each block
    # A constant block votes by its colour alone, and embedding moves one value of every block, so a
    # marked image has almost none: an image mostly made of them (flat stripes, flat art) is too flat to
    # carry this mark. Without this rule 6 of 3,000 striped images agreed on 92-96 of sd1's 136 bits.
    if (blocks.max(axis=0) - blocks.min(axis=0) >= _FLAT_PTP).mean() < _MIN_NON_CONSTANT:
        return None
    return (np.mod(val, _SCALE) > _SCALE * 0.5).astype(np.float64)


def dwtdct_votes(rgb: np.ndarray, n_bits: int, block_votes: np.ndarray | None = None) -> np.ndarray | None:
    """Per-bit mean of invisible-watermark's dwtDct block votes (U channel, step 36); None if too small or too flat.

    ``block_votes``: ``dwtdct_block_votes(rgb)`` when already computed (one pass serves every message).
    """
    votes = dwtdct_block_votes(rgb) if block_votes is None else block_votes
    if votes is None:
        return None
    idx = np.arange(votes.size) % n_bits
    counts = np.bincount(idx, minlength=n_bits)
    if (counts == 0).any():
        return None
    return np.bincount(idx, weights=votes, minlength=n_bits) / counts


# Thresholds and held-out FPRs from `python benchmarks/verify_bench.py --calibrate` (see docs/verify.md):
# threshold = above every one of 600 calibration images and at most 1e-4 on random bits; fpr = the
# one-sided 95% Clopper-Pearson upper bound of 0 false positives in 600 held-out images.
PUBLIC_DETECTORS: dict[str, PublicDetector] = {
    "sdxl-dwtDct": PublicDetector(
        name="sdxl-dwtDct",
        description="Stable Diffusion XL (diffusers StableDiffusionXLWatermarker)",
        message=SDXL_BITS,
        threshold=38,
        fpr=4.98e-3,
        fpr_images=600,  # 0 of 600 held-out; calibration max 33/48
    ),
    "sd1-dwtDct": PublicDetector(
        name="sd1-dwtDct",
        description="Stable Diffusion 1.x/2.x reference scripts ('StableDiffusionV1')",
        message=SD1_BITS,
        threshold=91,
        fpr=4.98e-3,
        fpr_images=600,  # 0 of 600 held-out; calibration max 84/136
    ),
}


def read_public_watermarks(rgb: np.ndarray, names: list[str] | None = None) -> list[PublicWatermarkResult]:
    """Every public detector's read of ``rgb`` (all registered ones unless ``names``)."""
    out = []
    block_votes = dwtdct_block_votes(rgb)  # every detector reads the same blocks
    for name in names or list(PUBLIC_DETECTORS):
        detector: Any = PUBLIC_DETECTORS[name]
        out.append(detector.read(rgb, block_votes) if block_votes is not None else detector.read(rgb))
    return out
