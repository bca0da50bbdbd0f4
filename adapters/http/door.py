"""The door every request passes before its handler: the caller is authenticated first (401 whatever else is
wrong), then the path, the query and the JSON body are read strictly from the handler's signature, and every flaw
is answered at once as one 400 problem (R-INPUT). Litestar's own lenient conversion then only sees what passed."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread
import attrs
import msgspec
from litestar import Request, Response
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute

from adapters.http.auth import bearer_token
from adapters.http.parameters import parameter_flaws
from adapters.http.problems import Refused
from adapters.http.strict import Flaw, fields_of, flaws, json_kind
from domain.staff import Credential

CREDENTIAL = "credential"
"""The name of the handler parameter that asks for the authenticated caller."""

Authenticate = Callable[[str], Credential]


@functools.cache
def body_type(handler: HTTPRouteHandler) -> Any:
    """The attrs class a handler reads its JSON body as, or None."""
    data = handler.parsed_fn_signature.parameters.get("data")
    return data.annotation if data is not None and attrs.has(data.annotation) else None


def body_flaws(body_class: Any, raw: bytes) -> list[Flaw]:
    """Everything wrong with a raw request body read as `body_class`."""
    fields = fields_of(body_class)
    listed = ", ".join(f"{name}{'' if required else ' (optional)'}" for name, (_, required) in fields.items())
    if not raw.strip():
        return [Flaw("", f"the request has no body; send a JSON object with {listed or 'no fields'}")]
    try:
        value = msgspec.json.decode(raw)
    except msgspec.DecodeError as error:
        return [Flaw("", f"the request body is not valid JSON ({error})")]
    if not isinstance(value, dict):
        return [Flaw("", f"the request body must be a JSON object with {listed}, not {json_kind(value)}")]
    return flaws(body_class, value)


def allowed_methods(request: Request[Any, Any, Any]) -> str:
    """Every method the request's path answers (Litestar's own OPTIONS answer can miss some)."""
    paths = request.route_handler.paths
    routes = [r for r in request.app.routes if isinstance(r, HTTPRoute) and r.path in paths]
    return ", ".join(sorted({method for route in routes for method in route.methods}))


def door(authenticate: Authenticate) -> Callable[[Request[Any, Any, Any]], Awaitable[Response[None] | None]]:
    """The before-request hook: authenticate where the handler needs a caller, then check every input at once."""

    async def check(request: Request[Any, Any, Any]) -> Response[None] | None:
        if request.method == "OPTIONS":
            return Response(None, status_code=204, headers={"Allow": allowed_methods(request)})
        handler = request.route_handler
        if not handler.resolve_include_in_schema():
            return None  # the API's own pages and assets (/schema, /healthz) take what browsers send
        if CREDENTIAL in handler.parsed_fn_signature.parameters:
            token = bearer_token(request)
            request.state.credential = await anyio.to_thread.run_sync(authenticate, token)
        found = parameter_flaws(request)
        body_class = body_type(handler)
        if body_class is not None:
            found += body_flaws(body_class, await request.body())
        if found:
            raise Refused(found)
        return None

    return check


def caller(request: Request[Any, Any, Any], authenticate: Authenticate) -> Credential:
    """The caller the door authenticated (or, for a handler called without it, authenticated now)."""
    credential = getattr(request.state, CREDENTIAL, None)
    return credential if isinstance(credential, Credential) else authenticate(bearer_token(request))
