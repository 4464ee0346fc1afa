"""The signing identity: a local ES256 root CA and end-entity, user PEMs, or a signing callback.

``init_identity`` writes ``GUARDRAIL_HOME/keys/{root.pem,signer.pem,signer.key}`` (key 0600):
built in a temporary folder beside it and renamed into place under an exclusive ``fcntl`` lock on
``GUARDRAIL_HOME/keys.lock``, so processes racing on first use all end up with one identity whose
key matches its certificate. ``--force`` moves the old folder to ``keys.<UTC time>.bak``; its root
stays a trust anchor (``trusted_roots``, only while that folder is private to the user), so images
signed before still verify Trusted. Other files of the folder (the audit key) are carried over.
A home or keys folder that other users could write, or a private key they could read, is refused
(guardrail/home.py).
The certificates are long-lived on purpose: without a timestamp authority (none is reachable
offline) a C2PA manifest turns ``Invalid`` once its signing certificate expires. Private keys are
never logged or printed; ``IdentityInfo`` carries only public data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import SigningIdentityError
from guardrail.home import guardrail_home, private_problem, require_private

__all__ = [
    "IdentityInfo",
    "SigningIdentity",
    "identity_from_callback",
    "init_identity",
    "keys_dir",
    "load_identity",
    "trusted_roots",
]

log = logging.getLogger(__name__)

ROOT_FILE = "root.pem"
CERT_FILE = "signer.pem"
KEY_FILE = "signer.key"
ROOT_YEARS = 30
LEAF_YEARS = 25

SignCallback = Callable[[bytes], bytes]


class IdentityInfo(BaseModel):
    """Public facts about a signing identity (never the private key)."""

    model_config = ConfigDict(frozen=True)

    subject: str = Field(description="Subject of the end-entity (signing) certificate.")
    issuer: str = Field(description="Issuer of the end-entity certificate.")
    not_before: dt.datetime = Field(description="Start of the signing certificate's validity (UTC).")
    not_after: dt.datetime = Field(description="End of the signing certificate's validity (UTC).")
    sha256: str = Field(description="SHA-256 fingerprint (hex) of the signing certificate (DER).")
    root_sha256: str | None = Field(None, description="SHA-256 fingerprint of the root certificate, if known.")
    cert_path: Path | None = Field(None, description="PEM chain of the signer (end-entity first).")
    key_path: Path | None = Field(None, description="PEM private key file (mode 0600), or None for a callback signer.")
    root_path: Path | None = Field(None, description="PEM root certificate to trust for our own images.")
    local: bool = Field(False, description="True for the local identity made by 'guardrail keys init'.")
    backup_path: Path | None = Field(
        None, description="Where init --force moved the previous identity (still trusted)."
    )
    key_mode: str | None = Field(
        None,
        description=(
            "Permission bits of the private key file as found on disk, e.g. '0600' (None for a callback signer)."
        ),
    )


class SigningIdentity:
    """Certificates plus either a private key (PEM) or a signing callback (KMS/HSM).

    The callback receives the bytes to sign and returns an ES256 signature (DER or raw r||s).
    The key is held in memory only for signing and is not part of ``repr``.
    """

    def __init__(
        self,
        cert_chain_pem: bytes,
        *,
        key_pem: bytes | None = None,
        callback: SignCallback | None = None,
        root_pem: bytes | None = None,
        info: IdentityInfo,
    ) -> None:
        if (key_pem is None) == (callback is None):
            raise SigningIdentityError(
                "give exactly one of a private key or a signing callback",
                where="SigningIdentity",
                fix="pass key_pem=... or callback=...",
            )
        self.cert_chain_pem = cert_chain_pem
        self._key_pem = key_pem
        self._callback = callback
        self.root_pem = root_pem
        self.info = info

    def __repr__(self) -> str:
        return f"SigningIdentity(subject={self.info.subject!r}, sha256={self.info.sha256[:16]}...)"

    @property
    def uses_callback(self) -> bool:
        """True when signing goes through a callback instead of a key file."""
        return self._callback is not None

    def c2pa_signer(self):  # -> c2pa.Signer (imported lazily)
        """Build a ``c2pa.Signer`` (caller closes it, or passes it to a Context that consumes it)."""
        import c2pa

        try:
            if self._callback is not None:
                return c2pa.Signer.from_callback(
                    self._callback, c2pa.C2paSigningAlg.ES256, self.cert_chain_pem.decode()
                )
            info = c2pa.C2paSignerInfo(b"es256", self.cert_chain_pem, self._key_pem, None)
            return c2pa.Signer.from_info(info)
        except c2pa.C2paError as err:
            raise SigningIdentityError(
                f"c2pa refused the signing identity: {err}",
                where=str(self.info.cert_path or "signer"),
                fix="use an ES256 (P-256) end-entity certificate issued by a CA, with its key",
            ) from err


def keys_dir(home: Path | None = None) -> Path:
    """Folder of the local identity: ``GUARDRAIL_HOME/keys``.

    Raises UnsafePermissionsError when the home or an existing keys folder is writable by group or
    others or owned by another user (anyone who can write there can plant a trust root).
    """
    if home is not None:
        require_private(home, "the guardrail home")
    folder = (home or guardrail_home()) / "keys"
    require_private(folder, "the keys folder")
    return folder


def _name(common_name: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "guardrail local identity"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write_private(path: Path, data: bytes, mode: int = 0o600) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, mode)  # whatever the umask: a group-writable root (umask 002) would be refused by verify


LOCK_FILE = "keys.lock"
BACKUP_GLOB = "keys.*.bak"


@contextlib.contextmanager
def _keys_lock(home: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold an ``fcntl`` lock on ``home/keys.lock`` (exclusive to create, shared to read)."""
    import fcntl

    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def trusted_roots(home: Path | None = None) -> list[Path]:
    """Root certificates of the local identity: the current one, then every ``keys.*.bak`` (newest first).

    Only roots that no other user could have written are trusted: the current root must be private
    (UnsafePermissionsError otherwise); a backup whose folder or ``root.pem`` is writable by group
    or others, or owned by another user, is skipped with a warning.
    """
    folder = keys_dir(home)
    base = folder.parent
    current = folder / ROOT_FILE
    require_private(current, "the trust root")
    roots = [current]
    for bak in sorted(base.glob(BACKUP_GLOB), reverse=True):
        root = bak / ROOT_FILE
        problem = private_problem(bak) or private_problem(root)
        if problem is not None:
            log.warning(
                "not trusting the backed-up root %s: %s (fix: chown and chmod go-w it, or remove it)", root, problem
            )
            continue
        roots.append(root)
    return [r for r in roots if r.is_file()]


def _backup_name(home: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path, n = home / f"keys.{stamp}.bak", 1
    while path.exists():
        path, n = home / f"keys.{stamp}-{n}.bak", n + 1
    return path


def init_identity(home: Path | None = None, *, force: bool = False) -> IdentityInfo:
    """Create the local root CA and end-entity in ``GUARDRAIL_HOME/keys`` and return its info.

    An existing identity is kept (and returned) unless ``force`` is true; then the old folder is
    moved to ``keys.<UTC time>.bak`` (its root stays trusted by verify). Safe across processes.
    """
    folder = keys_dir(home)
    base = folder.parent
    with _keys_lock(base, exclusive=True):
        if (folder / KEY_FILE).exists() and not force:
            return _info_from_files(folder)
        tmp = Path(tempfile.mkdtemp(dir=base, prefix=".keys.tmp-"))
        try:
            _build_identity(tmp)
            backup = None
            if folder.exists():  # --force, or a folder left incomplete: keep it, never overwrite a root
                _carry_over(folder, tmp)
                backup = _backup_name(base)
                os.rename(folder, backup)
            os.rename(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _fsync_dir(base)
    log.info("created local signing identity in %s%s", folder, f" (previous one kept in {backup})" if backup else "")
    return _info_from_files(folder).model_copy(update={"backup_path": backup})


def _carry_over(old: Path, new: Path) -> None:
    """Copy the files of ``old`` that are not the signing identity (e.g. the audit key) into ``new``.

    Rotating the signing identity must not rotate the audit log's HMAC key: earlier prompt
    digests would no longer check. The backup keeps its copy too.
    """
    for path in old.iterdir():
        if path.is_file() and not path.is_symlink() and path.name not in (ROOT_FILE, CERT_FILE, KEY_FILE):
            shutil.copy2(path, new / path.name)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _build_identity(folder: Path, *, leaf_not_after: dt.datetime | None = None) -> None:
    """Write a new root, end-entity chain and key (0600) into the empty ``folder``.

    ``leaf_not_after`` shortens the signing certificate's life (tests of expired signers only).
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID

    os.chmod(folder, 0o700)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)

    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("guardrail local root CA")
    root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(root_ski, critical=False)
        .sign(root_key, hashes.SHA256())
    )

    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("guardrail signer"))
        .issuer_name(root_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(leaf_not_after or now + dt.timedelta(days=365 * LEAF_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski), critical=False)
        .sign(root_key, hashes.SHA256())
    )

    pem = serialization.Encoding.PEM
    root_pem = root.public_bytes(pem)
    _write_private(folder / ROOT_FILE, root_pem, 0o644)
    _write_private(folder / CERT_FILE, leaf.public_bytes(pem) + root_pem, 0o644)
    _write_private(
        folder / KEY_FILE,
        leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )


def _load_chain(data: bytes, where: str) -> list:
    from cryptography import x509

    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError as err:
        raise SigningIdentityError(
            "not a PEM certificate chain", where=where, fix="give a PEM file with the signer certificate first"
        ) from err
    if not certs:
        raise SigningIdentityError("no certificate in file", where=where, fix="give a PEM certificate chain")
    return certs


def _fingerprint(cert) -> str:
    from cryptography.hazmat.primitives import serialization

    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _info(
    certs: list, *, cert_path: Path | None, key_path: Path | None, root_path: Path | None, local: bool
) -> IdentityInfo:
    leaf = certs[0]
    root = certs[-1] if len(certs) > 1 else None
    return IdentityInfo(
        subject=leaf.subject.rfc4514_string(),
        issuer=leaf.issuer.rfc4514_string(),
        not_before=leaf.not_valid_before_utc,
        not_after=leaf.not_valid_after_utc,
        sha256=_fingerprint(leaf),
        root_sha256=_fingerprint(root) if root is not None else None,
        cert_path=cert_path,
        key_path=key_path,
        root_path=root_path,
        local=local,
    )


def _key_mode(path: Path) -> str | None:
    try:
        return f"{stat.S_IMODE(path.stat().st_mode):04o}"
    except FileNotFoundError:
        return None


def _info_from_files(folder: Path) -> IdentityInfo:
    cert_path = folder / CERT_FILE
    certs = _load_chain(cert_path.read_bytes(), str(cert_path))
    info = _info(certs, cert_path=cert_path, key_path=folder / KEY_FILE, root_path=folder / ROOT_FILE, local=True)
    return info.model_copy(update={"key_mode": _key_mode(folder / KEY_FILE)})


def _check_usable(certs: list, key_pem: bytes | None, where: str) -> None:
    """Raise SigningIdentityError for an expired/not-yet-valid certificate or a mismatched key."""
    from cryptography.hazmat.primitives import serialization

    leaf = certs[0]
    now = dt.datetime.now(dt.UTC)
    if leaf.not_valid_after_utc < now:
        raise SigningIdentityError(
            f"signing certificate expired on {leaf.not_valid_after_utc:%Y-%m-%d}",
            where=where,
            fix="issue a new certificate (guardrail keys init --force for the local identity)",
        )
    if leaf.not_valid_before_utc > now:
        raise SigningIdentityError(
            f"signing certificate is not valid before {leaf.not_valid_before_utc:%Y-%m-%d}",
            where=where,
            fix="check the certificate dates and the system clock",
        )
    if key_pem is None:
        return
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as err:
        raise SigningIdentityError(
            "cannot read the private key (not an unencrypted PEM key)",
            where=where,
            fix="give an unencrypted PKCS#8 or SEC1 PEM key",
        ) from err
    pub = serialization.PublicFormat.SubjectPublicKeyInfo
    enc = serialization.Encoding.DER
    if key.public_key().public_bytes(enc, pub) != leaf.public_key().public_bytes(enc, pub):
        raise SigningIdentityError(
            "the private key does not match the signing certificate",
            where=where,
            fix="give the key that belongs to the first certificate of the chain",
        )


def load_identity(cert: Path | None = None, key: Path | None = None) -> SigningIdentity:
    """Load a signing identity from PEM files, or the local one (created on first use)."""
    if (cert is None) != (key is None):
        raise SigningIdentityError(
            "give both a certificate chain and its key, or neither",
            where="cert/key",
            fix="pass both --cert and --key (or set both in the policy's provenance.signer)",
        )
    local = cert is None
    root_pem: bytes | None = None
    try:
        if local:
            folder = keys_dir()
            if not (folder / KEY_FILE).exists():
                init_identity()
            cert, key = folder / CERT_FILE, folder / KEY_FILE
            root_path: Path | None = folder / ROOT_FILE
            require_private(key, "the private signing key", readable=True)
            with _keys_lock(folder.parent, exclusive=False):  # the three files of one identity
                chain_pem, key_pem, root_pem = cert.read_bytes(), key.read_bytes(), root_path.read_bytes()
        else:
            root_path = None
            assert cert is not None and key is not None
            require_private(Path(key), "the private signing key", readable=True)
            chain_pem = Path(cert).read_bytes()
            key_pem = Path(key).read_bytes()
    except OSError as err:
        raise SigningIdentityError(
            f"cannot read signing identity: {err.strerror}",
            where=str(err.filename),
            fix="check the path, or run 'guardrail keys init' for a local identity",
        ) from err
    certs = _load_chain(chain_pem, str(cert))
    _check_usable(certs, key_pem, str(cert))
    info = _info(certs, cert_path=Path(cert), key_path=Path(key), root_path=root_path, local=local)
    info = info.model_copy(update={"key_mode": _key_mode(Path(key))})
    return SigningIdentity(chain_pem, key_pem=key_pem, root_pem=root_pem, info=info)


def identity_from_callback(
    cert_chain_pem: bytes, callback: SignCallback, *, root_pem: bytes | None = None
) -> SigningIdentity:
    """A signing identity whose key lives elsewhere (KMS/HSM): ``callback(data) -> signature``."""
    certs = _load_chain(cert_chain_pem, "cert_chain_pem")
    _check_usable(certs, None, "cert_chain_pem")
    info = _info(certs, cert_path=None, key_path=None, root_path=None, local=False)
    return SigningIdentity(cert_chain_pem, callback=callback, root_pem=root_pem, info=info)
