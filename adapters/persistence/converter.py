"""The one cattrs converter that turns events and states into plain JSON and back."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from cattrs.preconf.json import JsonConverter, make_converter


def _make() -> JsonConverter:
    converter = make_converter()
    converter.register_unstructure_hook(UUID, str)
    converter.register_structure_hook(UUID, lambda value, _: value if isinstance(value, UUID) else UUID(value))
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, lambda value, _: Decimal(str(value)))
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(date, lambda value, _: date.fromisoformat(value))
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(datetime, lambda value, _: datetime.fromisoformat(value))
    return converter


converter: JsonConverter = _make()
"""Shared by the event store's mapper, the HTTP responses and the event feed."""
