"""Electronic digital signatures (ЭЦП): CMS verification and the NCANode client.

``cms`` and ``ncanode`` import neither Flask nor the database: ``cms`` verifies a detached CMS (CAdES) signature over given
bytes against given trust roots at a given moment; ``ncanode`` asks an external verification
service speaking NCANode v3's HTTP API (GOST 34.310 signatures of the NCC)."""

from datetime import datetime

from . import cms, ncanode


def check(cms_data: bytes, content: bytes, *, roots, moment: datetime,
          service_url: str | None = None) -> cms.Result:
    """Verify in-process (RSA/ECDSA); a GOST signature goes to the NCANode service when
    ``service_url`` is configured, else it stays ``not_verified`` (never valid)."""
    result = cms.verify(cms_data, content, roots=roots, moment=moment)
    if result.status == cms.NOT_VERIFIED and service_url:
        der = cms.load_cms(cms_data)
        result = ncanode.verify(service_url, der, content, moment=moment, base=result)
    return result


def identity_problem(result: cms.Result, *, iin: str | None,
                     bins: tuple[str, ...] = ()) -> str:
    """The reason code when the certificate is not the signer's: the IIN in the subject must
    be the IIN on the user's account; an organisation's key (with a BIN) must carry the BIN
    of the signer's body (``bins``). Empty string when it is theirs."""
    cert = result.certificate
    if not iin or not cert.iin:
        return "no_iin"
    if cert.iin != iin:
        return "wrong_iin"
    if cert.bin and cert.bin not in bins:
        return "wrong_bin"
    return ""
