"""Who may do what: pure ``can_<verb>(user, obj=None)`` predicates.

The same predicate is checked by the view (403) and by the template that shows the button.
``user`` is anything with ``is_authenticated``, ``is_active``, ``roles`` (a set of role codes)
and ``control_subject_id``; no Flask, no database here.
"""

ADMIN = "admin"
FIRST_HEAD = "first_head"
HEAD = "head"
INSPECTOR = "inspector"
SUBJECT_REP = "subject_rep"
STAFF = frozenset({ADMIN, FIRST_HEAD, HEAD, INSPECTOR})


def _roles(user) -> frozenset:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    if not getattr(user, "is_active", False):
        return frozenset()
    return frozenset(getattr(user, "roles", ()))


def is_staff(user) -> bool:
    return bool(_roles(user) & STAFF)


def is_subject_rep(user) -> bool:
    return SUBJECT_REP in _roles(user)


def can_manage_users(user, obj=None) -> bool:
    """Administrators create, deactivate and reset accounts."""
    return ADMIN in _roles(user)


def can_view_registry(user, obj=None) -> bool:
    """Staff of the authorised body read the registry of control subjects (R1.1)."""
    return is_staff(user)


def can_edit_registry(user, obj=None) -> bool:
    """Administrators and inspectors keep the registry (R1.1)."""
    return bool(_roles(user) & {ADMIN, INSPECTOR})


def can_import_registry(user, obj=None) -> bool:
    return ADMIN in _roles(user)


def can_view_audit(user, obj=None) -> bool:
    """Staff browse the audit log by object."""
    return is_staff(user)


def can_manage_calendar(user, obj=None) -> bool:
    """Administrators edit the per-year calendar overrides."""
    return ADMIN in _roles(user)


def can_view_calendar(user, obj=None) -> bool:
    return is_staff(user)


def can_use_calculator(user, obj=None) -> bool:
    return is_staff(user)


def can_view_clocks(user, obj=None) -> bool:
    """Staff see every statutory clock that is overdue or due soon (the home page's board)."""
    return is_staff(user)


def can_change_own_password(user, obj=None) -> bool:
    return bool(_roles(user))


def can_manage_templates(user, obj=None) -> bool:
    """Administrators upload replacement document templates."""
    return ADMIN in _roles(user)


def can_view_document(user, doc) -> bool:
    """Staff see every document; a representative only those of their own body (R27.1)."""
    if is_staff(user):
        return True
    if is_subject_rep(user):
        owner = getattr(doc, "control_subject_id", None)
        return owner is not None and owner == getattr(user, "control_subject_id", None)
    return False


# --- inspections (R7.1 …) -----------------------------------------------------------------

def can_view_inspection(user, inspection) -> bool:
    """Staff see every inspection; a representative only those of their own body (R27.1)."""
    if is_staff(user):
        return True
    if is_subject_rep(user) and inspection is not None:
        return inspection.control_subject_id == getattr(user, "control_subject_id", None)
    return False


def can_list_inspections(user, obj=None) -> bool:
    """The staff pages of inspections (representatives have their own portal)."""
    return is_staff(user)


def can_create_inspection(user, obj=None) -> bool:
    return INSPECTOR in _roles(user)


def can_edit_inspection_draft(user, inspection) -> bool:
    """The appointment act's elements are edited while the inspection is a draft (R7.2)."""
    return INSPECTOR in _roles(user) and inspection is not None and inspection.status == "draft"


#: R7.5: the steps that only the officials named in the appointment act (item 3) take —
#: record the notice, deliver acts, record arrival and evidence, draw up, sign and deliver
#: the results act.  The head still decides extensions; cancelling is not carrying out.
CONDUCT_ACTIONS = frozenset({
    "record_notice", "deliver_act", "record_arrival", "refuse_admission",
    "request_extension", "deliver_extension_notice", "draw_results", "issue_results",
    "deliver_results", "refuse_results"})


def is_named_inspector(user, inspection) -> bool:
    """R7.5: the user is one of the inspectors named in the appointment act (item 3)."""
    uid = getattr(user, "id", None)
    return (uid is not None and inspection is not None and INSPECTOR in _roles(user)
            and any(row.user_id == uid for row in getattr(inspection, "inspectors", ())))


def can_conduct(user, inspection, action: str) -> bool:
    """R7.5: only the officials named in the appointment act carry out the inspection; any
    other step (issuing the act, the head's decision on an extension, cancelling) is not
    restricted here."""
    return action not in CONDUCT_ACTIONS or is_named_inspector(user, inspection)


def can_act_on_inspection(user, inspection, action: str) -> bool:
    """The transition table says whether this role may take ``action`` now; the steps of
    carrying out the inspection are reserved for the inspectors named in the act (R7.5)."""
    from . import lifecycle

    return (inspection is not None and is_staff(user)
            and lifecycle.may(inspection.status, action, _roles(user))
            and can_conduct(user, inspection, action))


def can_take(user, action: str) -> bool:
    """Whether the user's roles may ever take ``action`` (403 otherwise); the state decides
    the rest, refused with the rule that forbids it."""
    from . import lifecycle

    return is_staff(user) and any(t.action == action and _roles(user) & t.roles
                                  for t in lifecycle.TRANSITIONS)


def can_add_evidence(user, inspection) -> bool:
    """Evidence is gathered on site, after the act is delivered (R7.1, R4.1), by the
    inspectors named in the act (R7.5)."""
    from . import lifecycle

    return (is_named_inspector(user, inspection)
            and inspection.status in lifecycle.ON_SITE)


# --- the annual plan (R1.3, R2.1–R2.6) and the requirement catalogue -----------------------


def can_view_findings(user, obj=None) -> bool:
    """Staff read the findings from the four information sources (R1.3)."""
    return is_staff(user)


def can_record_findings(user, obj=None) -> bool:
    """Inspectors (and administrators) record findings and attach their files (R1.3)."""
    return bool(_roles(user) & {ADMIN, INSPECTOR})


def can_view_catalogue(user, obj=None) -> bool:
    """Staff read the requirement catalogue (the subject matter of inspections)."""
    return is_staff(user)


def can_manage_catalogue(user, obj=None) -> bool:
    """Administrators add and retire requirements; nobody deletes a cited one."""
    return ADMIN in _roles(user)


def can_view_plans(user, obj=None) -> bool:
    """Staff see the plans of every year, drafts included (R2.1)."""
    return is_staff(user)


def can_draft_plan(user, obj=None) -> bool:
    """Inspectors start the draft plan, add and remove its items and submit it (R2.1).

    Whether the plan is still a draft is the service's check (R2.6 refuses any edit of an
    approved plan with its own message)."""
    return INSPECTOR in _roles(user)


def can_approve_plan(user, obj=None) -> bool:
    """The first head approves the plan or returns it (R2.1, R2.3) and approves its
    amendments (R2.6)."""
    return FIRST_HEAD in _roles(user)


def can_publish_plan(user, obj=None) -> bool:
    """The first head or an inspector publishes the approved plan (R2.4)."""
    return bool(_roles(user) & {FIRST_HEAD, INSPECTOR})


def can_propose_amendment(user, obj=None) -> bool:
    """Inspectors and the first head draft an amendment of an approved plan (R2.6)."""
    return bool(_roles(user) & {FIRST_HEAD, INSPECTOR})


# --- inspections, part 2: results act and after (R10.1–R17.1) -----------------------------


def can_edit_results(user, inspection) -> bool:
    """The inspectors named in the act (R7.5) edit the results act while it is a draft
    (R10.1)."""
    return is_named_inspector(user, inspection) and inspection.status == "results_drafted"


def can_send_copy1(user, inspection) -> bool:
    """Inspectors record copy 1 sent to the legal-statistics body (R10.2) once the act is
    issued (not when the inspection is closed: read-only)."""
    act = getattr(inspection, "results_act", None)
    return (INSPECTOR in _roles(user) and act is not None and act.issued_at is not None
            and act.copy1_sent_at is None
            and inspection.status in ("results_issued", "delivered"))


def can_download_package(user, inspection) -> bool:
    """Staff download the copy-1 transfer package once the act is issued (R10.2)."""
    act = getattr(inspection, "results_act", None)
    return is_staff(user) and act is not None and act.issued_at is not None


def can_handle_results(user, inspection) -> bool:
    """Inspectors and the head register objections and remediation reports from paper,
    answer them and propose a follow-up — after delivery, while not closed (R12.1–R16.2)."""
    return (bool(_roles(user) & {INSPECTOR, HEAD}) and inspection is not None
            and inspection.status == "delivered")


def can_record_appeal(user, inspection) -> bool:
    """Appeals and their outcomes are recorded after delivery, also when closed (R17.1)."""
    return (bool(_roles(user) & {INSPECTOR, HEAD}) and inspection is not None
            and inspection.status in ("delivered", "closed"))


def can_work_on_results(user, obj=None) -> bool:
    """Whether the role ever handles results, objections, reports and appeals (403
    otherwise); the inspection's state decides the rest (R10.1–R17.1)."""
    return bool(_roles(user) & {INSPECTOR, HEAD})


# --- the representatives' portal (R5.1, R6.1, R12.1, R12.4, R16.1, R17.1, R27.1) ----------


def can_use_portal(user, obj=None) -> bool:
    """Representatives of a control subject use the portal; staff have their own pages."""
    return is_subject_rep(user) and getattr(user, "control_subject_id", None) is not None


def is_own_inspection(user, inspection) -> bool:
    """R27.1: an inspection of the representative's own body (its subdivisions included:
    they belong to the same control subject).  Anything else is answered with 404."""
    return (can_use_portal(user) and inspection is not None
            and inspection.control_subject_id == getattr(user, "control_subject_id", None))


def can_acknowledge(user, inspection, document: str) -> bool:
    """R6.1, R12.4: the representative acknowledges receipt of the appointment act (once it
    is delivered) or of the results act (once it is delivered), or refuses with reasons —
    once for each act."""
    if not is_own_inspection(user, inspection):
        return False
    if any(a.document == document for a in getattr(inspection, "acknowledgements", ())):
        return False
    if document == "appointment_act":
        return inspection.delivery is not None
    if document == "results_act":
        act = getattr(inspection, "results_act", None)
        return act is not None and act.delivered_at is not None \
            and act.receipt != "refused_to_accept"
    return False


def can_submit_on_portal(user, inspection) -> bool:
    """R12.1, R16.1: objections and remediation reports are submitted after delivery of the
    results act, while the inspection is open."""
    return is_own_inspection(user, inspection) and inspection.status == "delivered"


def can_appeal_on_portal(user, inspection) -> bool:
    """R17.1: the body records its appeal after delivery, also when the inspection is
    closed."""
    return is_own_inspection(user, inspection) and inspection.status in ("delivered", "closed")


def can_read_notifications(user, obj=None) -> bool:
    """Everybody signed in has their own notifications."""
    return bool(_roles(user))


# --- statistics, reports and calendar feeds (issue 15) -------------------------------------

def can_view_statistics(user, obj=None) -> bool:
    """The dashboard, its exports and the annual report: the head and the first head."""
    return bool(_roles(user) & {FIRST_HEAD, HEAD})


def can_publish_statistics(user, obj=None) -> bool:
    """The head or the first head places a closed year's statistics on the internet
    resource (R27.1: counts only)."""
    return bool(_roles(user) & {FIRST_HEAD, HEAD})


def can_export_lists(user, obj=None) -> bool:
    """Staff download the lists they can see (inspections, violations, objections,
    remediation) as XLSX and CSV."""
    return is_staff(user)


def can_use_calendar_feed(user, obj=None) -> bool:
    """Every signed-in user has a private calendar feed of their own deadlines."""
    return bool(_roles(user))


def can_download_inspection_calendar(user, inspection) -> bool:
    """The .ics of one inspection: staff, or the representative of the inspected body for a
    non-draft inspection (R27.1).  Without an inspection: whether the user may download
    any at all."""
    if inspection is None:
        return is_staff(user) or can_use_portal(user)
    if is_staff(user):
        return True
    return is_own_inspection(user, inspection) and inspection.status != "draft"
