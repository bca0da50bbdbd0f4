"""The request bodies an app reads: their attrs classes, the classes nested in them, and the enums they take."""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Iterator
from typing import Any

import attrs
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute

from adapters.http.door import body_type
from adapters.http.strict import fields_of


def handlers(app: Litestar) -> Iterator[tuple[str, str, HTTPRouteHandler]]:
    """Every (method, path, handler) of the app that the OpenAPI document describes."""
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for method, (handler, _) in route.route_handler_map.items():
                if method != "OPTIONS" and handler.resolve_include_in_schema():
                    yield method, route.path, handler


def body_types(app: Litestar) -> list[type]:
    """The attrs class of every request body the app reads, each once."""
    found = (body_type(handler) for _, _, handler in handlers(app))
    return list(dict.fromkeys(t for t in found if t is not None))


def leaf_types(tp: Any) -> Iterator[Any]:
    """The types a hint is made of: `tuple[X, ...] | None` → X."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType, tuple, list, typing.Literal):
        for arg in typing.get_args(tp):
            if arg is not Ellipsis and arg is not type(None) and not isinstance(arg, str | int):
                yield from leaf_types(arg)
    else:
        yield tp


def nested_types(roots: typing.Iterable[type]) -> list[type]:
    """The attrs classes and enums reachable from `roots` through their fields, roots first."""
    found: dict[type, None] = {}
    pending = list(roots)
    while pending:
        tp = pending.pop(0)
        if tp in found:
            continue
        found[tp] = None
        if attrs.has(tp):
            pending += [leaf for hint, _ in fields_of(tp).values() for leaf in leaf_types(hint)]
    return [t for t in found if attrs.has(t) or (isinstance(t, type) and issubclass(t, enum.Enum))]


def input_classes(app: Litestar) -> frozenset[type]:
    """Every attrs class a request body of the app holds, at any depth."""
    return frozenset(t for t in nested_types(body_types(app)) if attrs.has(t))
