"""Electronic digital signatures (issue 16): CMS verification against a test certification
authority, who signs what, the required-signature setting, copy 1's CMS files, the NCANode
client, the command line, and the public /verify page without personal data (R27.1)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
import zipfile
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from asn1crypto import cms as acms
from sqlalchemy import func, select

from inspections import esign
from inspections.bin import is_valid_iin
from inspections.errors import PermissionDenied, RuleViolation, ValidationFailed
from inspections.esign import cms, ncanode
from inspections.extensions import db
from inspections.models import DocumentSignature, InspectionInspector
from inspections.services import accounts
from inspections.services import results as rs
from inspections.services import signatures as sig
from inspections.services.calendar import load_calendar

from .conftest import SYSTEM, login
from .esign_ca import TestCA, tsa, with_timestamp
from .test_inspections import at
from .test_inspections import world as world  # noqa: F401 - the fixture
from .test_results import drawn

IIN1, IIN2, IIN_OTHER = "900101300017", "850512400026", "770303500039"
MOMENT = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
DATA = b"PK\x03\x04 line one\nline two\r\n\x00binary"  # line ends must not be canonicalised

CA = TestCA("nca")
OTHER_CA = TestCA("rogue")


def check(signature: bytes, data: bytes = DATA, roots=None, moment=MOMENT) -> cms.Result:
    return cms.verify(signature, data, roots=roots if roots is not None else [CA.root],
                      moment=moment)


# ------------------------------------------------------------------ verification (item 3)

def test_a_detached_cms_of_the_test_authority_verifies_with_the_person_s_iin():
    result = check(CA.person(IIN1).sign(DATA))
    assert result.status == "valid", result
    assert result.certificate.iin == IIN1 and result.certificate.bin == ""
    assert result.certificate.signing_usage
    assert len(result.chain) == 3  # person → intermediate → root
    assert result.revocation == "not_checked"
    assert result.moment == MOMENT  # judged when received, not at the claimed signing time


def test_an_organisation_key_carries_its_bin_and_base64_or_pem_cms_is_accepted():
    signer = CA.organisation(IIN2, "990140000019", "ТОО Сынақ")
    der = signer.sign(DATA)
    result = check(base64.b64encode(der))
    assert result.valid and result.certificate.bin == "990140000019"
    pem = b"-----BEGIN CMS-----\n" + base64.encodebytes(der) + b"-----END CMS-----\n"
    assert check(pem).valid


@pytest.mark.parametrize("case, reason", [
    ("changed_bytes", "digest_mismatch"),
    ("untrusted_root", "untrusted"),
    ("expired", "expired"),
    ("no_signing_usage", "no_signing_usage"),
    ("not_a_cms", "not_cms"),
])
def test_a_bad_signature_is_refused_with_its_reason(case, reason):
    signer = CA.person(IIN1)
    if case == "changed_bytes":
        result = check(signer.sign(DATA), DATA + b" ")
    elif case == "untrusted_root":
        result = check(OTHER_CA.person(IIN1, key_tag="rogue").sign(DATA))
    elif case == "expired":
        old = CA.person(IIN1, start=datetime(2020, 1, 1, tzinfo=UTC), days=365, key_tag="old")
        result = check(old.sign(DATA))
    elif case == "no_signing_usage":  # the NCC's authentication key: no non-repudiation
        auth = CA.person(IIN1, signing=False, encipher=True, key_tag="auth")
        result = check(auth.sign(DATA))
    else:
        result = check(b"not a signature at all")
    assert result.status == "invalid"
    assert result.reason == reason


def test_validity_is_judged_at_receipt_not_at_the_signing_time_the_software_wrote():
    """A certificate that expired before the server received the signature is refused even
    though the CMS claims a signing time inside its validity (notes: signing time untrusted)."""
    short = CA.person(IIN1, start=datetime(2026, 1, 1, tzinfo=UTC), days=300, key_tag="short")
    signature = short.sign(DATA)
    assert check(signature, moment=datetime(2026, 6, 1, tzinfo=UTC)).valid
    late = check(signature, moment=datetime(2026, 12, 1, tzinfo=UTC))
    assert late.reason == "expired"


def test_a_trusted_time_stamp_moves_the_moment_of_judgement_to_its_gen_time():
    """Notes: validity is judged when the server receives the signature unless a trusted
    TSP token is present; a token from a TSA outside the trusted roots changes nothing."""
    short = CA.person(IIN1, start=datetime(2026, 1, 1, tzinfo=UTC), days=300, key_tag="short")
    signature = short.sign(DATA)
    gen_time = datetime(2026, 6, 1, tzinfo=UTC)
    received = datetime(2026, 12, 1, tzinfo=UTC)
    stamped = check(with_timestamp(signature, tsa(CA), gen_time), moment=received)
    assert stamped.valid and stamped.timestamp == gen_time == stamped.moment
    rogue = check(with_timestamp(signature, tsa(OTHER_CA, "rogue-tsa"), gen_time),
                  moment=received)
    assert rogue.reason == "expired" and rogue.timestamp is None


def test_the_signer_must_be_the_account_holder_iin_and_body_bin():
    result = check(CA.person(IIN1).sign(DATA))
    assert esign.identity_problem(result, iin=IIN1) == ""
    assert esign.identity_problem(result, iin=IIN_OTHER) == "wrong_iin"
    assert esign.identity_problem(result, iin=None) == "no_iin"
    org = check(CA.organisation(IIN2, "990140000019", "ТОО").sign(DATA))
    assert esign.identity_problem(org, iin=IIN2, bins=("990140000019",)) == ""
    assert esign.identity_problem(org, iin=IIN2, bins=("990140000027",)) == "wrong_bin"


def _as_gost(der: bytes) -> bytes:
    """The same CMS relabelled with the NCC's GOST 34.311 digest OID (not verifiable here)."""
    info = acms.ContentInfo.load(der)
    signer = info["content"]["signer_infos"][0]
    signer["digest_algorithm"] = {"algorithm": "1.2.398.3.10.1.3.1"}
    return info.dump(force=True)


class _FakeNCANode(BaseHTTPRequestHandler):
    answer: dict = {}
    seen: list = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append((self.path, body))
        out = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


@pytest.fixture
def ncanode_server():
    server = HTTPServer(("127.0.0.1", 0), _FakeNCANode)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _ncanode_answer(valid=True, iin=IIN1, revoked=False, usage="SIGN"):
    return {"status": 200, "message": "", "valid": valid, "signers": [{
        "signingTime": "2026-12-04T11:00:00Z", "tsp": None,
        "certificates": [{
            "valid": valid, "keyUsage": usage, "serialNumber": "4f1a", "signAlg": "ECGOST34310",
            "notBefore": "2026-01-01T00:00:00Z", "notAfter": "2027-01-01T00:00:00Z",
            "revocations": [{"revoked": revoked, "by": "OCSP"}],
            "subject": {"commonName": "ТЕСТОВ ИНСПЕКТОР", "iin": iin},
            "issuer": {"commonName": "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)"}}]}]}


def test_a_gost_signature_without_the_service_is_not_verified_never_valid():
    gost = _as_gost(CA.person(IIN1).sign(DATA))
    result = esign.check(gost, DATA, roots=[CA.root], moment=MOMENT, service_url=None)
    assert result.status == "not_verified" and not result.valid
    assert result.gost and result.certificate.iin == IIN1


def test_a_gost_signature_goes_to_the_ncanode_v3_service(ncanode_server):
    gost = _as_gost(CA.person(IIN1).sign(DATA))
    _FakeNCANode.seen, _FakeNCANode.answer = [], _ncanode_answer()
    result = esign.check(gost, DATA, roots=[CA.root], moment=MOMENT,
                         service_url=ncanode_server)
    path, body = _FakeNCANode.seen[0]
    assert path == "/cms/verify"
    assert base64.b64decode(body["data"]) == DATA and base64.b64decode(body["cms"]) == gost
    assert result.valid and result.method == "ncanode" and result.revocation == "good"
    assert result.certificate.iin == IIN1
    for answer, reason in ((_ncanode_answer(valid=False), "service_invalid"),
                           (_ncanode_answer(revoked=True), "service_invalid"),
                           (_ncanode_answer(usage="AUTH"), "no_signing_usage")):
        _FakeNCANode.answer = answer
        assert ncanode.verify(ncanode_server, gost, DATA, moment=MOMENT).reason == reason


def test_an_unreachable_service_is_an_error_not_a_valid_signature():
    result = ncanode.verify("http://127.0.0.1:9", b"\x30\x00", DATA, moment=MOMENT, timeout=2)
    assert result.status == "invalid" and result.reason == "service_error"


# ------------------------------------------------------------------ the IIN on accounts

def test_the_iin_on_an_account_is_checked_by_its_check_digit(ctx):
    assert is_valid_iin(IIN1) and not is_valid_iin("900101300018")
    assert not is_valid_iin("901301300017")  # month 13
    with pytest.raises(ValidationFailed) as e:
        accounts.create_user(SYSTEM, username="aigerim1", password="correct horse battery",
                             surname="X", given_name="Y", roles=("inspector",),
                             iin="900101300018", now=MOMENT, check_permission=False)
    assert e.value.field == "iin"
    user = accounts.create_user(SYSTEM, username="aigerim2", password="correct horse battery",
                                surname="X", given_name="Y", roles=("inspector",), iin=IIN1,
                                now=MOMENT, check_permission=False)
    assert user.iin == IIN1
    with pytest.raises(ValidationFailed):
        accounts.create_user(SYSTEM, username="aigerim3", password="correct horse battery",
                             surname="X", given_name="Z", roles=("inspector",), iin=IIN1,
                             now=MOMENT, check_permission=False)


# ------------------------------------------------------------------ signing documents

@pytest.fixture
def roots(app):
    before = dict(app.config)
    app.config["ESIGN_TRUSTED_ROOTS"] = [CA.root]
    yield
    for key in ("ESIGN_TRUSTED_ROOTS", "ESIGN_REQUIRED", "ESIGN_VERIFY_URL"):
        app.config[key] = before.get(key)


def two_inspectors(w):
    """The results act of an inspection whose appointment act names two inspectors."""
    w["inspector"].iin, w["inspector2"].iin = IIN1, IIN2
    insp = drawn(w)
    db.session.add(InspectionInspector(inspection_id=insp.id, user_id=w["inspector2"].id))
    db.session.commit()
    db.session.refresh(insp)
    rs.issue_results(w["inspector"], insp, cal=load_calendar(), now=at("2026-12-04", "16:40"))
    db.session.commit()
    return insp


def results_docs(insp):
    return sig.newest_documents(insp, ["results_act"])


SIGNERS = {IIN1: CA.person(IIN1, "ТЕСТОВ INSP", key_tag="p1"),
           IIN2: CA.person(IIN2, "ТЕСТОВ INSP2", key_tag="p2")}


def sign_all(w, docs, who=("inspector", "inspector2"), when="17:00"):
    for doc in docs:
        for name in who:
            user = w[name]
            sig.sign(user, doc, SIGNERS[user.iin].sign(doc.content), now=at("2026-12-04", when))
    db.session.commit()


def test_r11_1_every_inspector_signs_each_copy_of_the_results_act(world, roots):
    """R11.1 (13): the results act is signed by every inspector — several signatures on one
    document; each is verified over the stored bytes and kept with the signer's details."""
    insp = two_inspectors(world)
    docs = results_docs(insp)
    assert len(docs) == 6  # three copies (R10.2) in kk and ru
    first = docs[0]
    assert [s.role for s in sig.slots(first)] == ["inspector", "inspector"]
    assert sig.can_sign(world["inspector"], first) and not sig.can_sign(world["head"], first)
    sign_all(world, [first], who=("inspector",))
    assert [s.signed for s in sig.slots(first)] == [True, False]
    sign_all(world, [first], who=("inspector2",))
    rows = db.session.execute(select(DocumentSignature).where(
        DocumentSignature.document_id == first.id)).scalars().all()
    assert {(r.iin, r.status, r.method) for r in rows} == {(IIN1, "valid", "builtin"),
                                                          (IIN2, "valid", "builtin")}
    assert all(r.cms_sha256 == hashlib.sha256(r.cms).hexdigest() for r in rows)
    assert sig.missing(first) == []
    with pytest.raises(ValidationFailed):  # once is enough
        sig.sign(world["inspector"], first, SIGNERS[IIN1].sign(first.content),
                 now=at("2026-12-04", "17:10"))
    with pytest.raises(PermissionDenied):  # the head is not among the act's signers
        sig.sign(world["head"], first, SIGNERS[IIN1].sign(first.content),
                 now=at("2026-12-04", "17:10"))


def test_a_refused_signature_stores_nothing_and_says_why(world, roots):
    insp = two_inspectors(world)
    doc = results_docs(insp)[0]
    other = results_docs(insp)[1]
    cases = [
        (SIGNERS[IIN1].sign(other.content), "digest_mismatch"),  # another document's bytes
        (SIGNERS[IIN2].sign(doc.content), "wrong_iin"),  # someone else's key
        (OTHER_CA.person(IIN1, key_tag="rogue").sign(doc.content), "untrusted"),
    ]
    for signature, reason in cases:
        with pytest.raises(sig.SignatureRefused) as e:
            sig.sign(world["inspector"], doc, signature, now=at("2026-12-04", "17:00"))
        assert e.value.reason == reason
        db.session.rollback()
    assert db.session.execute(select(func.count()).select_from(DocumentSignature)).scalar() == 0


def test_r11_1_the_required_signature_setting_blocks_delivery_until_all_have_signed(
        app, world, roots):
    """Issue 16 item 1: with ``ESIGN_REQUIRED`` naming the results act, copy 2 cannot be
    delivered (nor copy 1 sent) until every inspector has signed every copy (R11.1 (13))."""
    insp = two_inspectors(world)
    app.config["ESIGN_REQUIRED"] = ("results_act",)

    def deliver():
        rs.deliver_results(world["inspector"], insp, delivered_at=at("2026-12-04", "17:30"),
                           channel="paper", recipient_name="Омаров Д.",
                           recipient_position="Басшы", receipt="signed", cal=load_calendar(),
                           now=at("2026-12-04", "17:30"))

    sign_all(world, results_docs(insp), who=("inspector",))
    with pytest.raises(RuleViolation) as e:
        deliver()
    assert e.value.rule == "R11.1" and world["inspector2"].full_name in str(e.value.message)
    db.session.rollback()
    sign_all(world, results_docs(insp), who=("inspector2",), when="17:20")
    deliver()
    db.session.commit()
    assert insp.results_act.delivered_at is not None


def test_without_the_setting_the_demo_works_without_signatures(app, world, roots):
    insp = two_inspectors(world)
    app.config["ESIGN_REQUIRED"] = ()
    rs.deliver_results(world["inspector"], insp, delivered_at=at("2026-12-04", "17:30"),
                       channel="paper", recipient_name="Омаров Д.", recipient_position="Басшы",
                       receipt="signed", cal=load_calendar(), now=at("2026-12-04", "17:30"))


def test_r10_2_the_copy_1_package_carries_each_cms_listed_in_the_manifest(world, roots):
    insp = two_inspectors(world)
    sign_all(world, rs.copy1_documents(insp))
    data, manifest = rs.copy1_package(insp)
    archive = zipfile.ZipFile(io.BytesIO(data))
    cms_names = sorted(n for n in archive.namelist() if n.endswith(".cms"))
    assert cms_names == ["results_act_copy1_kk.docx.1.cms", "results_act_copy1_kk.docx.2.cms",
                         "results_act_copy1_ru.docx.1.cms", "results_act_copy1_ru.docx.2.cms"]
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    for name in cms_names:
        blob = archive.read(name)
        assert listed[name] == hashlib.sha256(blob).hexdigest()
        docx = archive.read(name.rsplit(".", 2)[0])
        assert cms.verify(blob, docx, roots=[CA.root], moment=MOMENT).valid


# ------------------------------------------------------------------ web and command line

def test_the_signing_page_accepts_an_uploaded_cms_and_verify_shows_no_personal_data(
        client, world, roots):
    insp = two_inspectors(world)
    doc = results_docs(insp)[0]
    login(client, "insp")
    page = client.get(f"/documents/{doc.id}/sign")
    assert page.status_code == 200
    assert "wss://127.0.0.1:13579" in page.headers["Content-Security-Policy"]
    cms_file = (io.BytesIO(SIGNERS[IIN1].sign(doc.content)), "act.cms")
    answer = client.post(f"/documents/{doc.id}/sign", data={"file": cms_file},
                         content_type="multipart/form-data", follow_redirects=True)
    assert answer.status_code == 200
    stored = db.session.execute(select(DocumentSignature)).scalar_one()
    assert IIN1 in answer.get_data(as_text=True)
    assert client.get(f"/signatures/{stored.id}.cms").data == stored.cms
    show = client.get(f"/inspections/{insp.id}").get_data(as_text=True)
    assert "ТЕСТОВ INSP" in show and "document-signatures" in show
    client.post("/logout")
    public = client.get(f"/verify/{doc.verification_code}").get_data(as_text=True)
    assert "signature-status" in public  # role, organisation, time and validity ...
    assert IIN1 not in public and "ТЕСТОВ INSP" not in public  # ... but no personal data
    assert ".cms" not in public
    assert client.get(f"/signatures/{stored.id}.cms").status_code in (302, 401)


def test_a_bad_upload_is_refused_on_the_page_with_its_reason(client, world, roots):
    insp = two_inspectors(world)
    doc = results_docs(insp)[0]
    login(client, "insp")
    bad = (io.BytesIO(SIGNERS[IIN1].sign(doc.content + b"x")), "act.cms")
    answer = client.post(f"/documents/{doc.id}/sign", data={"file": bad},
                         content_type="multipart/form-data")
    assert answer.status_code == 422 and "alert-danger" in answer.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(DocumentSignature)).scalar() == 0
    client.post("/logout")
    login(client, "boss")
    assert client.post(f"/documents/{doc.id}/sign", data={"cms": "x"}).status_code == 403


def test_cli_esign_verify_and_roots(app, ctx, tmp_path, roots):
    doc, good, bad = tmp_path / "act.docx", tmp_path / "good.cms", tmp_path / "bad.cms"
    doc.write_bytes(DATA)
    good.write_bytes(CA.person(IIN1).sign(DATA))
    bad.write_bytes(OTHER_CA.person(IIN1, key_tag="rogue").sign(DATA))
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["esign", "verify", str(doc), str(good)])
    assert ok.exit_code == 0 and ok.output.splitlines()[0] == "valid"
    assert f"iin: {IIN1}" in ok.output
    refused = runner.invoke(args=["esign", "verify", str(doc), str(bad)])
    assert refused.exit_code == 1 and refused.output.startswith("invalid: untrusted")
    listed = runner.invoke(args=["esign", "roots"])
    assert listed.exit_code == 0 and "Test NCA root nca" in listed.output
    pem = tmp_path / "roots.pem"
    pem.write_bytes(CA.root_pem())
    app.config["ESIGN_TRUSTED_ROOTS"] = str(pem)
    assert runner.invoke(args=["esign", "verify", str(doc), str(good)]).exit_code == 0
    app.config["ESIGN_TRUSTED_ROOTS"] = str(tmp_path)  # a directory of PEM files
    assert runner.invoke(args=["esign", "verify", str(doc), str(good)]).exit_code == 0


# ------------------------------------------------------------------ portal statements

def test_r12_1_objections_on_the_portal_become_a_document_the_representative_signs(
        client, world, roots, make_user):
    """Issue 16 (notes): a portal statement is rendered to a stored document in the user's
    language, and that is what the body's representative signs — with their organisation
    key only if it carries the body's BIN (R12.1)."""
    from inspections.services import portal, statements

    from .test_results import delivered

    insp = delivered(world)
    rep = make_user("rep", "subject_rep", subject=world["subject"])
    rep.iin, rep.locale = IIN_OTHER, "ru"
    db.session.commit()
    violation = insp.results_act.violations[0]
    objection = portal.submit_objection(
        rep, insp, note="С замечаниями", points=[{"violation_id": violation.id,
                                                   "text": "Согласие получено"}],
        cal=load_calendar(), now=at("2026-12-07", "11:00"))
    db.session.commit()
    [doc] = statements.of_inspection(insp)
    assert (doc.code, doc.lang, doc.object_type, doc.object_id) == (
        "portal_statement", "ru", "objections", objection.id)
    assert doc.control_subject_id == world["subject"].id
    [slot] = sig.slots(doc)
    assert slot.role == "representative" and slot.candidates == [rep]
    assert not sig.can_sign(world["inspector"], doc)
    login(client, "rep")
    portal_page = client.get(f"/portal/inspections/{insp.id}").get_data(as_text=True)
    assert f"/documents/{doc.id}/sign" in portal_page
    assert client.get(f"/documents/{doc.id}/sign").status_code == 200
    wrong_body = CA.organisation(IIN_OTHER, "990140000027", "Другой орган")
    with pytest.raises(sig.SignatureRefused) as e:
        sig.sign(rep, doc, wrong_body.sign(doc.content), now=at("2026-12-07", "11:05"))
    assert e.value.reason == "wrong_bin"
    db.session.rollback()
    own_body = CA.organisation(IIN_OTHER, world["subject"].bin, "Министерство")
    row = sig.sign(rep, doc, own_body.sign(doc.content), now=at("2026-12-07", "11:05"))
    db.session.commit()
    assert (row.role, row.bin, row.control_subject_id) == (
        "representative", world["subject"].bin, world["subject"].id)
    assert sig.missing(doc) == []


def test_a_stored_signature_is_never_changed(world, roots):
    """Issue 16 item 4: kept in the same immutable way as documents (the ORM refuses an
    update; on PostgreSQL a trigger refuses UPDATE and DELETE too)."""
    from sqlalchemy import text

    insp = two_inspectors(world)
    doc = results_docs(insp)[0]
    row = sig.sign(world["inspector"], doc, SIGNERS[IIN1].sign(doc.content),
                   now=at("2026-12-04", "17:00"))
    db.session.commit()
    row.signer_name = "someone else"
    with pytest.raises(RuntimeError):
        db.session.commit()
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.exc import DBAPIError

        for statement in ("UPDATE document_signatures SET iin = '000000000000'",
                          "DELETE FROM document_signatures"):
            with pytest.raises(DBAPIError):
                db.session.execute(text(statement))
            db.session.rollback()
