"""The URL clients reach the API under, for the absolute links its answers hold (problem types, rules, schemas)."""

from __future__ import annotations

import os
from typing import Any

from litestar import Request

PUBLIC_URL = "GONGKAI_PUBLIC_URL"


def base_url(request: Request[Any, Any, Any]) -> str:
    """GONGKAI_PUBLIC_URL if set (behind a proxy), else the request's own base URL, without a trailing slash; empty,
    so that links stay paths, when the request's Host header makes no URL (a port out of range, say)."""
    configured = os.environ.get(PUBLIC_URL)
    if configured:
        return configured.rstrip("/")
    try:
        return str(request.base_url).rstrip("/")
    except ValueError:
        return ""
