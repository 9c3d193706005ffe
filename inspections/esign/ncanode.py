"""Client of an external verification service speaking NCANode v3's HTTP API (issue 16).

GOST 34.310 signatures of the NCC cannot be verified in-process; when ``ESIGN_VERIFY_URL``
names an NCANode (v3) the CMS and the document are sent to ``POST {url}/cms/verify``:

    request  {"revocationCheck": ["OCSP"], "cms": "<base64>", "data": "<base64>"}
    response {"status": 200, "valid": true,
              "signers": [{"certificates": [{"valid": true, "keyUsage": "SIGN",
                            "serialNumber": "…", "notBefore": "…", "notAfter": "…",
                            "signAlg": "…", "revocations": [{"revoked": false, "by": "OCSP"}],
                            "subject": {"commonName": "…", "iin": "…", "bin": "…",
                                        "organization": "…"}, "issuer": {…}}],
                           "tsp": null | {…}, "signingTime": "…"}]}

The service's answer decides the signature and the chain (it holds the NCC's roots and asks
OCSP); the caller still checks the signer's identity (IIN/BIN) like for RSA. A service that
cannot be reached or answers nonsense gives ``service_error`` — never a valid signature."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from datetime import datetime

from .cms import INVALID, VALID, Certificate, Result


def _time(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def verify(url: str, cms_der: bytes, content: bytes, *, moment: datetime,
           timeout: float = 20.0, base: Result | None = None) -> Result:
    """Ask the service at ``url`` (``…/cms/verify`` is appended) to verify the detached
    ``cms_der`` over ``content``. ``base`` carries what was read locally (algorithm, the
    signing time written by the software)."""
    body = json.dumps({"revocationCheck": ["OCSP"],
                       "cms": base64.b64encode(cms_der).decode(),
                       "data": base64.b64encode(content).decode()}).encode()
    request = urllib.request.Request(url.rstrip("/") + "/cms/verify", data=body,
                                     headers={"Content-Type": "application/json"},
                                     method="POST")
    result = base or Result(status=INVALID, moment=moment)
    result.method, result.moment = "ncanode", moment
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as e:
        result.status, result.reason, result.detail = INVALID, "service_error", str(e)[:200]
        return result
    try:
        signer = answer["signers"][0]
        cert = signer["certificates"][0]
        subject = cert.get("subject") or {}
        issuer = cert.get("issuer") or {}
    except (KeyError, IndexError, TypeError):
        result.status, result.reason = INVALID, "service_error"
        result.detail = str(answer.get("message", ""))[:200] if isinstance(answer, dict) else ""
        return result
    name = " ".join(p for p in (subject.get("commonName", ""), subject.get("lastName", ""))
                    if p)
    result.certificate = Certificate(
        subject=str(subject.get("dn") or subject.get("commonName") or ""),
        issuer=str(issuer.get("dn") or issuer.get("commonName") or ""),
        serial=str(cert.get("serialNumber", "")), not_before=_time(cert.get("notBefore")),
        not_after=_time(cert.get("notAfter")), common_name=subject.get("commonName", ""),
        full_name=name, iin=str(subject.get("iin") or ""), bin=str(subject.get("bin") or ""),
        organisation=str(subject.get("organization") or ""),
        signing_usage=cert.get("keyUsage") == "SIGN")
    result.algorithm = str(cert.get("signAlg") or result.algorithm)
    result.signing_time = _time(signer.get("signingTime")) or result.signing_time
    revocations = cert.get("revocations") or []
    if any(r.get("revoked") for r in revocations):
        result.revocation = "revoked"
    elif revocations:
        result.revocation = "good"
    else:
        result.revocation = "not_checked"
    if not answer.get("valid") or not cert.get("valid", False):
        result.status, result.reason = INVALID, "service_invalid"
        result.detail = str(answer.get("message", ""))[:200]
    elif result.revocation == "revoked":
        result.status, result.reason = INVALID, "service_invalid"
    elif not result.certificate.signing_usage:
        result.status, result.reason = INVALID, "no_signing_usage"
    else:
        result.status, result.reason = VALID, ""
    return result
