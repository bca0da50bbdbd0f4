"""Stored JSON (events' bodies, read models' states) decoded: msgspec's decoder (a third of the standard library's
time on these bodies), and the standard library's where it refuses what the standard library wrote (NaN, numbers past
a double)."""

from __future__ import annotations

import json
from typing import Any

import msgspec

_decoder = msgspec.json.Decoder()


def decoded(text: bytes | str) -> Any:
    """A stored JSON value."""
    try:
        return _decoder.decode(text)
    except msgspec.DecodeError:
        return json.loads(text)


def body(state: bytes | str) -> dict[str, Any]:
    """A stored event's JSON body."""
    found: dict[str, Any] = decoded(state)
    return found
