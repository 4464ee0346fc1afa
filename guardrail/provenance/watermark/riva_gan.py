"""``rivaGan`` (invisible-watermark): a learned 32-bit watermark, robust to crops, ~1 s per call.

32 bits cannot hold the full codeword, so this backend carries the id's 32-bit tag
(``codec.watermark_tag``). A tag is only evidence once the manifest store holds an id with that
tag: the false-positive rate is then ``stored_ids / 2**32`` per image (2.3e-7 for 1,000 ids).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["RivaGanBackend", "RivaGanOptions"]


class RivaGanOptions(BaseModel):
    """Options of the rivaGan backend."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_side: int = Field(256, ge=64, description="Smallest image side accepted for embedding, in pixels.")


class RivaGanBackend:
    """invisible-watermark's rivaGan (ONNX models shipped in its wheel), 32 bits."""

    name = "rivaGan"
    capacity_bits: int | None = 32

    def __init__(self, options: RivaGanOptions | None = None) -> None:
        self.options = options or RivaGanOptions()
        self.min_side = self.options.min_side

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> RivaGanBackend:
        """Build from the policy's options mapping (validated)."""
        return cls(RivaGanOptions.model_validate(options))

    @staticmethod
    def _model():
        from imwatermark.rivaGan import RivaWatermark

        RivaWatermark.loadModel()
        return RivaWatermark

    def embed(self, rgb: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """Mark ``rgb`` with 32 bits."""
        import cv2

        riva = self._model()([int(b) for b in np.asarray(bits).reshape(-1)], 32)
        bgr = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2BGR)
        return cv2.cvtColor(riva.encode(bgr), cv2.COLOR_BGR2RGB)

    def extract(self, rgb: np.ndarray, n_bits: int) -> list[np.ndarray]:
        """The decoder's 32 soft outputs (one hypothesis)."""
        import cv2

        riva_cls = self._model()
        bgr = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2BGR)
        frame = np.asarray([bgr], dtype=np.float32) / 127.5 - 1.0
        frame = np.transpose(frame, (3, 0, 1, 2))[None]  # 1, C, T, H, W
        scores = riva_cls.decoder.run(None, {"frame": frame})[0][0]
        return [np.clip(np.asarray(scores, dtype=np.float64)[:n_bits], 0.0, 1.0)]
