"""The public endpoints' limits (everything under /api/v1/public, which anyone may call without a token): a number of
requests per client in a window of time, and a size of request body.

A client past its limit gets 429 with Retry-After, as a problem (R-RATE-LIMIT); a larger body gets 413 (R-INPUT).
Staff endpoints are neither counted nor slowed: the limit looks at a request's path before anything else. Counts are
kept per serving process (Litestar's memory store), so behind a load balancer each client may make the limit's
number of requests to every process; behind a proxy, serve with uvicorn's `--proxy-headers` and
`--forwarded-allow-ips` so that the client is the one the proxy names, not the proxy.
"""

from __future__ import annotations

import os
import re
from typing import Any, get_args

from litestar import Request
from litestar.middleware.rate_limit import DurationUnit, RateLimitConfig
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute

from adapters.settings_file import SettingsFileError

PUBLIC_PATHS = "/api/v1/public/"
"""Where the public endpoints are."""
RATE_VARIABLE = "GONGKAI_PUBLIC_RATE_LIMIT"
"""`<requests>/<second|minute|hour|day>` per client, or `off`."""
DEFAULT_RATE: tuple[DurationUnit, int] = ("minute", 120)
"""Enough for a person reading and searching, or a family registering together behind one address."""
PUBLIC_BODY_BYTES = 64 * 1024
"""The largest request body a public endpoint reads: every public form's fields together fit many times over."""
_UNITS = get_args(DurationUnit)


def is_public(path: str) -> bool:
    """Whether a path is one of the public endpoints'."""
    return path.startswith(PUBLIC_PATHS)


def _public_request(request: Request[Any, Any, Any]) -> bool:
    return is_public(request.scope["path"])


def public_rate(text: str | None) -> tuple[DurationUnit, int] | None:
    """The limit a setting names (None: `off`); the default when unset; SettingsFileError naming the variable when it
    names no limit."""
    if not text:
        return DEFAULT_RATE
    if text.strip().lower() == "off":
        return None
    found = re.fullmatch(r"\s*(\d{1,9})\s*/\s*([a-z]+)\s*", text)
    if found is None or found[2] not in _UNITS or int(found[1]) < 1:
        raise SettingsFileError(
            f"{RATE_VARIABLE} is a number of requests per {', '.join(_UNITS)} (e.g. 120/minute) or off, not {text!r}"
        )
    unit: DurationUnit = found[2]  # type: ignore[assignment]
    return unit, int(found[1])


def public_rate_limit() -> RateLimitConfig | None:
    """The public endpoints' rate limit as configured (GONGKAI_PUBLIC_RATE_LIMIT), None when it is off."""
    rate = public_rate(os.environ.get(RATE_VARIABLE))
    if rate is None:
        return None
    return RateLimitConfig(rate_limit=rate, check_throttle_handler=_public_request, store="public_rate_limit")


class PublicBodyLimit(ReceiveRoutePlugin):
    """Gives every public endpoint the public body limit as the app registers its route (413 past it)."""

    def receive_route(self, route: BaseRoute) -> None:
        """Limit the bodies of a public route's handlers."""
        if isinstance(route, HTTPRoute) and is_public(route.path):
            for handler, _ in route.route_handler_map.values():
                handler.request_max_body_size = PUBLIC_BODY_BYTES
