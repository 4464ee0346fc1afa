"""Provenance: signing identity, invisible watermark, signed C2PA manifest, manifest store, verify.

``Marker(policy, model_id=...).mark(image)`` releases an image; ``verify_image(path)`` checks one.
Names resolve lazily so importing this package stays cheap.
"""

from __future__ import annotations

from guardrail._lazy import lazy_exports

_LAZY: dict[str, str] = {
    "Marker": "guardrail.provenance.marker",
    "MarkedImage": "guardrail.provenance.marker",
    "verify_image": "guardrail.provenance.verify",
    "ProvenanceReport": "guardrail.provenance.verify",
    "C2paEvidence": "guardrail.provenance.verify",
    "Evidence": "guardrail.provenance.evidence.models",
    "VERDICTS": "guardrail.provenance.verdicts",
    "Verdict": "guardrail.provenance.verdicts",
    "decide": "guardrail.provenance.decide",
    "WatermarkResult": "guardrail.provenance.watermark.detect",
    "ManifestStore": "guardrail.provenance.store",
    "SQLManifestStore": "guardrail.provenance.store",
    "SQLiteManifestStore": "guardrail.provenance.store",
    "ManifestRecord": "guardrail.provenance.store",
    "SigningIdentity": "guardrail.provenance.keys",
    "IdentityInfo": "guardrail.provenance.keys",
    "init_identity": "guardrail.provenance.keys",
    "load_identity": "guardrail.provenance.keys",
    "identity_from_callback": "guardrail.provenance.keys",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
