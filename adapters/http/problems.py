"""Every error a client can cause, mapped in one place to an RFC 9457 problem body whose `type` is the URL of its
rule on this server."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import attrs
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from adapters.http.base_url import base_url
from adapters.http.request_ids import request_id_of
from adapters.http.strict import Flaw
from adapters.outages import RETRY_AFTER_SECONDS, store_unreachable
from application.errors import ConcurrencyConflict, NotFound, Unauthenticated, Unavailable
from domain.errors import DomainError, InvalidValue, NotPermitted, RuleViolation, StepOutOfOrder

PROBLEM_JSON = "application/problem+json"
RULES_PATH = "/api/v1/reference/rules/"
"""Where this server answers with each rule's text; a problem's `type` is this path and the rule's code."""
logger = logging.getLogger("gongkai.http")

_STATUS: list[tuple[type[DomainError], int, str]] = [
    (Unauthenticated, 401, "Not authenticated"),
    (NotPermitted, 403, "Not permitted"),
    (NotFound, 404, "Not found"),
    (ConcurrencyConflict, 409, "Conflict"),
    (StepOutOfOrder, 409, "Step out of order"),
    (InvalidValue, 422, "Invalid value"),
    (RuleViolation, 422, "Refused by a rule"),
    (Unavailable, 503, "Service unavailable"),
]
_HTTP_CODES = {401: "R-AUTH", 403: "R-ROLE", 404: "R-NOT-FOUND", 409: "R-CONFLICT", 429: "R-RATE-LIMIT"}


@attrs.frozen
class FieldError:
    """What is wrong with one field."""

    field: str
    """The field's path (`applicant.name`, `members[1].side`), a parameter's name, or empty for the whole body."""
    message: str
    """What is wrong, in words a clerk can act on."""


@attrs.frozen(kw_only=True)
class Problem:
    """RFC 9457 problem details, as every refusal is answered (media type application/problem+json)."""

    type: str
    """The URL of the rule on this server: GET it for the rule's text and legal source."""
    title: str
    """A short summary of the kind of problem."""
    status: int
    """The HTTP status code."""
    detail: str
    """What went wrong with this request."""
    code: str
    """The rule's code (R-…): a RULES.md rule, or one of R-INPUT, R-AUTH, R-ROLE, R-NOT-FOUND, R-CONFLICT,
    R-STEP, R-VALUE, R-RATE-LIMIT, R-UNAVAILABLE, R-INTERNAL."""
    errors: tuple[FieldError, ...]
    """Each field at fault, all at once; empty when the problem is not about a field."""
    request_id: str
    """The id of this request, as in the X-Request-ID header of the answer and the server's log line: quote it when
    reporting a problem."""


class Refused(Exception):
    """Input refused at the door: each flaw names its field."""

    def __init__(self, flaws: Sequence[Flaw]) -> None:
        super().__init__("; ".join(f"{f.field}: {f.message}" if f.field else f.message for f in flaws))
        self.flaws = tuple(flaws)


def problem(
    request: Request[Any, Any, Any],
    status: int,
    title: str,
    detail: str,
    code: str,
    errors: Sequence[Flaw] = (),
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    """A problem-details response, its `type` the absolute URL of its rule here."""
    url = base_url(request) + RULES_PATH + code
    body = Problem(
        type=url, title=title, status=status, detail=detail, code=code,
        errors=tuple(FieldError(field=e.field, message=e.message) for e in errors),
        request_id=request_id_of(request.scope),
    )  # fmt: skip
    headers = {**(headers or {}), **({"WWW-Authenticate": "Bearer"} if status == 401 else {})}
    return Response(attrs.asdict(body), status_code=status, media_type=PROBLEM_JSON, headers=headers)


def refused(request: Request[Any, Any, Any], error: Refused) -> Response[dict[str, Any]]:
    """Input the door refused: 400 naming every field at fault."""
    return problem(request, 400, "Bad request", str(error), "R-INPUT", error.flaws)


def domain_error(request: Request[Any, Any, Any], error: DomainError) -> Response[dict[str, Any]]:
    """A refusal by the rules, naming the RULES.md code and the field."""
    status, title = next(((s, t) for kind, s, t in _STATUS if isinstance(error, kind)), (422, "Refused"))
    if error.code == "R-INPUT":  # the application found the input malformed (e.g. a search with no word to find)
        status, title = 400, "Bad request"
    errors = [Flaw(error.field, error.message)] if error.field else []
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Unavailable) else None
    return problem(request, status, title, error.message, error.code, errors, headers)


_MISSING_FIELD = re.compile(r"missing required field `([^`]+)`")
_MISSING_PARAMETER = re.compile(r"^Missing required (?:\w+ )?parameter '([^']+)'")


def _field(key: str, message: str) -> str:
    """The field path of one of Litestar's validation errors; a missing field is named itself, not its parent."""
    field = key.removeprefix("$.").removeprefix("$")
    missing = _MISSING_FIELD.search(message)
    if missing:
        field = missing.group(1) if field in ("", "data") else f"{field}.{missing.group(1)}"
    return "" if field == "data" else field


def validation_error(request: Request[Any, Any, Any], error: ValidationException) -> Response[dict[str, Any]]:
    """What Litestar itself refuses after the door (rare): 400 with field paths."""
    errors = []
    for item in error.extra if isinstance(error.extra, list) else []:
        if isinstance(item, dict):
            message = str(item.get("message", ""))
            errors.append(Flaw(_field(str(item.get("key") or ""), message), message))
    parameter = _MISSING_PARAMETER.match(str(error.detail))
    if not errors and parameter:
        errors.append(Flaw(parameter.group(1), "this parameter is required"))
    detail = "; ".join(f"{e.field}: {e.message}" if e.field else e.message for e in errors) or str(error.detail)
    return problem(request, 400, "Bad request", detail, "R-INPUT", errors)


def http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    """Malformed requests and routing errors (unknown path, undeclared method) in the same problem form."""
    status = error.status_code
    code = _HTTP_CODES.get(status, "R-INPUT" if status < 500 else "R-INTERNAL")
    detail = str(error.detail)
    headers = dict(error.headers or {})
    if status == 405:
        headers["allow"] = ", ".join(sorted(m.strip() for m in headers.get("allow", "").split(",") if m.strip()))
        detail = f"{request.method} is not allowed here; the allowed methods are {headers['allow']}"
    elif status == 404:
        detail = "there is nothing at this path; the API is described at /schema"
    elif status == 429:  # the public endpoints' limit (adapters/http/throttle.py)
        headers["Retry-After"] = headers.get("RateLimit-Reset", "60")
        detail = (
            f"this client has made {headers.get('RateLimit-Limit', 'the most')} requests to the public endpoints in "
            f"the current window; retry after {headers['Retry-After']} seconds"
        )
    elif status == 413:
        detail = f"the body is larger than this endpoint reads ({detail})"
    elif status >= 500:  # Litestar's own fault (e.g. a dependency it could not provide): a bug, logged with its cause
        logger.error("%s %s: %s", request.method, request.url.path, detail, exc_info=error)
        detail = "an unexpected error occurred; it has been logged"
    title = str(HTTPException(status_code=status).detail)
    return problem(request, status, title, detail, code, headers=headers)


def unavailable(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    """The store could not be reached (or was too busy): 503 with Retry-After; the request may succeed later. A step
    whose commit could not be confirmed may or may not have been written, never twice: read the case before
    repeating it."""
    logger.warning("store unreachable on %s %s: %s: %s", request.method, request.url.path, type(error).__name__, error)
    return problem(
        request, 503, "Service unavailable",
        "the store cannot be reached at the moment; retry after the seconds in Retry-After "
        "(a step whose answer was lost may have been recorded: read the record before repeating it)",
        "R-UNAVAILABLE", headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )  # fmt: skip


def unexpected_error(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    """The store unreachable (503), or a bug: logged with its trace, answered without internals."""
    if store_unreachable(error):
        return unavailable(request, error)
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(request, 500, "Internal error", "an unexpected error occurred; it has been logged", "R-INTERNAL")


EXCEPTION_HANDLERS = {
    Refused: refused,
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
