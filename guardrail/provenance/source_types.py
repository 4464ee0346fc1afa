"""The IPTC digital source type vocabulary, as C2PA manifests and XMP use it.

Terms come as ``http://cv.iptc.org/newscodes/digitalsourcetype/TERM`` or with ``https://``; both
spellings occur in real files and mean the same. Each term falls in one class: ``ai-generated``
(made by a model or algorithm), ``ai-composite`` (AI content combined with other content),
``not-ai`` (captures, human edits, minor algorithmic enhancement) or ``unknown`` (not in the list).
"""

from __future__ import annotations

from typing import Literal

__all__ = ["IPTC_PREFIXES", "SOURCE_TYPES", "SourceTypeClass", "classify", "term"]

SourceTypeClass = Literal["ai-generated", "ai-composite", "not-ai", "unknown"]

IPTC_PREFIXES: tuple[str, ...] = (
    "http://cv.iptc.org/newscodes/digitalsourcetype/",
    "https://cv.iptc.org/newscodes/digitalsourcetype/",
)

# The whole controlled vocabulary (IPTC NewsCodes "digitalsourcetype", including retired terms
# still found in files) and what each says about AI.
SOURCE_TYPES: dict[str, SourceTypeClass] = {
    "trainedAlgorithmicMedia": "ai-generated",
    "algorithmicMedia": "ai-generated",
    "compositeWithTrainedAlgorithmicMedia": "ai-composite",
    "compositeSynthetic": "ai-composite",
    "digitalCapture": "not-ai",
    "computationalCapture": "not-ai",
    "negativeFilm": "not-ai",
    "positiveFilm": "not-ai",
    "print": "not-ai",
    "humanEdits": "not-ai",
    "minorHumanEdits": "not-ai",
    "compositeCapture": "not-ai",
    "algorithmicallyEnhanced": "not-ai",
    "dataDrivenMedia": "not-ai",
    "digitalCreation": "not-ai",
    "digitalArt": "not-ai",
    "virtualRecording": "not-ai",
    "screenCapture": "not-ai",
    "composite": "not-ai",
    "softwareImage": "not-ai",
}


def term(uri: str) -> str:
    """The bare term of a source type URI in either spelling (``trainedAlgorithmicMedia``)."""
    value = uri.strip()
    for prefix in IPTC_PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix):].strip("/")
    return value


def classify(uri: str) -> SourceTypeClass:
    """What a declared source type says about AI (either spelling; a bare term too)."""
    return SOURCE_TYPES.get(term(uri), "unknown")
