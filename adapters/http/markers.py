"""Explicit markers for handler parameters: what is injected, taken from the path, or from the query."""

from __future__ import annotations

from typing import TypeAlias

from litestar.di import NamedDependency
from litestar.params import Parameter, ParameterKwarg, PathParameter

from adapters.bootstrap import Gongkai
from adapters.http.limits import max_length
from adapters.http.scalars import TEXT_PATTERN
from domain.staff import Credential

Core: TypeAlias = NamedDependency[Gongkai]
"""The assembled application, injected."""
Caller: TypeAlias = NamedDependency[Credential]
"""The authenticated caller (401 without a valid bearer token)."""


def text_query(field: str, description: str) -> ParameterKwarg:
    """A text query parameter: the maximum length of its name (adapters/http/limits.py), and no NUL character."""
    return Parameter(max_length=max_length(field), pattern=TEXT_PATTERN, description=description)


def text_path(field: str, description: str) -> ParameterKwarg:
    """A text path parameter, limited as a text query parameter is."""
    return PathParameter(max_length=max_length(field), pattern=TEXT_PATTERN, description=description)


NOT_NEGATIVE = {"minimum": 0}
"""The schema's minimum of an optional number that must not be negative: Litestar leaves `ge=0` out of the document
where the parameter may be absent (it passes over a limit of 0 as if none were set), so a client reading the document
would send -1 and be refused."""

SEEN_POSITION = Parameter(
    ge=0,
    le=2**53 - 1,
    schema_extra=NOT_NEGATIVE,
    description=(
        "the log position the answer must reflect at least: the `position` a step's answer gave, to see your own "
        "step without waiting for others'. By default the log's head when the request arrives. A position past the "
        "log's head is refused (422); a list that has not got there within a few seconds answers 503 with Retry-After"
    ),
)
"""The `position` query parameter of every read from a read model."""
