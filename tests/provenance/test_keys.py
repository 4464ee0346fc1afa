"""The signing identity: local CA files, user PEMs, callback signers, and refusal of bad ones."""

from __future__ import annotations

import datetime as dt
import io
import stat
from pathlib import Path

import pytest

from guardrail.errors import SigningIdentityError
from guardrail.provenance.keys import (
    CERT_FILE,
    KEY_FILE,
    ROOT_FILE,
    identity_from_callback,
    init_identity,
    keys_dir,
    load_identity,
)


def test_init_writes_a_private_key_readable_only_by_the_owner(guardrail_home: Path) -> None:
    info = init_identity()
    folder = keys_dir()
    assert {p.name for p in folder.iterdir()} == {CERT_FILE, KEY_FILE, ROOT_FILE}
    assert stat.S_IMODE((folder / KEY_FILE).stat().st_mode) == 0o600
    assert info.local and "guardrail signer" in info.subject
    assert info.not_after - info.not_before > dt.timedelta(days=365 * 20)
    assert b"PRIVATE KEY" not in info.model_dump_json().encode()
    assert "PRIVATE" not in repr(load_identity())


def test_init_keeps_an_existing_identity_unless_forced() -> None:
    first = init_identity()
    assert init_identity().sha256 == first.sha256
    assert init_identity(force=True).sha256 != first.sha256


def test_load_identity_creates_the_local_identity_on_first_use() -> None:
    ident = load_identity()
    assert ident.info.local and (keys_dir() / KEY_FILE).exists()


def test_refuses_a_key_that_does_not_match_the_certificate(tmp_path: Path) -> None:
    init_identity()
    other = tmp_path / "other"
    init_identity(other)
    with pytest.raises(SigningIdentityError, match="does not match"):
        load_identity(keys_dir() / CERT_FILE, other / "keys" / KEY_FILE)


def test_refuses_an_expired_certificate(tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "expired")])
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(past)
        .not_valid_after(past + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "k.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (tmp_path / "k.pem").chmod(0o600)  # a key others can read is refused before its dates are looked at
    with pytest.raises(SigningIdentityError, match="expired"):
        load_identity(tmp_path / "c.pem", tmp_path / "k.pem")


def test_refuses_half_an_identity_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(SigningIdentityError, match="both"):
        load_identity(tmp_path / "c.pem", None)
    with pytest.raises(SigningIdentityError, match="cannot read"):
        load_identity(tmp_path / "c.pem", tmp_path / "k.pem")


def test_callback_signer_produces_a_trusted_manifest(photo) -> None:
    """A KMS/HSM-style callback signs; c2pa's own Reader trusts it under our root."""
    import c2pa
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from guardrail.policy.schema import Policy
    from guardrail.provenance import Marker

    init_identity()
    key = serialization.load_pem_private_key((keys_dir() / KEY_FILE).read_bytes(), None)
    calls: list[int] = []

    def sign(data: bytes) -> bytes:
        calls.append(len(data))
        return key.sign(data, ec.ECDSA(hashes.SHA256()))

    ident = identity_from_callback((keys_dir() / CERT_FILE).read_bytes(), sign)
    marked = Marker(Policy(name="default"), model_id="demo", identity=ident).mark(photo("coffee", 256))
    assert calls
    ctx = c2pa.Context.from_dict({"trust": {"user_anchors": (keys_dir() / ROOT_FILE).read_text()}})
    with c2pa.Reader("image/png", io.BytesIO(marked.data), None, ctx) as reader:
        assert reader.get_validation_state() == "Trusted"


def _init_in_subprocess(home: str) -> str:
    import os

    os.environ["GUARDRAIL_HOME"] = home
    from guardrail.provenance.keys import load_identity

    identity = load_identity()  # first use: creates the identity if nobody has yet
    return identity.info.sha256


def test_first_use_from_many_processes_yields_one_consistent_identity(tmp_path: Path) -> None:
    import multiprocessing as mp

    from guardrail.provenance.keys import CERT_FILE, KEY_FILE, ROOT_FILE

    home = tmp_path / "race"
    with mp.get_context("spawn").Pool(6) as pool:
        seen = pool.map(_init_in_subprocess, [str(home)] * 12)
    assert len(set(seen)) == 1  # every process signs with the same certificate
    folder = home / "keys"
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    chain = x509.load_pem_x509_certificates((folder / CERT_FILE).read_bytes())
    key = serialization.load_pem_private_key((folder / KEY_FILE).read_bytes(), password=None)
    root = x509.load_pem_x509_certificate((folder / ROOT_FILE).read_bytes())
    der, spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    assert key.public_key().public_bytes(der, spki) == chain[0].public_key().public_bytes(der, spki)
    chain[0].verify_directly_issued_by(root)
    assert not list(home.glob("keys.*.bak")) and not list(home.glob(".keys.tmp-*"))


def test_force_keeps_the_old_identity_and_old_images_still_verify_trusted(photo, tmp_path: Path, monkeypatch) -> None:
    from guardrail.policy.schema import Policy
    from guardrail.provenance import Marker, verify_image
    from guardrail.provenance.keys import ROOT_FILE
    from guardrail.provenance.store import SQLiteManifestStore

    home = tmp_path / "h"
    monkeypatch.setenv("GUARDRAIL_HOME", str(home))
    first = init_identity()
    old_root = (home / "keys" / ROOT_FILE).read_bytes()
    marked = Marker(Policy(name="default"), model_id="m", store=SQLiteManifestStore(home / "m.db")).mark(
        photo("astronaut")
    )
    second = init_identity(force=True)
    assert second.sha256 != first.sha256 and second.backup_path is not None
    assert second.backup_path.name.startswith("keys.") and second.backup_path.name.endswith(".bak")
    assert (second.backup_path / ROOT_FILE).read_bytes() == old_root
    report = verify_image(marked.data, store=SQLiteManifestStore(home / "m.db"))
    assert report.verdict == "ai-generated" and report.c2pa.state == "Trusted"
