"""Each request's id: the caller's `X-Request-ID` when it is a usable one, else a new one; kept in the ASGI scope so
that the log line, the answer's header and every problem body name the same id."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

HEADER = "x-request-id"
_STATE_KEY = "gongkai_request_id"
_USABLE = re.compile(r"[!-~]{1,128}")
"""An id a caller may choose: 1 to 128 visible ASCII characters, so that it cannot break a log line."""


def new_request_id() -> str:
    """A fresh id: 32 hexadecimal digits (random, as a UUID's, at a seventh of uuid4's cost)."""
    return os.urandom(16).hex()


def chosen_request_id(headers: Iterable[tuple[bytes, bytes]]) -> str:
    """The caller's X-Request-ID (from the ASGI scope's raw headers) if it is usable, else a new id."""
    for name, value in headers:
        if name.lower() == HEADER.encode():
            text = value.decode("latin-1")
            if _USABLE.fullmatch(text):
                return text
    return new_request_id()


def assign_request_id(scope: MutableMapping[str, Any]) -> str:
    """Give a request its id (from its headers) and keep it in the scope's state."""
    request_id = chosen_request_id(scope.get("headers", []))
    scope.setdefault("state", {})[_STATE_KEY] = request_id
    return request_id


def request_id_of(scope: MutableMapping[str, Any]) -> str:
    """The id of the request this scope belongs to (given one now if it has none yet)."""
    state = scope.get("state", {})
    found = state.get(_STATE_KEY) if isinstance(state, Mapping) else None
    return str(found) if found else assign_request_id(scope)
