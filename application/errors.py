"""Errors the application layer adds to the domain's: unknown ids, conflicts, credentials."""

from __future__ import annotations

from domain.errors import DomainError


class NotFound(DomainError):
    """No case with that id."""

    code = "R-NOT-FOUND"


class ConcurrencyConflict(DomainError):
    """Someone else changed the case at the same moment, twice in a row; try again."""

    code = "R-CONFLICT"


class Unauthenticated(DomainError):
    """No valid bearer token."""

    code = "R-AUTH"


class Unavailable(DomainError):
    """The server cannot answer now (the store is unreachable, or a read model is behind); nothing was written."""

    code = "R-UNAVAILABLE"

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        """Seconds after which a retry may succeed (the Retry-After header)."""
