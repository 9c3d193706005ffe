"""Actors without an account: the demo loader, CLI commands and tests act through these."""


class SystemActor:
    """Acts with the given roles (administrator by default); ``id`` is None in the audit log."""

    id = None
    is_authenticated = True
    is_active = True
    control_subject_id = None

    def __init__(self, *roles: str, username: str = "system", full_name: str = ""):
        self.roles = frozenset(roles or ("admin",))
        self.username = username
        self.full_name = full_name or username


SYSTEM = SystemActor()
