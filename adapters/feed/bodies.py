"""Stored bodies decoded for the feed: msgspec's decoder (a third of the standard library's time on these bodies),
and the standard library's where it refuses what the standard library wrote (NaN, numbers past a double)."""

from __future__ import annotations

import json
from typing import Any

import msgspec

_decoder = msgspec.json.Decoder()


def body(state: bytes | str) -> dict[str, Any]:
    """A stored event's JSON body."""
    try:
        decoded: dict[str, Any] = _decoder.decode(state)
    except msgspec.DecodeError:
        decoded = json.loads(state)
    return decoded
