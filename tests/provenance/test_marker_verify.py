"""Marking and verifying end to end: the four verdicts and every bad input."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from guardrail.errors import ImageInputError, ProvenanceError
from guardrail.policy.schema import Policy, WatermarkConfig
from guardrail.provenance import Marker, verify_image
from guardrail.provenance.keys import ROOT_FILE
from guardrail.provenance.store import ManifestRecord, SQLiteManifestStore
from guardrail.provenance.verify import attach_verification_codes, verification_codes


@pytest.fixture(scope="module")
def released(marked_home: Path, photo):
    """One signed PNG, JPEG and WebP marked under the module's home."""
    import os

    old = os.environ.get("GUARDRAIL_HOME")
    os.environ["GUARDRAIL_HOME"] = str(marked_home)
    try:
        store = SQLiteManifestStore(marked_home / "manifests.db")
        marker = Marker(Policy(name="default"), model_id="demo-model", store=store)
        out = {fmt: marker.mark(photo("astronaut"), fmt=fmt, extra={"seed": 7}) for fmt in ("png", "jpeg", "webp")}
        for marked in out.values():  # what `guardrail mark` does until Marker stores the codes itself
            attach_verification_codes(store, marked.watermark_id, marked.image)
    finally:
        if old is not None:
            os.environ["GUARDRAIL_HOME"] = old
    return out


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks.append((kind, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks


def _png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = b"\x89PNG\r\n\x1a\n"
    for kind, body in chunks:
        out += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return out


def test_signed_image_verifies_ai_generated_and_c2pa_reader_trusts_it(released, use_marked_home: Path) -> None:
    import c2pa

    for fmt, marked in released.items():
        report = verify_image(marked.data)
        assert report.verdict == "ai-generated", fmt
        assert report.c2pa.state == "Trusted" and report.c2pa.trusted
        assert report.c2pa.model == "demo-model" and report.c2pa.declares_ai
        assert report.watermark.detected and report.watermark.watermark_id == marked.watermark_id
    ctx = c2pa.Context.from_dict({"trust": {"user_anchors": (use_marked_home / "keys" / ROOT_FILE).read_text()}})
    with c2pa.Reader("image/png", io.BytesIO(released["png"].data), None, ctx) as reader:
        assert reader.get_validation_state() == "Trusted"
        assert "trainedAlgorithmicMedia" in reader.json()
        assert released["png"].watermark_id in reader.json()


def test_manifest_carries_model_policy_watermark_and_fingerprint(released) -> None:
    gen = next(a["data"] for a in released["png"].manifest["assertions"] if a["label"] == "org.guardrail.generation")
    assert gen["model"] == "demo-model" and gen["policy"]["name"] == "default" and len(gen["policy"]["hash"]) == 64
    assert gen["watermark"]["id"] == released["png"].watermark_id
    assert gen["fingerprint"]["hex"] == released["png"].fingerprint and gen["extra"] == {"seed": 7}
    assert len(released["png"].manifest_hash) == 64


def test_signer_unknown_to_the_trust_anchors_is_valid_not_trusted(released) -> None:
    report = verify_image(released["png"].data)  # the autouse fresh home has no root
    assert report.verdict == "ai-generated" and report.c2pa.state == "Valid" and not report.c2pa.trusted


def test_extra_trust_bundle_makes_the_signer_trusted(released, marked_home: Path) -> None:
    report = verify_image(released["png"].data, trust=[marked_home / "keys" / ROOT_FILE])
    assert report.c2pa.state == "Trusted"


def test_resaved_without_metadata_is_recovered_by_watermark(released, use_marked_home: Path) -> None:
    buf = io.BytesIO()
    released["png"].image.save(buf, "JPEG", quality=75)
    report = verify_image(buf.getvalue())
    assert report.verdict == "ai-generated-recovered" and report.recovered_by == "watermark"
    assert report.c2pa.state is None
    assert report.manifest is not None and report.watermark.watermark_id == released["png"].watermark_id


def test_cropped_copy_is_similar_to_the_release_not_recovered(photo, tmp_path: Path, use_marked_home: Path) -> None:
    """A crop found by its fingerprint only is similar, not recovered. Marked with dwtDctSvdPlus,
    whose mark a crop removes: the default latticeSync2 mark reads most 90% crops and would name
    the release itself (test_watermark_lattice2.py)."""
    store = SQLiteManifestStore(tmp_path / "m.db")
    wm = WatermarkConfig(backend="dwtDctSvdPlus")
    policy = Policy(name="default")
    policy = policy.model_copy(update={"provenance": policy.provenance.model_copy(update={"watermark": wm})})
    marked = Marker(policy, model_id="m", store=store).mark(photo("astronaut"))
    report = verify_image(_png_bytes(marked.image.crop((26, 26, 486, 486))), store=store)
    assert report.verdict == "similar-to-ai-release" and report.recovered_by is None
    assert report.fingerprint_distance is not None and report.fingerprint_distance <= report.fingerprint_search_radius
    assert report.manifest["assertions"][1]["data"]["watermark"]["id"] == marked.watermark_id


def _png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _stored(wid: str, img: Image.Image, *, verification: bool = True, fingerprint: str | None = None) -> ManifestRecord:
    import datetime as dt

    from guardrail.similarity.fingerprint import FINGERPRINT_KIND, reference_variants

    codes = [f.hex for f in reference_variants(img) if f.kind == FINGERPRINT_KIND]
    return ManifestRecord(
        watermark_id=wid,
        manifest_hash="ab" * 32,
        fingerprint=fingerprint or codes[0],
        fingerprint_variants=codes[1:],
        verification_codes=verification_codes(img) if verification else [],
        manifest={"title": wid},
        created=dt.datetime.now(dt.UTC),
    )


def test_unrelated_image_with_colliding_64_bit_code_is_not_recovered(photo, tmp_path: Path) -> None:
    """A stored release whose 64-bit code equals an unrelated photo's must not make that photo 'AI'."""
    from guardrail.similarity.fingerprint import compute_fingerprint

    unrelated = photo("chelsea")
    with SQLiteManifestStore(tmp_path / "m.db") as store:
        # the release is the astronaut; its 64-bit code collides with the cat's (the case a large store hits by chance)
        store.put(_stored("0123456789abcdef", photo("astronaut"), fingerprint=compute_fingerprint(unrelated).hex))
        report = verify_image(_png_bytes(unrelated), store=store)
    assert report.verdict == "no-provenance" and report.recovered_by is None
    assert any("256-bit verification code" in r for r in report.reasons)


def test_legacy_record_without_verification_codes_recovers_only_on_exact_match(photo, tmp_path: Path) -> None:
    release = photo("astronaut")
    with SQLiteManifestStore(tmp_path / "m.db") as store:
        store.put(_stored("0123456789abcdef", release, verification=False))
        exact = verify_image(_png_bytes(release), store=store)
        cropped = verify_image(_png_bytes(release.crop((26, 26, 486, 486))), store=store)
    assert exact.verdict == "similar-to-ai-release" and exact.verify_distance is None
    assert cropped.verdict == "no-provenance"
    assert any("no verification codes" in r for r in cropped.reasons)


def test_verified_copy_reports_its_verification_distance(photo, tmp_path: Path) -> None:
    release = photo("astronaut")
    with SQLiteManifestStore(tmp_path / "m.db") as store:
        store.put(_stored("0123456789abcdef", release))
        report = verify_image(_png_bytes(release.crop((26, 26, 486, 486))), store=store)
    assert report.verdict == "similar-to-ai-release" and report.recovered_by is None
    assert report.verify_distance is not None and report.verify_distance <= report.verify_threshold


def test_pixels_edited_with_manifest_kept_is_tampered(released, use_marked_home: Path) -> None:
    signed = released["png"].data
    edited = np.asarray(Image.open(io.BytesIO(signed)).convert("RGB")).copy()
    edited[100:140, 100:140] = 0
    buf = io.BytesIO()
    Image.fromarray(edited).save(buf, "PNG")
    new_idat = [c for c in _png_chunks(buf.getvalue()) if c[0] == b"IDAT"]
    chunks, spliced = [], False
    for kind, body in _png_chunks(signed):
        if kind == b"IDAT":
            if not spliced:
                chunks.extend(new_idat)
                spliced = True
            continue
        chunks.append((kind, body))
    report = verify_image(_png(chunks))
    assert report.verdict == "tampered" and report.c2pa.state == "Invalid"
    assert any("dataHash.mismatch" in f for f in report.c2pa.failures)


def test_unmarked_photo_has_no_provenance(photo, use_marked_home: Path) -> None:
    buf = io.BytesIO()
    photo("chelsea").save(buf, "PNG")
    report = verify_image(buf.getvalue())
    assert report.verdict == "no-provenance" and not report.watermark.detected and report.c2pa.state is None
    assert "does not mean human-made" in report.reasons[0]


def test_every_release_is_in_the_store(released, marked_home: Path) -> None:
    store = SQLiteManifestStore(marked_home / "manifests.db")
    for marked in released.values():
        assert store.get(marked.watermark_id).manifest_hash == marked.manifest_hash


@pytest.mark.parametrize("fmt", ["png", "webp"])
def test_lossless_release_decodes_to_exactly_the_marked_pixels(released, fmt: str) -> None:
    # The marker reads the mark back from the array for lossless formats: this is why it may.
    decoded = np.asarray(Image.open(io.BytesIO(released[fmt].data)).convert("RGB"))
    assert np.array_equal(decoded, np.asarray(released[fmt].image))


def test_fingerprint_is_the_canonical_code_of_the_released_pixels(released) -> None:
    from guardrail.similarity.fingerprint import compute_fingerprint

    for marked in released.values():
        assert marked.fingerprint == compute_fingerprint(marked.image).hex


def test_mark_too_weak_for_jpeg_is_released_as_png_but_refused_as_jpeg(
    photo, use_marked_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A weak mark (scale 20) reads from the exact pixels but not after the JPEG round trip.

    At scale 20 a random id reads back from the exact pixels ~95% of the time (10 bit errors of
    16 correctable for this id, fixed for a deterministic test) and after JPEG q95 never (0/40).
    """
    import guardrail.provenance.marker as marker_mod

    ids = iter(["fedcba9876543210", "0123456789abcdef"])
    monkeypatch.setattr(marker_mod, "new_watermark_id", lambda: next(ids))
    policy = Policy(name="default")
    weak = WatermarkConfig(backend="dwtDctSvdPlus", options={"scale": 20.0})
    policy = policy.model_copy(update={"provenance": policy.provenance.model_copy(update={"watermark": weak})})
    store = SQLiteManifestStore(use_marked_home / "weak.db")
    marker = Marker(policy, model_id="m", store=store)
    marked = marker.mark(photo("astronaut"), fmt="png")
    from guardrail.provenance.watermark.detect import detect_watermark

    decoded = np.asarray(Image.open(io.BytesIO(marked.data)).convert("RGB"))
    assert store.count() == 1 and detect_watermark(decoded, marker.backend).watermark_id == marked.watermark_id
    with pytest.raises(ProvenanceError, match="did not read back"):
        marker.mark(photo("astronaut"), fmt="jpeg")
    assert store.count() == 1  # nothing stored, nothing returned for the refused image
    gen = next(a["data"] for a in marked.manifest["assertions"] if a["label"] == "org.guardrail.generation")
    assert gen["watermark"]["options"] == {"scale": 20.0}  # what verify needs to read this release


def test_too_small_image_is_refused_not_released_unmarked(photo) -> None:
    with pytest.raises(ImageInputError, match="at least 256x256"):
        Marker(Policy(name="default"), model_id="m").mark(photo("coffee", 128))


def _bomb_png() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 200_000, 200_000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 10)
    return _png([(b"IHDR", ihdr), (b"IDAT", idat), (b"IEND", b"")])


def _bmp() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 300)).save(buf, "BMP")
    return buf.getvalue()


def _truncated(photo) -> bytes:
    buf = io.BytesIO()
    photo("coffee", 300).save(buf, "PNG")
    return buf.getvalue()[:5000]


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda photo: b"this is not an image", "not an image"),
        (lambda photo: b"", "not an image|empty"),
        (_truncated, "truncated|corrupt"),
        (lambda photo: _bomb_png(), "exceeds the limit|bomb"),
        (lambda photo: _bmp(), "unsupported image format BMP"),
    ],
    ids=["text", "empty", "truncated", "decompression-bomb", "unsupported-format"],
)
def test_bad_input_raises_image_input_error(photo, make, match: str) -> None:
    with pytest.raises(ImageInputError, match=match):
        verify_image(make(photo))


def test_missing_file_raises_image_input_error(tmp_path: Path) -> None:
    with pytest.raises(ImageInputError, match="no such file"):
        verify_image(tmp_path / "nope.png")


def test_marker_stores_verification_codes_so_pipeline_releases_recover_from_crops(
    photo, tmp_path: Path, use_marked_home: Path
) -> None:
    """Marker.mark itself stores the 256-bit codes (no attach step): a cropped copy is found as similar.
    Marked with dwtDctSvdPlus, whose mark a crop removes, so that the fingerprint alone finds it
    (the default latticeSync2 mark often survives a 90% crop and would name the release itself)."""
    from guardrail.provenance.verify import verification_codes

    store = SQLiteManifestStore(tmp_path / "m.db")
    policy = Policy(name="default")
    wm = WatermarkConfig(backend="dwtDctSvdPlus")
    policy = policy.model_copy(update={"provenance": policy.provenance.model_copy(update={"watermark": wm})})
    marked = Marker(policy, model_id="m", store=store).mark(photo("coffee"))
    assert store.get(marked.watermark_id).verification_codes == verification_codes(marked.image)
    report = verify_image(_png_bytes(marked.image.crop((26, 26, 486, 486))), store=store)
    assert report.verdict == "similar-to-ai-release" and report.recovered_by is None
    assert report.verify_distance is not None and report.verify_distance <= report.verify_threshold


def test_failure_kind_separates_an_expired_signer_from_tampering() -> None:
    from guardrail.provenance.verify import failure_kind

    assert failure_kind(["signingCredential.expired", "signingCredential.untrusted"]) == "signer-expired"
    assert failure_kind(["signingCredential.expired"]) == "signer-expired"
    assert failure_kind(["signingCredential.expired", "assertion.dataHash.mismatch"]) == "tampered"
    assert failure_kind(["signingCredential.untrusted"]) == "tampered"
    assert failure_kind(["manifest.unreadable"]) == "tampered"


def test_manifest_signed_by_a_since_expired_certificate_is_signer_expired_not_tampered(photo, tmp_path: Path) -> None:
    """A real expired signer: a certificate valid for two seconds signs, then has expired when read."""
    import datetime as dt
    import time

    from guardrail.provenance.keys import CERT_FILE, KEY_FILE, _build_identity, load_identity

    store = SQLiteManifestStore(tmp_path / "m.db")
    for window in (2, 8, 32, 128):  # a machine too busy to sign within the window retries with a wider one
        folder = tmp_path / f"short-{window}"
        folder.mkdir()
        expiry = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=window)
        _build_identity(folder, leaf_not_after=expiry)
        try:
            identity = load_identity(folder / CERT_FILE, folder / KEY_FILE)
            marked = Marker(Policy(name="default"), model_id="m", identity=identity, store=store).mark(
                photo("astronaut")
            )
        except ProvenanceError:
            if dt.datetime.now(dt.UTC) < expiry:
                raise  # failed for another reason than the certificate expiring first
            continue
        break
    else:
        pytest.fail("could not sign within 128 s of the certificate's expiry")
    while dt.datetime.now(dt.UTC) <= expiry + dt.timedelta(seconds=1):
        time.sleep(0.5)
    report = verify_image(marked.data, trust=[folder / ROOT_FILE], store=store)
    assert report.verdict == "signer-expired" and report.c2pa.failure_kind == "signer-expired"
    assert any("signingCredential.expired" in f for f in report.c2pa.failures)


def test_watermark_marked_with_policy_options_is_read_with_those_options(
    photo, tmp_path: Path, use_marked_home: Path
) -> None:
    wm = WatermarkConfig(backend="dwtDctSvdPlus", options={"level": 3, "scale": 144.0})
    policy = Policy(name="default")
    policy = policy.model_copy(update={"provenance": policy.provenance.model_copy(update={"watermark": wm})})
    store = SQLiteManifestStore(tmp_path / "m.db")
    marked = Marker(policy, model_id="m", store=store).mark(photo("astronaut"))
    buf = io.BytesIO()
    marked.image.save(buf, "JPEG", quality=75)
    default = verify_image(buf.getvalue(), store=SQLiteManifestStore(tmp_path / "empty.db"))
    assert not default.watermark.detected  # default options cannot read a level-3 mark
    report = verify_image(buf.getvalue(), store=store, watermark_backends=[wm, "dwtDctSvdPlus"])
    assert report.recovered_by == "watermark" and report.watermark.watermark_id == marked.watermark_id
    # Marker records the options in the manifest, so the store that holds it reads with them too
    recorded = verify_image(buf.getvalue(), store=store)
    assert recorded.recovered_by == "watermark" and recorded.watermark.watermark_id == marked.watermark_id


def test_verify_reads_with_the_watermark_options_the_stored_manifests_record(
    photo, tmp_path: Path, use_marked_home: Path
) -> None:
    import copy

    from guardrail.provenance.manifest import build_manifest, watermark_config

    wm = WatermarkConfig(backend="dwtDctSvdPlus", options={"level": 3, "scale": 144.0})
    policy = Policy(name="default")
    policy = policy.model_copy(update={"provenance": policy.provenance.model_copy(update={"watermark": wm})})
    marking_store = SQLiteManifestStore(tmp_path / "a.db")
    marked = Marker(policy, model_id="m", store=marking_store).mark(photo("astronaut"))
    record = marking_store.get(marked.watermark_id)
    manifest = build_manifest(
        model_id="m",
        policy_name="default",
        policy_hash="0" * 64,
        watermark_id=marked.watermark_id,
        watermark_backend="dwtDctSvdPlus",
        fingerprint=marked.fingerprint,
        fmt="png",
        watermark_options=wm.options,
    )
    assert watermark_config(manifest) == {"backend": "dwtDctSvdPlus", "options": {"level": 3, "scale": 144.0}}
    store = SQLiteManifestStore(tmp_path / "b.db")
    store.put(record.model_copy(update={"manifest": copy.deepcopy(manifest)}))
    assert store.watermark_configs() == [{"backend": "dwtDctSvdPlus", "options": {"level": 3, "scale": 144.0}}]
    buf = io.BytesIO()
    marked.image.save(buf, "JPEG", quality=75)
    report = verify_image(buf.getvalue(), store=store)  # default readers first, then the store's configs
    assert report.watermark.detected and report.watermark.watermark_id == marked.watermark_id
    # the row's manifest is not the one that was signed (built here with another policy hash): caught
    assert report.verdict == "ai-watermarked" and any("re-validation" in r for r in report.reasons)
