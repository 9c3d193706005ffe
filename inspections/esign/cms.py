"""Verification of a detached CMS (CAdES-BES) signature — pure, no Flask, no database.

What is checked (issue 16, item 3; never trust the browser):

* the CMS is a SignedData with one signer whose certificate it carries;
* the ``message-digest`` signed attribute equals the digest of the document's bytes and the
  signature over the signed attributes is valid (RSA PKCS#1 v1.5 / PSS, ECDSA in-process);
* the signer's certificate chains to one of the configured trusted roots, every certificate
  of the chain is valid at ``moment`` — the time the server received the signature, not the
  signing time written by the signer's software (which is shown but not trusted);
* the certificate has the signing key usage (non-repudiation): the NCC's authentication
  key (digital signature + key encipherment only) is not a signing key;
* revocation (OCSP/CRL) is not checked in-process: the result says so;
* a trusted RFC 3161 time-stamp token in the signature (its TSA chaining to the same
  roots) moves the moment of judgement to its genTime.

GOST 34.310 signatures (OIDs under 1.2.398.3.10.1) cannot be verified here: the result is
``not_verified`` with the certificate's details, so that the caller asks the external
service (``ncanode``) or stores it as "not verified here" — never as valid.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from asn1crypto import cms as acms
from asn1crypto import tsp  # noqa: F401 - registers tst_info in the CMS content types
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

VALID = "valid"
INVALID = "invalid"
NOT_VERIFIED = "not_verified"  # GOST without a verification service: never shown as valid

GOST_PREFIX = "1.2.398.3.10.1"  # Kazakhstan's GOST 34.310 / 34.311 algorithms (NCC)

#: Reason codes (translated at render time by ``inspections.labels``-style tables).
REASONS = (
    "not_cms", "no_signer", "several_signers", "no_certificate", "content_mismatch",
    "digest_mismatch", "bad_signature", "unsupported_algorithm", "untrusted",
    "not_yet_valid", "expired", "no_signing_usage", "no_iin", "wrong_iin", "wrong_bin",
    "service_error", "service_invalid",
)

_DER = Encoding.DER
_HASHES = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
           "sha384": hashes.SHA384, "sha512": hashes.SHA512}
_HASHLIB = {"sha1": "sha1", "sha224": "sha224", "sha256": "sha256", "sha384": "sha384",
            "sha512": "sha512"}


class CmsError(Exception):
    """The CMS is refused; ``reason`` is one of ``REASONS``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class Certificate:
    """What is kept and shown of the signer's certificate."""

    subject: str = ""
    issuer: str = ""
    serial: str = ""  # hex
    not_before: datetime | None = None
    not_after: datetime | None = None
    common_name: str = ""
    full_name: str = ""
    iin: str = ""
    bin: str = ""
    organisation: str = ""
    signing_usage: bool = False

    def as_dict(self) -> dict:
        out = asdict(self)
        for key in ("not_before", "not_after"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


@dataclass
class Result:
    """The outcome of a verification. ``status`` is ``valid``, ``invalid`` or
    ``not_verified``; ``reason`` a code of ``REASONS`` when not valid."""

    status: str
    reason: str = ""
    detail: str = ""
    certificate: Certificate = field(default_factory=Certificate)
    signing_time: datetime | None = None  # as written by the signer's software: not trusted
    moment: datetime | None = None  # the time validity was judged at
    algorithm: str = ""
    digest_algorithm: str = ""
    method: str = "builtin"  # builtin | ncanode | none
    revocation: str = "not_checked"  # not_checked | good | revoked
    chain: list[str] = field(default_factory=list)  # subjects, signer first
    timestamp: datetime | None = None  # genTime of a trusted TSP token, if any

    @property
    def valid(self) -> bool:
        return self.status == VALID

    @property
    def gost(self) -> bool:
        return self.algorithm.startswith(GOST_PREFIX) or self.digest_algorithm.startswith(
            GOST_PREFIX)


# ------------------------------------------------------------------------------ loading

def load_cms(data: bytes) -> bytes:
    """DER bytes of a CMS given as DER, PEM or base64 text (NCALayer answers base64)."""
    raw = bytes(data or b"")
    if raw[:1] == b"\x30":
        return raw  # DER: never strip (its last byte may be a "whitespace" byte)
    raw = raw.strip()
    if not raw:
        raise CmsError("not_cms")
    text = raw.decode("ascii", "replace")
    text = re.sub(r"-----(BEGIN|END)[^-]*-----", "", text)
    text = re.sub(r"\s+", "", text)
    try:
        der = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as e:
        raise CmsError("not_cms") from e
    if der[:1] != b"\x30":
        raise CmsError("not_cms")
    return der


def load_roots(source) -> list[x509.Certificate]:
    """Trusted roots from a PEM bundle, a directory of PEM/DER files, or a list of paths /
    certificates (``ESIGN_TRUSTED_ROOTS``)."""
    import os

    if not source:
        return []
    if isinstance(source, x509.Certificate):
        return [source]
    if isinstance(source, (list, tuple)):
        roots = []
        for item in source:
            roots.extend(load_roots(item))
        return roots
    path = str(source)
    if os.path.isdir(path):
        roots = []
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if os.path.isfile(full) and name.lower().endswith((".pem", ".crt", ".cer", ".der")):
                roots.extend(load_roots(full))
        return roots
    with open(path, "rb") as f:
        data = f.read()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


# ------------------------------------------------------------------------------ names

def _attr(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def describe(cert: x509.Certificate) -> Certificate:
    """Subject, issuer, serial, validity, IIN/BIN and key usage of a certificate.

    The NCC writes the individual's IIN as ``SERIALNUMBER=IIN…`` and an organisation's BIN
    as ``OU=BIN…`` (some tools also put ``BIN…`` in the serial number)."""
    subject = cert.subject
    serial_attr = _attr(subject, NameOID.SERIAL_NUMBER).upper()
    iin = serial_attr[3:] if serial_attr.startswith("IIN") else ""
    bin_ = ""
    for value in [_attr(subject, NameOID.ORGANIZATIONAL_UNIT_NAME).upper(), serial_attr]:
        if value.startswith("BIN"):
            bin_ = value[3:]
            break
    cn = _attr(subject, NameOID.COMMON_NAME)
    patronymic = _attr(subject, NameOID.GIVEN_NAME)
    full = " ".join(p for p in (cn, patronymic) if p)
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        signing = bool(usage.content_commitment)
    except x509.ExtensionNotFound:
        signing = False
    return Certificate(
        subject=subject.rfc4514_string(), issuer=cert.issuer.rfc4514_string(),
        serial=format(cert.serial_number, "x"), not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc, common_name=cn, full_name=full, iin=iin,
        bin=bin_, organisation=_attr(subject, NameOID.ORGANIZATION_NAME), signing_usage=signing)


# ------------------------------------------------------------------------------ verify

def _signer_cert(signer: acms.SignerInfo, certs: list[ax509.Certificate]) -> ax509.Certificate:
    sid = signer["sid"]
    if sid.name == "issuer_and_serial_number":
        want = sid.chosen
        for cert in certs:
            if (cert.issuer == want["issuer"]
                    and cert.serial_number == want["serial_number"].native):
                return cert
    else:
        key_id = sid.chosen.native
        for cert in certs:
            if cert.key_identifier == key_id:
                return cert
    raise CmsError("no_certificate")


def _check_signature(public_key, signature: bytes, data: bytes, sig_algo, digest_name: str):
    hash_cls = _HASHES.get(digest_name)
    if hash_cls is None:
        raise CmsError("unsupported_algorithm", digest_name)
    algo = sig_algo["algorithm"].native
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            if algo == "rsassa_pss":
                params = sig_algo["parameters"]
                pss_hash = _HASHES[params["hash_algorithm"]["algorithm"].native]
                public_key.verify(signature, data, padding.PSS(
                    mgf=padding.MGF1(pss_hash()), salt_length=params["salt_length"].native),
                    pss_hash())
            else:
                public_key.verify(signature, data, padding.PKCS1v15(), hash_cls())
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(hash_cls()))
        else:
            raise CmsError("unsupported_algorithm", type(public_key).__name__)
    except InvalidSignature as e:
        raise CmsError("bad_signature") from e


def _build_chain(leaf: x509.Certificate, pool: list[x509.Certificate],
                 roots: list[x509.Certificate]) -> list[x509.Certificate]:
    """The path from ``leaf`` to a trusted root (signatures checked), or ``untrusted``."""
    root_der = {r.public_bytes(_DER) for r in roots}
    chain = [leaf]
    current = leaf
    for _ in range(10):
        if current.public_bytes(_DER) in root_der:
            return chain
        candidates = [c for c in [*roots, *pool]
                      if c.subject == current.issuer and c is not current
                      and c.public_bytes(_DER) != current.public_bytes(_DER)]
        issuer = None
        for cand in candidates:
            try:
                current.verify_directly_issued_by(cand)
            except (ValueError, TypeError, InvalidSignature):
                continue
            if not _is_ca(cand):
                continue
            issuer = cand
            break
        if issuer is None:
            raise CmsError("untrusted", current.issuer.rfc4514_string())
        chain.append(issuer)
        current = issuer
    raise CmsError("untrusted", "chain too long")


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        bc = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    if not bc.ca:
        return False
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.key_cert_sign)


TIMESTAMPING = x509.oid.ExtendedKeyUsageOID.TIME_STAMPING


def _trusted_timestamp(signer: acms.SignerInfo, roots) -> datetime | None:
    """The genTime of the signature's RFC 3161 time-stamp token (unsigned attribute
    ``signature_time_stamp_token``) when the token is trusted: its imprint is the digest of
    this signature value, the TSA's signature over the TSTInfo is valid, and the TSA's
    certificate (key purpose time-stamping) chains to the trusted roots and was valid at
    genTime. Otherwise None: the signature is judged when the server received it."""
    attrs = signer["unsigned_attrs"]
    if not attrs:
        return None
    tokens = [a["values"][0] for a in attrs if a["type"].native == "signature_time_stamp_token"]
    if not tokens:
        return None
    try:
        token = tokens[0]
        signed = token["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].native != "tst_info":
            return None
        tst_der = encap["content"].contents
        tst = encap["content"].parsed
        imprint = tst["message_imprint"]
        hash_name = _HASHLIB.get(imprint["hash_algorithm"]["algorithm"].native)
        if hash_name is None or imprint["hashed_message"].native != hashlib.new(
                hash_name, signer["signature"].native).digest():
            return None
        [tsa_signer] = list(signed["signer_infos"])
        certs = [c.chosen for c in (signed["certificates"] or []) if c.name == "certificate"]
        tsa_asn1 = _signer_cert(tsa_signer, certs)
        digest_name = tsa_signer["digest_algorithm"]["algorithm"].native
        tsa_attrs = {a["type"].native: a["values"][0] for a in tsa_signer["signed_attrs"]}
        if tsa_attrs["message_digest"].native != hashlib.new(
                _HASHLIB[digest_name], tst_der).digest():
            return None
        tsa = x509.load_der_x509_certificate(tsa_asn1.dump())
        raw = tsa_signer["signed_attrs"].dump()
        _check_signature(tsa.public_key(), tsa_signer["signature"].native,
                         b"\x31" + raw[1:], tsa_signer["signature_algorithm"], digest_name)
        eku = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        if TIMESTAMPING not in eku:
            return None
        pool = [x509.load_der_x509_certificate(c.dump()) for c in certs]
        chain = _build_chain(tsa, pool, roots)
        gen_time = tst["gen_time"].native.astimezone(UTC)
        if any(not (c.not_valid_before_utc <= gen_time <= c.not_valid_after_utc)
               for c in chain):
            return None
        return gen_time
    except (CmsError, KeyError, ValueError, TypeError, x509.ExtensionNotFound):
        return None


def verify(cms_data: bytes, content: bytes, *, roots: list[x509.Certificate],
           moment: datetime) -> Result:
    """Verify the detached CMS ``cms_data`` over ``content``, judged at ``moment`` (the time
    the server received it). Never raises for a bad signature: the result says why."""
    result = Result(status=INVALID, moment=moment)
    try:
        _verify(result, cms_data, content, roots=roots, moment=moment)
    except CmsError as e:
        result.status, result.reason, result.detail = INVALID, e.reason, e.detail
    return result


def _verify(result: Result, cms_data: bytes, content: bytes, *, roots, moment: datetime):
    der = load_cms(cms_data)
    try:
        info = acms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            raise CmsError("not_cms")
        signed = info["content"]
        signers = list(signed["signer_infos"])
        certs = [c.chosen for c in (signed["certificates"] or [])
                 if c.name == "certificate"]
        _ = signed["encap_content_info"]["content"].native
    except CmsError:
        raise
    except Exception as e:  # asn1crypto raises many kinds on malformed input
        raise CmsError("not_cms", str(e)[:200]) from e
    if not signers:
        raise CmsError("no_signer")
    if len(signers) > 1:
        raise CmsError("several_signers")
    signer = signers[0]
    encap = signed["encap_content_info"]["content"].native
    if encap is not None and encap != content:
        raise CmsError("content_mismatch")
    signer_asn1 = _signer_cert(signer, certs)
    digest_name = signer["digest_algorithm"]["algorithm"].native
    sig_algo = signer["signature_algorithm"]
    sig_name = sig_algo["algorithm"].native
    leaf = x509.load_der_x509_certificate(signer_asn1.dump())
    cert_info = describe(leaf)
    signed_attrs = signer["signed_attrs"]
    signing_time = None
    attrs = {}
    if signed_attrs:
        attrs = {a["type"].native: a["values"][0] for a in signed_attrs}
        if "signing_time" in attrs:
            signing_time = attrs["signing_time"].native
    result.certificate, result.signing_time = cert_info, signing_time
    result.algorithm, result.digest_algorithm = str(sig_name), str(digest_name)

    gost = str(digest_name).startswith(GOST_PREFIX) or str(sig_name).startswith(GOST_PREFIX) \
        or str(signer_asn1.public_key["algorithm"]["algorithm"].native).startswith(GOST_PREFIX)
    if gost:
        result.status, result.method = NOT_VERIFIED, "none"
        result.algorithm = sig_name if str(sig_name).startswith(GOST_PREFIX) else (
            str(signer_asn1.public_key["algorithm"]["algorithm"].dotted))
        return

    hash_name = _HASHLIB.get(digest_name)
    if hash_name is None:
        raise CmsError("unsupported_algorithm", str(digest_name))
    digest = hashlib.new(hash_name, content).digest()
    if signed_attrs:
        if "message_digest" not in attrs or attrs["message_digest"].native != digest:
            raise CmsError("digest_mismatch")
        if attrs.get("content_type") is not None and attrs["content_type"].native != "data":
            raise CmsError("content_mismatch")
        raw = signed_attrs.dump()
        to_check = b"\x31" + raw[1:]  # [0] IMPLICIT SET OF -> SET OF (RFC 5652, 5.4)
    else:
        to_check = content
    _check_signature(leaf.public_key(), signer["signature"].native, to_check, sig_algo,
                     digest_name)

    pool = [x509.load_der_x509_certificate(c.dump()) for c in certs]
    chain = _build_chain(leaf, pool, roots)
    result.chain = [c.subject.rfc4514_string() for c in chain]
    stamped = _trusted_timestamp(signer, roots)
    if stamped is not None:  # a trusted time-stamp fixes the time validity is judged at
        result.timestamp = result.moment = stamped
    when = (stamped or moment).astimezone(UTC)
    for cert in chain:
        if when < cert.not_valid_before_utc:
            raise CmsError("not_yet_valid", cert.subject.rfc4514_string())
        if when > cert.not_valid_after_utc:
            raise CmsError("expired", cert.subject.rfc4514_string())
    if not cert_info.signing_usage:
        raise CmsError("no_signing_usage")
    result.status = VALID
