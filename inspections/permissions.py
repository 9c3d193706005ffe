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
