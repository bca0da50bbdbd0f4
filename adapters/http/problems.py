"""Every error a client can cause, mapped in one place to an RFC 9457 problem body."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from application.errors import ConcurrencyConflict, NotFound, Unauthenticated
from domain.errors import DomainError, InvalidValue, NotPermitted, RuleViolation, StepOutOfOrder

PROBLEM_JSON = "application/problem+json"
RULES_URL = "https://gongkai.invalid/rules#"
logger = logging.getLogger("gongkai.http")

_STATUS: list[tuple[type[DomainError], int, str]] = [
    (Unauthenticated, 401, "Not authenticated"),
    (NotPermitted, 403, "Not permitted"),
    (NotFound, 404, "Not found"),
    (ConcurrencyConflict, 409, "Conflict"),
    (StepOutOfOrder, 409, "Step out of order"),
    (InvalidValue, 422, "Invalid value"),
    (RuleViolation, 422, "Refused by a rule"),
]


def problem(status: int, title: str, detail: str, **extra: Any) -> Response[dict[str, Any]]:
    """A problem-details response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def domain_error(_: Request[Any, Any, Any], error: DomainError) -> Response[dict[str, Any]]:
    """A refusal by the rules, naming the RULES.md code and the field."""
    status, title = next(((s, t) for kind, s, t in _STATUS if isinstance(error, kind)), (422, "Refused"))
    extra: dict[str, Any] = {"code": error.code, "type": RULES_URL + error.code}
    if error.field:
        extra["errors"] = [{"field": error.field, "message": error.message}]
    return problem(status, title, error.message, **extra)


_MISSING_FIELD = re.compile(r"missing required field `([^`]+)`")
_MISSING_PARAMETER = re.compile(r"^Missing required (?:\w+ )?parameter '([^']+)'")


def bad_input(field: str, message: str) -> ValidationException:
    """A 400 naming the field, for input the handler itself finds malformed."""
    return ValidationException(detail=message, extra=[{"key": field, "message": message}])


def _field(key: str, message: str) -> str | None:
    """The field path of one validation error; a missing field is named itself, not by its parent."""
    field = key.removeprefix("$.")
    missing = _MISSING_FIELD.search(message)
    if missing:
        field = missing.group(1) if field in ("", "$", "data") else f"{field}.{missing.group(1)}"
    return field or None


def validation_error(_: Request[Any, Any, Any], error: ValidationException) -> Response[dict[str, Any]]:
    """Malformed JSON, a missing field, a wrong type or an unknown enum value: 400 with field paths."""
    errors = []
    for item in error.extra if isinstance(error.extra, list) else []:
        if isinstance(item, dict):
            message = str(item.get("message", ""))
            errors.append({"field": _field(str(item.get("key") or ""), message), "message": message})
    parameter = _MISSING_PARAMETER.match(str(error.detail))
    if not errors and parameter:
        errors.append({"field": parameter.group(1), "message": str(error.detail)})
    return problem(400, "Bad request", str(error.detail), code="R-INPUT", errors=errors)


def http_error(_: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    """Malformed JSON and routing errors (unknown path, wrong method) in the same problem form."""
    if error.status_code == 400:
        return problem(400, "Bad request", str(error.detail), code="R-INPUT")
    code = "R-NOT-FOUND" if error.status_code == 404 else "R-INPUT" if error.status_code < 500 else "R-INTERNAL"
    return problem(error.status_code, str(error.detail), str(error.detail), code=code)


def unexpected_error(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    """A bug: logged with its trace, answered without internals."""
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(500, "Internal error", "an unexpected error occurred; it has been logged")


EXCEPTION_HANDLERS = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
