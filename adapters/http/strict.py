"""Reading a JSON value strictly against a type, from the type hints of attrs classes: every flaw at once, each
with the path of its field (`applicant.name`, `members[1].side`), in words a clerk can act on."""

from __future__ import annotations

import difflib
import enum
import functools
import re
import types
import typing
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


def child(path: str, key: str | int) -> str:
    """The path of a field or list item inside `path`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


@functools.cache
def fields_of(cls: type) -> dict[str, tuple[Any, bool]]:
    """An attrs class's fields a client may send: name → (type, required), in declaration order."""
    hints = typing.get_type_hints(cls)
    return {f.name: (hints[f.name], f.default is attrs.NOTHING) for f in attrs.fields(cls) if f.init}


def flaws(tp: Any, value: Any, path: str = "", name: str = "") -> list[Flaw]:
    """Everything wrong with `value` read as `tp`; `name` is the field whose length limit applies."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(tp), value, path, name)
    if origin in (tuple, list):
        return _sequence(typing.get_args(tp), value, path, name)
    if origin is typing.Literal:
        allowed = typing.get_args(tp)
        return [] if value in allowed else [Flaw(path, "must be one of: " + ", ".join(map(str, allowed)))]
    if attrs.has(tp):
        return _object(tp, value, path)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        values = [m.value for m in tp]
        return [] if value in values and type(value) is type(values[0]) else [Flaw(path, one_of(tp))]
    check = _SCALARS.get(tp)
    return check(value, path, name) if check else []


def one_of(enum_type: type[enum.Enum]) -> str:
    """The message for a value outside an enum."""
    return "must be one of: " + ", ".join(str(m.value) for m in enum_type)


def _union(options: tuple[Any, ...], value: Any, path: str, name: str) -> list[Flaw]:
    if value is None and type(None) in options:
        return []
    found = [flaws(option, value, path, name) for option in options if option is not type(None)]
    return [] if any(not f for f in found) else min(found, key=len)


def _sequence(args: tuple[Any, ...], value: Any, path: str, name: str) -> list[Flaw]:
    if not isinstance(value, list):
        return [Flaw(path, f"must be a list, not {json_kind(value)}")]
    if not args:
        return []
    if len(args) == 1 or (len(args) == 2 and args[1] is Ellipsis):
        return [flaw for i, item in enumerate(value) for flaw in flaws(args[0], item, child(path, i), name)]
    if len(value) != len(args):
        return [Flaw(path, f"must be a list of {len(args)} items")]
    pairs = enumerate(zip(args, value, strict=True))
    return [flaw for i, (tp, item) in pairs for flaw in flaws(tp, item, child(path, i))]


def _object(cls: type, value: Any, path: str) -> list[Flaw]:
    known = fields_of(cls)
    if not isinstance(value, dict):
        return [Flaw(path, f"must be an object with the fields {', '.join(known)}, not {json_kind(value)}")]
    found = [Flaw(child(path, key), unknown_field(key, known)) for key in value if key not in known]
    for key, (tp, required) in known.items():
        if key in value:
            found += flaws(tp, value[key], child(path, key), key)
        elif required:
            found.append(Flaw(child(path, key), "this field is required"))
    return found


def unknown_field(key: str, known: typing.Iterable[str]) -> str:
    """The message for a field the type does not have, suggesting the nearest one."""
    names = list(known)
    nearest = difflib.get_close_matches(key, names, n=1, cutoff=0.7)
    if nearest:
        return f"unknown field; did you mean {nearest[0]}?"
    return "unknown field; the fields are " + ", ".join(names) if names else "unknown field; send no fields"


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


_SCALARS: dict[Any, Callable[[Any, str, str], list[Flaw]]] = {
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
