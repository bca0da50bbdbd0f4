"""Checks every request passes before any handler: text that no store can hold is refused at the door."""

from __future__ import annotations

import json
from typing import Any

from litestar import Request

from adapters.http.problems import bad_input

NUL_MESSAGE = "text must not contain NUL characters (\\u0000)"


def _nul_path(value: Any, path: str = "") -> str | None:
    """The path of the first string holding a NUL character, if any."""
    if isinstance(value, str):
        return (path or "data") if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        where = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else str(key))
        found = _nul_path(item, where)
        if found:
            return found
    return None


async def refuse_nul(request: Request[Any, Any, Any]) -> None:
    """PostgreSQL cannot store NUL in text or jsonb: refuse it in the path, query or body, naming the field (400)."""
    if "\x00" in request.url.path:
        raise bad_input("path", NUL_MESSAGE)
    for key, value in request.query_params.multi_items():
        if "\x00" in key or "\x00" in value:
            raise bad_input(key.replace("\x00", ""), NUL_MESSAGE)
    if request.method in ("POST", "PUT", "PATCH"):
        body = await request.body()
        if b"\\u0000" in body or b"\x00" in body:
            try:
                field = _nul_path(json.loads(body))
            except ValueError:
                field = "data"
            # The bytes `\u0000` may also be an escaped backslash followed by "u0000": text, not a NUL.
            if field is not None:
                raise bad_input(field, NUL_MESSAGE)
