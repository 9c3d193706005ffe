"""``flask --app app esign verify DOCUMENT_FILE CMS_FILE`` and ``esign roots`` (issue 16):
the same trusted roots and code as the web."""

from __future__ import annotations

import sys

import click
from cryptography.hazmat.primitives import hashes

from .. import clock


@click.group("esign")
def esign_group():
    """Electronic digital signatures: verify a CMS, list the trusted roots."""


@esign_group.command("verify")
@click.argument("document", type=click.File("rb"))
@click.argument("signature", type=click.File("rb"))
def verify_command(document, signature):
    """Print ``valid`` or ``invalid: <reason>`` on the first line, then the signer and the
    certificate; exit 0 when valid, else 1. Validity is judged now."""
    from flask_babel import force_locale

    from ..services import signatures

    result = signatures.verify(signature.read(), document.read(), moment=clock.now())
    with force_locale("en"):
        if result.valid:
            click.echo("valid")
        elif result.status == "not_verified":
            click.echo("invalid: not verified here (GOST signature; set ESIGN_VERIFY_URL)")
        else:
            label = str(signatures.REASON_LABELS.get(result.reason, result.reason))
            detail = f" ({result.detail})" if result.detail else ""
            click.echo(f"invalid: {result.reason} — {label}{detail}")
    cert = result.certificate
    for name, value in (("signer", cert.full_name), ("iin", cert.iin), ("bin", cert.bin),
                        ("organisation", cert.organisation), ("subject", cert.subject),
                        ("issuer", cert.issuer), ("serial", cert.serial),
                        ("not_before", cert.not_before), ("not_after", cert.not_after),
                        ("signing_time", result.signing_time), ("judged_at", result.moment),
                        ("algorithm", result.algorithm), ("method", result.method),
                        ("revocation", result.revocation)):
        if value:
            click.echo(f"{name}: {value}")
    for n, subject in enumerate(result.chain):
        click.echo(f"chain[{n}]: {subject}")
    sys.exit(0 if result.valid else 1)


@esign_group.command("roots")
def roots_command():
    """List the roots configured in ESIGN_TRUSTED_ROOTS (subject, validity, SHA-256)."""
    from ..services import signatures

    roots = signatures.trusted_roots()
    if not roots:
        click.echo("no trusted roots configured (ESIGN_TRUSTED_ROOTS)")
        sys.exit(1)
    for cert in roots:
        click.echo(f"{cert.subject.rfc4514_string()}  {cert.not_valid_before_utc:%Y-%m-%d}.."
                   f"{cert.not_valid_after_utc:%Y-%m-%d}  "
                   f"sha256:{cert.fingerprint(hashes.SHA256()).hex()}")
