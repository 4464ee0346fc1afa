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


_BY_LOWER: dict[str, str] = {name.lower(): name for name in SOURCE_TYPES}


def term(uri: str) -> str:
    """The bare term of a source type URI in either spelling (``trainedAlgorithmicMedia``).

    Read leniently, so that no spelling hides a declaration: the scheme and host compare without
    case (the same URI by RFC 3986), a query or fragment is dropped, and a known term is matched
    without case (no two terms differ only by case) and returned in its canonical spelling.
    """
    value = uri.strip()
    lowered = value.lower()
    for prefix in IPTC_PREFIXES:
        if lowered.startswith(prefix):
            value = value[len(prefix) :].split("#", 1)[0].split("?", 1)[0].strip("/")
            break
    return _BY_LOWER.get(value.lower(), value)


def classify(uri: str) -> SourceTypeClass:
    """What a declared source type says about AI (either spelling; a bare term too)."""
    return SOURCE_TYPES.get(term(uri), "unknown")
