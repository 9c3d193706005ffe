"""Translated labels for the codes stored in the database and the audit log.

Codes are stored; these lazy strings translate them at render time.
"""

from .i18n import lazy_gettext as _l
from .i18n import lazy_pgettext

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
    "portal_statement": _l("Statement of the control subject"),
    "annual_report": _l("Annual report"),
}

LANGUAGE_LABELS = {"kk": _l("Kazakh"), "ru": _l("Russian"), "en": _l("English")}

KIND_OF_INSPECTION_LABELS = {
    "periodic": lazy_pgettext("inspection kind", "Periodic"),
    "unscheduled": lazy_pgettext("inspection kind", "Unscheduled"),
}

INSPECTION_STATUS_LABELS = {
    "draft": lazy_pgettext("inspection status", "Draft"),
    "appointed": lazy_pgettext("inspection status", "Act issued"),
    "notified": lazy_pgettext("inspection status", "Notice given"),
    "started": lazy_pgettext("inspection status", "Started"),
    "fieldwork": lazy_pgettext("inspection status", "Fieldwork"),
    "extension_requested": lazy_pgettext("inspection status", "Extension requested"),
    "extension_approved": lazy_pgettext("inspection status", "Extension approved"),
    "extended": lazy_pgettext("inspection status", "Extended"),
    "admission_refused": lazy_pgettext("inspection status", "Admission refused"),
    "cancelled": lazy_pgettext("inspection status", "Cancelled"),
    "results_drafted": lazy_pgettext("inspection status", "Results act drafted"),
    "results_issued": lazy_pgettext("inspection status", "Results act issued"),
    "delivered": lazy_pgettext("inspection status", "Results delivered"),
    "closed": lazy_pgettext("inspection status", "Closed"),
}

EXTENSION_STATUS_LABELS = {
    "requested": lazy_pgettext("extension status", "requested"),
    "approved": lazy_pgettext("extension status", "approved"),
    "refused": lazy_pgettext("extension status", "refused"),
}

TRANSITION_LABELS = {
    "issue_act": _l("Issue the appointment act"),
    "cancel": _l("Cancel the inspection"),
    "record_notice": _l("Record the start notice"),
    "deliver_act": _l("Record delivery of the act"),
    "record_arrival": _l("Record the arrival checklist"),
    "refuse_admission": _l("Record refusal of admission"),
    "reissue": _l("Prepare a new act"),
    "request_extension": _l("Request an extension"),
    "approve_extension": _l("Approve the extension"),
    "refuse_extension": _l("Refuse the extension"),
    "deliver_extension_notice": _l("Record delivery of the extension notice"),
    "draw_results": _l("Draw up the results act"),
    "issue_results": _l("Issue the results act in three copies"),
    "deliver_results": _l("Record delivery of copy 2"),
    "refuse_results": _l("Record refusal to accept the act"),
    "close": _l("Close the inspection"),
}

# --- part 2: results act and after (R10.1–R17.1) -------------------------------------------

VIOLATION_STATUS_LABELS = {
    "open": lazy_pgettext("violation status", "Open"),
    "reported": lazy_pgettext("violation status", "Reported eliminated"),
    "eliminated": lazy_pgettext("violation status", "Accepted as eliminated"),
    "not_eliminated": lazy_pgettext("violation status", "Not eliminated"),
}

RECEIPT_LABELS = {
    "signed": _l("Signed"),
    "refused_to_sign": _l("Refused to sign (written explanation)"),
    "refused_to_accept": _l("Refused to accept (act of refusal)"),
}

PRESENT_OUTCOME_LABELS = {"read": _l("read it"), "refused": _l("refused")}

DELIVERY_CHANNEL_LABELS = {"paper": _l("On paper"), "electronic": _l("Electronically")}

DECISION_LABELS = {
    "accepted": _l("Accepted"),
    "partially_accepted": _l("Partially accepted"),
    "rejected": _l("Rejected"),
}

REPORT_DECISION_LABELS = {
    "accepted": _l("Accept: the violation is eliminated"),
    "rejected": _l("Not eliminated"),
}

APPEAL_LEVEL_LABELS = {"higher_official": _l("To a higher official"), "court": _l("To court")}

APPEAL_OUTCOME_LABELS = {
    "pending": _l("Pending"),
    "upheld": _l("Upheld"),
    "partially_upheld": _l("Partially upheld"),
    "dismissed": _l("Dismissed"),
}

SOURCE_LABELS = {"paper": _l("registered from paper"), "portal": _l("submitted in the portal")}

CLOCK_KIND_LABELS = {
    "fieldwork_end": _l("End of the inspection term"),
    "objection_reply": _l("Reply to objections"),
    "remedy": _l("Remedy deadline without a report"),
    "report": _l("Reporting date without a report (R16.1)"),
    "plan_approval": _l("Approval of next year's plan"),
    "plan_publication": _l("Publication of next year's plan"),
}

GROUND_LABELS = {
    1: _l("1 — confirmed complaints about violations by the control subject"),
    2: _l("2 — appeal of persons whose rights and legitimate interests were violated"),
    3: _l("3 — prosecutor's demand on specific facts of harm or threat of harm"),
    4: _l("4 — appeal of state bodies on specific facts of harm"),
    5: _l("5 — re-inspection: the control subject disagrees with the initial inspection"),
    6: _l("6 — assignment of a criminal-prosecution body"),
    7: _l("7 — control of the execution of a results act"),
}

AUTHOR_KIND_LABELS = {
    "individual": _l("An individual"),
    "legal_entity": _l("A legal entity"),
}

SPECIALIST_ROLE_LABELS = {
    "specialist": _l("Specialist"),
    "consultant": _l("Consultant"),
    "expert": _l("Expert"),
}

CHANNEL_LABELS = {
    "paper": _l("On paper, by hand"),
    "email": _l("By e-mail"),
    "edo": _l("Through the e-document system"),
    "phone": _l("By telephone"),
}

REFUSAL_REASON_LABELS = {
    "dates_passed": _l("The dates in the appointment act have passed"),
    "dates_not_matching": _l("The dates do not match the limits of Article 27-3"),
    "documents_not_shown": _l("The documents of R8.1 were not shown"),
}

EVIDENCE_LABELS = {
    "document": _l("Document or data obtained"),
    "database_access": _l("Access to an automated database"),
    "recording": _l("Audio, photo or video recording"),
    "expert": _l("Conclusion of an engaged specialist or expert"),
}

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
    "inspection.created": _l("Inspection created"),
    "inspection.ground_added": _l("Ground added"),
    "inspection.act_updated": _l("Appointment act edited"),
    "inspection.issue_act": _l("Appointment act issued"),
    "inspection.record_notice": _l("Start notice recorded"),
    "inspection.deliver_act": _l("Act delivered: the inspection started"),
    "inspection.record_arrival": _l("Arrival checklist recorded"),
    "inspection.refuse_admission": _l("Admission refused by the control subject"),
    "inspection.reissue": _l("Returned to draft for a new act"),
    "inspection.cancel": _l("Inspection cancelled"),
    "inspection.evidence_added": _l("Evidence added"),
    "inspection.request_extension": _l("Extension requested"),
    "inspection.approve_extension": _l("Extension approved"),
    "inspection.refuse_extension": _l("Extension refused"),
    "inspection.deliver_extension_notice": _l("Extension notice delivered"),
    "inspection.draw_results": _l("Results act drawn up"),
    "inspection.results_updated": _l("Results act edited"),
    "inspection.issue_results": _l("Results act issued in three copies"),
    "inspection.copy1_sent": _l("Copy 1 sent to the legal-statistics body"),
    "inspection.deliver_results": _l("Copy 2 delivered: the inspection ended"),
    "inspection.refuse_results": _l("Refusal to accept the results act"),
    "inspection.objection_registered": _l("Objections registered"),
    "inspection.objection_replied": _l("Reasoned reply to objections issued"),
    "inspection.report_registered": _l("Remediation report registered"),
    "inspection.report_decided": _l("Remediation report decided"),
    "inspection.followup_created": _l("Follow-up inspection drafted"),
    "inspection.appeal_recorded": _l("Appeal recorded"),
    "inspection.appeal_decided": _l("Outcome of an appeal recorded"),
    "inspection.close": _l("Inspection closed"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))

# --- the annual plan (R1.3, R2.1–R2.6) ----------------------------------------------------

PLAN_STATUS_LABELS = {
    "draft": lazy_pgettext("plan status", "Draft"),
    "submitted": lazy_pgettext("plan status", "Submitted for approval"),
    "approved": lazy_pgettext("plan status", "Approved"),
    "published": lazy_pgettext("plan status", "Published"),
}

AMENDMENT_STATUS_LABELS = {
    "draft": lazy_pgettext("amendment status", "Draft"),
    "approved": lazy_pgettext("amendment status", "Approved"),
}

FINDING_SOURCE_LABELS = {
    "previous_inspections": _l("Results of previous inspections"),
    "monitoring": _l("Monitoring of reporting and information"),
    "internet_resources": _l("Analysis of the body's internet resources"),
    "technical_service": _l("Data of the state technical service"),
}

FINDING_SOURCE_SHORT = {
    "previous_inspections": _l("Inspections"),
    "monitoring": _l("Monitoring"),
    "internet_resources": _l("Internet resources"),
    "technical_service": _l("Technical service"),
}

AMENDMENT_GROUND_LABELS = {
    "liquidation": _l("Liquidation of a control subject"),
    "reorganisation": _l("Reorganisation of a control subject"),
    "renaming": _l("Renaming of a control subject"),
    "redistribution": _l("Redistribution of powers between control subjects"),
}

CHANGE_ACTION_LABELS = {
    "change": _l("Change an item"),
    "exclude": _l("Exclude an item"),
    "add": _l("Add an item"),
}

UNIT_KIND_LABELS = {
    "subject": _l("The whole body"),
    "subdivision": _l("Structural subdivision"),
    "object": _l("Object"),
}

CANDIDATE_EXCLUSION_LABELS = {
    "liquidated": _l("Liquidated"),
    "in_plan": _l("Already in the plan of this year (R2.2)"),
}

ACTION_LABELS.update({
    "finding.recorded": _l("Finding recorded"),
    "finding.files_added": _l("Files added to a finding"),
    "catalogue.seeded": _l("Requirement catalogue loaded"),
    "requirement.added": _l("Requirement added to the catalogue"),
    "requirement.retired": _l("Requirement retired"),
    "requirement.deleted": _l("Requirement deleted"),
    "plan.created": _l("Draft plan started"),
    "plan.item_added": _l("Item added to the plan"),
    "plan.item_removed": _l("Item removed from the plan"),
    "plan.submitted": _l("Plan submitted for approval"),
    "plan.returned": _l("Plan returned with comments"),
    "plan.approved": _l("Plan approved"),
    "plan.published": _l("Plan published"),
    "amendment.created": _l("Amendment drafted"),
    "amendment.change_added": _l("Change added to an amendment"),
    "amendment.change_removed": _l("Change removed from an amendment"),
    "amendment.discarded": _l("Draft amendment discarded"),
    "amendment.approved": _l("Amendment approved"),
})

# --- the representatives' portal (R5.1, R6.1, R12.4) ---------------------------------------

PORTAL_CLOCK_LABELS = {
    "fieldwork_end": _l("End of the inspection (fieldwork)"),
    "remedy": _l("Deadline to eliminate the violation"),
    "report": _l("Date by which you report the elimination with confirming documents"),
    "objection_reply": _l("The authorised body's reply to your objections is due"),
}

ACK_DOCUMENT_LABELS = {
    "appointment_act": _l("Appointment act (copy 2)"),
    "results_act": _l("Results act (copy 2)"),
}

ACK_OUTCOME_LABELS = {
    "acknowledged": _l("Receipt acknowledged"),
    "refused": _l("Refused to sign, with a written explanation"),
}

ACT_CHECK_LABELS = {
    "end_within_limit": _l("The planned end is within ten working days of the planned start"),
    "issued_before_start": _l("The act was issued no later than the planned start"),
    "not_passed_at_delivery": _l("The act's dates had not passed when it was delivered"),
    "notice_24h": _l("The act was delivered at least 24 hours after the notice of the start"),
    "not_before_start": _l("The act was not delivered before its planned start"),
    "start_and_end_in_force": _l("The inspection started on the day the act was delivered and "
                                 "ends no later than the act's end date"),
}

# "My queue" on the staff home page (issue "Daily work").
QUEUE_KIND_LABELS = {
    "extension_decision": _l("Decide the requested extension"),
    "plan_approval": _l("Approve or return the submitted plan"),
    "amendment_approval": _l("Approve the drafted amendment of the plan"),
    "objection_reply": _l("Send the reasoned reply to the objections"),
    "report_decision": _l("Decide on the report on elimination"),
}

# The stepper of the inspection page (inspections/progress.py).
STEP_LABELS = {
    "appointment": _l("Appointment"),
    "notice": _l("Notice"),
    "start": _l("Start"),
    "fieldwork": _l("Fieldwork"),
    "extension": _l("Extension"),
    "results": _l("Results"),
    "delivery": _l("Delivery"),
    "remediation": _l("Objections and remediation"),
    "closed": _l("Closed"),
}

STEP_STATE_LABELS = {
    "done": _l("done"),
    "current": _l("current step"),
    "todo": _l("to come"),
    "skipped": _l("not used"),
}

BLOCK_REASON_LABELS = {
    "act_elements_missing": _l("%(n)d elements of the act are missing"),
    "notice_24h": _l("the act may be delivered from %(at)s"),
    "notice_too_late": _l("the notice had to be delivered by the working day before the "
                          "end (%(day)s)"),
    "violation_unsettled": _l("violation No. %(n)d not settled"),
    "objections_pending": _l("objections await the reasoned reply (%(n)d)"),
    "copy1_not_sent": _l("copy 1 not sent to the legal-statistics body"),
}


def block_reason(code: str, params: dict) -> str:
    """A blocker of inspections/progress.py as a sentence, dates in the reader's language."""
    from .i18n import format_date, format_datetime

    shown = dict(params)
    if "at" in shown:
        shown["at"] = format_datetime(shown["at"], "short")
    if "day" in shown:
        shown["day"] = format_date(shown["day"], "long")
    return str(BLOCK_REASON_LABELS[code]) % shown

ACTION_LABELS.update({
    "inspection.receipt_on_portal": _l("Receipt recorded by the control subject on the portal"),
    # R1.3 (issue 13): flask rank-candidates, or the bench's seed after its bulk inserts
    "candidates.reranked": _l("Ranking of candidates worked out again"),
})
