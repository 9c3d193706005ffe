"""Domain errors: plain exceptions, mapped to HTTP only at the web edge.

``message`` is a (lazy) translatable string; ``rule`` names the rule of RULES.md that
refused the action, so that the user sees e.g. "R2.2: …".
"""


class DomainError(Exception):
    def __init__(self, message, *, rule: str | None = None, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.rule = rule
        self.field = field

    def display(self) -> str:
        text = str(self.message)
        return f"{self.rule}: {text}" if self.rule else text


class ValidationFailed(DomainError):
    """Bad input; nothing was changed."""


class RuleViolation(DomainError):
    """The law forbids this action (a rule that "blocks")."""


class PermissionDenied(DomainError):
    """The user may not do this (403)."""


class NotFound(DomainError):
    """No such object, or not one the user may know of (404)."""


class ConcurrentChange(DomainError):
    """The object was changed by another request after this one loaded it (409)."""


class TamperedDocument(DomainError):
    """A stored document's bytes no longer match the SHA-256 it was issued with: it is not
    served, and the incident is recorded (``inspections.web``)."""

    def __init__(self, message, *, document_id: int):
        super().__init__(message)
        self.document_id = document_id
