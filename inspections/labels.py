"""Translated labels for the codes stored in the database and the audit log.

Codes are stored; these lazy strings translate them at render time.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "first_head": _l("First head"),
    "head": _l("Head"),
    "inspector": _l("Inspector"),
    "subject_rep": _l("Representative of a control subject"),
}

KIND_LABELS = {
    "central": _l("Central state body"),
    "local_executive": _l("Local executive body"),
    "other": _l("Other state body"),
}

SUBJECT_STATUS_LABELS = {
    "active": lazy_pgettext("subject status", "Active"),
    "liquidated": lazy_pgettext("subject status", "Liquidated"),
    "reorganised": lazy_pgettext("subject status", "Reorganised"),
}

EVENT_LABELS = {
    "liquidated": _l("Liquidated"),
    "reorganised": _l("Reorganised into a successor"),
    "renamed": _l("Renamed"),
    "powers_redistributed": _l("Powers redistributed"),
}

OVERRIDE_LABELS = {
    "day_off": _l("Extra day off"),
    "working_day": _l("Working weekend day"),
}

DAY_KIND_LABELS = {
    "weekday": _l("Working day"),
    "weekend": _l("Weekend"),
    "holiday": _l("Holiday / day off"),
    "working_weekend": _l("Working weekend day"),
    "override_day_off": _l("Extra day off (override)"),
    "override_working_day": _l("Working weekend day (override)"),
}

RULE_CHOICES = [
    ("R9.1", _l("R9.1 — end of fieldwork (10 working days from the start)")),
    ("R9.2", _l("R9.2 — latest extended end (15 working days after the current end)")),
    ("R9.4", _l("R9.4 — latest day to deliver the extension notice")),
    ("R7.3", _l("R7.3 — earliest start after the notice (24 hours)")),
    ("R12.2", _l("R12.2 — reply to objections due (15 working days)")),
    ("R14.1", _l("R14.1 — earliest remedy deadline (10 calendar days)")),
    ("R2.3", _l("R2.3 — plan approval deadline")),
    ("R2.4", _l("R2.4 — plan publication deadline")),
]

DOCUMENT_LABELS = {
    "plan": _l("Annual plan of periodic inspections"),
    "plan_amendment": _l("Amendment to the annual plan"),
    "appointment_act": _l("Act on appointment of an inspection"),
    "start_notice": _l("Notice of the start of an inspection"),
    "extension_act": _l("Act on extension of an inspection"),
    "extension_notice": _l("Notice of extension of an inspection"),
    "results_act": _l("Act on the results of an inspection"),
    "refusal_act": _l("Act of refusal to accept the results act"),
    "objection_reply": _l("Reasoned reply to objections"),
    "followup_proposal": _l("Proposal of a follow-up inspection"),
}

LANGUAGE_LABELS = {"kk": _l("Kazakh"), "ru": _l("Russian"), "en": _l("English")}

ACTION_LABELS = {
    "user.created": _l("Account created"),
    "user.updated": _l("Account changed"),
    "user.activated": _l("Account activated"),
    "user.deactivated": _l("Account deactivated"),
    "user.password_reset": _l("Password reset by an administrator"),
    "user.password_changed": _l("Password changed"),
    "user.locked": _l("Account locked after failed logins"),
    "subject.created": _l("Control subject added"),
    "subject.updated": _l("Control subject changed"),
    "subject.imported": _l("Control subjects imported from CSV"),
    "subject.liquidated": _l("Control subject liquidated"),
    "subject.reorganised": _l("Control subject reorganised"),
    "subject.renamed": _l("Control subject renamed"),
    "subject.powers_redistributed": _l("Powers redistributed"),
    "subdivision.created": _l("Subdivision added"),
    "object.created": _l("Object added"),
    "calendar.override_added": _l("Calendar override added"),
    "calendar.override_removed": _l("Calendar override removed"),
    "calendar.year_confirmed": _l("Year's calendar confirmed"),
    "calendar.year_unconfirmed": _l("Year's calendar marked unconfirmed"),
    "document.issued": _l("Document issued"),
    "template.uploaded": _l("Document template uploaded"),
    "template.deactivated": _l("Document template withdrawn"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
