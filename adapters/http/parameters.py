"""Strict reading of a request's query and path parameters from its handler's signature, before Litestar's own
lenient conversion: every flaw at once, unknown parameters named, limits from the handler's `Parameter(...)`."""

from __future__ import annotations

import functools
import operator
import re
import typing
from typing import Any
from urllib.parse import unquote_to_bytes

from litestar import Request
from litestar.constants import RESERVED_KWARGS
from litestar.enums import ParamType
from litestar.handlers import HTTPRouteHandler
from litestar.params import KwargDefinition
from litestar.typing import FieldDefinition

from adapters.http.limits import max_length
from adapters.http.scalars import SAFE_INTEGER
from adapters.http.strict import Flaw, flaws, unknown_field

EXCLUSIVE: tuple[tuple[str, ...], ...] = (("as_of_version", "as_of"),)
"""Query parameters that may not be given together, wherever a handler declares them all."""
_BOUNDS = (("ge", operator.ge, "at least"), ("gt", operator.gt, "more than"), ("le", operator.le, "at most"))


@functools.cache
def query_parameters(handler: HTTPRouteHandler, path_names: frozenset[str]) -> dict[str, FieldDefinition]:
    """The handler's query parameters by name: neither reserved, injected, in the path nor a header."""
    injected = set(handler.resolve_dependencies()) | set(RESERVED_KWARGS) | {"self"}
    fields = handler.parsed_fn_signature.parameters
    return {
        name: field
        for name, field in fields.items()
        if name not in injected and name not in path_names and not _is_header(field.kwarg_definition)
    }


def _is_header(kwarg: KwargDefinition | None) -> bool:
    return getattr(kwarg, "param_type", None) in (ParamType.HEADER, ParamType.COOKIE)


def parameter_flaws(request: Request[Any, Any, Any]) -> list[Flaw]:
    """Everything wrong with the request's path and query parameters."""
    found = _encoding_flaws(request)
    if found:
        return found
    handler = request.route_handler
    fields = handler.parsed_fn_signature.parameters
    for name, value in request.path_params.items():
        if isinstance(value, str) and name in fields:
            found += _value_flaws(fields[name], name, value)
    declared = query_parameters(handler, frozenset(request.path_params))
    given = request.query_params
    found += [Flaw(key, unknown_field(key, declared)) for key in given if key not in declared]
    for name, field in declared.items():
        values = given.getall(name, [])
        if not values:
            if field.is_required:
                found.append(Flaw(name, "this parameter is required"))
        elif not _is_list(field.annotation) and len(values) > 1:
            found.append(Flaw(name, "may be given only once"))
        else:
            found += [flaw for value in values for flaw in _value_flaws(field, name, value)]
    for group in EXCLUSIVE:
        if sum(name in given for name in group) > 1:
            message = " and ".join(group) + " may not be given together; give one of them"
            found += [Flaw(name, message) for name in group if name in declared]
    return found


def _encoding_flaws(request: Request[Any, Any, Any]) -> list[Flaw]:
    """The path and each query parameter must be UTF-8 once percent-decoded."""
    found = []
    raw_path = request.scope.get("raw_path") or request.scope["path"].encode("utf-8", "surrogateescape")
    if not _is_utf8(raw_path):
        found.append(Flaw("path", "the path is not UTF-8 once percent-decoded; percent-encode UTF-8 bytes"))
    for pair in request.scope.get("query_string", b"").split(b"&"):
        key, _, value = pair.partition(b"=")
        if not (_is_utf8(key.replace(b"+", b" ")) and _is_utf8(value.replace(b"+", b" "))):
            name = unquote_to_bytes(key).decode("utf-8", "replace") or "query"
            found.append(Flaw(name, "is not UTF-8 text once percent-decoded; percent-encode UTF-8 bytes"))
    return found


def _is_utf8(raw: bytes) -> bool:
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_list(annotation: Any) -> bool:
    return any(typing.get_origin(arg) in (list, tuple) for arg in (annotation, *typing.get_args(annotation)))


def _scalar(annotation: Any) -> Any:
    """The type of one value: `list[Status] | None` → Status."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (list, tuple):
        return args[0]
    if len(args) == 1:
        return _scalar(args[0])
    return annotation


def _value_flaws(field: FieldDefinition, name: str, value: str) -> list[Flaw]:
    tp = _scalar(field.annotation)
    if tp is bool:
        return [] if value in ("true", "false") else [Flaw(name, "must be true or false")]
    if tp is int:
        if not re.fullmatch(r"-?\d+", value):
            return [Flaw(name, "must be a whole number")]
        number = int(value) if len(value) < 100 else SAFE_INTEGER * 10 * (-1 if value.startswith("-") else 1)
        found = _bound_flaws(field.kwarg_definition, name, number)
        if not found and abs(number) > SAFE_INTEGER:
            found = [Flaw(name, f"must be between -{SAFE_INTEGER} and {SAFE_INTEGER}")]
        return found
    if tp is str:
        return _text_flaws(field.kwarg_definition, name, value)
    found = flaws(tp, value, name, name)
    if found and "offset" in found[0].message and " " in value:
        return [Flaw(name, found[0].message + "; in a query, write the + of the offset as %2B")]
    return found


def _text_flaws(kwarg: Any, name: str, value: str) -> list[Flaw]:
    if "\x00" in value:
        return [Flaw(name, "text must not contain NUL characters (\\u0000)")]
    limit = getattr(kwarg, "max_length", None) or max_length(name)
    if len(value) > limit:
        return [Flaw(name, f"is {len(value):,} characters long; at most {limit:,} are allowed")]
    return []


def _bound_flaws(kwarg: KwargDefinition | None, name: str, number: int) -> list[Flaw]:
    for attribute, holds, words in _BOUNDS:
        bound = getattr(kwarg, attribute, None)
        if bound is not None and not holds(number, bound):
            return [Flaw(name, f"must be {words} {bound}")]
    return []
