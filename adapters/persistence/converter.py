"""The one cattrs converter that turns events and states into plain JSON and back."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from cattrs.preconf.json import JsonConverter, make_converter

from domain.personal_data import PersonalData


def make() -> JsonConverter:
    """A converter that writes UUIDs, decimals, dates and instants as JSON strings and reads them back."""
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


converter: JsonConverter = make()
"""Plain JSON, personal data in the open: the HTTP responses and the event feed. The event store writes the same JSON
through a converter of its own (`sealing.Codec`) that seals personal data; this one refuses to read sealed data."""
converter.register_structure_hook(PersonalData, lambda value, _: plain_personal_data(value))


def plain_personal_data(value: dict[str, Any]) -> PersonalData:
    """Personal data from its plain JSON form, or from the form its erasure left in storage."""
    if "sealed" in value:
        raise ValueError("sealed personal data can only be read through the event store's codec")
    if value.get("erased"):
        return PersonalData.erased_form(value["person_id"])
    return PersonalData(
        name=value["name"],
        id_number=value.get("id_number"),
        phone=value.get("phone"),
        address=value.get("address"),
        email=value.get("email"),
        person_id=value.get("person_id"),
    )
