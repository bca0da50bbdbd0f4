"""Reading a JSON value strictly against a type, from the type hints of attrs classes: every flaw at once, each
with the path of its field (`applicant.name`, `members[1].side`), in words a clerk can act on."""

from __future__ import annotations

import difflib
import enum
import functools
import types
import typing
from typing import Any

import attrs

from adapters.http.scalars import SCALARS, Flaw, json_kind
from domain.personal_data import ASSIGNED


def child(path: str, key: str | int) -> str:
    """The path of a field or list item inside `path`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


@functools.cache
def fields_of(cls: type) -> dict[str, tuple[Any, bool]]:
    """An attrs class's fields a client may send: name → (type, required), in declaration order. Fields the system
    assigns (`domain.personal_data.ASSIGNED`, e.g. a person id) are not among them: responses show them, read-only."""
    hints = typing.get_type_hints(cls)
    return {
        f.name: (hints[f.name], f.default is attrs.NOTHING)
        for f in attrs.fields(cls)
        if f.init and not f.metadata.get(ASSIGNED)
    }


@functools.cache
def assigned_fields(cls: type) -> dict[str, Any]:
    """An attrs class's fields the system assigns, which responses show and requests must leave out: name → type."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in attrs.fields(cls) if f.metadata.get(ASSIGNED)}


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
    check = SCALARS.get(tp)
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
    assigned = assigned_fields(cls)
    found = [
        Flaw(
            child(path, key),
            "is set by the server, never sent: leave it out" if key in assigned else unknown_field(key, known),
        )
        for key in value
        if key not in known
    ]
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
