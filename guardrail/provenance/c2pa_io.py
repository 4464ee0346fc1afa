"""Sign and read C2PA manifests with c2pa-python, each call with its own ``Context``.

Reading trusts our local root (when it exists) plus any PEM bundles given with ``--trust``, and
is offline unless the caller allows the network: c2pa-rs fetches remote manifests by default
(``verify.remote_manifest_fetch``), which would make any image able to send the verifier to a URL
of its choosing (privacy leak, server-side request forgery). ``reader_settings`` turns that and
OCSP off; a file whose manifest lives elsewhere reads as ``Unreadable`` with a plain reason.
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

__all__ = [
    "C2paReading",
    "MIME_TYPES",
    "REMOTE_NOT_FETCHED",
    "read_c2pa",
    "reader_settings",
    "sign_c2pa",
    "trust_anchors",
]

log = logging.getLogger(__name__)

MIME_TYPES: dict[str, str] = {name: fmt.mime for name, fmt in SIGNABLE.items()}

C2paState = Literal["Trusted", "Valid", "Invalid", "Unreadable"]
REMOTE_NOT_FETCHED = "remote manifest not fetched; run with --allow-network to fetch it"


class C2paReading(BaseModel):
    """What the C2PA reader found in a file that carries a manifest."""

    model_config = ConfigDict(frozen=True)

    state: C2paState = Field(
        description="Trusted (valid, signer chains to a trust anchor), Valid (valid, signer unknown), Invalid (a "
        "validation check failed) or Unreadable (a manifest is there but c2pa cannot validate it: remote, unknown "
        "algorithm, pre-release or unparseable; see ``unreadable``)."
    )
    unreadable: str | None = Field(
        None, description="Why c2pa could not validate the manifest (its own words), when Unreadable."
    )
    remote_url: str | None = Field(None, description="Where the file says its manifest lives, if it points elsewhere.")
    signer: str | None = Field(None, description="Signer common name and issuer from the signature.")
    signed_time: str | None = Field(None, description="Signing time (only present with a timestamp authority).")
    failures: list[str] = Field(default_factory=list, description="Failed validation codes with their explanations.")
    failure_codes: list[str] = Field(
        default_factory=list, description="The failed validation codes alone (e.g. signingCredential.expired)."
    )
    manifest: dict[str, Any] = Field(default_factory=dict, description="The active manifest as plain data.")
    manifests: dict[str, Any] = Field(
        default_factory=dict, description="Every manifest in the store by label (ingredients' too)."
    )
    active_label: str | None = Field(None, description="Label of the active manifest in ``manifests``.")


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
            f"C2PA signing failed: {err}",
            where="c2pa.sign",
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


def reader_settings(*, anchors: str = "", allow_network: bool = False) -> dict[str, Any]:
    """c2pa Context settings for reading: trust ``anchors`` (PEM), and no network unless allowed."""
    settings: dict[str, Any] = {
        "verify": {
            "verify_trust": True,
            "remote_manifest_fetch": bool(allow_network),
            "ocsp_fetch": bool(allow_network),
        },
    }
    if not allow_network:
        settings["core"] = {"allowed_network_hosts": []}
    if anchors.strip():
        settings["trust"] = {"user_anchors": anchors}
    return settings


def _is_remote_error(err: Exception) -> bool:
    import c2pa

    remote = getattr(c2pa.C2paError, "RemoteManifest", None)
    return (remote is not None and isinstance(err, remote)) or str(err).startswith("Remote")


def _remote_url(err: Exception) -> str | None:
    text = str(err)
    at = text.find("url ")
    return (text[at + 4 :].strip() or None) if at >= 0 else None


def read_c2pa(
    data: bytes,
    fmt: str,
    *,
    trust: list[Path] | None = None,
    anchors: str | None = None,
    allow_network: bool = False,
    mime: str | None = None,
) -> C2paReading | None:
    """Read and validate the manifest in ``data``; None when the file carries none.

    ``mime`` overrides the type looked up from ``fmt`` (for formats guardrail reads but never
    writes: AVIF, HEIC, GIF, TIFF, DNG). ``anchors`` (PEM text) replaces the anchors built from
    ``trust``. No network access unless ``allow_network``.
    """
    import c2pa

    pem = anchors if anchors is not None else trust_anchors(trust)
    ctx = c2pa.Context.from_dict(reader_settings(anchors=pem, allow_network=allow_network))
    try:
        reader = c2pa.Reader.try_create(mime or MIME_TYPES[fmt], io.BytesIO(data), None, ctx)
        if reader is None:
            return None
        with reader:
            state = reader.get_validation_state()
            results = reader.get_validation_results()
            store = json.loads(reader.json())
    except c2pa.C2paError as err:
        # A manifest is there but c2pa cannot validate it: not evidence that anybody altered it.
        if _is_remote_error(err):
            log.info("C2PA manifest is remote and was not fetched: %s", err)
            return C2paReading(state="Unreadable", unreadable=REMOTE_NOT_FETCHED, remote_url=_remote_url(err))
        if b"c2pa" not in data:  # the asset itself did not parse and carries no manifest label: no manifest
            log.info("C2PA reader could not parse the asset (no manifest in it): %s", err)
            return None
        log.info("C2PA manifest unreadable: %s", err)
        return C2paReading(state="Unreadable", unreadable=str(err) or type(err).__name__)
    finally:
        ctx.close()
    return reading_from_store(store, state, results)


def reading_from_store(store: dict[str, Any], state: str | None, results: dict[str, Any] | None) -> C2paReading:
    """A ``C2paReading`` from c2pa's JSON manifest store and validation results."""
    label = store.get("active_manifest") or ""
    manifests = dict(store.get("manifests") or {})
    active = manifests.get(label, {})
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
        manifests=manifests,
        active_label=label or None,
    )
