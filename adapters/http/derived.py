"""Request bodies derived from domain commands at import time, so that a field the domain adds to a command is a
field of its body at once, never a hand-written copy that drifts."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs

DERIVED_FROM = "__derived_from__"
"""The attribute naming the command a derived body was made from (its field docstrings are the command's)."""


def body_without(
    command: type, *omitted: str, name: str, doc: str, module: str, defaults: Mapping[str, Any] | None = None
) -> type:
    """An attrs class with the command's fields but those the server fills in (e.g. the new record's id)."""
    hints = typing.get_type_hints(command)
    chosen = defaults or {}
    fields = {
        f.name: attrs.field(type=hints[f.name], default=chosen.get(f.name, f.default))
        for f in attrs.fields(command)
        if f.name not in omitted and f.init
    }
    body: type = attrs.make_class(name, fields, frozen=True, kw_only=True)
    body.__doc__ = doc
    body.__module__ = module
    setattr(body, DERIVED_FROM, command)
    return body
