"""Domain errors: one small hierarchy, each refusal naming the RULES.md code it enforces."""

from __future__ import annotations


class DomainError(Exception):
    """A command the rules refuse; nothing is written."""

    code: str = "R-UNKNOWN"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field


class RuleViolation(DomainError):
    """A rule of RULES.md forbids this command in the current state."""


class StepOutOfOrder(DomainError):
    """The command does not fit the current status of the case (e.g. a reply to a closed request)."""

    code = "R-STEP"


class InvalidValue(DomainError):
    """A value is well-formed but outside what the domain accepts."""

    code = "R-VALUE"


class NotPermitted(DomainError):
    """The acting person's role or identity may not take this step."""

    code = "R-ROLE"
