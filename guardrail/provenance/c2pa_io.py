"""Sign and read C2PA manifests with c2pa-python, each call with its own ``Context``.

Reading trusts our local root (when it exists) plus any PEM bundles given with ``--trust``.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import InputError, ProvenanceError
from guardrail.formats import SIGNABLE
from guardrail.provenance.keys import SigningIdentity, trusted_roots

__all__ = ["C2paReading", "MIME_TYPES", "read_c2pa", "sign_c2pa", "trust_anchors"]

log = logging.getLogger(__name__)

MIME_TYPES: dict[str, str] = {name: fmt.mime for name, fmt in SIGNABLE.items()}

C2paState = Literal["Trusted", "Valid", "Invalid"]


class C2paReading(BaseModel):
    """What the C2PA reader found in a file that carries a manifest."""

    model_config = ConfigDict(frozen=True)

    state: C2paState = Field(description="Trusted (valid, signer chains to a trust anchor), Valid (valid, signer unknown) or Invalid.")
    signer: str | None = Field(None, description="Signer common name and issuer from the signature.")
    signed_time: str | None = Field(None, description="Signing time (only present with a timestamp authority).")
    failures: list[str] = Field(default_factory=list, description="Failed validation codes with their explanations.")
    failure_codes: list[str] = Field(default_factory=list, description="The failed validation codes alone (e.g. signingCredential.expired).")
    manifest: dict[str, Any] = Field(default_factory=dict, description="The active manifest as plain data.")


def sign_c2pa(
    data: bytes, fmt: str, manifest: dict[str, Any], identity: SigningIdentity, *, thumbnail: bool = False
) -> tuple[bytes, bytes]:
    """Embed and sign ``manifest`` in the image ``data``; return (signed file bytes, manifest bytes)."""
    import c2pa

    mime = MIME_TYPES[fmt]
    ctx = c2pa.Context.from_dict({"builder": {"thumbnail": {"enabled": bool(thumbnail)}}})
    signer = identity.c2pa_signer()
    try:
        with c2pa.Builder(manifest, ctx) as builder:
            out = io.BytesIO()
            manifest_bytes = builder.sign(signer, mime, io.BytesIO(data), out)
    except c2pa.C2paError as err:
        raise ProvenanceError(
            f"C2PA signing failed: {err}", where="c2pa.sign",
            fix="check the signing identity (guardrail keys show) and the image format",
        ) from err
    finally:
        signer.close()
        ctx.close()
    return out.getvalue(), bytes(manifest_bytes)


def trust_anchors(extra: list[Path] | None = None) -> str:
    """PEM text of the trust anchors: the local roots (current and ``keys.*.bak``) and every extra bundle."""
    parts: list[str] = [root.read_text() for root in trusted_roots()]  # current and backed-up local roots
    for path in extra or []:
        parts.append(_read_bundle(Path(path)))
    return "\n".join(parts)


def _read_bundle(path: Path) -> str:
    """The PEM text of a --trust bundle; InputError naming it unless it holds X.509 certificates."""
    from cryptography import x509

    fix = "give a PEM bundle of CA certificates (-----BEGIN CERTIFICATE----- blocks)"
    try:
        text = path.read_text()
    except FileNotFoundError as err:
        raise InputError("no such trust bundle", where=str(path), fix=fix) from err
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read trust bundle: {err}", where=str(path), fix=fix) from err
    try:
        certs = x509.load_pem_x509_certificates(text.encode())
    except ValueError as err:
        raise InputError(f"not a PEM certificate bundle: {err}", where=str(path), fix=fix) from err
    if not certs:
        raise InputError("no certificates in the trust bundle", where=str(path), fix=fix)
    return text


def _failure_entries(results: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not results:
        return []
    active = results.get("activeManifest") or {}
    return list(active.get("failure", []))


def read_c2pa(data: bytes, fmt: str, *, trust: list[Path] | None = None) -> C2paReading | None:
    """Read and validate the manifest in ``data``; None when the file carries none."""
    import c2pa

    anchors = trust_anchors(trust)
    settings: dict[str, Any] = {"verify": {"verify_trust": True}}
    if anchors.strip():
        settings["trust"] = {"user_anchors": anchors}
    ctx = c2pa.Context.from_dict(settings)
    try:
        reader = c2pa.Reader.try_create(MIME_TYPES[fmt], io.BytesIO(data), None, ctx)
        if reader is None:
            return None
        with reader:
            state = reader.get_validation_state()
            results = reader.get_validation_results()
            store = json.loads(reader.json())
    except c2pa.C2paError as err:
        # A manifest is there but cannot even be parsed: that is a failed check, not "no manifest".
        log.info("C2PA manifest unreadable: %s", err)
        return C2paReading(state="Invalid", failures=[f"manifest.unreadable: {err}"], failure_codes=["manifest.unreadable"])
    finally:
        ctx.close()
    active = store.get("manifests", {}).get(store.get("active_manifest") or "", {})
    sig = active.get("signature_info") or {}
    signer = None
    if sig:
        signer = ", ".join(s for s in (sig.get("common_name"), sig.get("issuer")) if s) or None
    if state not in ("Trusted", "Valid", "Invalid"):
        state = "Invalid"
    entries = _failure_entries(results)
    return C2paReading(
        state=state,
        signer=signer,
        signed_time=sig.get("time"),
        failures=[f"{f.get('code')}: {f.get('explanation', '')}" for f in entries],
        failure_codes=[str(f.get("code")) for f in entries],
        manifest=active,
    )
