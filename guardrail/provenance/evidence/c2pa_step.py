"""C2PA evidence: validation state, trust, and every digital source type down the ingredient chain."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from guardrail.provenance.c2pa_io import C2paReading, read_c2pa
from guardrail.provenance.evidence.image_source import VERIFY_MIME
from guardrail.provenance.evidence.models import C2paEvidence, SourceTypeDeclaration
from guardrail.provenance.manifest import generation_assertion
from guardrail.provenance.source_types import classify, term

__all__ = ["c2pa_evidence", "declarations_in", "failure_kind", "gather_c2pa"]

# Failures that only say the signer's certificate is out of date. c2pa reports an expired leaf as
# both ``expired`` and ``untrusted`` (the chain no longer validates); anything else fails closed.
_EXPIRY_CODES = frozenset({"signingCredential.expired"})
_UNTRUSTED = "signingCredential.untrusted"
_MAX_DEPTH = 16  # ingredient chains deeper than this are not followed (a loop cannot hang verify)


def failure_kind(codes: list[str] | tuple[str, ...] | set[str]) -> str:
    """What a failed C2PA validation means: ``signer-expired`` when the only failures are the
    signing certificate's expiry (and the untrusted chain that follows from it), else ``tampered``."""
    found = set(codes)
    if found & _EXPIRY_CODES and found <= _EXPIRY_CODES | {_UNTRUSTED}:
        return "signer-expired"
    return "tampered"


def _source_types(data: Any, action: str | None = None) -> Iterator[tuple[str, str | None]]:
    """Every (digitalSourceType value, enclosing action) in an assertion's data, at any depth."""
    if isinstance(data, dict):
        here = data.get("action") if isinstance(data.get("action"), str) else action
        for key, value in data.items():
            if key in ("digitalSourceType", "digital_source_type") and isinstance(value, str):
                yield value, here
            else:
                yield from _source_types(value, here)
    elif isinstance(data, list):
        for item in data:
            yield from _source_types(item, action)


def _in_manifest(manifest: dict[str, Any], where: str, signed: bool) -> list[SourceTypeDeclaration]:
    out = []
    for assertion in manifest.get("assertions", []) or []:
        for value, action in _source_types(assertion.get("data")):
            out.append(
                SourceTypeDeclaration(
                    source_type=value, term=term(value), kind=classify(value), where=where, action=action, signed=signed
                )
            )
    return out


def _ingredient_failures(ingredient: dict[str, Any]) -> list[str]:
    """Failed codes the ingredient's own manifest had when it was added (an unknown or expired signer is trust)."""
    results = ingredient.get("validation_results") or {}
    entries = list((results.get("activeManifest") or {}).get("failure") or [])
    entries += [s for s in ingredient.get("validation_status") or [] if isinstance(s, dict)]  # older JSON
    codes = [str(f.get("code")) for f in entries if isinstance(f, dict) and f.get("code")]
    return sorted(
        {
            c
            for c in codes
            if c not in _EXPIRY_CODES | {_UNTRUSTED} and not c.endswith((".match", ".validated", ".insideValidity"))
        }
    )


def declarations_in(reading: C2paReading, *, signed: bool) -> tuple[list[SourceTypeDeclaration], int, list[str]]:
    """Source types of the active manifest and of every ingredient (depth first), the ingredient count,
    and the ingredients whose own manifest failed validation (their declarations are not signed)."""
    found: list[SourceTypeDeclaration] = []
    failed: list[str] = []
    count = 0
    seen: set[str] = set()

    def walk(manifest: dict[str, Any], where: str, depth: int, ok: bool) -> None:
        nonlocal count
        found.extend(_in_manifest(manifest, where, ok))
        if depth >= _MAX_DEPTH:
            return
        for i, ingredient in enumerate(manifest.get("ingredients", []) or [], start=1):
            count += 1
            title = ingredient.get("title")
            name = f"ingredient {i}" + (f" ({title})" if title else "")
            place = name if where == "active manifest" else f"{where} > {name}"
            problems = _ingredient_failures(ingredient)
            if problems:
                failed.append(f"{place}: {', '.join(problems)}")
            label = ingredient.get("active_manifest")
            if label and label in reading.manifests and label not in seen:
                seen.add(label)
                walk(reading.manifests[label], place, depth + 1, ok and not problems)

    if reading.active_label:
        seen.add(reading.active_label)
    walk(reading.manifest, "active manifest", 0, signed)
    return found, count, failed


def c2pa_evidence(reading: C2paReading | None) -> C2paEvidence:
    """Evidence from a reading (None: the file carries no manifest)."""
    if reading is None:
        return C2paEvidence(state=None)
    if reading.state == "Unreadable":
        return C2paEvidence(state="Unreadable", unreadable=reading.unreadable, remote_url=reading.remote_url)
    untrusted = _UNTRUSTED in reading.failure_codes
    other = [(c, f) for c, f in zip(reading.failure_codes, reading.failures, strict=True) if c != _UNTRUSTED]
    state = reading.state
    if state == "Invalid" and untrusted and not other:  # only the trust check failed: a valid signature, unknown signer
        state = "Valid"
    if state == "Invalid" and not other:  # c2pa says invalid without naming an active-manifest check: fail closed
        other = [("validation.failed", "validation.failed: c2pa reports the manifest invalid (no failed check named)")]
    valid = state in ("Trusted", "Valid")
    trust = "trusted" if state == "Trusted" else ("untrusted" if valid or untrusted else "unsigned")
    declarations, ingredients, ingredient_failures = declarations_in(reading, signed=valid)
    info = (reading.manifest.get("claim_generator_info") or [{}])[0] if reading.manifest else {}
    generator = " ".join(str(info.get(k)) for k in ("name", "version") if info.get(k)) or reading.manifest.get(
        "claim_generator"
    )
    codes = [c for c, _ in other]
    return C2paEvidence(
        state=state,
        trust=trust,
        trusted=trust == "trusted",
        signer=reading.signer,
        signed_time=reading.signed_time,
        claim_generator=generator or None,
        model=generation_assertion(reading.manifest).get("model"),
        declarations=declarations,
        declares_ai=any(d.kind in ("ai-generated", "ai-composite") for d in declarations),
        ingredients=ingredients,
        ingredient_failures=ingredient_failures,
        failures=[f for _, f in other],
        failure_codes=codes,
        failure_kind=failure_kind(codes) if state == "Invalid" else None,  # type: ignore[arg-type]
    )


def gather_c2pa(
    data: bytes, fmt: str, *, anchors: str, allow_network: bool = False
) -> tuple[C2paEvidence, dict[str, Any] | None]:
    """Read the file's manifest (offline unless ``allow_network``): its evidence and the active manifest."""
    reading = read_c2pa(data, fmt, anchors=anchors, allow_network=allow_network, mime=VERIFY_MIME[fmt])
    manifest = reading.manifest if reading is not None and reading.manifest else None
    return c2pa_evidence(reading), manifest
