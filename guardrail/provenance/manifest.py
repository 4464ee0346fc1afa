"""The C2PA manifest guardrail signs, built as plain data in one place."""

from __future__ import annotations

from typing import Any

from guardrail.formats import SIGNABLE

__all__ = [
    "AI_SOURCE_TYPE",
    "GENERATION_LABEL",
    "build_manifest",
    "declares_ai",
    "generation_assertion",
    "watermark_config",
]

AI_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
GENERATION_LABEL = "org.guardrail.generation"


def build_manifest(
    *,
    model_id: str,
    policy_name: str,
    policy_hash: str,
    watermark_id: str,
    watermark_backend: str,
    fingerprint: str,
    fmt: str,
    extra: dict[str, Any] | None = None,
    watermark_options: dict[str, Any] | None = None,
    fingerprint_crops: list[str] | None = None,
    verification_codes: list[str] | None = None,
) -> dict[str, Any]:
    """The manifest definition: ``c2pa.created`` by a trained model, plus guardrail's assertion.

    ``watermark_options`` (the policy's ``provenance.watermark.options``) are recorded so a
    verifier can read a mark made with non-default options. ``fingerprint_crops`` (64-bit codes of
    the reference crops) and ``verification_codes`` (256-bit codes, canonical then crops) are signed
    too: verify accepts a crop of a release only by these signed codes, never by the store's
    unsigned copy of them (an edited store row could point them at any content).
    """
    from guardrail import __version__

    agent = {"name": "guardrail", "version": __version__}
    generation: dict[str, Any] = {
        "model": model_id,
        "policy": {"name": policy_name, "hash": policy_hash},
        "watermark": {"id": watermark_id, "backend": watermark_backend, "options": dict(watermark_options or {})},
        "fingerprint": {"kind": "dct64-v1", "hex": fingerprint},
    }
    if fingerprint_crops:
        generation["fingerprint"]["crops"] = list(fingerprint_crops)
    if verification_codes:
        generation["fingerprint"]["verification"] = {"kind": "dct256-v1", "codes": list(verification_codes)}
    if extra:
        generation["extra"] = extra
    return {
        "claim_generator_info": [agent],
        "title": f"guardrail release {watermark_id}.{fmt}",
        "format": SIGNABLE[fmt].mime,
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": AI_SOURCE_TYPE,
                            "softwareAgent": agent,
                            "parameters": {"model": model_id},
                        }
                    ]
                },
            },
            {"label": GENERATION_LABEL, "data": generation},
        ],
    }


def generation_assertion(manifest: dict[str, Any]) -> dict[str, Any]:
    """guardrail's own assertion from a manifest (as read back or as stored), or {}."""
    for assertion in manifest.get("assertions", []):
        if assertion.get("label") == GENERATION_LABEL:
            return dict(assertion.get("data") or {})
    return {}


def watermark_config(manifest: dict[str, Any]) -> dict[str, Any] | None:
    """``{"backend": ..., "options": {...}}`` the manifest's release was marked with, or None."""
    mark = generation_assertion(manifest).get("watermark") or {}
    if not mark.get("backend"):
        return None
    return {"backend": str(mark["backend"]), "options": dict(mark.get("options") or {})}


def declares_ai(manifest: dict[str, Any]) -> bool:
    """True when an actions assertion says the asset was created by a trained model."""
    for assertion in manifest.get("assertions", []):
        if str(assertion.get("label", "")).startswith("c2pa.actions"):
            for action in (assertion.get("data") or {}).get("actions", []):
                if action.get("digitalSourceType") == AI_SOURCE_TYPE:
                    return True
    return False
