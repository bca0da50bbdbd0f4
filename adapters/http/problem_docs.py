"""Every operation of the OpenAPI document lists the problems it can answer, worked out from its handler by one
rule, so that a new endpoint gets them without anyone writing them out:

- 400 for any operation (its path, query or body can be malformed);
- 401 and 403 where the handler takes the `credential` (the caller must be authenticated and permitted);
- 404 where the path names a record;
- 409 and 422 for every POST: any command can come out of order or meet a concurrent change (a year loaded
  twice, two receipts numbered at once in the organ's register), and the rules can refuse any command;
- 422 where the handler takes a `position` the read must reflect: one past the log's head is refused (R-VALUE);
- 429 on the public endpoints (a limit of requests per client), and 413 on their POSTs (a limit of body size);
- 503 where the handler reaches the store (it takes the assembled `gongkai`, or the caller, whose token is checked
  against the staff directory in the log): the store can be unreachable for a moment;
- and whatever a handler adds with `problems=(…)` in its route decorator (kept in its `opt`).
"""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute

from adapters.http.door import CREDENTIAL
from adapters.http.problems import PROBLEM_JSON, Problem
from adapters.http.throttle import PUBLIC_BODY_BYTES, is_public

POSITION = "position"
"""The name of the query parameter of reads that must reflect the log up to a position (a step's answer)."""
STORE = "gongkai"
"""The name of the handler parameter that asks for the assembled application, and so reaches the store."""
PROBLEMS = "problems"
"""A handler's `opt` key: problem statuses it answers beyond those the rule gives it."""

DESCRIPTIONS = {
    400: "Malformed or mistyped input (R-INPUT): every field at fault is in `errors`.",
    401: "No valid bearer token (R-AUTH).",
    403: "The caller's role, or the caller as a person, may not do this (R-ROLE or the rule's code).",
    404: "No record with that id (R-NOT-FOUND).",
    409: "The step does not fit the record's state (R-STEP or the rule's code), or a concurrent change (R-CONFLICT).",
    413: f"The body is larger than a public endpoint reads ({PUBLIC_BODY_BYTES // 1024} KB; R-INPUT).",
    422: "Refused by a rule (its RULES.md code) or a value out of range (R-VALUE).",
    429: "Too many requests from this client to the public endpoints (R-RATE-LIMIT): retry after the seconds in the "
    "Retry-After header.",
    503: "The store cannot be reached at the moment, or a read model is behind (R-UNAVAILABLE): retry after the "
    "seconds in the Retry-After header. A step answered so may or may not have been recorded, never twice: read the "
    "record before repeating it.",
}
"""What each problem status means, as the document says it."""


def problem_statuses(handler: HTTPRouteHandler, has_path_parameters: bool, public: bool = False) -> list[int]:
    """The problem statuses an operation can answer (`public`: a public endpoint's)."""
    statuses = {400}
    if public:
        statuses |= {413, 429} if "POST" in handler.http_methods else {429}
    if CREDENTIAL in handler.parsed_fn_signature.parameters:
        statuses |= {401, 403}
    if has_path_parameters:
        statuses.add(404)
    if "POST" in handler.http_methods:
        statuses |= {409, 422}
    if POSITION in handler.parsed_fn_signature.parameters:
        statuses.add(422)
    if STORE in handler.parsed_fn_signature.parameters or CREDENTIAL in handler.parsed_fn_signature.parameters:
        statuses.add(503)
    statuses |= set(handler.opt.get(PROBLEMS, ()))
    return sorted(statuses)


def problem_responses(statuses: list[int]) -> dict[int, ResponseSpec]:
    """The OpenAPI responses of these statuses: each the one problem schema, as application/problem+json."""
    return {
        status: ResponseSpec(
            data_container=Problem, description=DESCRIPTIONS[status], media_type=PROBLEM_JSON, generate_examples=False
        )
        for status in statuses
    }


class ProblemResponses(ReceiveRoutePlugin):
    """Gives each route's handlers their problem responses as the app registers the route."""

    def receive_route(self, route: BaseRoute) -> None:
        """Add the problem responses to every handler of an HTTP route."""
        if not isinstance(route, HTTPRoute):
            return
        for handler, _ in route.route_handler_map.values():
            documented = problem_responses(
                problem_statuses(handler, bool(route.path_parameters), is_public(route.path))
            )
            handler.responses = {**documented, **(handler.responses or {})}
