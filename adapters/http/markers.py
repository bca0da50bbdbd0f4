"""Explicit markers for handler parameters: what is injected, taken from the path, or from the query."""

from __future__ import annotations

from typing import TypeAlias

from litestar.di import NamedDependency

from adapters.bootstrap import Gongkai
from domain.staff import Credential

Core: TypeAlias = NamedDependency[Gongkai]
"""The assembled application, injected."""
Caller: TypeAlias = NamedDependency[Credential]
"""The authenticated caller (401 without a valid bearer token)."""
