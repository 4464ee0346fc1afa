"""Verify on credentials guardrail did not write: a second CA, every format, the IPTC vocabulary,
ingredient chains, trust apart from the verdict, unreadable manifests, and no network access."""

from __future__ import annotations

import http.server
import io
import threading
from pathlib import Path

import pytest
from other_tools import (
    IPTC,
    IPTC_HTTPS,
    OtherCA,
    created,
    encode,
    make_ca,
    manifest,
    raw_dng,
    sign,
)
from PIL import Image

from guardrail.provenance.store import SQLiteManifestStore
from guardrail.provenance.verify import verify_image


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> OtherCA:
    return make_ca(tmp_path_factory.mktemp("other-ca"))


@pytest.fixture(scope="module")
def picture(photo) -> Image.Image:
    return photo("coffee", 320)


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteManifestStore:
    return SQLiteManifestStore(tmp_path / "m.db")


@pytest.mark.parametrize(
    "actions,verdict,term",
    [
        (
            [{"action": "c2pa.created", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"}],
            "ai-generated",
            "trainedAlgorithmicMedia",
        ),
        (
            [{"action": "c2pa.created", "digitalSourceType": IPTC_HTTPS + "trainedAlgorithmicMedia"}],
            "ai-generated",
            "trainedAlgorithmicMedia",
        ),
        (
            [{"action": "c2pa.created", "digitalSourceType": IPTC_HTTPS + "algorithmicMedia"}],
            "ai-generated",
            "algorithmicMedia",
        ),
        # Photoshop with generative fill: a capture, then an edit declaring an AI composite
        (
            [
                {"action": "c2pa.created", "digitalSourceType": IPTC + "digitalCapture"},
                {
                    "action": "c2pa.edited",
                    "digitalSourceType": IPTC + "compositeWithTrainedAlgorithmicMedia",
                    "softwareAgent": {"name": "Adobe Photoshop"},
                },
            ],
            "ai-edited",
            "compositeWithTrainedAlgorithmicMedia",
        ),
        (
            [{"action": "c2pa.created", "digitalSourceType": IPTC_HTTPS + "compositeSynthetic"}],
            "ai-edited",
            "compositeSynthetic",
        ),
        (
            [{"action": "c2pa.created", "digitalSourceType": IPTC + "digitalCapture"}],
            "credentials-no-ai",
            "digitalCapture",
        ),
        (
            [{"action": "c2pa.created", "digitalSourceType": IPTC_HTTPS + "minorHumanEdits"}],
            "credentials-no-ai",
            "minorHumanEdits",
        ),
    ],
    ids=[
        "trained-http",
        "trained-https",
        "algorithmic",
        "photoshop-composite",
        "composite-synthetic",
        "capture",
        "minor-edits",
    ],
)
def test_declared_source_type_gives_its_verdict_in_either_spelling(
    ca, picture, store, actions, verdict: str, term: str
) -> None:
    signed = sign(encode(picture, "JPEG"), "image/jpeg", manifest(*actions), ca)
    report = verify_image(signed, store=store)
    assert report.verdict == verdict, report.reasons
    assert term in [d.term for d in report.c2pa.declarations]
    assert term in report.reasons[0]  # credentials-no-ai says what the manifest does declare
    assert report.trust == "untrusted"
    # a claim of AI verifies from any valid signer; a claim of no AI only from a trusted one
    assert report.exit_code == (1 if verdict == "credentials-no-ai" else 0)
    if verdict == "credentials-no-ai":
        trusted = verify_image(signed, store=store, trust=[ca.root_path])
        assert (trusted.verdict, trusted.trust, trusted.exit_code) == (verdict, "trusted", 0)


def test_ai_parent_of_a_cropped_re_signed_image_makes_it_ai_edited(ca, picture, store) -> None:
    parent = sign(encode(picture, "JPEG"), "image/jpeg", created(IPTC + "trainedAlgorithmicMedia"), ca)
    crop = encode(Image.open(io.BytesIO(parent)).crop((10, 10, 300, 300)), "JPEG")
    child = sign(
        crop,
        "image/jpeg",
        manifest({"action": "c2pa.opened", "parameters": {"ingredientIds": ["parent"]}}, {"action": "c2pa.cropped"}),
        ca,
        ingredients=[(parent, "image/jpeg", {"title": "parent.jpg", "relationship": "parentOf", "label": "parent"})],
    )
    report = verify_image(child, store=store)
    assert report.verdict == "ai-edited"
    assert report.c2pa.ingredients == 1
    [decl] = [d for d in report.c2pa.declarations if d.term == "trainedAlgorithmicMedia"]
    assert decl.where == "ingredient 1 (parent.jpg)" and decl.signed
    assert "ingredient 1 (parent.jpg)" in report.reasons[0]


def test_untrusted_signer_is_named_apart_from_the_verdict_and_trusted_with_its_root(
    ca, picture, store, tmp_path
) -> None:
    signed = sign(encode(picture, "PNG"), "image/png", created(IPTC + "trainedAlgorithmicMedia"), ca)
    plain = verify_image(signed, store=store)
    assert plain.verdict == "ai-generated" and plain.trust == "untrusted" and plain.c2pa.state == "Valid"
    assert "Other Imaging Tools Inc Signer" in plain.trust_words and "not in your trust list" in plain.trust_words
    assert plain.c2pa.failures == []  # an unknown signer is a trust question, not a failed check
    assert not any("untrusted" in r for r in plain.reasons)
    folder = tmp_path / "anchors"
    folder.mkdir()
    (folder / "other.pem").write_bytes(ca.root_pem)
    for trust in ([ca.root_path], [folder]):  # a bundle, or a folder of them
        trusted = verify_image(signed, store=store, trust=trust)
        assert trusted.verdict == "ai-generated" and trusted.trust == "trusted" and trusted.c2pa.state == "Trusted"


def test_guardrail_trust_env_names_anchors(ca, picture, store, monkeypatch) -> None:
    signed = sign(encode(picture, "PNG"), "image/png", created(IPTC + "trainedAlgorithmicMedia"), ca)
    monkeypatch.setenv("GUARDRAIL_TRUST", str(ca.root_path))
    assert verify_image(signed, store=store).trust == "trusted"


@pytest.mark.parametrize(
    "fmt,mime,sniffed",
    [
        ("AVIF", "image/avif", "avif"),
        ("HEIF", "image/heic", "heic"),
        ("HEIF", "image/heif", "heic"),
        ("GIF", "image/gif", "gif"),
        ("TIFF", "image/tiff", "tiff"),
        ("DNG", "image/dng", "dng"),
        ("WEBP", "image/webp", "webp"),
        ("PNG", "image/png", "png"),
        ("JPEG", "image/jpeg", "jpeg"),
    ],
    ids=["avif", "heic", "heif", "gif", "tiff", "dng", "webp", "png", "jpeg"],
)
def test_every_format_c2pa_reads_is_verified_with_its_pixels(
    ca, picture, store, fmt: str, mime: str, sniffed: str
) -> None:
    signed = sign(encode(picture, fmt), mime, created(IPTC + "trainedAlgorithmicMedia"), ca)
    report = verify_image(signed, store=store)
    assert report.format == sniffed
    assert report.verdict == "ai-generated" and report.c2pa.state == "Valid"
    assert report.pixels.decoded and (report.pixels.width, report.pixels.height) == (320, 320)
    assert report.fingerprint is not None and report.watermark.tries > 0


def test_raw_dng_whose_pixels_cannot_be_decoded_still_gets_its_verdict(ca, store) -> None:
    signed = sign(raw_dng(256, 256), "image/dng", created(IPTC + "trainedAlgorithmicMedia"), ca)
    report = verify_image(signed, store=store)
    assert report.format == "dng" and report.verdict == "ai-generated"
    assert not report.pixels.decoded and report.pixels.reason.startswith("pixels not decoded")
    assert report.pixels.reason in report.reasons
    assert report.watermark.skipped and report.watermark.tries == 0 and report.fingerprint is None


def _png_recrc(data: bytes) -> bytes:
    import struct
    import zlib

    pos, out = 8, bytearray(data[:8])
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        out += struct.pack(">I", n) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        pos += 12 + n
    return bytes(out)


def test_manifest_c2pa_cannot_parse_is_unreadable_not_tampered(ca, picture, store) -> None:
    signed = sign(encode(picture, "PNG"), "image/png", created(IPTC + "trainedAlgorithmicMedia"), ca)
    at = signed.find(b"c2cl")  # the claim superbox's type: c2pa can no longer find the claim
    broken = _png_recrc(signed[:at] + b"c2cX" + signed[at + 4 :])
    report = verify_image(broken, store=store)
    assert report.verdict == "unreadable" and report.c2pa.state == "Unreadable"
    assert "claim" in report.c2pa.unreadable and report.c2pa.unreadable in report.reasons[0]


def test_pixels_changed_after_signing_is_tampered(ca, picture, store) -> None:
    signed = sign(encode(picture, "PNG"), "image/png", created(IPTC + "trainedAlgorithmicMedia"), ca)
    edited = encode(Image.open(io.BytesIO(signed)).point(lambda v: 255 - v), "PNG")
    # keep the manifest chunk, swap the pixels: the data hash no longer matches
    import struct

    def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
        pos, out = 8, []
        while pos < len(data):
            (n,) = struct.unpack(">I", data[pos : pos + 4])
            out.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]))
            pos += 12 + n
        return out

    manifest_chunks = [c for c in chunks(signed) if c[0] == b"caBX"]
    parts = chunks(edited)
    spliced = b"\x89PNG\r\n\x1a\n"
    for kind, body in parts[:1] + manifest_chunks + parts[1:]:
        spliced += struct.pack(">I", len(body)) + kind + body + b"\x00\x00\x00\x00"
    report = verify_image(_png_recrc(spliced), store=store)
    assert report.verdict == "tampered" and any("dataHash.mismatch" in f for f in report.c2pa.failures)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []
    body = b""

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/c2pa")
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def loopback():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_remote_manifest_is_not_fetched_unless_the_network_is_allowed(ca, picture, store, loopback) -> None:
    import c2pa

    url = f"http://127.0.0.1:{loopback.server_address[1]}/manifest.c2pa"
    ctx = c2pa.Context.from_dict({"builder": {"thumbnail": {"enabled": False}}})
    signer = ca.signer()
    with c2pa.Builder(created(IPTC + "trainedAlgorithmicMedia"), ctx) as builder:
        builder.set_no_embed()
        builder.set_remote_url(url)
        out = io.BytesIO()
        _Recorder.body = bytes(builder.sign(signer, "image/jpeg", io.BytesIO(encode(picture, "JPEG")), out))
    signer.close()
    ctx.close()
    report = verify_image(out.getvalue(), store=store)
    assert _Recorder.hits == []  # the server saw nothing
    assert report.verdict == "unreadable" and report.c2pa.remote_url == url
    assert "remote manifest not fetched; run with --allow-network" in report.reasons[0]
    # the same file with the network allowed: the request arrives (the server above would have seen it)
    fetched = verify_image(out.getvalue(), store=store, allow_network=True)
    assert _Recorder.hits == ["/manifest.c2pa"] and fetched.verdict == "ai-generated"


def test_public_detectors_read_one_shared_block_pass_as_they_read_alone(photo) -> None:
    import numpy as np

    from guardrail.provenance.evidence.public_watermark import PUBLIC_DETECTORS, read_public_watermarks

    for name in ("rocket", "chelsea"):
        rgb = np.asarray(photo(name, 512))
        assert read_public_watermarks(rgb) == [d.read(rgb) for d in PUBLIC_DETECTORS.values()]
