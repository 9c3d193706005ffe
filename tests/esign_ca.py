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


def tsa(ca: TestCA, key_tag: str = "tsa") -> Signer:
    """A time-stamping authority's certificate (key purpose time-stamping) under ``ca``."""
    key = _key(key_tag)
    builder = (x509.CertificateBuilder().subject_name(_name(f"Test TSA {ca.tag}"))
               .issuer_name(ca.int_name).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(T0).not_valid_after(T0 + timedelta(days=3650))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(_usage(), critical=True)
               .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]),
                              critical=True))
    return Signer(builder.sign(ca.int_key, hashes.SHA256()), key, [ca.intermediate])


def with_timestamp(cms_der: bytes, stamper: Signer, gen_time: datetime) -> bytes:
    """``cms_der`` with an RFC 3161 time-stamp token of its signature value (genTime
    ``gen_time``) added as the unsigned attribute signature_time_stamp_token."""
    import hashlib

    from asn1crypto import cms as acms
    from asn1crypto import tsp
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives.asymmetric import padding

    info = acms.ContentInfo.load(cms_der)
    signer = info["content"]["signer_infos"][0]
    tst = tsp.TSTInfo({
        "version": "v1", "policy": "1.2.398.3.3.2.6.1",
        "message_imprint": {"hash_algorithm": {"algorithm": "sha256"},
                            "hashed_message": hashlib.sha256(signer["signature"].native).digest()},
        "serial_number": 1, "gen_time": gen_time})
    attrs = acms.CMSAttributes([
        {"type": "content_type", "values": ["1.2.840.113549.1.9.16.1.4"]},
        {"type": "message_digest", "values": [hashlib.sha256(tst.dump()).digest()]}])
    signature = stamper.key.sign(attrs.dump(), padding.PKCS1v15(), hashes.SHA256())
    cert = ax509.Certificate.load(stamper.cert.public_bytes(serialization.Encoding.DER))
    chain = [ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
             for c in stamper.chain]
    signed = acms.SignedData({
        "version": "v3", "digest_algorithms": [{"algorithm": "sha256"}],
        "encap_content_info": {"content_type": "1.2.840.113549.1.9.16.1.4", "content": tst},
        "certificates": [cert, *chain],
        "signer_infos": [{
            "version": "v1",
            "sid": {"issuer_and_serial_number": {"issuer": cert.issuer,
                                                 "serial_number": cert.serial_number}},
            "digest_algorithm": {"algorithm": "sha256"}, "signed_attrs": attrs,
            "signature_algorithm": {"algorithm": "rsassa_pkcs1v15"}, "signature": signature}]})
    token = acms.ContentInfo({"content_type": "signed_data", "content": signed})
    signer["unsigned_attrs"] = [{"type": "signature_time_stamp_token", "values": [token]}]
    return info.dump()
