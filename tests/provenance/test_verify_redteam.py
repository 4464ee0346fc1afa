"""Red-team attacks on verify: each test is an attack that made verify lie or fail before its fix."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from other_tools import IPTC, created, encode, make_ca, sign
from PIL import Image

from guardrail.policy.schema import Policy
from guardrail.provenance import Marker, verify_image
from guardrail.provenance.codec import encode_id
from guardrail.provenance.store import SQLiteManifestStore
from guardrail.provenance.watermark import get_backend
from guardrail.similarity.fingerprint import (
    FINGERPRINT_KIND,
    VERIFY_KIND,
    reference_variants,
)


def _png(img: Image.Image | np.ndarray) -> bytes:
    if isinstance(img, np.ndarray):
        img = Image.fromarray(img)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory):
    return make_ca(tmp_path_factory.mktemp("redteam-ca"))


@pytest.mark.parametrize("size", [(4, 64), (8, 8), (8, 3000)], ids=["4x64", "8x8", "8x3000"])
def test_tiny_or_thin_signed_image_keeps_its_manifest_verdict(ca, tmp_path: Path, size: tuple[int, int]) -> None:
    """Attack: a valid AI manifest on an image too small to fingerprint was an input error (exit 2)."""
    rng = np.random.default_rng(7)
    img = Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8))
    signed = sign(encode(img, "PNG"), "image/png", created(IPTC + "trainedAlgorithmicMedia"), ca)
    report = verify_image(signed, store=SQLiteManifestStore(tmp_path / "m.db"))
    assert report.verdict == "ai-generated" and report.exit_code == 0
    assert not report.pixels.decoded and "too small" in report.pixels.reason
    assert report.pixels.width == size[0] and report.pixels.height == size[1]
    plain = verify_image(encode(img, "PNG"), store=SQLiteManifestStore(tmp_path / "m.db"))
    assert plain.verdict == "no-provenance" and "too small" in " ".join(plain.reasons)


def test_store_row_crop_codes_pointing_at_other_content_do_not_recover_a_transplant(
    photo,
    tmp_path: Path,
    use_marked_home: Path,
) -> None:
    """Attack: transplant a release's watermark onto another photo and add that photo's codes to the
    release's unsigned crop-code columns of the store: the crop path claimed the release."""
    db = tmp_path / "m.db"
    store = SQLiteManifestStore(db)
    release = Marker(Policy(name="default"), model_id="demo-model", store=store).mark(photo("astronaut"))
    store.close()
    forged = Image.fromarray(
        get_backend("dwtDctSvdPlus").embed(np.asarray(photo("chelsea")), encode_id(release.watermark_id))
    )
    codes = reference_variants(forged, verification=True)
    con = sqlite3.connect(db)
    variants, verification = con.execute(
        "SELECT variants, verification FROM manifests WHERE watermark_id = ?", (release.watermark_id,)
    ).fetchone()
    variants = json.loads(variants) + [codes[0].hex]  # the forged picture's 64-bit code, as a "crop"
    verification = json.loads(verification) + [next(f.hex for f in codes if f.kind == VERIFY_KIND)]
    assert codes[0].kind == FINGERPRINT_KIND
    con.execute(
        "UPDATE manifests SET variants = ?, verification = ? WHERE watermark_id = ?",
        (json.dumps(variants), json.dumps(verification), release.watermark_id),
    )
    con.commit()
    con.close()
    report = verify_image(_png(forged), store=SQLiteManifestStore(db))
    assert report.watermark.watermark_id == release.watermark_id
    assert report.verdict != "ai-generated-recovered" and report.recovered_by is None
    assert report.verdict == "tampered" and "found on different content" in report.reasons[0]


@pytest.mark.parametrize(
    "uri",
    [
        "HTTP://CV.IPTC.ORG/newscodes/digitalsourcetype/trainedAlgorithmicMedia",  # the same URI (RFC 3986)
        "http://cv.iptc.org/newscodes/digitalsourcetype/TrainedAlgorithmicMedia",
        "https://cv.iptc.org/newscodes/digitalsourcetype/trainedalgorithmicmedia",
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia?lang=en",
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia#term",
    ],
)
def test_odd_spelling_of_an_ai_source_type_is_not_read_as_no_ai(ca, photo, tmp_path: Path, uri: str) -> None:
    """Attack: a valid AI manifest spelled with odd casing (or a query) read as credentials-no-ai, exit 0."""
    signed = sign(encode(photo("coffee", 128), "PNG"), "image/png", created(uri), ca)
    report = verify_image(signed, store=SQLiteManifestStore(tmp_path / "m.db"))
    assert report.verdict == "ai-generated"
    assert [d.term for d in report.c2pa.declarations] == ["trainedAlgorithmicMedia"]


def test_ai_declared_only_by_an_ingredient_that_failed_validation_is_not_reported_as_signed(
    ca, photo, tmp_path: Path
) -> None:
    """Attack: a valid manifest whose only AI declaration is in an ingredient whose own manifest failed
    (its pixels changed after signing) reported that declaration as signed and verified, without a word."""
    from other_tools import IPTC as iptc

    picture = photo("coffee", 256)
    parent = bytearray(sign(encode(picture, "JPEG"), "image/jpeg", created(iptc + "trainedAlgorithmicMedia"), ca))
    parent[-100] ^= 0xFF  # one byte of the scan data: the parent's data hash no longer matches
    store = SQLiteManifestStore(tmp_path / "m.db")
    assert verify_image(bytes(parent), store=store).verdict == "tampered"
    child = sign(
        encode(picture.crop((10, 10, 200, 200)), "JPEG"),
        "image/jpeg",
        created(iptc + "digitalCapture"),
        ca,
        ingredients=[(bytes(parent), "image/jpeg", {"title": "parent.jpg", "relationship": "componentOf"})],
    )
    report = verify_image(child, store=store)
    assert report.verdict == "ai-edited"  # AI is still declared in the chain: never dropped
    [decl] = [d for d in report.c2pa.declarations if d.term == "trainedAlgorithmicMedia"]
    assert decl.where == "ingredient 1 (parent.jpg)" and not decl.signed
    assert report.c2pa.ingredient_failures == ["ingredient 1 (parent.jpg): assertion.dataHash.mismatch"]
    assert any(r.startswith("not verified:") and "dataHash.mismatch" in r for r in report.reasons)
    # an intact AI parent stays signed, with no such reason
    intact = sign(
        encode(picture.crop((10, 10, 200, 200)), "JPEG"),
        "image/jpeg",
        created(iptc + "digitalCapture"),
        ca,
        ingredients=[
            (
                sign(encode(picture, "JPEG"), "image/jpeg", created(iptc + "trainedAlgorithmicMedia"), ca),
                "image/jpeg",
                {"title": "parent.jpg", "relationship": "componentOf"},
            )
        ],
    )
    ok = verify_image(intact, store=store)
    assert ok.verdict == "ai-edited" and ok.c2pa.ingredient_failures == []
    assert all(d.signed for d in ok.c2pa.declarations) and not any(r.startswith("not verified:") for r in ok.reasons)


A1111 = (
    "a castle on a hill\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, "
    "Size: 512x512, Model: v1-5-pruned-emaonly"
)


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_automatic1111_parameters_in_exif_user_comment_are_ai_declared_unsigned(
    photo, tmp_path: Path, fmt: str
) -> None:
    """Attack (an editor's everyday file): AUTOMATIC1111 writes its record into EXIF UserComment
    (UNICODE prefix + UTF-16 big-endian, as piexif does) for JPEG and WebP: read as no-provenance."""
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\x00" + A1111.encode("utf-16-be")
    data = encode(photo("coffee", 256), fmt, exif=exif)
    report = verify_image(data, store=SQLiteManifestStore(tmp_path / "m.db"))
    assert report.verdict == "ai-declared-unsigned"
    [gen] = report.metadata.generators
    assert gen.generator == "AUTOMATIC1111" and gen.key == "EXIF UserComment" and gen.model == "v1-5-pruned-emaonly"
    # an ordinary camera comment is no declaration
    plain = Image.Exif()
    plain.get_ifd(0x8769)[0x9286] = b"ASCII\x00\x00\x00holiday, beach"
    report = verify_image(encode(photo("coffee", 256), fmt, exif=plain), store=SQLiteManifestStore(tmp_path / "m.db"))
    assert report.verdict == "no-provenance" and report.metadata.generators == []


def test_xmp_digital_source_type_under_another_namespace_prefix_is_read(photo, tmp_path: Path) -> None:
    """Attack: the same XMP property bound to another prefix (iptcExt:) hid the AI declaration."""
    from PIL import PngImagePlugin

    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:iptcExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">'
        f"<iptcExt:DigitalSourceType>{IPTC}trainedAlgorithmicMedia</iptcExt:DigitalSourceType>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp)
    buf = io.BytesIO()
    photo("coffee", 256).save(buf, "PNG", pnginfo=info)
    report = verify_image(buf.getvalue(), store=SQLiteManifestStore(tmp_path / "m.db"))
    assert report.verdict == "ai-declared-unsigned"
    assert [d.term for d in report.metadata.declarations] == ["trainedAlgorithmicMedia"]


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_tag_alone_does_not_hide_our_watermark(
    photo, tmp_path: Path, use_marked_home: Path, orientation: int
) -> None:
    """Attack: set the EXIF orientation tag of a stripped copy of a release (no pixel changed): verify
    read the turned pixels, found no mark and said no-provenance."""
    store = SQLiteManifestStore(tmp_path / "m.db")
    release = Marker(Policy(name="default"), model_id="demo-model", store=store).mark(photo("astronaut"))
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    release.image.save(buf, "JPEG", quality=90, exif=exif)
    report = verify_image(buf.getvalue(), store=store)
    assert report.verdict == "ai-generated-recovered" and report.recovery.watermark_id == release.watermark_id
    assert report.pixels.orientation_ignored == orientation
    # the displayed pixels are still what an ordinary photo with that tag is judged on
    plain = io.BytesIO()
    photo("coffee").save(plain, "JPEG", quality=90, exif=exif)
    other = verify_image(plain.getvalue(), store=store)
    assert other.verdict == "no-provenance" and other.pixels.orientation_ignored is None


def _edit_row(db: Path, watermark_id: str, **columns: str) -> None:
    con = sqlite3.connect(db)
    for column, value in columns.items():
        con.execute(f"UPDATE manifests SET {column} = ? WHERE watermark_id = ?", (value, watermark_id))
    con.commit()
    con.close()


def test_edited_store_row_does_not_make_content_similar_or_report_an_unsigned_manifest(
    photo, tmp_path: Path, use_marked_home: Path
) -> None:
    """Attack: a fingerprint-only match (similar-to-ai-release) reported the store row's manifest
    without re-validating it, and accepted codes an edited row points at any picture."""
    db = tmp_path / "m.db"
    store = SQLiteManifestStore(db)
    original = photo("coffee")
    release = Marker(Policy(name="default"), model_id="demo-model", store=store).mark(original)
    store.close()
    honest = verify_image(_png(original), store=SQLiteManifestStore(db))
    assert honest.verdict == "similar-to-ai-release"
    assert honest.manifest is not None and "demo-model" in json.dumps(honest.manifest)

    # 1. the row's manifest now names another model
    forged_db = tmp_path / "forged.db"
    shutil.copy(db, forged_db)
    row = json.loads(sqlite3.connect(forged_db).execute("SELECT manifest FROM manifests").fetchone()[0])
    row["assertions"][1]["data"]["model"] = "some-other-model"
    _edit_row(forged_db, release.watermark_id, manifest=json.dumps(row))
    report = verify_image(_png(original), store=SQLiteManifestStore(forged_db))
    assert report.verdict == "no-provenance" and "some-other-model" not in json.dumps(report.model_dump(mode="json"))
    assert any("failed re-validation" in r and release.watermark_id in r for r in report.reasons)

    # 2. the row's unsigned codes now point at an unrelated photo
    cat = photo("chelsea")
    codes = reference_variants(cat, verification=True)
    pointed = tmp_path / "pointed.db"
    shutil.copy(db, pointed)
    con = sqlite3.connect(pointed)
    variants, verification = con.execute("SELECT variants, verification FROM manifests").fetchone()
    con.close()
    _edit_row(
        pointed,
        release.watermark_id,
        variants=json.dumps(json.loads(variants) + [codes[0].hex]),
        verification=json.dumps(json.loads(verification) + [next(f.hex for f in codes if f.kind == VERIFY_KIND)]),
    )
    # the index reads the packed codes table: point the row's last code there at the cat as well
    con = sqlite3.connect(pointed)
    rowid = con.execute("SELECT rowid FROM manifests WHERE watermark_id = ?", (release.watermark_id,)).fetchone()[0]
    blob = con.execute("SELECT codes FROM fingerprint_codes WHERE manifest = ?", (rowid,)).fetchone()[0]
    con.execute(
        "UPDATE fingerprint_codes SET codes = ? WHERE manifest = ?", (blob[:-8] + bytes.fromhex(codes[0].hex), rowid)
    )
    con.commit()
    con.close()
    report = verify_image(_png(cat), store=SQLiteManifestStore(pointed))
    assert report.verdict == "no-provenance"
    assert any("codes signed in its manifest do not" in r for r in report.reasons)


def test_png_orientation_is_found_in_exif_and_compressed_xmp_without_a_second_decode_for_plain_pngs(photo) -> None:
    """verify skips re-decoding a PNG to look for an orientation only when the PNG cannot hold one."""
    from PIL import PngImagePlugin

    from guardrail.provenance.evidence.image_source import stored_orientation

    img = photo("coffee", 64)
    exif = Image.Exif()
    exif[0x0112] = 6
    with_exif, with_xmp, plain = io.BytesIO(), io.BytesIO(), io.BytesIO()
    img.save(with_exif, "PNG", exif=exif)
    info = PngImagePlugin.PngInfo()
    xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    xmp += '<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="8"/></rdf:RDF></x:xmpmeta>'
    info.add_itxt("XML:com.adobe.xmp", xmp, zip=True)  # compressed: only the key is readable in the bytes
    img.save(with_xmp, "PNG", pnginfo=info)
    img.save(plain, "PNG")
    assert b"tiff:Orientation" not in with_xmp.getvalue()
    assert stored_orientation(with_exif.getvalue()) == 6
    assert stored_orientation(with_xmp.getvalue()) == 8
    assert stored_orientation(plain.getvalue()) is None
