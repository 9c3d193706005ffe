"""Command-line interface: ``flask --app app <command>``."""

from __future__ import annotations

import os
import re
import secrets
import sys

import click
from flask import Flask, current_app

from . import clock


def register_cli(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(users_group)
    app.cli.add_command(audit_group)
    app.cli.add_command(deadline_command)
    app.cli.add_command(calendar_group)
    app.cli.add_command(documents_group)
    app.cli.add_command(notify_group)
    app.cli.add_command(backup_group)
    from .esign.cli import esign_group

    app.cli.add_command(esign_group)  # issue 16
    from .report_cli import report_group

    app.cli.add_command(report_group)
    app.cli.add_command(uploads_group)
    app.cli.add_command(rank_candidates_command)


@click.command("rank-candidates")
@click.argument("year", type=int)
def rank_candidates_command(year):
    """Work the kept R1.3 ranking of the candidates for the plan of YEAR out again (after
    rows were written without the application, e.g. bulk inserts; issue 13)."""
    from .actors import SYSTEM
    from .extensions import db
    from .services import ranking

    ranked = ranking.rebuild(year, actor=SYSTEM, now=clock.now())
    db.session.commit()
    click.echo(f"{ranked} bodies ranked for the plan of {year}")


@click.group("uploads")
def uploads_group():
    """Uploaded files."""


@uploads_group.command("check")
@click.option("--clean", is_flag=True, help="Remove files that have no row (older than an "
              "hour).")
def uploads_check(clean):
    """Compare the upload folder with the table: files without a row (orphans) and rows
    whose file is missing.  Exit 1 when they differ (after --clean: when rows miss files)."""
    from . import uploads

    orphans, missing = uploads.differences()
    for name in orphans:
        click.echo(f"orphan file: {name}")
    for row in missing:
        click.echo(f"missing file of upload {row.id}: {row.stored_name} ({row.original_name})")
    if clean and orphans:
        removed = uploads.remove_orphans(orphans)
        click.echo(f"removed {len(removed)} orphan file(s)")
        orphans = [n for n in orphans if n not in removed]
    if not orphans and not missing:
        click.echo("OK: the upload folder and the table agree")
        return
    sys.exit(1)


def _ensure_secret_key() -> None:
    """The demo writes instance/config.py with a random SECRET_KEY once, so that sessions
    survive restarts."""
    path = os.path.join(current_app.instance_path, "config.py")
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(f'SECRET_KEY = "{secrets.token_hex(32)}"\n'
                    '# Written by `flask demo`: scripts/serve (production) refuses this file\'s key.\n'
                    'SECRET_KEY_FROM_DEMO = True\n')


@click.command("demo")
def demo_command():
    """Apply migrations and load demo data (idempotent); print the demo logins."""
    from flask_migrate import upgrade

    from .demo import load_demo

    _ensure_secret_key()
    upgrade()
    logins = load_demo(now=clock.now())
    click.echo("Demo data loaded. Logins (username / password — role):")
    for username, password, role in logins:
        click.echo(f"  {username:<12} {password}   {role}")


@click.group("users")
def users_group():
    """Manage accounts."""


@users_group.command("create")
@click.option("--username", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--surname", required=True)
@click.option("--name", "given_name", required=True)
@click.option("--patronymic", default="")
@click.option("--role", "roles", multiple=True, required=True,
              help="admin, first_head, head, inspector or subject_rep; repeat for several")
@click.option("--subject-bin", default=None, help="BIN of the body of a subject_rep")
def users_create(username, password, surname, given_name, patronymic, roles, subject_bin):
    """Create an account (for the first administrator, among others)."""
    from sqlalchemy import select

    from .errors import DomainError
    from .extensions import db
    from .models import ControlSubject
    from .services import accounts

    subject_id = None
    if subject_bin:
        subject_id = db.session.execute(
            select(ControlSubject.id).where(ControlSubject.bin == subject_bin)
        ).scalar()
        if subject_id is None:
            click.echo(f"Error: no control subject with BIN {subject_bin}", err=True)
            sys.exit(2)
    try:
        user = accounts.create_user(None, username=username, password=password, surname=surname,
                                    given_name=given_name, patronymic=patronymic, roles=roles,
                                    control_subject_id=subject_id, now=clock.now(),
                                    check_permission=False)
    except DomainError as e:
        db.session.rollback()
        click.echo(f"Error: {e.display()}", err=True)
        sys.exit(2)
    db.session.commit()
    click.echo(f"Created {user.username} ({', '.join(sorted(user.roles))})")


@click.group("audit")
def audit_group():
    """The audit log."""


@audit_group.command("verify")
@click.option("--every", default=100_000, show_default=True,
              help="Print progress every N rows.")
@click.option("--no-checkpoint", is_flag=True, help="Do not append the verified head to the "
              "anchor file.")
def audit_verify(every, no_checkpoint):
    """Check the keyed chain against the anchor's latest checkpoint and every issued
    document against its hash; exit 1 naming the first bad row.  On success the head is
    appended to the anchor file (AUDIT_ANCHOR_FILE)."""
    from .services import audit

    def progress(n):
        click.echo(f"... {n} rows checked", err=True)

    result = audit.verify(progress=progress, every=every, write_checkpoint=not no_checkpoint)
    if result.ok:
        click.echo(f"OK: {result.checked} rows, chain intact; {result.documents} issued "
                   "documents match their hashes")
        if result.checkpoint:
            click.echo(f"Checkpoint: row {result.checkpoint.row_id}, {result.checkpoint.count} "
                       f"rows, hash {result.checkpoint.hash}")
        return
    click.echo(f"BROKEN at row {result.bad_id}: {result.reason}", err=True)
    sys.exit(1)


@click.command("deadline")
@click.argument("rule")
@click.argument("value")
@click.option("--lang", default="en", type=click.Choice(["kk", "ru", "en"]))
def deadline_command(rule, value, lang):
    """Compute a statutory date: RULE is R2.3, R2.4, R7.3, R9.1, R9.2, R9.4, R12.2 or R14.1.

    Prints the date in ISO form alone on the first line, then the explanation."""
    from . import deadlines, explain
    from .services.calendar import load_calendar

    func = deadlines.RULES.get(rule.upper())
    if func is None:
        click.echo(f"Error: unknown rule {rule!r}; use one of: {', '.join(deadlines.RULES)}",
                   err=True)
        sys.exit(2)
    if rule.upper() == "R7.3" and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value or ""):
        # R7.3 counts 24 hours from the moment of the notice: a date alone would mean 00:00,
        # the earliest possible start — not the conservative reading.  Refused.
        click.echo(f"Error: R7.3 needs the time of the notice as well as its date "
                   f"(YYYY-MM-DDTHH:MM, e.g. {value.strip()}T15:30): a date alone would mean "
                   f"00:00, which is not the conservative reading of the 24 hours", err=True)
        sys.exit(2)
    try:
        result = func(value, load_calendar())
    except ValueError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    click.echo(result.day.isoformat())
    click.echo(explain.rule_title(result.rule, lang))
    for line in explain.explain(result, lang):
        click.echo(f"  {line}")


@click.group("calendar")
def calendar_group():
    """The working-day calendar."""


@calendar_group.command("show")
@click.argument("year", type=int)
@click.option("--lang", default="en", type=click.Choice(["kk", "ru", "en"]))
def calendar_show(year, lang):
    """List the year's days off and working weekend days with their names."""
    from .services.calendar import load_calendar

    cal = load_calendar()
    status = "confirmed" if year in cal.confirmed_years else "NOT confirmed (estimate)"
    click.echo(f"{year}: government calendar {status}")
    for info in cal.year_days(year):
        if info.kind == "weekend":
            continue
        mark = "working" if info.working else "day off"
        name = info.names.get(lang) or info.names.get("en") or ""
        extra = " (estimated)" if info.estimated else ""
        basis = f" [{info.basis}]" if info.basis else ""
        click.echo(f"{info.day.isoformat()} {info.day.strftime('%a')}  {mark:<8} {name}{extra}{basis}")


@click.group("documents")
def documents_group():
    """Document templates."""


@documents_group.command("sample")
@click.argument("code")
@click.argument("lang", type=click.Choice(["kk", "ru"]))
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def documents_sample(code, lang, out):
    """Render CODE in LANG with built-in sample data into OUT.docx (uses the active template)."""
    from . import documents
    from .services.documents import active_template

    if code not in documents.CODES:
        click.echo(f"Error: unknown document code {code!r}; use one of: "
                   f"{', '.join(documents.CODES)}", err=True)
        sys.exit(2)
    template, version, source = active_template(code, lang)
    data = documents.render(code, documents.sample_context(code, lang), lang, template=template)
    with open(out, "wb") as f:
        f.write(data)
    click.echo(f"{out}: {code} ({lang}), {source} template {version}, {len(data)} bytes")


NOTIFY_LOCK_KEY = 27_3_16  # PostgreSQL advisory lock of `notify deadlines`


@click.group("notify")
def notify_group():
    """Notifications."""


@notify_group.command("deadlines")
def notify_deadlines():
    """Remind both sides of statutory deadlines three working days away and of deadlines
    passed (idempotent per deadline: run it daily from cron)."""
    from sqlalchemy import text

    from .extensions import db
    from .services.calendar import load_calendar
    from .services.notifications import deadline_reminders

    if db.engine.dialect.name == "postgresql":
        # Several application servers may run this at once: one at a time (the lock ends with
        # the transaction); the others then find every reminder already sent (unique keys).
        db.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": NOTIFY_LOCK_KEY})
    now = clock.now()
    added = deadline_reminders(today=now.date(), cal=load_calendar(), now=now)
    db.session.commit()  # email is sent after this commit
    click.echo(f"{added} notification(s) added.")


@click.group("backup")
def backup_group():
    """Backups of the database, the stored files and the audit anchors (README, "Backups")."""


@backup_group.command("create")
@click.argument("target", type=click.Path(file_okay=False))
def backup_create(target):
    """Write a consistent backup into the new or empty folder TARGET."""
    from .backup import BackupError, create

    try:
        manifest = create(target)
    except BackupError as e:
        click.echo(f"backup failed: {e}", err=True)
        sys.exit(1)
    click.echo(f"backup written to {target}: {manifest['database']}, schema "
               f"{manifest['schema_revision']}, {manifest['audit_rows']} audit rows, "
               f"{manifest['documents']} documents, {len(manifest['files'])} files")


@backup_group.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False))
def backup_restore(source):
    """Restore SOURCE into an empty database and storage, then verify the audit chain and
    every document's hash; exit 1 when anything does not match."""
    from .backup import BackupError, restore

    try:
        report = restore(source)
    except BackupError as e:
        click.echo(f"restore refused: {e}", err=True)
        sys.exit(1)
    click.echo(f"restored: {report.audit_rows} audit rows, {report.documents_checked} "
               f"documents checked, {report.files} files")
    for problem in report.problems:
        click.echo(f"PROBLEM: {problem}", err=True)
    sys.exit(0 if report.ok else 1)
