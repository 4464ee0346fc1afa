"""Soft-binding resolution client: ask a guardrail service for the manifest of a stripped copy.

```
verify_image(store=ResolverStore(local, url)) ─► watermark id decoded ─► local.get(id)
                                                     │ not there
                                                     └► GET {url}/v1/manifests/by-watermark/{id}
signed manifest bytes ─► SHA-256 = advertised hash? ─► a ManifestRecord built from the SIGNED bytes only
                      ─► verify's own recovery: re-validates signature and signer, checks the pixels
                         against the signed fingerprint, decides the verdict (one vocabulary)
```

The service returns the manifest exactly as signed; nothing it says besides those bytes is
trusted (the record's fields are read back from the signed manifest). The resolver is asked only
when the user names one and only when the local store has no record for the decoded id.

Like C2PA's soft-binding resolution API, a watermark leads to a stored manifest that the caller
validates. Unlike it, one call answers with the manifest bytes (no separate manifest-id lookup)
and the watermark is guardrail's own (no registered soft-binding algorithm name). The service's
``/v1/manifests/by-fingerprint`` (send an image, get the manifest of the release it matches) is
offered for other clients; ``verify`` does not use it, since a fingerprint match is only
"similar to a release", never a recovery.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import urllib.error
import urllib.request
import uuid
from typing import Any

from guardrail.errors import ProvenanceError
from guardrail.provenance.store import ManifestRecord, ManifestStore

__all__ = ["ResolverStore", "fetch_manifest"]

log = logging.getLogger(__name__)


def _request(url: str, *, data: bytes | None, api_key: str | None, timeout: float) -> tuple[int, bytes, dict[str, str]]:
    headers = {"Accept": "application/c2pa"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    if data is not None:
        boundary = uuid.uuid4().hex
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        data = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="image"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the user named this URL)
            return resp.status, resp.read(), {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as err:
        return err.code, err.read(), {k.lower(): v for k, v in err.headers.items()}
    except (urllib.error.URLError, OSError) as err:
        raise ProvenanceError(
            f"resolver unreachable: {getattr(err, 'reason', err)}",
            where=url,
            fix="check the --resolver URL and that the service is running",
        ) from err


def _problem(body: bytes) -> str:
    try:
        return json.loads(body).get("detail") or body[:200].decode("utf-8", "replace")
    except ValueError:
        return body[:200].decode("utf-8", "replace")


def fetch_manifest(
    resolver: str,
    *,
    watermark_id: str | None = None,
    image: bytes | None = None,
    api_key: str | None = None,
    timeout: float = 10.0,
) -> tuple[str, bytes] | None:
    """(release id, signed manifest bytes) from ``resolver`` by watermark id, or by an image's fingerprint.

    None when the service knows no such release; ProvenanceError when it cannot be asked, refuses
    (401/403/429/5xx) or returns bytes whose SHA-256 is not the hash it advertised.
    """
    base = resolver.rstrip("/")
    if (watermark_id is None) == (image is None):
        raise ValueError("give exactly one of watermark_id or image")
    url = f"{base}/v1/manifests/by-watermark/{watermark_id}" if watermark_id else f"{base}/v1/manifests/by-fingerprint"
    status, content, headers = _request(url, data=image, api_key=api_key, timeout=timeout)
    if status == 404:
        return None
    if status != 200:
        raise ProvenanceError(
            f"resolver answered {status}: {_problem(content)}",
            where=url,
            fix="check the resolver key (it needs the verify scope) or try later",
        )
    advertised = headers.get("x-guardrail-manifest-hash", "")
    actual = hashlib.sha256(content).hexdigest()
    if advertised != actual:
        raise ProvenanceError(
            f"manifest bytes hash to {actual[:16]}..., the resolver said {advertised[:16] or 'nothing'}",
            where=url,
            fix="the resolver or the connection is faulty; do not trust this answer",
        )
    return headers.get("x-guardrail-watermark-id", watermark_id or ""), content


def _record_from_signed(watermark_id: str, manifest_bytes: bytes) -> ManifestRecord | None:
    """A record whose fields all come from the signed manifest (what re-validation compares against)."""
    import c2pa

    from guardrail.provenance.manifest import GENERATION_LABEL

    ctx = c2pa.Context.from_dict({"verify": {"remote_manifest_fetch": False}})
    try:
        with c2pa.Reader("application/c2pa", io.BytesIO(manifest_bytes), None, ctx) as reader:
            store = json.loads(reader.json())
    except c2pa.C2paError as err:
        log.info("resolver manifest for %s unreadable: %s", watermark_id, err)
        return None
    finally:
        ctx.close()
    active = store.get("manifests", {}).get(store.get("active_manifest") or "", {})
    signed: dict[str, Any] = {}
    for assertion in active.get("assertions", []) or []:
        if str(assertion.get("label", "")).split(".v")[0] == GENERATION_LABEL:
            signed = dict(assertion.get("data") or {})
    return ManifestRecord(
        watermark_id=watermark_id,
        manifest_hash=hashlib.sha256(manifest_bytes).hexdigest(),
        fingerprint=str((signed.get("fingerprint") or {}).get("hex") or ""),
        manifest={"assertions": [{"label": GENERATION_LABEL, "data": signed}]},
        manifest_bytes=manifest_bytes,
        created=dt.datetime.now(dt.UTC),
    )


class ResolverStore:
    """A ManifestStore that asks ``resolver`` for a watermark id the local store does not hold.

    Everything else (tags, fingerprints, writes) is the local store's. Resolved records are kept
    for the life of this object, never written to the local store.
    """

    def __init__(
        self, local: ManifestStore, resolver: str, *, api_key: str | None = None, timeout: float = 10.0
    ) -> None:
        self.local = local
        self.resolver = resolver
        self.api_key = api_key
        self.timeout = timeout
        self._resolved: dict[str, ManifestRecord | None] = {}

    def get(self, watermark_id: str) -> ManifestRecord | None:
        record = self.local.get(watermark_id)
        if record is not None:
            return record
        if watermark_id not in self._resolved:
            found = fetch_manifest(self.resolver, watermark_id=watermark_id, api_key=self.api_key, timeout=self.timeout)
            self._resolved[watermark_id] = _record_from_signed(found[0] or watermark_id, found[1]) if found else None
        return self._resolved[watermark_id]

    def __getattr__(self, name: str) -> Any:  # put, find_by_tag, candidates, watermark_configs, ...: local
        return getattr(self.local, name)
