"""Bearer tokens: the token of a request's Authorization header."""

from __future__ import annotations

from typing import Any

from litestar import Request


def bearer_token(request: Request[Any, Any, Any]) -> str:
    """The token of an `Authorization: Bearer …` header, or empty."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
