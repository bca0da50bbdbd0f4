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
