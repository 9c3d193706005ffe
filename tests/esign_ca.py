"""A test certification authority built with ``cryptography`` (issue 16): a root, an
intermediate, a person's signing key with ``SERIALNUMBER=IIN…``, an organisation's key with
``OU=BIN…``; detached CMS signatures made with cryptography's PKCS#7 builder."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

T0 = datetime(2025, 1, 1, tzinfo=UTC)


@functools.cache
def _key(tag: str) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str, *, iin: str = "", bin_: str = "", org: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if iin:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"))
    attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"))
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    if bin_:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"BIN{bin_}"))
    return x509.Name(attrs)


def _usage(*, ca=False, signing=True, encipher=False) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=signing and not ca,
                         key_encipherment=encipher, data_encipherment=False,
                         key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def _cert(subject, key, issuer_name, issuer_key, *, ca, start=T0, days=3650,
          usage=None, serial=None):
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
               .public_key(key.public_key())
               .serial_number(serial or x509.random_serial_number())
               .not_valid_before(start).not_valid_after(start + timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(usage or _usage(ca=ca), critical=True))
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class Signer:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    chain: list[x509.Certificate]

    def sign(self, data: bytes) -> bytes:
        """A detached CMS over ``data`` in DER (Binary: no line-end canonicalisation)."""
        builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(
            self.cert, self.key, hashes.SHA256())
        for extra in self.chain:
            builder = builder.add_certificate(extra)
        return builder.sign(serialization.Encoding.DER,
                            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])


class TestCA:
    """Root → intermediate → end-entity certificates."""

    __test__ = False

    def __init__(self, tag: str = "nca"):
        self.tag = tag
        self.root_key, self.int_key = _key(f"{tag}-root"), _key(f"{tag}-int")
        self.root_name = _name(f"Test NCA root {tag}")
        self.int_name = _name(f"Test NCA RSA {tag}")
        self.root = _cert(self.root_name, self.root_key, self.root_name, self.root_key, ca=True)
        self.intermediate = _cert(self.int_name, self.int_key, self.root_name, self.root_key,
                                  ca=True)

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def person(self, iin: str, name: str = "ТЕСТОВ ИНСПЕКТОР", *, start=T0, days=3650,
               signing=True, encipher=False, key_tag: str = "person") -> Signer:
        key = _key(key_tag)
        usage = _usage(signing=signing, encipher=encipher)
        cert = _cert(_name(name, iin=iin), key, self.int_name, self.int_key, ca=False,
                     start=start, days=days, usage=usage)
        return Signer(cert, key, [self.intermediate])

    def organisation(self, iin: str, bin_: str, org: str, name: str = "ТЕСТОВ ӨКІЛ") -> Signer:
        key = _key("org")
        cert = _cert(_name(name, iin=iin, bin_=bin_, org=org), key, self.int_name,
                     self.int_key, ca=False)
        return Signer(cert, key, [self.intermediate])
