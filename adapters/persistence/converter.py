"""The one cattrs converter that turns events and states into plain JSON and back."""

from __future__ import annotations

from typing import Any

from cattrs.preconf.json import JsonConverter

from application.plain_json import make_plain_converter
from domain.personal_data import PersonalData

make = make_plain_converter
"""A converter that writes UUIDs, decimals, dates and instants as JSON strings and reads them back (the application's
plain JSON; the store's codec adds the sealing of personal data)."""


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
