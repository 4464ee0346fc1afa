"""Soft-binding resolution client: ask a guardrail service for the manifest of a stripped copy.

```
report without a manifest ─► watermark id? ─► GET  {url}/v1/manifests/by-watermark/{id}
                          └─ otherwise     ─► POST {url}/v1/manifests/by-fingerprint (the image)
signed manifest bytes ─► SHA-256 = advertised hash? ─► c2pa validates them against this file
```

The service returns the manifest exactly as signed, so its signature and signer are checked here,
not taken on trust. The content binding (the data hash) cannot hold for a re-encoded copy; that
failure is expected and reported apart from any other. Asked only when the user names a resolver.
Like C2PA's soft-binding resolution API, a watermark or a fingerprint leads to a stored manifest;
unlike it, one call answers with the manifest bytes (no separate manifest-id lookup) and the
fingerprint query sends the image, not an algorithm's code (our codes are guardrail's own).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import ProvenanceError
from guardrail.results import FileBytes

if TYPE_CHECKING:
    from guardrail.provenance.verify import ProvenanceReport

__all__ = ["ResolvedManifest", "apply_resolution", "needs_resolution", "resolve_manifest"]

log = logging.getLogger(__name__)

_DATA_HASH = "assertion.dataHash.mismatch"  # expected on a copy: its bytes are not the signed file's
_UNTRUSTED = "signingCredential.untrusted"
_MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


class ResolvedManifest(BaseModel):
    """A manifest a resolver returned, checked here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    resolver: str = Field(description="Base URL of the service that answered.")
    found_by: Literal["watermark", "fingerprint"] = Field(description="Which soft binding found it.")
    watermark_id: str = Field(description="Release id of the manifest's release.")
    manifest_hash: str = Field(description="SHA-256 of the manifest bytes (checked against the service's header).")
    signature: Literal["Trusted", "Valid", "Invalid"] = Field(description="The claim's signature: Trusted (signer in the trust anchors), Valid (signer unknown) or Invalid.")
    binds_to_this_file: bool = Field(description="True when the manifest's data hash matches this very file (False for a re-encoded copy).")
    failures: list[str] = Field(default_factory=list, description="Validation failures other than the expected data-hash mismatch.")
    manifest: dict[str, Any] = Field(default_factory=dict, description="The active manifest as read back.")
    manifest_bytes: FileBytes = Field(repr=False, description="The signed manifest store (JUMBF) bytes.")


def needs_resolution(report: ProvenanceReport) -> bool:
    """True when verification found no manifest: nothing embedded and nothing in the local store."""
    return report.manifest is None and report.verdict in ("no-provenance", "ai-generated-recovered")


def _request(url: str, *, data: bytes | None, api_key: str | None, timeout: float) -> tuple[int, bytes, dict[str, str]]:
    headers = {"Accept": "application/c2pa"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    if data is not None:
        boundary = uuid.uuid4().hex
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"image\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the user named this URL)
            return resp.status, resp.read(), {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as err:
        return err.code, err.read(), {k.lower(): v for k, v in err.headers.items()}
    except (urllib.error.URLError, OSError) as err:
        raise ProvenanceError(f"resolver unreachable: {getattr(err, 'reason', err)}", where=url,
                              fix="check the --resolver URL and that the service is running") from err


def _problem(body: bytes) -> str:
    try:
        return json.loads(body).get("detail") or body[:200].decode("utf-8", "replace")
    except ValueError:
        return body[:200].decode("utf-8", "replace")


def resolve_manifest(
    resolver: str, data: bytes, fmt: str, *, watermark_id: str | None = None, api_key: str | None = None,
    trust: list[Path] | None = None, timeout: float = 10.0,
) -> ResolvedManifest | None:
    """Ask ``resolver`` for the manifest of ``data`` (by watermark id when known, else by fingerprint).

    None when the service knows no such release; ProvenanceError when it cannot be asked, refuses
    (401/403/429/5xx) or returns bytes that do not match the hash it advertised.
    """
    base = resolver.rstrip("/")
    answers: list[tuple[str, str, Any]] = []
    if watermark_id:
        answers.append(("watermark", f"{base}/v1/manifests/by-watermark/{watermark_id}", None))
    answers.append(("fingerprint", f"{base}/v1/manifests/by-fingerprint", data))
    for found_by, url, body in answers:
        status, content, headers = _request(url, data=body, api_key=api_key, timeout=timeout)
        if status == 404:
            continue
        if status != 200:
            raise ProvenanceError(f"resolver answered {status}: {_problem(content)}", where=url,
                                  fix="check the API key (--resolver-key needs the verify scope) or try later")
        advertised = headers.get("x-guardrail-manifest-hash", "")
        actual = hashlib.sha256(content).hexdigest()
        if advertised != actual:
            raise ProvenanceError(f"manifest bytes hash to {actual[:16]}..., the resolver said {advertised[:16] or 'nothing'}",
                                  where=url, fix="the resolver or the connection is faulty; do not trust this answer")
        return _validate(base, found_by, headers.get("x-guardrail-watermark-id", ""), actual, content, data, fmt, trust)
    return None


def _validate(resolver: str, found_by: str, watermark_id: str, manifest_hash: str, manifest_bytes: bytes,
              data: bytes, fmt: str, trust: list[Path] | None) -> ResolvedManifest:
    """Check the signature and signer of ``manifest_bytes`` with c2pa, against this file."""
    import c2pa

    from guardrail.provenance.c2pa_io import trust_anchors

    anchors = trust_anchors(trust)
    settings: dict[str, Any] = {"verify": {"verify_trust": True, "remote_manifest_fetch": False}}
    if anchors.strip():
        settings["trust"] = {"user_anchors": anchors}
    ctx = c2pa.Context.from_dict(settings)
    try:
        with c2pa.Reader(_MIME.get(fmt, "image/png"), io.BytesIO(data), manifest_bytes, ctx) as reader:
            results = reader.get_validation_results() or {}
            store = json.loads(reader.json())
    except c2pa.C2paError as err:
        return ResolvedManifest(resolver=resolver, found_by=found_by, watermark_id=watermark_id, manifest_hash=manifest_hash,
                                signature="Invalid", binds_to_this_file=False, failures=[f"manifest.unreadable: {err}"],
                                manifest_bytes=manifest_bytes)  # type: ignore[arg-type]
    finally:
        ctx.close()
    codes = [str(e.get("code")) for e in (results.get("activeManifest") or {}).get("failure", [])]
    others = sorted({c for c in codes if c not in (_DATA_HASH, _UNTRUSTED)})
    signature = "Invalid" if others else "Valid" if _UNTRUSTED in codes else "Trusted"
    active = store.get("manifests", {}).get(store.get("active_manifest") or "", {})
    return ResolvedManifest(resolver=resolver, found_by=found_by, watermark_id=watermark_id, manifest_hash=manifest_hash,  # type: ignore[arg-type]
                            signature=signature, binds_to_this_file=_DATA_HASH not in codes, failures=others,
                            manifest=active, manifest_bytes=manifest_bytes)


def apply_resolution(report: ProvenanceReport, resolved: ResolvedManifest | None) -> ProvenanceReport:
    """The report with the resolver's answer: recovered when its signature holds, unchanged otherwise."""
    if resolved is None:
        return report.model_copy(update={"reasons": [*report.reasons, "the resolver knows no release of this image"]})
    if resolved.signature == "Invalid":
        why = f"the resolver {resolved.resolver} returned a manifest whose signature fails: {'; '.join(resolved.failures)}"
        return report.model_copy(update={"reasons": [*report.reasons, why]})
    who = "a trusted signer" if resolved.signature == "Trusted" else "a signer not in the trust anchors"
    why = (f"resolver {resolved.resolver} found release {resolved.watermark_id} by {resolved.found_by}; "
           f"its manifest is signed by {who}" + ("" if resolved.binds_to_this_file else " (this file is a re-encoded copy)"))
    return report.model_copy(update={"verdict": "ai-generated-recovered", "recovered_by": resolved.found_by,
                                     "manifest": resolved.manifest, "reasons": [*report.reasons, why]})
