"""Reading one JSON scalar strictly: text within its field's limit and without NUL, true or false, whole numbers
every JSON reader keeps exactly, and dates, times, ids and decimals in their one written form."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import msgspec

from adapters.http.limits import max_length

SAFE_INTEGER = 2**53 - 1
"""The largest whole number every JSON reader keeps exactly (RFC 7493)."""
DATE_EXAMPLE = "2025-03-03"
DATETIME_EXAMPLE = "2025-03-03T09:30:00+08:00"
UUID_EXAMPLE = "0b5c7f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
NAIVE_DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
DECIMAL_PATTERN = r"^-?\d{1,20}(\.\d{1,10})?$"
TEXT_PATTERN = "^[^\\u0000]*$"
"""Text holds no NUL character: PostgreSQL can store it neither in text nor in jsonb."""


@attrs.frozen
class Flaw:
    """One thing wrong with the input: where, and what to do about it."""

    field: str
    message: str


def json_kind(value: Any) -> str:
    """What a JSON value is, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _text(value: Any, path: str, name: str) -> list[Flaw]:
    if not isinstance(value, str):
        return [Flaw(path, f"must be text, not {json_kind(value)}")]
    if "\x00" in value:
        return [Flaw(path, "text must not contain NUL characters (\\u0000)")]
    limit = max_length(name)
    if len(value) > limit:
        return [Flaw(path, f"is {len(value):,} characters long; at most {limit:,} are allowed")]
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return [Flaw(path, "must not contain unpaired surrogate characters (\\ud800–\\udfff)")]
    return []


def _boolean(value: Any, path: str, _: str) -> list[Flaw]:
    return [] if isinstance(value, bool) else [Flaw(path, f"must be true or false, not {json_kind(value)}")]


def _integer(value: Any, path: str, _: str) -> list[Flaw]:
    # JSON has one kind of number: 2.0 is the whole number 2, as JSON Schema's `integer` says.
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if not whole or isinstance(value, bool):
        kind = "a fraction" if isinstance(value, float) else json_kind(value)
        return [Flaw(path, f"must be a whole number, not {kind}")]
    if abs(value) > SAFE_INTEGER:
        return [Flaw(path, f"must be between -{SAFE_INTEGER} and {SAFE_INTEGER}")]
    return []


def _formatted(pattern: str, kind: type, message: str) -> Callable[[Any, str, str], list[Flaw]]:
    def check(value: Any, path: str, _: str) -> list[Flaw]:
        if not isinstance(value, str):
            return [Flaw(path, f"{message}, not {json_kind(value)}")]
        try:
            if re.match(pattern, value):
                msgspec.convert(value, kind, strict=False)
                return []
        except (msgspec.ValidationError, ArithmeticError, ValueError):
            pass
        if kind is datetime and re.match(NAIVE_DATETIME_PATTERN, value):
            return [Flaw(path, f"needs its offset from UTC, e.g. {DATETIME_EXAMPLE} for Beijing time")]
        return [Flaw(path, message)]

    return check


SCALARS: dict[Any, Callable[[Any, str, str], list[Flaw]]] = {
    str: _text,
    bool: _boolean,
    int: _integer,
    date: _formatted(DATE_PATTERN, date, f"must be a date in the form YYYY-MM-DD, e.g. {DATE_EXAMPLE}"),
    datetime: _formatted(
        DATETIME_PATTERN, datetime, f"must be a date and time with its offset from UTC, e.g. {DATETIME_EXAMPLE}"
    ),
    UUID: _formatted(UUID_PATTERN, UUID, f"must be an id in the form {UUID_EXAMPLE}"),
    Decimal: _formatted(DECIMAL_PATTERN, Decimal, 'must be a decimal number written as text, e.g. "12.50"'),
}
