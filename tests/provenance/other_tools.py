"""Files as other tools make them: a second, independent CA and c2pa-python signing in any format.

Nothing here is guardrail code: the CA is built with ``cryptography`` and files are signed with
c2pa-python's own Builder, so verify is tested on credentials it did not write.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
IPTC_HTTPS = "https://cv.iptc.org/newscodes/digitalsourcetype/"


@dataclass(frozen=True)
class OtherCA:
    """A root CA and an ES256 signer it issued (PEM)."""

    root_pem: bytes
    chain_pem: bytes
    key_pem: bytes
    root_path: Path

    def signer(self):
        import c2pa

        return c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", self.chain_pem, self.key_pem, None))


def make_ca(folder: Path, org: str = "Other Imaging Tools Inc") -> OtherCA:
    """A new root CA named after ``org`` and a signing certificate it issued; root written to folder/root.pem."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def name(cn: str) -> x509.Name:
        return x509.Name(
            [x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)]
        )

    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    root_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
    usage = dict(
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        encipher_only=False,
        decipher_only=False,
    )
    root = (
        x509.CertificateBuilder()
        .subject_name(name(f"{org} Root CA"))
        .issuer_name(name(f"{org} Root CA"))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, **usage), critical=True)
        .add_extension(root_ski, critical=False)
        .sign(root_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name(f"{org} Signer"))
        .issuer_name(root.subject)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, key_cert_sign=False, crl_sign=False, **usage), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    folder.mkdir(parents=True, exist_ok=True)
    root_path = folder / "root.pem"
    root_path.write_bytes(root.public_bytes(pem))
    key = leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return OtherCA(root.public_bytes(pem), leaf.public_bytes(pem) + root.public_bytes(pem), key, root_path)


def manifest(*actions: dict[str, Any], tool: str = "OtherTool") -> dict[str, Any]:
    """A manifest definition with the given actions (a c2pa.created digitalCapture first if none creates)."""
    return {
        "claim_generator_info": [{"name": tool, "version": "1.0"}],
        "title": "image",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": list(actions)}}],
    }


def created(source_type: str, tool: str = "OtherTool") -> dict[str, Any]:
    """A manifest whose one action is c2pa.created with ``source_type``."""
    return manifest({"action": "c2pa.created", "digitalSourceType": source_type}, tool=tool)


def sign(
    data: bytes,
    mime: str,
    definition: dict[str, Any],
    ca: OtherCA,
    *,
    ingredients: list[tuple[bytes, str, dict[str, Any]]] = (),  # type: ignore[assignment]
    remote_url: str | None = None,
) -> bytes:
    """``data`` signed with ``definition`` by ``ca`` (embedded, or only pointing at ``remote_url``)."""
    import c2pa

    ctx = c2pa.Context.from_dict({"builder": {"thumbnail": {"enabled": False}}})
    signer = ca.signer()
    try:
        with c2pa.Builder(definition, ctx) as builder:
            for ing_data, ing_mime, ing_json in ingredients:
                builder.add_ingredient(ing_json, ing_mime, io.BytesIO(ing_data))
            if remote_url:
                builder.set_no_embed()
                builder.set_remote_url(remote_url)
            out = io.BytesIO()
            builder.sign(signer, mime, io.BytesIO(data), out)
    finally:
        signer.close()
        ctx.close()
    return out.getvalue()


def encode(img: Image.Image, fmt: str, **kwargs: Any) -> bytes:
    """``img`` encoded with Pillow (HEIF through pillow-heif; DNG as a TIFF carrying DNGVersion)."""
    buf = io.BytesIO()
    if fmt in ("HEIF", "HEIC"):
        import pillow_heif

        pillow_heif.register_heif_opener()
        img.save(buf, "HEIF", **kwargs)
    elif fmt == "DNG":
        from PIL import TiffImagePlugin

        info = TiffImagePlugin.ImageFileDirectory_v2()
        info[50706] = bytes([1, 4, 0, 0])  # DNGVersion
        info.tagtype[50706] = 1  # BYTE
        img.save(buf, "TIFF", tiffinfo=info)
    else:
        img.save(buf, fmt, **kwargs)
    return buf.getvalue()


def raw_dng(width: int = 64, height: int = 64) -> bytes:
    """A minimal raw (colour filter array) DNG: valid TIFF structure, pixels Pillow cannot decode."""
    import struct

    pixels = (np.arange(width * height, dtype=np.uint16) % 4096).astype("<u2").tobytes()
    entries = [  # tag, type, count, value
        (254, 4, 1, 0),
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, 1, 16),
        (259, 3, 1, 1),
        (262, 3, 1, 32803),  # PhotometricInterpretation = CFA
        (273, 4, 1, 0),
        (277, 3, 1, 1),
        (278, 4, 1, height),
        (279, 4, 1, len(pixels)),
        (33421, 3, 2, 2 | (2 << 16)),
        (33422, 1, 4, int.from_bytes(bytes([0, 1, 1, 2]), "little")),
        (50706, 1, 4, int.from_bytes(bytes([1, 4, 0, 0]), "little")),
    ]
    ifd_offset = 8
    data_offset = ifd_offset + 2 + 12 * len(entries) + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", ifd_offset) + struct.pack("<H", len(entries)))
    for tag, typ, count, value in entries:
        if tag == 273:
            value = data_offset
        if typ == 3 and count == 1:
            out += struct.pack("<HHIHH", tag, typ, count, value, 0)
        else:
            out += struct.pack("<HHII", tag, typ, count, value)
    out += struct.pack("<I", 0) + pixels
    return bytes(out)
