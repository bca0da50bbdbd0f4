"""Events and states as plain JSON, as people and other systems read them: the one cattrs converter's hooks.

The persistence adapter stores the same JSON, adding only what storage needs (sealed personal data).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from cattrs.preconf.json import JsonConverter, make_converter

from domain.actors import Actor
from domain.events import DomainEvent

SCHEMA_VERSION_KEY = "schema_version"
"""Where a stored body says which version of its type's fields it was written with."""


def make_plain_converter() -> JsonConverter:
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
    converter.register_structure_hook(Actor, _actor_of(converter.gen_structure_attrs_fromdict(Actor)))
    return converter


ACTORS_REMEMBERED = 4_096


def _actor_of(structure: Callable[[Mapping[str, Any], Any], Actor]) -> Callable[[Mapping[str, Any], Any], Actor]:
    """Actors read as `structure` reads them, each remembered: a log names the same few staff in most of its events,
    and an actor is immutable, so one is shared by all of them (a rebuild read each anew, 6% of its time)."""
    known: dict[tuple[Any, ...], Actor] = {}

    def actor(value: Mapping[str, Any], kind: Any) -> Actor:
        key = (value.get("person_id"), value.get("name"), value.get("role"))
        try:
            found = known.get(key)
        except TypeError:  # not strings: `structure` says what is wrong
            return structure(value, kind)
        if found is None:
            found = structure(value, kind)
            if len(known) < ACTORS_REMEMBERED:
                known[key] = found
        return found

    return actor


plain: JsonConverter = make_plain_converter()


def event_body(event: DomainEvent) -> dict[str, Any]:
    """An event as the log stores it, personal data in the open: its schema version, time, actor and fields."""
    body: dict[str, Any] = plain.unstructure(event)
    del body["originator_id"], body["originator_version"]
    return {SCHEMA_VERSION_KEY: type(event).schema_version, **body}


def state_body(state: Any) -> Any:
    """A state as plain JSON."""
    return plain.unstructure(state)
