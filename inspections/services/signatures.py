"""Electronic digital signatures of issued documents (issue 16): who signs what, signing
with server-side verification, the required-signature setting, the CMS files of copy 1.

Who signs (issue 16, item 1):

* appointment act — the person authorised to sign it (R7.2 (13));
* extension act — the head who decided the extension (R9.3);
* start notice, extension notice — one inspector of the act (R7.3, R9.4);
* results act, each copy — every inspector of the act (R11.1 (13)): several signatures;
* refusal act — the inspectors (R12.3);
* reply to objections — its signatory (R12.2);
* a portal statement of the control subject (receipt R6.1/R12.4, objections R12.1,
  remediation report R16.1) — its head or representative who submitted it.

A signature is verified on the server before it is stored (never trust the browser): the
CMS over the document's exact stored bytes, the certificate's chain to the configured roots
(``ESIGN_TRUSTED_ROOTS``) at the moment the server receives it, the signing key usage, and
that the certificate's IIN is the IIN on the signer's account (and an organisation key's
BIN that of the signer's body). A refused signature stores nothing and says why.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import esign, permissions
from ..errors import PermissionDenied, RuleViolation, ValidationFailed
from ..esign import cms
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import DocumentSignature, GeneratedDocument, Inspection, User
from . import audit

REASON_LABELS = {
    "not_cms": _l("the file is not a CMS signature"),
    "no_signer": _l("the CMS has no signer"),
    "several_signers": _l("the CMS has several signers; each person signs separately"),
    "no_certificate": _l("the CMS does not carry the signer's certificate"),
    "content_mismatch": _l("the CMS signs other content"),
    "digest_mismatch": _l("the signature is not of this document (its bytes differ)"),
    "bad_signature": _l("the signature value is not valid"),
    "unsupported_algorithm": _l("the signature algorithm is not supported"),
    "untrusted": _l("the certificate does not chain to a trusted root"),
    "not_yet_valid": _l("the certificate was not yet valid"),
    "expired": _l("the certificate has expired"),
    "no_signing_usage": _l("the key is not a signing key (no non-repudiation key usage)"),
    "no_iin": _l("the certificate or the account has no IIN"),
    "wrong_iin": _l("the IIN in the certificate is not the IIN of your account"),
    "wrong_bin": _l("the BIN in the certificate is not the BIN of your organisation"),
    "service_error": _l("the verification service could not be reached"),
    "service_invalid": _l("the verification service found the signature not valid"),
}

ROLE_LABELS = {
    "signatory": _l("Person authorised to sign"),
    "head": _l("Head"),
    "inspector": _l("Inspector"),
    "representative": _l("Head or representative of the control subject"),
}

STATUS_LABELS = {
    "valid": _l("Valid"),
    "not_verified": _l("Not verified here (GOST signature; no verification service)"),
}

REVOCATION_LABELS = {
    "not_checked": _l("revocation not checked"),
    "good": _l("not revoked"),
    "revoked": _l("revoked"),
}

#: the rule each document's signatures belong to (for the required-signature setting)
RULES = {"portal_statement": "R12.1", "appointment_act": "R7.2", "start_notice": "R7.3", "extension_act": "R9.3",
         "extension_notice": "R9.4", "results_act": "R11.1", "refusal_act": "R12.3",
         "objection_reply": "R12.2"}
SIGNED_CODES = tuple(RULES)


class SignatureRefused(ValidationFailed):
    """The signature failed a check; ``reason`` is a code of ``cms.REASONS``."""

    def __init__(self, reason: str, detail: str = ""):
        label = REASON_LABELS.get(reason, reason)
        super().__init__(_l("The signature was refused: %(reason)s.", reason=label),
                         field="cms")
        self.reason = reason
        self.detail = detail


@dataclass
class Slot:
    """One signature a document needs: ``candidates`` may give it (any one of them)."""

    role: str
    candidates: list = field(default_factory=list)
    signature: DocumentSignature | None = None

    @property
    def signed(self) -> bool:
        return self.signature is not None


def _inspection(doc: GeneratedDocument) -> Inspection | None:
    if doc.object_type != "inspections":
        return None
    return db.session.get(Inspection, doc.object_id)


def slots(doc: GeneratedDocument) -> list[Slot]:
    """Who must sign ``doc`` and who has (issue 16 item 1; R7.2 (13), R9.3, R11.1 (13))."""
    if doc.code == "portal_statement":
        return _match(doc, [Slot("representative",
                                 [doc.created_by] if doc.created_by is not None else [])])
    inspection = _inspection(doc)
    if inspection is None or doc.code not in SIGNED_CODES:
        return []
    inspectors = inspection.inspector_users
    if doc.code in ("appointment_act", "objection_reply"):
        wanted = [Slot("signatory", [inspection.signatory] if inspection.signatory else [])]
    elif doc.code == "extension_act":
        ext = inspection.extension
        head = db.session.get(User, ext.decided_by_id) if ext and ext.decided_by_id else None
        wanted = [Slot("head", [head] if head else [])]
    elif doc.code in ("start_notice", "extension_notice"):
        wanted = [Slot("inspector", list(inspectors))]
    else:  # results_act (each copy), refusal_act: every inspector of the act
        wanted = [Slot("inspector", [user]) for user in inspectors]
    return _match(doc, wanted)


def _match(doc: GeneratedDocument, wanted: list[Slot]) -> list[Slot]:
    done = list(doc.signatures)
    for slot in wanted:
        ids = {u.id for u in slot.candidates}
        for sig in done:
            if sig.user_id in ids:
                slot.signature = sig
                done.remove(sig)
                break
    return wanted


def missing(doc: GeneratedDocument) -> list[Slot]:
    return [s for s in slots(doc) if not s.signed]


def can_sign(user, doc: GeneratedDocument) -> bool:
    """The user is among those who still must sign this (newest) document."""
    if not getattr(user, "is_authenticated", False) or not permissions.can_view_document(
            user, doc):
        return False
    return any(user.id in {u.id for u in s.candidates} for s in missing(doc))


def trusted_roots():
    """The roots configured by the administrator (``ESIGN_TRUSTED_ROOTS``)."""
    return cms.load_roots(current_app.config.get("ESIGN_TRUSTED_ROOTS"))


def verify(cms_data: bytes, content: bytes, *, moment: datetime) -> cms.Result:
    """The same verification for the web and the command line."""
    return esign.check(cms_data, content, roots=trusted_roots(), moment=moment,
                       service_url=current_app.config.get("ESIGN_VERIFY_URL") or None)


def _bins(user) -> tuple[str, ...]:
    if permissions.is_staff(user):
        own = current_app.config.get("AUTHORITY_BIN") or ""
        return (own,) if own else ()
    subject = getattr(user, "control_subject", None)
    return (subject.bin,) if subject is not None else ()


def _newest(doc: GeneratedDocument) -> bool:
    newer = db.session.execute(
        select(GeneratedDocument.id).where(
            GeneratedDocument.object_type == doc.object_type,
            GeneratedDocument.object_id == doc.object_id, GeneratedDocument.code == doc.code,
            GeneratedDocument.lang == doc.lang, GeneratedDocument.copy_no == doc.copy_no,
            GeneratedDocument.version > doc.version).limit(1)).first()
    return newer is None


def sign(actor, doc: GeneratedDocument, cms_data: bytes, *, now: datetime) -> DocumentSignature:
    """Verify ``cms_data`` over the document's stored bytes and keep it (issue 16 item 3).

    Validity is judged at ``now`` — when the server receives the signature — not at the
    signing time the signer's software wrote. Anything that fails is refused with its
    reason and nothing is stored."""
    if not permissions.can_view_document(actor, doc):
        raise PermissionDenied(_l("You may not read this document."))
    if not _newest(doc):
        raise ValidationFailed(_l("A newer version of this document has been issued; sign "
                                  "that one."))
    slot = next((s for s in missing(doc) if actor.id in {u.id for u in s.candidates}), None)
    if slot is None:
        if any(s.signature and s.signature.user_id == actor.id for s in slots(doc)):
            raise ValidationFailed(_l("You have already signed this document."))
        raise PermissionDenied(_l("You are not among those who sign this document."))
    if not actor.iin:
        raise ValidationFailed(_l("Your account has no IIN; ask the administrator to add it "
                                  "before signing."))
    result = verify(cms_data, doc.content, moment=now)
    if result.status == cms.INVALID:
        raise SignatureRefused(result.reason, result.detail)
    problem = esign.identity_problem(result, iin=actor.iin, bins=_bins(actor))
    if problem:
        raise SignatureRefused(problem)
    der = cms.load_cms(cms_data)
    cert = result.certificate
    row = DocumentSignature(
        document_id=doc.id, user_id=actor.id, role=slot.role,
        control_subject_id=None if permissions.is_staff(actor) else actor.control_subject_id,
        cms=der, cms_sha256=hashlib.sha256(der).hexdigest(),
        signer_name=(cert.full_name or actor.full_name)[:255], iin=cert.iin, bin=cert.bin,
        cert_serial=cert.serial[:80], cert_issuer=cert.issuer[:500],
        cert_subject=cert.subject[:1000], signing_time=result.signing_time, received_at=now,
        status=result.status, method=result.method, revocation=result.revocation,
        algorithm=result.algorithm[:80],
        details={"chain": result.chain, "digest_algorithm": result.digest_algorithm,
                 "not_before": cert.not_before.isoformat() if cert.not_before else None,
                 "not_after": cert.not_after.isoformat() if cert.not_after else None,
                 "organisation": cert.organisation,
                 "timestamp": result.timestamp.isoformat() if result.timestamp else None,
                 "judged_at": result.moment.isoformat() if result.moment else None})
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "document.signed", doc,
                 data={"code": doc.code, "lang": doc.lang, "copy": doc.copy_no,
                       "version": doc.version, "signature": row.id, "role": slot.role,
                       "status": row.status, "method": row.method,
                       "cms_sha256": row.cms_sha256, "certificate": row.cert_serial},
                 now=now)
    return row


def newest_documents(inspection: Inspection, codes, docs=None) -> list[GeneratedDocument]:
    """The newest version of each (code, language, copy) issued for ``inspection``; ``docs``:
    the inspection's documents when the caller has loaded them (with their signatures)."""
    if docs is None:
        docs = db.session.execute(
            select(GeneratedDocument).where(
                GeneratedDocument.object_type == "inspections",
                GeneratedDocument.object_id == inspection.id,
                GeneratedDocument.code.in_(list(codes)))
            .options(selectinload(GeneratedDocument.signatures))).scalars().all()
    rows = sorted((d for d in docs if d.code in codes), key=lambda d: (d.version, d.id))
    newest = {(d.code, d.lang, d.copy_no): d for d in rows}
    return sorted(newest.values(), key=lambda d: (SIGNED_CODES.index(d.code)
                                                  if d.code in SIGNED_CODES else 99,
                                                  d.copy_no, d.lang))


def required(code: str) -> bool:
    """Does the step of ``code`` need its signatures before it counts (setting
    ``ESIGN_REQUIRED``, a list of document codes; empty by default)?"""
    return code in (current_app.config.get("ESIGN_REQUIRED") or ())


def require_signed(inspection: Inspection, *codes: str) -> None:
    """Block the step while a document it rests on lacks a signature that the
    ``ESIGN_REQUIRED`` setting makes required (issue 16 item 1; the rule of the document:
    R7.2, R7.3, R9.3, R9.4, R11.1, R12.2, R12.3)."""
    wanted = [c for c in codes if required(c)]
    if not wanted:
        return
    for doc in newest_documents(inspection, wanted):
        left = missing(doc)
        if left:
            names = sorted({u.full_name for s in left for u in s.candidates}
                           or {str(ROLE_LABELS[s.role]) for s in left})
            raise RuleViolation(
                _l("The document “%(document)s” must first be signed electronically by: "
                   "%(names)s.", document=_doc_label(doc), names=", ".join(names)),
                rule=RULES[doc.code])


def _doc_label(doc: GeneratedDocument) -> str:
    from ..labels import DOCUMENT_LABELS

    label = str(DOCUMENT_LABELS.get(doc.code, doc.code))
    return f"{label} ({doc.lang}{f', {doc.copy_no}' if doc.copy_no else ''})"


def cms_files(docs) -> dict[str, bytes]:
    """``{file name: CMS bytes}`` of the signatures of ``docs`` for the copy-1 package:
    ``<document file>.<n>.cms`` (n in the order received)."""
    files = {}
    for doc in docs:
        base = f"results_act_copy{doc.copy_no}_{doc.lang}.docx"
        for n, sig in enumerate(doc.signatures, start=1):
            files[f"{base}.{n}.cms"] = sig.cms
    return files
