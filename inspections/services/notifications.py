"""Notifications for both sides: in-app rows and, when SMTP is configured, email.

Services call :func:`notify` at the moment an event happens (act delivered, objection
received, reply sent, report received/decided, receipt recorded, appeal recorded).  A row
stores the event's *code* and parameters; the text is translated when shown
(:func:`text`).  Email is queued on the session and sent only after the transaction
commits (a rolled-back request sends nothing); without ``MAIL_SERVER`` no email is sent.

:func:`deadline_reminders` (``flask --app app notify deadlines``, daily from cron) warns
both sides three working days before a statutory deadline and once it has passed; its key
makes it idempotent per deadline (running it twice a day adds nothing).
"""

from __future__ import annotations

import smtplib
from datetime import date, datetime
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .. import lifecycle
from ..calendar import WorkingCalendar
from ..extensions import db
from ..i18n import format_date
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..models import Inspection, InspectionInspector, User, UserRole
from ..models.portal import Notification

STAFF_SIDE, REP_SIDE, BOTH = "staff", "rep", "both"
#: Decision makers: every active head (R9.2 extensions) or first head (R2.1, R2.6 plans).
HEADS, FIRST_HEADS = "heads", "first_heads"

TEXTS = {
    "act_delivered": _l("%(document)s No. %(number)s has been delivered."),
    "objection_received": _l("Objections to the results act were received (%(source)s); the "
                             "reply is due by %(due)s (R12.2)."),
    "reply_sent": _l("The reasoned reply No. %(reply_number)s to the objections has been "
                     "issued (R12.2)."),
    "report_received": _l("A report on the elimination of violation No. %(violation)s was "
                          "received (R16.1)."),
    "report_decided": _l("The report on violation No. %(violation)s has been considered: "
                         "%(decision)s."),
    "receipt_recorded": _l("The control subject recorded on the portal: %(document)s — "
                           "%(outcome)s (R6.1, R12.4)."),
    "appeal_recorded": _l("An appeal (%(level)s) filed on %(filed_on)s has been recorded "
                          "(R17.1)."),
    "deadline_soon": _l("%(what)s: the deadline %(due)s is three working days away or less."),
    "deadline_passed": _l("%(what)s: the deadline %(due)s has passed."),
    "extension_requested": _l("An extension of inspection No. %(number)s was requested; the "
                              "decision is useful only until %(due)s, the last day to deliver "
                              "its notice (R9.2, R9.4)."),
    "plan_submitted": _l("The plan of periodic inspections for %(year)s was submitted for "
                         "approval; the deadline is %(due)s (R2.1, R2.3)."),
    "amendment_drafted": _l("An amendment of the plan for %(year)s awaits your approval "
                            "(R2.6)."),
}

PARAM_LABELS = {
    "appointment_act": _l("The appointment act"),
    "results_act": _l("The results act"),
    "paper": _l("on paper"),
    "portal": _l("on the portal"),
    "accepted": _l("accepted, the violation is eliminated"),
    "rejected": _l("not accepted"),
    "acknowledged": _l("receipt acknowledged"),
    "refused": _l("refused to sign, with reasons"),
    "higher_official": _l("to a higher official"),
    "court": _l("to court"),
    "remedy": _l("Elimination of a violation (R14.1, R16.1)"),
    "report": _l("Report on the elimination of a violation (R16.1)"),
    "objection_reply": _l("Reply to objections (R12.2)"),
    "fieldwork_end": _l("End of the inspection (R9.1, R13.1)"),
    "extension_decision": _l("Decision on the requested extension (R9.2, R9.4)"),
}


def text(n: Notification) -> str:
    """The notification in the current language (codes translated now, not when stored)."""
    params = {k: (str(PARAM_LABELS[v]) if isinstance(v, str) and v in PARAM_LABELS else v)
              for k, v in (n.params or {}).items()}
    if isinstance(params.get("due"), str):  # stored ISO, shown in the reader's language
        try:
            params["due"] = format_date(date.fromisoformat(params["due"]), "long")
        except ValueError:
            pass
    if params.get("what") is None and "kind" in params:
        params["what"] = str(PARAM_LABELS.get(n.params["kind"], n.params["kind"]))
    try:
        return str(TEXTS[n.code]) % params
    except (KeyError, TypeError, ValueError):
        return n.code


def recipients(inspection: Inspection, side: str) -> list[User]:
    """Staff side: the inspection's inspectors.  Representative side: the active
    representatives of the inspected body (R27.1: nobody else)."""
    users: list[User] = []
    if side in (HEADS, FIRST_HEADS):
        role = "head" if side == HEADS else "first_head"
        users += db.session.execute(
            select(User).join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role).order_by(User.id)).scalars().all()
    if side in (STAFF_SIDE, BOTH):
        users += db.session.execute(
            select(User).join(InspectionInspector, InspectionInspector.user_id == User.id)
            .where(InspectionInspector.inspection_id == inspection.id)).scalars().all()
    if side in (REP_SIDE, BOTH):
        users += db.session.execute(
            select(User).join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == "subject_rep",
                   User.control_subject_id == inspection.control_subject_id)).scalars().all()
    seen, out = set(), []
    for u in users:
        if u.id not in seen and u.active:
            seen.add(u.id)
            out.append(u)
    return out


def notify(code: str, inspection: Inspection | None, *, side: str, now: datetime,
           params: dict | None = None, key: str | None = None) -> list[Notification]:
    """Add one notification per recipient (flushed) and queue its email for after commit.
    With ``key``, a recipient who already has that key gets nothing new (idempotent).
    ``inspection`` is None for plan events (sides HEADS / FIRST_HEADS only)."""
    rows = []
    number = (inspection.number or "") if inspection is not None else ""
    params = {"number": number, **(params or {})}
    users = recipients(inspection, side)
    had = set() if key is None or not users else set(db.session.execute(
        select(Notification.user_id).where(Notification.key == key,
                                           Notification.user_id.in_([u.id for u in users])))
        .scalars())
    for user in users:
        if user.id in had:
            continue
        row = Notification(user_id=user.id, code=code, params=params,
                           inspection_id=inspection.id if inspection is not None else None,
                           key=key, created_at=now)
        db.session.add(row)
        rows.append(row)
        _queue_email(user, row)
    db.session.flush()
    return rows


#: The badge counts unread notifications up to this number and then shows "99+" (issue
#: 13: a user with thousands of unread notifications costs every page the same).
UNREAD_CAP = 100


def unread_count_query(user_id: int):
    """The number of ``user_id``'s unread notifications, counted up to :data:`UNREAD_CAP`
    (a scalar subquery: it reads at most that many index entries, whatever the history)."""
    from sqlalchemy import func

    capped = (select(Notification.id)
              .where(Notification.user_id == user_id, Notification.read_at.is_(None))
              .limit(UNREAD_CAP).subquery())
    return select(func.count()).select_from(capped).scalar_subquery()


def unread_count(user) -> int:
    """Unread notifications of ``user``, up to :data:`UNREAD_CAP`."""
    return db.session.execute(select(unread_count_query(user.id))).scalar_one()


def mark_read(user, notification_ids, *, now: datetime) -> int:
    """Mark the user's own notifications read (others' ids are ignored)."""
    rows = db.session.execute(
        select(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None),
                                   Notification.id.in_(list(notification_ids)))).scalars().all()
    for r in rows:
        r.read_at = now
    db.session.flush()
    return len(rows)


def mark_all_read(user, *, now: datetime) -> int:
    """Mark every unread notification of the user read: one UPDATE (issue 13)."""
    from sqlalchemy import update

    result = db.session.execute(
        update(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=now).execution_options(synchronize_session=False))
    db.session.flush()
    return result.rowcount


# ---------------------------------------------------------------- email after commit


def _queue_email(user: User, row: Notification) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER") or not (user.email or "").strip():
        return
    with force_locale(user.locale or config.get("BABEL_DEFAULT_LOCALE", "kk")):
        subject = _("Bakylau: notification")
        body = text(row) + "\n\n" + config.get("PUBLIC_BASE_URL", "").rstrip("/") + "/notifications"
    outbox = db.session.info.setdefault("outbox", [])
    outbox.append({"to": user.email.strip(), "subject": subject, "body": body,
                   "config": {k: config.get(k) for k in (
                       "MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD",
                       "MAIL_USE_TLS", "MAIL_FROM")}})


def send_email(message: dict) -> None:
    cfg = message["config"]
    msg = EmailMessage()
    msg["From"] = cfg.get("MAIL_FROM") or "bakylau@localhost"
    msg["To"] = message["to"]
    msg["Subject"] = message["subject"]
    msg.set_content(message["body"])
    with smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg.get("MAIL_PORT") or 25), timeout=10) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
        smtp.send_message(msg)


@event.listens_for(Session, "after_commit")
def _send_outbox(session) -> None:
    outbox = session.info.pop("outbox", None)
    for message in outbox or ():
        try:
            send_email(message)
        except (OSError, smtplib.SMTPException) as e:  # the in-app notification stands
            if current_app:
                current_app.logger.warning("email to %s not sent: %s", message["to"], e)


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session) -> None:
    session.info.pop("outbox", None)


# ---------------------------------------------------------------- deadline reminders


def _clocks(inspection: Inspection, cal: WorkingCalendar):
    """(kind, object id, due day) of the open statutory clocks of an inspection."""
    from . import results

    if inspection.status in lifecycle.ON_SITE and inspection.end_date:
        yield "fieldwork_end", inspection.id, inspection.end_date
    act = inspection.results_act
    if act is None or inspection.status != lifecycle.DELIVERED:
        return
    for o in act.objections:
        if o.replied_on is None:
            yield "objection_reply", o.id, o.reply_due
    for v in act.violations:
        if v.status in ("open", "not_eliminated") and v.followup_inspection_id is None:
            yield "remedy", v.id, results.remedy_due(v, cal).day
            if v.report_due:  # R16.1: the period, set in the act, for reporting it
                yield "report", v.id, results.report_due(v, cal).day


def deadline_reminders(*, today: date, cal: WorkingCalendar, now: datetime) -> int:
    """Warn both sides when a deadline is three working days away or less, and once it has
    passed.  Idempotent: one reminder of each kind per deadline and recipient.

    Issue 13: a constant number of statements whatever the number of inspections — the
    active inspections with their acts, objections, violations and inspectors; the
    representatives of their bodies; the keys already sent; one batch insert."""
    from sqlalchemy.orm import joinedload, selectinload

    from ..models.results import ResultsAct

    active = db.session.execute(
        select(Inspection).where(Inspection.status.in_([*lifecycle.ON_SITE,
                                                        lifecycle.DELIVERED]))
        .options(joinedload(Inspection.results_act).selectinload(ResultsAct.objections),
                 joinedload(Inspection.results_act).selectinload(ResultsAct.violations),
                 selectinload(Inspection.inspectors).joinedload(InspectionInspector.user)
                 .lazyload(User.role_rows))
    ).unique().scalars().all()
    due: list[tuple[Inspection, str, dict, str]] = []  # inspection, code, params, key
    for inspection in active:
        for kind, ident, day in _clocks(inspection, cal):
            left = cal.working_days_between(cal.next_working_day(today), day) \
                if day > today else 0
            if today > day:
                code = "deadline_passed"
            elif left <= 3:
                code = "deadline_soon"
            else:
                continue
            due.append((inspection, code, {"kind": kind, "due": day.isoformat()},
                        f"{code}:{kind}:{ident}:{day.isoformat()}"))
    if not due:
        return _extension_decision_reminders(today=today, cal=cal, now=now)
    bodies = {i.control_subject_id for i, *_ in due}
    reps: dict[int, list[User]] = {}
    for user in db.session.execute(
            select(User).join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == "subject_rep", User.control_subject_id.in_(bodies))
            .options(selectinload(User.role_rows))).scalars():
        reps.setdefault(user.control_subject_id, []).append(user)
    keys = {key for *_, key in due}
    sent = {(user_id, key) for user_id, key in db.session.execute(
        select(Notification.user_id, Notification.key).where(Notification.key.in_(keys)))}
    rows = []
    for inspection, code, params, key in due:
        users = [row.user for row in inspection.inspectors] \
            + reps.get(inspection.control_subject_id, [])
        seen = set()
        for user in users:
            if user.id in seen or not user.active or (user.id, key) in sent:
                continue
            seen.add(user.id)
            sent.add((user.id, key))
            row = Notification(user_id=user.id, code=code,
                               params={"number": inspection.number or "", **params},
                               inspection_id=inspection.id, key=key, created_at=now)
            rows.append(row)
            _queue_email(user, row)
    db.session.add_all(rows)
    db.session.flush()
    return len(rows) + _extension_decision_reminders(today=today, cal=cal, now=now)


def _extension_decision_reminders(*, today: date, cal: WorkingCalendar, now: datetime) -> int:
    """R9.4: the heads are reminded of a requested extension while its decision is still
    useful — its notice must reach the body by the working day before the current end."""
    from sqlalchemy.orm import selectinload

    from .. import deadlines

    requested = db.session.execute(select(Inspection).where(
        Inspection.status == lifecycle.EXTENSION_REQUESTED)
        .options(selectinload(Inspection.extensions))).scalars().all()
    added = 0
    for inspection in requested:
        ext = inspection.extension
        due = deadlines.extension_notice_deadline(ext.previous_end, cal).day
        left = cal.working_days_between(cal.next_working_day(today), due) if due > today else 0
        if today > due:
            code = "deadline_passed"
        elif left <= 3:
            code = "deadline_soon"
        else:
            continue
        added += len(notify(code, inspection, side=HEADS, now=now,
                            params={"kind": "extension_decision", "due": due.isoformat()},
                            key=f"{code}:extension_decision:{ext.id}:{due.isoformat()}"))
    return added
